/** The event fold and the event-only metrics on small hand-made logs; expected values worked out in comments. */
import { describe, expect, it } from 'vitest';
import { EventFolder } from '../../src/ingest/events/folder.js';
import { compileVocabulary } from '../../src/ingest/events-vocabulary.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { eventsGeneric } from '../../src/ingest/profiles/events/generic.js';
import { TicketTable } from '../../src/engine/ticket-table.js';
import { buildTicketReport } from '../../src/report/build.js';
import type { MetricValue } from '../../src/report/model.js';

const header = ['case', 'timestamp', 'activity', 'status', 'resource', 'team', 'role', 'public'];

function fold(rows: string[][], vocabulary: Record<string, string[]> = {}) {
  const table = new TicketTable(4);
  const issues: RowIssue[] = [];
  const folder = new EventFolder(table, { vocabulary: compileVocabulary(vocabulary) });
  const reader = folder.file(header, {
    file: 'log.csv',
    profile: eventsGeneric,
    map: {},
    inputTimezone: 'UTC',
    nullTokens: [''],
    onIssue: (i) => issues.push(i),
  });
  for (const [k, row] of rows.entries()) reader.read(row, k + 2);
  const accounting = folder.finish();
  return { table, issues, accounting };
}

function metrics(table: TicketTable, asOf: string): Record<string, MetricValue> {
  const report = buildTicketReport(
    table,
    {
      asOf: Date.parse(asOf),
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
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
    { files: [], read: 0, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
  );
  return report.rows[0]!.metrics;
}

const ev = (id: string, hhmm: string, activity: string, status = '', agent = '', team = '', role = '', pub = '') => [
  id,
  `2025-03-03T${hhmm}:00Z`,
  activity,
  status,
  agent,
  team,
  role,
  pub,
];

describe('EventFolder', () => {
  it('folds a reopened case: first/last resolution, reopens, replies, open at the end', () => {
    const { table, accounting } = fold([
      ev('A', '09:00', 'created', 'new'),
      ev('A', '10:00', 'agent reply', 'solved', 'ann', '', 'agent', 'true'),
      ev('A', '11:00', 'customer message', 'open', '', '', 'customer', 'true'),
    ]);
    expect(accounting).toEqual({ events: 3, cases: 1, folded: 2, rejected: 0, nulled: 0 });
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
    const { table } = fold(
      [ev('A', '09:00', 'created', 'new'), ev('A', '10:00', 'x', 'Awaiting info'), ev('A', '12:00', 'x', 'done')],
      { waiting: ['Awaiting info'] },
    );
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

describe('EventFolder streaming vs buffered', () => {
  /** Deterministic PRNG (mulberry32) so a failure reproduces. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /**
   * 50k events over 5k cases, interleaved in time like a real export: `created` anywhere in a case
   * (first, later, tied with earlier rows, twice, never), so rows before creation are rejected and
   * held ties are replayed; some rows go back in time (out of order); statuses, teams, agents, notes.
   */
  function generate(): string[][] {
    const rnd = random(20250303);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const base = Date.parse('2025-03-01T00:00:00Z');
    const rows: { at: number; order: number; cells: string[] }[] = [];
    let order = 0;
    for (let c = 0; c < 5_000; c++) {
      const id = `K${c}`;
      let at = base + Math.floor(rnd() * 20_000) * 60_000;
      const createdAt = rnd() < 0.7 ? 0 : rnd() < 0.5 ? 1 + Math.floor(rnd() * 4) : -1;
      for (let k = 0; k < 10; k++) {
        at += rnd() < 0.25 ? 0 : Math.floor(rnd() * 240) * 60_000;
        const activity =
          k === createdAt || (k > 0 && rnd() < 0.01)
            ? 'created'
            : pick(['customer message', 'agent reply', 'note', 'assigned', 'escalated', 'x', 'message']);
        const role =
          activity === 'customer message'
            ? 'customer'
            : activity === 'message'
              ? pick(['customer', 'agent', ''])
              : pick(['agent', '', 'customer']);
        let stamp = at;
        // About 1% of the rows go back in time: rejected as out of order within the file.
        if (k > 0 && rnd() < 0.01) stamp = at - 60_000 * (1 + Math.floor(rnd() * 30));
        const cells = [
          id,
          new Date(stamp).toISOString(),
          activity,
          pick(['', '', 'new', 'open', 'pending', 'solved', 'closed', 'on hold', 'Triage X']),
          pick(['', 'ann', 'bob', 'cy']),
          pick(['', 'A', 'B', 'C']),
          role,
          pick(['true', 'false', '']),
        ];
        rows.push({ at, order: order++, cells });
      }
    }
    rows.sort((a, b) => a.at - b.at || a.order - b.order);
    return rows.map((r) => r.cells);
  }

  function foldWith(rows: string[][], mode: 'stream' | 'buffer') {
    const table = new TicketTable(1024);
    const issues: RowIssue[] = [];
    const folder = new EventFolder(table, { vocabulary: compileVocabulary({}), mode });
    const reader = folder.file(header, {
      file: 'big.csv',
      profile: eventsGeneric,
      map: {},
      inputTimezone: 'UTC',
      nullTokens: [''],
      onIssue: (i) => issues.push(i),
    });
    for (const [k, row] of rows.entries()) reader.read(row, k + 2);
    const accounting = folder.finish();
    return { table, issues, accounting, stats: folder.stats };
  }

  /**
   * Everything a report reads from the fold, with path nodes replaced by their steps (node numbers depend on fold
   * order).
   */
  function snapshot(table: TicketTable) {
    const { variants, ...data } = table.events!;
    return {
      data,
      paths: Array.from(variants.node, (node) => variants.sequence(node).map(variants.text).join(' > ')),
      instants: table.instants,
      counts: table.counts,
      codes: ['status', 'agent', 'team'].map((d) => table.dim(d)!.codes.slice(0, table.length)),
      present: [...table.present].sort(),
    };
  }

  it('folds a large single-file log as it streams, with the same result as the buffered merge', () => {
    const rows = generate();
    expect(rows).toHaveLength(50_000);
    const streamed = foldWith(rows, 'stream');
    const buffered = foldWith(rows, 'buffer');
    expect(streamed.stats).toMatchObject({ path: 'stream', buffered: 0 });
    expect(streamed.stats.streamed).toBe(
      50_000 - streamed.issues.filter((i) => i.code === 'event_out_of_order').length,
    );
    expect(buffered.stats).toMatchObject({ path: 'buffer', streamed: 0 });
    expect(buffered.stats.buffered).toBe(streamed.stats.streamed);

    // The generator hits every branch: rows before creation, out-of-order rows, 5k cases.
    const codes = (issues: RowIssue[]) => issues.map((i) => `${i.code}:${i.line}`);
    expect(streamed.accounting.cases).toBe(5_000);
    expect(streamed.issues.some((i) => i.code === 'event_before_creation')).toBe(true);
    expect(streamed.issues.some((i) => i.code === 'event_out_of_order')).toBe(true);
    expect(streamed.accounting).toEqual(buffered.accounting);
    expect(codes(streamed.issues)).toEqual(codes(buffered.issues));
    expect(snapshot(streamed.table)).toEqual(snapshot(buffered.table));
    const asOf = '2025-03-20T00:00:00Z';
    expect(metrics(streamed.table, asOf)).toEqual(metrics(buffered.table, asOf));
  });
});
