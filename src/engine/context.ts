/**
 * The fast engine's context of a ticket report: the derivations (derive/) made once per run into
 * typed arrays, over memory mapped while the table was read when there is some (spare.ts); the
 * repeat-contact flags on a second thread for a large table (repeat-flags.ts); the tickets'
 * creation order; and the columns the compiled rules read (compile.ts).
 */
import { addBusinessMs, businessMs, type Schedule } from '../calendar/schedule.js';
import type { Ref, TicketClock } from '../derive/expr.js';
import { CALENDAR } from '../derive/expr.js';
import { computedDerivation, exprDerivation } from '../derive/index.js';
import { durationSources } from '../derive/durations.js';
import { CALENDAR_CLOCK, type Clock, type DeriveOptions } from '../derive/types.js';
import {
  COUNT_FIELDS,
  DURATION_FIELDS,
  INSTANT_FIELDS,
  VERDICT_FIELDS,
  type CountField,
  type DurationField,
  type InstantField,
  type VerdictField,
} from '../model/ticket.js';
import type { MetricContext, TicketMetricOptions } from '../metrics/types.js';
import type { CellValues } from './cell-values.js';
import { compileFill, compileValue, type CompileClock, type CompiledColumn } from './compile.js';
import { DEFAULT_ENGINE, type EngineOptions } from './options.js';
import { orderByValue } from './order.js';
import { startRepeatFlags } from './repeat-flags.js';
import { spareArray, type SparePlanEntry } from './spare.js';
import type { TicketTable } from './ticket-table.js';

const DAY_MS = 86_400_000;

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

/** The spare-memory buffer each derivation the report always makes is filled into. */
const SPARE_NAME: Readonly<Record<Ref, string>> = {
  resolved_at: 'resolvedAt',
  frt_ms: 'frtMs',
  resolution_first_ms: 'resolutionFirstMs',
  resolution_full_ms: 'resolutionFullMs',
};

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

/** The engine's context: what metrics see, plus the columns compiled rules read and the report's cell layout. */
export interface TicketContext extends MetricContext {
  readonly table: TicketTable;
  /** The column a compiled rule reads for a field or derivation. */
  column(name: Ref): CompiledColumn;
  /** The clock compiled rules run on. */
  readonly compileClock: CompileClock;
  /**
   * Ticket indices ascending by creation, ties in file order (as `orderByValue` gives it); null when a
   * creation instant is NaN. Shared by the context and the report's grouping, which both need it.
   */
  readonly createdOrder: Int32Array | null;
  /**
   * The cells being computed, laid out for gathering a per-ticket array over all of them in one
   * pass (see cell-values.ts): set by the report around each period's cells, else undefined.
   */
  cells?: CellValues | undefined;
}

/** The clock of a run for one ticket: calendar time, or the ticket's schedule. */
function ticketClock(table: TicketTable, clock: Clock): TicketClock {
  if (clock.kind !== 'business') return CALENDAR;
  const scheduleOf = scheduleIndexes(table, clock);
  const schedules = clock.schedules.map((s) => s.schedule);
  const of = (ticket: number) => schedules[scheduleOf[ticket] as number] as Schedule;
  return {
    elapsedMs: (ticket, fromMs, toMs) => businessMs(of(ticket), fromMs, toMs),
    afterMs: (ticket, fromMs, ms) => addBusinessMs(of(ticket), fromMs, ms),
  };
}

/** The column of a ticket field, or undefined when `name` is none. */
function fieldColumn(table: TicketTable, name: Ref): CompiledColumn | undefined {
  if ((INSTANT_FIELDS as readonly string[]).includes(name))
    return { data: table.instants[name as InstantField], missing: 'nan' };
  if ((DURATION_FIELDS as readonly string[]).includes(name))
    return { data: table.durations[name as DurationField], missing: 'nan' };
  if ((COUNT_FIELDS as readonly string[]).includes(name))
    return { data: table.counts[name as CountField], missing: 'negative' };
  if ((VERDICT_FIELDS as readonly string[]).includes(name))
    return { data: table.verdicts[name as VerdictField], missing: 'negative' };
  if (name === 'satisfaction') return { data: table.satisfaction, missing: 'negative' };
  if (name.startsWith('number:')) {
    const numbers = table.numbers.get(name.slice('number:'.length));
    if (numbers !== undefined) return { data: numbers, missing: 'nan' };
  }
  if (name === 'follow_up') return { data: table.followUp, missing: 'none' };
  if (name === 'complaints') return { data: table.complaints, missing: 'none' };
  // An event log's per-case values (`case.*`, model/events.ts).
  return table.events?.columns[name];
}

