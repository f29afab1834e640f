/**
 * Timestamp text -> epoch milliseconds, once per cell of every instant column: ISO 8601 (iso.ts), or
 * a date-fns (Unicode TR35) pattern compiled once into a list of steps, so that per-row code only
 * reads char codes and does arithmetic (no Date, no RegExp, no substrings; date-fns `parse` is 50x
 * slower than `Date.parse`).
 */
import { usageError } from '../errors.js';
import { COLON, digitAt, isSpace, MINUS, parseIso, PLUS, toEpoch, zoneSuffix } from './iso.js';
import { assertTimeZone } from './zone.js';

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

export const MONTHS = [
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
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

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
