/**
 * Durations in business hours: every ticket metric's durations counted with `businessMs` on the
 * ticket's schedule. Expected values are worked out by hand in the comments. 2025-11-17 is a Monday;
 * in November Berlin is UTC+1 and New York UTC-5.
 */
import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../src/calendar/schedule.js';
import { compileSchedule } from '../../src/calendar/schedule-spec.js';
import { resolveClock } from '../../src/options/clock.js';
import { validateConfig } from '../../src/options/schema.js';
import type { AppError } from '../../src/errors.js';
import type { Clock } from '../../src/metrics/types.js';
import { buildTicketReport, type TicketReportOptions } from '../../src/report/build.js';
import type { MetricValue, Report } from '../../src/report/model.js';
import { tableOf, type TicketSpec } from '../helpers/tickets.js';

const at = (s: string) => Date.parse(s);
const weekdays = (zone: string): ScheduleSpec => ({
  timezone: zone,
  hours: {
    mon: ['09:00-17:00'],
    tue: ['09:00-17:00'],
    wed: ['09:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-17:00'],
  },
});
const utcOffice = compileSchedule(weekdays('UTC'), 'schedules.office');
const OFFICE: Clock = { kind: 'business', schedules: [{ name: 'office', schedule: utcOffice }], by: null };

function report(specs: TicketSpec[], options: Partial<TicketReportOptions> = {}, present?: string[]): Report {
  return buildTicketReport(
    tableOf(specs, present),
    {
      // As-of two days after the window, so that replies and solves on Monday 24th count.
      asOf: at('2025-11-26T00:00:00Z'),
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
      clock: OFFICE,
      since: at('2025-11-17T00:00:00Z'),
      until: at('2025-11-24T00:00:00Z'),
      timezone: 'UTC',
      inputTimezone: 'UTC',
      period: null,
      weekStart: 'monday',
      by: [],
      compare: null,
      version: 'test',
      ...options,
    },
    { files: [], read: specs.length, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
  );
}

const metric = (r: Report, id: string, row = 0): MetricValue => r.rows[row]!.metrics[id]!;

describe('durations in business hours (Mon-Fri 09:00-17:00 UTC)', () => {
  it('counts first reply time across a night and from the next opening when created outside hours', () => {
    const r = report([
      // Mon 16:00 -> Tue 10:00: Monday 16-17 (60) + Tuesday 09-10 (60) = 120 min (calendar: 1080)
      { created: '2025-11-17T16:00:00Z', first_reply: '2025-11-18T10:00:00Z' },
      // Saturday 12:00 -> Monday 09:45: nothing counts until Monday 09:00 -> 45 min (calendar: 2625)
      { created: '2025-11-22T12:00:00Z', first_reply: '2025-11-24T09:45:00Z' },
      // Tue 10:00 -> 10:20 inside hours: 20 min
      { created: '2025-11-18T10:00:00Z', first_reply: '2025-11-18T10:20:00Z' },
    ]);
    // values 20, 45, 120: n 3, median 45, mean 185/3, min 20, max 120
    expect(metric(r, 'frt')).toMatchObject({ n: 3, median: 45, min: 20, max: 120 });
    expect((metric(r, 'frt') as { mean: number }).mean).toBeCloseTo(185 / 3, 12);
    expect(r.definitions.clock).toBe('business hours: office (UTC)');
    expect(r.definitions.sources.frt).toBe('business hours from timestamps: first reply - created');
    expect(r.definitions.metrics.frt).toContain('business hours');
  });

  it('counts resolution across a weekend', () => {
    // Fri 16:30 -> Mon 09:30: Friday 16:30-17:00 (30) + Monday 09:00-09:30 (30) = 60 min = 1 h (calendar: 65 h).
    // Never reopened and no first-solved column: the first resolution is the last one, also 1 h.
    const r = report([{ created: '2025-11-21T16:30:00Z', solved: '2025-11-24T09:30:00Z', reopens: 0 }]);
    expect(metric(r, 'resolution_full')).toMatchObject({ unit: 'hours', n: 1, median: 1 });
    expect(metric(r, 'resolution_first')).toMatchObject({ unit: 'hours', n: 1, median: 1 });
  });

  it('measures backlog age in business hours', () => {
    // Backlog instant: until = as-of = Monday 24th 10:00.
    // A: created Fri 21st 16:00, open: Friday 16-17 (1 h) + Monday 09-10 (1 h) = 2 h (calendar: 66 h)
    // B: created Mon 17th 09:00, open: five whole days Mon-Fri (40 h) + Monday 24th 09-10 (1 h) = 41 h
    // C: solved before the instant: not in the backlog.
    const until = at('2025-11-24T10:00:00Z');
    const r = report(
      [
        { created: '2025-11-21T16:00:00Z' },
        { created: '2025-11-17T09:00:00Z' },
        { created: '2025-11-18T09:00:00Z', solved: '2025-11-18T11:00:00Z' },
      ],
      { until, asOf: until },
    );
    expect(metric(r, 'backlog')).toEqual({ kind: 'count', value: 2 });
    // values 2 and 41: median (2 + 41) / 2 = 21.5, min 2, max 41
    expect(metric(r, 'backlog_age')).toMatchObject({ unit: 'hours', n: 2, median: 21.5, min: 2, max: 41 });
    expect(r.definitions.sources.backlog_age).toContain('business hours');
  });

  it('leaves calendar time unchanged without a clock', () => {
    const r = report([{ created: '2025-11-17T16:00:00Z', first_reply: '2025-11-18T10:00:00Z' }], {
      clock: { kind: 'calendar' },
    });
    expect(metric(r, 'frt')).toMatchObject({ n: 1, median: 1080 }); // 18 h
    expect(r.definitions.clock).toBe('calendar time');
    expect(r.reconciliation).toBeUndefined();
  });
});

describe('per-team schedules (report.hours_by)', () => {
  const config = validateConfig({
    schedules: { eu_support: weekdays('Europe/Berlin'), us_support: weekdays('America/New_York') },
    report: {
      hours_by: { field: 'team', schedules: { Billing: 'eu_support', Shipping: 'us_support' }, default: 'eu_support' },
    },
  });
  const clock = resolveClock(config, undefined, (field) => field);

  it('uses each ticket its team schedule, the default for others', () => {
    const r = report(
      [
        // Billing, Berlin 09-17 = 08:00-16:00Z: 15:00Z -> 20:00Z counts 15:00-16:00 = 60 min
        { created: '2025-11-17T15:00:00Z', first_reply: '2025-11-17T20:00:00Z', team: 'Billing' },
        // Shipping, New York 09-17 = 14:00-22:00Z: 15:00Z -> 20:00Z all open = 300 min
        { created: '2025-11-17T15:00:00Z', first_reply: '2025-11-17T20:00:00Z', team: 'Shipping' },
        // no team -> default Berlin: 07:00Z -> 09:00Z counts 08:00-09:00 = 60 min
        { created: '2025-11-17T07:00:00Z', first_reply: '2025-11-17T09:00:00Z' },
        // unlisted team -> default Berlin: Tue 16:30Z -> Wed 08:30Z: nothing Tuesday after 16:00Z, Wed 08:00-08:30Z =
        // 30 min
        { created: '2025-11-18T16:30:00Z', first_reply: '2025-11-19T08:30:00Z', team: 'Returns' },
      ],
      { clock, by: [{ name: 'team', key: 'team' }] },
    );
    const byTeam = Object.fromEntries(r.rows.map((row) => [row.group.team ?? '(none)', row.metrics.frt]));
    expect(byTeam.Billing).toMatchObject({ n: 1, median: 60 });
    expect(byTeam.Shipping).toMatchObject({ n: 1, median: 300 });
    expect(byTeam.Returns).toMatchObject({ n: 1, median: 30 });
    expect(byTeam['(none)']).toMatchObject({ n: 1, median: 60 });
    expect(r.definitions.clock).toBe(
      'business hours by team: Billing -> eu_support (Europe/Berlin), Shipping ' +
        '-> us_support (America/New_York), otherwise eu_support (Europe/Berlin)',
    );
  });

  it('lets --hours override hours_by with one schedule', () => {
    const single = resolveClock(config, 'us_support', (field) => field);
    expect(single).toMatchObject({ kind: 'business', by: null, schedules: [{ name: 'us_support' }] });
    // The Billing ticket on New York hours: 15:00Z -> 20:00Z = 300 min
    const r = report([{ created: '2025-11-17T15:00:00Z', first_reply: '2025-11-17T20:00:00Z', team: 'Billing' }], {
      clock: single,
    });
    expect(metric(r, 'frt')).toMatchObject({ median: 300 });
  });
});

describe("the export's business-hours columns", () => {
  // Zendesk-like: no first-reply timestamp; solved timestamps; calendar and business columns.
  const specs: TicketSpec[] = [
    // ours from timestamps: Mon 10:00 -> 12:00 = 120 min; theirs 121; calendar column 120 (not used)
    {
      created: '2025-11-17T10:00:00Z',
      solved: '2025-11-17T12:00:00Z',
      first_reply_business_minutes: 30,
      full_resolution_business_minutes: 121,
      full_resolution_minutes: 120,
    },
    // ours: Mon 16:00 -> Tue 10:00 = 60 + 60 = 120 min; theirs 180
    {
      created: '2025-11-17T16:00:00Z',
      solved: '2025-11-18T10:00:00Z',
      first_reply_business_minutes: 90,
      full_resolution_business_minutes: 180,
      full_resolution_minutes: 1080,
    },
    // no solved timestamp: falls back to their business figure, 45 min
    { created: '2025-11-19T10:00:00Z', full_resolution_business_minutes: 45, full_resolution_minutes: 50 },
  ];

  it('takes first reply time from the business-hours column when there is no timestamp', () => {
    const r = report(specs);
    // 30 and 90 -> median 60
    expect(metric(r, 'frt')).toMatchObject({ n: 2, median: 60 });
    expect(r.definitions.sources.frt).toMatch(/export business-hours column.*no first reply timestamp/);
  });

  it('uses timestamps first and the business column where they are missing, never the calendar column', () => {
    const r = report(specs);
    // 120, 120, 45 min -> median 120 min = 2 h, min 0.75 h
    expect(metric(r, 'resolution_full')).toMatchObject({ n: 3, median: 2, min: 0.75, max: 2 });
  });

  it('sets our figure beside theirs', () => {
    const r = report(specs);
    // Tickets with both: the first two. ours 120, 120 -> median 120; theirs 121, 180 -> median 150.5;
    // |diff| 1 and 60 -> median 30.5; within 1 minute: 1 of 2.
    expect(r.reconciliation?.resolution_full).toEqual({
      theirs: 'full_resolution_business_duration',
      n: 2,
      ours_median_min: 120,
      theirs_median_min: 150.5,
      median_abs_diff_min: 30.5,
      within_1_min: 0.5,
    });
    // No first-reply timestamps: nothing to compare.
    expect(r.reconciliation?.frt).toMatchObject({ n: 0, ours_median_min: null, within_1_min: null });
    expect(r.reconciliation?.resolution_first).toBeUndefined();
  });

  it('makes first reply time unavailable when only a calendar column exists', () => {
    const r = report([{ created: '2025-11-17T10:00:00Z', first_reply_minutes: 30 }]);
    expect(metric(r, 'frt')).toMatchObject({ kind: 'unavailable' });
    expect((metric(r, 'frt') as { reason: string }).reason).toContain('first_reply_business_minutes');
  });
});

describe('config: schedules, report.hours, report.hours_by', () => {
  const schedules = { support: weekdays('UTC'), eu: weekdays('Europe/Berlin') };
  const errorOf = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (error) {
      return error as AppError;
    }
    throw new Error('expected an error');
  };

  it.each([
    [
      'a bad interval',
      { schedules: { support: { timezone: 'UTC', hours: { mon: ['9-17'] } } } },
      'bad_interval',
      'schedules.support.hours.mon[0]',
    ],
    [
      'an unknown zone',
      { schedules: { support: { timezone: 'Mars/Base', hours: { mon: ['09:00-17:00'] } } } },
      'bad_timezone',
      'schedules.support.timezone',
    ],
    ['schedules not a mapping', { schedules: ['support'] }, 'bad_config', 'schedules'],
    ['an unknown report.hours', { schedules, report: { hours: 'suport' } }, 'unknown_schedule', 'report.hours'],
    ['report.hours without schedules', { report: { hours: 'support' } }, 'unknown_schedule', 'report.hours'],
    [
      'an unknown schedule in hours_by',
      { schedules, report: { hours_by: { field: 'team', schedules: { Billing: 'us' }, default: 'eu' } } },
      'unknown_schedule',
      'report.hours_by.schedules.Billing',
    ],
    [
      'an unknown hours_by default',
      { schedules, report: { hours_by: { field: 'team', schedules: { Billing: 'eu' }, default: 'nope' } } },
      'unknown_schedule',
      'report.hours_by.default',
    ],
    [
      'hours_by without a default or report.hours',
      { schedules, report: { hours_by: { field: 'team', schedules: { Billing: 'eu' } } } },
      'bad_config',
      'report.hours_by.default',
    ],
    [
      'hours_by without field',
      { schedules, report: { hours_by: { schedules: { Billing: 'eu' }, default: 'eu' } } },
      'bad_config',
      'report.hours_by.field',
    ],
    [
      'an unknown key in hours_by',
      { schedules, report: { hours_by: { field: 'team', schedules: {}, default: 'eu', fallback: 'eu' } } },
      'unknown_config_key',
      'report.hours_by.fallback',
    ],
    [
      'hours_by.schedules not a mapping',
      { schedules, report: { hours_by: { field: 'team', schedules: ['eu'], default: 'eu' } } },
      'bad_config',
      'report.hours_by.schedules',
    ],
  ])('rejects %s', (_name, raw, code, where) => {
    const error = errorOf(() => validateConfig(raw));
    expect(error.code).toBe(code);
    expect(error.where).toBe(where);
    expect(error.exitCode).toBe(2);
  });

  it('names the known schedules in an unknown-name error', () => {
    const error = errorOf(() => validateConfig({ schedules, report: { hours: 'suport' } }));
    expect(error.message).toContain('known schedules: support, eu');
  });

  it('rejects an unknown --hours name as a usage error', () => {
    const config = validateConfig({ schedules });
    const error = errorOf(() => resolveClock(config, 'night', (f) => f));
    expect(error).toMatchObject({ kind: 'usage', code: 'unknown_schedule', where: '--hours', exitCode: 2 });
    expect(error.message).toContain('support, eu');
  });

  it('resolves report.hours, and hours_by with report.hours as its default', () => {
    const one = validateConfig({ schedules, report: { hours: 'support' } });
    expect(resolveClock(one, undefined, (f) => f)).toMatchObject({
      kind: 'business',
      by: null,
      schedules: [{ name: 'support' }],
    });
    const by = validateConfig({
      schedules,
      report: { hours: 'support', hours_by: { field: 'channel', schedules: { Phone: 'eu' } } },
    });
    expect(resolveClock(by, undefined, () => 'channel')).toMatchObject({
      kind: 'business',
      schedules: [{ name: 'support' }, { name: 'eu' }],
      by: { field: 'channel', dimension: 'channel', indexByValue: { Phone: 1 }, defaultIndex: 0 },
    });
    expect(resolveClock(validateConfig({ schedules }), undefined, (f) => f)).toEqual({ kind: 'calendar' });
  });
});
