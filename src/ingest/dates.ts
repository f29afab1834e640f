/**
 * Timestamp text -> epoch milliseconds, once per cell of every instant column.
 *
 * This is the hot path of ingest: `Date.parse` is 5x slower than a hand-written scanner and reads
 * offset-less text in the host zone, and date-fns `parse` is 50x slower still. So formats are
 * compiled once into a list of steps, and per-row code only reads char codes and does arithmetic:
 * no Date, no RegExp, no substrings, no date-fns.
 */
import { usageError } from '../errors.js';
import { assertTimeZone, daysFromCivil, daysInMonth, wallToEpoch } from '../calendar/zone.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const DOT = 46;
const COMMA = 44;

/** A text -> epoch ms function; NaN when the text does not parse or names an impossible date. */
export type DateParser = (text: string) => number;

export interface DateParserOptions {
  /**
   * date-fns (Unicode TR35) pattern of the text, e.g. `MM/dd/yyyy hh:mm:ss a`. When absent, ISO 8601
   * (see `compileDateParser`).
   */
  format?: string;
  /** IANA zone of text without an offset. */
  timeZone: string;
  /** How the user gave `format`, named in errors. Default `--date-format`. */
  option?: string;
  /** How the user gave `timeZone`, named in errors. Default `--input-tz`. */
  timeZoneOption?: string;
}

const isSpace = (code: number): boolean => code === SPACE || code === TAB;

/** Value of the digit at `index`, or -1. */
function digitAt(text: string, index: number): number {
  const value = text.charCodeAt(index) - ZERO;
  return value >= 0 && value <= 9 ? value : -1;
}

/** Value of the two digits at `index`, or -1. */
function twoDigitsAt(text: string, index: number): number {
  const tens = digitAt(text, index);
  const ones = digitAt(text, index + 1);
  return tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
}

/**
 * Reads a zone designator filling `text[start, end)` exactly: `Z`, `UTC`, `±HH`, `±HHMM` or `±HH:MM`,
 * optionally after one space. Returns the offset in ms, or NaN when the rest is anything else.
 */
function zoneSuffix(text: string, start: number, end: number): number {
  let i = start;
  if (i < end && isSpace(text.charCodeAt(i))) i++;
  const length = end - i;
  const first = text.charCodeAt(i);
  if (length === 1 && (first === 90 || first === 122)) return 0; // Z z
  if (
    length === 3 &&
    (first | 32) === 117 &&
    (text.charCodeAt(i + 1) | 32) === 116 &&
    (text.charCodeAt(i + 2) | 32) === 99
  ) {
    return 0; // UTC, any case
  }
  if (first !== PLUS && first !== MINUS) return NaN;
  const hours = twoDigitsAt(text, i + 1);
  let minutes = 0;
  if (length === 5) minutes = twoDigitsAt(text, i + 3);
  else if (length === 6 && text.charCodeAt(i + 3) === COLON) minutes = twoDigitsAt(text, i + 4);
  else if (length !== 3) return NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  const offset = hours * HOUR_MS + minutes * MINUTE_MS;
  return first === MINUS ? -offset : offset;
}

/**
 * Epoch ms of validated fields: `offsetMs` when the text carried one, else the wall time in `zone`.
 * NaN for impossible fields (Feb 30, hour 24), which must not roll over into another date.
 */
function toEpoch(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMs: number | undefined,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  if (offsetMs === undefined) return wallToEpoch(zone, year, month, day, hour, minute, second, ms);
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + ms - offsetMs;
}

/**
 * ISO 8601 as exports write it: `YYYY-MM-DD`, then optionally `T` or a space and `HH:mm`, `:ss`,
 * `.fraction` (any number of digits, truncated to ms; `,` also accepted), then optionally a zone:
 * `Z`, `±HH:MM`, `±HHMM`, `±HH`, or ` UTC`, with or without one space before it.
 */
