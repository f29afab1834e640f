/**
 * When a ticket was resolved: last solved, else closed, else created + the export's full resolution; before as-of.
 * The resolution instant as a stated choice: solved, else closed (the default), or solved alone; and the backlog,
 * which a ticket closed without a resolution leaves either way.
 */
import { describe, expect, it } from 'vitest';
import { backlog } from '../metrics/backlog.js';
import { metricOver, referenceOptions } from '../metrics/reference.js';
import { resolutionRate } from '../metrics/resolution-rate.js';
import { evaluate, holds, num, ref } from './expr.js';
import {
  beforeAsOf,
  firstResolutionOf,
  firstResolutionStamp,
  isResolved,
  lastResolutionOf,
  lastResolutionStamp,
  resolvedAt,
} from './resolution.js';

const HOUR = 3_600_000;
const H = HOUR;
const created = Date.parse('2025-11-17T09:00:00Z');
const h = (hours: number) => created + hours * HOUR;

describe('lastResolutionStamp', () => {
  it('is the last solve, else the close (a ticket closed without solving counts as solved at close)', () => {
    expect(evaluate(lastResolutionStamp, { solved: h(2), closed: h(50) })).toBe(h(2));
    expect(evaluate(lastResolutionStamp, { closed: h(50) })).toBe(h(50));
    expect(evaluate(lastResolutionStamp, {})).toBeNull();
  });
});

describe('firstResolutionStamp', () => {
  it('is the first solve; without it the last resolution of a ticket never reopened', () => {
    expect(evaluate(firstResolutionStamp, { first_solved: h(1), solved: h(9), reopens: 2 })).toBe(h(1));
    expect(evaluate(firstResolutionStamp, { solved: h(9), reopens: 0 })).toBe(h(9));
    // reopened: the last solve is not the first one, and there is no first-solved time -> none
    expect(evaluate(firstResolutionStamp, { solved: h(9), reopens: 2 })).toBeNull();
    // unknown reopen count: taken as never reopened
    expect(evaluate(firstResolutionStamp, { closed: h(4) })).toBe(h(4));
  });
});

describe('resolved_at', () => {
  const expr = (asOf: number) => resolvedAt.expr(referenceOptions({ asOf }));

  it('is the resolution instant when it lies before as-of', () => {
    expect(evaluate(expr(h(100)), { created, solved: h(5), closed: h(30) })).toBe(h(5));
    expect(evaluate(expr(h(100)), { created, closed: h(30) })).toBe(h(30));
  });

  it('falls back to created + the export full resolution duration', () => {
    expect(evaluate(expr(h(100)), { created, full_resolution_duration: 20 * HOUR })).toBe(h(20));
    // the timestamps win over the duration
    expect(evaluate(expr(h(100)), { created, solved: h(3), full_resolution_duration: 20 * HOUR })).toBe(h(3));
  });

  it('is none at or after as-of, and for an open ticket', () => {
    expect(evaluate(expr(h(5)), { created, solved: h(5) })).toBeNull();
    expect(evaluate(expr(h(5)), { created, solved: h(6) })).toBeNull();
    expect(evaluate(expr(h(5)), { created, full_resolution_duration: 5 * HOUR })).toBeNull();
    expect(evaluate(expr(h(5)), { created })).toBeNull();
  });

  it('is an instant derivation that states its order', () => {
    expect([resolvedAt.name, resolvedAt.kind]).toEqual(['resolved_at', 'instant']);
    expect(resolvedAt.describe).toContain('before as-of only');
  });
});

describe('isResolved and beforeAsOf', () => {
  it('isResolved holds where resolved_at has a value', () => {
    expect(holds(isResolved, { resolved_at: 0 })).toBe(true);
    expect(holds(isResolved, { resolved_at: null })).toBe(false);
  });

  it('beforeAsOf keeps an instant strictly before as-of', () => {
    expect(evaluate(beforeAsOf(ref('t'), { asOf: 10 }), { t: 9 })).toBe(9);
    expect(evaluate(beforeAsOf(ref('t'), { asOf: 10 }), { t: 10 })).toBeNull();
    expect(evaluate(beforeAsOf(num(3), { asOf: 10 }), {})).toBe(3);
  });
});

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
