/**
 * Business-hours schedules: weekly open intervals in local wall time of one IANA zone, plus holidays
 * (whole days, date ranges, or days with their own shorter hours).
 *
 * Counting rule, the one every function here follows: an instant is open when its local wall time in
 * the schedule's zone falls inside an open interval of the local day the interval starts on. Because
 * membership is decided on wall time, DST needs no special case: a wall-clock hour skipped in spring
 * holds no instants, and an hour repeated in autumn is open twice (a 00:00-24:00 day counts 23 h or
 * 25 h). Overnight intervals ("22:00-06:00") belong to the day they start on, so a holiday on that
 * day removes the whole shift, including the part after midnight.
 *
 * Instants are epoch milliseconds (UTC); durations are milliseconds. Non-finite instants (NaN is the
 * ticket model's "missing") give NaN, so a missing timestamp stays missing instead of throwing.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';
import { configError } from '../errors.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** Date's own limit is ±8.64e15 ms; the margin keeps the day windows around an input inside it. */
const MAX_INSTANT_MS = 8.64e15 - 30 * DAY_MS;
/**
 * How far one search step looks ahead: long enough that a year takes ~13 steps, short enough to stop soon after the
 * answer.
 */
const SEARCH_CHUNK_MS = 28 * DAY_MS;
/**
 * A schedule with weekly open hours opens at least once in any year past its last holiday; finding
 * nothing for this long means it never will (only possible with a zone that skips every opening).
 */
const GIVE_UP_AFTER_MS = 400 * DAY_MS;

/** Day keys of `ScheduleSpec.hours`, Monday first: the index of a day here is its index in `Schedule.week`. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A holiday as written in the config: a date `yyyy-mm-dd`, or an object for ranges, partial days and names. */
export type HolidaySpec =
  | string
  | {
      /** First (or only) local date, `yyyy-mm-dd`. */
      date: string;
      /** Last local date of a range, inclusive. */
      end?: string;
      /** A partial day: open only these intervals (same syntax as `hours`) instead of the weekday's. */
      hours?: string[];
      name?: string;
    };

/**
 * A business-hours schedule as the config holds it (plain JSON/YAML).
 *
 * - `timezone`: IANA zone name, e.g. `Europe/Berlin`.
 * - `hours`: per weekday, open intervals `"HH:MM-HH:MM"` on a 24-hour clock. `"00:00-24:00"` is the
 *   whole day; an end before the start (`"22:00-06:00"`) runs past midnight into the next day. A
 *   weekday that is absent or `[]` is closed.
 * - `holidays`: dates closed all day, or open only `hours` that day.
 */
export interface ScheduleSpec {
  timezone: string;
  hours: Partial<Record<Weekday, string[]>>;
  holidays?: HolidaySpec[];
}

/**
 * One open interval of a local day in wall-clock minutes since that day's midnight, half-open
 * `[startMinute, endMinute)`. `endMinute` exceeds 1440 for an interval that runs past midnight.
 */
