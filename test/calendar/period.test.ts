import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  nextPeriodStart,
  parseBoundary,
  periodLabel,
  periodStart,
  type PeriodUnit,
  type WeekStart,
} from '../../src/calendar/period.js';
import { epochToWall } from '../../src/calendar/zone.js';

const HOUR = 3_600_000;
const utc = Date.UTC;

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('periodStart and nextPeriodStart', () => {
  it.each([
    // instant, unit, zone, week start, expected start, expected next start; arithmetic in the comment
    // Wed 2025-11-26 07:00 EST; day starts 00:00 EST = 05:00 UTC
    [utc(2025, 10, 26, 12), 'day', 'America/New_York', 'monday', utc(2025, 10, 26, 5), utc(2025, 10, 27, 5)],
    // the Monday before is 2025-11-24, the Sunday 2025-11-23; 7 days later the next week
    [utc(2025, 10, 26, 12), 'week', 'America/New_York', 'monday', utc(2025, 10, 24, 5), utc(2025, 11, 1, 5)],
    [utc(2025, 10, 26, 12), 'week', 'America/New_York', 'sunday', utc(2025, 10, 23, 5), utc(2025, 10, 30, 5)],
    // Nov 1 is still EDT (+4 h)
    [utc(2025, 10, 26, 12), 'month', 'America/New_York', 'monday', utc(2025, 10, 1, 4), utc(2025, 11, 1, 5)],
    // 03:00 UTC on Nov 24 is 22:00 EST on Sunday Nov 23: the local date decides, not the UTC one
    [utc(2025, 10, 24, 3), 'day', 'America/New_York', 'monday', utc(2025, 10, 23, 5), utc(2025, 10, 24, 5)],
    [utc(2025, 10, 24, 3), 'week', 'America/New_York', 'monday', utc(2025, 10, 17, 5), utc(2025, 10, 24, 5)],
    [utc(2025, 10, 24, 3), 'week', 'America/New_York', 'sunday', utc(2025, 10, 23, 5), utc(2025, 10, 30, 5)],
    // a start maps to itself
    [utc(2025, 10, 24, 5), 'week', 'America/New_York', 'monday', utc(2025, 10, 24, 5), utc(2025, 11, 1, 5)],
    // spring forward: 2025-03-09 starts 00:00 EST (05:00 UTC), ends 00:00 EDT (04:00 UTC): 23 hours
    [utc(2025, 2, 9, 12), 'day', 'America/New_York', 'monday', utc(2025, 2, 9, 5), utc(2025, 2, 10, 4)],
    // fall back: 2025-11-02 starts 00:00 EDT (04:00 UTC), ends 00:00 EST (05:00 UTC): 25 hours
    [utc(2025, 10, 2, 12), 'day', 'America/New_York', 'monday', utc(2025, 10, 2, 4), utc(2025, 10, 3, 5)],
    // the week holding the fall-back day: Mon Oct 27 00:00 EDT to Mon Nov 3 00:00 EST, 7 days + 1 h
    [utc(2025, 10, 2, 12), 'week', 'America/New_York', 'monday', utc(2025, 9, 27, 4), utc(2025, 10, 3, 5)],
    // Berlin, March 2025: 00:00 CET on Mar 1 (23:00 UTC Feb 28) to 00:00 CEST on Apr 1 (22:00 UTC Mar 31)
    [utc(2025, 2, 15), 'month', 'Europe/Berlin', 'monday', utc(2025, 1, 28, 23), utc(2025, 2, 31, 22)],
    // Berlin 2024-02-29 23:30 UTC is 2024-03-01 00:30 CET: March, of a leap year
    [utc(2024, 1, 29, 23, 30), 'month', 'Europe/Berlin', 'monday', utc(2024, 1, 29, 23), utc(2024, 2, 31, 22)],
    // Feb 29 itself
    [utc(2024, 1, 29, 22, 30), 'day', 'Europe/Berlin', 'monday', utc(2024, 1, 28, 23), utc(2024, 1, 29, 23)],
    // year end in UTC
    [utc(2025, 11, 31, 23, 30), 'month', 'UTC', 'monday', utc(2025, 11, 1), utc(2026, 0, 1)],
    [utc(2025, 11, 31, 23, 30), 'week', 'UTC', 'monday', utc(2025, 11, 29), utc(2026, 0, 5)], // Dec 29 is a Monday
    // Kolkata: 20:00 UTC + 5:30 = 01:30 Nov 25; midnight IST = 18:30 UTC the day before
    [utc(2025, 10, 24, 20), 'day', 'Asia/Kolkata', 'monday', utc(2025, 10, 24, 18, 30), utc(2025, 10, 25, 18, 30)],
    // Adelaide: 2025-10-05 starts 00:00 ACST (+9:30 -> 14:30 UTC Oct 4), ends 00:00 ACDT (+10:30 -> 13:30 UTC Oct 5)
    [utc(2025, 9, 5, 6), 'day', 'Australia/Adelaide', 'monday', utc(2025, 9, 4, 14, 30), utc(2025, 9, 5, 13, 30)],
    // Beirut has no midnight on 2025-03-30 (00:00 -> 01:00 EEST): the day starts 01:00 EEST = 22:00 UTC Mar 29
    [utc(2025, 2, 30, 12), 'day', 'Asia/Beirut', 'monday', utc(2025, 2, 29, 22), utc(2025, 2, 30, 21)],
  ] as const)('%d %s in %s (%s weeks)', (epochMs, unit, zone, weekStart, start, next) => {
    expect(periodStart(epochMs, unit, zone, weekStart)).toBe(start);
    expect(nextPeriodStart(start, unit, zone)).toBe(next);
  });

  it('is NaN for NaN', () => {
    expect(periodStart(NaN, 'day', 'UTC', 'monday')).toBeNaN();
  });

  it('keeps zones, units and week starts apart in its cache', () => {
    const instant = utc(2025, 10, 26, 12);
    // Same instant, different questions, asked in turn.
    expect(periodStart(instant, 'week', 'Europe/Berlin', 'monday')).toBe(utc(2025, 10, 23, 23));
    expect(periodStart(instant, 'week', 'Europe/Berlin', 'sunday')).toBe(utc(2025, 10, 22, 23));
    expect(periodStart(instant, 'week', 'Asia/Tokyo', 'monday')).toBe(utc(2025, 10, 23, 15));
    expect(periodStart(instant, 'day', 'Asia/Tokyo', 'monday')).toBe(utc(2025, 10, 25, 15));
    expect(periodStart(instant, 'week', 'Europe/Berlin', 'monday')).toBe(utc(2025, 10, 23, 23));
  });
});

