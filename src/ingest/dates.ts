/**
 * Date format hints: from sample values of a column whose dates are not ISO 8601, the date-fns
 * format that reads them all, or the two candidates when day-first and month-first both fit.
 */
import { compileDateParser, MONTHS, WEEKDAYS } from '../calendar/date-format.js';
import { isIsoLike } from '../calendar/iso.js';

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

/**
 * The hint for a date column from every value of it that could not be read (not the first one only):
 * text without a digit is offered as a null token (`Date Not Captured`); Excel serial numbers get
 * `excel`; the other values are grouped by layout and each group gets the format that reads all of
 * it, so a column that mixes layouts gets the list to pass, tried in order.
 * @example hintDateColumn(['29/2/2016 01:16', '5/3/2016 12:00'])
 * // 'Timestamps like "29/2/2016 01:16" match --date-format "d/M/yyyy HH:mm".'
 * @example
 * hintDateColumn(['Date Not Captured', '12-Mar-16', '2016-03-14'], '--date-format')
 * // '"Date Not Captured" is text, not a date: if it means no value, pass --null-token "Date Not Captured". ' +
 * //   'The column mixes layouts: pass --date-format "dd-MMM-yy" --date-format iso (tried in order).'
 */
export function hintDateColumn(values: readonly string[], option = '--date-format'): string {
  const texts = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
  const words = texts.filter((t) => !/\d/.test(t));
  const serials = texts.filter((t) => /^\d{5}(?:\.\d+)?$/.test(t));
  const iso = texts.filter((t) => isIsoLike(t));
  const rest = texts.filter((t) => !words.includes(t) && !serials.includes(t) && !iso.includes(t));
  const parts: string[] = [];
  if (words.length > 0) {
    const shown = words.slice(0, 3);
    parts.push(
      `${shown.map((w) => JSON.stringify(w)).join(', ')} ${shown.length > 1 ? 'are' : 'is'} text, not a date: if ` +
        `${shown.length > 1 ? 'they mean' : 'it means'} no value, pass ${shown
          .map((w) => `--null-token ${JSON.stringify(w)}`)
          .join(' ')}.`,
    );
  }
  const groups = new Map<string, string[]>();
  for (const text of rest) {
    const shape = shapeOf(text);
    const key = shape === null ? `?${text}` : signature(shape);
    groups.set(key, [...(groups.get(key) ?? []), text]);
  }
  const formats: string[] = [];
  let single = '';
  for (const group of groups.values()) {
    const suggestion = suggestDateFormat(group, option);
    if (suggestion.format === null) {
      parts.push(suggestion.message);
      return parts.join(' ');
    }
    formats.push(suggestion.format);
    single = suggestion.message;
  }
  if (serials.length > 0) formats.push('excel');
  if (iso.length > 0 && formats.length > 0) formats.push('iso');
  const flag = (f: string) => `${option} ${f === 'iso' || f === 'excel' ? f : JSON.stringify(f)}`;
  if (formats.length === 1 && groups.size === 1) parts.push(single);
  else if (formats.length > 1)
    parts.push(`The column mixes layouts: pass ${formats.map(flag).join(' ')} (tried in order).`);
  else if (serials.length > 0)
    parts.push(`Numbers like ${JSON.stringify(serials[0])} look like Excel serial dates: pass ${option} excel.`);
  else if (iso.length > 0)
    parts.push(`Values like ${JSON.stringify(iso[0])} are ISO 8601: add ${option} iso to the formats.`);
  return parts.join(' ');
}
