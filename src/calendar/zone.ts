/**
 * Time zones without the host's zone: every conversion names its IANA zone, so the machine's `TZ`
 * never changes a number.
 *
 * Offsets come from the runtime's zone data (through `tzOffset` of @date-fns/tz, i.e. Intl) once per
 * hour of time touched, then from a cache. Converting a timestamp costs two Map lookups, which is
 * what lets ingest convert millions of offset-less timestamps.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';
import { usageError } from '../errors.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** ECMAScript's time range is ±8.64e15 ms; stay two days inside it so the ±1 day probes stay valid. */
const LIMIT_MS = 8.64e15 - 2 * DAY_MS;
/** A cache past this many hours (about 57 years of data) is dropped rather than grown without bound. */
const MAX_CACHED_HOURS = 500_000;

/** A wall-clock reading in a zone. `month` is 1-12, `weekday` is 1 (Monday) to 7 (Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number;
}

const validZones = new Set<string>(['UTC', 'Etc/UTC']);

/**
 * Checks that `name` is a time zone the runtime knows (an IANA name such as `Europe/Berlin`, or
 * `UTC` / `Etc/UTC`). Returns nothing; throws a usage error `bad_timezone` that names `option`.
 *
 * @example assertTimeZone('America/New_York', '--input-tz') // undefined
 * @example
 * // throws AppError bad_timezone, whose hint names the zone meant
 * const error = (() => {
 *   try {
 *     assertTimeZone('America/NewYork', '--input-tz');
 *   } catch (e) {
 *     return e;
 *   }
 * })();
 * [error.code, error.message, error.hint.startsWith('Did you mean America/New_York?')]
 * // ['bad_timezone', '--input-tz: unknown time zone "America/NewYork"', true]
 */
export function assertTimeZone(name: string, option: string): void {
  if (validZones.has(name)) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    throw usageError('bad_timezone', `${option}: unknown time zone "${name}"`, {
      hint: timeZoneHint(name),
      where: option,
    });
  }
  validZones.add(name);
}

function timeZoneHint(name: string): string {
  const general = 'Use an IANA time zone name such as Europe/Berlin, America/New_York or UTC.';
  if (/^(UTC|GMT)?\s*[+-]\d/i.test(name)) {
    // Etc/GMT names invert the sign (POSIX), which surprises everyone, so spell it out.
    return `${general} A fixed offset needs an Etc/GMT name with the sign inverted: Etc/GMT-2 is UTC+02:00.`;
  }
  const key = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = key(name);
  const match = Intl.supportedValuesOf('timeZone').find(
    (zone) => key(zone) === wanted || key(zone.slice(zone.lastIndexOf('/') + 1)) === wanted,
  );
  return match === undefined ? general : `Did you mean ${match}? ${general}`;
}

const FRONT_SIZE = 4096;

interface Step {
  /** First millisecond that takes `after`. */
  at: number;
  before: number;
  after: number;
}

/**
 * Memoizes a function of milliseconds that is constant within each hour except for at most one step
 * (true of zone offsets: no zone changes its offset twice within an hour). An hour with a step keeps
 * the exact step instant, found by bisection, so half-hour transitions (Lord Howe) stay exact.
 */
class HourCache {
  private readonly flat = new Map<number, number>();
  private readonly stepped = new Map<number, Step>();
  /**
   * A direct-mapped front for the flat hours (hour -> value at slot hour mod 4096): ingest asks
   * about a few thousand neighbouring hours millions of times, and an array read beats a Map lookup.
   */
  private readonly frontHours = new Float64Array(FRONT_SIZE).fill(NaN);
  private readonly frontValues = new Float64Array(FRONT_SIZE);

  constructor(private readonly exact: (ms: number) => number) {}

  get(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    const slot = hour & (FRONT_SIZE - 1);
    if (this.frontHours[slot] === hour) return this.frontValues[slot] as number;
    const value = this.flat.get(hour);
    if (value === undefined) return this.miss(ms);
    this.frontHours[slot] = hour;
    this.frontValues[slot] = value;
    return value;
  }

  private miss(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let step = this.stepped.get(hour);
    if (step === undefined) {
      if (this.flat.size > MAX_CACHED_HOURS) this.flat.clear();
      let low = hour * HOUR_MS;
      let high = low + HOUR_MS - 1;
      const before = this.exact(low);
      const after = this.exact(high);
      if (before === after) {
        this.flat.set(hour, before);
        return before;
      }
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (this.exact(middle) === before) low = middle;
        else high = middle;
      }
      step = { at: high, before, after };
      this.stepped.set(hour, step);
    }
    return ms < step.at ? step.before : step.after;
  }
}

interface ZoneCaches {
  /** Offset (ms, positive east) by instant. */
  instant: HourCache;
  /** Offset to subtract from a wall reading (as if it were UTC) by wall reading, DST rule applied. */
  wall: HourCache;
}

