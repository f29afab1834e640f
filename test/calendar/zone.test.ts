import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  assertTimeZone,
  daysFromCivil,
  daysInMonth,
  epochToWall,
  formatInstant,
  wallToEpoch,
  zoneOffsetMs,
} from '../../src/calendar/zone.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const utc = Date.UTC;

/** The thrown error, so tests can check its fields. */
function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('assertTimeZone', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Adelaide'])(
    'accepts %s',
    (zone) => {
      expect(() => assertTimeZone(zone, '--tz')).not.toThrow();
    },
  );

  it.each([
    ['America/NewYork', 'America/New_York'],
    ['Mars/Olympus_Mons', undefined],
    ['', undefined],
  ])('rejects %j naming the option and suggesting names', (zone, closest) => {
    const error = thrown(() => assertTimeZone(zone, '--input-tz'));
    expect(error.code).toBe('bad_timezone');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('--input-tz');
    expect(error.message).toContain(`"${zone}"`);
    expect(error.where).toBe('--input-tz');
    expect(error.hint).toContain('Europe/Berlin');
    expect(error.hint).toContain('UTC');
    if (closest !== undefined) expect(error.hint).toContain(`Did you mean ${closest}?`);
  });

  it('explains fixed offsets, which are not zone names', () => {
    const error = thrown(() => assertTimeZone('+02:00', 'report.timezone'));
    expect(error.message).toContain('report.timezone');
    expect(error.hint).toContain('Etc/GMT-2');
  });
});

describe('zoneOffsetMs', () => {
  it.each([
    // zone, instant, offset; transitions from the zones' published rules
    ['UTC', utc(2025, 6, 1), 0],
    ['Etc/UTC', utc(2025, 0, 1), 0],
    ['America/New_York', utc(2025, 10, 24, 14, 14), -5 * HOUR], // EST
    ['America/New_York', utc(2025, 6, 1, 12), -4 * HOUR], // EDT
    // DST starts 2025-03-09 02:00 EST = 07:00 UTC
    ['America/New_York', utc(2025, 2, 9, 6, 59, 59, 999), -5 * HOUR],
    ['America/New_York', utc(2025, 2, 9, 7), -4 * HOUR],
    // DST ends 2025-11-02 02:00 EDT = 06:00 UTC
    ['America/New_York', utc(2025, 10, 2, 5, 59, 59, 999), -4 * HOUR],
    ['America/New_York', utc(2025, 10, 2, 6), -5 * HOUR],
    // Europe: 01:00 UTC on the last Sundays of March and October
    ['Europe/Berlin', utc(2025, 2, 30, 0, 59, 59, 999), HOUR],
    ['Europe/Berlin', utc(2025, 2, 30, 1), 2 * HOUR],
    ['Europe/Berlin', utc(2025, 9, 26, 0, 59, 59, 999), 2 * HOUR],
    ['Europe/Berlin', utc(2025, 9, 26, 1), HOUR],
    ['Asia/Kolkata', utc(2025, 10, 24), 5 * HOUR + 30 * MINUTE],
    ['America/St_Johns', utc(2025, 0, 15, 12), -(3 * HOUR + 30 * MINUTE)],
    // Adelaide (+09:30 / +10:30) changes at half past a UTC hour:
    // 2025-10-05 02:00 ACST = 2025-10-04 16:30 UTC; 2025-04-06 03:00 ACDT = 2025-04-05 16:30 UTC
    ['Australia/Adelaide', utc(2025, 9, 4, 16, 29, 59, 999), 9 * HOUR + 30 * MINUTE],
    ['Australia/Adelaide', utc(2025, 9, 4, 16, 30), 10 * HOUR + 30 * MINUTE],
    ['Australia/Adelaide', utc(2025, 3, 5, 16, 29, 59, 999), 10 * HOUR + 30 * MINUTE],
    ['Australia/Adelaide', utc(2025, 3, 5, 16, 30), 9 * HOUR + 30 * MINUTE],
    // Lord Howe moves by 30 minutes: 2025-10-05 02:00 +10:30 = 2025-10-04 15:30 UTC
    ['Australia/Lord_Howe', utc(2025, 9, 4, 15, 29, 59, 999), 10 * HOUR + 30 * MINUTE],
    ['Australia/Lord_Howe', utc(2025, 9, 4, 15, 30), 11 * HOUR],
  ])('%s at %d is %d', (zone, epochMs, expected) => {
    expect(zoneOffsetMs(zone, epochMs)).toBe(expected);
    // A second read comes from the cache and must agree.
    expect(zoneOffsetMs(zone, epochMs)).toBe(expected);
  });

  it('is NaN for NaN and for instants outside the ECMAScript range', () => {
    expect(zoneOffsetMs('Europe/Berlin', NaN)).toBeNaN();
    expect(zoneOffsetMs('Europe/Berlin', 9e15)).toBeNaN();
  });

  it('throws bad_timezone for an unknown zone', () => {
    expect(thrown(() => zoneOffsetMs('Nowhere/City', 0)).code).toBe('bad_timezone');
  });
});

