/**
 * How each date column of an export is read: a list of formats tried in order (date-fns tokens,
 * `excel` for Excel serial dates, `iso` for ISO 8601), the column's own list when it has one, else
 * the run's, else ISO 8601. Exports mix formats within a column (`05-Mar-16` and `2016-03-05` in a
 * shipment history) and between columns (a day-first `opened_at` beside ISO system fields), so both
 * are data, not code. The same module tells whether a value carried an offset (for the warning on
 * offset-less timestamps) and whether it was a date without a time (a deadline lasts to the end of
 * that day).
 */
import { compileDateParser, type DateParser } from '../calendar/date-format.js';
import { epochToWall, wallToEpoch } from '../calendar/zone.js';
import { headerKey } from './profiles/index.js';
import { isIsoLike } from '../calendar/iso.js';
import { suggestDateFormat } from './dates.js';
import { isExcelDateFormat, looksLikeExcelSerial, parseExcelSerial } from './values.js';

/** The formats of a run: for every date column, and per field or column. */
export interface DateFormats {
  /** Tried in order for every date column without its own list; empty: ISO 8601. */
  readonly formats: readonly string[];
  /** Field name or column header (compared case-insensitively, trimmed) -> the column's own list. */
  readonly byColumn: Readonly<Record<string, readonly string[]>>;
}

export const ISO_ONLY: DateFormats = Object.freeze({ formats: [], byColumn: {} });

/**
 * The formats of a field read from the column `header`: the field's own list, else the column's,
 * else the run's, else `fallback` (the profile's format), else none (ISO 8601).
 * @example formatsFor({ formats: ['dd.MM.yyyy'], byColumn: { opened_at: ['d/M/yyyy HH:mm'] } }, 'created', 'Opened_at')
 * // ['d/M/yyyy HH:mm']
 */
export function formatsFor(
  spec: DateFormats,
  field: string,
  header: string,
  fallback: string | undefined = undefined,
): readonly string[] {
  const key = headerKey(header);
  for (const [name, formats] of Object.entries(spec.byColumn)) {
    if (name === field) return formats;
  }
  for (const [name, formats] of Object.entries(spec.byColumn)) {
    if (headerKey(name) === key) return formats;
  }
  if (spec.formats.length > 0) return spec.formats;
  return fallback === undefined ? [] : [fallback];
}

/** A column's parsers, compiled once. */
export interface ColumnDates {
  /** Text -> epoch ms (NaN: no format reads it), the formats tried in order. */
  readonly parse: DateParser;
  /** True when the list is ISO 8601 alone: the fast engine then parses the column from bytes. */
  readonly isoOnly: boolean;
  /** True when the list has a date-fns pattern (a failure is then a bad date, not a missing format). */
  readonly patterned: boolean;
  /** True when the list reads Excel serial dates. */
  readonly excel: boolean;
  /** The formats as given, for messages (`ISO 8601` when none). */
  readonly text: string;
  /**
   * Whether `text` (which parses) carries its own offset: a format with an offset token, or a zone
   * after the time of day. For the warning on offset-less timestamps; not for per-row use.
   */
  hasOffset(text: string): boolean;
  /**
   * `text` as a deadline: a date without a time lasts to the end of that day in `deadlineZone`
   * (the next midnight there); any other value is `parse(text)`. An ISO date (`2025-10-09`) is read
   * so whatever the formats: exports write deadlines as dates beside timestamps in their own format.
   */
  deadline(text: string): number;
}

