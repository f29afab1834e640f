/**
 * Several event files merged by time as they stream (src/ingest/events/merge.ts): the fold must be the
 * one of the single file the parts came from (its rows in time order, ties in file order), the same as
 * the in-memory merge, whichever file is read ahead; and a file read ahead waits, so the merge holds a
 * bounded number of events whatever the log's size. Expected values: the single file's fold, built
 * from the parts by a plain stable sort here.
 */
import { describe, expect, it } from 'vitest';
import { EventFolder } from '../../src/ingest/events/folder.js';
import { compileVocabulary } from '../../src/ingest/events-vocabulary.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { eventsGeneric } from '../../src/ingest/profiles/events/generic.js';
import { TicketTable } from '../../src/engine/ticket-table.js';
import { buildTicketReport } from '../../src/report/build.js';

const header = ['case', 'timestamp', 'activity', 'status', 'resource', 'team', 'role', 'public'];

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

interface Row {
  at: number;
  cells: string[];
}

/**
 * A log of `cases` cases in time order across cases, split into `parts` files as a helpdesk exports
 * them (messages in the first, status changes and the rest dealt out to the others): a quarter of
 * the steps take no time, so events tie within a case and across files; `created` comes first, later
 * (rows before it are rejected) or never.
 */
function generate(cases: number, parts: number, seed: number): Row[][] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const base = Date.parse('2025-03-01T00:00:00Z');
  const all: (Row & { order: number; part: number })[] = [];
  let order = 0;
  for (let c = 0; c < cases; c++) {
    let at = base + Math.floor(rnd() * 3000) * 60_000;
    const createdAt = rnd() < 0.8 ? 0 : rnd() < 0.5 ? 1 + Math.floor(rnd() * 3) : -1;
    for (let k = 0; k < 8; k++) {
      at += rnd() < 0.25 ? 0 : Math.floor(rnd() * 120) * 60_000;
      const activity =
        k === createdAt ? 'created' : pick(['customer message', 'agent reply', 'note', 'assigned', 'x', 'message']);
      const message = activity.includes('message') || activity.includes('reply');
      const part = message ? 0 : 1 + Math.floor(rnd() * (parts - 1));
      const cells = [
        `K${c}`,
        new Date(at).toISOString(),
        activity,
        pick(['', '', 'new', 'open', 'pending', 'solved', 'closed', 'on hold']),
        pick(['', 'ann', 'bob', 'cy']),
        pick(['', 'A', 'B', 'C']),
        activity === 'customer message' ? 'customer' : pick(['agent', '', 'customer']),
        pick(['true', 'false', '']),
      ];
      all.push({ at, cells, order: order++, part });
    }
  }
  all.sort((a, b) => a.at - b.at || a.order - b.order);
  return Array.from({ length: parts }, (_, p) => all.filter((r) => r.part === p));
}

/** The single file the parts came from: every row by time, ties in file order, then line order. */
function single(parts: Row[][]): Row[] {
  return parts
    .flatMap((rows, p) => rows.map((row, k) => ({ row, p, k })))
    .sort((a, b) => a.row.at - b.row.at || a.p - b.p || a.k - b.k)
    .map(({ row }) => row);
}

const fileOptions = (file: string, issues: RowIssue[]) => ({
  file,
  profile: eventsGeneric,
  map: {},
  inputTimezone: 'UTC',
  nullTokens: [''],
  onIssue: (i: RowIssue) => issues.push(i),
});

/** Folds one file as it streams. */
function foldSingle(rows: Row[]) {
  const table = new TicketTable(1024);
  const issues: RowIssue[] = [];
  const folder = new EventFolder(table, { vocabulary: compileVocabulary({}), mode: 'stream' });
  const { read } = folder.file(header, fileOptions('all.csv', issues));
  for (const [k, row] of rows.entries()) read(row.cells, k + 2);
  return { table, issues, accounting: folder.finish(), stats: folder.stats };
}

/**
 * Folds the parts merged (`merge` as they stream, `buffer` in memory), read side by side: each
 * reader takes `batch(f)` rows at a time and then asks the folder whether to wait, as the CSV readers
 * do between batches; `order` says which reader goes next when several may.
 */