describe('daysFromCivil and daysInMonth', () => {
  it.each([
    [1970, 1, 1, 0],
    [1969, 12, 31, -1],
    [2000, 3, 1, 11017], // 30 years * 365 + 7 leap days (72..96) = 10957 to 2000-01-01, + 31 + 29
    [2024, 13, 1, daysFromCivil(2025, 1, 1)], // month 13 carries into the next year
    [2024, 3, 0, daysFromCivil(2024, 2, 29)], // day 0 is the previous month's last day
  ])('%d-%d-%d is day %d', (year, month, day, expected) => {
    expect(daysFromCivil(year, month, day)).toBe(expected);
  });

  it('agrees with Date.UTC for any date from year 100 to 9999 and any carry-over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: -30, max: 40 }),
        fc.integer({ min: -400, max: 400 }),
        (year, month, day) => {
          expect(daysFromCivil(year, month, day) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
        },
      ),
    );
  });

  it.each([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28], // divisible by 100, not by 400
    [2000, 2, 29], // divisible by 400
    [2025, 4, 30],
    [2025, 12, 31],
  ])('%d-%d has %d days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

type Wall = [year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number];

describe('wallToEpoch', () => {
  it.each<[string, Wall, number, string]>([
    // zone, wall [y, M, d, h, m, s, ms], expected instant, arithmetic
    ['America/New_York', [2025, 11, 24, 9, 14, 0, 0], utc(2025, 10, 24, 14, 14), '09:14 EST + 5 h'],
    ['Europe/Berlin', [2024, 12, 31, 23, 59, 59, 999], utc(2024, 11, 31, 22, 59, 59, 999), 'year end, CET - 1 h'],
    ['Asia/Kolkata', [2025, 11, 24, 9, 14, 0, 0], utc(2025, 10, 24, 3, 44), '09:14 - 5:30'],
    ['UTC', [2024, 2, 29, 12, 0, 0, 0], utc(2024, 1, 29, 12), 'leap day'],
    ['UTC', [2024, 2, 30, 0, 0, 0, 0], utc(2024, 2, 1), 'Feb 30 carries to Mar 1 (callers validate)'],
    // Spring forward 2025-03-09 in New York: 02:00-02:59 do not exist; move forward by the 1 h gap.
    ['America/New_York', [2025, 3, 9, 1, 59, 59, 999], utc(2025, 2, 9, 6, 59, 59, 999), 'last EST ms, + 5 h'],
    ['America/New_York', [2025, 3, 9, 2, 0, 0, 0], utc(2025, 2, 9, 7), 'gap: 02:00 -> 03:00 EDT, + 4 h'],
    ['America/New_York', [2025, 3, 9, 2, 30, 0, 0], utc(2025, 2, 9, 7, 30), 'gap: 02:30 -> 03:30 EDT, + 4 h'],
    ['America/New_York', [2025, 3, 9, 3, 0, 0, 0], utc(2025, 2, 9, 7), '03:00 EDT + 4 h'],
    // Fall back 2025-11-02: 01:00-01:59 happen twice (EDT, then EST); take the earlier, EDT.
    ['America/New_York', [2025, 11, 2, 0, 59, 0, 0], utc(2025, 10, 2, 4, 59), '00:59 EDT + 4 h'],
    ['America/New_York', [2025, 11, 2, 1, 0, 0, 0], utc(2025, 10, 2, 5), 'overlap: 01:00 EDT + 4 h, not EST 06:00'],
    [
      'America/New_York',
      [2025, 11, 2, 1, 30, 0, 0],
      utc(2025, 10, 2, 5, 30),
      'overlap: 01:30 EDT + 4 h, not EST 06:30',
    ],
    ['America/New_York', [2025, 11, 2, 2, 0, 0, 0], utc(2025, 10, 2, 7), '02:00 EST + 5 h'],
    // Berlin: gap 02:00-03:00 on 2025-03-30, overlap 02:00-03:00 on 2025-10-26.
    ['Europe/Berlin', [2025, 3, 30, 2, 30, 0, 0], utc(2025, 2, 30, 1, 30), 'gap: 02:30 -> 03:30 CEST, - 2 h'],
    ['Europe/Berlin', [2025, 10, 26, 2, 30, 0, 0], utc(2025, 9, 26, 0, 30), 'overlap: 02:30 CEST - 2 h, not CET 01:30'],
    ['Europe/Berlin', [2025, 10, 26, 3, 0, 0, 0], utc(2025, 9, 26, 2), '03:00 CET - 1 h'],
    // Adelaide: gap 02:00-03:00 on 2025-10-05, overlap 02:00-03:00 on 2025-04-06.
    ['Australia/Adelaide', [2025, 10, 5, 2, 30, 0, 0], utc(2025, 9, 4, 17), 'gap: 02:30 -> 03:30 ACDT, - 10:30'],
    [
      'Australia/Adelaide',
      [2025, 4, 6, 2, 30, 0, 0],
      utc(2025, 3, 5, 16),
      'overlap: 02:30 ACDT - 10:30, not ACST 17:00',
    ],
    // Lord Howe: 30-minute gap 02:00-02:30 on 2025-10-05.
    ['Australia/Lord_Howe', [2025, 10, 5, 2, 15, 0, 0], utc(2025, 9, 4, 15, 45), 'gap: 02:15 -> 02:45 +11:00'],
    // Beirut skips midnight: 2025-03-30 00:00 -> 01:00 EEST.
    ['Asia/Beirut', [2025, 3, 30, 0, 0, 0, 0], utc(2025, 2, 29, 22), 'gap: 00:00 -> 01:00 EEST, - 3 h'],
  ])('%s %j -> %d (%s)', (zone, wall, expected) => {
    expect(wallToEpoch(zone, ...wall)).toBe(expected);
  });

  it('handles years before 100 without the Date.UTC 19xx mapping', () => {
    // setUTCFullYear takes the year literally, unlike Date.UTC(50, ...).
    expect(wallToEpoch('UTC', 50, 1, 1, 0, 0, 0, 0)).toBe(new Date(0).setUTCFullYear(50, 0, 1));
  });

  it('is NaN for NaN fields', () => {
    expect(wallToEpoch('UTC', NaN, 1, 1, 0, 0, 0, 0)).toBeNaN();
  });
});

describe('epochToWall', () => {
  it.each([
    // zone, instant, expected wall; weekday 1 = Monday .. 7 = Sunday
    [
      'America/New_York',
      utc(2025, 10, 24, 14, 14),
      { year: 2025, month: 11, day: 24, hour: 9, minute: 14, second: 0, ms: 0, weekday: 1 },
    ],
    // 23:30 UTC + 1 h (CET) crosses into March 1, a Friday; 2024 is a leap year so Feb 29 precedes it
    [
      'Europe/Berlin',
      utc(2024, 1, 29, 23, 30),
      { year: 2024, month: 3, day: 1, hour: 0, minute: 30, second: 0, ms: 0, weekday: 5 },
    ],
    [
      'UTC',
      utc(2024, 1, 29, 12, 0, 0, 7),
      { year: 2024, month: 2, day: 29, hour: 12, minute: 0, second: 0, ms: 7, weekday: 4 },
    ],
    // 2025-11-02 06:30 UTC - 5 h = 01:30 EST, the second 01:30 of that Sunday
    [
      'America/New_York',
      utc(2025, 10, 2, 6, 30),
      { year: 2025, month: 11, day: 2, hour: 1, minute: 30, second: 0, ms: 0, weekday: 7 },
    ],
    // 20:00 UTC + 5:30 = 01:30 next day
    [
      'Asia/Kolkata',
      utc(2025, 10, 24, 20),
      { year: 2025, month: 11, day: 25, hour: 1, minute: 30, second: 0, ms: 0, weekday: 2 },
    ],
    // before 1970: 1969-12-31 23:59:59.999 UTC was a Wednesday
    ['UTC', -1, { year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, ms: 999, weekday: 3 }],
  ])('%s at %d', (zone, epochMs, expected) => {
    expect(epochToWall(zone, epochMs)).toEqual(expected);
  });

  it('gives NaN fields for NaN', () => {
    expect(epochToWall('UTC', NaN).year).toBeNaN();
  });
});

describe('formatInstant', () => {
  it.each([
    [utc(2025, 10, 24, 14, 14), 'America/New_York', '2025-11-24T09:14:00-05:00'],
    [utc(2025, 6, 1, 12), 'America/New_York', '2025-07-01T08:00:00-04:00'],
    [utc(2025, 10, 24, 14, 14), 'UTC', '2025-11-24T14:14:00+00:00'],
    [utc(2025, 0, 1, 0, 0, 0, 5), 'Etc/UTC', '2025-01-01T00:00:00.005+00:00'],
    [utc(2025, 10, 24, 3, 44, 5, 120), 'Asia/Kolkata', '2025-11-24T09:14:05.120+05:30'],
    [utc(2025, 0, 15, 12), 'America/St_Johns', '2025-01-15T08:30:00-03:30'],
    [utc(2024, 11, 31, 23, 30), 'Europe/Berlin', '2025-01-01T00:30:00+01:00'],
    [NaN, 'UTC', ''],
  ])('%d in %s is %s', (epochMs, zone, expected) => {
    expect(formatInstant(epochMs, zone)).toBe(expected);
  });
});

/** Zones with DST rules in both hemispheres, half-hour offsets and none at all. */
const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Europe/Berlin',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Asia/Beirut',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
];
const FROM = utc(1990, 0, 1);
const TO = utc(2040, 0, 1);
/** Instants anywhere, plus instants within two hours of a transition, where the bugs live. */
const instants = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc
    .constantFrom(
      utc(2025, 2, 9, 7),
      utc(2025, 10, 2, 6),
      utc(2025, 2, 30, 1),
      utc(2025, 9, 26, 1),
      utc(2025, 3, 5, 16, 30),
      utc(2025, 9, 4, 16, 30),
      utc(2025, 9, 4, 15, 30),
      utc(2025, 2, 29, 22),
    )
    .chain((transition) => fc.integer({ min: transition - 2 * HOUR, max: transition + 2 * HOUR })),
);

