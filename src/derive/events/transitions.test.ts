import { describe, expect, it } from 'vitest';
import { Transitions } from './transitions.js';
import { at, event, HOUR } from '../../../test/helpers/fold-events.js';

describe('Transitions', () => {
  it('keeps each change of raw status with the time spent in the one left; the first status is none', () => {
    const t = new Transitions();
    t.grow(4);
    t.begin(0, at('09:00'), false);
    for (const [hhmm, status] of [
      ['09:00', 7],
      ['10:00', 8],
      ['11:00', 8],
      ['12:30', 9],
      ['13:00', 0],
    ] as const) {
      const e = event({ at: hhmm, group: status === 0 ? undefined : 'open', status });
      e.tag = 6;
      t.apply(0, e);
    }
    expect([...t.from.view()]).toEqual([7, 8]);
    expect([...t.to.view()]).toEqual([8, 9]);
    expect([...t.spentMs.view()]).toEqual([1 * HOUR, 2.5 * HOUR]);
    expect([...t.tag.view()]).toEqual([6, 6]);
    expect(t.status[0]).toBe(9);
  });
});
