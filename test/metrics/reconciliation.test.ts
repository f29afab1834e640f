/** Calendar reconciliation: the export's calendar duration columns beside durations from timestamps. */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../src/engine/context.js';
import { reconcileCalendarDurations } from '../../src/metrics/reconciliation.js';
import { TicketTable } from '../../src/engine/ticket-table.js';

const H = 3_600_000;
const M = 60_000;

function table(rows: { created: number; solved?: number; fullMs?: number; firstReplyMs?: number }[]): TicketTable {
  const t = new TicketTable();
  for (const [i, r] of rows.entries()) {
    const row = t.addRow(String(i), i + 2);
    t.instants.created[row] = r.created;
    if (r.solved !== undefined) t.instants.solved[row] = r.solved;
    if (r.fullMs !== undefined) t.durations.full_resolution_duration[row] = r.fullMs;
    if (r.firstReplyMs !== undefined) t.durations.first_reply_duration[row] = r.firstReplyMs;
  }
  for (const f of ['id', 'created', 'solved', 'full_resolution_duration', 'first_reply_duration'] as const)
    t.present.add(f);
  return t;
}

describe('reconcileCalendarDurations', () => {
  it('compares where both exist: n, medians, median |difference|, share within a minute', () => {
    // ours 120 and 300 min; theirs 119 and 240 min -> diffs 1 and 60.
    const t = table([
      { created: 0, solved: 2 * H, fullMs: 119 * M, firstReplyMs: 5 * M },
      { created: H, solved: 6 * H, fullMs: 240 * M },
      { created: 2 * H, fullMs: 30 * M }, // no timestamp: left out
    ]);
    const ctx = createTicketContext(t, {
      asOf: 100 * H,
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
    });
    const r = reconcileCalendarDurations(ctx, () => Int32Array.of(0, 1, 2));
    expect(r.resolution_full).toEqual({
      theirs: 'full_resolution_duration',
      n: 2,
      ours_median_min: 210,
      theirs_median_min: 179.5,
      median_abs_diff_min: 30.5,
      within_1_min: 0.5,
    });
    // No first-reply timestamps in the input: nothing to compare, so no entry.
    expect(r.frt).toBeUndefined();
  });

  it('is empty with a business clock', () => {
    const t = table([{ created: 0, solved: H, fullMs: 60 * M }]);
    const calendar = createTicketContext(t, {
      asOf: 10 * H,
      repeatWindowDays: 7,
      repeatSame: null,
      fcrVariant: 'one_touch_no_reopen',
      resolutionRate: 'cohort',
      recompute: false,
    });
    // Ours would be business time there, which a calendar column cannot be compared with.
    const ctx = {
      ...calendar,
      options: { ...calendar.options, clock: { kind: 'business' as const, schedules: [], by: null } },
    };
    expect(reconcileCalendarDurations(ctx, () => Int32Array.of(0))).toEqual({});
  });
});
