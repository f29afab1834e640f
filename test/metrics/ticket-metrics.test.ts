/**
 * Every ticket metric on small hand-made tables. Expected values are worked out by hand in the comments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../src/engine/context.js';
import { buildTicketReport, type TicketReportOptions } from '../../src/report/build.js';
import type { MetricValue, Report } from '../../src/report/model.js';
import { tableOf, type TicketSpec } from '../helpers/tickets.js';

const at = (s: string) => Date.parse(s);

function report(specs: TicketSpec[], options: Partial<TicketReportOptions> = {}, present?: string[]): Report {
  return buildTicketReport(
    tableOf(specs, present),
    {
      asOf: at('2025-11-24T00:00:00Z'),
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
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

describe('created and window', () => {
  it('counts tickets created in the half-open window only', () => {
    const r = report([
      { created: '2025-11-16T23:59:59Z' }, // before since
      { created: '2025-11-17T00:00:00Z' }, // == since: in
      { created: '2025-11-23T23:59:59Z' }, // in
      { created: '2025-11-24T00:00:00Z' }, // == until: out
    ]);
    expect(metric(r, 'created')).toEqual({ kind: 'count', value: 2 });
    expect(r.input.used).toBe(2);
    expect(r.input.skipped.outside_period).toBe(2);
  });

  it('gives count 0 and null statistics for an empty window', () => {
    const r = report([{ created: '2025-11-01T10:00:00Z', first_reply: '2025-11-01T11:00:00Z' }], {}, [
      'created',
      'first_reply',
      'solved',
    ]);
    expect(metric(r, 'created')).toEqual({ kind: 'count', value: 0 });
    expect(metric(r, 'frt')).toMatchObject({ n: 0, median: null, mean: null });
    expect(metric(r, 'resolution_rate')).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });
});

describe('first reply time', () => {
  it('uses timestamps, skips tickets without a reply', () => {
    const r = report([
      { created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T09:30:00Z' }, // 30 min
      { created: '2025-11-17T10:00:00Z', first_reply: '2025-11-17T11:30:00Z' }, // 90 min
      { created: '2025-11-18T10:00:00Z' }, // no reply
    ]);
    // n 2, mean 60, median 60 (h = 0.5 -> 30 + 0.5*60), min 30, max 90
    expect(metric(r, 'frt')).toMatchObject({ unit: 'minutes', n: 2, mean: 60, median: 60, min: 30, max: 90 });
  });

  it('prefers the export column, and the timestamps with --recompute', () => {
    const specs: TicketSpec[] = [
      { created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T10:00:00Z', first_reply_minutes: 45 },
    ];
    expect(metric(report(specs), 'frt')).toMatchObject({ n: 1, median: 45 });
    expect(metric(report(specs, { recompute: true }), 'frt')).toMatchObject({ n: 1, median: 60 });
  });

  it('is unavailable, not 0, when the export has no reply data', () => {
    const r = report([{ created: '2025-11-17T09:00:00Z', solved: '2025-11-17T10:00:00Z' }]);
    expect(metric(r, 'frt')).toMatchObject({ kind: 'unavailable' });
  });

  it('ignores replies after as-of', () => {
    const r = report([{ created: '2025-11-17T09:00:00Z', first_reply: '2025-11-17T10:00:00Z' }], {
      asOf: at('2025-11-17T09:30:00Z'),
    });
    expect(metric(r, 'frt')).toMatchObject({ n: 0 });
  });
});

describe('resolution time and rate', () => {
  const specs: TicketSpec[] = [
    { created: '2025-11-17T09:00:00Z', solved: '2025-11-17T15:00:00Z', reopens: 0 }, // 6 h
    { created: '2025-11-17T09:00:00Z', closed: '2025-11-18T09:00:00Z', reopens: 0 }, // closed without solve: 24 h
    // full 48 h; first unknown (reopened)
    { created: '2025-11-18T09:00:00Z', solved: '2025-11-20T09:00:00Z', reopens: 1 },
    { created: '2025-11-19T09:00:00Z', reopens: 0 }, // open
    // earlier cohort, resolved in window
    { created: '2025-11-10T09:00:00Z', solved: '2025-11-18T09:00:00Z', reopens: 0 },
  ];

  it('computes first and full resolution per ticket', () => {
    const r = report(specs);
    // full: [6, 24, 48] h -> median 24, mean 26
    expect(metric(r, 'resolution_full')).toMatchObject({ unit: 'hours', n: 3, median: 24, mean: 26, min: 6, max: 48 });
    // first: reopened ticket without first_solved is unknown -> [6, 24] -> median 15
    expect(metric(r, 'resolution_first')).toMatchObject({ n: 2, median: 15 });
  });

  it('cohort rate: created in window and resolved by as-of / created', () => {
    // 4 created in window, 3 resolved -> 75%
    expect(metric(report(specs), 'resolution_rate')).toEqual({
      kind: 'rate',
      numerator: 3,
      denominator: 4,
      value: 0.75,
    });
  });

  it('throughput rate counts resolutions in the window whatever the creation date', () => {
    // resolved in window: Nov 17, Nov 18 (closed), Nov 20, Nov 18 (earlier cohort) = 4 / created 4 -> 100%
    expect(metric(report(specs, { resolutionRate: 'throughput' }), 'resolution_rate')).toEqual({
      kind: 'rate',
      numerator: 4,
      denominator: 4,
      value: 1,
    });
  });

  it('an earlier as-of leaves later resolutions open', () => {
    // as-of Nov 18 12:00: resolved before it: ticket 1 (Nov 17 15:00), ticket 2 (Nov 18 09:00) -> 2/4
    const r = report(specs, { asOf: at('2025-11-18T12:00:00Z') });
    expect(metric(r, 'resolution_rate')).toMatchObject({ numerator: 2, denominator: 4 });
  });

  it('all unresolved gives rate 0 with its parts and no durations', () => {
    const r = report(
      [
        { created: '2025-11-17T09:00:00Z', reopens: 0 },
        { created: '2025-11-18T09:00:00Z', reopens: 0 },
      ],
      {},
      ['created', 'solved', 'reopens'],
    );
    expect(metric(r, 'resolution_rate')).toEqual({ kind: 'rate', numerator: 0, denominator: 2, value: 0 });
    expect(metric(r, 'resolution_full')).toMatchObject({ n: 0, median: null });
  });
});

describe('backlog', () => {
  it('counts tickets open at the window end, any creation date, with their age', () => {
    const r = report(
      [
        { created: '2025-11-10T00:00:00Z' }, // open since before the window: age 14 d = 336 h
        { created: '2025-11-20T00:00:00Z' }, // open: age 4 d = 96 h
        { created: '2025-11-18T00:00:00Z', solved: '2025-11-19T00:00:00Z' }, // resolved
        // resolved exactly at the end: still open at it
        { created: '2025-11-18T00:00:00Z', solved: '2025-11-24T00:00:00Z' },
      ],
      {},
      ['created', 'solved'],
    );
    expect(metric(r, 'backlog')).toEqual({ kind: 'count', value: 3 });
    // ages 336, 96, 144 h -> sorted [96, 144, 336], median 144
    expect(metric(r, 'backlog_age')).toMatchObject({ n: 3, median: 144, min: 96, max: 336 });
  });
});

describe('backlog over many periods', () => {
  // Each period's backlog goes on from the group's earlier scan (backlog.ts): the figures must be
  // those of the definition, computed here ticket by ticket for every period end, whatever the
  // order in which the report asks (with --compare previous, each row also asks one period back).
  const day = 86_400_000;
  const start = at('2025-11-03T00:00:00Z');
  const ticket = fc.record({
    createdDay: fc.integer({ min: 0, max: 20 }),
    createdMinute: fc.integer({ min: 0, max: 1439 }),
    resolvedAfterMinutes: fc.option(fc.integer({ min: 0, max: 12 * 1440 }), { nil: undefined }),
    team: fc.constantFrom('A', 'B'),
  });
  it('equal open tickets counted at each period end, for daily and weekly periods, with and without --compare', () => {
    fc.assert(
      fc.property(
        fc.array(ticket, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('day', 'week'),
        fc.boolean(),
        (tickets, period, compare) => {
          const specs: TicketSpec[] = tickets.map((t) => {
            const created = start + t.createdDay * day + t.createdMinute * 60_000;
            return {
              created: new Date(created).toISOString(),
              team: t.team,
              ...(t.resolvedAfterMinutes === undefined
                ? {}
                : { solved: new Date(created + t.resolvedAfterMinutes * 60_000).toISOString() }),
            };
          });
          const asOf = start + 22 * day;
          const r = report(
            specs,
            {
              asOf,
              since: start,
              until: asOf,
              period: period as 'day' | 'week',
              compare: compare ? 'previous' : null,
              by: [{ name: 'team', key: 'team' }],
            },
            ['created', 'solved', 'team'],
          );
          // Open at `end`: created before it, not resolved before it (resolved at or after as-of counts as open).
          const openAt = (team: string, end: number) =>
            tickets
              .map((t) => ({
                team: t.team,
                created: start + t.createdDay * day + t.createdMinute * 60_000,
                after: t.resolvedAfterMinutes,
              }))
              .filter(
                (t) =>
                  t.team === team &&
                  t.created < end &&
                  !(t.after !== undefined && t.created + t.after * 60_000 < Math.min(end, asOf)),
              )
              .map((t) => (end - t.created) / 3_600_000);
          for (const row of r.rows) {
            const periodStart = Date.parse(row.period.start);
            const periodEnd = Math.min(Date.parse(row.period.end), asOf);
            const team = row.group.team as string;
            const check = (metrics: Record<string, MetricValue>, end: number) => {
              const ages = openAt(team, end);
              expect(metrics.backlog).toEqual({ kind: 'count', value: ages.length });
              expect(metrics.backlog_age).toMatchObject({
                n: ages.length,
                min: ages.length ? Math.min(...ages) : null,
                max: ages.length ? Math.max(...ages) : null,
              });
            };
            check(row.metrics, periodEnd);
            if (row.previous) check(row.previous.metrics, Math.min(periodStart, asOf));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('reopens, touches and FCR', () => {
  const specs: TicketSpec[] = [
    {
      created: '2025-11-17T09:00:00Z',
      solved: '2025-11-17T10:00:00Z',
      agent_replies: 1,
      reopens: 0,
      customer_messages: 1,
    }, // fcr
    {
      created: '2025-11-17T09:00:00Z',
      solved: '2025-11-17T10:00:00Z',
      agent_replies: 0,
      reopens: 0,
      customer_messages: 1,
    }, // fcr (0 replies)
    {
      created: '2025-11-17T09:00:00Z',
      solved: '2025-11-17T10:00:00Z',
      agent_replies: 1,
      reopens: 1,
      customer_messages: 2,
    }, // reopened
    {
      created: '2025-11-17T09:00:00Z',
      solved: '2025-11-17T10:00:00Z',
      agent_replies: 2,
      reopens: 0,
      customer_messages: 3,
    }, // two-touch
    {
      created: '2025-11-17T09:00:00Z',
      solved: '2025-11-17T10:00:00Z',
      agent_replies: 5,
      reopens: 2,
      customer_messages: 4,
    }, // multi
    // unresolved: excluded everywhere
    { created: '2025-11-17T09:00:00Z', agent_replies: 1, reopens: 0, customer_messages: 1 },
  ];
  const r = report(specs);

  it('reopened = resolved with reopens > 0 / resolved', () => {
    expect(metric(r, 'reopened')).toEqual({ kind: 'rate', numerator: 2, denominator: 5, value: 0.4 });
  });

  it('touch buckets share the resolved denominator', () => {
    // replies of resolved: [1, 0, 1, 2, 5] -> one 3, two 1, multi 1
    expect(metric(r, 'touch_one')).toMatchObject({ numerator: 3, denominator: 5 });
    expect(metric(r, 'touch_two')).toMatchObject({ numerator: 1, denominator: 5 });
    expect(metric(r, 'touch_multi')).toMatchObject({ numerator: 1, denominator: 5 });
  });

  it('fcr.one_touch_no_reopen', () => {
    // (1,0) yes, (0,0) yes, (1,1) no, (2,0) no, (5,2) no -> 2/5
    expect(metric(r, 'fcr')).toEqual({ kind: 'rate', numerator: 2, denominator: 5, value: 0.4 });
  });

  it('fcr.no_customer_followup', () => {
    // customer messages of resolved: [1, 1, 2, 3, 4] -> 2/5
    expect(metric(report(specs, { fcrVariant: 'no_customer_followup' }), 'fcr')).toMatchObject({
      numerator: 2,
      denominator: 5,
    });
  });

  it('fcr.no_repeat removes tickets followed by a new ticket of the customer within the window', () => {
    const withCustomers: TicketSpec[] = [
      { created: '2025-11-17T09:00:00Z', solved: '2025-11-17T10:00:00Z', agent_replies: 1, reopens: 0, customer: 'a' },
      // 3 days after a's first resolution
      { created: '2025-11-20T09:00:00Z', solved: '2025-11-20T10:00:00Z', agent_replies: 1, reopens: 0, customer: 'a' },
      { created: '2025-11-17T09:00:00Z', solved: '2025-11-17T10:00:00Z', agent_replies: 1, reopens: 0, customer: 'b' },
      // no customer: not repeated
      { created: '2025-11-17T09:00:00Z', solved: '2025-11-17T10:00:00Z', agent_replies: 1, reopens: 0 },
    ];
    // first ticket of a is followed within 7 days -> not FCR; the rest are -> 3/4
    expect(metric(report(withCustomers, { fcrVariant: 'no_repeat' }), 'fcr')).toMatchObject({
      numerator: 3,
      denominator: 4,
    });
  });

  it('is unavailable without reply counts', () => {
    expect(metric(report([{ created: '2025-11-17T09:00:00Z', solved: '2025-11-17T10:00:00Z' }]), 'fcr')).toMatchObject({
      kind: 'unavailable',
    });
  });
});

describe('repeat contacts', () => {
  const specs: TicketSpec[] = [
    { created: '2025-11-12T09:00:00Z', customer: 'a', category: 'billing' }, // before the window
    { created: '2025-11-18T09:00:00Z', customer: 'a', category: 'shipping' }, // 6 days after a's earlier ticket: repeat
    { created: '2025-11-10T09:00:00Z', customer: 'b', category: 'billing' }, // before
    { created: '2025-11-18T10:00:00Z', customer: 'b', category: 'billing' }, // 8 days: not a repeat
    { created: '2025-11-19T09:00:00Z', customer: 'c', category: 'billing' },
    // simultaneous: the later row is the repeat
    { created: '2025-11-19T09:00:00Z', customer: 'c', category: 'billing' },
    { created: '2025-11-20T09:00:00Z', followUp: true }, // follow-up without a customer: repeat
    { created: '2025-11-21T09:00:00Z' }, // no customer: never a repeat
  ];

  it('counts repeats within the window days before, across the period start', () => {
    // in window: a(repeat), b(no), c(no), c(repeat), follow-up(repeat), none(no) -> 3/6
    expect(metric(report(specs), 'repeat_contact_rate')).toEqual({
      kind: 'rate',
      numerator: 3,
      denominator: 6,
      value: 0.5,
    });
    // customers in window: a (repeat), b, c (repeat) -> 2/3
    expect(metric(report(specs), 'repeat_customer_rate')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('honours --repeat-window and --repeat-same category', () => {
    // window 10 days: b's 8-day gap becomes a repeat -> 4/6
    expect(metric(report(specs, { repeatWindowDays: 10 }), 'repeat_contact_rate')).toMatchObject({ numerator: 4 });
    // same category: a's tickets differ in category -> a no longer a repeat -> 2/6
    expect(metric(report(specs, { repeatSame: 'category' }), 'repeat_contact_rate')).toMatchObject({ numerator: 2 });
  });
});

describe('handoffs and CSAT', () => {
  const specs: TicketSpec[] = [
    { created: '2025-11-17T09:00:00Z', assignee_stations: 1, group_stations: 1, satisfaction: 'good' },
    { created: '2025-11-17T09:00:00Z', assignee_stations: 2, group_stations: 2, satisfaction: 'good' },
    { created: '2025-11-17T09:00:00Z', assignee_stations: 3, group_stations: 4, satisfaction: 'bad' },
    { created: '2025-11-17T09:00:00Z', assignee_stations: 0, group_stations: 0, satisfaction: 'offered' },
  ];
  const r = report(specs);
  it('reassigned = assignee stations > 1 / known', () => {
    expect(metric(r, 'reassigned')).toMatchObject({ numerator: 2, denominator: 4 });
  });
  it('group transfers = sum of max(0, stations - 1)', () => {
    // 0 + 1 + 3 + 0 = 4 over 4 tickets
    expect(metric(r, 'group_transfers')).toMatchObject({ kind: 'total', n: 4, sum: 4, mean: 1 });
    // Transfers 0, 0, 1, 3: the order statistics (type 7) and the tickets with each number of transfers.
    expect((metric(r, 'group_transfers') as { p90: number }).p90).toBeCloseTo(1 + 0.7 * 2, 12);
    expect(metric(r, 'group_transfers')).toMatchObject({
      median: 0.5,
      min: 0,
      max: 3,
      distribution: { '0': 2, '1': 1, '3': 1 },
    });
  });
  it('csat = good / (good + bad)', () => {
    expect(metric(r, 'csat')).toMatchObject({ numerator: 2, denominator: 3 });
  });
});

describe('grouping and periods', () => {
  const specs: TicketSpec[] = [
    { created: '2025-11-17T09:00:00Z', team: 'Billing' },
    { created: '2025-11-18T09:00:00Z', team: 'Shipping' },
    { created: '2025-11-19T09:00:00Z', team: 'Billing' },
    { created: '2025-11-20T09:00:00Z' },
  ];

  it('makes one row per group, the missing value last', () => {
    const r = report(specs, { by: [{ name: 'team', key: 'team' }] });
    expect(r.rows.map((row) => [row.group.team, (row.metrics.created as { value: number }).value])).toEqual([
      ['Billing', 2],
      ['Shipping', 1],
      [null, 1],
    ]);
  });

  it('makes one row per day, empty days included', () => {
    const r = report(specs, { period: 'day' });
    expect(r.rows.map((row) => [row.period.label, (row.metrics.created as { value: number }).value])).toEqual([
      ['2025-11-17', 1],
      ['2025-11-18', 1],
      ['2025-11-19', 1],
      ['2025-11-20', 1],
      ['2025-11-21', 0],
      ['2025-11-22', 0],
      ['2025-11-23', 0],
    ]);
  });

  it('compares with the previous period', () => {
    const r = report([...specs, { created: '2025-11-12T09:00:00Z' }], { compare: 'previous' });
    expect(r.rows[0]!.previous!.metrics.created).toEqual({ kind: 'count', value: 1 });
    expect(r.rows[0]!.previous!.period.start).toBe('2025-11-10T00:00:00+00:00');
  });

  it('does not depend on row order', () => {
    const a = report(specs, { by: [{ name: 'team', key: 'team' }] });
    const b = report([...specs].reverse(), { by: [{ name: 'team', key: 'team' }] });
    expect(b.rows).toEqual(a.rows);
  });

  it("gives check's partial reports (one context for every grouping, some metrics) the full report's figures", () => {
    const rich: TicketSpec[] = [
      ...specs,
      {
        created: '2025-11-18T10:00:00Z',
        team: 'Shipping',
        first_reply: '2025-11-18T11:30:00Z',
        solved: '2025-11-19T10:00:00Z',
        customer: 'a',
      },
      { created: '2025-11-21T10:00:00Z', team: 'Shipping', first_reply: '2025-11-21T10:20:00Z', customer: 'a' },
    ];
    const table = tableOf(rich);
    const base = {
      asOf: at('2025-11-24T00:00:00Z'),
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen' as const,
      resolutionRate: 'cohort' as const,
      recompute: false,
      since: at('2025-11-17T00:00:00Z'),
      until: at('2025-11-24T00:00:00Z'),
      timezone: 'UTC',
      inputTimezone: 'UTC',
      period: 'day' as const,
      weekStart: 'monday' as const,
      compare: null,
      version: 'test',
    };
    const ingest = {
      files: [],
      read: rich.length,
      rejected: 0,
      nulled: 0,
      skipped: { duplicate: 0, blank: 0 },
      issues: [],
    };
    const only = new Set(['created', 'frt', 'repeat_contact_rate']);
    const context = createTicketContext(table, { ...base, by: [] });
    for (const by of [[], [{ name: 'team', key: 'team' }]]) {
      const full = buildTicketReport(table, { ...base, by }, ingest);
      const partial = buildTicketReport(table, { ...base, by }, ingest, { context, only });
      expect(partial.rows.map((row) => row.group)).toEqual(full.rows.map((row) => row.group));
      partial.rows.forEach((row, k) => {
        expect(Object.keys(row.metrics).sort()).toEqual([...only].sort());
        for (const id of only) expect(row.metrics[id]).toEqual(full.rows[k]!.metrics[id]);
      });
      expect(partial.input).toEqual(full.input);
    }
  });
});