function parseIso(text: string, zone: string): number {
  let i = 0;
  let end = text.length;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (end - i < 10) return NaN;
  const centuries = twoDigitsAt(text, i);
  const years = twoDigitsAt(text, i + 2);
  const month = twoDigitsAt(text, i + 5);
  const day = twoDigitsAt(text, i + 8);
  if (centuries < 0 || years < 0 || month < 0 || day < 0) return NaN;
  if (text.charCodeAt(i + 4) !== MINUS || text.charCodeAt(i + 7) !== MINUS) return NaN;
  const year = centuries * 100 + years;
  i += 10;
  if (i === end) return toEpoch(zone, year, month, day, 0, 0, 0, 0, undefined);

  const separator = text.charCodeAt(i);
  if (separator !== 84 && separator !== 116 && separator !== SPACE) return NaN; // T t space
  const hour = twoDigitsAt(text, i + 1);
  const minute = twoDigitsAt(text, i + 4);
  if (hour < 0 || minute < 0 || text.charCodeAt(i + 3) !== COLON) return NaN;
  i += 6;
  let second = 0;
  let ms = 0;
  if (i < end && text.charCodeAt(i) === COLON) {
    second = twoDigitsAt(text, i + 1);
    if (second < 0) return NaN;
    i += 3;
    const mark = text.charCodeAt(i);
    if (i < end && (mark === DOT || mark === COMMA)) {
      i++;
      const fractionStart = i;
      let scale = 100;
      for (let digit = digitAt(text, i); i < end && digit >= 0; digit = digitAt(text, ++i)) {
        ms += digit * scale;
        scale /= 10;
      }
      if (i === fractionStart) return NaN;
      ms = Math.floor(ms);
    }
  }
  if (i === end) return toEpoch(zone, year, month, day, hour, minute, second, ms, undefined);
  const offsetMs = zoneSuffix(text, i, end);
  if (Number.isNaN(offsetMs)) return NaN;
  return toEpoch(zone, year, month, day, hour, minute, second, ms, offsetMs);
}

/**
 * Whether `text` starts like ISO 8601 (`YYYY-MM-DD`, after optional spaces), i.e. whether a failure
 * to parse it is a bad value rather than a missing `--date-format`.
 *
 * @example isIsoLike('2025-11-24 09:14:05') // true
 * @example isIsoLike('11/24/2025 9:14 AM') // false
 */
export function isIsoLike(text: string): boolean {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i + 4) !== MINUS || text.charCodeAt(i + 7) !== MINUS) return false;
  if (twoDigitsAt(text, i) < 0 || twoDigitsAt(text, i + 2) < 0 || twoDigitsAt(text, i + 5) < 0) return false;
  if (twoDigitsAt(text, i + 8) < 0) return false;
  const next = text.charCodeAt(i + 10);
  return Number.isNaN(next) || next === 84 || next === 116 || isSpace(next);
}