const zoneCaches = new Map<string, ZoneCaches>();
let lastZone = '';
let lastCaches: ZoneCaches | undefined;

function cachesFor(zone: string): ZoneCaches {
  if (zone === lastZone && lastCaches !== undefined) return lastCaches;
  let caches = zoneCaches.get(zone);
  if (caches === undefined) {
    assertTimeZone(zone, 'time zone');
    // Intl reports whole seconds; tzOffset returns minutes with seconds as a fraction, hence the rounding.
    // UTC is offset 0 at every instant: no Intl call (its first use loads the zone data, a noticeable
    // part of a small run).
    const instant = new HourCache(
      zone === 'UTC' || zone === 'Etc/UTC' ? () => 0 : (ms) => Math.round(tzOffset(zone, new Date(ms)) * MINUTE_MS),
    );
    const wall = new HourCache((wallMs) => resolveWallOffset(instant, wallMs));
    caches = { instant, wall };
    zoneCaches.set(zone, caches);
  }
  lastZone = zone;
  lastCaches = caches;
  return caches;
}

/**
 * The offset that turns wall reading `wallMs` into an instant (`instant = wallMs - offset`), following
 * the rule of `wallToEpoch`. With the offsets a day before and after, there are two candidate
 * instants; a candidate is real when the zone has its offset at that instant. Both real: an overlap,
 * take the earlier (larger offset). Neither: a gap, keep the offset from before the transition, which
 * lands past the gap by its length. Assumes at most one transition within a day, as every zone has.
 */
function resolveWallOffset(instant: HourCache, wallMs: number): number {
  const early = instant.get(wallMs - DAY_MS);
  const late = instant.get(wallMs + DAY_MS);
  if (early === late) return early;
  if (instant.get(wallMs - early) === early) return early;
  if (instant.get(wallMs - late) === late) return late;
  return early;
}

/**
 * Offset of `zone` from UTC at the instant `epochMs`, in milliseconds, positive east of Greenwich.
 * NaN for NaN or out-of-range input. Throws `bad_timezone` for an unknown zone.
 *
 * @example zoneOffsetMs('America/New_York', Date.UTC(2025, 10, 24)) // -5 * HOUR
 * @example zoneOffsetMs('Asia/Kolkata', 0) // 5.5 * HOUR
 */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  if (!(epochMs >= -LIMIT_MS && epochMs <= LIMIT_MS)) return NaN;
  return cachesFor(zone).instant.get(epochMs);
}

