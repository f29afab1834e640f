import { addBusinessMs, businessMs, type Schedule } from '../calendar/schedule.js';
import type { TicketTable } from '../engine/ticket-table.js';
import { spareArray, type SparePlanEntry } from '../engine/spare.js';
import { orderByValue } from '../engine/order.js';
import { startRepeatFlags } from '../engine/repeat-flags.js';
import { DEFAULT_ENGINE, type EngineOptions } from '../engine/options.js';
import { CALENDAR_CLOCK, type Clock, type TicketContext, type TicketMetricOptions } from './types.js';

const DAY_MS = 86_400_000;

/** The schedule index of every ticket under a business clock, resolved once per ticket. */
function scheduleIndexes(table: TicketTable, clock: Extract<Clock, { kind: 'business' }>): Int32Array {
  const n = table.length;
  const indexes = new Int32Array(n);
  const by = clock.by;
  if (by === null) return indexes;
  const column = table.dim(by.dimension);
  if (!column) return indexes.fill(by.defaultIndex);
  // One lookup per distinct value, not per ticket.
  const values = column.dictionary.values;
  const byCode = new Int32Array(values.length).fill(by.defaultIndex);
  for (let code = 1; code < values.length; code++) {
    const value = values[code] as string;
    if (Object.hasOwn(by.indexByValue, value)) byCode[code] = by.indexByValue[value] as number;
  }
  for (let i = 0; i < n; i++) indexes[i] = byCode[column.codes[i] as number] as number;
  return indexes;
}

/**
 * When a ticket was resolved by its timestamps, per row: `last`, solved else closed; `first`, first
 * solved, else the last resolution when the ticket was never reopened (an unknown reopen count counts
 * as not reopened). NaN where the timestamps are missing. The context and the reconciliation share it.
 */
export function resolutionStamps(table: TicketTable): { last: (i: number) => number; first: (i: number) => number } {
  const { first_solved, solved, closed } = table.instants;
  const reopens = table.counts.reopens;
  const last = (i: number) => (Number.isNaN(solved[i] as number) ? (closed[i] as number) : (solved[i] as number));
  const first = (i: number) => {
    const at = first_solved[i] as number;
    return Number.isNaN(at) && (reopens[i] as number) <= 0 ? last(i) : at;
  };
  return { last, first };
}

/**
 * The arrays a ticket report makes after reading, for a table's spare memory (TicketTable.spare, see
 * spare.ts), those the main thread writes first: the context's resolution instants and durations,
 * the creation order (`orderByValue`'s, of an already ordered table), the groups' keys and lists
 * (report/slicing.ts), the cells' values and tickets' cells (cell-values.ts), then the
 * repeat-contact thread's flags and working arrays (repeat-flags.ts).
 */
export const REPORT_SPARE: readonly SparePlanEntry[] = [
  { name: 'resolvedAt', bytesPerRow: 8 },
  { name: 'frtMs', bytesPerRow: 8 },
  { name: 'resolutionFirstMs', bytesPerRow: 8 },
  { name: 'resolutionFullMs', bytesPerRow: 8 },
  { name: 'order', bytesPerRow: 4 },
  { name: 'groupKeys', bytesPerRow: 4 },
  { name: 'groupLists', bytesPerRow: 4 },
  { name: 'cellValues', bytesPerRow: 8 },
  { name: 'cellOf', bytesPerRow: 4 },
  { name: 'isRepeat', bytesPerRow: 1 },
  { name: 'repeatAfterResolve', bytesPerRow: 1 },
  { name: 'repeatRun', bytesPerRow: 4 },
  { name: 'repeatPosition', bytesPerRow: 4 },
  { name: 'repeatRunCreated', bytesPerRow: 8 },
  { name: 'repeatNextCreated', bytesPerRow: 8 },
];

/** True when durations are measured in business hours. */
export const isBusinessClock = (options: TicketMetricOptions): boolean => options.clock?.kind === 'business';

/**
 * The clock as the report states it: `calendar time`, `business hours: support (Europe/Berlin)`, or
 * `business hours by team: Billing -> eu (Europe/Berlin), otherwise us (America/New_York)`.
 */
export function describeClock(clock: Clock | undefined): string {
  if (clock === undefined || clock.kind === 'calendar') return 'calendar time';
  const named = (index: number) => {
    const s = clock.schedules[index];
    return s === undefined ? '?' : `${s.name} (${s.schedule.timezone})`;
  };
  if (clock.by === null) return `business hours: ${named(0)}`;
  const listed = Object.entries(clock.by.indexByValue).map(([value, index]) => `${value} -> ${named(index)}`);
  return `business hours by ${clock.by.field}: ${[...listed, `otherwise ${named(clock.by.defaultIndex)}`].join(', ')}`;
}