// ---------------------------------------------------------------------------------------------
// Formats

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** What a step does; numbers so the per-row switch compares small integers. */
const Kind = {
  literal: 0,
  space: 1,
  number: 2,
  fraction: 3,
  monthName: 4,
  weekdayName: 5,
  meridiem: 6,
  offset: 7,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const Field = { year: 0, year2: 1, month: 2, day: 3, hour: 4, hour12: 5, minute: 6, second: 7 } as const;
const FIELD_NAMES = ['year', 'year', 'month', 'day', 'hour', 'hour', 'minute', 'second'];

interface FormatStep {
  kind: Kind;
  /**
   * literal: the char code. number: the field. monthName / weekdayName: 1 abbreviated, 2 wide. offset: 1 when `Z` is
   * allowed.
   */
  arg: number;
  minDigits: number;
  maxDigits: number;
}

/** Which pattern letters and lengths are supported, and what each becomes. */
const TOKENS: Record<
  string,
  Record<number, Omit<FormatStep, 'minDigits' | 'maxDigits'> & { digits?: [number, number] }>
> = {
  y: {
    2: { kind: Kind.number, arg: Field.year2, digits: [2, 2] },
    4: { kind: Kind.number, arg: Field.year, digits: [4, 4] },
  },
  M: {
    1: { kind: Kind.number, arg: Field.month, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.month, digits: [2, 2] },
    3: { kind: Kind.monthName, arg: 1 },
    4: { kind: Kind.monthName, arg: 2 },
  },
  d: {
    1: { kind: Kind.number, arg: Field.day, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.day, digits: [2, 2] },
  },
  H: {
    1: { kind: Kind.number, arg: Field.hour, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.hour, digits: [2, 2] },
  },
  h: {
    1: { kind: Kind.number, arg: Field.hour12, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.hour12, digits: [2, 2] },
  },
  m: {
    1: { kind: Kind.number, arg: Field.minute, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.minute, digits: [2, 2] },
  },
  s: {
    1: { kind: Kind.number, arg: Field.second, digits: [1, 2] },
    2: { kind: Kind.number, arg: Field.second, digits: [2, 2] },
  },
  a: { 1: { kind: Kind.meridiem, arg: 0 }, 2: { kind: Kind.meridiem, arg: 0 }, 3: { kind: Kind.meridiem, arg: 0 } },
  E: {
    1: { kind: Kind.weekdayName, arg: 1 },
    2: { kind: Kind.weekdayName, arg: 1 },
    3: { kind: Kind.weekdayName, arg: 1 },
    4: { kind: Kind.weekdayName, arg: 2 },
  },
  X: { 1: { kind: Kind.offset, arg: 1 }, 2: { kind: Kind.offset, arg: 1 }, 3: { kind: Kind.offset, arg: 1 } },
  x: { 1: { kind: Kind.offset, arg: 0 }, 2: { kind: Kind.offset, arg: 0 }, 3: { kind: Kind.offset, arg: 0 } },
};

/** Hints for letters people reach for from other libraries (Moment, .NET, Excel). */
const LETTER_HINTS: Record<string, string> = {
  Y: 'YYYY is the week-numbering year in date-fns; use yyyy for the calendar year.',
  D: 'D is the day of the year in date-fns; use dd or d for the day of the month.',
  A: 'use a for AM/PM.',
  Z: 'use XXX for offsets like +02:00 (or Z), xx for +0200.',
};

const SUPPORTED = 'yyyy yy MM M MMM MMMM dd d HH H hh h mm m ss s S… a EEE EEEE XXX XX X xxx xx x';

function compileFormat(format: string, option: string): FormatStep[] {
  const fail: (message: string, hint?: string) => never = (message, hint) => {
    throw usageError('bad_date_format', `${option} "${format}": ${message}`, {
      hint:
        `${hint === undefined ? '' : `${hint} `}Supported tokens: ` +
        `${SUPPORTED}; quote other letters, e.g. yyyy-MM-dd'T'HH:mm.`,
      where: option,
    });
  };
  const steps: FormatStep[] = [];
  const seen = new Set<string>();
  const mark = (what: string, token: string): void => {
    if (seen.has(what)) fail(`"${token}" repeats a field given earlier in the pattern`);
    seen.add(what);
  };
  const literal = (char: string): void => {
    const code = char.charCodeAt(0);
    steps.push({ kind: isSpace(code) ? Kind.space : Kind.literal, arg: code, minDigits: 0, maxDigits: 0 });
  };

  let i = 0;
  while (i < format.length) {
    const char = format.charAt(i);
    if (char === "'") {
      // TR35 quoting: 'text' is literal, '' is one quote inside or outside quotes.
      if (format.charAt(i + 1) === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      for (;;) {
        if (j >= format.length) fail('a quoted literal is not closed', "Close it with ', or write '' for a quote.");
        if (format.charAt(j) !== "'") literal(format.charAt(j++));
        else if (format.charAt(j + 1) === "'") {
          literal("'");
          j += 2;
        } else break;
      }
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      literal(char);
      i++;
      continue;
    }
    let j = i;
    while (format.charAt(j) === char) j++;
    const token = format.slice(i, j);
    i = j;
    if (char === 'S') {
      mark('fraction', token);
      steps.push({ kind: Kind.fraction, arg: 0, minDigits: token.length, maxDigits: token.length });
      continue;
    }
    const byLength = TOKENS[char];
    if (byLength === undefined) fail(`unknown pattern letter "${char}"`, LETTER_HINTS[char]);
    const spec = byLength[token.length];
    if (spec === undefined) {
      const lengths = Object.keys(byLength).map((length) => char.repeat(Number(length)));
      fail(`"${token}" is not supported; use ${lengths.join(' or ')}`);
    }
    // yy and yyyy, h and H both give one field: naming it twice is a mistake.
    mark(
      spec.kind === Kind.number
        ? (FIELD_NAMES[spec.arg] ?? token)
        : spec.kind === Kind.monthName
          ? 'month'
          : String(spec.kind),
      token,
    );
    const [minDigits, maxDigits] = spec.digits ?? [0, 0];
    steps.push({ kind: spec.kind, arg: spec.arg, minDigits, maxDigits });
  }

  if (!seen.has('year') || !seen.has('month') || !seen.has('day')) {
    fail('needs a year (yyyy or yy), a month (MM, M or MMM) and a day (dd or d)');
  }
  const twelveHour = steps.some((step) => step.kind === Kind.number && step.arg === Field.hour12);
  const meridiem = steps.some((step) => step.kind === Kind.meridiem);
  if (twelveHour && !meridiem)
    fail('h is the 12-hour clock and needs an AM/PM marker (a)', 'For a 24-hour clock use HH or H.');
  if (meridiem && !twelveHour) fail('a (AM/PM) needs a 12-hour clock hour (hh or h)');

  // A variable-width number right before another digit field cannot know where it ends, so there it
  // takes exactly its pattern's width (HHmmss); a fraction before a separator or the end takes any
  // number of digits, since exports print 1 to 9 of them whatever the pattern says.
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k] as FormatStep;
    const next = steps[k + 1];
    const digitsFollow = next !== undefined && (next.kind === Kind.number || next.kind === Kind.fraction);
    if (step.kind === Kind.number && digitsFollow) step.minDigits = step.maxDigits;
    if (step.kind === Kind.fraction && !digitsFollow) {
      step.minDigits = 1;
      step.maxDigits = Infinity;
    }
  }
  return steps;
}

