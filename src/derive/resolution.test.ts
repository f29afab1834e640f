/** When a ticket was resolved: last solved, else closed, else created + the export's full resolution; before as-of. */
import { describe, expect, it } from 'vitest';
import { referenceOptions } from '../metrics/reference.js';
import { evaluate, holds, num, ref } from './expr.js';
import { beforeAsOf, firstResolutionStamp, isResolved, lastResolutionStamp, resolvedAt } from './resolution.js';

const HOUR = 3_600_000;
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
