/** CSAT (Zendesk): good / (good + bad); offered, unrated and not-offered tickets left out. */
import { describe, expect, it } from 'vitest';
import { Satisfaction } from '../model/ticket.js';
import { csat } from './csat.js';
import { metricOver } from './reference.js';

describe('csat', () => {
  it('is good / (good + bad)', () => {
    // good, good, bad, offered but unrated (Satisfaction.none), not offered (null) -> 2 / 3
    const ratings = [Satisfaction.good, Satisfaction.good, Satisfaction.bad, Satisfaction.none, null];
    const tickets = ratings.map((satisfaction) => ({ created: 0, satisfaction }));
    expect(metricOver(csat, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 });
  });

  it('counts open and resolved tickets alike (a rating is not tied to resolution here)', () => {
    const tickets = [
      { created: 0, satisfaction: Satisfaction.bad },
      { created: 0, solved: 1, satisfaction: Satisfaction.good },
    ];
    expect(metricOver(csat, tickets)).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('is null when nobody rated', () => {
    const tickets = [{ created: 0, satisfaction: Satisfaction.none }];
    expect(metricOver(csat, tickets)).toEqual({ kind: 'rate', numerator: 0, denominator: 0, value: null });
  });

  it('is unavailable without a satisfaction column', () => {
    expect(metricOver(csat, [{ created: 0 }])).toEqual({
      kind: 'unavailable',
      reason: 'no satisfaction column: map satisfaction',
    });
  });
});
