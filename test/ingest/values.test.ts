import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkDurationMs,
  isExcelDateFormat,
  looksLikeExcelSerial,
  nullTest,
  parseCount,
  parseDecimal,
  parseDurationMs,
  parseExcelSerial,
  type DecimalSeparator,
  type ValueRefusal,
} from '../../src/ingest/values.js';

type Expect = number | ValueRefusal;

// text, then the expected result without a declared separator, with '.', with ','. Worked out by hand.
const numbers: [string, Expect, Expect, Expect][] = [
  ['0', 0, 0, 0],
  ['42', 42, 42, 42],
  ['+7', 7, 7, 7],
  ['-3', -3, -3, -3],
  ['1.5', 1.5, 1.5, 'bad_grouping'],
  ['.5', 0.5, 0.5, 'bad_grouping'],
  ['0.125', 0.125, 0.125, 'bad_grouping'],
  ['1.234', 'ambiguous', 1.234, 1234],
  ['1,234', 'ambiguous', 1234, 1.234],
  ['1,5', 'undeclared_decimal_comma', 'bad_grouping', 1.5],
  ['0,125', 'undeclared_decimal_comma', 'bad_grouping', 0.125],
  ['1.234,5', 'undeclared_decimal_comma', 'bad_grouping', 1234.5],
  ['1,234.5', 1234.5, 1234.5, 'bad_grouping'],
  ['1 234', 1234, 1234, 1234],
  ['1 234,5', 'undeclared_decimal_comma', 'bad_grouping', 1234.5],
  ['1 234.5', 1234.5, 1234.5, 'bad_grouping'],
  ['1\u00a0234\u00a0567', 1234567, 1234567, 1234567],
  ["1'234.5", 1234.5, 1234.5, 'bad_grouping'],
  ['1,234,567', 1234567, 1234567, 'bad_grouping'],
  ['1.234.567', 1234567, 'bad_grouping', 1234567],
  ['1.234.567,89', 'undeclared_decimal_comma', 'bad_grouping', 1234567.89],
  ['-1.234,5', 'undeclared_decimal_comma', 'bad_grouping', -1234.5],
  ['12,34', 'undeclared_decimal_comma', 'bad_grouping', 12.34],
  ['1,23,456', 'bad_grouping', 'bad_grouping', 'bad_grouping'],
  ['1 234,567.5', 'bad_grouping', 'bad_grouping', 'bad_grouping'],
  ['1e5', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['0x10', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['Infinity', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['12 min', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['€5', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['-', 'not_a_number', 'not_a_number', 'not_a_number'],
  ['.', 'not_a_number', 'not_a_number', 'not_a_number'],
  [',', 'not_a_number', 'not_a_number', 'not_a_number'],
];

function outcome(text: string, decimal: DecimalSeparator | undefined): Expect {
  const result = parseDecimal(text, { decimal });
  return result.ok ? result.value : result.reason;
}

describe('parseDecimal', () => {
  it.each(numbers)('%s -> %s / %s / %s', (text, undeclared, point, comma) => {
    expect(outcome(text, undefined)).toBe(undeclared);
    expect(outcome(text, '.')).toBe(point);
    expect(outcome(text, ',')).toBe(comma);
  });

  it('names the option to declare in the hint of ambiguous and decimal-comma refusals', () => {
    for (const text of ['1,234', '1.234', '1,5']) {
      const result = parseDecimal(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.hint).toContain('--decimal-comma');
    }
  });

  it('never returns NaN or Infinity as a value', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.constantFrom<DecimalSeparator | undefined>(undefined, '.', ','),
        (text, decimal) => {
          const result = parseDecimal(text, { decimal });
          if (result.ok) expect(Number.isNaN(result.value)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back any number printed with grouping in either convention', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const us = `${whole.toLocaleString('en-US')}.${String(cents).padStart(2, '0')}`;
        const de = `${whole.toLocaleString('de-DE')},${String(cents).padStart(2, '0')}`;
        const expected = Number(`${whole}.${String(cents).padStart(2, '0')}`);
        expect(parseDecimal(us, { decimal: '.' })).toEqual({ ok: true, value: expected });
        expect(parseDecimal(de, { decimal: ',' })).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseCount', () => {
  it.each<[string, Expect]>([
    ['3', 3],
    ['1,234', 'ambiguous'],
    ['1 234', 1234],
    ['-1', 'negative'],
    ['2.5', 'not_whole'],
    ['two', 'not_a_number'],
    // Counts are stored in 32 bits: 2^31 - 1 is the largest; 2^32 + 2 would have wrapped to 2.
    ['2147483647', 2147483647],
    ['2147483648', 'too_large'],
    ['4294967298', 'too_large'],
  ])('%s -> %s', (text, expected) => {
    const result = parseCount(text);
    expect(result.ok ? result.value : result.reason).toBe(expected);
  });
});

describe('parseDurationMs', () => {
  const MIN = 60_000;
  it.each<[string, 'minutes' | 'hours' | 'seconds' | 'hms', Expect]>([
    ['90', 'minutes', 90 * MIN],
    ['1.5', 'hours', 90 * MIN],
    ['5400', 'seconds', 90 * MIN],
    ['01:30', 'hms', 90 * MIN],
    ['1:30:00', 'hms', 90 * MIN],
    ['127:05:30', 'hms', (127 * 60 + 5) * MIN + 30_000],
    ['0:00:01.5', 'hms', 1500],
    ['1:75', 'hms', 'not_a_number'],
    ['-0:05', 'hms', 'negative'],
    ['-5', 'minutes', 'negative'],
    // 40 years of minutes: beyond the 3650-day sanity limit.
    ['21038400', 'minutes', 'too_large'],
    ['87601:00:00', 'hms', 'too_large'],
    ['1e3', 'minutes', 'not_a_number'],
    ['1,5', 'hours', 'undeclared_decimal_comma'],
  ])('%s %s -> %s', (text, unit, expected) => {
    const result = parseDurationMs(text, unit);
    expect(result.ok ? result.value : result.reason).toBe(expected);
  });

  it('takes the sanity limit as an option', () => {
    expect(parseDurationMs('3', 'hours', { maxDurationDays: 0.1 }).ok).toBe(false);
    expect(parseDurationMs('2', 'hours', { maxDurationDays: 0.1 }).ok).toBe(true);
    expect(parseDurationMs('1,5', 'hours', { decimal: ',' })).toEqual({ ok: true, value: 90 * MIN });
  });

  it('checkDurationMs says how long and which limit', () => {
    const result = checkDurationMs(40 * 365.25 * 86_400_000, 'x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('40 years, longer than the sanity limit of 3650 days');
    expect(checkDurationMs(Infinity, 'x').ok).toBe(false);
  });
});

describe('Excel serial dates', () => {
  it.each<[string, string, number]>([
    ['45615.5', 'UTC', Date.UTC(2024, 10, 19, 12)],
    ['45615', 'Europe/Berlin', Date.UTC(2024, 10, 18, 23)],
    ['25569', 'UTC', 0],
    ['61', 'UTC', Date.UTC(1900, 2, 1)],
    ['45978.375', 'UTC', Date.UTC(2025, 10, 17, 9)],
  ])('%s in %s', (text, zone, expected) => {
    expect(parseExcelSerial(text, zone)).toBe(expected);
  });

  it.each(['60', '0', '-1', '2958466', '4.5e4', '2025-11-17', ''])('refuses %j', (text) => {
    expect(parseExcelSerial(text, 'UTC')).toBeNaN();
  });

  it('recognizes serials of 1970-2100 for the hint, and the format name', () => {
    expect(looksLikeExcelSerial('45615.5')).toBe(true);
    expect(looksLikeExcelSerial('2025')).toBe(false);
    expect(looksLikeExcelSerial('99999')).toBe(false);
    expect(isExcelDateFormat(' Excel ')).toBe(true);
    expect(isExcelDateFormat('dd.MM.yyyy')).toBe(false);
    expect(isExcelDateFormat(undefined)).toBe(false);
  });
});

describe('nullTest', () => {
  it('is the plain rule (empty, or a token once lower-cased) for any text, without lower-casing long ones', () => {
    const tokens = new Set(['', 'null', 'n/a', 'k', '-', 'i̇x']);
    const isNull = nullTest(tokens);
    const text = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('NULL', 'Null', 'N/A', 'n/A', '\u212A', 'K', 'İX', 'İx', 'i̇X', 'nulls', ' null', '-', '--'),
    );
    fc.assert(
      fc.property(text, (t) => isNull(t) === (t === '' || tokens.has(t.toLowerCase()))),
      { numRuns: 2000 },
    );
    expect(isNull('\u212A')).toBe(true);
    expect(isNull('İX')).toBe(true);
  });
});
