/**
 * The fast engine equals the reference: on random small Zendesk-like ticket sets (nulls, unknown counts,
 * ties, follow-ups, random as-of, every FCR and resolution-rate variant, repeat windows of 0-10 days,
 * --repeat-same, a random SLA policy), every rule metric evaluated by the engine (tableOf ->
 * createTicketContext -> evaluateMetric over the cohort in creation order) equals metricOver's value,
 * exactly for rates, counts and totals and to 1e-12 relative for duration figures; and every expression
 * derivation equals the interpreter's value, on the calendar and in business hours. A second property
 * plants a mutation (`le` swapped for `lt`) and shows that the same comparison finds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMs } from '../calendar/schedule.js';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { evaluate, le, lt, num, ref, type Cond, type TicketClock } from '../derive/expr.js';
import { EXPR_DERIVATIONS } from '../derive/index.js';
import type { SlaPolicy } from '../derive/sla.js';
import type { Clock } from '../derive/types.js';
import { complaintMetric } from '../metrics/complaints.js';
import { TICKET_METRICS } from '../metrics/index.js';
import { metricOver, referenceContext, referenceOptions, type PlainTicket } from '../metrics/reference.js';
import { SLA_METRICS } from '../metrics/sla-metrics.js';
import { touchOne } from '../metrics/touches.js';
import type { MetricDefinition, RateRule, TicketMetricOptions } from '../metrics/types.js';
import { COUNT_FIELDS, Satisfaction, Verdict, VERDICT_FIELDS } from '../model/ticket.js';
import { slaSection } from '../options/sla.js';
import type { MetricValue } from '../report/model.js';
import { tableOf, type TicketSpec } from '../../test/helpers/tickets.js';
import { createTicketContext } from './context.js';
import { evaluateMetric } from './evaluate.js';

const MIN = 60_000;
const HOUR_HALF = 30 * MIN;
const BASE = Date.parse('2025-11-17T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const office = compileSchedule(
  {
    timezone: 'Europe/Berlin',
    hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-17:00']])),
  },
  'schedules.office',
);
const BUSINESS: Clock = { kind: 'business', schedules: [{ name: 'office', schedule: office }], by: null };

// --- arbitraries -------------------------------------------------------------------------------

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Time after creation in half hours, coarse so that events tie with each other and with as-of. */
const later = fc.integer({ min: 0, max: 6 * 24 }).map((h) => h * 30 * MIN);
const count = (max: number) => maybe(fc.integer({ min: -1, max }));

const ticketArb = fc
  .record({
    created: fc.integer({ min: 0, max: 10 * 24 }).map((h) => BASE + h * HOUR_HALF),
    reply: maybe(later),
    firstSolved: maybe(later),
    solved: maybe(later),
    closed: maybe(later),
    first_reply_minutes: maybe(fc.integer({ min: 0, max: 3000 })),
    first_resolution_minutes: maybe(fc.integer({ min: 0, max: 6000 })),
    full_resolution_minutes: maybe(fc.integer({ min: 0, max: 9000 })),
    first_reply_business_minutes: maybe(fc.integer({ min: 0, max: 900 })),
    full_resolution_business_minutes: maybe(fc.integer({ min: 0, max: 2000 })),
    reopens: count(3),
    agent_replies: count(5),
    customer_messages: count(4),
    assignee_stations: count(4),
    group_stations: count(4),
    reassignments: count(3),
    customer: maybe(fc.constantFrom('a@x.com', 'b@x.com', 'c@x.com')),
    category: maybe(fc.constantFrom('billing', 'shipping')),
    priority: maybe(fc.constantFrom('Urgent', '2 - High', 'normal', 'Low')),
    satisfaction: maybe(fc.constantFrom('good' as const, 'bad' as const, 'offered' as const)),
    vendor_sla_first_reply: maybe(fc.constantFrom('met' as const, 'violated' as const, 'unknown' as const)),
    vendor_sla_resolution: maybe(fc.constantFrom('met' as const, 'violated' as const, 'unknown' as const)),
    complaints: maybe(fc.integer({ min: 0, max: 3 })),
    followUp: fc.boolean(),
  })
  .map((t): TicketSpec => {
    const { created, reply, firstSolved, solved, closed, ...rest } = t;
    const spec: TicketSpec = { created: iso(created) };
    if (reply !== undefined) spec.first_reply = iso(created + reply);
    if (firstSolved !== undefined) spec.first_solved = iso(created + firstSolved);
    if (solved !== undefined) spec.solved = iso(created + solved);
    if (closed !== undefined) spec.closed = iso(created + closed);
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined && value !== false) (spec as unknown as Record<string, unknown>)[key] = value;
    }
    return spec;
  });
