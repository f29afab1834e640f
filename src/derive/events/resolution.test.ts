import { describe, expect, it } from 'vitest';
import { Resolution, type CancelledPolicy } from './resolution.js';
import { StatusGroups } from './status.js';
import { at, event, type EventSpec } from '../../../test/helpers/fold-events.js';

function fold(specs: EventSpec[], policy: CancelledPolicy = 'closed') {
  const status = new StatusGroups();
  const r = new Resolution(policy);
  status.grow(4);
  r.grow(4);
  status.begin(0, at('09:00'), false);
  r.begin(0, false);
  for (const spec of specs) {
    const e = event(spec);
    r.apply(0, e, status.apply(0, e));
  }
  return { r, endsResolved: r.endsResolved(0, status.group[0] as number) };
}

describe('Resolution', () => {
  it('keeps the first resolution through a reopen and voids the last one', () => {
    const { r, endsResolved } = fold([
      { at: '10:00', group: 'solved' },
      { at: '11:00', group: 'open' },
    ]);
    expect(r.firstResolved[0]).toBe(at('10:00'));
    expect(r.lastSolved[0]).toBeNaN();
    expect(r.reopens[0]).toBe(1);
    expect(endsResolved).toBe(false);
  });

  it('takes the first close as the first resolution where closed is the only terminal status', () => {
    // closed 10:00, reopened 11:00, closed again 12:00: first resolution 10:00 (it used to have none)
    const { r, endsResolved } = fold([
      { at: '10:00', group: 'closed' },
      { at: '11:00', group: 'open' },
      { at: '12:00', group: 'closed' },
    ]);
    expect(r.firstResolved[0]).toBe(at('10:00'));
    expect(r.closedAt[0]).toBe(at('12:00'));
    expect(r.reopens[0]).toBe(1);
    expect(endsResolved).toBe(true);
  });

  it('reads a cancellation as a close by default', () => {
    const { r, endsResolved } = fold([{ at: '10:00', group: 'closed', cancelled: true }]);
    expect([r.firstResolved[0], r.closedAt[0], r.cancelled[0], endsResolved]).toEqual([
      at('10:00'),
      at('10:00'),
      1,
      true,
    ]);
  });

  it('reads a cancellation as no resolution under the policy unresolved; leaving it is no reopen', () => {
    const cancelled = fold([{ at: '10:00', group: 'closed', cancelled: true }], 'unresolved');
    expect([cancelled.r.firstResolved[0], cancelled.r.closedAt[0], cancelled.endsResolved]).toEqual([NaN, NaN, false]);
    const resumed = fold(
      [
        { at: '10:00', group: 'closed', cancelled: true },
        { at: '11:00', group: 'open' },
        { at: '12:00', group: 'solved' },
      ],
      'unresolved',
    );
    expect([resumed.r.reopens[0], resumed.r.firstResolved[0], resumed.endsResolved]).toEqual([0, at('12:00'), true]);
    // closed after a cancellation (same group): resolved at the close
    const closedAfter = fold(
      [
        { at: '10:00', group: 'closed', cancelled: true },
        { at: '11:00', group: 'closed' },
      ],
      'unresolved',
    );
    expect([closedAfter.r.closedAt[0], closedAfter.endsResolved]).toEqual([at('11:00'), true]);
  });
});
