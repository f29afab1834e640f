/**
 * Cell text -> numbers, durations and Excel serial dates, refusing what cannot be read for sure.
 *
 * Pure functions, no I/O. A value that does not parse is never turned into NaN or a guess: each
 * function returns either `{ ok: true, value }` or `{ ok: false, reason, message, hint }`, and the
 * caller (normalize.ts) turns the refusal into a row issue under the bad-value policy.
 *
 * Why so strict: `1,234` is 1234 in New York and 1.234 in Berlin, and `Number('1,234')` is NaN while
 * `parseFloat('1,234')` is 1. Guessing would give numbers that are wrong by a factor of 1000 without
 * a trace, so the decimal separator must be declared (`input.decimal`, `--decimal-comma`) before such
 * forms are read.
 */
import { wallToEpoch } from '../calendar/zone.js';

/** The decimal separator of a file: `.` (1,234.5), `,` (1.234,5), or `undefined` when not declared. */
export type DecimalSeparator = '.' | ',';

/** Why a value was refused; `ambiguous` and `undeclared_decimal_comma` are fixed by declaring the separator. */
export type ValueRefusal =
  | 'not_a_number'
  | 'ambiguous'
  | 'undeclared_decimal_comma'
  | 'bad_grouping'
  | 'negative'
  | 'not_whole'
  | 'too_large';

export type ValueResult =
  | { ok: true; value: number }
  | { ok: false; reason: ValueRefusal; message: string; hint: string };

export interface NumberOptions {
  /** The declared decimal separator; `undefined` reads only forms that cannot be misread. */
  decimal?: DecimalSeparator | undefined;
}

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const APOSTROPHE = 39;
const NBSP = 0xa0;
const NARROW_NBSP = 0x202f;

const DECLARE_HINT =
  'Declare the decimal separator: --decimal-comma (config input.decimal: ' +
  '",") for 1.234,5, or --decimal-point (input.decimal: ".") for 1,234.5.';

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Thousands separators that can never be a decimal separator: spaces and the Swiss apostrophe. */
function isGroupOnly(code: number): boolean {
  return code === SPACE || code === NBSP || code === NARROW_NBSP || code === APOSTROPHE;
}

function refuse(reason: ValueRefusal, message: string, hint: string): ValueResult {
  return { ok: false, reason, message, hint };
}

/**
 * Reads a decimal number written as people and spreadsheets write it: an optional sign, digits,
 * optionally grouped by thousands (`,` `.` space, no-break space or `'`, groups of exactly three
 * digits), and an optional fraction after the decimal separator. Exponents, hex, `Infinity` and
 * currency signs are refused.
 *
 * Without a declared separator only unambiguous forms are read: `1234.5`, `1,234.5`,
 * `1 234.5`, `1,234,567`. Refused with a hint to declare it: `1,234` and `1.234` (thousands or
 * decimals?), and any decimal comma (`1,5`, `1.234,5`). A leading 0 (`0.125`) is never a thousands
 * group, so it is not ambiguous.
 *
 * @param text the trimmed cell text
 * @example parseDecimal('1,234.5') // { ok: true, value: 1234.5 }
 * @example parseDecimal('1.234,5', { decimal: ',' }) // { ok: true, value: 1234.5 }
 * @example parseDecimal('1 234') // { ok: true, value: 1234 }
 * @example
 * // thousands or decimals? refused, with a hint to declare the separator
 * const result = parseDecimal('1,234');
 * [result.ok, result.reason] // [false, 'ambiguous']
 */
