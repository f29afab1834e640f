import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessMs,
  businessMs,
  nextOpening,
  type Schedule,
  type ScheduleSpec,
  WEEKDAYS,
} from '../../src/calendar/schedule.js';
import { compileSchedule } from '../../src/calendar/schedule-spec.js';
import { AppError } from '../../src/errors.js';

const M = 60_000;
const H = 3_600_000;
const DAY = 86_400_000;

/** Instants are written as ISO text with an explicit offset, so every expected value shows local time and offset. */
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso) || Number.isNaN(ms)) throw new Error(`test instant needs an offset: ${iso}`);
  return ms;
};

const weekdays = (hours: string[]): ScheduleSpec['hours'] => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
});
const everyDay = (hours: string[]): ScheduleSpec['hours'] => Object.fromEntries(WEEKDAYS.map((d) => [d, hours]));
const office = (timezone: string, holidays?: ScheduleSpec['holidays']): ScheduleSpec => ({
  timezone,
  hours: weekdays(['09:00-17:00']),
  ...(holidays === undefined ? {} : { holidays }),
});
const compile = (spec: ScheduleSpec): Schedule => compileSchedule(spec, 'schedules.test');

const officeUtc = compile(office('UTC'));
const lunchUtc = compile({ timezone: 'UTC', hours: weekdays(['09:00-12:30', '13:30-18:00']) });
const overnightUtc = (holidays: string[] = []): Schedule =>
  compile({ timezone: 'UTC', hours: { fri: ['22:00-06:00'] }, holidays });
const always = (timezone: string): Schedule => compile({ timezone, hours: everyDay(['00:00-24:00']) });

