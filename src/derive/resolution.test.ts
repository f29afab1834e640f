/**
 * The resolution instant as a stated choice (resolution.ts): solved, else closed (the default), or
 * solved alone; and the backlog, which a ticket closed without a resolution leaves either way.
 */
import { describe, expect, it } from 'vitest';
import { backlog } from '../metrics/backlog.js';
import { resolutionRate } from '../metrics/resolution-rate.js';
import { metricOver, referenceOptions } from '../metrics/reference.js';
import { evaluate } from './expr.js';
import { firstResolutionOf, lastResolutionOf, resolvedAt } from './resolution.js';

const H = 3_600_000;

describe('the resolution instant', () => {
  const closedOnly = { created: 0, closed: 5 * H, reopens: 0 };
  it('falls back to the closed time by default, not with resolutionInstant solved', () => {
    expect(evaluate(lastResolutionOf({}), closedOnly)).toBe(5 * H);
    expect(evaluate(lastResolutionOf({ resolutionInstant: 'solved' }), closedOnly)).toBeNull();
    expect(evaluate(firstResolutionOf({ resolutionInstant: 'solved' }), closedOnly)).toBeNull();
    const options = { ...referenceOptions({ asOf: 10 * H }), resolutionInstant: 'solved' as const };
    expect(evaluate(resolvedAt.expr(options), { created: 0, solved: 2 * H, closed: 5 * H })).toBe(2 * H);
  });

  const tickets = [{ created: 0, solved: 2 * H, closed: 50 * H }, { created: H, closed: 3 * H }, { created: 2 * H }];
  it('counts a ticket closed without a resolution as resolved by default, unresolved with solved', () => {
    expect(metricOver(resolutionRate, tickets, referenceOptions({ asOf: 100 * H }))).toMatchObject({
      numerator: 2,
      denominator: 3,
    });
    const solved = referenceOptions({ asOf: 100 * H, resolutionInstant: 'solved' });
    expect(metricOver(resolutionRate, tickets, solved)).toMatchObject({ numerator: 1, denominator: 3 });
  });

  it('keeps a closed ticket out of the backlog whatever resolves it', () => {
    for (const resolutionInstant of ['solved_or_closed', 'solved'] as const) {
      expect(metricOver(backlog, tickets, referenceOptions({ asOf: 100 * H, resolutionInstant }))).toEqual({
        kind: 'count',
        value: 1,
      });
    }
  });
});