/** Which of `names` (lower case) is written at `start`, in any case, in full (`wide`) or as 3 letters; -1 for none. */
function matchName(text: string, start: number, end: number, names: readonly string[], wide: boolean): number {
  for (let n = 0; n < names.length; n++) {
    const name = names[n] as string;
    const length = wide ? name.length : 3;
    if (start + length > end) continue;
    let k = 0;
    while (k < length && (text.charCodeAt(start + k) | 32) === name.charCodeAt(k)) k++;
    if (k === length) return n;
  }
  return -1;
}

function namedLength(names: readonly string[], index: number, wide: boolean): number {
  return wide ? (names[index] as string).length : 3;
}

function formatParser(steps: readonly FormatStep[], zone: string): DateParser {
  const count = steps.length;
  return (text: string): number => {
    let i = 0;
    let end = text.length;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let hour12 = -1;
    let minute = 0;
    let second = 0;
    let ms = 0;
    let pm = -1;
    let offsetMs: number | undefined;
    for (let k = 0; k < count; k++) {
      const step = steps[k] as FormatStep;
      switch (step.kind) {
        case Kind.literal:
          if (i >= end || text.charCodeAt(i) !== step.arg) return NaN;
          i++;
          break;
        case Kind.space: {
          // Exports pad with extra spaces (`Nov  4`), so one space in the pattern takes any run.
          const start = i;
          while (i < end && isSpace(text.charCodeAt(i))) i++;
          if (i === start) return NaN;
          break;
        }
        case Kind.number: {
          let value = 0;
          let digits = 0;
          for (
            let digit = digitAt(text, i);
            digits < step.maxDigits && i < end && digit >= 0;
            digit = digitAt(text, ++i)
          ) {
            value = value * 10 + digit;
            digits++;
          }
          if (digits < step.minDigits || digits === 0) return NaN;
          switch (step.arg) {
            case Field.year:
              year = value;
              break;
            // POSIX strptime's pivot: 69-99 are 1969-1999, 00-68 are 2000-2068.
            case Field.year2:
              year = value < 69 ? 2000 + value : 1900 + value;
              break;
            case Field.month:
              month = value;
              break;
            case Field.day:
              day = value;
              break;
            case Field.hour:
              hour = value;
              break;
            case Field.hour12:
              hour12 = value;
              break;
            case Field.minute:
              minute = value;
              break;
            default:
              second = value;
          }
          break;
        }
        case Kind.fraction: {
          let scale = 100;
          let digits = 0;
          for (
            let digit = digitAt(text, i);
            digits < step.maxDigits && i < end && digit >= 0;
            digit = digitAt(text, ++i)
          ) {
            ms += digit * scale;
            scale /= 10;
            digits++;
          }
          if (digits < step.minDigits) return NaN;
          ms = Math.floor(ms);
          break;
        }
        case Kind.monthName: {
          const index = matchName(text, i, end, MONTHS, step.arg === 2);
          if (index < 0) return NaN;
          month = index + 1;
          i += namedLength(MONTHS, index, step.arg === 2);
          break;
        }
        case Kind.weekdayName: {
          // The weekday is redundant with the date; it only has to be a weekday name.
          const index = matchName(text, i, end, WEEKDAYS, step.arg === 2);
          if (index < 0) return NaN;
          i += namedLength(WEEKDAYS, index, step.arg === 2);
          break;
        }
        case Kind.meridiem: {
          const first = text.charCodeAt(i) | 32;
          if (i + 2 > end || (text.charCodeAt(i + 1) | 32) !== 109) return NaN; // m
          if (first === 97)
            pm = 0; // a
          else if (first === 112)
            pm = 1; // p
          else return NaN;
          i += 2;
          break;
        }
        default: {
          // Offsets are read leniently: every X/x width takes ±HH, ±HHMM and ±HH:MM; X also takes Z.
          const first = text.charCodeAt(i);
          let length = 0;
          if (step.arg === 1 && (first === 90 || first === 122)) length = 1;
          else if (first === PLUS || first === MINUS) {
            length = 3;
            if (digitAt(text, i + 3) >= 0) length = 5;
            else if (text.charCodeAt(i + 3) === COLON) length = 6;
          }
          if (length === 0 || i + length > end) return NaN;
          offsetMs = zoneSuffix(text, i, i + length);
          if (Number.isNaN(offsetMs)) return NaN;
          i += length;
        }
      }
    }
    if (i < end) {
      // A zone designator after the pattern (`… +0200`, `… UTC`) overrides the input zone.
      offsetMs = zoneSuffix(text, i, end);
      if (Number.isNaN(offsetMs)) return NaN;
    }
    if (pm >= 0) {
      if (hour12 < 1 || hour12 > 12) return NaN;
      hour = (hour12 % 12) + (pm === 1 ? 12 : 0);
    }
    return toEpoch(zone, year, month, day, hour, minute, second, ms, offsetMs);
  };
}

