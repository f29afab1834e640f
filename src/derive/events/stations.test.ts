import { describe, expect, it } from 'vitest';
import { DistinctValues } from './distinct.js';
import { Stations } from './stations.js';

describe('Stations and DistinctValues', () => {
  it.each([
    // values named by consecutive events (0: none) -> stations, handoffs, ping-pong, distinct
    [[1, 1, 2, 0, 1], 3, 2, 1, 2],
    [[1, 2, 3], 3, 2, 0, 3],
    [[0, 0], 0, 0, 0, 0],
    [[4, 0, 4, 4], 1, 0, 0, 1],
    [[1, 2, 1, 2], 4, 3, 1, 2],
  ])('%j -> %i stations, %i handoffs, ping-pong %i, %i distinct', (values, stations, handoffs, pong, distinct) => {
    const s = new Stations();
    const d = new DistinctValues();
    s.grow(2);
    d.grow(2);
    s.begin(1, false);
    d.begin(1, false);
    for (const v of values) {
      s.apply(1, v);
      d.apply(1, v);
    }
    expect([s.stations[1], s.handoffs(1), s.pingPong[1], d.count[1]]).toEqual([stations, handoffs, pong, distinct]);
  });

  it('starts a restarted case afresh', () => {
    const s = new Stations();
    const d = new DistinctValues();
    s.grow(1);
    d.grow(1);
    s.begin(0, false);
    d.begin(0, false);
    for (const v of [1, 2, 1]) {
      s.apply(0, v);
      d.apply(0, v);
    }
    s.begin(0, true);
    d.begin(0, true);
    s.apply(0, 5);
    d.apply(0, 5);
    expect([s.stations[0], s.pingPong[0], d.count[0]]).toEqual([1, 0, 1]);
  });
});