export interface OpenInterval {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A holiday date after compilation: `hours` is empty when closed all day. */
export interface HolidayDay {
  readonly name: string | undefined;
  readonly hours: readonly OpenInterval[];
}

/**
 * A validated schedule in the form the counting functions use. Build it with `compileSchedule`;
 * it is frozen and can be shared freely.
 */
export interface Schedule {
  readonly timezone: string;
  /** Open intervals per weekday, Monday first (see `WEEKDAYS`), sorted and non-overlapping. */
  readonly week: readonly (readonly OpenInterval[])[];
  /** Holiday days by local date `yyyy-mm-dd` (a range appears once per date). */
  readonly holidays: ReadonlyMap<string, HolidayDay>;
  /** Open wall-clock time of a week without holidays, in milliseconds. */
  readonly weekOpenMs: number;
  /** The same holidays keyed by local epoch day (days since 1970-01-01), for the hot path. */
  readonly hoursByEpochDay: ReadonlyMap<number, readonly OpenInterval[]>;
  /** Epoch days of `hoursByEpochDay`, ascending: lets a count skip whole weeks with no holiday. */
  readonly holidayEpochDays: readonly number[];
}

// ---------------------------------------------------------------------------------------------
// Compilation and validation

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

// ---------------------------------------------------------------------------------------------
// Zone offsets

/** Constant-offset stretches of one UTC year: `starts[i]` is where `offsetsMs[i]` begins to apply. */
interface ZoneYear {
  readonly starts: readonly number[];
  readonly offsetsMs: readonly number[];
  readonly endMs: number;
}

/**
 * Offsets come from Intl through `tzOffset`, which costs microseconds per call; each zone-year is
 * scanned once and kept (a few numbers per year), so counting itself makes no Intl calls.
 */
const zoneYears = new Map<string, Map<number, ZoneYear>>();

/** Offsets are sampled weekly: no zone has undone a change within a week, and a year costs ~60 calls. */
const SCAN_STEP_MS = 7 * DAY_MS;

function offsetMsAt(zone: string, instantMs: number): number {
  return Math.round(tzOffset(zone, new Date(instantMs)) * MINUTE_MS);
}

function utcYearStart(year: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date.getTime();
}

function zoneYear(zone: string, year: number): ZoneYear {
  let years = zoneYears.get(zone);
  if (years === undefined) {
    years = new Map();
    zoneYears.set(zone, years);
  }
  const cached = years.get(year);
  if (cached !== undefined) return cached;

  const startMs = utcYearStart(year);
  const endMs = utcYearStart(year + 1);
  const starts = [startMs];
  const offsetsMs = [offsetMsAt(zone, startMs)];
  let sampleMs = startMs;
  let sampleOffset = offsetsMs[0] ?? 0;
  while (sampleMs < endMs) {
    const nextMs = Math.min(sampleMs + SCAN_STEP_MS, endMs);
    const nextOffset = offsetMsAt(zone, nextMs);
    // Binary search, to the second (tz data has no finer changes), for each change in the step.
    let fromMs = sampleMs;
    let fromOffset = sampleOffset;
    while (fromOffset !== nextOffset) {
      let lo = fromMs;
      let hi = nextMs;
      let hiOffset = nextOffset;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        const midOffset = offsetMsAt(zone, mid);
        if (midOffset === fromOffset) lo = mid;
        else [hi, hiOffset] = [mid, midOffset];
      }
      starts.push(hi);
      offsetsMs.push(hiOffset);
      [fromMs, fromOffset] = [hi, hiOffset];
    }
    [sampleMs, sampleOffset] = [nextMs, nextOffset];
  }
  const result = { starts, offsetsMs, endMs };
  years.set(year, result);
  return result;
}

/**
 * Calls `visit(fromMs, toMs, offsetMs)` for the constant-offset pieces covering [loMs, hiMs), in
 * order, until it returns a value; returns that value.
 */
function forEachOffsetPiece<T>(
  zone: string,
  loMs: number,
  hiMs: number,
  visit: (fromMs: number, toMs: number, offsetMs: number) => T | undefined,
): T | undefined {
  const lastYear = new Date(hiMs - 1).getUTCFullYear();
  for (let year = new Date(loMs).getUTCFullYear(); year <= lastYear; year++) {
    const { starts, offsetsMs, endMs } = zoneYear(zone, year);
    for (let i = 0; i < starts.length; i++) {
      const fromMs = Math.max(starts[i] ?? endMs, loMs);
      const toMs = Math.min(starts[i + 1] ?? endMs, hiMs);
      if (fromMs < toMs) {
        const result = visit(fromMs, toMs, offsetsMs[i] ?? 0);
        if (result !== undefined) return result;
      }
    }
  }
  return undefined;
}