const optionsArb = fc.record({
  asOf: fc.oneof(
    fc.constant(Number.MAX_SAFE_INTEGER),
    fc.integer({ min: 0, max: 16 * 48 }).map((k) => BASE + k * HOUR_HALF),
  ),
  fcrVariant: fc.constantFrom('one_touch_no_reopen' as const, 'no_customer_followup' as const, 'no_repeat' as const),
  resolutionRate: fc.constantFrom('cohort' as const, 'throughput' as const),
  repeatWindowDays: fc.integer({ min: 0, max: 10 }),
  repeatSame: fc.constantFrom(null, 'category' as const),
  recompute: fc.boolean(),
  sla: fc.option(
    fc.record({
      urgent: fc.constantFrom('30m', '1h', '4h'),
      high: fc.constantFrom('2h', '8h'),
      fallback: fc.option(fc.constantFrom('1d', '2d'), { nil: undefined }),
      business: fc.boolean(),
      resolution: fc.constantFrom('8h', '1d'),
    }),
    { nil: undefined },
  ),
});

type OptionsDraw = typeof optionsArb extends fc.Arbitrary<infer T> ? T : never;

function optionsOf(draw: OptionsDraw): TicketMetricOptions {
  const { sla, ...rest } = draw;
  let policy: SlaPolicy | undefined;
  if (sla !== undefined) {
    const firstReply: Record<string, string> = { urgent: sla.urgent, high: sla.high };
    if (sla.fallback !== undefined) firstReply.default = sla.fallback;
    policy = slaSection(
      {
        first_reply: sla.business ? { ...firstReply, clock: 'business', schedule: 'office' } : firstReply,
        resolution: { urgent: sla.resolution, default: '3d' },
      },
      { office },
    );
  }
  return referenceOptions({ ...rest, ...(policy ? { sla: policy } : {}) });
}

// --- the two sides ----------------------------------------------------------------------------

const SATISFACTION = { good: Satisfaction.good, bad: Satisfaction.bad, offered: Satisfaction.none } as const;

/** The plain ticket of a spec: the same values as tableOf writes into the table. */
function plainOf(spec: TicketSpec): PlainTicket {
  const plain: Record<string, number | string> = { created: Date.parse(spec.created) };
  for (const key of ['first_reply', 'first_solved', 'solved', 'closed'] as const) {
    const text = spec[key];
    if (text !== undefined) plain[key] = Date.parse(text);
  }
  const minutes = {
    first_reply_minutes: 'first_reply_duration',
    first_resolution_minutes: 'first_resolution_duration',
    full_resolution_minutes: 'full_resolution_duration',
    first_reply_business_minutes: 'first_reply_business_duration',
    full_resolution_business_minutes: 'full_resolution_business_duration',
  } as const;
  for (const [key, field] of Object.entries(minutes)) {
    const v = spec[key as keyof typeof minutes];
    if (v !== undefined) plain[field] = v * MIN;
  }
  for (const field of COUNT_FIELDS) {
    const v = (spec as unknown as Record<string, unknown>)[field];
    if (typeof v === 'number') plain[field] = v;
  }
  for (const field of ['customer', 'category', 'team', 'priority'] as const) {
    const v = spec[field];
    if (v !== undefined) plain[field] = v;
  }
  if (spec.satisfaction !== undefined) plain.satisfaction = SATISFACTION[spec.satisfaction];
  for (const field of VERDICT_FIELDS) {
    const v = spec[field];
    if (v !== undefined) plain[field] = Verdict[v];
  }
  if (spec.complaints !== undefined) plain.complaints = spec.complaints;
  if (spec.followUp) plain.follow_up = 1;
  return plain;
}

/** Every metric with a rule under these options: the report's, the SLA ones, two complaint classes. */
const RULE_METRICS: readonly MetricDefinition[] = [
  ...TICKET_METRICS,
  ...SLA_METRICS,
  complaintMetric('c0', 0),
  complaintMetric('c1', 1),
];

const close = (a: number | null, b: number | null) =>
  a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)));

/** Equal as the property requires: exact but for duration figures, which are equal to 1e-12 relative. */
function same(fast: MetricValue, reference: MetricValue): boolean {
  if (fast.kind !== 'duration' || reference.kind !== 'duration') {
    try {
      expect(fast).toEqual(reference);
      return true;
    } catch {
      return false;
    }
  }
  const figures = ['mean', 'median', 'p90', 'p95', 'min', 'max'] as const;
  return fast.unit === reference.unit && fast.n === reference.n && figures.every((f) => close(fast[f], reference[f]));
}

/**
 * The engine's value of `engineMetric` beside the reference's value of `referenceMetric` (the same metric,
 * unless a mutation is planted), for every metric with a rule; the first disagreement, or null.
 */
