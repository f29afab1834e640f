/**
 * The repeat flags of the ticket context against the straightforward algorithm they replace: tickets
 * sorted by (customer key, created, file order) with a comparator, each compared with the previous
 * ticket of its run, and a binary search in the run for the first ticket opened after the resolution.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTicketContext } from '../../src/engine/context.js';
import { DEFAULT_ENGINE } from '../../src/engine/options.js';
import type { TicketMetricOptions } from '../../src/metrics/types.js';
import type { TicketTable } from '../../src/engine/ticket-table.js';
import { tableOf, type TicketSpec } from '../helpers/tickets.js';

const DAY_MS = 86_400_000;

function reference(table: TicketTable, options: TicketMetricOptions, resolvedAt: Float64Array) {
  const n = table.length;
  const created = table.instants.created;
  const customer = table.dims.get('customer')!.codes;
  const category = table.dims.get('category')!;
  const categories = category.dictionary.size + 1;
  const windowMs = options.repeatWindowDays * DAY_MS;
  const isRepeat = new Uint8Array(n);
  const repeatAfterResolve = new Uint8Array(n);
  const keys = Float64Array.from({ length: n }, (_, i) => {
    const c = customer[i] as number;
    return c === 0 ? -1 : options.repeatSame === 'category' ? c * categories + (category.codes[i] as number) : c;
  });
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (keys[a] as number) - (keys[b] as number) || (created[a] as number) - (created[b] as number) || a - b,
  );
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    if (table.followUp[i] === 1) isRepeat[i] = 1;
    const key = keys[i] as number;
    if (key < 0 || p === 0) continue;
    const prev = order[p - 1] as number;
    if (keys[prev] === key && (created[prev] as number) >= (created[i] as number) - windowMs) isRepeat[i] = 1;
  }
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    const key = keys[i] as number;
    let runEnd = p + 1;
    while (runEnd < n && keys[order[runEnd] as number] === key) runEnd++;
    const resolved = resolvedAt[i] as number;
    if (key < 0 || Number.isNaN(resolved)) continue;
    let lo = p + 1;
    let hi = runEnd;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((created[order[mid] as number] as number) > resolved) hi = mid;
      else lo = mid + 1;
    }
    if (lo < runEnd && (created[order[lo] as number] as number) <= resolved + windowMs) repeatAfterResolve[i] = 1;
  }
  return { isRepeat, repeatAfterResolve };
}

const base = Date.parse('2025-11-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('repeat flags', () => {
  const ticket = fc.record({
    createdHours: fc.integer({ min: 0, max: 24 * 40 }),
    /** A table built by hand may lack a creation time (ingest rejects such rows). */
    undated: fc.integer({ min: 0, max: 30 }).map((x) => x === 0),
    solvedAfterHours: fc.option(fc.integer({ min: -48, max: 24 * 20 }), { nil: undefined }),
    customer: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: undefined }),
    category: fc.option(fc.constantFrom('billing', 'shipping'), { nil: undefined }),
    followUp: fc.boolean(),
  });

  /** `threaded`: whether the flags must come from the second thread (its arrays are shared memory). */
  const check = (sparse: boolean, contextOf: typeof createTicketContext = createTicketContext, threaded = false) =>
    fc.property(
      fc.array(ticket, { maxLength: 80, size: 'max' }),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 0, max: 10 }),
      fc.constantFrom(null, 'category' as const),
      (list, sortByCreation, allowUndated, windowDays, repeatSame) => {
        const rows = sortByCreation ? [...list].sort((x, y) => x.createdHours - y.createdHours) : list;
        const specs: TicketSpec[] = rows.map((t) => ({
          created: allowUndated && t.undated ? 'not a date' : iso(base + t.createdHours * 3_600_000),
          ...(t.solvedAfterHours === undefined
            ? {}
            : { solved: iso(base + (t.createdHours + t.solvedAfterHours) * 3_600_000) }),
          ...(t.customer === undefined ? {} : { customer: t.customer }),
          ...(t.category === undefined ? {} : { category: t.category }),
          followUp: t.followUp,
        }));
        const table = tableOf(specs, ['created', 'solved', 'customer', 'category']);
        if (sparse) {
          // Customer codes far above the number of tickets (unused dictionary entries before them).
          const column = table.dim('customer')!;
          const dictionary = column.dictionary;
          for (let k = 0; k < 70_000; k++) dictionary.intern(`unused ${k}`);
          for (let i = 0; i < table.length; i++) {
            const code = column.codes[i] as number;
            if (code !== 0) column.codes[i] = dictionary.intern(`again ${dictionary.value(code)}`);
          }
        }
        const options: TicketMetricOptions = {
          asOf: base + 24 * 70 * 3_600_000,
          repeatWindowDays: windowDays,
          repeatSame,
          fcrVariant: 'no_repeat',
          resolutionRate: 'cohort',
          recompute: false,
        };
        const ctx = contextOf(table, options, { ...DEFAULT_ENGINE, metricsThread: threaded ? 'on' : 'auto' });
        const expected = reference(table, options, ctx.resolvedAt);
        expect(ctx.flag('is_repeat')).toEqual(expected.isRepeat);
        expect(ctx.flag('repeat_after_resolve')).toEqual(expected.repeatAfterResolve);
        expect(ctx.flag('is_repeat').buffer instanceof SharedArrayBuffer).toBe(threaded);
      },
    );

  it('equal those of the comparator sort, in or out of creation order, with or without undated tickets', () => {
    fc.assert(check(false), { numRuns: 500 });
  });

  it('equal them with customer codes far apart (more codes than tickets)', () => {
    fc.assert(check(true), { numRuns: 20 });
  });

  describe('computed on a second thread (metricsThread on; large tables use it by default)', () => {
    it('equal those of the comparator sort (the built thread module, as the CLI runs it)', async () => {
      // A thread starts from dist/ only: the sources have no JavaScript module for it.
      const built = (await import('../../dist/engine/context.js')) as {
        createTicketContext: typeof createTicketContext;
      };
      // Each run starts a thread (about 0.1 s): fewer runs than in this thread, same property.
      fc.assert(check(false, built.createTicketContext, true), { numRuns: 25 });
      fc.assert(check(true, built.createTicketContext, true), { numRuns: 3 });
    });

    it('are computed in this thread when there is no thread module to start (running from src/)', () => {
      fc.assert(
        check(false, (table, options) =>
          createTicketContext(table, options, { ...DEFAULT_ENGINE, metricsThread: 'on' }),
        ),
        {
          numRuns: 50,
        },
      );
    });
  });

  it("are computed on a thread started ahead (prestartRepeatThread), whatever the table's size", async () => {
    {
      const built = (await import('../../dist/engine/context.js')) as {
        createTicketContext: typeof createTicketContext;
      };
      const { prestartRepeatThread } = (await import('../../dist/engine/repeat-flags.js')) as {
        prestartRepeatThread: () => void;
      };
      const specs: TicketSpec[] = [
        { created: '2025-11-03T09:00:00Z', customer: 'a', solved: '2025-11-03T10:00:00Z' },
        { created: '2025-11-05T09:00:00Z', customer: 'a' },
        { created: '2025-11-06T09:00:00Z', customer: 'b' },
        { created: '2025-11-20T09:00:00Z', customer: 'b' },
      ];
      const options: TicketMetricOptions = {
        asOf: Date.parse('2025-12-01T00:00:00Z'),
        repeatWindowDays: 7,
        repeatSame: null,
        fcrVariant: 'one_touch_no_reopen',
        resolutionRate: 'cohort',
        recompute: false,
      };
      // Four tickets: far below the size that starts a thread of its own.
      const alone = built.createTicketContext(tableOf(specs), options);
      expect(alone.flag('is_repeat').buffer).not.toBeInstanceOf(SharedArrayBuffer);
      prestartRepeatThread();
      const ahead = built.createTicketContext(tableOf(specs), options);
      // The flags come from the thread (in shared memory), and equal those computed here.
      expect(ahead.flag('is_repeat').buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(ahead.flag('is_repeat'))).toEqual([0, 1, 0, 0]);
      expect(Array.from(ahead.flag('is_repeat'))).toEqual(Array.from(alone.flag('is_repeat')));
      expect(Array.from(ahead.flag('repeat_after_resolve'))).toEqual(Array.from(alone.flag('repeat_after_resolve')));
      expect(Array.from(ahead.flag('repeat_after_resolve'))).toEqual([1, 0, 0, 0]);
    }
  });
});
