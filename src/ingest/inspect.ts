/**
 * What `opsmetrics inspect` shows of a new export before anyone trusts a report built on it: which
 * column feeds which field (and whether the profile or the user's mapping chose it), how many values
 * each field has, lacks, or cannot read, the span of creation times, the first rows, and how to read
 * what it cannot (a date format derived from every unreadable value, a null token for text in a date
 * column). Pure: the header and records in, a plain object out. It reads through the same row reader
 * as `report` (with bad values emptied, not rejected), so what it calls unreadable is exactly what
 * the report would reject. One core for every kind of input; tickets and orders plug their readers in.
 */
import { formatInstant } from '../calendar/zone.js';
import { hintDateColumn } from './dates.js';
import { parseMappingName } from './fields.js';
import type { RowIssue, RowIssueCode } from './issues.js';
import { nullTokenSet } from './columns.js';
import { createRowReader, type NormalizeOptions, type TicketSink } from './normalize.js';
import { createOrderRowReader, type OrderNormalizeOptions } from './orders.js';
import { parseOrderMappingName } from './order-columns.js';
import type { OrderBuilder } from './order-builder.js';
import type { DateColumnSample } from './samples.js';

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
  /** `profile` when the profile (or the detection) chose the column, `mapping` when the user did. */
  by: 'profile' | 'mapping';
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
  /** What the file holds. */
  kind: 'tickets' | 'orders';
  profile: string;
  /** Mapping name -> header. */
  columns: Record<string, string>;
  /** Fields the profile would have mapped that the user switched off. */
  switchedOff: string[];
  /** Headers no field reads. */
  unmapped: string[];
  /** Data records read. */
  rows: number;
  /** Tickets (or orders) after folding rows with the same id. */
  tickets: number;
  /** Rows folded into a later (or higher-version) row of the same ticket, or into their order. */
  folded: number;
  /** Rows a report would reject even with --on-bad-value null (no id or no creation time). */
  rejected: number;
  fields: FieldInspection[];
  /** Earliest and latest creation time, ISO 8601 in `timezone` (the input's zone); null without any. */
  created: { min: string | null; max: string | null; timezone: string };
  samples: { line: number; cells: Record<string, string> }[];
  /** How to read the unparseable values, once per column (the --date-format to pass, a null token). */
  hints: { column: string; hint: string }[];
}

const UNPARSEABLE: ReadonlySet<RowIssueCode> = new Set([
  'bad_date',
  'date_format_needed',
  'bad_number',
  'unknown_value',
]);
const DATE_CODES: ReadonlySet<RowIssueCode> = new Set(['bad_date', 'date_format_needed']);
/** Unreadable dates kept per column for the hint (distinct values). */
const HINT_VALUES = 500;

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

/** What the core needs of a kind's reader: the column of each field, and who chose it. */
export interface ReaderPlan {
  resolved: Record<string, string>;
  auto: readonly string[];
  unmapped: readonly string[];
}

/**
 * The counts, samples and hints every kind of input shares: fed the records (`add`) and the issues
 * of the kind's own reader (`onIssue`); `parts` gives the fields of an InspectResult they make. A new
 * kind (an event log) plugs in as tickets and orders do: its reader, its plan, its typed fields.
 */
export function createInspectionCore(
  header: readonly string[],
  plan: ReaderPlan,
  nulls: ReadonlySet<string>,
  typed: (field: string) => boolean,
  options: { sampleRows?: number; cellWidth?: number; dateOption: string },
) {
  const sampleRows = options.sampleRows ?? 3;
  const cellWidth = options.cellWidth ?? 40;
  const unparseableByHeader = new Map<string, number>();
  const impossibleByHeader = new Map<string, number>();
  const otherHints = new Map<string, string>();
  const dateValues = new Map<string, Set<string>>();
  const onIssue = (issue: RowIssue) => {
    if (issue.column === null) return;
    const counts = UNPARSEABLE.has(issue.code)
      ? unparseableByHeader
      : issue.code === 'impossible_value'
        ? impossibleByHeader
        : null;
    counts?.set(issue.column, (counts.get(issue.column) ?? 0) + 1);
    if (DATE_CODES.has(issue.code) && issue.value !== null) {
      let values = dateValues.get(issue.column);
      if (values === undefined) dateValues.set(issue.column, (values = new Set()));
      if (values.size < HINT_VALUES) values.add(issue.value);
    } else if (counts === unparseableByHeader && issue.hint && !otherHints.has(issue.column)) {
      otherHints.set(issue.column, issue.hint);
    }
  };
  const resolved = Object.entries(plan.resolved);
  const columnOf = new Map(header.map((h, i) => [h, i]));
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
  };
  const parts = () => {
    const used = new Set(resolved.map(([, h]) => h));
    const hints = new Map(otherHints);
    // The date hint reads every unreadable value of the column, not the first one.
    for (const [column, values] of dateValues) hints.set(column, hintDateColumn([...values], options.dateOption));
    return {
      columns: Object.fromEntries(resolved),
      switchedOff: [...plan.unmapped],
      unmapped: header.filter((h) => !used.has(h)),
      rows,
      fields: resolved.map(([field, h], k): FieldInspection => {
        // Text dimensions always read; only typed fields can fail (two fields may share a column).
        const unparseable = typed(field) ? (unparseableByHeader.get(h) ?? 0) : 0;
        const emptyCount = empty[k] as number;
        return {
          field,
          header: h,
          by: plan.auto.includes(field) ? 'profile' : 'mapping',
          present: rows - emptyCount - unparseable,
          empty: emptyCount,
          unparseable,
          impossible: typed(field) ? (impossibleByHeader.get(h) ?? 0) : 0,
        };
      }),
      samples,
      hints: [...hints].map(([column, hint]) => ({ column, hint })),
    };
  };
  return { onIssue, add, parts };
}