const isIsoName = (format: string) => format.trim().toLowerCase() === 'iso';
/** A date-fns pattern with a time of day (letters outside quotes). */
const hasTimeTokens = (format: string) => /[Hhms]/.test(format.replace(/'[^']*'/g, ''));

function compileOne(format: string, zone: string, option: string): { parse: DateParser; dateOnly: DateParser } {
  if (isExcelDateFormat(format)) {
    return { parse: (text) => parseExcelSerial(text, zone), dateOnly: () => NaN };
  }
  if (isIsoName(format)) {
    const iso = compileDateParser({ timeZone: zone, option });
    const isoUtc = compileDateParser({ timeZone: 'UTC', option });
    return { parse: iso, dateOnly: (text) => (text.trim().length === 10 ? isoUtc(text) : NaN) };
  }
  const parse = compileDateParser({ format, timeZone: zone, option });
  const utc = compileDateParser({ format, timeZone: 'UTC', option });
  return { parse, dateOnly: hasTimeTokens(format) ? () => NaN : utc };
}

/** The next midnight in `zone` after the day that starts at `utcDayMs` in UTC; NaN for NaN. */
function endOfDay(utcDayMs: number, zone: string): number {
  if (Number.isNaN(utcDayMs)) return NaN;
  const wall = epochToWall('UTC', utcDayMs);
  return wallToEpoch(zone, wall.year, wall.month, wall.day + 1, 0, 0, 0, 0);
}

/**
 * A time of day followed by a zone (`09:50:26 +0200`, `T09:00Z`, `09:14 UTC`): the zone a value
 * carries, whatever its date's layout (compiled parsers read a trailing zone after any pattern).
 */
const TRAILING_ZONE = /\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/i;
/** A date-fns pattern with an offset token (`X`, `x`), outside quotes. */
const hasOffsetToken = (format: string) => /[Xx]/.test(format.replace(/'[^']*'/g, ''));

/**
 * The parsers of one date column over `formats` (see formatsFor) in `zone`; `option` names where
 * the formats came from in errors (`--date-format`). Throws `bad_date_format` for a pattern the
 * parser cannot compile.
 * @example columnDates(['dd-MMM-yy', 'yyyy-MM-dd'], 'UTC', '--date-format').parse('05-Mar-16') // 1457136000000
 */
export function columnDates(
  formats: readonly string[],
  zone: string,
  option: string,
  deadlineZone: string = zone,
): ColumnDates {
  // Excel serials come with ISO text beside them in the same column: ISO is tried after them.
  const list = formats.length === 0 ? ['iso'] : [...formats];
  if (list.some(isExcelDateFormat) && !list.some(isIsoName)) list.push('iso');
  const compiled = list.map((format) => compileOne(format, zone, option));
  const isoDate = compileOne('iso', 'UTC', option).dateOnly;
  const parse: DateParser =
    compiled.length === 1
      ? (compiled[0] as { parse: DateParser }).parse
      : (text) => {
          for (const c of compiled) {
            const ms = c.parse(text);
            if (!Number.isNaN(ms)) return ms;
          }
          return NaN;
        };
  return {
    parse,
    isoOnly: list.length === 1 && isIsoName(list[0] as string),
    patterned: list.some((f) => !isIsoName(f) && !isExcelDateFormat(f)),
    excel: list.some(isExcelDateFormat),
    text: formats.length === 0 ? 'ISO 8601' : list.map((f) => JSON.stringify(f)).join(', then '),
    hasOffset: (text) => {
      // Read without a second zone: a zone's first use costs its data's loading (tens of ms).
      for (let k = 0; k < compiled.length; k++) {
        if (Number.isNaN((compiled[k] as { parse: DateParser }).parse(text))) continue;
        return hasOffsetToken(list[k] as string) || TRAILING_ZONE.test(text.trim());
      }
      return false;
    },
    deadline: (text) => {
      for (const c of compiled) {
        const ms = c.parse(text);
        if (Number.isNaN(ms)) continue;
        const day = c.dateOnly(text);
        if (Number.isNaN(day)) return ms;
        return endOfDay(day, deadlineZone);
      }
      return endOfDay(isoDate(text), deadlineZone);
    },
  };
}

/**
 * Reads `--date-format` values (repeatable): `FORMAT` adds to the run's list, `NAME=FORMAT` to the
 * list of the field or column NAME.
 * @example parseDateFormatFlags(['opened_at=d/M/yyyy HH:mm', 'dd-MMM-yy', 'yyyy-MM-dd'])
 * // { formats: ['dd-MMM-yy', 'yyyy-MM-dd'], byColumn: { opened_at: ['d/M/yyyy HH:mm'] } }
 */
export function parseDateFormatFlags(values: readonly string[]): DateFormats {
  const formats: string[] = [];
  const byColumn: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq > 0 && eq < value.length - 1) {
      const name = value.slice(0, eq).trim();
      (byColumn[name] ??= []).push(value.slice(eq + 1).trim());
    } else formats.push(value.trim());
  }
  return { formats, byColumn };
}

/** `spec`'s lists with `over`'s in front: flags win over the config, list by list. */
export function mergeDateFormats(over: DateFormats, spec: DateFormats): DateFormats {
  return {
    formats: over.formats.length > 0 ? over.formats : spec.formats,
    byColumn: { ...spec.byColumn, ...over.byColumn },
  };
}

/** Why a date cell did not parse, as a row issue says it. */
export interface DateDiagnosis {
  code: 'bad_date' | 'date_format_needed';
  message: string;
  /** Undefined when the column's hint was given already (the report's summary derives it from every value). */
  hint: string | undefined;
}

/**
 * The issue of a date cell no format of its column reads: an Excel serial number (the `excel`
 * format), a non-ISO date while no format was named (`date_format_needed`, with a format suggested
 * from this value; the summaries derive it from every value), or a bad date for the formats given.
 * `option` is the flag that names formats (`--date-format`, `--orders-date-format`); `hinted` says
 * whether the column has had its `date_format_needed` hint.
 * @example diagnoseDate('45615.5', 'Opened', columnDates([], 'UTC', 'x'), '--date-format', false).code // 'bad_date'
 */
export function diagnoseDate(
  text: string,
  header: string,
  dates: ColumnDates,
  option: string,
  hinted: boolean,
): DateDiagnosis {
  if (!dates.excel && looksLikeExcelSerial(text)) {
    return {
      code: 'bad_date',
      message: `"${text}" in column "${header}" looks like an Excel serial date (days since 1899-12-30)`,
      hint:
        `If the column holds Excel serial dates, pass ${option} excel (config ` +
        `${option === '--date-format' ? 'input' : 'orders'}.date_format: excel); better, ` +
        'format the column as dates in Excel before saving as CSV.',
    };
  }
  if (!dates.patterned && !isIsoLike(text)) {
    return {
      code: 'date_format_needed',
      message: `"${text}" in column "${header}" is not an ISO 8601 date`,
      hint: hinted ? undefined : suggestDateFormat([text], option).message,
    };
  }
  return {
    code: 'bad_date',
    message: `"${text}" in column "${header}" is not a valid date (formats tried: ${dates.text})`,
    hint: dates.patterned
      ? `Check the formats against the file, or add one for this column: ${option} "${header}=<format>" ` +
        '(repeatable, tried in order).'
      : `Fix the value, or pass ${option} with the format the file uses.`,
  };
}