/** A second implementation of epochToWall: Intl's own formatting. */
function intlWall(zone: string, epochMs: number): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

describe('properties', () => {
  it('epochToWall agrees with Intl.DateTimeFormat', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instants, (zone, epochMs) => {
        const wall = epochToWall(zone, epochMs);
        expect([wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second]).toEqual(intlWall(zone, epochMs));
      }),
      { numRuns: 500 },
    );
  });

  it('wallToEpoch(epochToWall(t)) is t, except for the later occurrence of a repeated wall time', () => {
    let laterOccurrences = 0;
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instants, (zone, epochMs) => {
        const wall = epochToWall(zone, epochMs);
        const back = wallToEpoch(zone, wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
        if (back === epochMs) return;
        // Otherwise t repeats an earlier reading: `back` is before t and the clocks read the same.
        laterOccurrences++;
        expect(back).toBeLessThan(epochMs);
        expect(epochToWall(zone, back)).toEqual(wall);
      }),
      { numRuns: 2000 },
    );
    // The transition-biased instants must have exercised the exception.
    expect(laterOccurrences).toBeGreaterThan(0);
  });

  it('wallToEpoch lands on the wall time, or past a gap by exactly the gap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instants, (zone, probe) => {
        const wall = epochToWall('UTC', probe); // any wall reading near a transition
        const epochMs = wallToEpoch(
          zone,
          wall.year,
          wall.month,
          wall.day,
          wall.hour,
          wall.minute,
          wall.second,
          wall.ms,
        );
        const landed = epochToWall(zone, epochMs);
        const shiftMs =
          utc(landed.year, landed.month - 1, landed.day, landed.hour, landed.minute, landed.second, landed.ms) - probe;
        const gapMs = zoneOffsetMs(zone, epochMs) - zoneOffsetMs(zone, epochMs - 86_400_000);
        expect(shiftMs === 0 || shiftMs === gapMs).toBe(true);
        expect(shiftMs).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});