/**
 * Makes the context of a report: `resolved_at` at once, then the repeat flags (on a second thread
 * for a large table) and the three durations while they are computed; other derivations on first
 * use. Reads the table; the arrays it makes are its own.
 */
export function createTicketContext(
  table: TicketTable,
  options: TicketMetricOptions,
  engine: EngineOptions = DEFAULT_ENGINE,
): TicketContext {
  const n = table.length;
  const clock = options.clock ?? CALENDAR_CLOCK;
  const perTicket = ticketClock(table, clock);
  const compileClock: CompileClock = { calendar: clock.kind === 'calendar', clock: perTicket };
  // Over memory mapped while the table was read, when there is (REPORT_SPARE). In shared memory,
  // as the repeat flags' thread reads it (repeat-flags.ts).
  const spare = table.spare;
  const made = new Map<Ref, Float64Array | Uint8Array>();
  const derive = options as DeriveOptions;

  const column = (name: Ref): CompiledColumn => {
    const field = fieldColumn(table, name);
    if (field !== undefined) return field;
    const values = valuesOf(name);
    return { data: values, missing: values instanceof Float64Array ? 'nan' : 'none' };
  };
  const valuesOf = (name: Ref): Float64Array | Uint8Array => {
    const known = made.get(name);
    if (known !== undefined) return known;
    const expression = exprDerivation(name);
    if (expression !== undefined) {
      const spareName = SPARE_NAME[name];
      const out =
        spareName === undefined
          ? new Float64Array(n)
          : spareArray(spare, spareName, Float64Array, n, name === 'resolved_at');
      compileFill(expression.expr(derive), column, compileClock)(out, n);
      made.set(name, out);
      return out;
    }
    const computed = computedDerivation(name);
    if (computed === undefined) throw new Error(`no field or derivation named ${name}`);
    const arrays = computed.compute({
      tickets: table,
      options: derive,
      values: (read) => {
        const values = valuesOf(read);
        return values instanceof Float64Array ? values : Float64Array.from(values);
      },
    });
    for (const [provided, values] of Object.entries(arrays)) made.set(provided, values);
    return made.get(name) as Float64Array | Uint8Array;
  };

  const resolvedAt = valuesOf('resolved_at') as Float64Array;
  // Repeat flags, on a second thread for a large table while the rest is computed here.
  // In shared memory: the repeat-contact thread reads it (a copy was 40 MB more at 10M tickets).
  const createdOrder = orderByValue(table.instants.created, n, true, spare);
  const customer = table.dims.get('customer')!;
  const category = table.dims.get('category')!;
  const repeatFlags = startRepeatFlags(
    {
      n,
      created: table.instants.created,
      customer: customer.codes,
      customers: customer.dictionary.size,
      category: options.repeatSame === 'category' ? category.codes : null,
      categories: category.dictionary.size + 1,
      followUp: table.followUp,
      resolvedAt,
      byCreated: createdOrder,
      windowMs: options.repeatWindowDays * DAY_MS,
    },
    spare,
    engine.metricsThread,
  );
  for (const name of ['frt_ms', 'resolution_first_ms', 'resolution_full_ms']) valuesOf(name);

  let scratch = new Float64Array(16);
  return {
    table,
    options,
    resolvedAt,
    derived: (name) => {
      const values = valuesOf(name);
      if (!(values instanceof Float64Array)) throw new Error(`${name} is a flag, not an instant or duration`);
      return values;
    },
    valueOf: (e) => compileValue(e, (name) => column(name), compileClock),
    flag: (name) => {
      if (name === 'is_repeat') return repeatFlags().isRepeat;
      if (name === 'repeat_after_resolve') return repeatFlags().repeatAfterResolve;
      const values = valuesOf(name);
      if (!(values instanceof Uint8Array)) throw new Error(`${name} is not a flag`);
      return values;
    },
    column: (name) => {
      // Read only when a rule reads them: they may come from a second thread (which this waits for).
      if (name === 'is_repeat') return { data: repeatFlags().isRepeat, missing: 'none' };
      if (name === 'repeat_after_resolve') return { data: repeatFlags().repeatAfterResolve, missing: 'none' };
      return column(name);
    },
    compileClock,
    elapsedMs: perTicket.elapsedMs,
    createdOrder,
    sources: durationSources(table.present, derive),
    scratchFor: (size) => {
      // Sized to the largest cohort asked for, not the table: with --by, a fraction of it (80 MB
      // less at 10M tickets, where the metrics' arrays make the run's peak memory).
      if (size > scratch.length) scratch = new Float64Array(Math.max(size, Math.min(n, 2 * scratch.length)));
      return scratch;
    },
  };
}