/** The earliest and latest of `column[0, n)`, in `zone`. */
function span(column: Float64Array, n: number, zone: string): InspectResult['created'] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const c = column[i] as number;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return {
    min: min === Infinity ? null : formatInstant(min, zone),
    max: max === -Infinity ? null : formatInstant(max, zone),
    timezone: zone,
  };
}

export interface Inspector {
  add: (cells: readonly string[], line: number) => void;
  result: () => InspectResult;
  /** The file's date columns with their parsers (for the checks of samples.ts). */
  dateColumns: (DateColumnSample & { column: number })[];
}

/**
 * Starts an inspection of one ticket file: feed every record to `add`, then call `result`.
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
): Inspector {
  const typedKinds = ['instant', 'duration', 'count', 'verdict', 'flag', 'number'];
  let core: ReturnType<typeof createInspectionCore> | undefined;
  const reader = createRowReader(header, builder, {
    ...options,
    by: [],
    // Emptying rather than rejecting keeps every row in the counts, so each cell is judged once.
    onBadValue: 'null',
    onIssue: (issue) => core?.onIssue(issue),
  });
  core = createInspectionCore(
    header,
    reader.plan,
    nullTokenSet(options.nullTokens, options.profile),
    (field) => typedKinds.includes(parseMappingName(field)?.kind ?? ''),
    { ...options, dateOption: '--date-format' },
  );
  const inspection = core;
  return {
    add: (cells, line) => {
      inspection.add(cells, line);
      reader.read(cells, line);
    },
    dateColumns: reader.dateColumns,
    result: () => {
      const table = builder.table;
      return {
        kind: 'tickets',
        profile: options.profile.name,
        ...inspection.parts(),
        tickets: table.length,
        folded: builder.counts.duplicate,
        rejected: builder.counts.rejected,
        created: span(table.instants.created, table.length, options.inputTimezone),
      };
    },
  };
}

export type OrderInspectOptions = Omit<OrderNormalizeOptions, 'by' | 'onBadValue' | 'onIssue' | 'fileIndex'> & {
  sampleRows?: number;
  cellWidth?: number;
};

/**
 * Starts an inspection of one orders file, as `createInspector` does for tickets: rows folded into
 * orders by id (line items, joined files), the creation span of the orders this file creates.
 */
export function createOrderInspector(
  header: readonly string[],
  options: OrderInspectOptions,
  builder: OrderBuilder,
): Inspector {
  let core: ReturnType<typeof createInspectionCore> | undefined;
  const reader = createOrderRowReader(header, builder, {
    ...options,
    fileIndex: 0,
    by: [],
    onBadValue: 'null',
    onIssue: (issue) => core?.onIssue(issue),
  });
  core = createInspectionCore(
    header,
    reader.plan,
    new Set(options.nullTokens.map((t) => t.trim().toLowerCase())),
    (field) => ['instant', 'amount'].includes(parseOrderMappingName(field)?.kind ?? ''),
    { ...options, dateOption: '--orders-date-format' },
  );
  const inspection = core;
  return {
    add: (cells, line) => {
      inspection.add(cells, line);
      reader.read(cells, line);
    },
    dateColumns: reader.dateColumns,
    result: () => {
      const table = builder.table;
      const parts = inspection.parts();
      return {
        kind: 'orders',
        profile: options.profile.name,
        ...parts,
        tickets: table.length,
        folded: builder.counts.accepted - table.length,
        rejected: builder.counts.rejected,
        created: span(table.instants.created, table.length, options.inputTimezone),
      };
    },
  };
}
