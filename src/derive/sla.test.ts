/**
 * SLA targets and verdicts on a small table worked out by hand.
 *
 * Schedule "office": Mon-Fri 09:00-17:00 UTC; 2025-11-17 is a Monday; as-of Fri 2025-11-21 12:00.
 * first_reply: urgent 1h and high 4h in office hours, normal 8h calendar, low no target, no default.
 * resolution: urgent 8h, default 2d, calendar.
 *
 * | id | priority | created   | reply     | solved    | first_reply                                  |
 * |----|----------|-----------|-----------|-----------|----------------------------------------------|
 * | C1 | Urgent   | Mon 16:30 | Tue 09:20 | Tue 10:00 | 30m Mon + 30m Tue -> due Tue 09:30: achieved |
 * | C2 | 2 - High | Tue 10:00 | Tue 15:00 | Wed 10:00 | due Tue 14:00: breached, 1 h late            |
 * | C3 | Normal   | Wed 08:00 | Wed 15:00 | —         | calendar, due Wed 16:00: achieved            |
 * | C4 | low      | Thu 09:00 | —         | —         | no target                                    |
 * | C5 | Urgent   | Fri 10:30 | —         | —         | due Fri 11:30 < as-of: breached, 0.5 h       |
 * | C6 | High     | Fri 11:00 | —         | —         | due Fri 15:00 > as-of: active                |
 *
 * | id | resolution                               |
 * |----|------------------------------------------|
 * | C1 | due Tue 00:30: breached, 9.5 h late      |
 * | C2 | default 2d, due Thu 10:00: achieved      |
 * | C3 | due Fri 08:00 < as-of: breached, 4 h     |
 * | C4 | due Sat 09:00 > as-of: active            |
 * | C5 | due Fri 18:30: active                    |
 * | C6 | active                                   |
 */
import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { parseDuration } from '../calendar/duration.js';
import { parseConfig } from '../options/schema.js';
import { slaSection } from '../options/sla.js';
import { dueAt, priorityKeys, slaVerdict, SlaVerdict, targetFor, type SlaPolicy } from './sla.js';
import { buildTicketReport } from '../report/build.js';
import type { Report } from '../report/model.js';
import { tableOf, type TicketSpec } from '../../test/helpers/tickets.js';

const at = (s: string) => Date.parse(s);
const HOUR = 3_600_000;
const office = compileSchedule(
  {
    timezone: 'UTC',
    hours: {
      mon: ['09:00-17:00'],
      tue: ['09:00-17:00'],
      wed: ['09:00-17:00'],
      thu: ['09:00-17:00'],
      fri: ['09:00-17:00'],
    },
  },
  'schedules.office',
);
const policy = slaSection(
  {
    first_reply: {
      urgent: '1h',
      high: '4h',
      normal: { target: '8h', clock: 'calendar' },
      clock: 'business',
      schedule: 'office',
    },
    resolution: { urgent: '8h', default: '2d' },
  },
  { office },
) as SlaPolicy;

const TICKETS: (TicketSpec & { priority: string })[] = [
  {
    id: 'C1',
    priority: 'Urgent',
    created: '2025-11-17T16:30:00Z',
    first_reply: '2025-11-18T09:20:00Z',
    solved: '2025-11-18T10:00:00Z',
    team: 'A',
  },
  {
    id: 'C2',
    priority: '2 - High',
    created: '2025-11-18T10:00:00Z',
    first_reply: '2025-11-18T15:00:00Z',
    solved: '2025-11-19T10:00:00Z',
    team: 'A',
  },
  { id: 'C3', priority: 'Normal', created: '2025-11-19T08:00:00Z', first_reply: '2025-11-19T15:00:00Z', team: 'A' },
  { id: 'C4', priority: 'low', created: '2025-11-20T09:00:00Z', team: 'B' },
  { id: 'C5', priority: 'Urgent', created: '2025-11-21T10:30:00Z', team: 'B' },
  { id: 'C6', priority: 'High', created: '2025-11-21T11:00:00Z', team: 'B' },
];