/**
 * Compiles a timestamp parser. In: options (`format`, `timeZone`, option names for errors). Out: a
 * function from text to epoch ms, NaN when the text does not match or is an impossible date (Feb 30,
 * hour 25: never rolled over). Leading and trailing spaces are ignored.
 *
 * Without `format`, ISO 8601 as exports write it: `2025-11-24`, `2025-11-24T09:14`,
 * `2025-11-24 09:14:05`, fractions of any length (truncated to ms), and a zone `Z`, `+02:00`,
 * `+0200`, `+02`, ` +0200` (Shopify) or ` UTC`. Text without a zone is wall time in `timeZone`
 * (date only: its midnight), with the DST rule of `wallToEpoch`.
 *
 * With `format`, date-fns tokens: `yyyy`, `yy` (00-68 are 2000-2068, 69-99 are 1969-1999, as POSIX),
 * `MM` / `M`, `MMM` / `MMMM` (English, any case), `dd` / `d`, `HH` / `H`, `hh` / `h` with `a` (AM/PM,
 * any case; 12 AM is midnight), `mm` / `m`, `ss` / `s`, `S…` (fraction, any length), `EEE` / `EEEE`
 * (weekday name, checked for form only), `XXX` `XX` `X` `xxx` `xx` `x` (offset); other letters must
 * be quoted (`'T'`). Single-letter numbers take one or two digits, double letters exactly two. A space
 * matches a run of spaces. An offset in the text, by token or trailing the pattern, overrides `timeZone`.
 *
 * Throws `bad_date_format` (naming `option`) for a pattern it cannot compile, and `bad_timezone`
 * (naming `timeZoneOption`) for an unknown zone.
 *
 * @example
 * // wall time in New York (EST, -05:00)
 * compileDateParser({ timeZone: 'America/New_York' })('2025-11-24 09:14') // Date.UTC(2025, 10, 24, 14, 14)
 * @example
 * // 12 AM is midnight
 * compileDateParser({ format: 'MM/dd/yyyy hh:mm:ss a', timeZone: 'UTC' })('05/01/2022 12:00:00 AM')
 * // Date.UTC(2022, 4, 1)
 * @example compileDateParser({ timeZone: 'UTC' })('2025-02-30') // NaN
 */
export function compileDateParser(options: DateParserOptions): DateParser {
  const zone = options.timeZone;
  assertTimeZone(zone, options.timeZoneOption ?? '--input-tz');
  if (options.format === undefined) return (text: string) => parseIso(text, zone);
  return formatParser(compileFormat(options.format, options.option ?? '--date-format'), zone);
}