describe('periodLabel', () => {
  it.each([
    // local date (as an instant at 12:00 UTC, the same date in UTC), ISO week label, arithmetic
    [utc(2025, 10, 24, 12), '2025-W48', '2024-12-30 starts W01; Nov 24 is 329 days = 47 weeks later'],
    [utc(2020, 11, 31, 12), '2020-W53', '2020 began on a Wednesday of a leap year: 53 weeks'],
    [utc(2021, 0, 3, 12), '2020-W53', 'Sunday: its Thursday is 2020-12-31'],
    [utc(2021, 0, 4, 12), '2021-W01', 'the Monday after'],
    [utc(2024, 11, 30, 12), '2025-W01', 'Monday whose Thursday is 2025-01-02'],
    [utc(2024, 11, 29, 12), '2024-W52', 'Sunday before'],
    [utc(2026, 0, 1, 12), '2026-W01', 'Thursday Jan 1'],
    [utc(2027, 0, 1, 12), '2026-W53', 'Friday: its Thursday is 2026-12-31, and 2026 began on a Thursday'],
    [utc(2008, 11, 29, 12), '2009-W01', 'Monday whose Thursday is 2009-01-01'],
    [utc(2025, 0, 6, 12), '2025-W02', 'a week after 2024-12-30'],
  ])('ISO week of %d is %s (%s)', (epochMs, expected) => {
    expect(periodLabel(epochMs, 'week', 'UTC', 'monday')).toBe(expected);
  });

  it.each([
    [utc(2025, 10, 24, 12), 'day', 'UTC', 'monday', '2025-11-24'],
    [utc(2025, 10, 24, 12), 'month', 'UTC', 'monday', '2025-11'],
    [utc(2025, 10, 26, 12), 'week', 'UTC', 'sunday', '2025-11-23'], // the Sunday before Wednesday Nov 26
    [utc(2025, 10, 23, 12), 'week', 'UTC', 'sunday', '2025-11-23'], // a Sunday labels its own week
    [utc(2025, 0, 1, 12), 'week', 'UTC', 'sunday', '2024-12-29'], // across the year end
    // 03:00 UTC Nov 24 is 22:00 on Sunday Nov 23 in New York: the zone's date is labelled
    [utc(2025, 10, 24, 3), 'day', 'America/New_York', 'monday', '2025-11-23'],
    [utc(2025, 10, 24, 3), 'week', 'America/New_York', 'monday', '2025-W47'],
    [utc(2025, 11, 31, 23, 30), 'month', 'Asia/Tokyo', 'monday', '2026-01'], // 08:30 Jan 1 in Tokyo
    [utc(2025, 11, 31, 23, 30), 'month', 'America/New_York', 'monday', '2025-12'],
  ] as const)('%d %s in %s (%s weeks) is %s', (epochMs, unit, zone, weekStart, expected) => {
    expect(periodLabel(epochMs, unit, zone, weekStart)).toBe(expected);
  });
});

