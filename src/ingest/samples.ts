/**
 * What the first records of a file show before any figure is trusted: a header row that is really
 * data (a file exported without one), and timestamps without an offset that are read in a zone
 * nobody named. Both are warnings with the fix: the figures they would change look right.
 */
import { shellWord } from './profiles/resolve.js';
import type { ColumnDates } from './date-columns.js';

/** Records kept from the start of each file for these checks. */
export const SAMPLE_ROWS = 50;

/** `read` that also keeps the cells of the first `max` records in `into`. */
export function sampling(
  read: (cells: readonly string[], line: number) => void,
  into: string[][],
  max = SAMPLE_ROWS,
): (cells: readonly string[], line: number) => void {
  return (cells, line) => {
    if (into.length < max) into.push([...cells]);
    read(cells, line);
  };
}

const NUMBER = /^[+-]?\d+(?:[.,]\d+)*%?$/;
const DATE =
  /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Why a header row looks like data, or null: every name is a number or a date, or a name equals a
 * value of its column further down (a status, an id, a date repeated).
 * @example headerLooksLikeData(['INC001', '29/2/2016 01:16', 'Closed'], [['INC002', '5/3/2016 12:00', 'Closed']])
 * // 'the header "Closed" (column 3) is also a value of that column on a later row'
 */
export function headerLooksLikeData(header: readonly string[], sample: readonly (readonly string[])[]): string | null {
  const names = header.map((h) => h.trim()).filter((h) => h !== '');
  if (names.length > 0 && names.every((h) => NUMBER.test(h) || DATE.test(h))) {
    return `every header name is a number or a date (${names
      .slice(0, 3)
      .map((n) => JSON.stringify(n))
      .join(', ')})`;
  }
  for (let k = 0; k < header.length; k++) {
    const name = (header[k] as string).trim();
    if (name === '') continue;
    if (sample.some((row) => (row[k] ?? '').trim() === name)) {
      return `the header ${JSON.stringify(name)} (column ${k + 1}) is also a value of that column on a later row`;
    }
  }
  return null;
}

/** The warning for a header that looks like data, with the fix for the command that was run. */
export function headerWarning(file: string, why: string, width: number, command: string): string {
  const names = Array.from({ length: Math.min(width, 4) }, (_, k) => `col${k + 1}`).join(',');
  return (
    `opsmetrics: warning: ${file}: the first row looks like data, not a header: ${why}. If the file has no ` +
    `header row, name its ${width} columns: opsmetrics ${command} ${shellWord(file)} --no-header --columns ` +
    `${names}${width > 4 ? ',…' : ''} (config input.columns); the first row is then read as data.`
  );
}

/** A date column of a file, with its parsers. */
export interface DateColumnSample {
  header: string;
  dates: ColumnDates;
}

/**
 * The first value of each date column that has no offset, among the sample's values that parse: the
 * timestamps read in a zone the user did not name.
 * @example
 * // ISO 8601 dates read in UTC: the first has no offset, the second has one
 * import { columnDates } from './date-columns.js';
 * const dates = columnDates([], 'UTC', '--date-format');
 * offsetLessValues([{ header: 'Created', column: 0, dates }], [['2025-11-03 09:00'], ['2025-11-03T10:00:00Z']])
 * // [{ column: 'Created', value: '2025-11-03 09:00' }]
 */
export function offsetLessValues(
  columns: readonly (DateColumnSample & { column: number })[],
  sample: readonly (readonly string[])[],
): { column: string; value: string }[] {
  const found: { column: string; value: string }[] = [];
  for (const c of columns) {
    for (const row of sample) {
      const text = (row[c.column] ?? '').trim();
      if (text === '' || Number.isNaN(c.dates.parse(text))) continue;
      if (!c.dates.hasOffset(text)) {
        found.push({ column: c.header, value: text });
        break;
      }
    }
  }
  return found;
}

/**
 * The warning for timestamps without an offset read in `zone` because no input zone was named: the
 * figures move by the zone's offset if it is wrong. `advice` is the profile's word on where the
 * export's zone is set; `option` the flag that names it.
 */
export function offsetWarning(
  file: string,
  found: readonly { column: string; value: string }[],
  zone: string,
  advice: string | undefined,
  option = '--input-tz',
): string {
  const example = found[0] as { column: string; value: string };
  const columns = found.map((f) => JSON.stringify(f.column)).join(', ');
  return (
    `opsmetrics: warning: ${file}: timestamps without an offset (e.g. ${JSON.stringify(example.value)} in ` +
    `${columns}) are read in ${zone} (the report zone) because no input zone was given; ` +
    `pass ${option} with the zone the export was written in${advice ? ` (${advice})` : ''}.`
  );
}