async function foldParts(
  parts: Row[][],
  mode: 'merge' | 'buffer',
  options: {
    batch: (f: number) => number;
    order: (ready: number[]) => number;
    hold?: number;
    /** Whether file f says its rows to come after its first batch (as the fast reader does), and the room asked. */
    reserve?: (cases: number) => void;
  },
) {
  const table = new TicketTable(1024);
  const issues: RowIssue[] = [];
  const folder = new EventFolder(table, {
    vocabulary: compileVocabulary({}),
    mode,
    ...(options.hold === undefined ? {} : { mergeHold: options.hold }),
  });
  const readers = parts.map((_, f) => folder.file(header, fileOptions(`part${f + 1}.csv`, issues)));
  const next = parts.map(() => 0);
  const waiting: (Promise<void> | undefined)[] = parts.map(() => undefined);
  for (;;) {
    const ready = parts.map((_, f) => f).filter((f) => next[f]! <= parts[f]!.length && waiting[f] === undefined);
    if (ready.length === 0) {
      const pending = waiting.filter((w) => w !== undefined);
      if (pending.length === 0) break;
      // Every unfinished reader waits: a deadlock unless one of them is woken up.
      await Promise.race(pending);
      continue;
    }
    const f = options.order(ready);
    const rows = parts[f]!;
    const reader = readers[f]!;
    const end = Math.min(rows.length, next[f]! + options.batch(f));
    for (let k = next[f]!; k < end; k++) reader.read(rows[k]!.cells, k + 2);
    if (options.reserve !== undefined && next[f] === 0) {
      folder.expectFileRows(reader.reader, rows.length - end, options.reserve);
    }
    if (end === rows.length) {
      folder.fileDone(reader.reader);
      next[f] = rows.length + 1;
    } else {
      next[f] = end;
      const held = folder.wait(reader.reader);
      if (held !== undefined) {
        waiting[f] = held.then(() => {
          waiting[f] = undefined;
        });
      }
    }
  }
  return { table, issues, accounting: folder.finish(), stats: folder.stats };
}

/** What a report reads of each case, by case id (row numbers and dictionary codes follow read order). */
function byCase(table: TicketTable) {
  const variants = table.events!.variants;
  const cases: Record<string, unknown> = {};
  for (let r = 0; r < table.length; r++) {
    cases[table.ids.get(r)] = {
      instants: Object.fromEntries(Object.entries(table.instants).map(([k, a]) => [k, a[r]])),
      counts: Object.fromEntries(Object.entries(table.counts).map(([k, a]) => [k, a[r]])),
      dims: ['status', 'agent', 'team', 'priority'].map((d) => {
        const dim = table.dim(d);
        return dim === undefined ? null : dim.dictionary.value(dim.codes[r] as number);
      }),
      path: variants
        .sequence(variants.node[r] as number)
        .map(variants.text)
        .join(' > '),
    };
  }
  return cases;
}

