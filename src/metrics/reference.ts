/**
 * The reference evaluation of a metric over a handful of plain tickets: the definitions read one
 * ticket at a time by the interpreter of derive/expr.ts, no engine, no layout. It is what the
 * metrics' tests and `@example`s call (a metric as a plain function), and the oracle the fast
 * engine is held equal to.
 */
import { evaluate, holds, type Ref, type TicketValues } from '../derive/expr.js';
import { computedDerivation, EXPR_DERIVATIONS } from '../derive/index.js';
import {
  COUNT_FIELDS,
  DIM_FIELDS,
  DURATION_FIELDS,
  INSTANT_FIELDS,
  VERDICT_FIELDS,
  type ComplaintMatch,
  type CountField,
  type DimView,
  type DurationField,
  type InstantField,
  type TicketField,
  type Tickets,
  type VerdictField,
} from '../model/ticket.js';
import type { MetricValue } from './values.js';
import { rate, summarizeDurations, summarizeStats } from './summarize.js';
import type { MetricContext, MetricDefinition, RowScope, TicketMetricOptions } from './types.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A plain ticket: instants and durations in epoch ms / ms, counts as numbers, dimensions as texts,
 * satisfaction and verdicts as codes (model/ticket.ts), `follow_up` as 1 or 0, derived or event-case
 * values by name; null or absent for none.
 */
export type PlainTicket = Readonly<Record<string, number | string | null | undefined>>;

/**
 * Fields whose "no value" the ticket table writes as a negative code (an unknown count, Satisfaction.none,
 * Verdict.unknown): the engine reads them as no value, and so must the interpreter.
 */
const NEGATIVE_IS_NONE: ReadonlySet<string> = new Set<string>([...COUNT_FIELDS, ...VERDICT_FIELDS, 'satisfaction']);

/** Options with the defaults of a report and as-of at the end of time. */
export function referenceOptions(overrides: Partial<TicketMetricOptions> = {}): TicketMetricOptions {
  return {
    asOf: Number.MAX_SAFE_INTEGER,
    repeatWindowDays: 7,
    repeatSame: null,
    recompute: false,
    fcrVariant: 'one_touch_no_reopen',
    resolutionRate: 'cohort',
    ...overrides,
  };
}

class PlainDim implements DimView {
  readonly codes: Uint32Array;
  private readonly list: string[] = [''];
  constructor(texts: readonly (string | null)[]) {
    const codes = new Map<string, number>();
    this.codes = Uint32Array.from(texts, (text) => {
      if (text === null) return 0;
      let code = codes.get(text);
      if (code === undefined) codes.set(text, (code = this.list.push(text) - 1));
      return code;
    });
  }
  get dictionary() {
    const list = this.list;
    return { values: list, size: list.length - 1, value: (code: number) => (code === 0 ? null : (list[code] ?? null)) };
  }
}

/**
 * Plain tickets as the model's read-only columns (what derivations computed across tickets read).
 * @example plainTickets([{ created: 0, customer: 'a' }]).dims.get('customer')?.dictionary.values // ['', 'a']
 */
