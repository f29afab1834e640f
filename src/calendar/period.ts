/**
 * Report periods (days, weeks, months) as calendar periods of the report zone: a day is midnight to
 * midnight on the zone's clocks, so it lasts 23 or 25 hours across a DST change.
 *
 * `periodStart` runs once per ticket, so it uses the cached conversions of zone.ts and remembers the
 * period start of each local date it has seen.
 */
import { usageError } from '../errors.js';
import { compileDateParser } from './date-format.js';
import { epochToWall, wallToEpoch, zoneOffsetMs } from './zone.js';

const DAY_MS = 86_400_000;

export type PeriodUnit = 'day' | 'week' | 'month';
export type WeekStart = 'monday' | 'sunday';

/** Period starts by local day number (days since 1970-01-01 on the zone's clocks), per unit, zone and week start. */
const startsByKey = new Map<string, Map<number, number>>();
let lastUnit: PeriodUnit | undefined;
let lastZone = '';
let lastWeekStart: WeekStart | undefined;
let lastStarts = new Map<number, number>();
const MAX_CACHED_DAYS = 1_000_000;

/** Days to step back from a weekday (1 = Monday .. 7 = Sunday) to the start of its week. */
const daysIntoWeek = (weekday: number, weekStart: WeekStart): number =>
  weekStart === 'monday' ? weekday - 1 : weekday % 7;

/**
 * Start (epoch ms) of the day, week or month of `zone` that contains the instant `epochMs`: the first
 * instant of its first day. Midnight skipped by DST (clocks jumping 00:00 -> 01:00) gives 01:00, the
 * day's first instant. NaN for NaN.
 *
 * @example
 * // Wednesday 2025-11-26 -> its week starts Monday 2025-11-24 00:00 EST (05:00 UTC)
 * periodStart(Date.UTC(2025, 10, 26, 12), 'week', 'America/New_York', 'monday') // Date.UTC(2025, 10, 24, 5)
 */
export function periodStart(epochMs: number, unit: PeriodUnit, zone: string, weekStart: WeekStart): number {
  // The period depends only on the local date, and a report has a few thousand of those.
  const offsetMs = zoneOffsetMs(zone, epochMs);
  if (Number.isNaN(offsetMs)) return NaN;
  if (unit !== lastUnit || zone !== lastZone || weekStart !== lastWeekStart) {
    const key = `${unit} ${weekStart} ${zone}`;
    let starts = startsByKey.get(key);
    if (starts === undefined) {
      starts = new Map();
      startsByKey.set(key, starts);
    }
    [lastUnit, lastZone, lastWeekStart, lastStarts] = [unit, zone, weekStart, starts];
  }
  const localDay = Math.floor((epochMs + offsetMs) / DAY_MS);
  const cached = lastStarts.get(localDay);
  if (cached !== undefined) return cached;
  const wall = epochToWall(zone, epochMs);
  const start =
    unit === 'day'
      ? wallToEpoch(zone, wall.year, wall.month, wall.day, 0, 0, 0, 0)
      : unit === 'week'
        ? wallToEpoch(zone, wall.year, wall.month, wall.day - daysIntoWeek(wall.weekday, weekStart), 0, 0, 0, 0)
        : wallToEpoch(zone, wall.year, wall.month, 1, 0, 0, 0, 0);
  if (lastStarts.size > MAX_CACHED_DAYS) lastStarts.clear();
  lastStarts.set(localDay, start);
  return start;
}

/**
 * Start (epoch ms) of the period after the one starting at `startMs` (a value from `periodStart`):
 * the next midnight, the midnight 7 days on, or the first of the next month, on the clocks of
 * `zone`. So a day is 23 or 25 hours long across DST changes.
 *
 * @example
 * // 2025-03-09 lasts 23 hours (EST -> EDT): from 05:00 UTC to the next midnight, 04:00 UTC (EDT)
 * nextPeriodStart(Date.UTC(2025, 2, 9, 5), 'day', 'America/New_York') // Date.UTC(2025, 2, 10, 4)
 */
