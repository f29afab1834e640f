/** Next reply time on event logs folded by the real fold: each customer message to the next public agent reply. */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { foldEvents } from '../../../test/helpers/events.js';
import { tableOf } from '../../../test/helpers/tickets.js';
import { referenceOptions } from '../reference.js';
import { nextReplyTime } from './next-reply.js';

const customer = { activity: 'customer message', role: 'customer' };
const reply = { activity: 'agent reply', agent: 'ann', role: 'agent', public: 'true' as const };

const { table } = foldEvents([
  { case: 'A', at: '09:00', activity: 'created', status: 'new' },
  { case: 'A', at: '09:00', ...customer },
  { case: 'A', at: '09:20', ...customer },
  { case: 'A', at: '10:00', ...reply },
  { case: 'A', at: '11:00', activity: 'note', agent: 'bob', role: 'agent', public: 'false' },
  { case: 'A', at: '12:00', ...customer },
  { case: 'A', at: '13:00', ...reply },
  { case: 'B', at: '09:30', activity: 'created', status: 'new' },
  { case: 'B', at: '09:45', ...reply }, // an agent writes first: answers no message
  { case: 'B', at: '10:00', ...customer }, // never answered: no pair
]);
const ctx = createTicketContext(table, referenceOptions({ asOf: Date.parse('2025-03-03T18:00:00Z') }));
const scope = (cohort: Int32Array) => ({ start: -Infinity, end: Infinity, groupTickets: cohort });

describe('next_reply_time', () => {
  it('pairs every customer message with the next public reply; internal notes do not answer', () => {
    // A: 09:00 -> 10:00 60, 09:20 -> 10:00 40, 12:00 -> 13:00 60 (not the 11:00 note); B: none
    // -> n 3 pairs, mean 160 / 3, median 60, p90 60, min 40, max 60
    const cohort = Int32Array.of(0, 1);
    const value = nextReplyTime.compute?.(ctx, cohort, scope(cohort));
    expect(value).toMatchObject({ kind: 'duration', unit: 'minutes', n: 3, median: 60, p90: 60, min: 40, max: 60 });
    expect(value?.kind === 'duration' ? value.mean : null).toBeCloseTo(160 / 3, 12);
  });

  it('counts pairs, not cases: a case whose messages were never answered adds nothing', () => {
    const onlyB = Int32Array.of(1);
    expect(nextReplyTime.compute?.(ctx, onlyB, scope(onlyB))).toEqual({
      kind: 'duration',
      unit: 'minutes',
      n: 0,
      mean: null,
      median: null,
      p90: null,
      p95: null,
      min: null,
      max: null,
    });
  });

  it('a message and a reply at the same instant, in that order, make a 0-minute pair', () => {
    const { table: tied } = foldEvents([
      { case: 'T', at: '09:00', activity: 'created', status: 'new' },
      { case: 'T', at: '09:05', ...customer },
      { case: 'T', at: '09:05', ...reply },
    ]);
    const tiedCtx = createTicketContext(tied, referenceOptions());
    expect(nextReplyTime.compute?.(tiedCtx, Int32Array.of(0), scope(Int32Array.of(0)))).toMatchObject({ n: 1, max: 0 });
  });

  it('is unavailable on a ticket export, and on an event log whose messages cannot be told apart', () => {
    const exportCtx = createTicketContext(tableOf([{ created: '2025-03-03T09:00:00Z' }]), referenceOptions());
    expect(nextReplyTime.unavailable(exportCtx)).toBe(
      'needs event data: run with --events (one row per event; see docs/events.md)',
    );
    // a log of statuses without roles or reply activities
    const { table: statusesOnly } = foldEvents(
      [
        { case: 'S', at: '09:00', activity: 'created', status: 'new' },
        { case: 'S', at: '10:00', activity: 'updated', status: 'solved' },
      ],
      ['case', 'timestamp', 'activity', 'status'],
    );
    expect(nextReplyTime.unavailable(createTicketContext(statusesOnly, referenceOptions()))).toMatch(
      /^the event log has no messages/,
    );
  });
});
