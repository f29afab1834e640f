/** Date formats per column, lists tried in order, deadlines and offsets (date-columns.ts), by hand. */
import { describe, expect, it } from 'vitest';
import { columnDates, formatsFor, mergeDateFormats, parseDateFormatFlags } from './date-columns.js';

const utc = (...parts: [number, number, number, number?, number?]) =>
  Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0);

describe('formatsFor', () => {
  const spec = { formats: ['dd.MM.yyyy'], byColumn: { created: ['d/M/yyyy HH:mm'], 'Ship Date': ['dd-MMM-yy'] } };

  it("takes the field's own list, else the column's (any case), else the run's, else the profile's", () => {
    expect(formatsFor(spec, 'created', 'opened_at')).toEqual(['d/M/yyyy HH:mm']);
    expect(formatsFor(spec, 'promised', ' ship date ')).toEqual(['dd-MMM-yy']);
    expect(formatsFor(spec, 'solved', 'resolved_at')).toEqual(['dd.MM.yyyy']);
    expect(formatsFor({ formats: [], byColumn: {} }, 'solved', 'Resolved', 'dd/MMM/yy h:mm a')).toEqual([
      'dd/MMM/yy h:mm a',
    ]);
    expect(formatsFor({ formats: [], byColumn: {} }, 'solved', 'Resolved')).toEqual([]);
  });

  it('reads the flags: FORMAT for every column, NAME=FORMAT for one, repeatable, flags over config', () => {
    const flags = parseDateFormatFlags(['opened_at=d/M/yyyy HH:mm', 'dd-MMM-yy', 'yyyy-MM-dd', 'opened_at=iso']);
    expect(flags).toEqual({ formats: ['dd-MMM-yy', 'yyyy-MM-dd'], byColumn: { opened_at: ['d/M/yyyy HH:mm', 'iso'] } });
    const merged = mergeDateFormats(parseDateFormatFlags(['x=HH:mm dd.MM.yyyy']), {
      formats: ['dd.MM.yyyy'],
      byColumn: { x: ['yyyy'], y: ['dd/MM/yyyy'] },
    });
    expect(merged).toEqual({ formats: ['dd.MM.yyyy'], byColumn: { x: ['HH:mm dd.MM.yyyy'], y: ['dd/MM/yyyy'] } });
  });
});

describe('columnDates', () => {
  it('tries the formats in order: a column that mixes two layouts reads both', () => {
    const dates = columnDates(['dd-MMM-yy', 'yyyy-MM-dd'], 'UTC', '--date-format');
    expect(dates.parse('05-Mar-16')).toBe(utc(2016, 3, 5));
    expect(dates.parse('2016-03-07')).toBe(utc(2016, 3, 7));
    expect(dates.parse('07/03/2016')).toBeNaN();
    expect(dates.patterned).toBe(true);
    expect(dates.text).toBe('"dd-MMM-yy", then "yyyy-MM-dd"');
  });

  it('reads ISO 8601 alone without formats, and ISO beside Excel serials', () => {
    expect(columnDates([], 'UTC', 'x')).toMatchObject({ isoOnly: true, patterned: false, text: 'ISO 8601' });
    const excel = columnDates(['excel'], 'UTC', 'x');
    expect(excel.parse('45615.5')).toBe(utc(2024, 11, 19, 12));
    expect(excel.parse('2024-11-19 12:00')).toBe(utc(2024, 11, 19, 12));
  });

  it('ends a date without a time at the next midnight of the deadline zone, across a DST change', () => {
    // 2016-03-13: US clocks go forward; the day ends at midnight CDT (05:00 UTC).
    const dates = columnDates(['dd-MMM-yy HH:mm', 'dd-MMM-yy'], 'UTC', 'x', 'America/Chicago');
    expect(dates.deadline('13-Mar-16')).toBe(utc(2016, 3, 14, 5));
    expect(dates.deadline('12-Mar-16')).toBe(utc(2016, 3, 13, 6));
    // A time of day is no deadline's end: read as it is (in the input zone, UTC here).
    expect(dates.deadline('13-Mar-16 18:30')).toBe(utc(2016, 3, 13, 18, 30));
    // An ISO date is a date whatever the formats.
    expect(dates.deadline('2016-03-13')).toBe(utc(2016, 3, 14, 5));
  });

  it('tells a value with its own offset from one read in the zone', () => {
    const dates = columnDates([], 'Europe/Berlin', 'x');
    expect(dates.hasOffset('2025-11-03 09:00')).toBe(false);
    expect(dates.hasOffset('2025-11-03T09:00:00Z')).toBe(true);
    expect(dates.hasOffset('2025-10-07 09:50:26 +0200')).toBe(true);
  });
});
