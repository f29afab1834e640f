/**
 * Turns records (arrays of cells) into rows of the ticket table, one pass, no per-row objects.
 * Every value that cannot be used becomes a RowIssue: with the `reject` policy the row is dropped
 * and counted; with `null` the field is emptied and the row kept (counted as nulled).
 */
import { compileDateParser, isIsoLike, suggestDateFormat } from './dates.js';
import { parseMappingName, type MappedField } from './fields.js';
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
import { headerIndex, headerKey, type Profile } from './profiles/index.js';
import type { ByteRecord } from '../engine/byte-record.js';
import { createByteLane } from '../engine/byte-lane.js';
import type { CellPlan } from '../engine/cell-pass.js';
import { usageError } from '../errors.js';
import { subjectOrderRefs, subjectOrderRefsBytes } from '../metrics/orders/linking.js';
import type { ComplaintClassifier } from '../complaints/classifier.js';
import { DIM_FIELDS, Satisfaction, Verdict, type DimField, type TicketField } from '../model/ticket.js';
import { IdIndex } from '../engine/ticket-ids.js';
import type { DimColumn, TicketTable } from '../engine/ticket-table.js';
import type { RowPlan } from '../engine/row-plan.js';

export type BadValuePolicy = 'reject' | 'null';

export interface NormalizeOptions {
  /** File name for issues (`-` for stdin). */
  file: string;
  profile: Profile;
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

/** How one mapped field is read from its column. */
interface FieldPlan {
  name: string;
  column: number;
  header: string;
  target: MappedField;
}

export interface ColumnPlan {
  /** Mapping name -> header used, for `profiles`, `inspect` and the report's definitions. */
  resolved: Record<string, string>;
  /** `--by` name -> the dimension key in the table. */
  dimensions: Record<string, string>;
}

export interface RowCounts {
  /** Rows turned into tickets (including ones that replaced an earlier row with the same id). */
  accepted: number;
  rejected: number;
  nulled: number;
  /** Earlier rows superseded by a later row with the same id. */
  duplicate: number;
}

/**
 * Shared across the files of one run: the table and the id index that folds duplicate rows.
 */
export class TicketBuilder {
  readonly byId: IdIndex;
  readonly counts: RowCounts = { accepted: 0, rejected: 0, nulled: 0, duplicate: 0 };
  constructor(readonly table: TicketTable) {
    this.byId = new IdIndex(table.ids);
  }
}

/** Resolves the column of each mapped field against a file's header. Throws usage errors naming the mapping. */
export function planColumns(
  header: readonly string[],
  options: Pick<NormalizeOptions, 'profile' | 'map' | 'by'>,
): {
  fields: FieldPlan[];
  plan: ColumnPlan;
  extraDimColumns: { key: string; column: number }[];
} {
  const index = headerIndex(header);
  const fields: FieldPlan[] = [];
  const resolved: Record<string, string> = {};
  const take = (name: string, column: number) => {
    const target = parseMappingName(name);
    if (!target) {
      throw usageError('bad_mapping', `"${name}" is not a field name a mapping can use`, {
        where: `--map ${name}=…`,
        hint:
          'Field names are lower-case with underscores: id, created, first_reply, ' +
          'solved, team, first_reply_minutes… (run `opsmetrics profiles`).',
      });
    }
    const header_ = header[column] ?? '';
    fields.push({ name, column, header: header_, target });
    resolved[name] = header_;
  };
  for (const [name, candidates] of Object.entries(options.profile.columns)) {
    if (name in options.map) continue;
    const column = candidates.map((c) => index.get(headerKey(c))).find((i) => i !== undefined);
    if (column !== undefined) take(name, column);
  }
  for (const [name, columnName] of Object.entries(options.map)) {
    const column = index.get(headerKey(columnName));
    if (column === undefined) {
      throw usageError(
        'mapped_column_missing',
        `the mapping ${name}=${columnName} names a column that is not in the header`,
        {
          where: `--map ${name}=${columnName}`,
          hint: `Columns in this file: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`,
        },
      );
    }
    take(name, column);
  }
  if (!fields.some((f) => f.target.kind === 'instant' && f.target.field === 'created')) {
    throw usageError('created_not_mapped', 'no column gives the ticket creation time', {
      hint:
        `Map it with --map created="<column>" or in the config under ` +
        `input.map.created. Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }

  const dimensions: Record<string, string> = {};
  const extraDimColumns: { key: string; column: number }[] = [];
  for (const f of fields) {
    if (f.target.kind === 'extra') extraDimColumns.push({ key: f.target.name, column: f.column });
  }
  for (const name of options.by) {
    if (
      (DIM_FIELDS as readonly string[]).includes(name) ||
      fields.some((f) => f.target.kind === 'extra' && f.target.name === name)
    ) {
      dimensions[name] = name;
      continue;
    }
    const column = index.get(headerKey(name));
    if (column === undefined) {
      throw usageError('unknown_dimension', `--by ${name}: no such field or column`, {
        where: '--by',
        hint: `Use a field (${DIM_FIELDS.join(', ')}), a mapped extra name, or a column of the file.`,
      });
    }
    const mapped = fields.find((f) => f.column === column && f.target.kind === 'dim');
    if (mapped && mapped.target.kind === 'dim') {
      dimensions[name] = mapped.target.field;
    } else {
      const key = `column:${header[column]?.trim() ?? name}`;
      dimensions[name] = key;
      if (!extraDimColumns.some((e) => e.key === key)) extraDimColumns.push({ key, column });
    }
  }
  return { fields, plan: { resolved, dimensions }, extraDimColumns };
}

/**
 * Whether a mapped field is read under {@link NormalizeOptions.dims}: every field but dimensions
 * (and the subject, whose references fill `order_ref`, and extra columns mapped for `--by`) outside
 * `dims`, the groupings, the profile's follow-up field and the classifier's fields. Dictionary
 * codes cost the reading thread a null check and the main thread an interning per row and column,
 * and 4 bytes: skipping status, channel, agent and category took 7% off a 1M-row report, 11% with
 * the subject (Zendesk's channel is its follow-up field, read anyway).
 */
function usedField(
  dims: ReadonlySet<DimField>,
  plan: ColumnPlan,
  options: Pick<NormalizeOptions, 'profile' | 'classifier'>,
): (f: FieldPlan) => boolean {
  const used = new Set<string>([...dims, ...Object.values(plan.dimensions)]);
  if (options.profile.followUp !== undefined) used.add(options.profile.followUp.field);
  for (const field of options.classifier?.fields ?? []) used.add(field === 'subject' ? 'order_ref' : field);
  return (f) =>
    f.target.kind === 'dim'
      ? used.has(f.target.field)
      : f.target.kind === 'subject'
        ? used.has('order_ref')
        : f.target.kind === 'extra'
          ? used.has(f.target.name)
          : true;
}

/**
 * The cell values (trimmed, lower-cased) that mean "no value": the user's tokens plus the profile's.
 * @example
 * import { servicenow } from './profiles/servicenow.js';
 * nullTokenSet(['', 'N/A'], servicenow).has('n/a') // true
 */
export function nullTokenSet(nullTokens: readonly string[], profile: Profile): Set<string> {
  return new Set([...nullTokens, ...(profile.nullTokens ?? [])].map((t) => t.trim().toLowerCase()));
}

/**
 * Prepares the reader of one file and returns the per-record function.
 * The returned function writes the record into the builder's table or reports why it could not.
 */
export function createRowReader(
  header: readonly string[],
  builder: TicketBuilder,
  options: NormalizeOptions,
): {
  plan: ColumnPlan;
  read: (cells: readonly string[], line: number) => void;
  /** The same for a byte record of the fast CSV engine (undefined: give it `read` with the cells). */
  readBytes: ((record: ByteRecord) => void) | undefined;
  /** The byte lane's cell pass, for the fast engine's reading thread to run ahead. */
  cellPlan: CellPlan | undefined;
  /** Makes room in the table for about `rows` more tickets. */
  expectRows: (rows: number) => void;
  /** The table's plan for setting rows to "missing" ahead of them (see TicketTable.rowPlan). */
  rowPlan: () => RowPlan | undefined;
  rowsInitialized: (plan: RowPlan, rows: number) => void;
  /** Sets the next rows of the table to "missing" ahead of them; true while some are left. */
  idle: () => boolean;
} {
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
  const instantField = (field: string) => fields.find((f) => f.target.kind === 'instant' && f.target.field === field);
  const replyField = instantField('first_reply');
  const resolutionFields = ['first_solved', 'solved', 'closed']
    .map((name) => instantField(name))
    .filter((f): f is FieldPlan => f !== undefined)
    .map((f) => ({ ...f, field: (f.target as { field: 'first_solved' | 'solved' | 'closed' }).field }));
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
  const zeroRules = fields.flatMap((f) => {
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
    for (const rule of zeroRules) {
      if (
        table.durations[rule.field][row] === 0 &&
        rule.unless.every((at) => Number.isNaN(table.instants[at][row] as number))
      ) {
        table.durations[rule.field][row] = NaN;
      }
    }
    for (const e of extraColumns) {
      const text = (cells[e.column] ?? '').trim();
      if (!isNull(text)) e.dim.codes[row] = e.dim.dictionary.intern(text);
    }

    if (!rejected) {
      const created = table.instants.created[row] ?? NaN;
      for (const f of fields) {
        const t = f.target;
        if (t.kind !== 'instant' || t.field === 'created' || t.field === 'updated') continue;
        const at = table.instants[t.field][row] ?? NaN;
        if (at < created) {
          problem(
            f,
            'impossible_value',
            cells[f.column] ?? '',
            `"${f.header}" (${(cells[f.column] ?? '').trim()}) is before the ticket's creation`,
            'Check the export and the zones (--input-tz); with ' +
              '--on-bad-value null the value is dropped and the row kept.',
          );
          if (options.onBadValue === 'null') table.instants[t.field][row] = NaN;
        } else if (at - created > 0) {
          // A reply or resolution decades after creation is a unit or date error, not a slow ticket.
          const span = checkDurationMs(at - created, `from creation to "${f.header}"`, options.maxDurationDays);
          if (!span.ok) {
            problem(f, 'impossible_value', cells[f.column] ?? '', span.message, span.hint);
            if (options.onBadValue === 'null') table.instants[t.field][row] = NaN;
          }
        }
      }
    }

