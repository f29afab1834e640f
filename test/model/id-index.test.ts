import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex, idHashBytes, TicketIds } from '../../src/engine/ticket-ids.js';

/**
 * Adds each id (bytes path for even positions, text path for odd ones) unless already there; returns what the index
 * answered.
 */
function fill(
  ids: readonly string[],
  reserve?: { at: number; rows: number },
): { rows: Map<string, number>; answers: (number | undefined)[]; index: IdIndex } {
  const store = new TicketIds();
  const index = new IdIndex(store);
  const rows = new Map<string, number>();
  const answers: (number | undefined)[] = [];
  ids.forEach((id, i) => {
    if (reserve?.at === i) index.reserve(reserve.rows);
    const bytes = Buffer.from(id, 'utf8');
    const found = i % 2 === 0 ? index.getBytes(bytes, 0, bytes.length) : index.get(id);
    answers.push(found);
    if (found !== undefined) return;
    const row = store.length;
    if (i % 2 === 0) {
      store.pushBytes(bytes, 0, bytes.length);
      index.setHashed(row, idHashBytes(bytes, 0, bytes.length));
    } else {
      store.push(id);
      index.set(row);
    }
    rows.set(id, row);
  });
  // Every id is found again, by text and by bytes, at its row.
  for (const [id, row] of rows) {
    const bytes = Buffer.from(id, 'utf8');
    expect(index.get(id)).toBe(row);
    expect(index.getBytes(bytes, 0, bytes.length)).toBe(row);
  }
  return { rows, answers, index };
}

describe('IdIndex', () => {
  it('finds the first row of each id, numeric or not, dense or sparse', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 5000 }).map(String),
      fc.integer({ min: 0, max: 2 ** 40 }).map(String),
      fc.constantFrom('007', '7', '0', '00', '1e3', '-5', '12345678901234567', 'İ', '١', 'ZD-12', ''),
      fc.string({ maxLength: 6 }),
      // Prefixed numbers: the dense index takes the prefix of the first such id; near misses must stay apart.
      fc
        .tuple(
          fc.constantFrom('HD-', 'hd-', 'HD', 'HD--', '#', 'İ-', 'ABCDEFGHIJKLMNOPQ-', 'ABCDEFGHIJKLMNOP'),
          fc.integer({ min: 0, max: 3000 }),
        )
        .map(([p, n]) => `${p}${n}`),
      fc.constantFrom('HD-', 'HD-07', 'HD-7x', 'HD-١', 'HD-1234567890123456', 'HD-123456789012345'),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        const { rows, answers } = fill(ids);
        const seen = new Map<string, number>();
        ids.forEach((x, i) => {
          expect(answers[i]).toBe(seen.get(x));
          if (!seen.has(x)) seen.set(x, rows.get(x) as number);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('numbers prefixed ids (HD-1042) in the dense range, and keeps other prefixes and spellings apart', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `HD-${100000 + i}`);
    const { answers, index } = fill([
      ...ids,
      'HD-100007',
      'hd-100007',
      'HD100007',
      'HD-0100007',
      '100007',
      'HD-100007 ',
      'HD-100007',
    ]);
    expect(answers.slice(5000)).toEqual([7, undefined, undefined, undefined, undefined, undefined, 7]);
    // The 5000 HD- ids are in the dense array; only the 5 other spellings went to the hash table.
    expect(index['denseCount']).toBe(5000);
    expect(index['size']).toBe(5);
    // Reference-path rows (text) and byte rows agree on a prefixed id.
    const mixed = fill(['PROJ-7', 'PROJ-8', 'PROJ-7', 'PROJ-8']);
    expect(mixed.answers).toEqual([undefined, undefined, 0, 1]);
  });

  it('keeps "007" and "7" apart, and sequential ids in either direction', () => {
    const { answers } = fill(['7', '007', '7', '007', '0', '00']);
    expect(answers).toEqual([undefined, undefined, 0, 1, undefined, undefined]);
    const up = Array.from({ length: 20000 }, (_, i) => String(100000 + i));
    expect(fill([...up, ...up]).answers.slice(20000)).toEqual(up.map((_, i) => i));
    const down = [...up].reverse();
    expect(fill([...down, '100005']).answers.at(-1)).toBe(19994);
    // Far-apart numbers (a sparse range) still work, through the hash table.
    expect(fill(['1', '900000000000', '1', '900000000000', '450000000000']).answers).toEqual([
      undefined,
      undefined,
      0,
      1,
      undefined,
    ]);
  });

  it('makes the room reserved at the first hashed id, and none for ids that all go dense', () => {
    const sequential = Array.from({ length: 3000 }, (_, i) => String(5000 + i));
    const dense = fill(sequential, { at: 0, rows: 1_000_000 });
    // Reserving a million rows mapped nothing while every id went to the dense array.
    expect(dense.index['slots'].length).toBe(2 * 1024);
    // The first hashed id makes the reserved room at once: at least twice the slots of the rows.
    const words = Array.from({ length: 3000 }, (_, i) => `ticket-${i * 7919}`);
    const hashed = fill(words, { at: 0, rows: 100_000 });
    expect(hashed.index['slots'].length).toBe(2 * 262_144);
    // A reserve after ids were hashed grows the table then, keeping them; a random point of reserve
    // changes no answer.
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), fc.string({ maxLength: 4 })), {
          maxLength: 400,
        }),
        fc.nat(400),
        fc.nat(5000),
        (ids, at, rows) => {
          const plain = fill(ids).answers;
          expect(fill(ids, { at, rows }).answers).toEqual(plain);
        },
      ),
      { numRuns: 200 },
    );
  });
});