function report(sla: SlaPolicy | undefined, by: string[] = []): Report {
  const table = tableOf(TICKETS);
  const priority = table.dim('priority')!;
  for (const [i, t] of TICKETS.entries()) priority.codes[i] = priority.dictionary.intern(t.priority);
  table.present.add('priority');
  return buildTicketReport(
    table,
    {
      asOf: at('2025-11-21T12:00:00Z'),
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
      ...(sla === undefined ? {} : { sla }),
      since: at('2025-11-17T00:00:00Z'),
      until: at('2025-11-22T00:00:00Z'),
      timezone: 'UTC',
      inputTimezone: 'UTC',
      period: null,
      weekStart: 'monday',
      by: by.map((name) => ({ name, key: name })),
      compare: null,
      version: 'test',
    },
    { files: [], read: TICKETS.length, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
  );
}

describe('durations and priorities', () => {
  it.each([
    ['30m', 1_800_000],
    ['4h', 4 * HOUR],
    ['2d', 48 * HOUR],
    ['1h30m', 1.5 * HOUR],
    ['1.5h', 1.5 * HOUR],
    ['90min', 1.5 * HOUR],
    ['45s', 45_000],
    ['1m30s', 90_000],
    ['2h 0m 30sec', 2 * HOUR + 30_000],
    ['30ms', null],
    ['4', null],
    ['4 hours', null],
    ['h', null],
    ['', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('matches priorities case-insensitively, ServiceNow "3 - Moderate" by its words, else the default', () => {
    expect(priorityKeys('3 - Moderate')).toEqual(['3 - moderate', 'moderate']);
    const resolution = policy.resolution!;
    expect(targetFor(resolution, 'URGENT')?.text).toBe('8h');
    expect(targetFor(resolution, '1 - Urgent')?.text).toBe('8h');
    expect(targetFor(resolution, 'Normal')?.text).toBe('2d');
    expect(targetFor(resolution, null)?.text).toBe('2d');
    expect(targetFor(policy.first_reply!, 'low')).toBeNull();
  });

  it('finds due instants on the calendar and in business hours', () => {
    expect(dueAt(policy.resolution!.byPriority.get('urgent')!, at('2025-11-17T16:30:00Z'))).toBe(
      at('2025-11-18T00:30:00Z'),
    );
    // Friday 16:30 + 1 business hour: 30 min on Friday, 30 min on Monday
    expect(dueAt(policy.first_reply!.byPriority.get('urgent')!, at('2025-11-21T16:30:00Z'))).toBe(
      at('2025-11-24T09:30:00Z'),
    );
  });

  it('judges one ticket: achieved at the due instant, breached after, active before it', () => {
    const oneHour = policy.resolution!.byPriority.get('urgent')!;
    const created = at('2025-11-17T09:00:00Z');
    expect(slaVerdict(oneHour, created, created + 8 * HOUR, Infinity)).toEqual({
      verdict: SlaVerdict.achieved,
      dueMs: created + 8 * HOUR,
      latenessMs: NaN,
    });
    expect(slaVerdict(oneHour, created, created + 9 * HOUR, Infinity)).toEqual({
      verdict: SlaVerdict.breached,
      dueMs: created + 8 * HOUR,
      latenessMs: HOUR,
    });
    expect(slaVerdict(oneHour, created, NaN, created + 8 * HOUR)).toEqual({
      verdict: SlaVerdict.active,
      dueMs: created + 8 * HOUR,
      latenessMs: NaN,
    });
    expect(slaVerdict(oneHour, created, NaN, created + 10 * HOUR).verdict).toBe(SlaVerdict.breached);
    expect(slaVerdict(null, created, NaN, created).verdict).toBe(SlaVerdict.no_target);
  });
});

describe('sla.* metrics in the report', () => {
  it('are absent without sla targets, so reports without sla: are unchanged', () => {
    const r = report(undefined);
    expect(Object.keys(r.rows[0]!.metrics).filter((k) => k.startsWith('sla.'))).toEqual([]);
    expect(r.columns.some((c) => c.metric.startsWith('sla.'))).toBe(false);
  });

  it('count the verdicts worked out by hand', () => {
    const m = report(policy).rows[0]!.metrics;
    expect(m['sla.first_reply.achievement']).toEqual({ kind: 'rate', numerator: 2, denominator: 4, value: 0.5 });
    expect(m['sla.first_reply.breached']).toEqual({ kind: 'count', value: 2 });
    expect(m['sla.first_reply.active']).toEqual({ kind: 'count', value: 1 });
    expect(m['sla.first_reply.no_target']).toEqual({ kind: 'count', value: 1 });
    expect(m['sla.first_reply.lateness']).toMatchObject({
      kind: 'duration',
      unit: 'hours',
      n: 2,
      min: 0.5,
      max: 1,
      median: 0.75,
    });
    expect(m['sla.resolution.achievement']).toEqual({ kind: 'rate', numerator: 1, denominator: 3, value: 1 / 3 });
    expect(m['sla.resolution.breached']).toEqual({ kind: 'count', value: 2 });
    expect(m['sla.resolution.active']).toEqual({ kind: 'count', value: 3 });
    expect(m['sla.resolution.no_target']).toEqual({ kind: 'count', value: 0 });
    expect(m['sla.resolution.lateness']).toMatchObject({ n: 2, min: 4, max: 9.5 });
  });

  it('split by --by like every metric', () => {
    const rows = report(policy, ['team']).rows;
    expect(rows.map((r) => [r.group.team, r.metrics['sla.first_reply.achievement']])).toEqual([
      ['A', { kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 }],
      ['B', { kind: 'rate', numerator: 0, denominator: 1, value: 0 }],
    ]);
  });

  it('use a Zendesk-style first reply duration when there is no timestamp', () => {
    const table = tableOf([
      { created: '2025-11-17T09:00:00Z', first_reply_minutes: 90 },
      { created: '2025-11-17T09:00:00Z', first_reply_minutes: 30 },
    ]);
    const sla = slaSection({ first_reply: { default: '1h' } }, {}) as SlaPolicy;
    const r = buildTicketReport(
      table,
      {
        asOf: at('2025-11-18T00:00:00Z'),
        repeatWindowDays: 7,
        repeatSame: null,
        fcrVariant: 'one_touch_no_reopen',
        resolutionRate: 'cohort',
        recompute: false,
        sla,
        since: null,
        until: null,
        timezone: 'UTC',
        inputTimezone: 'UTC',
        period: null,
        weekStart: 'monday',
        by: [],
        compare: null,
        version: 'test',
      },
      { files: [], read: 2, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
    );
    expect(r.rows[0]!.metrics['sla.first_reply.achievement']).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
  });
});

describe('sla: config validation', () => {
  const config = (sla: string) => () =>
    parseConfig(`schedules:\n  office: { timezone: UTC, hours: { mon: ["09:00-17:00"] } }\nsla:\n${sla}`, 'test.yml');
  it.each([
    [
      '  first_reply: { high: 4 hours }',
      'config sla.first_reply.high: must be a duration with a unit, e.g. 30m, 4h, 2d or 1h30m, found "4 hours"',
    ],
    [
      '  first_reply: { high: 4 }',
      'config sla.first_reply.high: must be a duration with a unit, e.g. 30m, 4h, 2d or 1h30m, found 4',
    ],
    [
      '  first_reply: { high: 4h, clock: business }',
      'config sla.first_reply.schedule: is required with clock: ' +
        'business (the name of a schedule under schedules:), found nothing',
    ],
    [
      '  first_reply: { high: 4h, schedule: night }',
      'config sla.first_reply.schedule: must name a schedule under schedules: (known: office), found "night"',
    ],
    [
      '  first_reply: { high: 4h, clock: wall }',
      'config sla.first_reply.clock: must be one of calendar, business, found "wall"',
    ],
    [
      '  first_reply: { high: { target: 4h, clock: calendar, schedule: office } }',
      'config sla.first_reply.high.schedule: cannot be combined with ' +
        'clock: calendar (a schedule means business hours), found "office"',
    ],
    [
      '  first_reply: { High: 4h, high: 2h }',
      'config sla.first_reply.high: repeats priority "High" (priorities match case-insensitively), found "high"',
    ],
    [
      '  first_reply: { clock: calendar }',
      'config sla.first_reply: needs at least one target, e.g. { high: 4h, default: 8h }, found a mapping',
    ],
    [
      '  next_reply: { high: 1h }',
      'config sla.next_reply: is not supported yet: it needs the reply events ' +
        'of each ticket, which no export profile provides, found a mapping',
    ],
    ['  first_response: { high: 1h }', 'config sla.first_response: unknown SLA metric'],
  ])('%s', (yaml, message) => {
    expect(config(yaml)).toThrow(message);
  });

  it('accepts the documented shape', () => {
    const c = parseConfig(
      'schedules:\n  support: { timezone: UTC, hours: { mon: ' +
        '["09:00-17:00"] } }\nsla:\n  first_reply: { urgent: 1h, high: ' +
        '4h, normal: 8h, low: 24h, clock: business, schedule: support ' +
        '}\n  resolution: { urgent: 8h, high: 24h, default: 72h }\n',
      'x.yml',
    );
    expect(c.sla?.first_reply?.byPriority.get('low')).toMatchObject({
      targetMs: 24 * HOUR,
      clock: { kind: 'business', name: 'support' },
    });
    expect(c.sla?.resolution?.fallback).toMatchObject({ targetMs: 72 * HOUR, clock: { kind: 'calendar' } });
  });
});
