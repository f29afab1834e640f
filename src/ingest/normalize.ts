/**
 * Turns records (arrays of cells) into rows of the ticket table, one pass, no per-row objects.
 * Every value that cannot be used becomes a RowIssue: with the `reject` policy the row is dropped
 * and counted; with `null` the field is emptied and the row kept (counted as nulled).
 *
 * Just over 500 lines: one field kind per case of one loop, kept together so that a row's verdict
 * (rejected, nulled, kept) is decided in one place.
 */
import { columnDates, diagnoseDate, formatsFor, ISO_ONLY, type ColumnDates } from './date-columns.js';
import { YES_NO, type MappedField } from './fields.js';
import type { IssueSink, RowIssueCode } from './issues.js';
import { truncateValue } from './issues.js';
import { checkDurationMs, nullTest, parseCount, parseDecimal, parseDurationMs, parseDurationMsBy } from './values.js';
import type { LanePlan, TicketSink } from './sink.js';
import type { FieldResult } from '../complaints/classifier.js';

export type { LanePlan, RowCounts, TicketSink } from './sink.js';
import { subjectOrderRefs, subjectOrderRefsBytes } from '../metrics/orders/linking.js';
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
  DEFAULT_PLAUSIBLE_YEARS,
  implausibleCreation,
  instantRules,
  replyAfterResolution,
  tooLongAfterCreation,
  type ZeroRule,
} from './row-rules.js';
import { nullTokenSet, planColumns, usedField, type FieldPlan } from './columns.js';
import type { NormalizeOptions, RowReader } from './reader-options.js';

export type { BadValuePolicy, NormalizeOptions, RowReader } from './reader-options.js';

/**
 * Prepares the reader of one file and returns the per-record function, which writes the record into
 * the builder's table or reports why it could not, with the lane plan of the same fields (byte-lane.ts).
 */
