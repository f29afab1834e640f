/**
 * The backlog, its ages and throughput asked period after period (open-index.ts): the figures against a
 * brute-force count written here (every ticket tested at every instant), and the work counted, which
 * grows with tickets + periods, not periods x backlog. No timing.
 */
import { describe, expect, it } from 'vitest';
import { backlog, backlogAge } from './backlog.js';
import { openWork } from './open-index.js';
import { DAY, HOUR, type PlainTicket, referenceContext, referenceOptions } from './reference.js';
import { resolutionRate } from './resolution-rate.js';
import type { MetricValue } from './values.js';

/** mulberry32: a seeded generator, so that a failure repeats. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` tickets over `days` days, ascending by creation; a fifth never solved, the rest within 20 days. */
function tickets(count: number, days: number, seed: number, step = 60_000): PlainTicket[] {
  const next = random(seed);
  const list: PlainTicket[] = [];
  for (let i = 0; i < count; i++) {
    const created = Math.floor((next() * days * DAY) / step) * step;
    const solved = next() < 0.2 ? null : created + Math.floor((next() * 20 * DAY) / step) * step;
    list.push({ created, solved });
  }
  return list.sort((a, b) => (a.created as number) - (b.created as number));
}

/** Type-7 quantile of ascending values, as the report states it. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[Math.ceil(h)] as number) - (sorted[lo] as number));
}

/** The backlog at `at` by brute force: created before it, not solved before it; its ages in hours. */
function expected(list: readonly PlainTicket[], at: number) {
  const ages = list
    .filter((t) => (t.created as number) < at && !(t.solved != null && (t.solved as number) < at))
    .map((t) => at - (t.created as number))
    .sort((a, b) => a - b);
  const n = ages.length;
  if (n === 0) return { count: 0, n: 0, mean: null, median: null, p90: null, p95: null, min: null, max: null };
  return {
    count: n,
    n,
    mean: ages.reduce((a, b) => a + b, 0) / n / HOUR,
    median: quantile(ages, 0.5) / HOUR,
    p90: quantile(ages, 0.9) / HOUR,
    p95: quantile(ages, 0.95) / HOUR,
    min: (ages[0] as number) / HOUR,
    max: (ages[n - 1] as number) / HOUR,
  };
}

function figures(count: MetricValue, age: MetricValue) {
  if (count.kind !== 'count' || age.kind !== 'duration') throw new Error(`${count.kind} ${age.kind}`);
  const { n, mean, median, p90, p95, min, max } = age;
  return { count: count.value, n, mean, median, p90, p95, min, max };
}

/** Backlog and backlog age at each end, in that order, on one context (as a report asks them). */
function series(list: readonly PlainTicket[], ends: readonly number[]) {
  const options = referenceOptions();
  const ctx = referenceContext(list, options);
  const all = Int32Array.from(list.keys());
  return ends.map((end) => {
    const scope = { start: end - DAY, end, groupTickets: all, shared: new Map<string, unknown>() };
    const count = backlog.compute?.(ctx, all, scope) as MetricValue;
    return figures(count, backlogAge.compute?.(ctx, all, scope) as MetricValue);
  });
}

describe('backlog period after period', () => {
  it('gives the brute-force backlog and ages at every day end, forward and one period back (--compare)', () => {
    const list = tickets(3000, 90, 7);
    const ends: number[] = [];
    for (let d = 1; d <= 100; d++) ends.push((d - 1) * DAY + 1, d * DAY); // yesterday's end, then today's
    const got = series(list, ends);
    got.forEach((g, i) => {
      const want = expected(list, ends[i] as number);
      expect({ i, count: g.count, n: g.n }).toEqual({ i, count: want.count, n: want.n });
      for (const key of ['mean', 'median', 'p90', 'p95', 'min', 'max'] as const) {
        if (want[key] === null) expect(g[key]).toBeNull();
        else expect(g[key]).toBeCloseTo(want[key], 9);
      }
    });
    // Not a day without a backlog after the first: the comparison covers the ages.
    expect(got.filter((g) => g.n > 100).length).toBeGreaterThan(150);
  });

  it('gives the brute-force figures when instants are not whole milliseconds (the ages then gathered)', () => {
    const list = tickets(400, 20, 11).map((t) => ({ ...t, created: (t.created as number) + 0.25 }));
    const ends = Array.from({ length: 25 }, (_, d) => (d + 1) * DAY);
    series(list, ends).forEach((g, i) => {
      const want = expected(list, ends[i] as number);
      expect(g.count).toBe(want.count);
      if (want.mean !== null) expect(g.mean).toBeCloseTo(want.mean, 9);
      if (want.p90 !== null) expect(g.p90).toBeCloseTo(want.p90, 9);
    });
  });

  it('does work in tickets + days, not days x backlog (counted steps, no timing)', () => {
    // 20,000 tickets none solved, asked at 365 day ends: a scan of the open tickets per day visits about
    // 365 x 10,000 on average; the index enters each ticket once and answers each day in a few steps.
    const list = tickets(20_000, 365, 3).map((t) => ({ created: t.created }));
    const ends = Array.from({ length: 365 }, (_, d) => (d + 1) * DAY);
    const before = openWork.steps;
    const got = series(list, ends);
    const steps = openWork.steps - before;
    expect(got.at(-1)?.count).toBe(20_000);
    expect(steps).toBeLessThan(4 * (20_000 + 365));
  });
});

describe('throughput resolution rate period after period', () => {
  it('counts the tickets solved in each day, any creation date, as a brute-force count does', () => {
    const list = tickets(2000, 60, 5);
    const options = referenceOptions({ resolutionRate: 'throughput' });
    const ctx = referenceContext(list, options);
    const all = Int32Array.from(list.keys());
    const before = openWork.steps;
    for (let d = 0; d < 80; d++) {
      const start = d * DAY;
      const end = start + DAY;
      const cohort = all.filter((t) => (list[t]?.created as number) >= start && (list[t]?.created as number) < end);
      const solved = list.filter(
        (t) => t.solved != null && (t.solved as number) >= start && (t.solved as number) < end,
      );
      const value = resolutionRate.compute?.(ctx, cohort, { start, end, groupTickets: all });
      expect(value).toMatchObject({ numerator: solved.length, denominator: cohort.length });
    }
    // One scan (the first day), one sort, then two binary searches a day: not 80 x 2000.
    expect(openWork.steps - before).toBeLessThan(3 * 2000 + 80);
  });
});