export function parseDecimal(text: string, options: NumberOptions = {}): ValueResult {
  const n = text.length;
  let start = 0;
  const first = text.charCodeAt(0);
  if (first === PLUS || first === MINUS) start = 1;
  // Fast path: plain digits with at most one '.', the form of almost every exported number.
  let dots = 0;
  let plain = start < n;
  for (let i = start; i < n && plain; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) dots++;
    else if (!isDigit(code)) plain = false;
  }
  if (plain && dots === 0) return { ok: true, value: Number(text) };
  if (plain && dots === 1 && options.decimal !== ',') {
    if (n - start === 1) return notANumber(text);
    if (options.decimal === undefined && looksGrouped(text, start, DOT)) {
      return refuse(
        'ambiguous',
        `"${text}" could be ${groupedReading(text, start)} (thousands separator) or ${Number(text)} (decimal point)`,
        DECLARE_HINT,
      );
    }
    return { ok: true, value: Number(text) };
  }
  return parseGrouped(text, start, options.decimal);
}

/** `1.234` / `1,234`: one separator, 1-3 leading digits (not starting with 0), exactly 3 after it. */
function looksGrouped(text: string, start: number, separator: number): boolean {
  const at = text.indexOf(String.fromCharCode(separator), start);
  const lead = at - start;
  return lead >= 1 && lead <= 3 && text.charCodeAt(start) !== ZERO && text.length - at - 1 === 3;
}

function groupedReading(text: string, start: number): string {
  return `${text.slice(0, start)}${text.slice(start).replace(/[.,]/, '')}`.replace(/^\+/, '');
}

function notANumber(text: string): ValueResult {
  return refuse(
    'not_a_number',
    `"${text}" is not a number`,
    'Numbers are digits with an optional sign, decimal separator ' +
      'and thousands separators (no units, currency signs or exponents).',
  );
}

function parseGrouped(text: string, start: number, declared: DecimalSeparator | undefined): ValueResult {
  const n = text.length;
  let commas = 0;
  let dots = 0;
  let lastComma = -1;
  let lastDot = -1;
  let digits = 0;
  for (let i = start; i < n; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) digits++;
    else if (code === COMMA) {
      commas++;
      lastComma = i;
    } else if (code === DOT) {
      dots++;
      lastDot = i;
    } else if (!isGroupOnly(code)) return notANumber(text);
  }
  if (digits === 0) return notANumber(text);

  // Which character is the decimal separator, if any.
  let decimalAt = -1;
  let decimalChar: DecimalSeparator | undefined;
  if (declared !== undefined) {
    const count = declared === '.' ? dots : commas;
    if (count > 1) return badGrouping(text, declared);
    decimalAt = declared === '.' ? lastDot : lastComma;
    decimalChar = declared;
  } else if (commas > 0 && dots > 0) {
    // Both present: the one that comes last, once, is the decimal separator.
    decimalChar = lastComma > lastDot ? ',' : '.';
    if ((decimalChar === ',' ? commas : dots) > 1) return badGrouping(text, undefined);
    decimalAt = decimalChar === ',' ? lastComma : lastDot;
  } else if (commas === 1 || dots === 1) {
    const separator = commas === 1 ? COMMA : DOT;
    const groupOnly = hasGroupOnly(text, start);
    if (!groupOnly && looksGrouped(text, start, separator)) {
      return refuse(
        'ambiguous',
        `"${text}" could be ${groupedReading(text, start)} (thousands ` +
          `separator) or ${text.replace(',', '.')} (decimal separator)`,
        DECLARE_HINT,
      );
    }
    // With space groups (`1 234,5`) or a non-3-digit tail (`1,5`), the single mark is a decimal separator.
    decimalChar = separator === COMMA ? ',' : '.';
    decimalAt = separator === COMMA ? lastComma : lastDot;
  }
  // Several commas, or several dots, and nothing else: thousands separators (`1,234,567`).
  if (declared === undefined && decimalChar === ',') {
    return refuse(
      'undeclared_decimal_comma',
      `"${text}" has a decimal comma, which is read only when declared`,
      DECLARE_HINT,
    );
  }

  const intEnd = decimalAt < 0 ? n : decimalAt;
  const fraction = decimalAt < 0 ? '' : text.slice(decimalAt + 1);
  for (let i = 0; i < fraction.length; i++) if (!isDigit(fraction.charCodeAt(i))) return badGrouping(text, declared);
  const intDigits = ungroup(text, start, intEnd);
  if (intDigits === undefined) return badGrouping(text, declared);
  if (intDigits === '' && fraction === '') return notANumber(text);
  const sign = text.charCodeAt(0) === MINUS ? '-' : '';
  return {
    ok: true,
    value: Number(`${sign}${intDigits === '' ? '0' : intDigits}.${fraction === '' ? '0' : fraction}`),
  };
}