describe('parseBoundary', () => {
  it.each([
    // Berlin is CET (+1) in November
    ['2025-11-24', 'Europe/Berlin', utc(2025, 10, 23, 23)],
    ['2025-11-24T09:30', 'Europe/Berlin', utc(2025, 10, 24, 8, 30)],
    ['2025-11-24 09:30:15', 'America/New_York', utc(2025, 10, 24, 14, 30, 15)],
    ['2025-11-24T09:30:00+01:00', 'America/New_York', utc(2025, 10, 24, 8, 30)], // the offset wins
    ['2025-11-24T09:30:00Z', 'Asia/Kolkata', utc(2025, 10, 24, 9, 30)],
  ])('%s in %s', (text, zone, expected) => {
    expect(parseBoundary(text, zone, '--since')).toBe(expected);
  });

  it.each(['yesterday', '2025-13-01', '2025-02-29', '24/11/2025', ''])(
    'rejects %j naming the option with an example',
    (text) => {
      const error = thrown(() => parseBoundary(text, 'Europe/Berlin', '--until'));
      expect(error.code).toBe('bad_boundary');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('--until');
      expect(error.message).toContain(`"${text}"`);
      expect(error.where).toBe('--until');
      expect(error.hint).toContain('2025-11-24');
    },
  );
});

const ZONES = [
  'UTC',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Beirut',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
];
const UNITS: PeriodUnit[] = ['day', 'week', 'month'];
const WEEK_STARTS: WeekStart[] = ['monday', 'sunday'];

describe('properties', () => {
  const cases = fc.record({
    epochMs: fc.integer({ min: utc(1995, 0, 1), max: utc(2040, 0, 1) }),
    unit: fc.constantFrom(...UNITS),
    zone: fc.constantFrom(...ZONES),
    weekStart: fc.constantFrom(...WEEK_STARTS),
  });

  it('periodStart(t) <= t < nextPeriodStart(periodStart(t)), and the start is its own start', () => {
    fc.assert(
      fc.property(cases, ({ epochMs, unit, zone, weekStart }) => {
        const start = periodStart(epochMs, unit, zone, weekStart);
        const next = nextPeriodStart(start, unit, zone);
        expect(start).toBeLessThanOrEqual(epochMs);
        expect(epochMs).toBeLessThan(next);
        expect(periodStart(start, unit, zone, weekStart)).toBe(start);
        // periods tile the timeline: the next one starts where this one ends
        expect(periodStart(next, unit, zone, weekStart)).toBe(next);
        expect(periodStart(next - 1, unit, zone, weekStart)).toBe(start);
      }),
      { numRuns: 1000 },
    );
  });

  it('a period starts on the right weekday or month day, and lasts whole days give or take a DST shift', () => {
    fc.assert(
      fc.property(cases, ({ epochMs, unit, zone, weekStart }) => {
        const start = periodStart(epochMs, unit, zone, weekStart);
        const wall = epochToWall(zone, start);
        if (unit === 'week') expect(wall.weekday).toBe(weekStart === 'monday' ? 1 : 7);
        if (unit === 'month') expect(wall.day).toBe(1);
        const hours = (nextPeriodStart(start, unit, zone) - start) / HOUR;
        const days = unit === 'day' ? [1] : unit === 'week' ? [7] : [28, 29, 30, 31];
        // DST shifts are 1 h, or 30 min on Lord Howe Island
        expect(days.some((d) => Math.abs(hours - 24 * d) <= 1)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
