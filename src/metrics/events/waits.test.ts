/**
 * Requester and agent wait (Zendesk's definitions) on a folded event log, as-of 18:00:
 * - A: new 09:00, open 10:00, pending 12:00, open 15:00, solved 16:00 -> new 1 h, open 2 + 1 h, pending 3 h,
 *   solved 2 h (to as-of);
 * - B: new 09:00, on hold 11:00 and still on hold -> new 2 h, on hold 7 h (to as-of);
 * - C: new 09:00, closed 10:00 (closed is final: its time is not counted) -> new 1 h.
 */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { foldEvents, on } from '../../../test/helpers/events.js';
import { tableOf } from '../../../test/helpers/tickets.js';
import { referenceOptions } from '../reference.js';
import { agentWait, requesterWait } from './waits.js';

const status = (c: string, at: string, s: string) => ({ case: c, at, activity: 'updated', status: s });
const { table } = foldEvents([
  { case: 'A', at: '09:00', activity: 'created', status: 'new' },
  { case: 'B', at: '09:00', activity: 'created', status: 'new' },
  { case: 'C', at: '09:00', activity: 'created', status: 'new' },
  status('A', '10:00', 'open'),
  status('C', '10:00', 'closed'),
  status('B', '11:00', 'on hold'),
  status('A', '12:00', 'pending'),
  status('A', '15:00', 'open'),
  status('A', '16:00', 'solved'),
]);
const ctx = createTicketContext(table, referenceOptions({ asOf: on('18:00') }));
const all = Int32Array.of(0, 1, 2);
const scope = { start: -Infinity, end: Infinity, groupTickets: all };

describe('requester_wait', () => {
  it('is the time in new, open and on hold, every case counted, up to as-of for a case still waiting', () => {
    // A 1 + 3 + 0 = 4, B 2 + 0 + 7 = 9, C 1 -> n 3, mean 14 / 3, median 4, min 1, max 9
    const value = requesterWait.compute?.(ctx, all, scope);
    expect(value).toMatchObject({ kind: 'duration', unit: 'hours', n: 3, median: 4, min: 1, max: 9 });
    expect(value?.kind === 'duration' ? value.mean : null).toBeCloseTo(14 / 3, 12);
  });

  it('moves with as-of for a case on hold at the end of the log', () => {
    // B at as-of 13:00: new 2 h + on hold 11:00-13:00 2 h = 4
    const early = createTicketContext(table, referenceOptions({ asOf: on('13:00') }));
    expect(requesterWait.compute?.(early, Int32Array.of(1), scope)).toMatchObject({ n: 1, median: 4 });
  });
});

describe('agent_wait', () => {
  it('is the time pending (waiting on the customer); a case never pending counts 0', () => {
    // A 3 h, B 0, C 0 -> n 3, median 0, mean 1, max 3
    expect(agentWait.compute?.(ctx, all, scope)).toMatchObject({ n: 3, median: 0, mean: 1, min: 0, max: 3 });
  });
});

describe('availability', () => {
  it('needs an event log with statuses', () => {
    const exportCtx = createTicketContext(tableOf([{ created: '2025-03-03T09:00:00Z' }]), referenceOptions());
    expect(agentWait.unavailable(exportCtx)).toBe(
      'needs event data: run with --events (one row per event; see docs/events.md)',
    );
    const { table: noStatuses } = foldEvents(
      [{ case: 'X', at: '09:00', activity: 'customer message', role: 'customer' }],
      ['case', 'timestamp', 'activity', 'role'],
    );
    expect(requesterWait.unavailable(createTicketContext(noStatuses, referenceOptions()))).toMatch(
      /^the event log has no statuses/,
    );
  });
});
