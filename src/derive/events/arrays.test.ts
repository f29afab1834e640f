import { describe, expect, it } from 'vitest';
import { byCase, Column, grow, Pool } from './arrays.js';

describe('arrays', () => {
  it('grows typed arrays, keeping the values', () => {
    expect([...grow(Int32Array.of(7), 3)]).toEqual([7, 0, 0]);
    const c = new Column(new Float64Array(1));
    for (let k = 0; k < 5; k++) c.push(k);
    expect([...c.view()]).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps linked lists in one pool and reuses released nodes', () => {
    const pool = new Pool(2);
    const a = pool.append(-1, 1, 10);
    pool.append(a, 2, 20);
    const values = (head: number) => {
      const out: number[] = [];
      for (let n = head; n >= 0; n = pool.next(n)) out.push(pool.value(n, 1));
      return out;
    };
    expect(values(a)).toEqual([10, 20]);
    pool.release(a);
    const b = pool.append1(-1, 3);
    expect(b === a || b === a + 1).toBe(true);
  });

  it('groups tagged entries by case, dropping a voided generation', () => {
    // case 0 (generation 0) 5 and 7; case 1 restarted (live generation 1): its generation-0 entry 6 is void
    const { offsets, columns } = byCase(2, Uint32Array.of(0, 2, 0, 3), [Float64Array.of(5, 6, 7, 8)], (row) =>
      row === 1 ? 1 : 0,
    );
    expect([...offsets]).toEqual([0, 2, 3]);
    expect([...columns[0]!]).toEqual([5, 7, 8]);
  });
});