export function plainTickets(tickets: readonly PlainTicket[]): Tickets {
  const n = tickets.length;
  const present = new Set<TicketField>();
  const number = (t: PlainTicket, field: string): number | null => {
    const v = t[field];
    if (v !== undefined && v !== null) present.add(field as TicketField);
    return typeof v === 'number' ? v : null;
  };
  const floats = (field: string) => Float64Array.from(tickets, (t) => number(t, field) ?? NaN);
  const ints = <T extends Int32Array | Int8Array>(Type: new (n: number) => T, field: string, missing = -1): T => {
    const out = new Type(n);
    for (const [i, t] of tickets.entries()) out[i] = number(t, field) ?? missing;
    return out;
  };
  const dims = new Map<string, DimView>();
  for (const field of DIM_FIELDS) {
    dims.set(field, new PlainDim(tickets.map((t) => (typeof t[field] === 'string' ? (t[field] as string) : null))));
    if (tickets.some((t) => typeof t[field] === 'string')) present.add(field);
  }
  const lines = Uint32Array.from(tickets, (_, i) => i + 2);
  return {
    length: n,
    ids: { get: (row) => String(tickets[row]?.id ?? row + 1) },
    instants: Object.fromEntries(INSTANT_FIELDS.map((f) => [f, floats(f)])) as Record<InstantField, Float64Array>,
    durations: Object.fromEntries(DURATION_FIELDS.map((f) => [f, floats(f)])) as Record<DurationField, Float64Array>,
    counts: Object.fromEntries(COUNT_FIELDS.map((f) => [f, ints(Int32Array, f)])) as Record<CountField, Int32Array>,
    dims,
    satisfaction: ints(Int8Array, 'satisfaction'),
    verdicts: Object.fromEntries(VERDICT_FIELDS.map((f) => [f, ints(Int8Array, f)])) as Record<VerdictField, Int8Array>,
    followUp: Uint8Array.from(tickets, (t) => (t.follow_up === 1 ? 1 : 0)),
    lines,
    complaints: Uint32Array.from(tickets, (t) => (typeof t.complaints === 'number' ? t.complaints : 0)),
    complaintClasses: [],
    complaintMatches: new Map<number, ComplaintMatch[]>(),
    present,
    extraDims: [],
    numbers: new Map(
      [...new Set(tickets.flatMap((t) => Object.keys(t).filter((k) => k.startsWith('number:'))))].map((key) => [
        key.slice('number:'.length),
        floats(key),
      ]),
    ),
    dim: (name) => dims.get(name),
    isMissingColumn: () => false,
  };
}

/** The reference context of plain tickets: every derivation by the interpreter, one ticket at a time. */
export function referenceContext(tickets: readonly PlainTicket[], options: TicketMetricOptions): MetricContext {
  return reference(tickets, options).ctx;
}

/** The reference context, and each ticket's values as the interpreter reads them (own, then derived). */
function reference(
  tickets: readonly PlainTicket[],
  options: TicketMetricOptions,
): { ctx: MetricContext; valuesOf: (i: number) => TicketValues } {
  const table = plainTickets(tickets);
  const made = new Map<Ref, Float64Array | Uint8Array>();
  /** A ticket's values as the interpreter reads them: its own, then each derivation. */
  const valuesOf = (i: number): TicketValues => {
    const own = tickets[i] as PlainTicket;
    const values: Record<string, number | null> = {};
    for (const [name, v] of Object.entries(own)) {
      values[name] = typeof v === 'number' && !(v < 0 && NEGATIVE_IS_NONE.has(name)) ? v : null;
    }
    return new Proxy(values, {
      get: (target, name: string) => (Object.hasOwn(target, name) ? target[name] : derivedValue(name, i)),
    });
  };
  const derivedValue = (name: Ref, i: number): number | null => {
    const values = derivedArray(name);
    if (values === undefined) return null;
    const v = values[i] as number;
    return Number.isNaN(v) ? null : v;
  };
  const derivedArray = (name: Ref): Float64Array | Uint8Array | undefined => {
    const known = made.get(name);
    if (known !== undefined) return known;
    const expression = EXPR_DERIVATIONS.find((d) => d.name === name);
    if (expression !== undefined) {
      const e = expression.expr(options);
      const out = Float64Array.from(tickets, (_, i) => evaluate(e, valuesOf(i)) ?? NaN);
      made.set(name, out);
      return out;
    }
    const computed = computedDerivation(name);
    if (computed === undefined) return undefined;
    const arrays = computed.compute({
      tickets: table,
      options,
      values: (read) => {
        const values = derivedArray(read) ?? Float64Array.from(tickets, (_, i) => valuesOf(i)[read] ?? NaN);
        return values instanceof Float64Array ? values : Float64Array.from(values);
      },
    });
    for (const [provided, values] of Object.entries(arrays)) made.set(provided, values);
    return made.get(name);
  };
  const required = (name: Ref) => {
    const values = derivedArray(name);
    if (values === undefined) throw new Error(`no derivation named ${name}`);
    return values;
  };
  let scratch = new Float64Array(16);
  const ctx: MetricContext = {
    table,
    options,
    get resolvedAt() {
      return required('resolved_at') as Float64Array;
    },
    derived: (name) => required(name) as Float64Array,
    flag: (name) => required(name) as Uint8Array,
    valueOf: (e) => (i) => evaluate(e, valuesOf(i)) ?? NaN,
    elapsedMs: (_ticket, startMs, endMs) => endMs - startMs,
    scratchFor: (size) => (scratch.length >= size ? scratch : (scratch = new Float64Array(size))),
    sources: {},
  };
  return { ctx, valuesOf };
}

