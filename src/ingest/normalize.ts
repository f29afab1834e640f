/**
 * Turns records (arrays of cells) into rows of the ticket table, one pass, no per-row objects.
 * Every value that cannot be used becomes a RowIssue: with the `reject` policy the row is dropped
 * and counted; with `null` the field is emptied and the row kept (counted as nulled).
 */
import { compileDateParser } from '../calendar/date-format.js';
import { isIsoLike } from '../calendar/iso.js';
import { suggestDateFormat } from './dates.js';
import type { IssueSink, RowIssueCode } from './issues.js';
import { truncateValue } from './issues.js';
import {
  checkDurationMs,
  isExcelDateFormat,
  looksLikeExcelSerial,
  nullTest,
  parseCount,
  parseDurationMs,
  parseExcelSerial,
  type DecimalSeparator,
} from './values.js';
import type { TicketProfile } from './profiles/index.js';
import type { LanePlan, TicketSink } from './sink.js';

export type { LanePlan, RowCounts, TicketSink } from './sink.js';
import { subjectOrderRefs, subjectOrderRefsBytes } from '../metrics/orders/linking.js';
import type { ComplaintClassifier } from '../complaints/classifier.js';
import type { DimColumn } from '../model/dictionary.js';
import {
  DIM_FIELDS,
  Satisfaction,
  Verdict,
  type DimField,
  type InstantField,
  type TicketField,
} from '../model/ticket.js';
import {
  applyZeroRules,
  beforeCreation,
  instantRules,
  replyAfterResolution,
  tooLongAfterCreation,
  type ZeroRule,
} from './row-rules.js';
import { nullTokenSet, planColumns, usedField, type ColumnPlan, type FieldPlan } from './columns.js';

export type BadValuePolicy = 'reject' | 'null';

export interface NormalizeOptions {
  /** File name for issues (`-` for stdin). */
  file: string;
  profile: TicketProfile;
  /** User mapping (name -> column header), overriding the profile's columns. */
  map: Readonly<Record<string, string>>;
  /** Dimension names requested with `--by`: standard fields, mapped extras, or header names. */
  by: readonly string[];
  inputTimezone: string;
  dateFormat?: string;
  nullTokens: readonly string[];
  onBadValue: BadValuePolicy;
  /** Declared decimal separator of number cells; undefined reads only unambiguous forms (see values.ts). */
  decimal?: DecimalSeparator | undefined;
  /**
   * Longest plausible duration in days (config input.max_duration_days, default 3650); longer is an impossible_value.
   */
  maxDurationDays?: number | undefined;
  onIssue: IssueSink;
  /** Sets each ticket's complaint classes from its subject, category and tags (src/complaints). */
  classifier?: ComplaintClassifier;
  /**
   * The dimension fields the command uses besides those of `by` (always read): another mapped
   * dimension, an extra column mapped for `--by` but not grouped by, and the subject unless
   * `order_ref` is here, is not read, as if it were not mapped.
   * The profile's follow-up field and the classifier's fields are read whatever this says.
   * Undefined: every mapped field is read.
   */
  dims?: ReadonlySet<DimField> | undefined;
}

/**
 * Prepares the reader of one file and returns the per-record function.
 * The returned function writes the record into the builder's table or reports why it could not.
 */
export interface RowReader {
  plan: ColumnPlan;
  /** Reads one record's cells into the sink (or reports why it cannot). */
  read: (cells: readonly string[], line: number) => void;
  /** How the fast engine reads the same fields from bytes (engine/byte-lane.ts). */
  lane: LanePlan;
  /** Whether the file has an id column (rows without one are numbered by file and line). */
  hasId: boolean;
}