function hasGroupOnly(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) if (isGroupOnly(text.charCodeAt(i))) return true;
  return false;
}

/**
 * The digits of `text[start, end)` without its thousands separators, or `undefined` when the groups
 * are not 1-3 digits then exactly 3 each, or mix two kinds of separator.
 */
function ungroup(text: string, start: number, end: number): string | undefined {
  let separator = -1;
  let group = 0;
  let groups = 0;
  let out = '';
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      group++;
      continue;
    }
    if (separator >= 0 && code !== separator) return undefined;
    separator = code;
    if (groups === 0 ? group < 1 || group > 3 : group !== 3) return undefined;
    out += text.slice(i - group, i);
    groups++;
    group = 0;
  }
  if (groups > 0 && group !== 3) return undefined;
  // A grouped number never starts with 0: `0.125` is not 125.
  if (groups > 0 && text.charCodeAt(start) === ZERO) return undefined;
  return out + text.slice(end - group, end);
}

function badGrouping(text: string, declared: DecimalSeparator | undefined): ValueResult {
  return refuse(
    'bad_grouping',
    `"${text}" mixes separators in a way no number is ` +
      `written${declared === undefined ? '' : ` with the decimal separator "${declared}"`}`,
    declared === undefined
      ? 'Thousands groups have exactly three digits and the decimal separator appears once.'
      : `With "${declared}" as the decimal separator, "${declared === '.' ? ',' : '.'}" ` +
          `may only separate groups of three digits; check input.decimal / --decimal-comma.`,
  );
}

/**
 * A count (replies, reopens, stations): a whole number of 0 or more, thousands separators allowed
 * as in {@link parseDecimal}.
 *
 * @example parseCount('3') // { ok: true, value: 3 }
 * @example ['-1', '2.5'].map((text) => parseCount(text).reason) // ['negative', 'not_whole']
 * @example
 * // counts are 32-bit: 4294967298 would wrap around to 2
 * parseCount('4294967298').reason // 'too_large'
 */
export function parseCount(text: string, options: NumberOptions = {}): ValueResult {
  const parsed = parseDecimal(text, options);
  if (!parsed.ok) return parsed;
  if (parsed.value < 0)
    return refuse('negative', `"${text}" is negative; a count is 0 or more`, 'Fix the value in the export.');
  if (!Number.isSafeInteger(parsed.value))
    return refuse('not_whole', `"${text}" is not a whole number`, 'A count is a whole number of 0 or more.');
  // Counts are stored in 32 bits: a larger one would wrap around (4294967298 read as 2).
  if (parsed.value > MAX_COUNT)
    return refuse(
      'too_large',
      `"${text}" is larger than any count this tool stores (${MAX_COUNT})`,
      'Check the column: a count of replies, reopens or stations is a small number.',
    );
  return parsed;
}

/** The largest count accepted (counts are stored as 32-bit integers). */
export const MAX_COUNT = 2_147_483_647;

/** A duration column's unit: a number of minutes, hours or seconds, or `H:MM[:SS]` text. */
export type DurationUnitName = 'minutes' | 'hours' | 'seconds' | 'hms';

const UNIT_MS: Readonly<Record<Exclude<DurationUnitName, 'hms'>, number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  seconds: 1000,
};
const DAY_MS = 86_400_000;

