/**
 * Cutting a table into report rows, shared by the ticket and the orders report: the window's periods
 * (with the bucket each is compared with) and the groups of the `--by` dimensions.
 */
import { nextPeriodStart, periodLabel, periodStart, type PeriodUnit } from '../calendar/period.js';
import { formatInstant } from '../calendar/zone.js';
import { lowerBound, orderByValue } from '../engine/order.js';
import type { DimColumn } from '../engine/ticket-table.js';
import { spareArray, type SpareMemory } from '../engine/spare.js';
import type { PeriodRef, ReportWindow } from './model.js';

export interface SliceOptions {
  timezone: string;
  period: PeriodUnit | null;
  weekStart: 'monday' | 'sunday';
}

/** What grouping needs of a table: its rows' creation instants and its dimension columns. */
export interface Groupable {
  length: number;
  instants: { created: Float64Array };
  dim(name: string): DimColumn | undefined;
  /** Memory mapped ahead for the groups' arrays (TicketTable.spare). */
  spare?: SpareMemory | undefined;
}

export interface Bucket {
  start: number;
  end: number;
  ref: PeriodRef;
  /** The bucket a --compare previous row is compared with. */
  previous: { start: number; end: number; ref: PeriodRef };
}

export function periodRef(label: string, start: number, end: number, zone: string): PeriodRef {
  return { label, start: formatInstant(start, zone), end: formatInstant(end, zone) };
}

/**
 * The report's periods: one `all` bucket over the window, or calendar periods (report zone) clipped
 * to the window, each with the bucket `--compare previous` sets beside it.
 */
export function periodBuckets(windowStart: number, windowEnd: number, options: SliceOptions): Bucket[] {
  const zone = options.timezone;
  if (options.period === null || !(windowEnd > windowStart)) {
    const length = Math.max(0, windowEnd - windowStart);
    return [
      {
        start: windowStart,
        end: windowEnd,
        ref: periodRef('all', windowStart, windowEnd, zone),
        previous: {
          start: windowStart - length,
          end: windowStart,
          ref: periodRef('previous', windowStart - length, windowStart, zone),
        },
      },
    ];
  }
  const unit = options.period;
  const result: Bucket[] = [];
  for (let natural = periodStart(windowStart, unit, zone, options.weekStart); natural < windowEnd; ) {
    const next = nextPeriodStart(natural, unit, zone);
    const start = Math.max(natural, windowStart);
    const end = Math.min(next, windowEnd);
    const prevStart = periodStart(natural - 1, unit, zone, options.weekStart);
    result.push({
      start,
      end,
      ref: periodRef(periodLabel(natural, unit, zone, options.weekStart), start, end, zone),
      previous: {
        start: prevStart,
        end: natural,
        ref: periodRef(periodLabel(prevStart, unit, zone, options.weekStart), prevStart, natural, zone),
      },
    });
    natural = next;
  }
  return result;
}

export interface Group {
  values: (string | null)[];
  /** Rows (tickets or orders) of the group ascending by creation. */
  members: Int32Array;
  /** The group's number in `numbers`, which gives each row's group (groupRows; absent otherwise). */
  number?: number;
  numbers?: Int32Array;
}

/**
 * Groups the rows of a table by the `--by` dimensions; groups sorted by their values (missing last),
 * members ascending by creation (file order on ties). `byCreated`, when the caller has it already, is
 * `orderByValue(table.instants.created, table.length)`.
 */