export function createRowReader(header: readonly string[], builder: TicketSink, options: NormalizeOptions): RowReader {
  const { fields: planned, plan, extraDimColumns } = planColumns(header, options);
  const fields = options.dims === undefined ? planned : planned.filter(usedField(options.dims, plan, options));
  const table = builder.table;
  const nulls = nullTokenSet(options.nullTokens, options.profile);
  const isNull = nullTest(nulls);
  // `excel`: Excel serial day numbers (45615.5), with ISO text still accepted beside them.
  const excelDates = isExcelDateFormat(options.dateFormat);
  const parseText = compileDateParser({
    ...(options.dateFormat === undefined || excelDates ? {} : { format: options.dateFormat }),
    timeZone: options.inputTimezone,
    option: '--date-format',
  });
  const parseDate = excelDates
    ? (text: string): number => {
        const serial = parseExcelSerial(text, options.inputTimezone);
        return Number.isNaN(serial) ? parseText(text) : serial;
      }
    : parseText;
  const numberOptions = { decimal: options.decimal, maxDurationDays: options.maxDurationDays };
  const mapped: TicketField[] = [];
  for (const f of fields) {
    const t = f.target;
    const field: TicketField | undefined =
      t.kind === 'id'
        ? 'id'
        : t.kind === 'instant' ||
            t.kind === 'duration' ||
            t.kind === 'count' ||
            t.kind === 'dim' ||
            t.kind === 'verdict'
          ? t.field
          : t.kind === 'satisfaction'
            ? 'satisfaction'
            : t.kind === 'subject'
              ? 'order_ref'
              : undefined;
    if (field === undefined) continue;
    table.present.add(field);
    mapped.push(field);
  }
  // The columns no input maps stay all missing: one shared array instead of one each.
  table.useOnly(mapped);
  // Extra columns are kept for groupings: with `dims`, only those the groupings name.
  const groupings = new Set(Object.values(plan.dimensions));
  const extraColumns = extraDimColumns
    .filter((e) => options.dims === undefined || groupings.has(e.key))
    .map((e) => ({ column: e.column, dim: table.addExtraDim(e.key), header: header[e.column] ?? e.key }));
  const dimColumns = new Map<DimField, DimColumn>();
  for (const f of DIM_FIELDS) {
    const column = table.dim(f);
    if (column) dimColumns.set(f, column);
  }
  /** The `order_ref` code of a subject's references joined by spaces ('' for none): 0 when none or no column. */
  const refCode = (refs: string): number => {
    const column = dimColumns.get('order_ref');
    return column && refs !== '' ? column.dictionary.intern(refs) : 0;
  };
  const subjectCode = (text: string): number => refCode(subjectOrderRefs(text).join(' '));
  const idField = fields.find((f) => f.target.kind === 'id');
  // The row rules (row-rules.ts) over the row's instants, laid out as `fields`.
  const instantOf = fields.map((f) => (f.target.kind === 'instant' ? f.target.field : undefined));
  const rules = instantRules(instantOf, options.maxDurationDays);
  const ruleValues = new Float64Array(fields.length).fill(NaN);
  const versionField = fields.find((f) => f.target.kind === 'count' && f.target.field === 'version');
  const followUp = options.profile.followUp;
  const followUpValues = new Set(followUp?.values.map((v) => v.toLowerCase()) ?? []);
  const goodPrefixes = options.profile.satisfaction?.good ?? ['good'];
  const badPrefixes = options.profile.satisfaction?.bad ?? ['bad'];
  const datesHinted = new Set<string>();
  const classifier = options.classifier;
  classifier?.attach(table);
  const verdictMet = new Set(options.profile.slaVerdicts?.met.map((v) => v.toLowerCase()) ?? []);
  const verdictViolated = new Set(options.profile.slaVerdicts?.violated.map((v) => v.toLowerCase()) ?? []);
  const zeroRules: ZeroRule[] = fields.flatMap((f) => {
    const unless = options.profile.zeroMeansMissingUnless?.[f.name];
    return unless && f.target.kind === 'duration' ? [{ field: f.target.field, unless }] : [];
  });

  const read = (cells: readonly string[], line: number): void => {
    const rawId = idField ? (cells[idField.column] ?? '').trim() : '';
    const id = isNull(rawId) ? '' : rawId;
    if (idField && id === '') {
      builder.counts.rejected++;
      options.onIssue({
        code: 'missing_required',
        file: options.file,
        line,
        column: idField.header,
        value: null,
        action: 'rejected',
        message: `ticket id is empty in column "${idField.header}"`,
        hint: 'Every ticket row needs an id; remove the row or fix the export.',
        cells,
      });
      return;
    }
    const row = table.addRow(id === '' ? `${options.file}:${line}` : id, line);
    let rejected = false;
    let nulled = false;
    const problem = (
      f: FieldPlan,
      code: RowIssueCode,
      value: string,
      message: string,
      hint?: string,
      required = false,
    ) => {
      const reject = required || options.onBadValue === 'reject';
      if (reject) rejected = true;
      else nulled = true;
      options.onIssue({
        code,
        file: options.file,
        line,
        column: f.header,
        value: truncateValue(value),
        action: reject ? 'rejected' : 'nulled',
        message,
        ...(hint === undefined ? {} : { hint }),
        cells,
      });
    };

    for (const f of fields) {
      const t = f.target;
      if (t.kind === 'id') continue;
      const cell = cells[f.column] ?? '';
      const text = cell.trim();
      const nullCell = isNull(text);
      const required = t.kind === 'instant' && t.field === 'created';
      if (nullCell) {
        if (required)
          problem(
            f,
            'missing_required',
            text,
            `creation time is empty in column "${f.header}"`,
            'Every ticket needs a creation time.',
            true,
          );
        continue;
      }
      switch (t.kind) {
        case 'instant': {
          const ms = parseDate(text);
          if (Number.isNaN(ms)) {
            if (!excelDates && looksLikeExcelSerial(text)) {
              problem(
                f,
                'bad_date',
                text,
                `"${text}" in column "${f.header}" looks like an Excel serial date (days since 1899-12-30)`,
                'If the column holds Excel serial dates, pass --date-format excel (config ' +
                  'input.date_format: excel); better, format the column as dates in Excel before saving as CSV.',
                required,
              );
            } else if (options.dateFormat === undefined && !isIsoLike(text)) {
              const suggestion = suggestDateFormat([text]);
              const hintKey = f.header;
              problem(
                f,
                'date_format_needed',
                text,
                `"${text}" in column "${f.header}" is not an ISO 8601 date`,
                datesHinted.has(hintKey) ? undefined : suggestion.message,
                required,
              );
              datesHinted.add(hintKey);
            } else {
              problem(
                f,
                'bad_date',
                text,
                `"${text}" in column "${f.header}" is not a valid ` +
                  `date${options.dateFormat ? ` in format ${options.dateFormat}` : ''}`,
                options.dateFormat
                  ? 'Check --date-format against the file, or fix the value.'
                  : 'Fix the value, or pass --date-format with the format the file uses.',
                required,
              );
            }
          } else {
            table.instants[t.field][row] = ms;
          }
          break;
        }
        case 'duration': {
          const duration = parseDurationMs(text, t.unit, numberOptions);
          if (duration.ok) table.durations[t.field][row] = duration.value;
          else {
            const impossible = duration.reason === 'negative' || duration.reason === 'too_large';
            problem(
              f,
              impossible ? 'impossible_value' : 'bad_number',
              text,
              `${duration.message} in column "${f.header}"`,
              duration.hint,
            );
          }
          break;
        }
        case 'count': {
          const count = parseCount(text, numberOptions);
          if (count.ok) table.counts[t.field][row] = count.value;
          else
            problem(
              f,
              count.reason === 'negative' ? 'impossible_value' : 'bad_number',
              text,
              `${count.message} in column "${f.header}"`,
              count.hint,
            );
          break;
        }
        case 'dim': {
          const column = dimColumns.get(t.field);
          // Emails are matched with order emails case-insensitively.
          if (column)
            column.codes[row] = column.dictionary.intern(t.field === 'requester_email' ? text.toLowerCase() : text);
          if (followUp && followUp.field === t.field && followUpValues.has(text.toLowerCase())) table.followUp[row] = 1;
          if (classifier?.fields.has(t.field)) classifier.classify(table, row, t.field, text);
          break;
        }
        case 'satisfaction': {
          const lower = text.toLowerCase();
          table.satisfaction[row] = goodPrefixes.some((p) => lower.startsWith(p))
            ? Satisfaction.good
            : badPrefixes.some((p) => lower.startsWith(p))
              ? Satisfaction.bad
              : Satisfaction.none;
          break;
        }
        case 'subject': {
          // Interning whole subjects would keep one string per ticket; the references are all linking needs.
          const code = subjectCode(text);
          if (code !== 0) (dimColumns.get('order_ref') as DimColumn).codes[row] = code;
          if (classifier?.fields.has('subject')) classifier.classify(table, row, 'subject', text);
          break;
        }
        case 'verdict': {
          const lower = text.toLowerCase();
          const verdict = verdictMet.has(lower)
            ? Verdict.met
            : verdictViolated.has(lower)
              ? Verdict.violated
              : Verdict.unknown;
          table.verdicts[t.field][row] = verdict;
          if (verdict === Verdict.unknown) {
            // Never rejects the row: the verdict is the vendor's opinion, not data our figures depend on.
            nulled = true;
            options.onIssue({
              code: 'unknown_value',
              file: options.file,
              line,
              column: f.header,
              value: truncateValue(text),
              action: 'nulled',
              message: `"${text}" in column "${f.header}" is no SLA verdict the ${options.profile.name} profile knows`,
              hint:
                `Known: met = ${[...verdictMet].join(' | ') || '(none)'}; ` +
                `violated = ${[...verdictViolated].join(' | ') || '(none)'}.`,
              cells,
            });
          }
          break;
        }
        case 'extra':
          break;
      }
    }
    applyZeroRules(table, row, zeroRules);
    for (const e of extraColumns) {
      const text = (cells[e.column] ?? '').trim();
      if (!isNull(text)) e.dim.codes[row] = e.dim.dictionary.intern(text);
    }

    if (!rejected) {
      instantOf.forEach((field, k) => {
        if (field !== undefined) ruleValues[k] = table.instants[field][row] as number;
      });
      const cellText = (k: number) => (cells[(fields[k] as FieldPlan).column] ?? '').trim();
      const emptied = (k: number) => {
        if (options.onBadValue !== 'null') return;
        table.instants[instantOf[k] as InstantField][row] = NaN;
        ruleValues[k] = NaN;
      };
      for (const k of rules.checked) {
        const f = fields[k] as FieldPlan;
        if (beforeCreation(ruleValues, rules, k)) {
          problem(
            f,
            'impossible_value',
            cells[f.column] ?? '',
            `"${f.header}" (${cellText(k)}) is before the ticket's creation`,
            'Check the export and the zones (--input-tz); with ' +
              '--on-bad-value null the value is dropped and the row kept.',
          );
          emptied(k);
        } else if (tooLongAfterCreation(ruleValues, rules, k)) {
          const span = (ruleValues[k] as number) - (ruleValues[rules.created] as number);
          const text = checkDurationMs(span, `from creation to "${f.header}"`, options.maxDurationDays);
          problem(f, 'impossible_value', cells[f.column] ?? '', text.ok ? '' : text.message, text.ok ? '' : text.hint);
          emptied(k);
        }
      }
      const resolution = rejected ? -1 : replyAfterResolution(ruleValues, rules);
      if (resolution >= 0) {
        const replyField = fields[rules.reply] as FieldPlan;
        const resolutionField = fields[resolution] as FieldPlan;
        problem(
          replyField,
          'impossible_value',
          cells[replyField.column] ?? '',
          `"${replyField.header}" (${cellText(rules.reply)}) is after the ` +
            `resolution in "${resolutionField.header}" (${cellText(resolution)})`,
          'A first reply cannot follow the resolution it led to; check the export. ' +
            'With --on-bad-value null the first reply is dropped and the row kept.',
        );
        emptied(rules.reply);
      }
      ruleValues.fill(NaN);
    }

    if (rejected) {
      table.popRow();
      builder.counts.rejected++;
      return;
    }
    if (nulled) builder.counts.nulled++;
    builder.counts.accepted++;
    if (id === '') return;
    const earlier = builder.byId.get(id);
    if (earlier === undefined) {
      builder.byId.set(row);
      return;
    }
    // A later row for the same id supersedes the earlier one (a newer export, an audit row), unless a
    // version column says the earlier row is newer.
    builder.counts.duplicate++;
    // Audit-log exports (ServiceNow) hold one row per update: the highest version wins, then the latest update time.
    const versions = table.counts.version;
    const updated = table.instants.updated;
    const byVersion = versionField === undefined ? 0 : (versions[earlier] ?? -1) - (versions[row] ?? -1);
    // A row without an update time is older than one with it, so the latest of an id's rows is the
    // same whatever their order: the highest version, then the latest update, then the later row.
    const earlierUpdate = updated[earlier] ?? NaN;
    const rowUpdate = updated[row] ?? NaN;
    const byUpdate = Number.isNaN(rowUpdate) ? (Number.isNaN(earlierUpdate) ? 0 : 1) : earlierUpdate - rowUpdate;
    const keepEarlier = byVersion > 0 || (byVersion === 0 && byUpdate > 0);
    options.onIssue({
      code: 'duplicate_id',
      file: options.file,
      line,
      column: idField?.header ?? null,
      value: id,
      action: 'skipped',
      message: keepEarlier
        ? `ticket ${id} appears again; folded into the row at line ` +
          `${table.lines[earlier]}, which has a higher version or a later update`
        : `ticket ${id} appears again; the row at line ${table.lines[earlier]} is folded into this later one`,
    });
    if (!keepEarlier) table.copyRow(row, earlier);
    table.popRow();
  };
  const lane: LanePlan = {
    file: options.file,
    fields,
    nulls,
    parseDate,
    isoZone: options.dateFormat === undefined ? options.inputTimezone : undefined,
    parseDuration: (text, target) => parseDurationMs(text, target.unit, numberOptions),
    parseCount: (text) => parseCount(text, numberOptions),
    subjectCode,
    subjectCodeBytes: (buf, s, e) => {
      const refs = subjectOrderRefsBytes(buf, s, e);
      return refs === undefined ? -1 : refCode(refs);
    },
    dimColumns,
    extraColumns,
    followUp: followUp ? { field: followUp.field, values: followUpValues } : undefined,
    zeroRules,
    maxDurationDays: options.maxDurationDays,
    classifier: classifier
      ? { fields: classifier.fields, classify: (row, field, text) => classifier.classify(table, row, field, text) }
      : undefined,
  };
  return { plan, read, lane, hasId: idField !== undefined };
}
