/**
 * The export's counts as metrics (counts.ts) and the config's own metrics (custom.ts): the engine's
 * histogram tally (and its gather when a value overflows it) gives what the reference interpreter
 * gives from the plain values, and the figures worked out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketTable } from '../engine/ticket-table.js';
import { buildTicketReport } from '../report/build.js';
import type { MetricValue } from '../report/model.js';
import { agentReplies, groupTransfers, reassignments, reopens } from './counts.js';
import { customMetric } from './custom.js';
import { metricOver, referenceOptions } from './reference.js';

const options = referenceOptions();
const DAY = 86_400_000;

/** The engine's value of `id` over tickets created on day 0, one per count (null: no count). */
function engine(id: string, field: 'reassignments' | 'group_stations' | 'reopens', counts: (number | null)[]) {
  const table = new TicketTable(4);
  for (const [i, c] of counts.entries()) {
    const row = table.addRow(String(i + 1), i + 2);
    table.instants.created[row] = i;
    if (c !== null) table.counts[field][row] = c;
  }
  table.present.add('created');
  table.present.add(field);
  const report = buildTicketReport(
    table,
    {
      ...options,
      asOf: DAY,
      since: 0,
      until: DAY,
      timezone: 'UTC',
      inputTimezone: 'UTC',
      period: null,
      weekStart: 'monday',
      by: [],
      compare: null,
      version: 'test',
    },
    { files: [], read: counts.length, rejected: 0, nulled: 0, skipped: { duplicate: 0, blank: 0 }, issues: [] },
  );
  return report.rows[0]?.metrics[id] as MetricValue;
}

describe('count statistics', () => {
  it('reassignments: the count, else assignee stations - 1, with its distribution', () => {
    const value = metricOver(
      reassignments,
      [
        { created: 0, reassignments: 2 },
        { created: 0, assignee_stations: 1 },
        { created: 0, assignee_stations: 4 },
        { created: 0 },
      ],
      options,
    );
    // 2, 0, 3 -> sorted 0, 2, 3: median 2, p90 = 2 + 0.8 * 1.
    expect(value).toMatchObject({ kind: 'total', n: 3, sum: 5, median: 2, min: 0, max: 3 });
    expect((value as { p90: number }).p90).toBeCloseTo(2.8, 12);
    expect((value as { distribution: unknown }).distribution).toEqual({ '0': 1, '2': 1, '3': 1 });
  });

  it('groups ten and more in one bucket, and reads reopens and replies as they are', () => {
    const value = metricOver(
      reopens,
      [0, 0, 12, 10, 3].map((r) => ({ created: 0, reopens: r })),
      options,
    );
    expect((value as { distribution: unknown }).distribution).toEqual({ '0': 2, '3': 1, '10+': 2 });
    expect(metricOver(agentReplies, [{ created: 0 }], options)).toMatchObject({ kind: 'unavailable' });
  });

  it('tallies a histogram in the engine that gives the reference figures, overflow included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 80 }),
        (counts, known) => {
          const all = [...counts, known];
          const tickets = all.map((c) => (c === null ? { created: 0 } : { created: 0, group_stations: c + 1 }));
          const expected = metricOver(groupTransfers, tickets, { ...options, asOf: DAY });
          const stations = all.map((c) => (c === null ? null : c + 1));
          expect(engine('group_transfers', 'group_stations', stations)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('configured metrics', () => {
  it('is a duration for a time unit and a total with statistics for a plain number', () => {
    const hours = customMetric({ id: 'handle_time', column: 'Handle Time (h)', unit: 'hours', stat: ['p90'] });
    expect(hours).toMatchObject({ kind: 'duration', unit: 'hours', headline: ['p90'] });
    const value = metricOver(
      hours,
      [1.5, 0.5, 3].map((h) => ({ created: 0, 'number:handle_time': h * 3_600_000 })),
      options,
    );
    expect(value).toMatchObject({ kind: 'duration', n: 3, median: 1.5, max: 3 });
    const plain = customMetric({ id: 'csat_points', column: 'Points', unit: 'number', stat: ['mean'] });
    expect(
      metricOver(
        plain,
        [-2, 4, 7].map((v) => ({ created: 0, 'number:csat_points': v })),
        options,
      ),
    ).toMatchObject({ kind: 'total', n: 3, sum: 9, mean: 3, median: 4, min: -2 });
  });
});
