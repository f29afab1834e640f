/**
 * Business-hours schedules from the config: a spec (`timezone`, `hours` per weekday, `holidays`)
 * validated and compiled into a Schedule (schedule.ts), every error naming the config key path, the
 * rule and the value found.
 */
import { configError } from '../errors.js';
import type { HolidayDay, OpenInterval, Schedule, ScheduleSpec } from './schedule.js';
import { DAY_MINUTES, DAY_MS, formatEpochDay, MINUTE_MS, WEEKDAYS, weekdayIndex } from './schedule.js';

const SPEC_KEYS = ['timezone', 'hours', 'holidays'] as const;
const HOLIDAY_KEYS = ['date', 'end', 'hours', 'name'] as const;
const INTERVAL_RE = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTERVAL_HINT =
  'Write intervals as "HH:MM-HH:MM" on a 24-hour clock, e.g. "09:00-17:30"; ' +
  '"00:00-24:00" is a whole day and "22:00-06:00" runs past midnight.';

/** An interval with where it came from, so later checks can point at the config entry. */
interface SourcedInterval extends OpenInterval {
  readonly text: string;
  readonly where: string;
}

/**
 * Validates a schedule from the config and compiles it for counting.
 *
 * Rejects, with a config error whose `where` is the key path under `path`: a missing or unknown
 * time zone, unknown keys (a typo such as `hollidays` would otherwise silently change every number),
 * interval text that does not parse, an interval whose end equals its start, intervals overlapping
 * on the same day or running past midnight into the next day's intervals, a week with no open hours,
 * impossible dates, a range ending before it starts, and a partial-day holiday on a date that another
 * holiday entry also covers. The spec is not modified.
 *
 * @param spec - the schedule as read from JSON/YAML
 * @param path - config key path of the schedule, e.g. `schedules.support`, used in error locations
 * @returns the frozen compiled schedule
 * @throws AppError (kind `config`) with codes `bad_schedule`, `unknown_key`, `bad_timezone`,
 *   `bad_hours`, `bad_interval`, `empty_interval`, `overlapping_intervals`, `no_open_hours`,
 *   `bad_holiday`, `bad_date`, `bad_date_range`, `conflicting_holiday`
 *
 * @example
 * const s = compileSchedule({ timezone: 'UTC', hours: { mon: ['09:00-12:30', '13:30-18:00'] } }, 'schedules.support');
 * // Monday's intervals in minutes since midnight, and the week's open time: 3.5 h + 4.5 h
 * [s.week[0], s.weekOpenMs]
 * // [[{ startMinute: 540, endMinute: 750 }, { startMinute: 810, endMinute: 1080 }], 8 * HOUR]
 */
export function compileSchedule(spec: ScheduleSpec, path: string): Schedule {
  if (!isRecord(spec)) {
    throw configError('bad_schedule', `a schedule must be a mapping with timezone and hours; found ${show(spec)}`, {
      where: path,
      hint:
        'Give the schedule a timezone (IANA name) and hours per weekday, ' +
        'e.g. { timezone: Europe/Berlin, hours: { mon: ["09:00-17:00"] } }.',
    });
  }
  checkKeys(spec, SPEC_KEYS, path);
  const timezone = parseTimezone(spec.timezone, `${path}.timezone`);
  const week = parseWeek(spec.hours, `${path}.hours`);
  for (let day = 0; day < 7; day++) {
    checkNoSpillOverlap(week[day] ?? [], week[(day + 1) % 7] ?? [], WEEKDAYS[(day + 1) % 7] ?? '');
  }
  const weekOpenMinutes = week.reduce(
    (sum, day) => sum + day.reduce((s, iv) => s + iv.endMinute - iv.startMinute, 0),
    0,
  );
  if (weekOpenMinutes === 0) {
    throw configError('no_open_hours', 'the schedule has no open hours on any weekday', {
      where: `${path}.hours`,
      hint:
        'Give at least one weekday an interval, e.g. mon: ["09:00-17:00"]; ' +
        'with no open hours no business time could ever elapse.',
    });
  }
  const holidays = parseHolidays(spec.holidays, `${path}.holidays`, week);

  const hoursByEpochDay = new Map<number, readonly OpenInterval[]>();
  const holidaysByDate = new Map<string, HolidayDay>();
  for (const [epochDay, holiday] of [...holidays].sort((a, b) => a[0] - b[0])) {
    const hours = freezeIntervals(holiday.hours);
    hoursByEpochDay.set(epochDay, hours);
    holidaysByDate.set(formatEpochDay(epochDay), Object.freeze({ name: holiday.name, hours }));
  }
  return Object.freeze({
    timezone,
    week: Object.freeze(week.map(freezeIntervals)),
    holidays: holidaysByDate,
    weekOpenMs: weekOpenMinutes * MINUTE_MS,
    hoursByEpochDay,
    holidayEpochDays: Object.freeze([...hoursByEpochDay.keys()]),
  });
}

