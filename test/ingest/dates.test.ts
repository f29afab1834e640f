import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { compileDateParser } from '../../src/calendar/date-format.js';
import { compileIsoByteParser, isIsoLike } from '../../src/calendar/iso.js';
import { suggestDateFormat } from '../../src/ingest/dates.js';

const utc = Date.UTC;

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('ISO 8601 (no format)', () => {
  const newYork = compileDateParser({ timeZone: 'America/New_York' });

  it.each([
    // text, expected instant, arithmetic (New York is EST -05:00 in November, EDT -04:00 in July)
    ['2025-11-24', utc(2025, 10, 24, 5), 'midnight EST + 5 h'],
    ['2025-11-24T09:14', utc(2025, 10, 24, 14, 14), '09:14 EST + 5 h'],
    ['2025-11-24 09:14:05', utc(2025, 10, 24, 14, 14, 5), 'space separator'],
    ['2025-11-24t09:14:05', utc(2025, 10, 24, 14, 14, 5), 'lower-case t'],
    ['  2025-11-24 09:14:05  ', utc(2025, 10, 24, 14, 14, 5), 'surrounding spaces'],
    ['2025-07-01T08:00:00', utc(2025, 6, 1, 12), '08:00 EDT + 4 h'],
    ['2025-11-24T09:14:05.1', utc(2025, 10, 24, 14, 14, 5, 100), '.1 s = 100 ms'],
    ['2025-11-24T09:14:05.123456789', utc(2025, 10, 24, 14, 14, 5, 123), 'nanoseconds truncated'],
    ['2025-11-24T09:14:05.9999', utc(2025, 10, 24, 14, 14, 5, 999), 'truncated, not rounded'],
    ['2025-11-24T09:14:05,5', utc(2025, 10, 24, 14, 14, 5, 500), 'comma fraction'],
    ['2025-11-24T09:14:05Z', utc(2025, 10, 24, 9, 14, 5), 'Z ignores the zone'],
    ['2025-11-24T09:14Z', utc(2025, 10, 24, 9, 14), 'Z without seconds'],
    ['2025-11-24T09:14:05+02:00', utc(2025, 10, 24, 7, 14, 5), '09:14 - 2 h'],
    ['2025-11-24T09:14:05+0200', utc(2025, 10, 24, 7, 14, 5), 'basic offset'],
    ['2025-11-24T09:14:05+02', utc(2025, 10, 24, 7, 14, 5), 'hour-only offset'],
    ['2025-11-24T09:14:05-05:30', utc(2025, 10, 24, 14, 44, 5), '09:14 + 5:30'],
    ['2025-11-24T09:14:05.250+05:30', utc(2025, 10, 24, 3, 44, 5, 250), '09:14 - 5:30'],
    ['2025-10-07 09:50:26 +0200', utc(2025, 9, 7, 7, 50, 26), 'Shopify: space then offset'],
    ['2025-10-07 09:50:26 UTC', utc(2025, 9, 7, 9, 50, 26), 'UTC suffix'],
    ['2025-10-07 09:50:26 Z', utc(2025, 9, 7, 9, 50, 26), 'space then Z'],
    ['2024-02-29', utc(2024, 1, 29, 5), 'leap day'],
    ['2000-02-29', utc(2000, 1, 29, 5), '2000 is divisible by 400: leap'],
    ['2024-12-31 23:59:59.999', utc(2025, 0, 1, 4, 59, 59, 999), 'year end + 5 h crosses into 2025'],
    ['2025-03-09 02:30', utc(2025, 2, 9, 7, 30), 'DST gap: 02:30 -> 03:30 EDT + 4 h'],
    ['2025-11-02 01:30', utc(2025, 10, 2, 5, 30), 'DST overlap: earlier, 01:30 EDT + 4 h'],
  ])('%j -> %d (%s)', (text, expected) => {
    expect(newYork(text)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'abc',
    '2025-11',
    '2025/11/24',
    '25-11-24',
    '2025-11-24T',
    '2025-11-24T9:14',
    '2025-11-24T09',
    '2025-11-24T09:14:05.',
    '2025-11-24T09:14:5',
    '2025-02-29', // 2025 is not a leap year
    '1900-02-29', // divisible by 100, not 400
    '2025-02-30',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-11-00',
    '2025-11-24T24:00',
    '2025-11-24T25:00',
    '2025-11-24T09:60',
    '2025-11-24T09:14:60',
    '2025-11-24T09:14+24:00',
    '2025-11-24T09:14+02:60',
    '2025-11-24T09:14+2',
    '2025-11-24T09:14 +02:00 x',
    '2025-11-24 09:14 EST',
    '2025-11-24Z',
  ])('%j is NaN', (text) => {
    expect(newYork(text)).toBeNaN();
  });

  it('agrees with Date.parse on text with an explicit offset, which Date.parse reads correctly', () => {
    const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (year, month, day, hour, minute, second, ms, offsetMinutes) => {
          const sign = offsetMinutes < 0 ? '-' : '+';
          const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
          const text = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}${offset}`;
          expect(newYork(text)).toBe(Date.parse(text));
        },
      ),
    );
  });
});

describe('the host zone does not matter', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('gives the same instants under TZ=Pacific/Auckland and TZ=America/Los_Angeles', () => {
    const texts = ['2025-11-24', '2025-03-09 02:30', '24/Nov/25 9:14 AM'];
    const read = (): number[] => {
      const iso = compileDateParser({ timeZone: 'Europe/Berlin' });
      const custom = compileDateParser({ format: 'd/MMM/yy h:mm a', timeZone: 'Europe/Berlin' });
      return texts.map((text) => (text.includes('/') ? custom(text) : iso(text)));
    };
    // Node re-reads TZ when it is assigned, so Date's local-time methods would change between the two.
    process.env.TZ = 'Pacific/Auckland';
    const auckland = read();
    process.env.TZ = 'America/Los_Angeles';
    const losAngeles = read();
    expect(auckland).toEqual(losAngeles);
    // Berlin: CET (+1) in November and on 2025-03-09
    expect(losAngeles).toEqual([utc(2025, 10, 23, 23), utc(2025, 2, 9, 1, 30), utc(2025, 10, 24, 8, 14)]);
  });
});

describe('formats', () => {
  it.each([
    // format, zone, text, expected, arithmetic
    ['MM/dd/yyyy hh:mm:ss a', 'UTC', '05/01/2022 12:00:00 AM', utc(2022, 4, 1, 0), '12 AM is midnight'],
    ['MM/dd/yyyy hh:mm:ss a', 'UTC', '05/01/2022 12:30:00 PM', utc(2022, 4, 1, 12, 30), '12 PM is noon'],
    ['MM/dd/yyyy hh:mm:ss a', 'UTC', '05/01/2022 01:15:00 pm', utc(2022, 4, 1, 13, 15), '1 pm = 13, any case'],
    ['MM/dd/yyyy hh:mm:ss a', 'UTC', '05/01/2022 11:59:59 PM', utc(2022, 4, 1, 23, 59, 59), '11 PM = 23'],
    ['MM/dd/yyyy hh:mm:ss a', 'UTC', '05/01/2022 11:59:59 am', utc(2022, 4, 1, 11, 59, 59), '11 AM = 11'],
    ['dd/MM/yyyy HH:mm', 'Europe/Berlin', '13/01/2024 14:05', utc(2024, 0, 13, 13, 5), 'CET - 1 h'],
    ['dd/MM/yyyy HH:mm', 'Europe/Berlin', '31/12/2024 23:59', utc(2024, 11, 31, 22, 59), 'year end'],
    ['dd/MM/yyyy HH:mm', 'Europe/Berlin', '29/02/2024 00:00', utc(2024, 1, 28, 23), 'leap day midnight - 1 h'],
    ['dd/MM/yyyy HH:mm', 'Europe/Berlin', '30/03/2025 02:30', utc(2025, 2, 30, 1, 30), 'gap: 03:30 CEST - 2 h'],
    ['d/MMM/yy h:mm a', 'America/New_York', '24/Nov/25 9:14 AM', utc(2025, 10, 24, 14, 14), '09:14 EST + 5 h'],
    [
      'd/MMM/yy h:mm a',
      'America/New_York',
      '4/nov/25 12:05 pm',
      utc(2025, 10, 4, 17, 5),
      'noon EST + 5 h, names any case',
    ],
    [
      'd/MMM/yy h:mm a',
      'America/New_York',
      '04/NOV/25 09:14 AM',
      utc(2025, 10, 4, 14, 14),
      'single letters take two digits',
    ],
    ['d/MMM/yy h:mm a', 'America/New_York', '1/Jan/68 12:00 AM', utc(2068, 0, 1, 5), 'yy 68 -> 2068'],
    ['d/MMM/yy h:mm a', 'America/New_York', '1/Jan/69 12:00 AM', utc(1969, 0, 1, 5), 'yy 69 -> 1969'],
    ['d/MMM/yy h:mm a', 'America/New_York', '1/Jan/00 12:00 AM', utc(2000, 0, 1, 5), 'yy 00 -> 2000'],
    ['d MMMM yyyy', 'UTC', '7 September 2025', utc(2025, 8, 7), 'wide month name'],
    [
      'yyyy-MM-dd HH:mm:ss XXX',
      'America/New_York',
      '2025-11-24 09:14:05 +02:00',
      utc(2025, 10, 24, 7, 14, 5),
      'offset token',
    ],
    [
      'yyyy-MM-dd HH:mm:ss XXX',
      'America/New_York',
      '2025-11-24 09:14:05 Z',
      utc(2025, 10, 24, 9, 14, 5),
      'XXX takes Z',
    ],
    [
      "yyyy-MM-dd'T'HH:mm:ss.SSSxx",
      'UTC',
      '2025-11-24T09:14:05.123+0530',
      utc(2025, 10, 24, 3, 44, 5, 123),
      '09:14 - 5:30',
    ],
    ['yyyy-MM-dd HH:mm:ssX', 'UTC', '2025-11-24 09:14:05-03', utc(2025, 10, 24, 12, 14, 5), 'X with hours only'],
    ['yyyyMMddHHmmss', 'UTC', '20251124091405', utc(2025, 10, 24, 9, 14, 5), 'no separators'],
    ['yyyyMMddHHmmssSSS', 'UTC', '20251124091405123', utc(2025, 10, 24, 9, 14, 5, 123), 'no separators, ms'],
    [
      'dd.MM.yyyy HH:mm:ss,SSS',
      'UTC',
      '24.11.2025 09:14:05,1234567',
      utc(2025, 10, 24, 9, 14, 5, 123),
      'long fraction truncated',
    ],
    ['dd.MM.yyyy HH:mm:ss.SSS', 'UTC', '24.11.2025 09:14:05.5', utc(2025, 10, 24, 9, 14, 5, 500), 'short fraction'],
    [
      'yyyy-MM-dd HH:mm:ss',
      'America/New_York',
      '2025-10-07 09:50:26 +0200',
      utc(2025, 9, 7, 7, 50, 26),
      'trailing offset overrides the zone',
    ],
    ['yyyy-MM-dd HH:mm:ss', 'America/New_York', '2025-10-07 09:50:26 UTC', utc(2025, 9, 7, 9, 50, 26), 'trailing UTC'],
    [
      'EEE, dd MMM yyyy HH:mm:ss',
      'America/New_York',
      'Mon, 24 Nov 2025 09:14:05 +0000',
      utc(2025, 10, 24, 9, 14, 5),
      'RFC 2822',
    ],
    ['EEEE d MMMM yyyy', 'UTC', 'monday 24 november 2025', utc(2025, 10, 24), 'wide weekday'],
    [
      "dd/MM/yyyy 'at' HH:mm 'o''clock'",
      'UTC',
      "24/11/2025 at 09:14 o'clock",
      utc(2025, 10, 24, 9, 14),
      'quoted literals and a quote',
    ],
    ['MMM d, yyyy', 'UTC', 'Nov  4, 2025', utc(2025, 10, 4), 'a space matches padding'],
    ['dd/MM/yyyy', 'Asia/Kolkata', '24/11/2025', utc(2025, 10, 23, 18, 30), 'midnight IST - 5:30'],
  ])('%s in %s: %j -> %d (%s)', (format, timeZone, text, expected) => {
    expect(compileDateParser({ format, timeZone })(text)).toBe(expected);
  });

  it.each([
    ['MM/dd/yyyy hh:mm:ss a', '13/01/2022 10:00:00 AM'], // month 13
    ['MM/dd/yyyy hh:mm:ss a', '02/30/2022 10:00:00 AM'], // Feb 30
    ['MM/dd/yyyy hh:mm:ss a', '05/01/2022 13:00:00 PM'], // 12-hour clock has no 13
    ['MM/dd/yyyy hh:mm:ss a', '05/01/2022 00:30:00 AM'], // nor 0
    ['MM/dd/yyyy hh:mm:ss a', '05/01/2022 10:00:00 XM'],
    ['MM/dd/yyyy hh:mm:ss a', '05/01/2022 10:00:00'], // marker missing
    ['MM/dd/yyyy hh:mm:ss a', '5/1/2022 10:00:00 AM'], // MM and dd need two digits
    ['dd/MM/yyyy HH:mm', '29/02/2023 10:00'], // 2023 is not a leap year
    ['dd/MM/yyyy HH:mm', '31/04/2024 10:00'],
    ['dd/MM/yyyy HH:mm', '13/01/2024 24:00'],
    ['dd/MM/yyyy HH:mm', '13/01/2024 14:60'],
    ['dd/MM/yyyy HH:mm', '13-01-2024 14:05'], // wrong separator
    ['dd/MM/yyyy HH:mm', '13/01/24 14:05'], // yyyy needs four digits
    ['dd/MM/yyyy HH:mm', '13/01/2024 14:05 extra'],
    ['dd/MM/yyyy HH:mm', ''],
    ['d/MMM/yy h:mm a', '24/Foo/25 9:14 AM'],
    ['d/MMM/yy h:mm a', '124/Nov/25 9:14 AM'],
    ['yyyy-MM-dd HH:mm:ss XXX', '2025-11-24 09:14:05'], // offset token needs an offset
    ['yyyy-MM-dd HH:mm:ss XXX', '2025-11-24 09:14:05 +25:00'],
    ['EEE, dd MMM yyyy', 'Xyz, 24 Nov 2025'],
  ])('%s: %j is NaN', (format, text) => {
    expect(compileDateParser({ format, timeZone: 'UTC' })(text)).toBeNaN();
  });

  it('reads what a hand-written formatter writes, for any valid date', () => {
    const pad = (value: number): string => String(value).padStart(2, '0');
    const parse = compileDateParser({ format: 'd/M/yyyy h:mm:ss a', timeZone: 'UTC' });
    fc.assert(
      fc.property(fc.integer({ min: utc(1900, 0, 1), max: utc(2199, 11, 31) }), (epochMs) => {
        const date = new Date(epochMs - (((epochMs % 1000) + 1000) % 1000));
        const hour24 = date.getUTCHours();
        const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
        const text =
          `${date.getUTCDate()}/${date.getUTCMonth() + 1}/${date.getUTCFullYear()} ` +
          `${hour12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hour24 < 12 ? 'AM' : 'PM'}`;
        expect(parse(text)).toBe(date.getTime());
      }),
    );
  });

  it.each([
    ['YYYY-MM-dd', 'yyyy'], // date-fns week-numbering year
    ['yyyy-MM-DD', 'dd'], // date-fns day of year
    ['yyyy-MM-dd Q', 'unknown pattern letter "Q"'],
    ['yyyy-MM-dd HH:mm:ss Z', 'XXX'],
    ['yyy-MM-dd', '"yyy" is not supported'],
    ['yyyy-MMMMM-dd', '"MMMMM" is not supported'],
    ["yyyy-MM-dd'T", 'not closed'],
    ['HH:mm', 'needs a year'],
    ['MM/dd/yyyy hh:mm', 'AM/PM'],
    ['MM/dd/yyyy HH:mm a', '12-hour'],
    ['yyyy yy MM dd', 'repeats'],
    ['yyyy-MM-dd HH:mm hh a', 'repeats'],
  ])('rejects %j (%s)', (format, expected) => {
    const error = thrown(() => compileDateParser({ format, timeZone: 'UTC', option: 'input.date_format' }));
    expect(error.code).toBe('bad_date_format');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('input.date_format');
    expect(error.message).toContain(format);
    expect(error.where).toBe('input.date_format');
    expect(`${error.message} ${error.hint}`).toContain(expected);
  });

  it('names --date-format by default', () => {
    expect(thrown(() => compileDateParser({ format: 'qq', timeZone: 'UTC' })).message).toContain('--date-format');
  });

  it('rejects an unknown zone naming its option', () => {
    const error = thrown(() => compileDateParser({ timeZone: 'Mars/Olympus', timeZoneOption: 'input.timezone' }));
    expect(error.code).toBe('bad_timezone');
    expect(error.message).toContain('input.timezone');
  });
});

describe('isIsoLike', () => {
  it.each([
    ['2025-11-24', true],
    ['2025-11-24T09:14:05Z', true],
    [' 2025-11-24 09:14', true],
    ['2025-02-30', true], // ISO-shaped, though not a date
    ['2025-11-2', false],
    ['24/11/2025', false],
    ['11/24/2025 9:14 AM', false],
    ['20251124', false],
    ['2025-11-24x', false],
    ['', false],
  ])('%j is %s', (text, expected) => {
    expect(isIsoLike(text)).toBe(expected);
  });
});

describe('suggestDateFormat', () => {
  it.each([
    [['13/01/2024 14:05'], 'dd/MM/yyyy HH:mm'], // 13 cannot be a month: day first
    [['01/13/2024 14:05'], 'MM/dd/yyyy HH:mm'], // 13 in second place: month first
    [['05/01/2022 10:00:00 AM', '12/25/2022 12:00:00 AM'], 'MM/dd/yyyy hh:mm:ss a'], // the second sample decides
    [['24/Nov/25 9:14 AM'], 'dd/MMM/yy h:mm a'],
    [['4/Nov/25 9:14 AM', '24/Nov/25 10:14 PM'], 'd/MMM/yy h:mm a'], // an unpadded day makes it d
    [['12/25/2024 10:00', '1/2/2024 9:05'], 'M/d/yyyy H:mm'],
    [['24.11.2025 09:14:05,123'], 'dd.MM.yyyy HH:mm:ss,SSS'],
    [['2025/11/24 09:14'], 'yyyy/MM/dd HH:mm'], // year first: month then day by convention
    [['2025/24/11 09:14'], 'yyyy/dd/MM HH:mm'], // unless the values say otherwise
    [['Nov 24, 2025'], 'MMM dd, yyyy'],
    [['Mon, 24 Nov 2025 09:14:05 +0000'], 'EEE, dd MMM yyyy HH:mm:ss'], // trailing offset read after the pattern
    [['24/11/2025T09:14'], "dd/MM/yyyy'T'HH:mm"],
    [['', '2025-11-24', '13/01/2024 14:05'], 'dd/MM/yyyy HH:mm'], // blank and ISO samples are skipped
  ])('%j -> %s', (samples, expected) => {
    const suggestion = suggestDateFormat(samples);
    expect(suggestion).toMatchObject({ format: expected, ambiguous: false, candidates: [expected] });
    expect(suggestion.message).toContain(`--date-format "${expected}"`);
    const parse = compileDateParser({ format: expected, timeZone: 'UTC' });
    for (const sample of samples.filter((text) => text !== '' && !isIsoLike(text))) expect(parse(sample)).not.toBeNaN();
  });

  it('does not guess when day and month could be either way round', () => {
    const samples = Object.freeze(['05/01/2022 12:00:00 AM', '06/02/2022 01:30:00 PM']);
    const suggestion = suggestDateFormat(samples);
    expect(suggestion.format).toBeNull();
    expect(suggestion.ambiguous).toBe(true);
    expect(suggestion.candidates).toEqual(['dd/MM/yyyy hh:mm:ss a', 'MM/dd/yyyy hh:mm:ss a']);
    expect(suggestion.message).toContain('"dd/MM/yyyy hh:mm:ss a" or "MM/dd/yyyy hh:mm:ss a"');
    expect(suggestion.message).toContain('--date-format');
    expect(suggestion.message).toContain('05/01/2022 12:00:00 AM');
  });

  it('names the option it is given', () => {
    const suggestion = suggestDateFormat(['13/01/2024 14:05'], 'input.date_format');
    expect(suggestion.message).toContain('input.date_format "dd/MM/yyyy HH:mm"');
  });

  it.each([
    [['13/01/2024 14:05', '01/13/2024 14:05'], 'mix'],
    [['garbage'], 'not recognized'],
    [['24/11/2025 09:14', '24/11/2025'], 'does not fit'],
    [['2025-11-24', '2025-11-24T09:14Z'], 'ISO 8601'],
    [[], 'no timestamps'],
    [['  '], 'no timestamps'],
  ])('%j: no format (%s)', (samples, expected) => {
    const suggestion = suggestDateFormat(samples);
    expect(suggestion).toMatchObject({ format: null, ambiguous: false, candidates: [] });
    expect(suggestion.message).toContain(expected);
  });
});

describe('compileIsoByteParser', () => {
  // The byte parser reads the common shapes itself and hands the rest to the text parser: for any
  // text, it must give exactly what the text parser gives.
  const digits = (n: number) =>
    fc.array(fc.constantFrom('0', '1', '2', '3', '5', '9'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const two = fc.oneof(
    digits(2),
    fc.constantFrom('00', '01', '12', '13', '23', '24', '29', '30', '31', '59', '60', '0a', ' 1'),
  );
  const shape = fc
    .record({
      year: fc.oneof(digits(4), fc.constantFrom('2025', '2024', '1969', '0000', '20x5')),
      dash: fc.constantFrom('-', '-', '-', '/'),
      month: two,
      day: two,
      sep: fc.constantFrom('T', ' ', 't', 'x'),
      hour: two,
      minute: two,
      second: fc.option(two),
      fraction: fc.option(fc.constantFrom('.5', '.123', '.1234', ',5')),
      zone: fc.option(
        fc.constantFrom(
          'Z',
          'z',
          '+09:00',
          '-05:30',
          '+0900',
          '-0000',
          '+09',
          ' UTC',
          ' +0200',
          ' -05:30',
          ' +24:00',
          '  +0200',
          '\t+0200',
          '+24:00',
          '+09:60',
          '+9:00',
          '+09:0',
          'Q',
        ),
      ),
      time: fc.boolean(),
      pad: fc.constantFrom('', ' '),
    })
    .map((p) => {
      let text = `${p.year}${p.dash}${p.month}${p.dash}${p.day}`;
      if (p.time) text += `${p.sep}${p.hour}:${p.minute}${p.second === null ? '' : `:${p.second}`}${p.fraction ?? ''}`;
      return `${p.pad}${text}${p.zone ?? ''}`;
    });
  const text = fc.oneof({ weight: 5, arbitrary: shape }, { weight: 1, arbitrary: fc.string({ maxLength: 26 }) });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata'])('agrees with the text parser in %s', (zone) => {
    const byBytes = compileIsoByteParser(zone);
    const byText = compileDateParser({ timeZone: zone });
    fc.assert(
      fc.property(text, (t) => {
        const bytes = Buffer.from(`<${t}>`, 'utf8');
        expect(byBytes(bytes, 1, bytes.length - 1)).toBe(byText(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads offsets and Z from bytes as the text parser does', () => {
    const byBytes = compileIsoByteParser('America/New_York');
    const at = (t: string) => byBytes(Buffer.from(t), 0, Buffer.byteLength(t));
    expect(at('2025-01-01T09:00:37+09:00')).toBe(Date.UTC(2025, 0, 1, 0, 0, 37));
    expect(at('2025-01-01T09:00:37-0530')).toBe(Date.UTC(2025, 0, 1, 14, 30, 37));
    expect(at('2025-01-01 09:00:37Z')).toBe(Date.UTC(2025, 0, 1, 9, 0, 37));
    expect(at('2024-12-31 19:00:37 -0500')).toBe(Date.UTC(2025, 0, 1, 0, 0, 37));
    expect(at('2025-01-01 09:00:37 +05:30')).toBe(Date.UTC(2025, 0, 1, 3, 30, 37));
    expect(at('2025-01-01 09:00:37')).toBe(Date.UTC(2025, 0, 1, 14, 0, 37));
    expect(at('2025-02-30T09:00:37+09:00')).toBeNaN();
  });
});