export function nextPeriodStart(startMs: number, unit: PeriodUnit, zone: string): number {
  const wall = epochToWall(zone, startMs);
  if (unit === 'month') return wallToEpoch(zone, wall.year, wall.month + 1, 1, 0, 0, 0, 0);
  return wallToEpoch(zone, wall.year, wall.month, wall.day + (unit === 'day' ? 1 : 7), 0, 0, 0, 0);
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));
const dateText = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;

/** The calendar date `days` after year-month-day (negative: before). */
function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  // Date arithmetic only: UTC has no DST, so whole days stay whole days.
  return epochToWall('UTC', wallToEpoch('UTC', year, month, day + days, 0, 0, 0, 0));
}

/**
 * Label of the period containing the instant `startMs` in `zone`:
 * - day: the date, `2025-11-24`;
 * - week starting Monday: the ISO 8601 week, `2025-W48` (the week belongs to the year of its
 *   Thursday, so 2024-12-30 is in 2025-W01 and 2021-01-03 in 2020-W53);
 * - week starting Sunday: ISO weeks cannot start on Sunday, so the label is the date of the
 *   week's Sunday, `2025-11-23`;
 * - month: `2025-11`.
 *
 * @example periodLabel(Date.UTC(2025, 10, 24, 5), 'week', 'America/New_York', 'monday') // '2025-W48'
 * @example periodLabel(Date.UTC(2025, 10, 24, 5), 'week', 'America/New_York', 'sunday') // '2025-11-23'
 */
export function periodLabel(startMs: number, unit: PeriodUnit, zone: string, weekStart: WeekStart): string {
  const wall = epochToWall(zone, startMs);
  if (unit === 'day') return dateText(wall.year, wall.month, wall.day);
  if (unit === 'month') return `${String(wall.year).padStart(4, '0')}-${pad2(wall.month)}`;
  if (weekStart === 'sunday') {
    const sunday = addDays(wall.year, wall.month, wall.day, -(wall.weekday % 7));
    return dateText(sunday.year, sunday.month, sunday.day);
  }
  const thursday = addDays(wall.year, wall.month, wall.day, 4 - wall.weekday);
  const dayOfYear =
    (wallToEpoch('UTC', thursday.year, thursday.month, thursday.day, 0, 0, 0, 0) -
      wallToEpoch('UTC', thursday.year, 1, 1, 0, 0, 0, 0)) /
      DAY_MS +
    1;
  return `${String(thursday.year).padStart(4, '0')}-W${pad2(Math.floor((dayOfYear - 1) / 7) + 1)}`;
}

/**
 * Reads a `--since` / `--until` style boundary as epoch ms. In: ISO 8601 text (`2025-11-24` is
 * midnight in `zone`; `2025-11-24T09:00` is wall time in `zone`; an offset or `Z` is honored),
 * the report zone, and the option name for errors. Throws usage error `bad_boundary` naming
 * `option` with an example when the text is not a valid date.
 *
 * A date-only `--until` gives that day's midnight, the START of the day: a caller that wants the
 * day included should move it to `nextPeriodStart(value, 'day', zone)`.
 *
 * @example
 * // midnight in Berlin (CET, +01:00) is 23:00 UTC the day before
 * parseBoundary('2025-11-24', 'Europe/Berlin', '--since') // Date.UTC(2025, 10, 23, 23)
 */
export function parseBoundary(text: string, zone: string, option: string): number {
  const epochMs = compileDateParser({ timeZone: zone, timeZoneOption: 'the report time zone' })(text);
  if (Number.isNaN(epochMs)) {
    throw usageError('bad_boundary', `${option} "${text}" is not a valid date or time`, {
      hint:
        `Use ISO 8601, e.g. ${option} 2025-11-24 (midnight in ${zone}), ` +
        `${option} 2025-11-24T09:30, or ${option} 2025-11-24T09:30:00+01:00.`,
      where: option,
    });
  }
  return epochMs;
}