type VendorField = 'first_reply_duration' | 'first_resolution_duration' | 'full_resolution_duration';
const BUSINESS_COLUMN = {
  first_reply_duration: 'first_reply_business_duration',
  first_resolution_duration: 'first_resolution_business_duration',
  full_resolution_duration: 'full_resolution_business_duration',
} as const;

/**
 * Derives per-ticket values once: resolution instants, duration sources, repeat flags.
 *
 * With a business clock, every duration is `businessMs` of the ticket's schedule between creation and
 * the event's timestamp. The export's calendar duration columns cannot be converted (they do not say
 * when the time passed), so they are not used; a ticket without the timestamps falls back to the
 * export's business-hours column (the vendor's own schedule) when one is mapped.
 * Reads the table, returns new arrays; on a large table the repeat flags are computed on a second
 * thread meanwhile (repeat-flags.ts), and reading them waits for it.
 */
export function createTicketContext(table: TicketTable, options: TicketMetricOptions, engine: EngineOptions = DEFAULT_ENGINE): TicketContext {
  const n = table.length;
  const { created, first_reply } = table.instants;
  const { first_reply_duration, first_resolution_duration, full_resolution_duration } = table.durations;
  const { asOf, recompute } = options;
  const clock = options.clock ?? CALENDAR_CLOCK;
  const business = clock.kind === 'business' ? clock : null;
  const scheduleOf = business ? scheduleIndexes(table, business) : null;
  const schedules = business ? business.schedules.map((s) => s.schedule) : [];
  // Over memory mapped while the table was read, when there is (REPORT_SPARE). In shared memory,
  // as the repeat flags' thread reads it (repeat-flags.ts).
  const spare = table.spare;
  const resolvedAt = spareArray(spare, 'resolvedAt', Float64Array, n, true);
  const frtMs = spareArray(spare, 'frtMs', Float64Array, n);
  const resolutionFirstMs = spareArray(spare, 'resolutionFirstMs', Float64Array, n);
  const resolutionFullMs = spareArray(spare, 'resolutionFullMs', Float64Array, n);
  const pick = (vendor: number, stamps: number) => (recompute ? (Number.isNaN(stamps) ? vendor : stamps) : Number.isNaN(vendor) ? stamps : vendor);
  // A duration only counts when the event happened before as-of: the report is a snapshot at as-of.
  const until = (c: number, d: number) => (c + d < asOf ? d : NaN);

  const stamps = resolutionStamps(table);
  for (let i = 0; i < n; i++) {
    const c = created[i] as number;
    const stampResolved = stamps.last(i);
    const fullVendor = full_resolution_duration[i] as number;
    resolvedAt[i] = Number.isNaN(stampResolved) ? c + fullVendor : stampResolved;
    if (!business) {
      const firstSolvedAt = stamps.first(i);
      frtMs[i] = until(c, pick(first_reply_duration[i] as number, (first_reply[i] as number) - c));
      resolutionFullMs[i] = until(c, pick(fullVendor, stampResolved - c));
      resolutionFirstMs[i] = until(c, pick(first_resolution_duration[i] as number, firstSolvedAt - c));
    }
    if (!(resolvedAt[i]! < asOf)) resolvedAt[i] = NaN;
  }
  // Repeat flags, on a second thread for a large table while the rest is computed here.
  // In shared memory: the repeat-contact thread reads it (a copy was 40 MB more at 10M tickets).
  const createdOrder = orderByValue(created, n, true, spare);
  const customer = table.dims.get('customer')!;
  const category = table.dims.get('category')!;
  const repeatFlags = startRepeatFlags({
    n,
    created,
    customer: customer.codes,
    customers: customer.dictionary.size,
    category: options.repeatSame === 'category' ? category.codes : null,
    categories: category.dictionary.size + 1,
    followUp: table.followUp,
    resolvedAt,
    byCreated: createdOrder,
    windowMs: options.repeatWindowDays * DAY_MS,
  }, spare, engine.metricsThread);

  let businessFromTimestamps: TicketContext['businessFromTimestamps'] = null;
  if (business && scheduleOf) {
    // A duration is from timestamps exactly where its timestamp is there (else from the vendor's
    // column, or none): no copies of the arrays are kept for the reconciliation.
    businessFromTimestamps = {
      frt: (i) => (Number.isNaN(first_reply[i] as number) ? NaN : (frtMs[i] as number)),
      resolution_first: (i) => (Number.isNaN(stamps.first(i)) ? NaN : (resolutionFirstMs[i] as number)),
      resolution_full: (i) => (Number.isNaN(stamps.last(i)) ? NaN : (resolutionFullMs[i] as number)),
    };
    for (let i = 0; i < n; i++) {
      const c = created[i] as number;
      const schedule = schedules[scheduleOf[i] as number] as Schedule;
      const stampResolved = stamps.last(i);
      const firstSolvedAt = stamps.first(i);
      const fromStamp = (at: number) => (at < asOf ? businessMs(schedule, c, at) : NaN);
      // Fallback for a ticket without the timestamp: the vendor's business figure, when its event
      // (found from the calendar column, else as the earliest instant that much business time allows) precedes as-of.
      const fromVendor = (field: VendorField, at: number) => {
        const vendorBusiness = table.durations[BUSINESS_COLUMN[field]][i] as number;
        if (!Number.isNaN(at) || Number.isNaN(vendorBusiness)) return NaN;
        const calendar = table.durations[field][i] as number;
        const happened = Number.isNaN(calendar) ? addBusinessMs(schedule, c, vendorBusiness) : c + calendar;
        return happened < asOf ? vendorBusiness : NaN;
      };
      const replyAt = first_reply[i] as number;
      frtMs[i] = Number.isNaN(replyAt) ? fromVendor('first_reply_duration', replyAt) : fromStamp(replyAt);
      resolutionFirstMs[i] = Number.isNaN(firstSolvedAt) ? fromVendor('first_resolution_duration', firstSolvedAt) : fromStamp(firstSolvedAt);
      resolutionFullMs[i] = Number.isNaN(stampResolved) ? fromVendor('full_resolution_duration', stampResolved) : fromStamp(stampResolved);
    }
  }
  const elapsedMs = business && scheduleOf
    ? (ticket: number, startMs: number, endMs: number) => businessMs(schedules[scheduleOf[ticket] as number] as Schedule, startMs, endMs)
    : (_ticket: number, startMs: number, endMs: number) => endMs - startMs;

  const source = (vendorField: VendorField, stamps: string) => {
    const vendor = table.present.has(vendorField);
    if (vendor && (!recompute || stamps === '')) return recompute ? 'export duration column (no timestamps to recompute from)' : 'export duration column, timestamps where it is empty';
    if (vendor) return 'timestamps (--recompute), export duration column where timestamps are missing';
    return stamps === '' ? 'unavailable' : `timestamps: ${stamps}`;
  };
  const businessSource = (vendorField: VendorField, stamps: string, missing: string) => {
    const vendor = table.present.has(BUSINESS_COLUMN[vendorField]);
    if (stamps !== '') {
      return `business hours from timestamps: ${stamps}` + (vendor ? "; the export's business-hours column where timestamps are missing" : '');
    }
    if (vendor) return `export business-hours column (${BUSINESS_COLUMN[vendorField]}), the vendor's own schedule: the input has no ${missing} timestamp`;
    return `unavailable: the input has no ${missing} timestamp and no business-hours column (the calendar column cannot be converted)`;
  };
  const has = (f: 'first_reply' | 'solved' | 'closed' | 'first_solved') => table.present.has(f);
  const stampTexts = {
    frt: has('first_reply') ? 'first reply - created' : '',
    resolution_first: has('first_solved') ? 'first solved - created' : has('solved') || has('closed') ? 'solved (else closed) - created, when never reopened' : '',
    resolution_full: has('solved') || has('closed') ? 'solved (else closed) - created' : '',
  };
  const sources: Record<string, string> = business
    ? {
        frt: businessSource('first_reply_duration', stampTexts.frt, 'first reply'),
        resolution_first: businessSource('first_resolution_duration', stampTexts.resolution_first, 'first solved'),
        resolution_full: businessSource('full_resolution_duration', stampTexts.resolution_full, 'solved or closed'),
        backlog_age: 'business hours from timestamps: backlog instant - created',
      }
    : {
        frt: source('first_reply_duration', stampTexts.frt),
        resolution_first: source('first_resolution_duration', stampTexts.resolution_first),
        resolution_full: source('full_resolution_duration', stampTexts.resolution_full),
      };
  let scratch = new Float64Array(16);
  return {
    table,
    options,
    resolvedAt,
    frtMs,
    resolutionFirstMs,
    resolutionFullMs,
    elapsedMs,
    businessFromTimestamps,
    get isRepeat() {
      return repeatFlags().isRepeat;
    },
    get repeatAfterResolve() {
      return repeatFlags().repeatAfterResolve;
    },
    createdOrder,
    sources,
    scratchFor: (size) => {
      // Sized to the largest cohort asked for, not the table: with --by, a fraction of it (80 MB
      // less at 10M tickets, where the metrics' arrays make the run's peak memory).
      if (size > scratch.length) scratch = new Float64Array(Math.max(size, Math.min(n, 2 * scratch.length)));
      return scratch;
    },
  };
}