function zoneOffsetMs(zone: string, instantMs: number): number {
  const { starts, offsetsMs } = zoneYear(zone, new Date(instantMs).getUTCFullYear());
  let i = starts.length - 1;
  while (i > 0 && (starts[i] ?? 0) > instantMs) i--;
  return offsetsMs[i] ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Days

/** Weekday of an epoch day, 0 = Monday (1970-01-01 was a Thursday). */
function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function hoursOn(schedule: Schedule, epochDay: number): readonly OpenInterval[] {
  return schedule.hoursByEpochDay.get(epochDay) ?? schedule.week[weekdayIndex(epochDay)] ?? [];
}

/** The local date (epoch day) that `instantMs` falls on in the schedule's zone. */
function localEpochDay(schedule: Schedule, instantMs: number): number {
  return Math.floor((instantMs + zoneOffsetMs(schedule.timezone, instantMs)) / DAY_MS);
}

function firstHolidayAtOrAfter(schedule: Schedule, epochDay: number): number {
  const days = schedule.holidayEpochDays;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] ?? Infinity) < epochDay) lo = mid + 1;
    else hi = mid;
  }
  return days[lo] ?? Infinity;
}

/** An instant after which no holiday can start or end (a day of margin for any zone offset). */
function afterLastHolidayMs(schedule: Schedule): number {
  const last = schedule.holidayEpochDays[schedule.holidayEpochDays.length - 1];
  return last === undefined ? -Infinity : (last + 3) * DAY_MS;
}

/**
 * Visits the open instant intervals overlapping [loMs, hiMs), clipped to it, in time order, until
 * `visit` returns a value; returns that value.
 *
 * Works piece by piece of constant offset: inside one, wall time = instant + offset, so an interval's
 * wall range clipped to the piece's wall range maps straight back to instants. A day's intervals are
 * looked up from the day before the piece's first wall day, for shifts running past midnight.
 */
function visitOpen<T>(
  schedule: Schedule,
  loMs: number,
  hiMs: number,
  visit: (fromMs: number, toMs: number) => T | undefined,
): T | undefined {
  return forEachOffsetPiece(schedule.timezone, loMs, hiMs, (fromMs, toMs, offsetMs) => {
    const wallLo = fromMs + offsetMs;
    const wallHi = toMs + offsetMs;
    const lastDay = Math.floor((wallHi - 1) / DAY_MS);
    for (let day = Math.floor(wallLo / DAY_MS) - 1; day <= lastDay; day++) {
      const dayWall = day * DAY_MS;
      for (const iv of hoursOn(schedule, day)) {
        const a = Math.max(dayWall + iv.startMinute * MINUTE_MS, wallLo);
        const b = Math.min(dayWall + iv.endMinute * MINUTE_MS, wallHi);
        if (a < b) {
          const result = visit(a - offsetMs, b - offsetMs);
          if (result !== undefined) return result;
        }
      }
    }
    return undefined;
  });
}

function checkInstant(name: string, value: number): void {
  if (Math.abs(value) > MAX_INSTANT_MS) {
    throw new RangeError(`${name} ${value} is outside the supported range of ±${MAX_INSTANT_MS} ms`);
  }
}

// ---------------------------------------------------------------------------------------------
// Counting

/**
 * Business time between two instants: the milliseconds of [startMs, endMs) that are open in the
 * schedule. 0 when `endMs <= startMs`; NaN when either instant is NaN or infinite (missing stays missing).
 *
 * Cost grows with the number of days spanned, not minutes: inside a stretch with one UTC offset, each
 * 7-day block without a holiday adds `weekOpenMs` at once, and only the days near holidays, offset
 * changes and the two ends are looked at one by one (a year takes about 100 steps).
 *
 * @param schedule - a compiled schedule
 * @param startMs - start instant, epoch ms, inclusive
 * @param endMs - end instant, epoch ms, exclusive
 * @returns open milliseconds in [startMs, endMs)
 * @throws RangeError when an instant is beyond Date's range
 *
 * @example
 * // Mon-Fri 09:00-17:00 UTC; Friday 2025-01-10 15:00 to Monday 2025-01-13 10:00: 2 h + 1 h
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * businessMs(s, Date.UTC(2025, 0, 10, 15), Date.UTC(2025, 0, 13, 10)) // 3 * 3_600_000
 */