function disagreement(
  specs: TicketSpec[],
  options: TicketMetricOptions,
  pairs: readonly (readonly [MetricDefinition, MetricDefinition])[],
): string | null {
  const table = tableOf(specs);
  const ctx = createTicketContext(table, options);
  const cohort = ctx.createdOrder ?? Int32Array.from(specs.keys());
  const plain = specs.map(plainOf);
  for (const [engineMetric, referenceMetric] of pairs) {
    if ((referenceMetric.rule?.(options) ?? null) === null) continue;
    const reference = metricOver(referenceMetric, plain, options);
    const reason = engineMetric.unavailable(ctx);
    const fast: MetricValue =
      reason !== null
        ? { kind: 'unavailable', reason }
        : evaluateMetric(ctx, engineMetric, cohort, { start: -Infinity, end: Infinity, groupTickets: cohort });
    if (reference.kind !== 'unavailable') compared.values++;
    if (!same(fast, reference)) {
      return `${referenceMetric.id}: engine ${JSON.stringify(fast)} reference ${JSON.stringify(reference)}`;
    }
  }
  return null;
}

/** How many available values the property compared (it must not pass by comparing unavailable ones). */
const compared = { values: 0 };

const ticketsArb = fc.array(ticketArb, { minLength: 1, maxLength: 12 });

describe('the fast engine equals the reference interpreter', () => {
  it('for every rule metric, on random ticket sets and options', () => {
    const pairs = RULE_METRICS.map((m) => [m, m] as const);
    fc.assert(
      fc.property(ticketsArb, optionsArb, (specs, draw) => {
        const problem = disagreement(specs, optionsOf(draw), pairs);
        expect(problem).toBeNull();
      }),
      { numRuns: 100 },
    );
    expect(compared.values).toBeGreaterThan(400);
  });

  it('and the comparison finds a planted mutation: one-touch with `le` swapped for `lt`', () => {
    const rule = touchOne.rule?.(referenceOptions()) as RateRule;
    const swap = (c: Cond): Cond => (c.op === 'le' ? lt(c.a, c.b) : c);
    expect(rule.hit).toEqual(le(ref('agent_replies'), num(1)));
    const mutant: MetricDefinition = { ...touchOne, rule: () => ({ ...rule, hit: swap(rule.hit) }) };
    const result = fc.check(
      fc.property(
        ticketsArb,
        optionsArb,
        (specs, draw) => disagreement(specs, optionsOf(draw), [[mutant, touchOne]]) === null,
      ),
      { numRuns: 300, seed: 42 },
    );
    expect(result.failed).toBe(true);
    // the counterexample has a resolved ticket with exactly one agent reply: one-touch by `le`, not by `lt`
    const [specs, draw] = result.counterexample ?? [];
    const options = optionsOf(draw as OptionsDraw);
    expect(disagreement(specs as TicketSpec[], options, [[mutant, touchOne]])).toMatch(/^touch_one: /);
  });
});

describe('every expression derivation equals the interpreter', () => {
  const clockOf = (schedule: typeof office): TicketClock => ({
    elapsedMs: (_t, from, to) => businessMs(schedule, from, to),
    afterMs: (_t, from, ms) => addBusinessMs(schedule, from, ms),
  });

  it('on the calendar and in business hours', () => {
    fc.assert(
      fc.property(ticketsArb, optionsArb, fc.boolean(), (specs, draw, business) => {
        const options = { ...optionsOf(draw), ...(business ? { clock: BUSINESS } : {}) };
        const ctx = createTicketContext(tableOf(specs), options);
        const plain = specs.map(plainOf);
        // the interpreter's own values: fields as given (negative codes none), its derivations on the calendar
        // (resolved_at, the one derivation another reads, has no duration in it)
        const reference = referenceContext(plain, options);
        const clock = business ? clockOf(office) : undefined;
        for (const derivation of EXPR_DERIVATIONS) {
          const e = derivation.expr(options);
          const fast = ctx.derived(derivation.name);
          for (const [i, t] of plain.entries()) {
            const values: Record<string, number | null> = {};
            for (const [k, v] of Object.entries(t)) values[k] = typeof v === 'number' ? v : null;
            for (const count of COUNT_FIELDS) if ((values[count] ?? 0) < 0) values[count] = null;
            const resolved = reference.derived('resolved_at')[i] as number;
            values.resolved_at = Number.isNaN(resolved) ? null : resolved;
            const expected = evaluate(e, values, clock, i);
            const got = fast[i] as number;
            expect(Number.isNaN(got) ? null : got, `${derivation.name} of ticket ${i}`).toBe(expected);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
