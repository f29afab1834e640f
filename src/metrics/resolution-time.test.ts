/**
 * First and full resolution time (hours) on Zendesk-like tickets: solved, closed without solving,
 * reopened tickets, the export's columns, --recompute and as-of.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, metricOver, referenceOptions } from './reference.js';
import { resolutionFirst, resolutionFull, resolutionUnavailable } from './resolution-time.js';

const created = Date.parse('2025-11-17T09:00:00Z');
const h = (hours: number) => created + hours * HOUR;

describe('resolution_full', () => {
  it('is the last solve (else the close) minus creation; open tickets are left out', () => {
    // solved after 6 h; closed without solving after 24 h; solved 10 h and closed 30 h -> 10 (solved wins); open
    // -> values 6, 10, 24: n 3, mean 40 / 3, median 10,
    // p90: h = 2 * 0.9 = 1.8 -> 10 + 0.8 * 14 = 21.2; p95: h = 1.9 -> 10 + 0.9 * 14 = 22.6
    const tickets = [
      { created, solved: h(6) },
      { created, closed: h(24) },
      { created, solved: h(10), closed: h(30) },
      { created },
    ];
    const value = metricOver(resolutionFull, tickets);
    expect(value).toMatchObject({ kind: 'duration', unit: 'hours', n: 3, median: 10, min: 6, max: 24 });
    if (value.kind !== 'duration') throw new Error(value.kind);
    expect(value.mean).toBeCloseTo(40 / 3, 12);
    expect(value.p90).toBeCloseTo(21.2, 12);
    expect(value.p95).toBeCloseTo(22.6, 12);
  });

  it("prefers Zendesk's `Full resolution time in minutes`, the timestamps with --recompute", () => {
    // stamps say 10 h, the column 12 h; a ticket with the column only: created + 5 h
    const tickets = [
      { created, solved: h(10), full_resolution_duration: 12 * HOUR },
      { created, full_resolution_duration: 5 * HOUR },
    ];
    expect(metricOver(resolutionFull, tickets)).toMatchObject({ n: 2, min: 5, max: 12 });
    expect(metricOver(resolutionFull, tickets, referenceOptions({ recompute: true }))).toMatchObject({
      min: 5,
      max: 10,
    });
  });

  it('counts only resolutions before as-of', () => {
    // as-of 12 h: solved at 6 h counts; at 12 h (as-of itself) and at 20 h do not
    const tickets = [
      { created, solved: h(6) },
      { created, solved: h(12) },
      { created, solved: h(20) },
    ];
    expect(metricOver(resolutionFull, tickets, referenceOptions({ asOf: h(12) }))).toMatchObject({ n: 1, median: 6 });
  });

  it('is unavailable without solved, closed or the full resolution column', () => {
    expect(metricOver(resolutionFull, [{ created, first_reply: h(1) }])).toEqual({
      kind: 'unavailable',
      reason: 'no resolution column: map solved, closed or full_resolution_minutes',
    });
  });
});

describe('resolution_first', () => {
  it('is the first solve minus creation; without it, the last resolution unless the ticket was reopened', () => {
    // first solved 2 h (reopened, solved again at 10 h) -> 2; never reopened, solved 10 h -> 10;
    // reopened twice, no first-solved time -> no value; reopen count unknown (null) -> as not reopened: 8
    const tickets = [
      { created, first_solved: h(2), solved: h(10), reopens: 1 },
      { created, solved: h(10), reopens: 0 },
      { created, solved: h(10), reopens: 2 },
      { created, solved: h(8), reopens: null },
    ];
    expect(metricOver(resolutionFirst, tickets)).toMatchObject({ n: 3, min: 2, median: 8, max: 10 });
  });

  it('without a reopens column, first resolution = full resolution', () => {
    const tickets = [
      { created, solved: h(3) },
      { created, closed: h(7) },
    ];
    expect(metricOver(resolutionFirst, tickets)).toEqual(metricOver(resolutionFull, tickets));
  });

  it("uses the export's first resolution column, and only events before as-of", () => {
    // the column: 4 h; a first solve at 30 h is after as-of (24 h)
    const tickets = [
      { created, first_solved: h(1), first_resolution_duration: 4 * HOUR },
      { created, first_solved: h(30) },
    ];
    expect(metricOver(resolutionFirst, tickets, referenceOptions({ asOf: h(24) }))).toMatchObject({ n: 1, median: 4 });
  });

  it('is available with a first-solved timestamp alone, unavailable with nothing', () => {
    expect(metricOver(resolutionFirst, [{ created, first_solved: h(1) }])).toMatchObject({ n: 1, median: 1 });
    expect(metricOver(resolutionFirst, [{ created }])).toEqual({
      kind: 'unavailable',
      reason: 'no resolution column: map solved, closed, first_solved or first_resolution_minutes',
    });
  });

  it('resolutionUnavailable (shared by the rate and the backlog) accepts the full resolution column alone', () => {
    const ctx = { table: { present: new Set(['full_resolution_duration']) } } as never;
    expect(resolutionUnavailable(ctx)).toBeNull();
  });
});
