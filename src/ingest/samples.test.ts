/** The checks of a file's first records (samples.ts): a header row that is data, offset-less timestamps. */
import { describe, expect, it } from 'vitest';
import { columnDates } from './date-columns.js';
import { headerLooksLikeData, headerWarning, offsetLessValues, offsetWarning } from './samples.js';

describe('headerLooksLikeData', () => {
  it('flags a first row of numbers and dates only', () => {
    expect(headerLooksLikeData(['1001', '2025-11-03 09:00', '3,5'], [])).toBe(
      'every header name is a number or a date ("1001", "2025-11-03 09:00", "3,5")',
    );
  });

  it('flags a name repeated as a value of its column further down', () => {
    expect(headerLooksLikeData(['INC1', '29/2/2016 01:16', 'Closed'], [['INC2', '5/3/2016 12:00', 'Closed']])).toBe(
      'the header "Closed" (column 3) is also a value of that column on a later row',
    );
  });

  it('leaves real headers alone', () => {
    const header = ['number', 'opened_at', 'state', 'priority'];
    const rows = [['INC1', '2025-11-03 09:00', 'New', '3 - Moderate']];
    expect(headerLooksLikeData(header, rows)).toBeNull();
    // A name that is a value of another column is fine (a team called "Status"?).
    expect(headerLooksLikeData(['id', 'status'], [['status', 'open']])).toBeNull();
  });

  it('gives the fix for the command that was run, quoting a path with spaces', () => {
    expect(headerWarning('my export.csv', 'x', 6, 'report')).toContain(
      "opsmetrics report 'my export.csv' --no-header --columns col1,col2,col3,col4,… (config input.columns)",
    );
  });
});

describe('offsetLessValues', () => {
  const dates = columnDates([], 'UTC', 'x');
  it('names the first offset-less value of each date column, skipping values that do not parse', () => {
    const columns = [
      { header: 'Created', column: 0, dates },
      { header: 'Paid', column: 1, dates },
    ];
    const rows = [
      ['n/a', '2025-10-07 09:50:26 +0200'],
      ['2025-11-03 09:00', '2025-10-07 10:00:00 +0200'],
    ];
    expect(offsetLessValues(columns, rows)).toEqual([{ column: 'Created', value: '2025-11-03 09:00' }]);
    expect(offsetWarning('t.csv', offsetLessValues(columns, rows), 'UTC', undefined)).toBe(
      'opsmetrics: warning: t.csv: timestamps without an offset (e.g. "2025-11-03 09:00" in "Created") are read in ' +
        'UTC (the report zone) because no input zone was given; pass --input-tz with the zone the export was ' +
        'written in.',
    );
  });
});