describe('businessMs: hand-worked spans', () => {
  // 2025-01-06 is a Monday; 2025-01-01 a Wednesday; 2025-12-22 a Monday; 2024-01-01 a Monday.
  const cases: { name: string; schedule: Schedule; start: string; end: string; hours: number }[] = [
    // 10:00-12:15 lies inside 09:00-17:00: 2 h 15 min.
    {
      name: 'inside one interval',
      schedule: officeUtc,
      start: '2025-01-06T10:00Z',
      end: '2025-01-06T12:15Z',
      hours: 2.25,
    },
    // Both ends outside hours: only 09:00-17:00 counts = 8 h.
    {
      name: 'start and end outside hours',
      schedule: officeUtc,
      start: '2025-01-06T06:00Z',
      end: '2025-01-06T20:00Z',
      hours: 8,
    },
    // 11:00-12:30 = 1.5 h, lunch 12:30-13:30 closed, 13:30-15:00 = 1.5 h: 3 h.
    { name: 'across a lunch gap', schedule: lunchUtc, start: '2025-01-06T11:00Z', end: '2025-01-06T15:00Z', hours: 3 },
    // Mon 16-17 = 1 h, Tue 8 h, Wed 09-10 = 1 h: 10 h.
    { name: 'across nights', schedule: officeUtc, start: '2025-01-06T16:00Z', end: '2025-01-08T10:00Z', hours: 10 },
    // Fri 15-17 = 2 h, weekend closed, Mon 09-10 = 1 h: 3 h.
    { name: 'across a weekend', schedule: officeUtc, start: '2025-01-10T15:00Z', end: '2025-01-13T10:00Z', hours: 3 },
    // Saturday 00:00 to Monday 00:00: nothing open.
    { name: 'a whole weekend', schedule: officeUtc, start: '2025-01-11T00:00Z', end: '2025-01-13T00:00Z', hours: 0 },
    // Year end: Tue 31 Dec 16-17 = 1 h, Wed 1 Jan 8 h, Thu 09-10 = 1 h: 10 h.
    { name: 'year-end span', schedule: officeUtc, start: '2024-12-31T16:00Z', end: '2025-01-02T10:00Z', hours: 10 },
    // Same span, 1 Jan a holiday: 1 h + 0 + 1 h = 2 h.
    {
      name: 'across a holiday (year end)',
      schedule: compile(office('UTC', ['2025-01-01'])),
      start: '2024-12-31T16:00Z',
      end: '2025-01-02T10:00Z',
      hours: 2,
    },
    // Mon 22 + Tue 23 Dec = 16 h; Wed 24 - Fri 26 closed (range); weekend closed: 16 h.
    {
      name: 'across a holiday range',
      schedule: compile(office('UTC', [{ date: '2025-12-24', end: '2025-12-26', name: 'Christmas' }])),
      start: '2025-12-22T00:00Z',
      end: '2025-12-29T00:00Z',
      hours: 16,
    },
    // Mon, Tue, Thu, Fri 8 h each = 32 h; Wed 24 Dec open 09-12 only = 3 h: 35 h.
    {
      name: 'a partial-day holiday',
      schedule: compile(office('UTC', [{ date: '2025-12-24', hours: ['09:00-12:00'] }])),
      start: '2025-12-22T00:00Z',
      end: '2025-12-29T00:00Z',
      hours: 35,
    },
    // Fri 3 Jan 22:00 to Sat 06:00 = 8 h, all inside 20:00-10:00.
    {
      name: 'overnight shift',
      schedule: overnightUtc(),
      start: '2025-01-03T20:00Z',
      end: '2025-01-04T10:00Z',
      hours: 8,
    },
    // Only the Saturday-morning part 02:00-06:00 of Friday's shift: 4 h.
    {
      name: 'overnight shift, after midnight only',
      schedule: overnightUtc(),
      start: '2025-01-04T02:00Z',
      end: '2025-01-04T10:00Z',
      hours: 4,
    },
    // Sat 4 Jan 00-06 (Friday 3 Jan's shift) = 6 h, then Fri 10 Jan 22:00 to the end at Sat 03:00 = 5 h: 11 h.
    {
      name: 'overnight shift cut by the end a week later',
      schedule: overnightUtc(),
      start: '2025-01-04T00:00Z',
      end: '2025-01-11T03:00Z',
      hours: 11,
    },
    // The shift starts on Friday 3 Jan, a holiday: its Saturday part goes too: 0 h.
    {
      name: 'overnight shift on a holiday',
      schedule: overnightUtc(['2025-01-03']),
      start: '2025-01-04T02:00Z',
      end: '2025-01-04T10:00Z',
      hours: 0,
    },
    // A holiday on Saturday does not touch the shift that started Friday: 8 h.
    {
      name: 'overnight shift into a holiday',
      schedule: overnightUtc(['2025-01-04']),
      start: '2025-01-03T20:00Z',
      end: '2025-01-04T10:00Z',
      hours: 8,
    },
    // Berlin, Sun 30 Mar 2025: 02:00 CET jumps to 03:00 CEST; local midnight to midnight is 23 h.
    {
      name: 'DST spring, Berlin, 24/7',
      schedule: always('Europe/Berlin'),
      start: '2025-03-30T00:00+01:00',
      end: '2025-03-31T00:00+02:00',
      hours: 23,
    },
    // Berlin, Sun 26 Oct 2025: 03:00 CEST falls back to 02:00 CET; the day has 25 h.
    {
      name: 'DST fall, Berlin, 24/7',
      schedule: always('Europe/Berlin'),
      start: '2025-10-26T00:00+02:00',
      end: '2025-10-27T00:00+01:00',
      hours: 25,
    },
    // New York, Sun 9 Mar 2025: 02:00 EST jumps to 03:00 EDT: 23 h.
    {
      name: 'DST spring, New York, 24/7',
      schedule: always('America/New_York'),
      start: '2025-03-09T00:00-05:00',
      end: '2025-03-10T00:00-04:00',
      hours: 23,
    },
    // New York, Sun 2 Nov 2025: 02:00 EDT falls back to 01:00 EST: 25 h.
    {
      name: 'DST fall, New York, 24/7',
      schedule: always('America/New_York'),
      start: '2025-11-02T00:00-04:00',
      end: '2025-11-03T00:00-05:00',
      hours: 25,
    },
    // 01:00 EST = 06:00Z to 04:00 EDT = 08:00Z: 2 h (02:00-03:00 never happens that night).
    {
      name: 'DST spring, New York, 01:00-04:00',
      schedule: compile({ timezone: 'America/New_York', hours: { sun: ['01:00-04:00'] } }),
      start: '2025-03-09T00:00-05:00',
      end: '2025-03-10T00:00-04:00',
      hours: 2,
    },
    // The clock shows 01:xx twice: 01:00 EDT = 05:00Z until 02:00 EST = 07:00Z: 2 h.
    {
      name: 'DST fall, New York, 01:00-02:00 happens twice',
      schedule: compile({ timezone: 'America/New_York', hours: { sun: ['01:00-02:00'] } }),
      start: '2025-11-02T00:00-04:00',
      end: '2025-11-03T00:00-05:00',
      hours: 2,
    },
    // 02:00-03:00 does not exist in Berlin on 30 Mar 2025: 0 h.
    {
      name: 'DST spring, Berlin, skipped hour',
      schedule: compile({ timezone: 'Europe/Berlin', hours: { sun: ['02:00-03:00'] } }),
      start: '2025-03-30T00:00+01:00',
      end: '2025-03-31T00:00+02:00',
      hours: 0,
    },
    // 02:00-03:00 happens as CEST (00:00Z-01:00Z) and again as CET (01:00Z-02:00Z): 2 h.
    {
      name: 'DST fall, Berlin, repeated hour',
      schedule: compile({ timezone: 'Europe/Berlin', hours: { sun: ['02:00-03:00'] } }),
      start: '2025-10-26T00:00+02:00',
      end: '2025-10-27T00:00+01:00',
      hours: 2,
    },
    // Fri 28 Mar 09-17 CET = 08:00Z-16:00Z (8 h); Mon 31 Mar 09:00 CEST = 07:00Z to 12:00Z (5 h): 13 h.
    {
      name: 'office hours across the DST weekend',
      schedule: compile(office('Europe/Berlin')),
      start: '2025-03-28T00:00Z',
      end: '2025-03-31T12:00Z',
      hours: 13,
    },
    // Kolkata 09:00-17:00 IST (+05:30) = 03:30Z-11:30Z on Mon 6 Jan: 8 h.
    {
      name: 'Asia/Kolkata, whole day',
      schedule: compile(office('Asia/Kolkata')),
      start: '2025-01-06T00:00Z',
      end: '2025-01-06T12:00Z',
      hours: 8,
    },
    // From 04:00Z = 09:30 IST: 09:30-17:00 = 7.5 h.
    {
      name: 'Asia/Kolkata, half-hour start',
      schedule: compile(office('Asia/Kolkata')),
      start: '2025-01-06T04:00Z',
      end: '2025-01-06T12:00Z',
      hours: 7.5,
    },
    // Mon 20:00Z = Tue 01:30 IST; Tue 05:00Z = 10:30 IST: Tuesday 09:00-10:30 = 1.5 h (the UTC date is still Monday at
    // the start).
    {
      name: 'Asia/Kolkata, local date ahead of UTC',
      schedule: compile(office('Asia/Kolkata')),
      start: '2025-01-06T20:00Z',
      end: '2025-01-07T05:00Z',
      hours: 1.5,
    },
    // 2024 starts on a Monday and has 366 days = 52 weeks + Mon 30 + Tue 31 Dec: 52*5 + 2 = 262 weekdays, 8 h each.
    {
      name: 'leap year 2024, UTC',
      schedule: officeUtc,
      start: '2024-01-01T00:00Z',
      end: '2025-01-01T00:00Z',
      hours: 262 * 8,
    },
    // Same in Berlin between local midnights: DST changes fall on Sundays, 09-17 stays 8 h: 262*8.
    {
      name: 'leap year 2024, Berlin',
      schedule: compile(office('Europe/Berlin')),
      start: '2024-01-01T00:00+01:00',
      end: '2025-01-01T00:00+01:00',
      hours: 262 * 8,
    },
    // 24/7 between local midnights: the 23 h day and the 25 h day cancel out: 366*24.
    {
      name: 'leap year 2024, New York, 24/7',
      schedule: always('America/New_York'),
      start: '2024-01-01T00:00-05:00',
      end: '2025-01-01T00:00-05:00',
      hours: 366 * 24,
    },
    // End before start: nothing.
    { name: 'end before start', schedule: officeUtc, start: '2025-01-06T12:00Z', end: '2025-01-06T10:00Z', hours: 0 },
  ];

  it.each(cases)('$name: $hours h', ({ schedule, start, end, hours }) => {
    expect(businessMs(schedule, at(start), at(end))).toBe(hours * H);
  });

  it('counts a year by week blocks exactly as day by day', () => {
    // The per-day path never skips a week; summing 366 one-day spans must give the same 262*8 h.
    const schedule = compile(office('Europe/Berlin', ['2024-05-01', { date: '2024-12-24', hours: ['09:00-12:00'] }]));
    let sum = 0;
    for (let dayStart = at('2024-01-01T00:00Z'); dayStart < at('2025-01-01T00:00Z'); dayStart += DAY) {
      sum += businessMs(schedule, dayStart, dayStart + DAY);
    }
    // 262 weekdays * 8 h, minus Wed 1 May (8 h), minus 5 h on Tue 24 Dec (open 09-12 only).
    const expected = (262 * 8 - 8 - 5) * H;
    expect(sum).toBe(expected);
    expect(businessMs(schedule, at('2024-01-01T00:00Z'), at('2025-01-01T00:00Z'))).toBe(expected);
  });

  it('gives NaN for a missing instant and rejects instants beyond Date range', () => {
    expect(businessMs(officeUtc, Number.NaN, 0)).toBeNaN();
    expect(businessMs(officeUtc, 0, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(() => businessMs(officeUtc, 0, 9e15)).toThrow(RangeError);
  });

  it('does not depend on the host time zone', () => {
    const probe = (): number[] => [
      businessMs(always('America/New_York'), at('2025-11-02T00:00-04:00'), at('2025-11-03T00:00-05:00')),
      businessMs(compile(office('Asia/Kolkata')), at('2025-01-06T04:00Z'), at('2025-01-06T12:00Z')),
      nextOpening(officeUtc, at('2025-01-11T12:00Z')),
      addBusinessDays(compile(office('Europe/Berlin')), at('2025-03-28T10:00+01:00'), 1),
    ];
    const original = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Chatham';
      const chatham = probe();
      process.env.TZ = 'America/Los_Angeles';
      const losAngeles = probe();
      expect(new Date(at('2025-01-06T00:00Z')).getTimezoneOffset()).toBe(480);
      expect(chatham).toEqual(losAngeles);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('nextOpening', () => {
  const newYear = compile(office('UTC', ['2025-01-01']));
  const cases: { name: string; schedule: Schedule; t: string; expected: string }[] = [
    { name: 'inside hours: itself', schedule: officeUtc, t: '2025-01-06T10:00Z', expected: '2025-01-06T10:00Z' },
    {
      name: 'the last millisecond before closing: itself',
      schedule: officeUtc,
      t: '2025-01-06T16:59:59.999Z',
      expected: '2025-01-06T16:59:59.999Z',
    },
    {
      name: 'closing time is closed: next morning',
      schedule: officeUtc,
      t: '2025-01-06T17:00Z',
      expected: '2025-01-07T09:00Z',
    },
    { name: 'Saturday: Monday morning', schedule: officeUtc, t: '2025-01-11T12:00Z', expected: '2025-01-13T09:00Z' },
    {
      name: 'eve of a holiday: the day after it',
      schedule: newYear,
      t: '2024-12-31T18:00Z',
      expected: '2025-01-02T09:00Z',
    },
    // 02:00-03:00 does not exist on 30 Mar 2025 in Berlin; 03:00 CEST = 01:00Z is the first open instant.
    {
      name: 'opening inside a DST gap: when the clock resumes',
      schedule: compile({ timezone: 'Europe/Berlin', hours: { sun: ['02:00-04:00'] } }),
      t: '2025-03-30T00:00+01:00',
      expected: '2025-03-30T03:00+02:00',
    },
    // 01:00 EST (06:00Z) is the second 01:00 of 2 Nov 2025 and is open.
    {
      name: 'the repeated hour is open',
      schedule: compile({ timezone: 'America/New_York', hours: { sun: ['01:00-02:00'] } }),
      t: '2025-11-02T01:00-05:00',
      expected: '2025-11-02T01:00-05:00',
    },
  ];
  it.each(cases)('$name', ({ schedule, t, expected }) => {
    expect(nextOpening(schedule, at(t))).toBe(at(expected));
  });
});

describe('addBusinessMs', () => {
  const cases: { name: string; schedule: Schedule; start: string; hours: number; expected: string }[] = [
    // Fri 16-17 uses 1 h, Monday 09-10 the other: Mon 10:00.
    {
      name: 'over a weekend',
      schedule: officeUtc,
      start: '2025-01-10T16:00Z',
      hours: 2,
      expected: '2025-01-13T10:00Z',
    },
    // Exactly the rest of Friday: due at closing time, not Monday 09:00.
    {
      name: 'ending at closing time',
      schedule: officeUtc,
      start: '2025-01-10T16:00Z',
      hours: 1,
      expected: '2025-01-10T17:00Z',
    },
    // Starts counting at Monday 09:00: Monday 10:00.
    {
      name: 'starting outside hours',
      schedule: officeUtc,
      start: '2025-01-11T12:00Z',
      hours: 1,
      expected: '2025-01-13T10:00Z',
    },
    { name: 'zero duration', schedule: officeUtc, start: '2025-01-11T12:00Z', hours: 0, expected: '2025-01-11T12:00Z' },
    // Tue 31 Dec 16-17 = 1 h, 1 Jan closed, Thu 09-10 = 1 h.
    {
      name: 'across a holiday',
      schedule: compile(office('UTC', ['2025-01-01'])),
      start: '2024-12-31T16:00Z',
      hours: 2,
      expected: '2025-01-02T10:00Z',
    },
    // 5 days * 8 h from Monday 09:00 ends Friday 17:00.
    {
      name: 'one business week',
      schedule: officeUtc,
      start: '2025-01-06T09:00Z',
      hours: 40,
      expected: '2025-01-10T17:00Z',
    },
    // All 262 weekdays of 2024: ends at 17:00 on Tue 31 Dec.
    {
      name: 'a whole year',
      schedule: officeUtc,
      start: '2024-01-01T00:00Z',
      hours: 262 * 8,
      expected: '2024-12-31T17:00Z',
    },
    // Fri 16:00 CET + 1 h = 17:00 CET; Monday opens 09:00 CEST, +1 h = 10:00 CEST.
    {
      name: 'across the DST weekend',
      schedule: compile(office('Europe/Berlin')),
      start: '2025-03-28T16:00+01:00',
      hours: 2,
      expected: '2025-03-31T10:00+02:00',
    },
    // Shift Fri 22:00-Sat 06:00; from Fri 23:00, 6 h lands Sat 05:00.
    {
      name: 'inside an overnight shift',
      schedule: overnightUtc(),
      start: '2025-01-03T23:00Z',
      hours: 6,
      expected: '2025-01-04T05:00Z',
    },
    // 7 h left in this shift, then next Friday 22:00 + 1 h.
    {
      name: 'past an overnight shift',
      schedule: overnightUtc(),
      start: '2025-01-03T23:00Z',
      hours: 8,
      expected: '2025-01-10T23:00Z',
    },
  ];
  it.each(cases)('$name', ({ schedule, start, hours, expected }) => {
    expect(addBusinessMs(schedule, at(start), hours * H)).toBe(at(expected));
  });

  it('rejects a negative duration and passes NaN through', () => {
    expect(() => addBusinessMs(officeUtc, 0, -1)).toThrow(RangeError);
    expect(addBusinessMs(officeUtc, Number.NaN, H)).toBeNaN();
  });
});

describe('addBusinessDays', () => {
  const cases: { name: string; schedule: Schedule; start: string; days: number; expected: string }[] = [
    // Monday has not opened yet at 08:00, so it is day 1.
    {
      name: 'before opening: today counts',
      schedule: officeUtc,
      start: '2025-01-06T08:00Z',
      days: 1,
      expected: '2025-01-06T17:00Z',
    },
    // Monday is under way at 10:00: day 1 is Tuesday.
    {
      name: 'during hours: from tomorrow',
      schedule: officeUtc,
      start: '2025-01-06T10:00Z',
      days: 1,
      expected: '2025-01-07T17:00Z',
    },
    {
      name: 'Friday + 1: Monday',
      schedule: officeUtc,
      start: '2025-01-10T10:00Z',
      days: 1,
      expected: '2025-01-13T17:00Z',
    },
    // Mon 13, Tue 14, Wed 15.
    {
      name: 'Friday + 3: Wednesday',
      schedule: officeUtc,
      start: '2025-01-10T10:00Z',
      days: 3,
      expected: '2025-01-15T17:00Z',
    },
    { name: 'from Saturday', schedule: officeUtc, start: '2025-01-11T12:00Z', days: 1, expected: '2025-01-13T17:00Z' },
    {
      name: 'skipping a holiday Monday',
      schedule: compile(office('UTC', ['2025-01-13'])),
      start: '2025-01-10T10:00Z',
      days: 1,
      expected: '2025-01-14T17:00Z',
    },
    // Wed 24 Dec opens 09-12 only: its end is 12:00.
    {
      name: 'ending on a partial day',
      schedule: compile(office('UTC', [{ date: '2025-12-24', hours: ['09:00-12:00'] }])),
      start: '2025-12-23T10:00Z',
      days: 1,
      expected: '2025-12-24T12:00Z',
    },
    // Friday's shift ends Saturday 06:00.
    {
      name: 'an overnight shift ends the next day',
      schedule: overnightUtc(),
      start: '2025-01-03T20:00Z',
      days: 1,
      expected: '2025-01-04T06:00Z',
    },
    // Friday 28 Mar is under way; Monday 31 Mar closes 17:00 CEST.
    {
      name: 'across the DST weekend',
      schedule: compile(office('Europe/Berlin')),
      start: '2025-03-28T10:00+01:00',
      days: 1,
      expected: '2025-03-31T17:00+02:00',
    },
    { name: 'zero days', schedule: officeUtc, start: '2025-01-06T10:00Z', days: 0, expected: '2025-01-06T10:00Z' },
  ];
  it.each(cases)('$name', ({ schedule, start, days, expected }) => {
    expect(addBusinessDays(schedule, at(start), days)).toBe(at(expected));
  });

  it('rejects a fractional or negative day count', () => {
    expect(() => addBusinessDays(officeUtc, 0, 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays(officeUtc, 0, -1)).toThrow(RangeError);
  });
});

describe('compileSchedule', () => {
  it('compiles to sorted minute intervals per weekday and holidays by local date', () => {
    const spec: ScheduleSpec = {
      timezone: 'Europe/Berlin',
      hours: { mon: ['13:30-18:00', '09:00-12:30'], fri: ['22:00-06:00'], sun: ['00:00-24:00'] },
      holidays: [
        '2025-12-25',
        { date: '2025-12-30', end: '2026-01-01', name: 'Year end' },
        { date: '2025-12-24', hours: ['09:00-12:00'] },
      ],
    };
    const schedule = compileSchedule(deepFreeze(spec), 'schedules.support');
    expect(schedule.week[0]).toEqual([
      { startMinute: 540, endMinute: 750 },
      { startMinute: 810, endMinute: 1080 },
    ]);
    // 22:00 = 1320; 06:00 the next day = 1440 + 360 = 1800.
    expect(schedule.week[4]).toEqual([{ startMinute: 1320, endMinute: 1800 }]);
    expect(schedule.week[6]).toEqual([{ startMinute: 0, endMinute: 1440 }]);
    expect(schedule.week[1]).toEqual([]);
    // 3.5 + 4.5 (Mon) + 8 (Fri night) + 24 (Sun) = 40 h.
    expect(schedule.weekOpenMs).toBe(40 * H);
    expect([...schedule.holidays.keys()]).toEqual([
      '2025-12-24',
      '2025-12-25',
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
    ]);
    expect(schedule.holidays.get('2025-12-31')).toEqual({ name: 'Year end', hours: [] });
    expect(schedule.holidays.get('2025-12-24')).toEqual({
      name: undefined,
      hours: [{ startMinute: 540, endMinute: 720 }],
    });
    expect(Object.isFrozen(schedule)).toBe(true);
  });

  it('accepts touching intervals, a shift ending where the next day starts, and repeated closed dates', () => {
    const schedule = compile({
      timezone: 'UTC',
      // A weekday left blank in YAML arrives as null: closed, like a missing one.
      hours: {
        mon: ['09:00-12:00', '12:00-17:00'],
        tue: ['22:00-06:00'],
        wed: ['06:00-10:00'],
        sat: null as unknown as string[],
      },
      holidays: [{ date: '2025-12-24', end: '2025-12-26' }, '2025-12-25'],
    });
    // Mon 2025-01-06: 09:00-17:00 in two touching pieces = 8 h.
    expect(businessMs(schedule, at('2025-01-06T00:00Z'), at('2025-01-07T00:00Z'))).toBe(8 * H);
  });

  const where = 'schedules.support';
  const base = { timezone: 'UTC', hours: { mon: ['09:00-17:00'] } };
  const errors: { name: string; spec: unknown; code: string; where: string; message: RegExp }[] = [
    {
      name: 'not a mapping',
      spec: 'Mon-Fri 9-5',
      code: 'bad_schedule',
      where,
      message: /must be a mapping.*found "Mon-Fri 9-5"/,
    },
    {
      name: 'unknown zone',
      spec: { ...base, timezone: 'Mars/Olympus' },
      code: 'bad_timezone',
      where: `${where}.timezone`,
      message: /unknown time zone "Mars\/Olympus"/,
    },
    {
      name: 'offset instead of a zone',
      spec: { ...base, timezone: '+05:30' },
      code: 'bad_timezone',
      where: `${where}.timezone`,
      message: /unknown time zone "\+05:30"/,
    },
    {
      name: 'missing zone',
      spec: { hours: base.hours },
      code: 'bad_timezone',
      where: `${where}.timezone`,
      message: /needs a timezone.*found nothing/,
    },
    {
      name: 'unknown top-level key',
      spec: { ...base, holliday: [] },
      code: 'unknown_key',
      where: `${where}.holliday`,
      message: /unknown key "holliday"; expected one of timezone, hours, holidays/,
    },
    {
      name: 'unknown weekday',
      spec: { timezone: 'UTC', hours: { monday: ['09:00-17:00'] } },
      code: 'unknown_key',
      where: `${where}.hours.monday`,
      message: /unknown key "monday"; expected one of mon, tue/,
    },
    {
      name: 'hours not a mapping',
      spec: { timezone: 'UTC', hours: ['09:00-17:00'] },
      code: 'bad_hours',
      where: `${where}.hours`,
      message: /map weekdays/,
    },
    {
      name: 'a day not a list',
      spec: { timezone: 'UTC', hours: { mon: '09:00-17:00' } },
      code: 'bad_hours',
      where: `${where}.hours.mon`,
      message: /expected a list of intervals; found "09:00-17:00"/,
    },
    {
      name: 'interval text',
      spec: { timezone: 'UTC', hours: { mon: ['09:00-17:00', '9-5'] } },
      code: 'bad_interval',
      where: `${where}.hours.mon[1]`,
      message: /"9-5" is not an interval "HH:MM-HH:MM"/,
    },
    {
      name: 'interval not text',
      spec: { timezone: 'UTC', hours: { tue: [900] } },
      code: 'bad_interval',
      where: `${where}.hours.tue[0]`,
      message: /900 is not an interval/,
    },
    {
      name: 'hour 25',
      spec: { timezone: 'UTC', hours: { mon: ['09:00-25:00'] } },
      code: 'bad_interval',
      where: `${where}.hours.mon[0]`,
      message: /"09:00-25:00" has a time outside 00:00-24:00/,
    },
    {
      name: 'start at 24:00',
      spec: { timezone: 'UTC', hours: { mon: ['24:00-02:00'] } },
      code: 'bad_interval',
      where: `${where}.hours.mon[0]`,
      message: /outside 00:00-24:00/,
    },
    {
      name: 'minute 60',
      spec: { timezone: 'UTC', hours: { mon: ['09:60-17:00'] } },
      code: 'bad_interval',
      where: `${where}.hours.mon[0]`,
      message: /outside/,
    },
    {
      name: 'end equals start',
      spec: { timezone: 'UTC', hours: { wed: ['09:00-09:00'] } },
      code: 'empty_interval',
      where: `${where}.hours.wed[0]`,
      message: /"09:00-09:00" ends when it starts/,
    },
    {
      name: 'overlap on one day',
      spec: { timezone: 'UTC', hours: { mon: ['09:00-12:00', '11:00-13:00'] } },
      code: 'overlapping_intervals',
      where: `${where}.hours.mon[1]`,
      message: /"11:00-13:00" overlaps "09:00-12:00" \(schedules\.support\.hours\.mon\[0\]\)/,
    },
    {
      name: 'overlap written out of order',
      spec: { timezone: 'UTC', hours: { mon: ['12:00-17:00', '09:00-12:30'] } },
      code: 'overlapping_intervals',
      where: `${where}.hours.mon[0]`,
      message: /"12:00-17:00" overlaps "09:00-12:30"/,
    },
    {
      name: 'overnight inside the same day',
      spec: { timezone: 'UTC', hours: { mon: ['22:00-06:00', '23:00-23:30'] } },
      code: 'overlapping_intervals',
      where: `${where}.hours.mon[1]`,
      message: /"23:00-23:30" overlaps "22:00-06:00"/,
    },
    {
      name: 'overnight into the next day',
      spec: { timezone: 'UTC', hours: { fri: ['22:00-06:00'], sat: ['05:00-09:00'] } },
      code: 'overlapping_intervals',
      where: `${where}.hours.fri[0]`,
      message:
        /"22:00-06:00" runs past midnight into sat and overlaps "05:00-09:00" \(schedules\.support\.hours\.sat\[0\]\)/,
    },
    {
      name: 'overnight from Sunday into Monday',
      spec: { timezone: 'UTC', hours: { sun: ['20:00-10:00'], mon: ['09:00-17:00'] } },
      code: 'overlapping_intervals',
      where: `${where}.hours.sun[0]`,
      message: /runs past midnight into mon/,
    },
    {
      name: 'no open hours',
      spec: { timezone: 'UTC', hours: { sat: [] } },
      code: 'no_open_hours',
      where: `${where}.hours`,
      message: /no open hours/,
    },
    {
      name: 'holidays not a list',
      spec: { ...base, holidays: '2025-12-25' },
      code: 'bad_holiday',
      where: `${where}.holidays`,
      message: /must be a list/,
    },
    {
      name: 'holiday not a date or mapping',
      spec: { ...base, holidays: [20251225] },
      code: 'bad_holiday',
      where: `${where}.holidays[0]`,
      message: /found 20251225/,
    },
    {
      name: 'impossible date',
      spec: { ...base, holidays: ['2025-12-25', '2025-02-30'] },
      code: 'bad_date',
      where: `${where}.holidays[1]`,
      message: /"2025-02-30" is not a date "yyyy-mm-dd"/,
    },
    {
      name: 'date in the wrong format',
      spec: { ...base, holidays: [{ date: '25/12/2025' }] },
      code: 'bad_date',
      where: `${where}.holidays[0].date`,
      message: /"25\/12\/2025" is not a date/,
    },
    {
      name: 'missing date',
      spec: { ...base, holidays: [{ name: 'Christmas' }] },
      code: 'bad_date',
      where: `${where}.holidays[0].date`,
      message: /nothing is not a date/,
    },
    {
      name: 'bad range end',
      spec: { ...base, holidays: [{ date: '2025-12-24', end: '2025-13-01' }] },
      code: 'bad_date',
      where: `${where}.holidays[0].end`,
      message: /"2025-13-01"/,
    },
    {
      name: 'range ending before it starts',
      spec: { ...base, holidays: [{ date: '2025-12-26', end: '2025-12-24' }] },
      code: 'bad_date_range',
      where: `${where}.holidays[0].end`,
      message: /range end "2025-12-24" is before its start "2025-12-26"/,
    },
    {
      name: 'unknown holiday key',
      spec: { ...base, holidays: [{ date: '2025-12-24', until: '2025-12-26' }] },
      code: 'unknown_key',
      where: `${where}.holidays[0].until`,
      message: /unknown key "until"/,
    },
    {
      name: 'holiday name not text',
      spec: { ...base, holidays: [{ date: '2025-12-24', name: 24 }] },
      code: 'bad_holiday',
      where: `${where}.holidays[0].name`,
      message: /name must be text/,
    },
    {
      name: 'partial-day interval text',
      spec: { ...base, holidays: [{ date: '2025-12-24', hours: ['9h-12h'] }] },
      code: 'bad_interval',
      where: `${where}.holidays[0].hours[0]`,
      message: /"9h-12h"/,
    },
    {
      name: 'partial day inside a range',
      spec: {
        ...base,
        holidays: [
          { date: '2025-12-22', end: '2025-12-31' },
          { date: '2025-12-24', hours: ['09:00-12:00'] },
        ],
      },
      code: 'conflicting_holiday',
      where: `${where}.holidays[1]`,
      message: /2025-12-24 is also listed at schedules\.support\.holidays\[0\]/,
    },
    {
      // Wed 2025-12-24 with a night shift running into Thursday's 05:00 opening.
      name: 'partial-day overnight into the next day',
      spec: {
        timezone: 'UTC',
        hours: { thu: ['05:00-09:00'] },
        holidays: [{ date: '2025-12-24', hours: ['22:00-06:00'] }],
      },
      code: 'overlapping_intervals',
      where: `${where}.holidays[0].hours[0]`,
      message: /"22:00-06:00" runs past midnight into 2025-12-25 and overlaps "05:00-09:00"/,
    },
    {
      // Tue 2025-12-23's weekly night shift runs into the partial day's 05:00 opening.
      name: 'weekly overnight into a partial day',
      spec: {
        timezone: 'UTC',
        hours: { tue: ['22:00-06:00'] },
        holidays: [{ date: '2025-12-24', hours: ['05:00-09:00'] }],
      },
      code: 'overlapping_intervals',
      where: `${where}.hours.tue[0]`,
      message:
        /runs past midnight into 2025-12-24 and overlaps "05:00-09:00" \(schedules\.support\.holidays\[0\]\.hours\[0\]\)/,
    },
  ];

  it.each(errors)('rejects $name ($code)', ({ spec, code, where: expectedWhere, message }) => {
    const error = captureError(() => compileSchedule(spec as ScheduleSpec, where));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'config', code, where: expectedWhere, exitCode: 2 });
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).hint ?? '').not.toBe('');
  });
});

describe('properties', () => {
  const schedules: { name: string; schedule: Schedule }[] = [
    {
      name: 'Berlin, lunch break, Saturday mornings, holidays',
      schedule: compile({
        timezone: 'Europe/Berlin',
        hours: { ...weekdays(['08:30-12:00', '13:00-17:30']), sat: ['10:00-14:00'] },
        holidays: [
          '2025-12-25',
          { date: '2025-04-18', end: '2025-04-21' },
          { date: '2025-12-24', hours: ['09:00-12:00'] },
        ],
      }),
    },
    {
      name: 'New York, night shift and a DST-crossing Sunday',
      schedule: compile({
        timezone: 'America/New_York',
        hours: {
          mon: ['08:00-20:00'],
          tue: ['08:00-20:00'],
          thu: ['08:00-20:00'],
          fri: ['22:00-06:00'],
          sun: ['01:00-04:00'],
        },
        holidays: ['2025-11-27', { date: '2024-12-24', hours: ['23:00-02:00'] }],
      }),
    },
    {
      name: 'Kolkata, Mon-Sat',
      schedule: compile({
        timezone: 'Asia/Kolkata',
        hours: { ...weekdays(['09:30-18:00']), sat: ['09:30-13:00'] },
        holidays: ['2025-08-15'],
      }),
    },
    {
      name: 'New York 24/7',
      schedule: compile({ timezone: 'America/New_York', hours: everyDay(['00:00-24:00']), holidays: ['2025-07-04'] }),
    },
  ];
  const schedule = fc.constantFrom(...schedules.map((s) => s.schedule));

  // Instants over 2024-2026, half of them within 3 days of a DST change in the zones above.
  const transitions = [
    '2024-03-10T07:00Z',
    '2024-03-31T01:00Z',
    '2024-10-27T01:00Z',
    '2024-11-03T06:00Z',
    '2025-03-09T07:00Z',
    '2025-03-30T01:00Z',
    '2025-10-26T01:00Z',
    '2025-11-02T06:00Z',
  ].map(at);
  const instant = fc.oneof(
    fc.integer({ min: at('2024-01-01T00:00Z'), max: at('2027-01-01T00:00Z') }),
    fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([t, d]) => t + d),
  );
  const ordered = (n: number) =>
    fc.array(instant, { minLength: n, maxLength: n }).map((xs) => xs.sort((a, b) => a - b));

  it('business time is between 0 and calendar time', () => {
    fc.assert(
      fc.property(schedule, ordered(2), (s, [a = 0, b = 0]) => {
        const open = businessMs(s, a, b);
        expect(open).toBeGreaterThanOrEqual(0);
        expect(open).toBeLessThanOrEqual(b - a);
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: [a,c) = [a,b) + [b,c)', () => {
    fc.assert(
      fc.property(schedule, ordered(3), (s, [a = 0, b = 0, c = 0]) => {
        expect(businessMs(s, a, c)).toBe(businessMs(s, a, b) + businessMs(s, b, c));
      }),
      { numRuns: 300 },
    );
  });

  it('is zero inside a full-day holiday', () => {
    // Schedules without overnight shifts: a shift from the day before would legitimately run into the holiday.
    const holidays: [Schedule, string, string][] = [
      [schedules[0]!.schedule, '2025-12-25T00:00+01:00', '2025-12-26T00:00+01:00'],
      [schedules[0]!.schedule, '2025-04-18T00:00+02:00', '2025-04-22T00:00+02:00'],
      [schedules[2]!.schedule, '2025-08-15T00:00+05:30', '2025-08-16T00:00+05:30'],
      [schedules[3]!.schedule, '2025-07-04T00:00-04:00', '2025-07-05T00:00-04:00'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...holidays),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([s, from, to], x, y) => {
          const [lo, hi] = [at(from), at(to)];
          const a = Math.floor(lo + (hi - lo) * Math.min(x, y));
          const b = Math.floor(lo + (hi - lo) * Math.max(x, y));
          expect(businessMs(s, a, b)).toBe(0);
        },
      ),
    );
    // The boundaries are tight: the 24/7 schedule is open right before and right after 4 July.
    expect(businessMs(schedules[3]!.schedule, at('2025-07-03T23:59-04:00'), at('2025-07-05T00:01-04:00'))).toBe(2 * M);
  });

  it('addBusinessMs inverts businessMs at the earliest instant', () => {
    fc.assert(
      fc.property(schedule, ordered(2), (s, [a = 0, e = 0]) => {
        const open = businessMs(s, a, e);
        const due = addBusinessMs(s, a, open);
        expect(businessMs(s, a, due)).toBe(open);
        expect(due).toBeLessThanOrEqual(e);
        expect(due).toBeGreaterThanOrEqual(a);
        // Earliest: one millisecond less is not enough (when anything had to elapse).
        if (open > 0) expect(businessMs(s, a, due - 1)).toBe(open - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('nextOpening is the first open instant', () => {
    fc.assert(
      fc.property(schedule, instant, (s, t) => {
        const opening = nextOpening(s, t);
        expect(opening).toBeGreaterThanOrEqual(t);
        expect(businessMs(s, t, opening)).toBe(0);
        expect(businessMs(s, opening, opening + 1)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('matches a minute-by-minute count read straight from the spec', () => {
    // A second implementation: for each minute, read the local wall clock with tzOffset and test it
    // against the spec's text, with the previous day's overnight intervals. Slow, so spans stay short.
    const specs: ScheduleSpec[] = [
      {
        timezone: 'America/New_York',
        hours: {
          mon: ['08:00-20:00'],
          fri: ['22:00-06:00'],
          sat: ['07:00-07:30', '23:00-02:00'],
          sun: ['02:00-03:30'],
        },
        holidays: ['2025-11-28', { date: '2025-03-08', hours: ['06:00-07:00', '22:00-02:00'] }],
      },
      {
        timezone: 'Europe/Berlin',
        hours: { sun: ['01:30-02:30', '02:45-03:15'], mon: ['00:00-24:00'], sat: ['23:00-01:00'] },
        holidays: [{ date: '2025-03-31', hours: ['01:00-02:00'] }],
      },
      { timezone: 'Asia/Kolkata', hours: weekdays(['09:30-13:00', '14:00-18:45']), holidays: ['2025-03-31'] },
    ];
    const starts = [
      at('2025-03-07T00:00Z'),
      at('2025-03-28T00:00Z'),
      at('2025-10-24T00:00Z'),
      at('2025-10-31T00:00Z'),
      at('2025-11-26T00:00Z'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        fc.constantFrom(...starts),
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        (spec, base, startMinute, lengthMinutes) => {
          const a = base + startMinute * M;
          const b = a + lengthMinutes * M;
          expect(businessMs(compile(spec), a, b)).toBe(bruteForceOpenMinutes(spec, a, b) * M);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Counts open minutes in [a, b) one minute at a time, straight from the spec (a, b on whole minutes). */
function bruteForceOpenMinutes(spec: ScheduleSpec, a: number, b: number): number {
  const minutes = (text: string): [number, number] => {
    const [start = 0, end = 0] = text.split('-').map((hm) => {
      const [h = 0, m = 0] = hm.split(':').map(Number);
      return h * 60 + m;
    });
    return [start, end <= start ? end + 1440 : end];
  };
  const hoursOn = (epochDay: number): [number, number][] => {
    const date = new Date(epochDay * DAY).toISOString().slice(0, 10);
    for (const h of spec.holidays ?? []) {
      if (typeof h === 'string' ? h === date : date >= h.date && date <= (h.end ?? h.date)) {
        return typeof h === 'string' ? [] : (h.hours ?? []).map(minutes);
      }
    }
    const weekday = WEEKDAYS[(((epochDay + 3) % 7) + 7) % 7]!;
    return (spec.hours[weekday] ?? []).map(minutes);
  };
  let open = 0;
  for (let t = a; t < b; t += M) {
    const wall = t + tzOffset(spec.timezone, new Date(t)) * M;
    const day = Math.floor(wall / DAY);
    const minute = (wall - day * DAY) / M;
    const today = hoursOn(day).some(([s, e]) => minute >= s && minute < e);
    const fromYesterday = hoursOn(day - 1).some(([s, e]) => minute + 1440 >= s && minute + 1440 < e);
    if (today || fromYesterday) open++;
  }
  return open;
}

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