export function groupRows(table: Groupable, by: readonly { key: string }[], byCreated?: Int32Array | null): Group[] {
  const n = table.length;
  const created = table.instants.created;
  const columns = by.map((d) => table.dim(d.key));
  // A ticket's group key: its codes as the digits of one number (code k in base `radixes[k]`), exact
  // while the number of combinations stays within 2^53, else the codes joined as text.
  const radixes = columns.map((column) => (column ? column.dictionary.size + 1 : 1));
  const combinations = radixes.reduce((product, r) => product * r, 1);
  const numeric = combinations <= Number.MAX_SAFE_INTEGER;
  const groupOf = spareArray(table.spare, 'groupKeys', Int32Array, n);
  const values: (string | null)[][] = [];
  const sizes: number[] = [];
  const codes = columns.map((column) => column?.codes ?? null);
  const newGroup = (i: number): number => {
    values.push(columns.map((column) => (column ? column.dictionary.value(column.codes[i] as number) : null)));
    sizes.push(0);
    return values.length - 1;
  };
  if (combinations <= 1 << 20) {
    // Few combinations (the usual case): the keys built column by column in `groupOf`, then turned
    // into group ids through an array.
    for (let d = 0; d < codes.length; d++) {
      const column = codes[d];
      const radix = radixes[d] as number;
      if (column) for (let i = 0; i < n; i++) groupOf[i] = (groupOf[i] as number) * radix + (column[i] as number);
      else for (let i = 0; i < n; i++) groupOf[i] = (groupOf[i] as number) * radix;
    }
    const idByKey = new Int32Array(combinations).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = groupOf[i] as number;
      let id = idByKey[key] as number;
      if (id < 0) idByKey[key] = id = newGroup(i);
      groupOf[i] = id;
      sizes[id] = (sizes[id] as number) + 1;
    }
  } else {
    const ids = new Map<number | string, number>();
    for (let i = 0; i < n; i++) {
      let key: number | string = numeric ? 0 : '';
      for (let d = 0; d < codes.length; d++) {
        const column = codes[d];
        const code = column ? (column[i] as number) : 0;
        key = numeric ? (key as number) * (radixes[d] as number) + code : `${key}${code},`;
      }
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = newGroup(i)));
      groupOf[i] = id;
      sizes[id] = (sizes[id] as number) + 1;
    }
  }
  // The groups' lists side by side in one array, group g from starts[g].
  const starts = new Int32Array(sizes.length + 1);
  for (let g = 0; g < sizes.length; g++) starts[g + 1] = (starts[g] as number) + (sizes[g] as number);
  const fill = starts.slice(0, sizes.length);
  const lists = spareArray(table.spare, 'groupLists', Int32Array, n);
  // Dealt in creation order, each group's list comes out sorted; with a NaN creation time, sorted after.
  const order = byCreated === undefined ? orderByValue(created, n) : byCreated;
  for (let p = 0; p < n; p++) {
    const i = order === null ? p : (order[p] as number);
    const g = groupOf[i] as number;
    const at = fill[g] as number;
    lists[at] = i;
    fill[g] = at + 1;
  }
  const groups = values.map((v, g) => {
    const members = lists.subarray(starts[g] as number, starts[g + 1] as number);
    if (order === null) members.sort((a, b) => (created[a] as number) - (created[b] as number) || a - b);
    return { values: v, members, number: g, numbers: groupOf };
  });
  const text = (v: string | null) => v ?? '\uffff';
  groups.sort((a, b) => {
    for (let k = 0; k < a.values.length; k++) {
      const c = text(a.values[k] ?? null).localeCompare(text(b.values[k] ?? null), 'en');
      if (c !== 0) return c;
    }
    return 0;
  });
  return groups;
}

/**
 * The groups a report shows: those with a row created in [windowStart, windowEnd) (their older rows
 * still feed backlog and repeats); without `--by`, always the one group, even when it is empty.
 * `byCreated` as for groupRows.
 */
export function windowGroups(
  table: Groupable,
  by: readonly { key: string }[],
  windowStart: number,
  windowEnd: number,
  byCreated?: Int32Array | null,
): Group[] {
  const all = groupRows(table, by, byCreated);
  if (by.length === 0) return all.length ? all : [{ values: [], members: new Int32Array(0) }];
  const created = table.instants.created;
  return all.filter((g) => {
    const k = lowerBound(g.members, created, windowStart);
    return k < g.members.length && (created[g.members[k] as number] as number) < windowEnd;
  });
}

export { lowerBound };

/** What the report's `window` section states: bounds and as-of in the report zone, zones, slicing. */
export interface WindowOptions extends SliceOptions {
  since: number | null;
  until: number | null;
  asOf: number;
  inputTimezone: string;
  by: readonly { name: string }[];
  compare: 'previous' | null;
}

/** Window and slicing options shared by the ticket and the orders report. */
export interface ReportSlicing {
  /** Window bounds (epoch ms, half-open); null = from the first row / up to as-of. */
  since: number | null;
  until: number | null;
  timezone: string;
  inputTimezone: string;
  period: PeriodUnit | null;
  weekStart: 'monday' | 'sunday';
  /** Dimension names as the user gave them, and the table column each maps to. */
  by: readonly { name: string; key: string }[];
  compare: 'previous' | null;
  version: string;
  /** Add `Report.totals` (the HTML page and the spreadsheet ask for it). Default false. */
  totals?: boolean | undefined;
}

/** The report's `window` section, the same for tickets and orders. */
export function reportWindow(options: WindowOptions): ReportWindow {
  const zone = options.timezone;
  return {
    since: options.since === null ? null : formatInstant(options.since, zone),
    until: options.until === null ? null : formatInstant(options.until, zone),
    as_of: formatInstant(options.asOf, zone),
    timezone: zone,
    input_timezone: options.inputTimezone,
    period: options.period,
    week_start: options.weekStart,
    by: options.by.map((d) => d.name),
    compare: options.compare,
  };
}