/** Value of the two ASCII digits at `buf[i]`, or -1. */
function twoDigitBytes(buf: Uint8Array, i: number): number {
  const tens = (buf[i] as number) - ZERO;
  const ones = (buf[i + 1] as number) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * The ISO parser of {@link compileDateParser} (no `format`) over bytes `buf[s, e)`, without a string
 * for the most common shapes: `YYYY-MM-DD`, `YYYY-MM-DD HH:mm` and `YYYY-MM-DD HH:mm:ss` (`T` or a
 * space) with no zone, and the last with `Z`, `±HH:MM` or `±HHMM`. Any other text is decoded and given to the text
 * parser, so the result is the
 * text parser's for every input.
 */
export function compileIsoByteParser(
  timeZone: string,
  option = '--input-tz',
): (buf: Buffer, s: number, e: number) => number {
  assertTimeZone(timeZone, option);
  const zone = timeZone;
  // UTC has offset 0 at every instant: no zone lookup per timestamp (years of 4 digits are far
  // inside wallToEpoch's range check, so the result is the same).
  const utc = zone === 'UTC' || zone === 'Etc/UTC' ? 0 : undefined;
  return (buf: Buffer, s: number, e: number): number => {
    let length = e - s;
    // A trailing `Z`, `±HH:MM` or `±HHMM` after seconds: read here, the rest as without it.
    let offsetMs: number | undefined = utc;
    if (length === 20 && (buf[e - 1] === 90 || buf[e - 1] === 122)) {
      offsetMs = 0;
      length = 19;
    } else if ((length === 25 && buf[e - 3] === COLON) || length === 24) {
      const sign = buf[s + 19];
      const hours = twoDigitBytes(buf, s + 20);
      const minutes = twoDigitBytes(buf, e - 2);
      if ((sign === PLUS || sign === MINUS) && hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59) {
        offsetMs = (hours * 60 + minutes) * 60_000 * (sign === MINUS ? -1 : 1);
        length = 19;
      }
    }
    if (length === 19 || ((length === 16 || length === 10) && offsetMs === utc)) {
      const centuries = twoDigitBytes(buf, s);
      const years = twoDigitBytes(buf, s + 2);
      const month = twoDigitBytes(buf, s + 5);
      const day = twoDigitBytes(buf, s + 8);
      if (centuries >= 0 && years >= 0 && month >= 0 && day >= 0 && buf[s + 4] === MINUS && buf[s + 7] === MINUS) {
        const year = centuries * 100 + years;
        if (length === 10) return toEpoch(zone, year, month, day, 0, 0, 0, 0, offsetMs);
        const separator = buf[s + 10];
        const hour = twoDigitBytes(buf, s + 11);
        const minute = twoDigitBytes(buf, s + 14);
        if (
          (separator === 84 || separator === 116 || separator === SPACE) &&
          hour >= 0 &&
          minute >= 0 &&
          buf[s + 13] === COLON
        ) {
          if (length === 16) return toEpoch(zone, year, month, day, hour, minute, 0, 0, offsetMs);
          const second = twoDigitBytes(buf, s + 17);
          if (buf[s + 16] === COLON && second >= 0)
            return toEpoch(zone, year, month, day, hour, minute, second, 0, offsetMs);
        }
      }
    }
    return parseIso(buf.toString('latin1', s, e), zone);
  };
}

// ---------------------------------------------------------------------------------------------
// Format suggestions

export interface DateFormatSuggestion {
  /** A format that parses every sample, or null when none can be chosen safely. */
  format: string | null;
  /** True when the samples fit both day-first and month-first. */
  ambiguous: boolean;
  /** The formats worth trying: one when decided, two when ambiguous. */
  candidates: string[];
  /** One or two sentences for an error hint. */
  message: string;
}

type NumberField = 'year' | 'first' | 'second' | 'hour' | 'minute' | 'seconds' | 'fraction';
type Role =
  | { role: 'literal'; text: string }
  | { role: 'number'; field: NumberField; digits: number; value: number }
  | { role: 'month'; wide: boolean }
  | { role: 'weekday'; wide: boolean }
  | { role: 'meridiem' };
type NumberRole = Extract<Role, { role: 'number' }>;

/**
 * What each piece of a sample is. `first` and `second` are the day and the month in an order still
 * to be decided (by values above 12 across samples).
 */
interface Shape {
  roles: Role[];
  hasMonthName: boolean;
  /** `2025/11/24`: the conventional order is then year, month, day. */
  yearFirst: boolean;
}

const isMonthName = (word: string): boolean => MONTHS.some((month) => month === word || month.slice(0, 3) === word);
const isWeekdayName = (word: string): boolean =>
  WEEKDAYS.some((weekday) => weekday === word || weekday.slice(0, 3) === word);

/** Splits a sample into numbers, words and single characters, and names each piece, or null. */
function shapeOf(sample: string): Shape | null {
  const pieces = sample.match(/\d+|[A-Za-z]+|[^\dA-Za-z]/g) ?? [];
  const roles: Role[] = [];
  const dateNumbers: NumberRole[] = [];
  const timeFields: NumberField[] = ['hour', 'minute', 'seconds'];
  let timeIndex = -1;
  let hasMonthName = false;
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p] as string;
    const previous = pieces[p - 1];
    const next = pieces[p + 1];
    const nextIsNumber = next !== undefined && /^\d/.test(next);
    if (/^\d/.test(piece)) {
      const number: NumberRole = { role: 'number', field: 'first', digits: piece.length, value: Number(piece) };
      if (timeIndex < 0 && next === ':' && piece.length <= 2) timeIndex = 0;
      if (timeIndex < 0) dateNumbers.push(number);
      else if (timeIndex < 3 && (timeIndex === 0 || previous === ':'))
        number.field = timeFields[timeIndex++] as NumberField;
      else if (previous === '.' || previous === ',') number.field = 'fraction';
      else return null;
      roles.push(number);
      continue;
    }
    const word = piece.toLowerCase();
    if (timeIndex >= 0 && (word === 'z' || word === 'utc' || ((piece === '+' || piece === '-') && nextIsNumber))) {
      break; // a trailing zone: compiled parsers read it after any pattern
    }
    if (timeIndex >= 0 && (word === 'am' || word === 'pm')) roles.push({ role: 'meridiem' });
    else if (isMonthName(word)) {
      roles.push({ role: 'month', wide: word.length > 3 });
      hasMonthName = true;
    } else if (isWeekdayName(word)) roles.push({ role: 'weekday', wide: word.length > 3 });
    else if (/^[A-Za-z]/.test(piece)) {
      if (piece !== 'T' || !nextIsNumber) return null;
      roles.push({ role: 'literal', text: "'T'" });
    } else roles.push({ role: 'literal', text: piece === "'" ? "''" : piece });
  }
  while (roles.at(-1)?.role === 'literal') roles.pop();

  const [a, b, c] = dateNumbers;
  if (a === undefined || b === undefined || dateNumbers.length + (hasMonthName ? 1 : 0) !== 3) return null;
  if (hasMonthName) {
    // `24-Nov-2025`, `Nov 24, 2025`, `24/Nov/25`: a four-digit number is the year, else the later one.
    (a.digits === 4 ? a : b).field = 'year';
    return { roles, hasMonthName, yearFirst: false };
  }
  if (c === undefined) return null;
  if (a.digits === 4) {
    a.field = 'year';
    c.field = 'second';
    return { roles, hasMonthName, yearFirst: true };
  }
  if (c.digits !== 4 && c.digits !== 2) return null;
  b.field = 'second';
  c.field = 'year';
  return { roles, hasMonthName, yearFirst: false };
}