function parseTimezone(value: unknown, where: string): string {
  const hint = 'Use an IANA zone name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC.';
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError('bad_timezone', `the schedule needs a timezone (IANA name); found ${show(value)}`, {
      where,
      hint,
    });
  }
  try {
    // Intl is the authority on zone names; tzOffset alone would read strings such as "x+05" as offsets.
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw configError('bad_timezone', `unknown time zone ${show(value)}`, { where, hint });
  }
  return value;
}

function parseWeek(value: unknown, where: string): SourcedInterval[][] {
  if (!isRecord(value)) {
    throw configError('bad_hours', `hours must map weekdays (mon..sun) to lists of intervals; found ${show(value)}`, {
      where,
      hint: 'Example: hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"] }.',
    });
  }
  checkKeys(value, WEEKDAYS, where);
  return WEEKDAYS.map((day) => parseIntervals(value[day], `${where}.${day}`));
}

/** Parses one day's list; `undefined` means closed. Returns the intervals sorted by start. */
function parseIntervals(value: unknown, where: string): SourcedInterval[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw configError('bad_hours', `expected a list of intervals; found ${show(value)}`, {
      where,
      hint: INTERVAL_HINT,
    });
  }
  const intervals = value.map((item: unknown, index) => parseInterval(item, `${where}[${index}]`));
  intervals.sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < intervals.length; i++) {
    const previous = intervals[i - 1];
    const current = intervals[i];
    if (previous !== undefined && current !== undefined && current.startMinute < previous.endMinute) {
      throw configError(
        'overlapping_intervals',
        `interval "${current.text}" overlaps "${previous.text}" (${previous.where}) on the same day`,
        {
          where: current.where,
          hint: 'Open intervals of one day must not overlap; merge them into one interval.',
        },
      );
    }
  }
  return intervals;
}

function parseInterval(value: unknown, where: string): SourcedInterval {
  const match = typeof value === 'string' ? INTERVAL_RE.exec(value) : null;
  if (typeof value !== 'string' || match === null) {
    throw configError('bad_interval', `${show(value)} is not an interval "HH:MM-HH:MM"`, {
      where,
      hint: INTERVAL_HINT,
    });
  }
  const [startHour, startMinute, endHour, endMinute] = match.slice(1).map(Number) as [number, number, number, number];
  const validStart = startHour <= 23 && startMinute <= 59;
  const validEnd = (endHour <= 23 && endMinute <= 59) || (endHour === 24 && endMinute === 0);
  if (!validStart || !validEnd) {
    throw configError('bad_interval', `"${value}" has a time outside 00:00-24:00 (the start must be before 24:00)`, {
      where,
      hint: INTERVAL_HINT,
    });
  }
  const start = startHour * 60 + startMinute;
  const end = endHour * 60 + endMinute;
  if (start === end) {
    throw configError('empty_interval', `"${value}" ends when it starts`, {
      where,
      hint: 'For a whole day write "00:00-24:00"; for a closed day leave the weekday out or give [].',
    });
  }
  // An end before the start wraps past midnight: the interval continues into the next day.
  return { startMinute: start, endMinute: end < start ? end + DAY_MINUTES : end, text: value.trim(), where };
}

/** Rejects an interval of `day` that runs past midnight into an interval of the following day. */
function checkNoSpillOverlap(
  day: readonly SourcedInterval[],
  nextDay: readonly SourcedInterval[],
  nextDayLabel: string,
): void {
  for (const spilling of day) {
    const spillEnd = spilling.endMinute - DAY_MINUTES;
    if (spillEnd <= 0) continue;
    const hit = nextDay.find((iv) => iv.startMinute < spillEnd);
    if (hit !== undefined) {
      throw configError(
        'overlapping_intervals',
        `interval "${spilling.text}" runs past midnight into ${nextDayLabel} and overlaps "${hit.text}" (${hit.where})`,
        {
          where: spilling.where,
          hint:
            'An overnight interval belongs to the day it starts ' +
            "on; end it before the next day's first interval starts.",
        },
      );
    }
  }
}

