/** Reopened rate (Zendesk Explore's "% reopened"): resolved cohort tickets with a known reopen count. */
import { describe, expect, it } from 'vitest';
import { DAY, metricOver, referenceOptions } from './reference.js';
import { reopened } from './reopened.js';

describe('reopened', () => {
  it('is resolved tickets reopened at least once / resolved tickets with a known count', () => {
    // resolved with 0, 1 and 3 reopens; resolved with an unknown count (-1: Zendesk's column empty, or null);
    // open with 2 reopens (not resolved: left out) -> 2 / 3
    const tickets = [
      { created: 0, solved: DAY, reopens: 0 },
      { created: 0, solved: DAY, reopens: 1 },
      { created: 0, closed: DAY, reopens: 3 },
      { created: 0, solved: DAY, reopens: -1 },
      { created: 0, solved: DAY, reopens: null },
      { created: 0, reopens: 2 },
    ];
    expect(metricOver(reopened, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 });
  });

  it('judges resolution at as-of: a ticket solved after as-of is not in the denominator', () => {
    const tickets = [
      { created: 0, solved: DAY, reopens: 1 },
      { created: 0, solved: 3 * DAY, reopens: 0 },
    ];
    expect(metricOver(reopened, tickets, referenceOptions({ asOf: 2 * DAY }))).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 1,
      value: 1,
    });
  });

  it('is null without resolved tickets, not 0', () => {
    expect(metricOver(reopened, [{ created: 0, reopens: 0 }])).toEqual({
      kind: 'rate',
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });

  it('is unavailable without a reopen count column', () => {
    expect(metricOver(reopened, [{ created: 0, solved: DAY }])).toEqual({
      kind: 'unavailable',
      reason: 'no reopen count: map reopens (Zendesk `Reopens`) or use event data',
    });
  });
});