const signature = (shape: Shape): string =>
  shape.roles
    .map((role) => (role.role === 'literal' ? role.text : role.role === 'number' ? role.field : role.role))
    .join('|');

type Order = 'day-first' | 'month-first';

/**
 * The pattern of shapes alike, with `first` / `second` read in `order`; single letters where any sample is unpadded.
 */
function formatOf(shapes: readonly Shape[], order: Order): string {
  const template = shapes[0] as Shape;
  const twelveHour = template.roles.some((role) => role.role === 'meridiem');
  const letters = (index: number, letter: string): string =>
    shapes.every((shape) => {
      const role = shape.roles[index];
      return role?.role === 'number' && role.digits >= 2;
    })
      ? letter + letter
      : letter;
  const pattern = template.roles.map((role, index) => {
    if (role.role === 'literal') return role.text;
    if (role.role === 'month') return role.wide ? 'MMMM' : 'MMM';
    if (role.role === 'weekday') return role.wide ? 'EEEE' : 'EEE';
    if (role.role === 'meridiem') return 'a';
    switch (role.field) {
      case 'year':
        return role.digits === 4 ? 'yyyy' : 'yy';
      case 'first':
        return letters(index, order === 'month-first' && !template.hasMonthName ? 'M' : 'd');
      case 'second':
        return letters(index, order === 'month-first' ? 'd' : 'M');
      case 'hour':
        return letters(index, twelveHour ? 'h' : 'H');
      case 'minute':
        return letters(index, 'm');
      case 'seconds':
        return letters(index, 's');
      default:
        return 'S'.repeat(role.digits);
    }
  });
  return pattern.join('');
}

