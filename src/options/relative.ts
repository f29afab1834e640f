/**
 * Relative windows for scheduled jobs: `--last week`, `--last 7d`, `--since "monday last week"`,
 * computed with date-fns on the report zone's calendar (TZDate), from the current instant the caller
 * passes in. Pure: nothing here reads the clock, so a test fixes "now" and gets the same window.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { startOfDay } from 'date-fns/startOfDay';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import { subDays } from 'date-fns/subDays';
import { subMonths } from 'date-fns/subMonths';
import { subWeeks } from 'date-fns/subWeeks';
import { usageError } from '../errors.js';

export type WeekStart = 'monday' | 'sunday';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const UNIT = /^(day|week|month)s?$/;

/** The calendar of one zone at one instant: today's start, this week's, this month's. */
interface Calendar {
  today: TZDate;
  week: TZDate;
  month: TZDate;
}

function calendarAt(now: number, zone: string, weekStart: WeekStart): Calendar {
  const local = new TZDate(now, zone);
  return {
    today: startOfDay(local),
    week: startOfWeek(local, { weekStartsOn: weekStart === 'monday' ? 1 : 0 }),
    month: startOfMonth(local),
  };
}

/** The day of `weekday` in the week that starts at `weekStart` (a week's days follow its start). */
function dayOfWeek(week: TZDate, weekday: number): TZDate {
  return addDays(week, (weekday - week.getDay() + 7) % 7);
}

function back(from: TZDate, count: number, unit: string): TZDate {
  if (unit.startsWith('day')) return subDays(from, count);
  if (unit.startsWith('week')) return subWeeks(from, count);
  return subMonths(from, count);
}

/** Relative expressions `--since`/`--until` take, for messages. */
export const RELATIVE_EXAMPLES =
  'today, yesterday, now, "7 days ago", "2 weeks ago", "this week", "last week", "this month", ' +
  '"last month", "monday this week", "monday last week", "last friday"';

/**
 * A relative date in `zone`'s calendar at `now`, or null when `text` is not one (a plain date then).
 * Days, weeks and months start at midnight; weeks on `weekStart`. Case-insensitive.
 *
 * - `now`; `today`, `yesterday`, `tomorrow`;
 * - `N days ago`, `N weeks ago`, `N months ago` (from today's start);
 * - `this week`, `last week`, `this month`, `last month` (their first day);
 * - `<weekday> this week`, `<weekday> last week`, `last <weekday>` (the latest before today).
 *
 * @example
 * // Monday 2025-11-17 00:00 in Berlin (UTC+1), seen from Wednesday 2025-11-26
 * relativeInstant('monday last week', 'Europe/Berlin', Date.UTC(2025, 10, 26, 12), 'monday')
 * // Date.UTC(2025, 10, 16, 23)
 */
export function relativeInstant(text: string, zone: string, now: number, weekStart: WeekStart): number | null {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const cal = calendarAt(now, zone, weekStart);
  if (words === 'now') return now;
  if (words === 'today') return cal.today.getTime();
  if (words === 'yesterday') return subDays(cal.today, 1).getTime();
  if (words === 'tomorrow') return addDays(cal.today, 1).getTime();
  const ago = /^(\d+) (days?|weeks?|months?) ago$/.exec(words);
  if (ago) return back(cal.today, Number(ago[1]), ago[2] as string).getTime();
  const period = /^(this|last) (week|month)$/.exec(words);
  if (period) {
    const start = period[2] === 'week' ? cal.week : cal.month;
    return (period[1] === 'this' ? start : back(start, 1, period[2] as string)).getTime();
  }
  const inWeek = /^([a-z]+) (this|last) week$/.exec(words);
  const weekday = (name: string | undefined) => WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]);
  if (inWeek && weekday(inWeek[1]) >= 0) {
    const week = inWeek[2] === 'this' ? cal.week : subWeeks(cal.week, 1);
    return dayOfWeek(week, weekday(inWeek[1])).getTime();
  }
  const last = /^last ([a-z]+)$/.exec(words);
  if (last && weekday(last[1]) >= 0) {
    const days = (cal.today.getDay() - weekday(last[1]) + 7) % 7 || 7;
    return subDays(cal.today, days).getTime();
  }
  return null;
}

