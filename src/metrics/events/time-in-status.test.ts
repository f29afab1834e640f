/**
 * Time in each status group on a folded event log, as-of 18:00 (the log of waits.test.ts, and a case
 * pending twice):
 * - A: new 09:00, open 10:00, pending 12:00, open 15:00, solved 16:00 -> new 1, open 3, pending 3, solved 2 (to as-of);
 * - B: new 09:00, on hold 11:00 to as-of -> new 2, on hold 7;
 * - C: new 09:00, closed 10:00 -> new 1;
 * - D: new 11:00, pending 12:00-15:00 and 17:00-18:00 (open between, solved at 18:00) -> pending 3 + 1 = 4.
 */
import { describe, expect, it } from 'vitest';
import { createTicketContext } from '../../engine/context.js';
import { foldEvents, on } from '../../../test/helpers/events.js';
import { referenceOptions } from '../reference.js';
import { TIME_IN_STATUS_METRICS, timeInStatus } from './time-in-status.js';

const status = (c: string, at: string, s: string) => ({ case: c, at, activity: 'updated', status: s });
const { table } = foldEvents([
  { case: 'A', at: '09:00', activity: 'created', status: 'new' },
  { case: 'B', at: '09:00', activity: 'created', status: 'new' },
  { case: 'C', at: '09:00', activity: 'created', status: 'new' },
  status('A', '10:00', 'open'),
  status('C', '10:00', 'closed'),
  status('B', '11:00', 'on hold'),
  { case: 'D', at: '11:00', activity: 'created', status: 'new' },
  status('A', '12:00', 'pending'),
  status('D', '12:00', 'pending'),
  status('A', '15:00', 'open'),
  status('D', '15:00', 'open'),
  status('A', '16:00', 'solved'),
  status('D', '17:00', 'pending'),
  status('D', '18:00', 'solved'),
]);
const ctx = createTicketContext(table, referenceOptions({ asOf: on('18:00') }));
const all = Int32Array.of(0, 1, 2, 3);
const scope = { start: -Infinity, end: Infinity, groupTickets: all };
const over = (group: Parameters<typeof timeInStatus>[0]) => timeInStatus(group).compute?.(ctx, all, scope);

describe('time_in_status_*', () => {
  it('pending: the total over all stays, only cases that were ever pending', () => {
    // A 3, D 3 + 1 = 4 -> n 2, median 3.5
    expect(over('pending')).toMatchObject({ kind: 'duration', unit: 'hours', n: 2, min: 3, max: 4, median: 3.5 });
  });

  it('new: every case starts there', () => {
    // A 1, B 2, C 1, D 1 -> n 4, median 1, max 2
    expect(over('new')).toMatchObject({ n: 4, median: 1, min: 1, max: 2 });
  });

  it('open: A 2 + 1 = 3, D 15:00-17:00 = 2', () => {
    expect(over('open')).toMatchObject({ n: 2, min: 2, max: 3 });
  });

  it('a case still in a group at the end of the log counts up to as-of', () => {
    // on hold: B 11:00-18:00 = 7; solved: A 16:00-18:00 = 2, D solved at 18:00 = 0
    expect(over('on_hold')).toMatchObject({ n: 1, median: 7 });
    expect(over('solved')).toMatchObject({ n: 2, min: 0, max: 2 });
  });

  it('one metric per group but closed, in order', () => {
    expect(TIME_IN_STATUS_METRICS.map((m) => m.id)).toEqual([
      'time_in_status_new',
      'time_in_status_open',
      'time_in_status_pending',
      'time_in_status_on_hold',
      'time_in_status_solved',
    ]);
  });
});