export function businessMs(schedule: Schedule, startMs: number, endMs: number): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return NaN;
  checkInstant('startMs', startMs);
  checkInstant('endMs', endMs);
  if (endMs <= startMs) return 0;
  let total = 0;
  forEachOffsetPiece(schedule.timezone, startMs, endMs, (fromMs, toMs, offsetMs) => {
    const wallLo = fromMs + offsetMs;
    const wallHi = toMs + offsetMs;
    const lastDay = Math.floor((wallHi - 1) / DAY_MS);
    let day = Math.floor(wallLo / DAY_MS) - 1;
    let nextHoliday = firstHolidayAtOrAfter(schedule, day);
    while (day <= lastDay) {
      // Intervals starting on days day..day+6 end by day+8 at the latest (overnight); when all of
      // them lie inside the piece and none of those days is a holiday, they add one plain week.
      if (day * DAY_MS >= wallLo && (day + 8) * DAY_MS <= wallHi && nextHoliday >= day + 7) {
        total += schedule.weekOpenMs;
        day += 7;
        continue;
      }
      const dayWall = day * DAY_MS;
      for (const iv of hoursOn(schedule, day)) {
        const a = Math.max(dayWall + iv.startMinute * MINUTE_MS, wallLo);
        const b = Math.min(dayWall + iv.endMinute * MINUTE_MS, wallHi);
        if (a < b) total += b - a;
      }
      day++;
      if (day > nextHoliday) nextHoliday = firstHolidayAtOrAfter(schedule, day);
    }
    return undefined;
  });
  return total;
}

/**
 * The first open instant at or after `t`: where a duration starting at `t` starts counting.
 * Returns `t` itself when `t` is open (intervals are half-open, so a closing time is not open).
 * NaN for a non-finite `t`; Infinity only if the schedule can never open again (impossible for a
 * compiled schedule in a real zone, but a bounded search must say something).
 *
 * @param schedule - a compiled schedule
 * @param t - instant, epoch ms
 * @returns the next opening instant, epoch ms
 *
 * @example
 * // Mon-Fri 09:00-17:00 UTC; Saturday 2025-01-11 12:00 -> Monday 2025-01-13 09:00
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * nextOpening(s, Date.UTC(2025, 0, 11, 12)) // Date.UTC(2025, 0, 13, 9)
 */
export function nextOpening(schedule: Schedule, t: number): number {
  if (!Number.isFinite(t)) return NaN;
  checkInstant('t', t);
  const giveUpMs = Math.max(t, afterLastHolidayMs(schedule)) + GIVE_UP_AFTER_MS;
  for (let fromMs = t; fromMs < giveUpMs; fromMs += SEARCH_CHUNK_MS) {
    checkInstant('search', fromMs + SEARCH_CHUNK_MS);
    const opening = visitOpen(schedule, fromMs, fromMs + SEARCH_CHUNK_MS, (openMs) => openMs);
    if (opening !== undefined) return opening;
  }
  return Infinity;
}

/**
 * The instant at which `durationMs` of business time has elapsed since `startMs`: an SLA due time.
 * It is the earliest instant `e` with `businessMs(schedule, startMs, e) === durationMs`, so a duration
 * that uses up an interval exactly ends at its closing time, not at the next opening. A zero duration
 * returns `startMs`. NaN for non-finite inputs.
 *
 * @param schedule - a compiled schedule
 * @param startMs - start instant, epoch ms
 * @param durationMs - business time to add, ms, >= 0
 * @returns the due instant, epoch ms
 * @throws RangeError for a negative duration or a result beyond Date's range
 *
 * @example
 * // Mon-Fri 09:00-17:00 UTC; Friday 2025-01-10 16:00 plus 2 business hours: 1 h on Friday, 1 h on Monday
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * addBusinessMs(s, Date.UTC(2025, 0, 10, 16), 2 * 3_600_000) // Date.UTC(2025, 0, 13, 10)
 */
