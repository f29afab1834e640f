import { describe, expect, it } from 'vitest';
import { REPORT_SPARE } from '../../src/engine/context.js';
import { SpareMemory, spareArray } from '../../src/engine/spare.js';
import { TicketTable } from '../../src/engine/ticket-table.js';
import { buildTicketReport } from '../../src/report/build.js';
import { tableOf, type TicketSpec } from '../helpers/tickets.js';

const PLAN = [
  { name: 'a', bytesPerRow: 8 },
  { name: 'b', bytesPerRow: 4 },
  { name: 'c', bytesPerRow: 1 },
];

/** Steps until the pool says it is done; the number of steps. */
function drain(spare: SpareMemory, rows: number): number {
  let steps = 1;
  while (spare.step(rows)) steps++;
  return steps;
}

describe('SpareMemory', () => {
  it('maps the plan a megabyte a step, in order, and gives each buffer to its name once', () => {
    const spare = new SpareMemory(PLAN);
    // 200,000 rows: 1.6 MB + 0.8 MB + 0.2 MB, about 2.6 steps of 1 MiB.
    expect(drain(spare, 200_000)).toBe(3);
    const a = spare.take('a', 8 * 200_000);
    expect(a?.byteLength).toBe(1_600_000);
    expect(spare.take('a', 8)).toBeUndefined();
    // A buffer too small for what is asked is not given (the array is made anew).
    expect(spare.take('b', 4 * 200_001)).toBeUndefined();
    expect(spare.take('b', 4 * 150_000)?.byteLength).toBe(800_000);
    expect(spare.take('nothing', 1)).toBeUndefined();
    // A buffer given away is not made again by a later step.
    expect(spare.step(200_000)).toBe(false);
    expect(spare.take('a', 1)).toBeUndefined();
  });

  it('makes the first buffers first when stopped early, and nothing past its limit', () => {
    const spare = new SpareMemory(PLAN);
    expect(spare.step(200_000)).toBe(true);
    // One step: all of `a`'s first mebibyte, nothing of `b` yet.
    expect(spare.take('a', 1)?.byteLength).toBe(1_600_000);
    expect(spare.take('b', 1)).toBeUndefined();
    // 100M rows: `a` alone would be 800 MB, over the limit: nothing is planned.
    const huge = new SpareMemory(PLAN);
    expect(huge.step(100_000_000)).toBe(false);
    expect(huge.take('a', 1)).toBeUndefined();
  });

  it('gives arrays as new ones are: zero, of the asked length, shared when asked or when spare', () => {
    const spare = new SpareMemory(PLAN);
    drain(spare, 1000);
    const a = spareArray(spare, 'a', Float64Array, 900);
    expect(a.length).toBe(900);
    expect(a.every((v) => v === 0)).toBe(true);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Without the pool, or once its buffer is taken: a new array, shared only when asked.
    expect(spareArray(spare, 'a', Float64Array, 900).buffer).toBeInstanceOf(ArrayBuffer);
    expect(spareArray(undefined, 'c', Uint8Array, 10, true).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(spareArray(undefined, 'c', Int32Array, 10)).toEqual(new Int32Array(10));
  });
});

describe('TicketTable.initializeAhead with spare memory', () => {
  it('sets the reserved rows first, then maps the spare memory, then says it is done', () => {
    const table = new TicketTable(16);
    table.reserve(300_000);
    table.spare = new SpareMemory(PLAN);
    let steps = 0;
    let sawRowsDone = false;
    while (table.initializeAhead()) {
      steps++;
      // The rows are all set before the pool maps anything.
      if (!sawRowsDone && table.spare.take('a', 0) !== undefined) throw new Error('spare before rows');
      sawRowsDone ||= table['initialized'] === 300_000;
    }
    expect(sawRowsDone).toBe(true);
    expect(table['initialized']).toBe(300_000);
    // 300,000 rows reserved: 2.4 + 1.2 + 0.3 MB mapped, sized by the capacity.
    expect(table.spare.take('b', 0)?.byteLength).toBe(1_200_000);
    expect(table.spare.take('c', 0)?.byteLength).toBe(300_000);
    expect(steps).toBeGreaterThan(4);
    // A missing row reads as missing after all this.
    const row = table.addRow('x', 2);
    expect(Number.isNaN(table.instants.created[row] as number)).toBe(true);
    expect(table.counts.reopens[row]).toBe(-1);
  });
});

describe('a report over spare memory', () => {
  // Out of creation order (a sort, not the identity), with groups, repeats and open tickets.
  const specs: TicketSpec[] = Array.from({ length: 60 }, (_, i) => ({
    created: new Date(Date.UTC(2025, 10, 1 + ((i * 7) % 20), i % 24)).toISOString(),
    ...(i % 3 === 0
      ? {}
      : { first_reply: new Date(Date.UTC(2025, 10, 1 + ((i * 7) % 20), (i % 24) + 1)).toISOString() }),
    ...(i % 4 === 0 ? {} : { solved: new Date(Date.UTC(2025, 10, 3 + ((i * 7) % 20), i % 24)).toISOString() }),
    team: ['Billing', 'Shipping', 'Returns'][i % 3] as string,
    customer: `c${i % 9}`,
    agent_replies: i % 3,
    reopens: i % 5 === 0 ? 1 : 0,
  }));
  const options = {
    asOf: Date.parse('2025-12-01T00:00:00Z'),
    repeatWindowDays: 7,
    repeatSame: null,
    fcrVariant: 'one_touch_no_reopen' as const,
    resolutionRate: 'cohort' as const,
    recompute: false,
    since: null,
    until: null,
    timezone: 'UTC',
    inputTimezone: 'UTC',
    period: 'week' as const,
    weekStart: 'monday' as const,
    compare: 'previous' as const,
    version: 'test',
    by: [{ name: 'team', key: 'team' }],
  };
  const ingest = {
    files: [],
    read: specs.length,
    rejected: 0,
    nulled: 0,
    skipped: { duplicate: 0, blank: 0 },
    issues: [],
  };

  it('gives the same report, takes the arrays planned for it, and lets the rest go', () => {
    const plain = buildTicketReport(tableOf(specs), options, ingest);
    const table = tableOf(specs);
    const spare = new SpareMemory(REPORT_SPARE);
    table.spare = spare;
    drain(spare, table.length);
    const spared = buildTicketReport(table, options, ingest);
    expect(spared).toEqual(plain);
    expect(table.spare).toBeUndefined();
    // Made over the plan's buffers: the context's, the order's and the groups' (the repeat thread's
    // only when the flags are computed on it, which this table is too small for).
    for (const name of [
      'resolvedAt',
      'frtMs',
      'resolutionFirstMs',
      'resolutionFullMs',
      'order',
      'groupKeys',
      'groupLists',
    ]) {
      expect(spare.take(name, 0), name).toBeUndefined();
    }
    expect(spare.take('repeatRun', 0)).toBeDefined();
  });
});