export function createRowReader(header: readonly string[], builder: TicketSink, options: NormalizeOptions): RowReader {
  const { fields: planned, plan, extraDimColumns } = planColumns(header, options);
  const fields = options.dims === undefined ? planned : planned.filter(usedField(options.dims, plan, options));
  const table = builder.table;
  const nulls = nullTokenSet(options.nullTokens, options.profile);
  const isNull = nullTest(nulls);
  // Each date column's formats (its own, else the run's, else the profile's), compiled once.
  const dates = fields.map((f): ColumnDates | undefined =>
    f.target.kind === 'instant' || (f.target.kind === 'flag' && f.target.from === 'timestamp')
      ? columnDates(
          formatsFor(options.dateFormats ?? ISO_ONLY, f.name, f.header, options.dateFormat),
          options.inputTimezone,
          '--date-format',
        )
      : undefined,
  );
  const yesWords = new Set<string>(YES_NO.yes);
  const noWords = new Set<string>(YES_NO.no);
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
              : t.kind === 'flag'
                ? t.field
                : undefined;
    if (field === undefined) continue;
    table.present.add(field);
    mapped.push(field);
  }
  // The columns no input maps stay all missing: one shared array instead of one each.
  table.useOnly(mapped);
  const numberColumns = fields.map((f) => (f.target.kind === 'number' ? table.addNumber(f.target.name) : undefined));
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
  const rules = instantRules(instantOf, options.maxDurationDays, options.plausibleYears);
  const ruleValues = new Float64Array(fields.length).fill(NaN);
  const versionField = fields.find((f) => f.target.kind === 'count' && f.target.field === 'version');
  const followUp = options.profile.followUp;
  const followUpValues = new Set(followUp?.values.map((v) => v.toLowerCase()) ?? []);
  const goodPrefixes = options.profile.satisfaction?.good ?? ['good'];
  const badPrefixes = options.profile.satisfaction?.bad ?? ['bad'];
  const datesHinted = new Set<string>();
  const classifier = options.classifier;
  classifier?.attach(table);
  // A profile without SLA verdict spellings (a mapping) reads yes/no words; the vendor FCR flag always does.
  const verdictMet = new Set<string>(options.profile.slaVerdicts?.met.map((v) => v.toLowerCase()) ?? YES_NO.yes);
  const verdictViolated = new Set<string>(
    options.profile.slaVerdicts?.violated.map((v) => v.toLowerCase()) ?? YES_NO.no,
  );
  // Count columns read beside a flag of the same field: the count wins.
  const countColumns = new Set<string>(
    fields.flatMap((f) => (f.target.kind === 'count' ? [f.target.field as string] : [])),
  );
  const emptyMeansZero = fields.flatMap((f, k) =>
    f.target.kind === 'flag' && f.target.from === 'timestamp' ? [k] : [],
  );
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
    if (id.includes('\uFFFD')) {
      // A bad byte in an id: two ids differing only there would read the same and be folded as duplicates.
      builder.counts.rejected++;
      options.onIssue({
        code: 'bad_encoding',
        file: options.file,
        line,
        column: idField?.header ?? null,
        value: truncateValue(id),
        action: 'rejected',
        message: `the ticket id holds bytes that are not valid in the encoding (U+FFFD in "${id}")`,
        hint: 'Two ids differing only in such bytes would be taken for one ticket: pass the right --encoding, or fix the ids.',
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

    for (let k = 0; k < fields.length; k++) {
      const f = fields[k] as FieldPlan;
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
          const columnDate = dates[k] as ColumnDates;
          const ms = columnDate.parse(text);
          if (Number.isNaN(ms)) {
            const why = diagnoseDate(text, f.header, columnDate, '--date-format', datesHinted.has(f.header));
            problem(f, why.code, text, why.message, why.hint, required);
            datesHinted.add(f.header);
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
        case 'flag': {
          // A count column of the same field wins over the flag (whichever comes first in the row).
          if (countColumns.has(t.field) && table.counts[t.field][row] !== -1) break;
          if (t.from === 'timestamp') {
            const ms = (dates[k] as ColumnDates).parse(text);
            if (Number.isNaN(ms))
              problem(f, 'bad_date', text, `"${text}" in column "${f.header}" is not a date`, 'Fix the value.');
            else table.counts[t.field][row] = 1;
            break;
          }
          const lower = text.toLowerCase();
          if (yesWords.has(lower)) table.counts[t.field][row] = 1;
          else if (noWords.has(lower)) table.counts[t.field][row] = 0;
          else {
            // As an SLA verdict: an unknown spelling leaves the field empty and keeps the row.
            nulled = true;
            options.onIssue({
              code: 'unknown_value',
              file: options.file,
              line,
              column: f.header,
              value: truncateValue(text),
              action: 'nulled',
              message: `"${text}" in column "${f.header}" is neither yes nor no`,
              hint: `Known: yes = ${YES_NO.yes.join(' | ')}; no = ${YES_NO.no.join(' | ')}.`,
              cells,
            });
          }
          break;
        }
        case 'number': {
          const value =
            t.unitMs === null ? parseDecimal(text, numberOptions) : parseDurationMsBy(text, t.unitMs, numberOptions);
          if (value.ok) (numberColumns[k] as Float64Array)[row] = value.value;
          else
            problem(
              f,
              value.reason === 'negative' || value.reason === 'too_large' ? 'impossible_value' : 'bad_number',
              text,
              `${value.message} in column "${f.header}"`,
              value.hint,
            );
          break;
        }
        case 'extra':
          break;
      }
    }
    // A reopen time's column says 0 where it is empty: never reopened (a count column wins).
    for (const k of emptyMeansZero) {
      const t = (fields[k] as FieldPlan).target as Extract<MappedField, { kind: 'flag' }>;
      if (table.counts[t.field][row] === -1 && isNull((cells[(fields[k] as FieldPlan).column] ?? '').trim()))
        table.counts[t.field][row] = 0;
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
      if (implausibleCreation(ruleValues, rules)) {
        const k = rules.created;
        const f = fields[k] as FieldPlan;
        const [from, to] = options.plausibleYears ?? DEFAULT_PLAUSIBLE_YEARS;
        problem(
          f,
          'implausible_date',
          cells[f.column] ?? '',
          `"${f.header}" (${cellText(k)}) is outside the plausible years ${from}-${to}`,
          'A mistyped year (0201 for 2021) or a wrong date format; fix the value, or widen the range with ' +
            '--plausible-years FROM-TO (config input.plausible_years: [FROM, TO]).',
          true,
        );
      }
      for (const k of rejected ? [] : rules.checked) {
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
    foldDuplicate(builder, row, earlier, id, line, {
      file: options.file,
      column: idField?.header ?? null,
      versioned: versionField !== undefined,
      onIssue: options.onIssue,
    });
  };
  const lane: LanePlan = {
    file: options.file,
    fields: fields.map((f, k) => ({ ...f, dates: dates[k] })),
    nulls,
    isoZone: options.inputTimezone,
    parseDuration: (text, target) =>
      target.kind === 'duration'
        ? parseDurationMs(text, target.unit, numberOptions)
        : target.unitMs === null
          ? parseDecimal(text, numberOptions)
          : parseDurationMsBy(text, target.unitMs, numberOptions),
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
    plausibleYears: options.plausibleYears,
    classifier: classifier
      ? {
          fields: classifier.fields,
          digitBlind: classifier.digitBlind,
          plan: {
            classes: classifier.classes.map((c) => ({
              name: c.name,
              any: c.rules.map((r) => r.source),
              fields: [...c.fields],
            })),
            explain: classifier.options.explain,
          },
          classify: (row, field, text) => classifier.classify(table, row, field, text),
          resultOf: (field, text, cache) => classifier.resultOf(field, text, cache) as FieldResult,
          apply: (row, field, result) => classifier.apply(table, row, field, result),
        }
      : undefined,
  };
  const dateColumns = fields.flatMap((f, k) => {
    const columnDate = dates[k];
    return columnDate === undefined || f.target.kind !== 'instant'
      ? []
      : [{ header: f.header, column: f.column, dates: columnDate }];
  });
  return { plan, read, lane, hasId: idField !== undefined, dateColumns };
}

/**
 * Folds a later row for the same ticket id into one ticket: the later row supersedes the earlier one
 * (a newer export, an audit row), unless a version column says the earlier row is newer; audit-log
 * exports (ServiceNow) hold one row per update: the highest version wins, then the latest update
 * time. Row `row` (the last) is dropped either way, after being copied over `earlier` when it wins.
 */
function foldDuplicate(
  builder: TicketSink,
  row: number,
  earlier: number,
  id: string,
  line: number,
  where: { file: string; column: string | null; versioned: boolean; onIssue: IssueSink },
): void {
  const table = builder.table;
  builder.counts.duplicate++;
  const versions = table.counts.version;
  const updated = table.instants.updated;
  const byVersion = where.versioned ? (versions[earlier] ?? -1) - (versions[row] ?? -1) : 0;
  // A row without an update time is older than one with it, so the latest of an id's rows is the
  // same whatever their order: the highest version, then the latest update, then the later row.
  const earlierUpdate = updated[earlier] ?? NaN;
  const rowUpdate = updated[row] ?? NaN;
  const byUpdate = Number.isNaN(rowUpdate) ? (Number.isNaN(earlierUpdate) ? 0 : 1) : earlierUpdate - rowUpdate;
  const keepEarlier = byVersion > 0 || (byVersion === 0 && byUpdate > 0);
  where.onIssue({
    code: 'duplicate_id',
    file: where.file,
    line,
    column: where.column,
    value: id,
    action: 'skipped',
    message: keepEarlier
      ? `ticket ${id} appears again; folded into the row at line ` +
        `${table.lines[earlier]}, which has a higher version or a later update`
      : `ticket ${id} appears again; the row at line ${table.lines[earlier]} is folded into this later one`,
  });
  if (!keepEarlier) table.copyRow(row, earlier);
  table.popRow();
}
