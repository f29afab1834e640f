/**
 * What `opsmetrics inspect` shows of a new export before anyone trusts a report built on it: which
 * column feeds which field, how many values each field has, lacks, or cannot read, the span of
 * creation times, and the first rows. Pure: the header and records in, a plain object out. It reads
 * through the same row reader as `report` (with bad values emptied, not rejected), so what it calls
 * unreadable is exactly what the report would reject.
 */
import { formatInstant } from '../calendar/zone.js';
import { parseMappingName } from './fields.js';
import type { RowIssue, RowIssueCode } from './issues.js';
import { nullTokenSet } from './columns.js';
import { createRowReader, type NormalizeOptions, type TicketSink } from './normalize.js';

export type InspectOptions = Omit<NormalizeOptions, 'by' | 'onBadValue' | 'onIssue'> & {
  /** Records shown as samples (default 3). */
  sampleRows?: number;
  /** Sample cells are cut to this many characters (default 40), an ellipsis marking the cut. */
  cellWidth?: number;
};

/** Counts over the input rows for one mapped field; present + empty + unparseable = rows read. */
export interface FieldInspection {
  /** Mapping name: `created`, `first_reply_business_hms`, `team`, an extra name... */
  field: string;
  header: string;
  /** Values read (a dimension's text, a parsed date, number or verdict). */
  present: number;
  /** Empty cells and null tokens. */
  empty: number;
  /** Cells that do not parse as the field's type (dates, numbers, durations, SLA verdicts). */
  unparseable: number;
  /** Parsed values that cannot be true, e.g. solved before created; included in `present`. */
  impossible: number;
}

export interface InspectResult {
  profile: string;
  /** Mapping name -> header. */
  columns: Record<string, string>;
  /** Headers no field reads. */
  unmapped: string[];
  /** Data records read. */
  rows: number;
  /** Tickets after folding rows with the same id. */
  tickets: number;
  /** Rows folded into a later (or higher-version) row of the same ticket. */
  folded: number;
  /** Rows a report would reject even with --on-bad-value null (no id or no creation time). */
  rejected: number;
  fields: FieldInspection[];
  /** Earliest and latest creation time, ISO 8601 in `timezone` (the input's zone); null without tickets. */
  created: { min: string | null; max: string | null; timezone: string };
  samples: { line: number; cells: Record<string, string> }[];
  /** How to read the unparseable values, once per column (e.g. the --date-format to pass). */
  hints: { column: string; hint: string }[];
}

const UNPARSEABLE: ReadonlySet<RowIssueCode> = new Set([
  'bad_date',
  'date_format_needed',
  'bad_number',
  'unknown_value',
]);

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

/**
 * Starts an inspection of one file: feed every record to `add`, then call `result`.
 * Throws the same usage errors as the report's reader (a mapping naming a missing column...).
 *
 * @example
 * import { TicketBuilder } from '../engine/ticket-builder.js';
 * import { TicketTable } from '../engine/ticket-table.js';
 * import { zendesk } from './profiles/tickets/zendesk.js';
 * const fileOptions = { file: 'a.csv', profile: zendesk, map: {}, inputTimezone: 'UTC', nullTokens: [''] };
 * const inspector = createInspector(['Id', 'Created at'], fileOptions, new TicketBuilder(new TicketTable()));
 * inspector.add(['1', '2025-11-24 09:14'], 2);
 * inspector.result().created // { min: '2025-11-24T09:14:00+00:00', max: '2025-11-24T09:14:00+00:00', timezone: 'UTC' }
 */
export function createInspector(
  header: readonly string[],
  options: InspectOptions,
  /** An empty sink: the inspector reads the rows into it to count what the report would. */
  builder: TicketSink,
): {
  add: (cells: readonly string[], line: number) => void;
  result: () => InspectResult;
} {
  const sampleRows = options.sampleRows ?? 3;
  const cellWidth = options.cellWidth ?? 40;
  const table = builder.table;
  const unparseableByHeader = new Map<string, number>();
  const impossibleByHeader = new Map<string, number>();
  const hints = new Map<string, string>();
  const onIssue = (issue: RowIssue) => {
    if (issue.column === null) return;
    const counts = UNPARSEABLE.has(issue.code)
      ? unparseableByHeader
      : issue.code === 'impossible_value'
        ? impossibleByHeader
        : null;
    counts?.set(issue.column, (counts.get(issue.column) ?? 0) + 1);
    if (counts === unparseableByHeader && issue.hint && !hints.has(issue.column)) hints.set(issue.column, issue.hint);
  };
  const { file, profile, map, inputTimezone, nullTokens } = options;
  const reader = createRowReader(header, builder, {
    file,
    profile,
    map,
    inputTimezone,
    nullTokens,
    ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
    by: [],
    // Emptying rather than rejecting keeps every row in the counts, so each cell is judged once.
    onBadValue: 'null',
    onIssue,
  });
  const resolved = Object.entries(reader.plan.resolved);
  const columnOf = new Map(header.map((h, i) => [h, i]));
  const nulls = nullTokenSet(nullTokens, profile);
  const empty = new Float64Array(resolved.length);
  const samples: InspectResult['samples'] = [];
  let rows = 0;

  const add = (cells: readonly string[], line: number): void => {
    rows++;
    resolved.forEach(([, h], k) => {
      const text = (cells[columnOf.get(h) ?? -1] ?? '').trim();
      if (text === '' || nulls.has(text.toLowerCase())) empty[k] = (empty[k] as number) + 1;
    });
    if (samples.length < sampleRows) {
      samples.push({
        line,
        cells: Object.fromEntries(header.map((h, i) => [h, cut((cells[i] ?? '').trim(), cellWidth)])),
      });
    }
    reader.read(cells, line);
  };

  const result = (): InspectResult => {
    let min = Infinity;
    let max = -Infinity;
    const created = table.instants.created;
    for (let i = 0; i < table.length; i++) {
      const c = created[i] as number;
      if (c < min) min = c;
      if (c > max) max = c;
    }
    const used = new Set(resolved.map(([, h]) => h));
    return {
      profile: profile.name,
      columns: Object.fromEntries(resolved),
      unmapped: header.filter((h) => !used.has(h)),
      rows,
      tickets: table.length,
      folded: builder.counts.duplicate,
      rejected: builder.counts.rejected,
      fields: resolved.map(([field, h], k) => {
        // Text dimensions always read; only typed fields can fail (two fields may share a column).
        const typed = ['instant', 'duration', 'count', 'verdict'].includes(parseMappingName(field)?.kind ?? '');
        const unparseable = typed ? (unparseableByHeader.get(h) ?? 0) : 0;
        const emptyCount = empty[k] as number;
        return {
          field,
          header: h,
          present: rows - emptyCount - unparseable,
          empty: emptyCount,
          unparseable,
          impossible: typed ? (impossibleByHeader.get(h) ?? 0) : 0,
        };
      }),
      created: {
        min: min === Infinity ? null : formatInstant(min, inputTimezone),
        max: max === -Infinity ? null : formatInstant(max, inputTimezone),
        timezone: inputTimezone,
      },
      samples,
      hints: [...hints].map(([column, hint]) => ({ column, hint })),
    };
  };
  return { add, result };
}
