import { describe, expect, it } from 'vitest';
import { GROUP_INDEX } from '../../model/events.js';
import { StatusGroups, UNCHANGED } from './status.js';
import { at, event, HOUR } from '../../../test/helpers/fold-events.js';

function fold(created: string, specs: Parameters<typeof event>[0][]) {
  const s = new StatusGroups();
  s.grow(4);
  s.begin(0, at(created), false);
  const moves = specs.map((spec) => s.apply(0, event(spec)));
  return { s, moves };
}

describe('StatusGroups', () => {
  it('adds each stay to the group it leaves; the current stay stays open', () => {
    // new 09-10, pending 10-12, open 12-15, solved since 15
    const { s, moves } = fold('09:00', [
      { at: '10:00', group: 'pending' },
      { at: '12:00', group: 'open' },
      { at: '13:00', group: 'open' },
      { at: '15:00', group: 'solved' },
    ]);
    expect(moves).toEqual([GROUP_INDEX.new, GROUP_INDEX.pending, UNCHANGED, GROUP_INDEX.open]);
    expect(s.groupMs[GROUP_INDEX.new]![0]).toBe(1 * HOUR);
    expect(s.groupMs[GROUP_INDEX.pending]![0]).toBe(2 * HOUR);
    expect(s.groupMs[GROUP_INDEX.open]![0]).toBe(3 * HOUR);
    expect(s.groupMs[GROUP_INDEX.solved]![0]).toBe(0);
    expect([s.group[0], s.since[0]]).toEqual([GROUP_INDEX.solved, at('15:00')]);
    expect(s.visited[0]).toBe(
      (1 << GROUP_INDEX.new) | (1 << GROUP_INDEX.pending) | (1 << GROUP_INDEX.open) | (1 << GROUP_INDEX.solved),
    );
  });

  it('lets a status at the creation instant replace the implicit new, without a stay in it', () => {
    const { s, moves } = fold('09:00', [
      { at: '09:00', group: 'open' },
      { at: '11:00', group: 'solved' },
    ]);
    expect(moves).toEqual([GROUP_INDEX.new, GROUP_INDEX.open]);
    expect(s.visited[0]! & (1 << GROUP_INDEX.new)).toBe(0);
    expect(s.groupMs[GROUP_INDEX.open]![0]).toBe(2 * HOUR);
    expect(s.groupMs[GROUP_INDEX.new]![0]).toBe(0);
  });

  it('passes over events without a status', () => {
    const { s, moves } = fold('09:00', [{ at: '10:00' }, { at: '11:00', group: 'pending' }]);
    expect(moves).toEqual([UNCHANGED, GROUP_INDEX.new]);
    expect(s.groupMs[GROUP_INDEX.new]![0]).toBe(2 * HOUR);
  });
});
