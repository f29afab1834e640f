/** Resolution rate, both conventions: cohort (by as-of) and throughput (resolved in the period, any creation date). */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, metricOver, referenceContext, referenceOptions } from './reference.js';
import { resolutionRate } from './resolution-rate.js';

describe('resolution_rate, cohort', () => {
  it('is the cohort resolved by as-of / the cohort', () => {
    // solved; closed without solving; open; solved after as-of; resolved only by the export's duration -> 3 / 5
    const asOf = 10 * DAY;
    const tickets = [
      { created: 0, solved: DAY },
      { created: 0, closed: 2 * DAY },
      { created: 0 },
      { created: 0, solved: 11 * DAY },
      { created: DAY, full_resolution_duration: 5 * HOUR },
    ];
    expect(metricOver(resolutionRate, tickets, referenceOptions({ asOf }))).toEqual({
      kind: 'rate',
      numerator: 3,
      denominator: 5,
      value: 0.6,
    });
  });

  it('a resolution exactly at as-of is not yet one', () => {
    expect(metricOver(resolutionRate, [{ created: 0, solved: DAY }], referenceOptions({ asOf: DAY }))).toMatchObject({
      numerator: 0,
      denominator: 1,
    });
  });

  it('is unavailable without a resolution column', () => {
    expect(metricOver(resolutionRate, [{ created: 0, first_reply: 1 }])).toEqual({
      kind: 'unavailable',
      reason: 'no resolution column: map solved, closed or full_resolution_minutes',
    });
  });
});

describe('resolution_rate, throughput (Freshdesk)', () => {
  const options = referenceOptions({ resolutionRate: 'throughput' });
  // The period is the second week [7 d, 14 d).
  const scope = (all: number[]) => ({ start: 7 * DAY, end: 14 * DAY, groupTickets: Int32Array.from(all) });

  it('counts the group resolved in the period, whatever the creation date, over the tickets created in it', () => {
    const tickets = [
      { id: 'A', created: DAY, solved: 8 * DAY }, // created before, resolved in the period: counts
      { id: 'B', created: 8 * DAY, solved: 9 * DAY }, // created and resolved in it: counts
      { id: 'C', created: 9 * DAY }, // created in it, open
      { id: 'D', created: 10 * DAY, solved: 15 * DAY }, // resolved after the period
      { id: 'E', created: 2 * DAY, closed: 3 * DAY }, // resolved before the period
    ];
    const ctx = referenceContext(tickets, options);
    // cohort (created in the period): B, C, D -> 3; resolved in the period: A, B -> 2 / 3
    expect(resolutionRate.compute?.(ctx, Int32Array.of(1, 2, 3), scope([0, 4, 1, 2, 3]))).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 3,
      value: 2 / 3,
    });
  });

  it('can exceed 100% when old tickets are cleared', () => {
    // one ticket created in the period, three older ones resolved in it, plus the new one resolved: 4 / 1
    const tickets = [
      { created: 0, solved: 7 * DAY },
      { created: DAY, solved: 10 * DAY },
      { created: 2 * DAY, closed: 13 * DAY },
      { created: 12 * DAY, solved: 13 * DAY },
    ];
    const ctx = referenceContext(tickets, options);
    expect(resolutionRate.compute?.(ctx, Int32Array.of(3), scope([0, 1, 2, 3]))).toEqual({
      kind: 'rate',
      numerator: 4,
      denominator: 1,
      value: 4,
    });
  });

  it('is null (not 0) over an empty cohort, even with resolutions in the period', () => {
    const ctx = referenceContext([{ created: 0, solved: 8 * DAY }], options);
    expect(resolutionRate.compute?.(ctx, new Int32Array(0), scope([0]))).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 0,
      value: null,
    });
  });

  it('has no rule: it looks across cohorts (the period bounds are half-open)', () => {
    expect(resolutionRate.rule?.(options)).toBeNull();
    // resolved at the period's end instant belongs to the next period; at its start, to this one
    const ctx = referenceContext(
      [
        { created: 0, solved: 14 * DAY },
        { created: 0, solved: 7 * DAY },
      ],
      options,
    );
    expect(resolutionRate.compute?.(ctx, Int32Array.of(0, 1), scope([0, 1]))).toMatchObject({ numerator: 1 });
  });

  it('counts as-of: a resolution after as-of is not one yet', () => {
    const ctx = referenceContext(
      [{ created: 8 * DAY, solved: 12 * DAY }],
      referenceOptions({ resolutionRate: 'throughput', asOf: 10 * DAY }),
    );
    expect(resolutionRate.compute?.(ctx, Int32Array.of(0), scope([0]))).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('through metricOver (all tickets the cohort and the group) it is resolved in the period / all', () => {
    const tickets = [{ created: 8 * DAY, solved: 9 * DAY }, { created: 9 * DAY }];
    expect(metricOver(resolutionRate, tickets, options, { start: 7 * DAY, end: 14 * DAY })).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
  });
});
