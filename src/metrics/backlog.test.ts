/**
 * Backlog and backlog age at a period's end (or as-of): any creation date, resolved-by-then excluded,
 * calendar and business hours, and the scans a report makes period after period.
 */
import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { createTicketContext } from '../engine/context.js';
import { tableOf } from '../../test/helpers/tickets.js';
import { backlog, backlogAge } from './backlog.js';
import { DAY, HOUR, metricOver, referenceContext, referenceOptions } from './reference.js';

// The period is the second week [7 d, 14 d).
const week2 = { start: 7 * DAY, end: 14 * DAY };

describe('backlog', () => {
  it('counts the tickets created before the end and not resolved by then, whatever their creation date', () => {
    const tickets = [
      { id: 'old-open', created: 0 }, // counts
      { id: 'old-solved-late', created: DAY, solved: 15 * DAY }, // resolved after the end: open at the end, counts
      { id: 'old-solved', created: 2 * DAY, solved: 6 * DAY }, // resolved before: no
      { id: 'new-open', created: 8 * DAY }, // counts
      { id: 'new-closed', created: 9 * DAY, closed: 10 * DAY }, // closed without solving: resolved, no
      { id: 'later', created: 14 * DAY }, // created at the end instant: no (half-open)
    ];
    // old-open, old-solved-late, new-open -> 3
    expect(metricOver(backlog, tickets, referenceOptions(), week2)).toEqual({ kind: 'count', value: 3 });
  });

  it('a ticket resolved exactly at the end instant was still open before it: it counts', () => {
    const tickets = [{ created: 0, solved: 14 * DAY }];
    expect(metricOver(backlog, tickets, referenceOptions(), week2)).toEqual({ kind: 'count', value: 1 });
  });

  it('is measured at as-of when as-of comes before the period ends', () => {
    // as-of day 10: created day 9 open -> counts; created day 11 -> not yet created; solved day 12 -> open at as-of
    // (a resolution after as-of is none)
    const tickets = [{ created: 9 * DAY }, { created: 11 * DAY }, { created: 3 * DAY, solved: 12 * DAY }];
    expect(metricOver(backlog, tickets, referenceOptions({ asOf: 10 * DAY }), week2)).toEqual({
      kind: 'count',
      value: 2,
    });
  });

  it('is 0 for a group without open tickets', () => {
    expect(metricOver(backlog, [{ created: 0, solved: DAY }], referenceOptions(), week2)).toEqual({
      kind: 'count',
      value: 0,
    });
  });

  it('gives the same figures when one context is asked period after period (the scans go on from the last)', () => {
    const tickets = [
      { created: 0, solved: 10 * DAY },
      { created: 2 * DAY },
      { created: 8 * DAY, solved: 9 * DAY },
      { created: 12 * DAY, solved: 20 * DAY },
      { created: 16 * DAY },
    ];
    const options = referenceOptions();
    const all = Int32Array.of(0, 1, 2, 3, 4);
    const ctx = referenceContext(tickets, options);
    const ends = [7, 14, 21, 14, 28].map((d) => d * DAY);
    const fresh = ends.map((end) => metricOver(backlog, tickets, options, { start: end - 7 * DAY, end }));
    const reused = ends.map((end) => backlog.compute?.(ctx, all, { start: end - 7 * DAY, end, groupTickets: all }));
    // by hand: day 7 -> tickets 0, 1 (2); day 14 -> 1, 3 (2); day 21 -> 1, 4 (2); day 28 -> 1, 4 (2)
    expect(fresh.map((v) => (v.kind === 'count' ? v.value : null))).toEqual([2, 2, 2, 2, 2]);
    expect(reused).toEqual(fresh);
  });

  it('is unavailable without a resolution column', () => {
    expect(metricOver(backlog, [{ created: 0 }], referenceOptions(), week2)).toEqual({
      kind: 'unavailable',
      reason: 'no resolution column: map solved, closed or full_resolution_minutes',
    });
  });
});

describe('backlog_age', () => {
  it('is the backlog instant minus creation, in hours, over the backlog tickets', () => {
    // at day 14: created day 0 (336 h) and day 13.5 (12 h); the resolved one is left out
    // -> n 2, mean 174, median 174, p90 12 + 0.9 * 324 = 303.6, p95 12 + 0.95 * 324 = 319.8
    const tickets = [{ created: 0 }, { created: 13 * DAY + 12 * HOUR }, { created: DAY, solved: 2 * DAY }];
    const value = metricOver(backlogAge, tickets, referenceOptions(), week2);
    expect(value).toMatchObject({ kind: 'duration', unit: 'hours', n: 2, mean: 174, median: 174, min: 12, max: 336 });
    if (value.kind !== 'duration') throw new Error(value.kind);
    expect(value.p90).toBeCloseTo(303.6, 10);
    expect(value.p95).toBeCloseTo(319.8, 10);
  });

  it('reads the open tickets the backlog found for the row, and finds them itself otherwise', () => {
    const tickets = [{ created: 0 }, { created: DAY, solved: 2 * DAY }];
    const options = referenceOptions();
    const ctx = referenceContext(tickets, options);
    const all = Int32Array.of(0, 1);
    const shared = new Map<string, unknown>();
    backlog.compute?.(ctx, all, { ...week2, groupTickets: all, shared });
    // 14 days = 336 h, with and without the shared scan
    expect(backlogAge.compute?.(ctx, all, { ...week2, groupTickets: all, shared })).toMatchObject({
      n: 1,
      median: 336,
    });
    expect(shared.size).toBe(0);
    expect(backlogAge.compute?.(ctx, all, { ...week2, groupTickets: all })).toMatchObject({ n: 1, median: 336 });
  });

  it('counts only open hours with a business clock', () => {
    // Mon-Fri 09:00-17:00 UTC; created Friday 2025-01-10 16:00, measured Monday 2025-01-13 10:00:
    // 1 h on Friday + 1 h on Monday = 2 h (calendar: 66 h)
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
    const office = compileSchedule({ timezone: 'UTC', hours }, 'schedules.office');
    const table = tableOf([
      { created: '2025-01-10T16:00:00Z' },
      { created: '2025-01-09T10:00:00Z', solved: '2025-01-09T11:00:00Z' },
    ]);
    const clock = { kind: 'business' as const, schedules: [{ name: 'office', schedule: office }], by: null };
    const ctx = createTicketContext(table, referenceOptions({ clock }));
    const end = Date.parse('2025-01-13T10:00:00Z');
    const group = Int32Array.of(1, 0);
    expect(backlogAge.compute?.(ctx, group, { start: end - 7 * DAY, end, groupTickets: group })).toMatchObject({
      n: 1,
      median: 2,
    });
    const calendar = createTicketContext(table, referenceOptions());
    expect(backlogAge.compute?.(calendar, group, { start: end - 7 * DAY, end, groupTickets: group })).toMatchObject({
      median: 66,
    });
  });
});