/** The longest duration {@link checkDurationMs} accepts, in ms: any finite `ms` up to it passes. */
export function maxDurationMs(maxDurationDays = DEFAULT_MAX_DURATION_DAYS): number {
  return maxDurationDays * DAY_MS;
}

/** Milliseconds in one unit of a numeric duration column. */
export function durationUnitMs(unit: Exclude<DurationUnitName, 'hms'>): number {
  return UNIT_MS[unit];
}

/** Default of `input.max_duration_days`: ten years. A longer duration is an export or unit error. */
export const DEFAULT_MAX_DURATION_DAYS = 3650;

export interface DurationOptions extends NumberOptions {
  /** Longest duration accepted, in days (default {@link DEFAULT_MAX_DURATION_DAYS}). */
  maxDurationDays?: number | undefined;
}

/**
 * A duration cell in milliseconds: a number in `unit` (thousands separators as in
 * {@link parseDecimal}), or for `hms` hours (any number of them), minutes and optional seconds
 * (`27:05`, `127:05:30`). Negative durations and durations over `maxDurationDays` are refused
 * (`negative`, `too_large`): a first reply 40 years after creation is an export or unit error.
 *
 * @example parseDurationMs('90', 'minutes') // { ok: true, value: 90 * 60_000 }
 * @example parseDurationMs('01:30:00', 'hms') // { ok: true, value: 90 * 60_000 }
 * @example
 * // 21038400 minutes = 14610 days, 40 years: over the default 3650 days
 * parseDurationMs('21038400', 'minutes').reason // 'too_large'
 */
export function parseDurationMs(text: string, unit: DurationUnitName, options: DurationOptions = {}): ValueResult {
  let ms: number;
  if (unit === 'hms') {
    const match = /^(-?)(\d+):([0-5]\d)(?::([0-5]\d)(?:[.,](\d{1,3}))?)?$/.exec(text);
    if (match === null)
      return refuse(
        'not_a_number',
        `"${text}" is not a duration in hours:minutes[:seconds]`,
        'Write durations as H:MM or H:MM:SS, e.g. 27:05:00.',
      );
    if (match[1] === '-')
      return refuse('negative', `negative duration ${text}`, 'A duration cannot be negative: check the export.');
    ms =
      ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000 +
      Number((match[5] ?? '').padEnd(3, '0'));
  } else {
    const parsed = parseDecimal(text, options);
    if (!parsed.ok) return { ...parsed, message: `${parsed.message} (a duration in ${unit})` };
    if (parsed.value < 0)
      return refuse('negative', `negative duration ${text}`, 'A duration cannot be negative: check the export.');
    ms = parsed.value * UNIT_MS[unit];
  }
  return checkDurationMs(ms, text, options.maxDurationDays);
}

/**
 * Refuses a duration (ms) longer than `maxDurationDays` (default {@link DEFAULT_MAX_DURATION_DAYS}),
 * for durations read from a cell and for those between two timestamps.
 *
 * @example checkDurationMs(86_400_000, '1 day').ok // true
 * @example checkDurationMs(40 * 365 * 86_400_000, '40 years').ok // false
 */
export function checkDurationMs(ms: number, text: string, maxDurationDays = DEFAULT_MAX_DURATION_DAYS): ValueResult {
  if (!Number.isFinite(ms))
    return refuse('too_large', `duration ${text} is too large to represent`, 'Check the unit of the column.');
  if (ms > maxDurationMs(maxDurationDays)) {
    return refuse(
      'too_large',
      `duration ${text} is ${formatDays(ms)}, longer than the sanity limit of ${maxDurationDays} days`,
      'Check the unit of the column (minutes vs seconds) and the ' +
        'dates; raise input.max_duration_days if such durations are real.',
    );
  }
  return { ok: true, value: ms };
}

function formatDays(ms: number): string {
  const days = ms / DAY_MS;
  return days >= 730 ? `${Math.round(days / 365.25)} years` : `${Math.round(days)} days`;
}

