/** The event fold and the event-only metrics on small hand-made logs; expected values worked out in comments. */
import { describe, expect, it } from 'vitest';
import { EventFolder } from '../../src/ingest/events.js';
import { compileVocabulary } from '../../src/ingest/events-vocabulary.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { eventsGeneric } from '../../src/ingest/profiles/events-generic.js';
import { TicketTable } from '../../src/model/ticket.js';
import { buildTicketReport } from '../../src/report/build.js';
import type { MetricValue } from '../../src/report/model.js';

const header = ['case', 'timestamp', 'activity', 'status', 'resource', 'team', 'role', 'public'];

function fold(rows: string[][], vocabulary: Record<string, string[]> = {}) {
  const table = new TicketTable(4);
  const issues: RowIssue[] = [];
  const folder = new EventFolder(table, { vocabulary: compileVocabulary(vocabulary) });
  const reader = folder.file(header, { file: 'log.csv', profile: eventsGeneric, map: {}, inputTimezone: 'UTC', nullTokens: [''], onIssue: (i) => issues.push(i) });
  rows.forEach((row, k) => reader.read(row, k + 2));
  const accounting = folder.finish();
  return { table, issues, accounting };
}

function metrics(table: TicketTable, asOf: string): Record<string, MetricValue> {
  const report = buildTicketReport(table, {
    asOf: Date.parse(asOf), repeatWindowDays: 7, repeatSame: null, fcrVariant: 'one_touch_no_reopen', resolutionRate: 'cohort', recompute: false,
    since: null, until: null, timezone: 'UTC', inputTimezone: 'UTC', period: null, weekStart: 'monday', by: [], compare: null, version: 'test',
  }, { files: [], read: 0, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] });
  return report.rows[0]!.metrics;
}

const ev = (id: string, hhmm: string, activity: string, status = '', agent = '', team = '', role = '', pub = '') =>
  [id, `2025-03-03T${hhmm}:00Z`, activity, status, agent, team, role, pub];

describe('EventFolder', () => {
  it('folds a reopened case: first/last resolution, reopens, replies, open at the end', () => {
    const { table, accounting } = fold([
      ev('A', '09:00', 'created', 'new'),
      ev('A', '10:00', 'agent reply', 'solved', 'ann', '', 'agent', 'true'),
      ev('A', '11:00', 'customer message', 'open', '', '', 'customer', 'true'),
    ]);
    expect(accounting).toEqual({ events: 3, cases: 1, folded: 2, rejected: 0 });
    expect(table.instants.first_reply[0]).toBe(Date.parse('2025-03-03T10:00:00Z'));
    expect(table.instants.first_solved[0]).toBe(Date.parse('2025-03-03T10:00:00Z'));
    // reopened and never solved again: the case is open
    expect(table.instants.solved[0]).toBeNaN();
    expect(table.counts.reopens[0]).toBe(1);
    expect(table.counts.agent_replies[0]).toBe(1);
    expect(table.counts.customer_messages[0]).toBe(1);
  });

  it('keeps ties in file order and rejects decreasing timestamps within a file', () => {
    const { table, issues } = fold([
      ev('A', '09:00', 'customer message', '', '', '', 'customer'),
      ev('A', '09:00', 'agent reply', '', 'ann', '', 'agent'),
      ev('A', '08:00', 'agent reply', '', 'ann', '', 'agent'),
    ]);
    expect(issues.map((i) => [i.code, i.line, i.action])).toEqual([['event_out_of_order', 4, 'rejected']]);
    expect(table.events!.nextReplyMs.values).toEqual(Float64Array.of(0));
  });

  it('takes config vocabulary over the defaults', () => {
    const { table } = fold([ev('A', '09:00', 'created', 'new'), ev('A', '10:00', 'x', 'Awaiting info'), ev('A', '12:00', 'x', 'done')], { waiting: ['Awaiting info'] });
    const m = metrics(table, '2025-03-03T13:00:00Z');
    // new 09-10 = 1 h, pending (Awaiting info) 10-12 = 2 h, then solved ("done" is a default resolved text)
    expect(m.agent_wait).toMatchObject({ n: 1, median: 2 });
    expect(m.requester_wait).toMatchObject({ n: 1, median: 1 });
  });
});

describe('event metrics', () => {
  const log = [
    ev('A', '09:00', 'created', 'new', '', 'Support'),
    ev('A', '09:00', 'customer message', '', '', 'Support', 'customer'),
    ev('A', '09:20', 'customer message', '', '', 'Support', 'customer'),
    ev('A', '10:00', 'agent reply', 'pending', 'ann', 'Billing', 'agent', 'true'),
    ev('A', '11:00', 'note', '', 'bob', 'Support', 'agent', 'false'),
    ev('A', '12:00', 'customer message', 'open', '', '', 'customer'),
    ev('A', '13:00', 'agent reply', 'solved', 'ann', 'Billing', 'agent', 'true'),
    ev('B', '09:00', 'created', 'new', 'carl', 'Tech'),
  ];
  const m = metrics(fold(log).table, '2025-03-03T15:00:00Z');

  it('next_reply_time: every customer message to the next public agent reply', () => {
    // A: 09:00->10:00 60, 09:20->10:00 40, 12:00->13:00 60 (the 11:00 note does not answer)
    expect(m.next_reply_time).toMatchObject({ n: 3, min: 40, max: 60, median: 60 });
  });
  it('requester_wait, agent_wait and time_in_status_* by status group, open stays up to as-of', () => {
    // A: new 09-10 (1 h), pending 10-12 (2 h), open 12-13 (1 h), solved 13-15 (2 h, to as-of); B: new 09-15 (6 h)
    expect(m.requester_wait).toMatchObject({ n: 2, min: 2, max: 6 });
    expect(m.agent_wait).toMatchObject({ n: 2, min: 0, max: 2 });
    expect(m.time_in_status_pending).toMatchObject({ n: 1, median: 2 });
    expect(m.time_in_status_solved).toMatchObject({ n: 1, median: 2 });
    expect(m.time_in_status_new).toMatchObject({ n: 2, min: 1, max: 6 });
  });
  it('handoffs, teams_per_case and ping_pong', () => {
    // A teams: Support, Billing, Support, Billing -> 3 handoffs, 2 teams, ping-pong; B: Tech -> 0, 1, none
    expect(m.handoffs).toEqual({ kind: 'total', n: 2, sum: 3, mean: 1.5 });
    expect(m.teams_per_case).toEqual({ kind: 'total', n: 2, sum: 3, mean: 1.5 });
    expect(m.ping_pong).toEqual({ kind: 'rate', numerator: 1, denominator: 2, value: 0.5 });
  });
  it('feeds the ticket metrics: frt, reopened, group_transfers', () => {
    expect(m.frt).toMatchObject({ n: 1, median: 60 });
    expect(m.group_transfers).toMatchObject({ n: 2, sum: 3 });
  });
});
