/**
 * First reply time on Zendesk-like tickets: timestamps, the export's `First reply time in minutes`,
 * --recompute, the as-of cut-off and what makes the metric unavailable.
 */
import { describe, expect, it } from 'vitest';
import { frt } from './frt.js';
import { HOUR, MIN, metricOver, referenceContext, referenceOptions } from './reference.js';

const nine = Date.parse('2025-11-17T09:00:00Z');

describe('frt', () => {
  it('is first reply minus creation, in minutes; tickets without a reply are left out of n', () => {
    // replies after 30 and 60 min, one ticket unanswered -> n 2, mean 45, median 45,
    // p90: h = (2 - 1) * 0.9 = 0.9 -> 30 + 0.9 * 30 = 57; p95 -> 30 + 0.95 * 30 = 58.5
    const tickets = [
      { created: nine, first_reply: nine + 30 * MIN },
      { created: nine, first_reply: nine + HOUR },
      { created: nine },
    ];
    expect(metricOver(frt, tickets)).toEqual({
      kind: 'duration',
      unit: 'minutes',
      n: 2,
      mean: 45,
      median: 45,
      p90: 57,
      p95: 58.5,
      min: 30,
      max: 60,
    });
  });

  it("uses the export's column when present, the timestamps with --recompute", () => {
    // Stamp says 30 min, Zendesk's column says 45 (its own rounding or business rules): 45 by default, 30 recomputed.
    // A ticket with the column only gives 10 either way.
    const tickets = [
      { created: nine, first_reply: nine + 30 * MIN, first_reply_duration: 45 * MIN },
      { created: nine, first_reply_duration: 10 * MIN },
    ];
    expect(metricOver(frt, tickets)).toMatchObject({ n: 2, min: 10, max: 45 });
    expect(metricOver(frt, tickets, referenceOptions({ recompute: true }))).toMatchObject({ n: 2, min: 10, max: 30 });
  });

  it('counts only replies before as-of (the report is a snapshot at as-of)', () => {
    const asOf = nine + HOUR;
    const tickets = [
      { created: nine, first_reply: nine + 59 * MIN }, // before as-of: 59
      { created: nine, first_reply: asOf }, // at as-of: not yet
      { created: nine, first_reply: nine + 2 * HOUR }, // after as-of
      { created: nine, first_reply_duration: 90 * MIN }, // column only: created + 90 min is after as-of
      { created: nine, first_reply_duration: 20 * MIN }, // column only, before as-of: 20
    ];
    expect(metricOver(frt, tickets, referenceOptions({ asOf }))).toMatchObject({ n: 2, min: 20, max: 59 });
  });

  it('gives n 0 and null figures when nobody was answered by as-of', () => {
    // the column exists (one reply, after as-of), so the metric is available, with no value
    const tickets = [{ created: nine }, { created: nine, first_reply: nine + 2 * HOUR }];
    expect(metricOver(frt, tickets, referenceOptions({ asOf: nine + HOUR }))).toEqual({
      kind: 'duration',
      unit: 'minutes',
      n: 0,
      mean: null,
      median: null,
      p90: null,
      p95: null,
      min: null,
      max: null,
    });
  });

  it('a reply at the creation instant is 0 minutes, not missing', () => {
    expect(metricOver(frt, [{ created: nine, first_reply: nine }])).toMatchObject({ n: 1, median: 0 });
  });

  it('is unavailable without a first reply column, naming what to map', () => {
    expect(metricOver(frt, [{ created: nine, solved: nine + HOUR }])).toEqual({
      kind: 'unavailable',
      reason: 'no first reply column: map first_reply (timestamp) or first_reply_minutes',
    });
  });

  it("in business hours, needs the timestamps or the export's business-hours column (not the calendar one)", () => {
    const business = referenceOptions({ clock: { kind: 'business', schedules: [], by: null } });
    const calendarColumnOnly = referenceContext([{ created: nine, first_reply_duration: 30 * MIN }], business);
    expect(frt.unavailable(calendarColumnOnly)).toMatch(/^no first reply timestamp for business hours/);
    const businessColumn = referenceContext([{ created: nine, first_reply_business_duration: 30 * MIN }], business);
    expect(frt.unavailable(businessColumn)).toBeNull();
  });
});