/**
 * The value of `metric` over `tickets` (all of them the cohort, and the group's tickets), as the
 * reference interpreter computes it. Calendar time.
 * @example
 * // a rate rule: resolved tickets with at most 1 agent reply / resolved tickets; the open ticket is left out
 * const counted = isNotNull(ref('resolved_at'));
 * const hit = le(ref('agent_replies'), num(1));
 * const oneTouch = { id: 'one_touch', unavailable: () => null, rule: () => ({ kind: 'rate', counted, hit }) };
 * const tickets = [
 *   { created: 0, solved: HOUR, agent_replies: 1 },
 *   { created: 0, solved: HOUR, agent_replies: 3 },
 *   { created: 0, agent_replies: 0 },
 * ];
 * metricOver(oneTouch, tickets, referenceOptions()) // { kind: 'rate', numerator: 1, denominator: 2, value: 0.5 }
 */
export function metricOver(
  metric: MetricDefinition,
  tickets: readonly PlainTicket[],
  options: TicketMetricOptions = referenceOptions(),
  scope?: Partial<RowScope>,
): MetricValue {
  const { ctx, valuesOf: values } = reference(tickets, options);
  const reason = metric.unavailable(ctx);
  if (reason !== null) return { kind: 'unavailable', reason };
  const created = ctx.table.instants.created;
  const order = Int32Array.from(tickets.keys()).sort(
    (a, b) => (created[a] as number) - (created[b] as number) || a - b,
  );
  const rule = metric.rule?.(options) ?? null;
  if (rule === null) {
    if (metric.compute === undefined) throw new Error(`metric ${metric.id} has neither a rule nor a compute`);
    return metric.compute(ctx, order, { start: -Infinity, end: Infinity, groupTickets: order, ...scope });
  }
  switch (rule.kind) {
    case 'rate': {
      let numerator = 0;
      let denominator = 0;
      for (const i of order) {
        if (!holds(rule.counted, values(i))) continue;
        denominator++;
        if (holds(rule.hit, values(i))) numerator++;
      }
      return rate(numerator, denominator);
    }
    case 'count':
      return { kind: 'count', value: [...order].filter((i) => holds(rule.counted, values(i))).length };
    case 'stats': {
      const list = [...order].map((i) => evaluate(rule.value, values(i))).filter((v): v is number => v !== null);
      return summarizeStats(Float64Array.from(list), rule.buckets, rule.unit);
    }
    case 'total': {
      const list = [...order].map((i) => evaluate(rule.value, values(i))).filter((v): v is number => v !== null);
      const sum = list.reduce((a, b) => a + b, 0);
      return { kind: 'total', n: list.length, sum, mean: list.length === 0 ? null : sum / list.length };
    }
    case 'duration': {
      const list = [...order].map((i) => evaluate(rule.valueMs, values(i))).filter((v): v is number => v !== null);
      return summarizeDurations(Float64Array.from(list), metric.unit ?? 'minutes');
    }
  }
}