/** Days before each month in a common and a leap year, for the table fast path of daysFromCivil. */
const DAYS_BEFORE_MONTH = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
] as const;
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
/** Days from 1970-01-01 to January 1 of each year from 1900 to 2199. */
const YEAR_START_DAYS = new Float64Array(TABLE_YEARS);
const LEAP_YEAR = new Uint8Array(TABLE_YEARS);

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar. Out-of-range months and days
 * carry over like `Date.UTC` (month 13 is January of the next year, day 0 the previous month's last).
 *
 * @example daysFromCivil(1970, 1, 1) // 0
 * @example daysFromCivil(2000, 3, 1) // 11017
 */
export function daysFromCivil(year: number, month1: number, day: number): number {
  // Ingest calls this per timestamp: two table reads for ordinary dates, arithmetic for the rest.
  const index = year - TABLE_FIRST_YEAR;
  if (index >= 0 && index < TABLE_YEARS && month1 >= 1 && month1 <= 12) {
    return (YEAR_START_DAYS[index] as number) + DAYS_BEFORE_MONTH[LEAP_YEAR[index] as 0 | 1][month1 - 1]! + day - 1;
  }
  return civilDays(year, month1, day);
}

function civilDays(year: number, month1: number, day: number): number {
  // Howard Hinnant's days_from_civil: years start in March so the leap day is the year's last day.
  const monthIndex = month1 - 1;
  const yearCarry = Math.floor(monthIndex / 12);
  const month = monthIndex - yearCarry * 12 + 1;
  const y = year + yearCarry - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

for (let index = 0; index < TABLE_YEARS; index++) {
  YEAR_START_DAYS[index] = civilDays(TABLE_FIRST_YEAR + index, 1, 1);
  LEAP_YEAR[index] = daysInMonth(TABLE_FIRST_YEAR + index, 2) === 29 ? 1 : 0;
}

/**
 * Number of days in a month (1-12) of the proleptic Gregorian calendar.
 *
 * @example daysInMonth(2024, 2) // 29
 * @example daysInMonth(1900, 2) // 28
 */
export function daysInMonth(year: number, month1: number): number {
  if (month1 !== 2) return month1 === 4 || month1 === 6 || month1 === 9 || month1 === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * The instant (epoch ms) at which clocks in `zone` read the given wall time. `month1` is 1-12;
 * out-of-range fields carry over like `Date.UTC` (day 32 is the next month), which period arithmetic
 * relies on. Non-finite input gives NaN.
 *
 * DST rule (the same as Temporal's and java.time's default):
 * - a wall time skipped by a spring-forward gap moves forward by the gap: 02:30 on 2025-03-09 in
 *   America/New_York is read as 03:30 EDT;
 * - a wall time repeated by a fall-back overlap takes the earlier instant: 01:30 on 2025-11-02 in
 *   America/New_York is read as 01:30 EDT (-04:00), not 01:30 EST.
 *
 * @example wallToEpoch('America/New_York', 2025, 11, 24, 9, 14, 0, 0) // Date.UTC(2025, 10, 24, 14, 14)
 * @example
 * // 02:30 is skipped on 2025-03-09: read as 03:30 EDT (-04:00), 07:30 UTC
 * wallToEpoch('America/New_York', 2025, 3, 9, 2, 30, 0, 0) // Date.UTC(2025, 2, 9, 7, 30)
 */
export function wallToEpoch(
  zone: string,
  year: number,
  month1: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const wallMs =
    daysFromCivil(year, month1, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS + ms;
  if (!(wallMs >= -LIMIT_MS && wallMs <= LIMIT_MS)) return NaN;
  return wallMs - cachesFor(zone).wall.get(wallMs);
}

/**
 * The wall-clock reading in `zone` at instant `epochMs`. Every field is NaN for NaN input.
 *
 * @example
 * // 23:30 UTC on 29 February is 00:30 CET (+01:00) on Friday 1 March
 * epochToWall('Europe/Berlin', Date.UTC(2024, 1, 29, 23, 30))
 * // { year: 2024, month: 3, day: 1, hour: 0, minute: 30, second: 0, ms: 0, weekday: 5 }
 */
export function epochToWall(zone: string, epochMs: number): WallTime {
  return wallFromLocalMs(epochMs + zoneOffsetMs(zone, epochMs));
}

function wallFromLocalMs(localMs: number): WallTime {
  const days = Math.floor(localMs / DAY_MS);
  let rest = localMs - days * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / MINUTE_MS);
  rest -= minute * MINUTE_MS;
  const second = Math.floor(rest / SECOND_MS);
  // Hinnant's civil_from_days, the inverse of daysFromCivil.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1,
    hour,
    minute,
    second,
    ms: rest - second * SECOND_MS,
    // 1970-01-01 was a Thursday (4).
    weekday: ((((days + 3) % 7) + 7) % 7) + 1,
  };
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

/**
 * ISO 8601 text of an instant as read in `zone`, always with a numeric offset (`+00:00` for UTC,
 * never `Z`). Seconds are always shown, milliseconds only when non-zero. Offsets with seconds (local
 * mean time before about 1900) show them as `+00:19:32` rather than misstate the wall time.
 * NaN (a missing instant) gives the empty string, so it renders as an empty cell.
 *
 * @example formatInstant(Date.UTC(2025, 10, 24, 14, 14), 'America/New_York') // '2025-11-24T09:14:00-05:00'
 * @example formatInstant(Date.UTC(2025, 0, 1, 0, 0, 0, 5), 'UTC') // '2025-01-01T00:00:00.005+00:00'
 */
export function formatInstant(epochMs: number, zone: string): string {
  const offsetMs = zoneOffsetMs(zone, epochMs);
  if (Number.isNaN(offsetMs)) return '';
  const wall = wallFromLocalMs(epochMs + offsetMs);
  const year =
    wall.year >= 0 && wall.year <= 9999
      ? String(wall.year).padStart(4, '0')
      : `${wall.year < 0 ? '-' : '+'}${String(Math.abs(wall.year)).padStart(6, '0')}`;
  const fraction = wall.ms === 0 ? '' : `.${String(wall.ms).padStart(3, '0')}`;
  const offsetSeconds = Math.abs(offsetMs) / SECOND_MS;
  const offsetHours = Math.floor(offsetSeconds / 3600);
  const offsetMinutes = Math.floor((offsetSeconds % 3600) / 60);
  const offsetRest = offsetSeconds % 60;
  const seconds = offsetRest === 0 ? '' : `:${pad2(offsetRest)}`;
  const offset = `${offsetMs < 0 ? '-' : '+'}${pad2(offsetHours)}:${pad2(offsetMinutes)}${seconds}`;
  const date = `${year}-${pad2(wall.month)}-${pad2(wall.day)}`;
  return `${date}T${pad2(wall.hour)}:${pad2(wall.minute)}:${pad2(wall.second)}${fraction}${offset}`;
}