/**
 * Proposes a date-fns format for timestamps that are not ISO 8601, for error hints. In: sample texts
 * (blank and ISO ones are skipped) and the option name to suggest. Out: the format when the samples
 * decide it; `ambiguous` (and `format` null) when every sample fits both day-first and month-first,
 * i.e. no day/month part is above 12; the candidate formats; and a message for the user. A trailing
 * zone (`+0200`, `Z`, `UTC`) is left out of the format: parsers read it after any pattern.
 *
 * @example suggestDateFormat(['13/01/2024 14:05']).format // 'dd/MM/yyyy HH:mm'
 * @example suggestDateFormat(['05/01/2022 12:00:00 AM']).message
 * // 'Dates like "05/01/2022 12:00:00 AM" can be day-first or month-first; pass the right one with ' +
 * //   '--date-format: "dd/MM/yyyy hh:mm:ss a" or "MM/dd/yyyy hh:mm:ss a".'
 */
export function suggestDateFormat(samples: readonly string[], option = '--date-format'): DateFormatSuggestion {
  const texts = samples.map((sample) => sample.trim()).filter((sample) => sample !== '' && !isIsoLike(sample));
  const none = (message: string): DateFormatSuggestion => ({ format: null, ambiguous: false, candidates: [], message });
  const askForFormat = `pass ${option} with date-fns tokens, e.g. ${option} "dd/MM/yyyy HH:mm"`;
  const sample = texts[0];
  if (sample === undefined) {
    return none(
      samples.some((text) => text.trim() !== '')
        ? 'The timestamps are ISO 8601; no date format is needed.'
        : 'There are no timestamps to look at.',
    );
  }
  const shape = shapeOf(sample);
  if (shape === null) return none(`The layout of "${sample}" is not recognized; ${askForFormat}.`);
  const key = signature(shape);
  const alike = texts
    .map((text) => ({ text, shape: shapeOf(text) }))
    .filter((entry) => entry.shape !== null && signature(entry.shape) === key);
  const above12 = (field: 'first' | 'second'): string | undefined =>
    alike.find((entry) =>
      entry.shape?.roles.some((role) => role.role === 'number' && role.field === field && role.value > 12),
    )?.text;

  let orders: Order[] = ['day-first', 'month-first'];
  let evidence = sample;
  if (shape.hasMonthName) orders = ['day-first'];
  else {
    const dayFirst = above12('first');
    const monthFirst = above12('second');
    if (dayFirst !== undefined && monthFirst !== undefined) {
      return none(
        `The timestamps mix day-first ("${dayFirst}") and month-first ` +
          `("${monthFirst}") dates; no single ${option} reads both.`,
      );
    }
    if (dayFirst !== undefined) [orders, evidence] = [['day-first'], dayFirst];
    else if (monthFirst !== undefined) [orders, evidence] = [['month-first'], monthFirst];
    else if (shape.yearFirst) orders = ['month-first'];
  }

  const shapes = alike.map((entry) => entry.shape as Shape);
  const candidates = orders.map((order) => formatOf(shapes, order));
  for (const candidate of candidates) {
    const parse = compileDateParser({ format: candidate, timeZone: 'UTC', option });
    const failing = texts.find((text) => Number.isNaN(parse(text)));
    if (failing !== undefined) {
      return none(`"${evidence}" looks like ${candidate}, but "${failing}" does not fit it; ${askForFormat}.`);
    }
  }
  const [format] = candidates;
  if (format === undefined || candidates.length > 1) {
    return {
      format: null,
      ambiguous: true,
      candidates,
      message:
        `Dates like "${sample}" can be day-first or month-first; pass the right one ` +
        `with ${option}: ${candidates.map((candidate) => `"${candidate}"`).join(' or ')}.`,
    };
  }
  return {
    format,
    ambiguous: false,
    candidates,
    message: `Timestamps like "${evidence}" match ${option} "${format}".`,
  };
}