/**
 * The window `--last SPAN` names, half-open and ending where the current period starts, so it holds
 * only whole periods: `day` / `week` / `month` the previous one (`week` is last week, Monday to
 * Monday or as `weekStart` says); `N days` / `Nd`, `N weeks` / `Nw`, `N months` / `Nm` the N before
 * the current one.
 *
 * @example lastWindow('7d', 'UTC', Date.UTC(2025, 10, 26, 12), 'monday')
 * // { since: Date.UTC(2025, 10, 19), until: Date.UTC(2025, 10, 26) }
 */
export function lastWindow(
  span: string,
  zone: string,
  now: number,
  weekStart: WeekStart,
): { since: number; until: number } {
  const words = span.trim().toLowerCase();
  const match = /^(\d+)?\s*(d|w|m|days?|weeks?|months?)$/.exec(words);
  const count = match?.[1] === undefined ? 1 : Number(match[1]);
  const short: Record<string, string> = { d: 'day', w: 'week', m: 'month' };
  const unit = match === null ? '' : (short[match[2] as string] ?? (match[2] as string));
  if (match === null || !UNIT.test(unit) || count < 1) {
    throw usageError('bad_option', `--last ${span}: not a span of days, weeks or months`, {
      where: '--last',
      hint: 'For example --last week (last Monday to this Monday), --last 7d, --last 4w, --last month.',
    });
  }
  const cal = calendarAt(now, zone, weekStart);
  const until = unit.startsWith('day') ? cal.today : unit.startsWith('week') ? cal.week : cal.month;
  return { since: back(until, count, unit).getTime(), until: until.getTime() };
}

/**
 * Zone abbreviations people write for a place's zone, with that zone. Such a name is either unknown
 * or, where the runtime knows it (EST, MST, HST), a fixed offset that ignores the place's daylight
 * saving time: an hour off for half the year.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver (or America/Phoenix, which keeps MST all year)',
  MDT: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata (or Europe/Dublin)',
  WET: 'Europe/Lisbon',
  CET: 'Europe/Berlin (or your capital: Europe/Paris, Europe/Madrid...)',
  CEST: 'Europe/Berlin',
  MET: 'Europe/Berlin',
  EET: 'Europe/Athens (or Europe/Helsinki, Europe/Bucharest...)',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  AEST: 'Australia/Sydney (or Australia/Brisbane, which keeps AEST all year)',
  AEDT: 'Australia/Sydney',
};

/**
 * Refuses a zone abbreviation (`EST`, `PST`, `CET`) unless `allow`: it names no place, and the
 * runtime reads it as a fixed offset or guesses; the hint names the IANA zone meant.
 * @example
 * // throws AppError fixed_offset_zone, whose hint names the place's zone meant
 * const error = (() => {
 *   try {
 *     refuseAbbreviation('EST', '--tz', false);
 *   } catch (e) {
 *     return e;
 *   }
 * })();
 * [error.code, error.hint.includes('America/New_York')]
 * // ['fixed_offset_zone', true]
 * @example refuseAbbreviation('EST', '--tz', true) // undefined
 */
export function refuseAbbreviation(zone: string, where: string, allow: boolean): void {
  const meant = ABBREVIATIONS[zone.trim().toUpperCase()];
  if (meant === undefined || allow) return;
  throw usageError(
    'fixed_offset_zone',
    `${where} ${zone} is a zone abbreviation, not a place's zone: it does not follow the daylight saving ` +
      'time of the place you mean',
    { where, hint: `Use ${meant}; or pass --allow-fixed-offset to keep ${zone} as the runtime reads it.` },
  );
}
