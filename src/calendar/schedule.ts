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

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const DAY_MINUTES = 1440;
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
export function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

export function formatEpochDay(epochDay: number): string {
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
 * import { compileSchedule } from './schedule-spec.js';
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * businessMs(s, Date.UTC(2025, 0, 10, 15), Date.UTC(2025, 0, 13, 10)) // 3 * HOUR
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
 * import { compileSchedule } from './schedule-spec.js';
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
 * import { compileSchedule } from './schedule-spec.js';
 * const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['09:00-17:00']]));
 * const s = compileSchedule({ timezone: 'UTC', hours }, 'schedules.support');
 * addBusinessMs(s, Date.UTC(2025, 0, 10, 16), 2 * HOUR) // Date.UTC(2025, 0, 13, 10)
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
 * import { compileSchedule } from './schedule-spec.js';
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