function report(table: TicketTable) {
  const built = buildTicketReport(
    table,
    {
      asOf: Date.parse('2025-03-10T00:00:00Z'),
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
      by: ['team'],
      compare: null,
      version: 'test',
    },
    { files: [], read: 0, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
  );
  return { rows: built.rows, process: built.process };
}

/** Issues by their row in the single file (a part's line maps to it through `lineOf`). */
const issueKeys = (issues: RowIssue[], lineOf: (file: string, line: number) => number) =>
  issues.map((i) => `${i.code}@${lineOf(i.file, i.line as number)}`);

describe('several event files merged as they stream', () => {
  const parts = generate(3000, 3, 20251206);
  const rows = single(parts);
  /** Single-file line of each part's line. */
  const index = new Map(rows.map((row, k) => [row, k + 2]));
  const lineOf = (file: string, line: number) =>
    file === 'all.csv' ? line : (index.get(parts[Number(file.slice(4, 5)) - 1]![line - 2]!) as number);
  const expected = foldSingle(rows);
  const expectedCases = byCase(expected.table);
  const expectedReport = report(expected.table);

  it('has ties across files, rows before creation and thousands of events (what the merge must get right)', () => {
    const ties = rows.filter((row, k) => k > 0 && rows[k - 1]!.at === row.at).length;
    expect(ties).toBeGreaterThan(1000);
    expect(expected.issues.filter((i) => i.code === 'event_before_creation').length).toBeGreaterThan(50);
    expect(parts.map((p) => p.length).every((n) => n > 3000)).toBe(true);
  });

  it.each([
    ['in lockstep', (_: number) => 100, (ready: number[]) => ready[0]!],
    ['the first file read whole first', (f: number) => (f === 0 ? 1e9 : 7), (ready: number[]) => ready[0]!],
    ['the last file read ahead', (f: number) => (f === 2 ? 5000 : 1), (ready: number[]) => ready.at(-1)!],
    ['in random turns and batches', (_: number) => 1 + Math.floor(rnd() * 700), (ready: number[]) => pickOf(ready)],
  ])('folds what the single file folds, the files read %s', async (_, batch, order) => {
    const merged = await foldParts(parts, 'merge', { batch, order });
    expect(merged.stats.path).toBe('merge');
    expect(merged.stats.buffered).toBe(0);
    expect(merged.accounting).toEqual(expected.accounting);
    expect(issueKeys(merged.issues, lineOf)).toEqual(issueKeys(expected.issues, lineOf));
    expect(byCase(merged.table)).toEqual(expectedCases);
    expect(report(merged.table)).toEqual(expectedReport);
  });

  it('folds what the in-memory merge folds (the path taken for files out of time order)', async () => {
    const buffered = await foldParts(parts, 'buffer', { batch: () => 1e9, order: (ready) => ready[0]! });
    expect(buffered.stats.path).toBe('buffer');
    expect(buffered.stats.buffered).toBe(rows.length);
    expect(buffered.accounting).toEqual(expected.accounting);
    expect(byCase(buffered.table)).toEqual(expectedCases);
    expect(report(buffered.table)).toEqual(expectedReport);
    // The issues are the same rows; the in-memory merge lists them case by case in file order.
    expect(issueKeys(buffered.issues, lineOf).sort()).toEqual(issueKeys(expected.issues, lineOf).sort());
  });

  it('holds at most `hold` events per file plus a reader batch, whatever the log size', async () => {
    const batch = 50;
    const hold = 16;
    // The first file is read ahead whenever it may: only waiting holds it back.
    const merged = await foldParts(parts, 'merge', { batch: () => batch, order: (ready) => ready[0]!, hold });
    expect(merged.accounting).toEqual(expected.accounting);
    expect(byCase(merged.table)).toEqual(expectedCases);
    expect(merged.stats.held).toBeGreaterThan(0);
    expect(merged.stats.held).toBeLessThanOrEqual(parts.length * (hold + batch));
    // The in-memory merge holds every event.
    expect(rows.length).toBeGreaterThan(100 * parts.length * (hold + batch));
  });

  it('makes room for the cases once, from the merged fold, when every file said its rows to come', async () => {
    const asked: number[] = [];
    const merged = await foldParts(parts, 'merge', {
      batch: () => 100,
      order: (ready) => pickOf(ready),
      reserve: (cases) => asked.push(cases),
    });
    expect(merged.accounting).toEqual(expected.accounting);
    expect(byCase(merged.table)).toEqual(expectedCases);
    expect(asked).toHaveLength(1);
    // At least the log's cases (3000; the first rows of a log in time order begin more cases a row
    // than the rest) and at most one a row.
    expect(asked[0]).toBeGreaterThanOrEqual(3000);
    expect(asked[0]).toBeLessThanOrEqual(Math.ceil(rows.length * 1.05));
  });

  it('makes no room while a file has not said its rows to come', async () => {
    const asked: number[] = [];
    const table = new TicketTable(1024);
    const folder = new EventFolder(table, { vocabulary: compileVocabulary({}), mode: 'merge' });
    const readers = parts.map((_, f) => folder.file(header, fileOptions(`part${f + 1}.csv`, [])));
    // Only the first two files say theirs; the third is read whole, then all are done.
    for (const [f, reader] of readers.entries()) {
      const rows = parts[f]!;
      for (let k = 0; k < rows.length; k++) {
        reader.read(rows[k]!.cells, k + 2);
        if (k === 99 && f < 2) folder.expectFileRows(reader.reader, rows.length - 100, (c) => asked.push(c));
        if (k % 100 === 99 && f === 2) void folder.wait(reader.reader);
      }
    }
    for (const reader of readers) folder.fileDone(reader.reader);
    expect(folder.finish().events).toBe(expected.accounting.events);
    expect(asked).toEqual([]);
  });

  it('refuses an event earlier than its file before it (the run then merges in memory)', async () => {
    // A new case, dated before the rows before it: no case order is broken, the file's is.
    const backwards = parts.map((p) => [...p]);
    const early = parts[1]![10]!;
    backwards[1]!.splice(2000, 0, { at: early.at, cells: ['Z1', ...early.cells.slice(1)] });
    await expect(
      foldParts(backwards, 'merge', { batch: () => 100, order: (ready) => ready[0]! }),
    ).rejects.toMatchObject({ name: 'EventMergeOrder', file: 'part2.csv' });
  });
});

const rnd = random(7);
const pickOf = (xs: number[]) => xs[Math.floor(rnd() * xs.length)] as number;
