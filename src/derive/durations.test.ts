/**
 * The three durations (first reply, first and full resolution), in ms, on the calendar (reference
 * interpreter) and in business hours (the engine's context with a compiled schedule, as a report runs).
 */
import { describe, expect, it } from 'vitest';
import type { Schedule } from '../calendar/schedule.js';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { createTicketContext } from '../engine/context.js';
import { referenceOptions } from '../metrics/reference.js';
import { tableOf, type TicketSpec } from '../../test/helpers/tickets.js';
import { durationSources, frtMs, resolutionFirstMs, resolutionFullMs } from './durations.js';
import { evaluate } from './expr.js';
import type { Clock } from './types.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const created = Date.parse('2025-11-17T09:00:00Z');

describe('calendar time', () => {
  const options = referenceOptions();
  const frt = frtMs.expr(options);

  it("frt_ms: first reply minus creation, else the export's column; the column wins unless --recompute", () => {
    expect(evaluate(frt, { created, first_reply: created + 30 * MIN })).toBe(30 * MIN);
    expect(evaluate(frt, { created, first_reply_duration: 45 * MIN })).toBe(45 * MIN);
    expect(evaluate(frt, { created, first_reply: created + 30 * MIN, first_reply_duration: 45 * MIN })).toBe(45 * MIN);
    const recompute = frtMs.expr(referenceOptions({ recompute: true }));
    expect(evaluate(recompute, { created, first_reply: created + 30 * MIN, first_reply_duration: 45 * MIN })).toBe(
      30 * MIN,
    );
    expect(evaluate(recompute, { created, first_reply_duration: 45 * MIN })).toBe(45 * MIN);
    expect(evaluate(frt, { created })).toBeNull();
  });

  it('only before as-of: created + the duration must lie before it', () => {
    const asOf = frtMs.expr(referenceOptions({ asOf: created + HOUR }));
    expect(evaluate(asOf, { created, first_reply: created + 59 * MIN })).toBe(59 * MIN);
    expect(evaluate(asOf, { created, first_reply: created + HOUR })).toBeNull();
    expect(evaluate(asOf, { created, first_reply_duration: 2 * HOUR })).toBeNull();
  });

  it('resolution_first_ms and resolution_full_ms follow the resolution stamps', () => {
    const first = resolutionFirstMs.expr(options);
    const full = resolutionFullMs.expr(options);
    const reopened = { created, first_solved: created + 2 * HOUR, solved: created + 10 * HOUR, reopens: 1 };
    expect([evaluate(first, reopened), evaluate(full, reopened)]).toEqual([2 * HOUR, 10 * HOUR]);
    const closedOnly = { created, closed: created + 24 * HOUR };
    expect([evaluate(first, closedOnly), evaluate(full, closedOnly)]).toEqual([24 * HOUR, 24 * HOUR]);
    const reopenedNoFirst = { created, solved: created + 10 * HOUR, reopens: 2 };
    expect([evaluate(first, reopenedNoFirst), evaluate(full, reopenedNoFirst)]).toEqual([null, 10 * HOUR]);
  });

  it('the same values through the engine, which compiles the same expressions', () => {
    const table = tableOf([
      { created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T09:30:00Z', solved: '2025-11-17T15:00:00Z' },
      { created: '2025-11-17T09:00:00Z', first_reply_minutes: 45, reopens: 1, solved: '2025-11-18T09:00:00Z' },
    ]);
    const ctx = createTicketContext(table, options);
    expect(Array.from(ctx.derived('frt_ms'))).toEqual([30 * MIN, 45 * MIN]);
    expect(Array.from(ctx.derived('resolution_first_ms'))).toEqual([6 * HOUR, NaN]);
    expect(Array.from(ctx.derived('resolution_full_ms'))).toEqual([6 * HOUR, 24 * HOUR]);
  });
});

describe('business hours', () => {
  const weekdays = (timezone: string, name: string): Schedule =>
    compileSchedule(
      { timezone, hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-17:00']])) },
      `schedules.${name}`,
    );
  const utc = weekdays('UTC', 'utc');
  const berlin = weekdays('Europe/Berlin', 'berlin');
  const one = (schedule: Schedule): Clock => ({
    kind: 'business',
    schedules: [{ name: 'office', schedule }],
    by: null,
  });
  const derived = (specs: TicketSpec[], clock: Clock, name: string, asOf = Number.MAX_SAFE_INTEGER) =>
    Array.from(createTicketContext(tableOf(specs), referenceOptions({ clock, asOf })).derived(name));

  it('counts only open hours between the timestamps (Mon-Fri 09:00-17:00 UTC)', () => {
    const specs: TicketSpec[] = [
      // Monday 09:00 -> 11:00: 2 h
      { created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T11:00:00Z' },
      // Friday 16:00 -> Monday 10:00: 1 h + 1 h (calendar 66 h)
      { created: '2025-11-21T16:00:00Z', first_reply: '2025-11-24T10:00:00Z' },
      // created Saturday 10:00 (closed): counting starts Monday 09:00 -> reply 09:30: 30 min
      { created: '2025-11-22T10:00:00Z', first_reply: '2025-11-24T09:30:00Z' },
      // created and answered outside hours: 0
      { created: '2025-11-17T18:00:00Z', first_reply: '2025-11-17T19:00:00Z' },
    ];
    expect(derived(specs, one(utc), 'frt_ms')).toEqual([2 * HOUR, 2 * HOUR, 30 * MIN, 0]);
  });

  it('counts wall-clock open hours across a DST change (Europe/Berlin, 2025-03-30)', () => {
    // Friday 2025-03-28 16:00 CET (15:00Z) -> Monday 2025-03-31 10:00 CEST (08:00Z): 1 h + 1 h;
    // calendar time is 65 h, not 66 (the night of the change has 23 hours)
    const specs = [{ created: '2025-03-28T15:00:00Z', first_reply: '2025-03-31T08:00:00Z' }];
    expect(derived(specs, one(berlin), 'frt_ms')).toEqual([2 * HOUR]);
    expect(derived(specs, { kind: 'calendar' }, 'frt_ms')).toEqual([65 * HOUR]);
  });

  it("without the timestamp, takes the export's business-hours column, never the calendar one", () => {
    const specs: TicketSpec[] = [
      // business column 45 min, calendar column 120 min: happened at created + 120 min -> 45 min
      { created: '2025-11-17T09:00:00Z', first_reply_minutes: 120, first_reply_business_minutes: 45 },
      // business column only: happened 45 open minutes after creation -> 45 min
      { created: '2025-11-17T09:00:00Z', first_reply_business_minutes: 45 },
      // calendar column only: cannot be converted -> none
      { created: '2025-11-17T09:00:00Z', first_reply_minutes: 30 },
    ];
    expect(derived(specs, one(utc), 'frt_ms')).toEqual([45 * MIN, 45 * MIN, NaN]);
    // as-of 10:30: the first happened at 11:00 (by the calendar column): not yet; the second at 09:45: yes
    expect(derived(specs, one(utc), 'frt_ms', Date.parse('2025-11-17T10:30:00Z'))).toEqual([NaN, 45 * MIN, NaN]);
  });

  it('only before as-of: a reply at as-of has not happened', () => {
    const specs = [{ created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T11:00:00Z' }];
    expect(derived(specs, one(utc), 'frt_ms', Date.parse('2025-11-17T11:00:00Z'))).toEqual([NaN]);
    expect(derived(specs, one(utc), 'frt_ms', Date.parse('2025-11-17T11:00:00.001Z'))).toEqual([2 * HOUR]);
  });

  it('resolution durations on the same clock', () => {
    // solved Tuesday 10:00 after creation Monday 16:00: 1 h + 1 h; first resolution the same (never reopened)
    const specs = [{ created: '2025-11-17T16:00:00Z', solved: '2025-11-18T10:00:00Z', reopens: 0 }];
    expect(derived(specs, one(utc), 'resolution_full_ms')).toEqual([2 * HOUR]);
    expect(derived(specs, one(utc), 'resolution_first_ms')).toEqual([2 * HOUR]);
  });

  it("a ticket's schedule by a dimension: team EU on Berlin hours, everyone else on UTC hours", () => {
    const clock: Clock = {
      kind: 'business',
      schedules: [
        { name: 'utc', schedule: utc },
        { name: 'berlin', schedule: berlin },
      ],
      by: { field: 'team', dimension: 'team', indexByValue: { EU: 1 }, defaultIndex: 0 },
    };
    // both created Monday 07:00Z and answered 09:00Z: Berlin opens 08:00Z (09:00 CET) -> 1 h; UTC opens 09:00Z -> 0
    const specs: TicketSpec[] = [
      { created: '2025-11-17T07:00:00Z', first_reply: '2025-11-17T09:00:00Z', team: 'EU' },
      { created: '2025-11-17T07:00:00Z', first_reply: '2025-11-17T09:00:00Z', team: 'US' },
      { created: '2025-11-17T07:00:00Z', first_reply: '2025-11-17T09:00:00Z' },
    ];
    expect(derived(specs, clock, 'frt_ms')).toEqual([HOUR, 0, 0]);
  });

  it('business time never exceeds calendar time', () => {
    const specs: TicketSpec[] = Array.from({ length: 50 }, (_, i) => ({
      created: new Date(Date.parse('2025-11-15T00:00:00Z') + i * 7 * 3_600_000).toISOString(),
      first_reply: new Date(
        Date.parse('2025-11-15T00:00:00Z') + i * 7 * 3_600_000 + (i % 9) * 5 * 3_600_000,
      ).toISOString(),
    }));
    const business = derived(specs, one(utc), 'frt_ms');
    const calendar = derived(specs, { kind: 'calendar' }, 'frt_ms');
    for (const [i, b] of business.entries()) expect(b).toBeLessThanOrEqual(calendar[i] as number);
  });
});

describe('durationSources', () => {
  it('states where each duration came from, for the fields the export has', () => {
    const present = new Set(['first_reply', 'first_reply_duration', 'solved'] as const);
    expect(durationSources(present, referenceOptions())).toEqual({
      frt: 'export duration column, timestamps where it is empty',
      resolution_first: 'timestamps: solved (else closed) - created, when never reopened',
      resolution_full: 'timestamps: solved (else closed) - created',
    });
    expect(durationSources(present, referenceOptions({ recompute: true })).frt).toBe(
      'timestamps (--recompute), export duration column where timestamps are missing',
    );
  });
});