    if (!rejected && replyField !== undefined) {
      // A first reply after the first resolution makes the first reply time longer than the
      // resolution time: impossible for the metrics, so it is an issue like a time before creation.
      const reply = table.instants.first_reply[row] ?? NaN;
      const resolutionField = resolutionFields.find((f) => !Number.isNaN(table.instants[f.field][row] ?? NaN));
      const resolved = resolutionField === undefined ? NaN : (table.instants[resolutionField.field][row] ?? NaN);
      if (resolutionField !== undefined && reply > resolved) {
        problem(
          replyField,
          'impossible_value',
          cells[replyField.column] ?? '',
          `"${replyField.header}" (${(cells[replyField.column] ?? '').trim()}) is after the ` +
            `resolution in "${resolutionField.header}" (${(cells[resolutionField.column] ?? '').trim()})`,
          'A first reply cannot follow the resolution it led to; check the export. ' +
            'With --on-bad-value null the first reply is dropped and the row kept.',
        );
        if (options.onBadValue === 'null') table.instants.first_reply[row] = NaN;
      }
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
    const byUpdate = (updated[earlier] ?? NaN) - (updated[row] ?? NaN);
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
  const lane = createByteLane({
    file: options.file,
    fields,
    builder,
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
    read,
  });
  return {
    plan,
    read,
    readBytes: lane?.readBytes,
    cellPlan: lane?.cellPlan,
    expectRows: (rows) => {
      table.reserve(table.length + rows);
      if (idField !== undefined) builder.byId.reserve(table.length + rows);
    },
    rowPlan: () => table.rowPlan(),
    rowsInitialized: (plan, rows) => table.rowsInitialized(plan, rows),
    idle: () => table.initializeAhead(),
  };
}