export function addBusinessMs(schedule: Schedule, startMs: number, durationMs: number): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(durationMs)) return NaN;
  checkInstant('startMs', startMs);
  if (durationMs < 0) throw new RangeError(`durationMs must be >= 0; got ${durationMs}`);
  if (durationMs === 0) return startMs;
  let remaining = durationMs;
  let fromMs = startMs;
  let lastOpenMs = startMs;
  const afterHolidaysMs = afterLastHolidayMs(schedule);
  for (;;) {
    const toMs = fromMs + SEARCH_CHUNK_MS;
    checkInstant('due instant', toMs);
    // Counting a whole chunk is cheap (week blocks); only the chunk holding the answer is walked.
    const open = businessMs(schedule, fromMs, toMs);
    if (open >= remaining) {
      const due = visitOpen(schedule, fromMs, toMs, (a, b) => {
        if (remaining <= b - a) return a + remaining;
        remaining -= b - a;
        return undefined;
      });
      return due ?? toMs;
    }
    remaining -= open;
    if (open > 0) lastOpenMs = toMs;
    else if (fromMs > afterHolidaysMs && toMs - lastOpenMs > GIVE_UP_AFTER_MS) return Infinity;
    fromMs = toMs;
  }
}

/**
 * The end of business day number `days`, counting open days: a local date counts when it has open
 * time and its first opening is at or after `startMs` (a day already under way at the start does not
 * count, so every counted day is a whole business day). Returns the closing instant of the last open
 * interval starting on that date. `days = 0` returns `startMs`. Used for promises such as
 * "ships within 2 business days". NaN for non-finite inputs.
 *
 * @param schedule - a compiled schedule
 * @param startMs - start instant, epoch ms
 * @param days - whole number of business days, >= 0
 * @returns the end of the last counted day, epoch ms
 * @throws RangeError when `days` is not a whole number >= 0
 *
 * @example
 * // Mon-Fri 09:00-17:00 UTC; created Friday 2025-01-10 10:00 (Friday is under way), 1 day -> Monday 17:00
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * addBusinessDays(s, Date.UTC(2025, 0, 10, 10), 1) // Date.UTC(2025, 0, 13, 17)
 */
export function addBusinessDays(schedule: Schedule, startMs: number, days: number): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(days)) return NaN;
  checkInstant('startMs', startMs);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0; got ${days}`);
  if (days === 0) return startMs;
  const afterHolidaysMs = afterLastHolidayMs(schedule);
  let counted = 0;
  let lastOpenMs = startMs;
  // The day before the start's local date can still hold the start (its shift running past midnight).
  for (let day = localEpochDay(schedule, startMs) - 1; ; day++) {
    checkInstant('due instant', (day + 2) * DAY_MS);
    const span = dayOpenSpan(schedule, day);
    if (span !== undefined && span.firstMs >= startMs) {
      counted++;
      if (counted === days) return span.lastMs;
      lastOpenMs = span.lastMs;
    } else if (day * DAY_MS > afterHolidaysMs && day * DAY_MS - lastOpenMs > GIVE_UP_AFTER_MS) {
      return Infinity;
    }
  }
}

/** First and last open instants of the intervals starting on local date `epochDay`, if any. */
function dayOpenSpan(schedule: Schedule, epochDay: number): { firstMs: number; lastMs: number } | undefined {
  const intervals = hoursOn(schedule, epochDay);
  if (intervals.length === 0) return undefined;
  const dayWall = epochDay * DAY_MS;
  const span = { firstMs: Infinity, lastMs: -Infinity };
  // Offsets stay within ±1 day, so instants of this day's wall times lie in this window.
  forEachOffsetPiece(schedule.timezone, dayWall - DAY_MS, dayWall + 3 * DAY_MS, (fromMs, toMs, offsetMs) => {
    for (const iv of intervals) {
      const a = Math.max(dayWall + iv.startMinute * MINUTE_MS, fromMs + offsetMs);
      const b = Math.min(dayWall + iv.endMinute * MINUTE_MS, toMs + offsetMs);
      if (a < b) {
        span.firstMs = Math.min(span.firstMs, a - offsetMs);
        span.lastMs = Math.max(span.lastMs, b - offsetMs);
      }
    }
    return undefined;
  });
  return span.firstMs === Infinity ? undefined : span;
}