/** Excel's day 0 is 1899-12-30 (so that its fictitious 1900-02-29 stays serial 60); 1970-01-01 is 25569. */
const EXCEL_UNIX_EPOCH_SERIAL = 25569;
/** Serial 61 is 1900-03-01, the first day after Excel's non-existent 1900-02-29. */
const EXCEL_FIRST_EXACT_SERIAL = 61;
/** 9999-12-31, Excel's last date. */
const EXCEL_LAST_SERIAL = 2958465;

const excelSerialPattern = /^\d{1,7}(?:\.\d+)?$/;

/**
 * An Excel serial date (days since 1899-12-30, the fraction is the time of day), read as a wall time in
 * `timeZone`, to epoch ms; NaN for anything else, and for serials before 61 (1900-03-01), which
 * Excel's fictitious 29 February 1900 makes off by one day. The time is rounded to the millisecond.
 *
 * @example
 * // 45615 - 25569 (1970-01-01) = 20046 days: 2024-11-19; .5 is noon
 * parseExcelSerial('45615.5', 'UTC') // Date.UTC(2024, 10, 19, 12)
 * @example
 * // midnight in Berlin (CET, +01:00)
 * parseExcelSerial('45615', 'Europe/Berlin') // Date.UTC(2024, 10, 18, 23)
 */
export function parseExcelSerial(text: string, timeZone: string): number {
  if (!excelSerialPattern.test(text)) return NaN;
  const serial = Number(text);
  if (serial < EXCEL_FIRST_EXACT_SERIAL || serial >= EXCEL_LAST_SERIAL + 1) return NaN;
  const days = Math.floor(serial);
  const msOfDay = Math.round((serial - days) * DAY_MS);
  return wallToEpoch(timeZone, 1970, 1, 1 + days - EXCEL_UNIX_EPOCH_SERIAL, 0, 0, 0, msOfDay);
}

/**
 * Whether a date cell that did not parse looks like an Excel serial date of 1970-2100 (`45615`,
 * `45615.5`): then the hint names `--date-format excel` instead of a date-fns pattern.
 *
 * @example looksLikeExcelSerial('45615.5') // true
 * @example looksLikeExcelSerial('2025') // false
 */
export function looksLikeExcelSerial(text: string): boolean {
  if (!/^\d{5}(?:\.\d+)?$/.test(text)) return false;
  const serial = Number(text);
  return serial >= EXCEL_UNIX_EPOCH_SERIAL && serial < 73051;
}

/** Whether a `--date-format` / `input.date_format` value asks for Excel serial dates. */
export function isExcelDateFormat(format: string | undefined): boolean {
  return format !== undefined && format.trim().toLowerCase() === 'excel';
}

/**
 * The test for a null cell: empty, or one of `tokens` (trimmed, lower-cased) compared lower-cased. A
 * text longer than every token is none without being lower-cased (lower-casing never shortens a
 * string), which spares most cells a new string.
 */
export function nullTest(tokens: ReadonlySet<string>): (text: string) => boolean {
  const longest = Math.max(0, ...[...tokens].map((t) => t.length));
  return (text) => text === '' || (text.length <= longest && tokens.has(text.toLowerCase()));
}

/**
 * A duration cell of `unitMs` milliseconds per unit (a configured metric's column in seconds,
 * minutes, hours or days), with the checks of {@link parseDurationMs}.
 * @example parseDurationMsBy('1.5', 86_400_000) // { ok: true, value: 1.5 * DAY }
 */
export function parseDurationMsBy(text: string, unitMs: number, options: DurationOptions = {}): ValueResult {
  const parsed = parseDecimal(text, options);
  if (!parsed.ok) return { ...parsed, message: `${parsed.message} (a duration)` };
  if (parsed.value < 0)
    return refuse('negative', `negative duration ${text}`, 'A duration cannot be negative: check the export.');
  return checkDurationMs(parsed.value * unitMs, text, options.maxDurationDays);
}