interface ParsedHoliday {
  readonly name: string | undefined;
  readonly hours: SourcedInterval[];
  readonly partial: boolean;
  readonly where: string;
}

function parseHolidays(value: unknown, where: string, week: readonly SourcedInterval[][]): Map<number, ParsedHoliday> {
  const byDay = new Map<number, ParsedHoliday>();
  if (value === undefined || value === null) return byDay;
  if (!Array.isArray(value)) {
    throw configError('bad_holiday', `holidays must be a list; found ${show(value)}`, {
      where,
      hint: 'Example: holidays: ["2025-12-25", { date: "2025-12-24", hours: ["09:00-12:00"] }].',
    });
  }
  value.forEach((entry: unknown, index) => {
    const entryWhere = `${where}[${index}]`;
    const spec = typeof entry === 'string' ? { date: entry } : entry;
    if (!isRecord(spec)) {
      throw configError(
        'bad_holiday',
        `a holiday is a date "yyyy-mm-dd" or a mapping with date; found ${show(entry)}`,
        {
          where: entryWhere,
          hint: 'Example: "2025-12-25" or { date: "2025-12-24", end: "2025-12-26", name: Christmas }.',
        },
      );
    }
    checkKeys(spec, HOLIDAY_KEYS, entryWhere);
    const dateWhere = typeof entry === 'string' ? entryWhere : `${entryWhere}.date`;
    const first = parseDate(spec.date, dateWhere);
    const last = spec.end === undefined ? first : parseDate(spec.end, `${entryWhere}.end`);
    if (last < first) {
      throw configError('bad_date_range', `range end ${show(spec.end)} is before its start ${show(spec.date)}`, {
        where: `${entryWhere}.end`,
        hint: 'The end of a holiday range is its last closed date, inclusive, on or after the start.',
      });
    }
    if (spec.name !== undefined && typeof spec.name !== 'string') {
      throw configError('bad_holiday', `a holiday name must be text; found ${show(spec.name)}`, {
        where: `${entryWhere}.name`,
        hint: 'Quote the name, e.g. name: "Christmas".',
      });
    }
    const partial = spec.hours !== undefined;
    const holiday: ParsedHoliday = {
      name: spec.name,
      hours: partial ? parseIntervals(spec.hours, `${entryWhere}.hours`) : [],
      partial,
      where: entryWhere,
    };
    for (let day = first; day <= last; day++) {
      const other = byDay.get(day);
      // Two closures of the same date agree; anything involving partial hours would be ambiguous.
      if (other !== undefined && (other.partial || partial)) {
        throw configError(
          'conflicting_holiday',
          `${formatEpochDay(day)} is also listed at ${other.where}, and one of the two gives partial-day hours`,
          {
            where: entryWhere,
            hint: 'List a date once when it has partial-day hours.',
          },
        );
      }
      byDay.set(day, holiday);
    }
  });
  const hoursOnDay = (day: number): SourcedInterval[] => byDay.get(day)?.hours ?? week[weekdayIndex(day)] ?? [];
  for (const [day, holiday] of byDay) {
    if (!holiday.partial) continue;
    checkNoSpillOverlap(hoursOnDay(day - 1), holiday.hours, formatEpochDay(day));
    checkNoSpillOverlap(holiday.hours, hoursOnDay(day + 1), formatEpochDay(day + 1));
  }
  return byDay;
}

/** Parses `yyyy-mm-dd` to its epoch day, rejecting dates that do not exist (2025-02-30). */
function parseDate(value: unknown, where: string): number {
  const match = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (match !== null) {
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return date.getTime() / DAY_MS;
    }
  }
  throw configError('bad_date', `${show(value)} is not a date "yyyy-mm-dd"`, {
    where,
    hint: 'Write dates as yyyy-mm-dd (e.g. 2025-12-25) and check that the day exists in that month.',
  });
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw configError('unknown_key', `unknown key "${key}"; expected one of ${allowed.join(', ')}`, {
        where: `${where}.${key}`,
        hint: 'Check the spelling: an unknown key is never ignored, since a typo would silently change the counts.',
      });
    }
  }
}

function freezeIntervals(intervals: readonly OpenInterval[]): readonly OpenInterval[] {
  return Object.freeze(intervals.map((iv) => Object.freeze({ startMinute: iv.startMinute, endMinute: iv.endMinute })));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
