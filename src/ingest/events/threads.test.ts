import { describe, expect, it } from 'vitest';
import { normalizeMessageId, ReplyThreads } from './threads.js';

describe('normalizeMessageId', () => {
  it.each([
    ['3', '3'],
    [' 3.0 ', '3'],
    ['17.00', '17'],
    ['-4.0', '-4'],
    ['3.5', '3.5'],
    ['A-3.0', 'A-3.0'],
    ['1e3', '1e3'],
    ['', ''],
  ])('%j -> %j', (text, id) => expect(normalizeMessageId(text)).toBe(id));
});

describe('ReplyThreads', () => {
  /** Messages [id, parent] read in this order at times 0, 1, 2, ... */
  function resolve(messages: [string, string][]) {
    const threads = new ReplyThreads();
    const index = messages.map(([id, parent], k) => threads.message(id, parent, k, k));
    const found = threads.resolve();
    const rootOf = (k: number) => threads.ids[found.root[index[k]!]!];
    return {
      roots: messages.map((_, k) => rootOf(k)),
      orphans: found.orphans.map((m) => threads.ids[m]),
      cycles: found.cycles.map(({ message, parent }) => [threads.ids[message], parent]),
    };
  }

  it('roots every reply at the first message of its chain, float ids equal to integers', () => {
    expect(
      resolve([
        ['1', ''],
        ['2', '1.0'],
        ['3', '2'],
        ['4', '1'],
        ['5', ''],
      ]).roots,
    ).toEqual(['1', '1', '1', '1', '5']);
  });

  it('finds the root whatever the reading order (a reply before its parent)', () => {
    expect(
      resolve([
        ['3', '2.0'],
        ['2', '1.0'],
        ['1', ''],
      ]).roots,
    ).toEqual(['1', '1', '1']);
  });

  it('lets an orphan (parent not in the input) start its own conversation, and says so', () => {
    const found = resolve([
      ['16', '999.0'],
      ['17', '16.0'],
    ]);
    expect(found.roots).toEqual(['16', '16']);
    expect(found.orphans).toEqual(['16']);
  });

  it('breaks a cycle at its earliest message, which becomes the root of everything hanging off it', () => {
    // 18 -> 20 -> 19 -> 18; 21 answers 19
    const found = resolve([
      ['18', '20'],
      ['19', '18'],
      ['20', '19'],
      ['21', '19'],
    ]);
    expect(found.roots).toEqual(['18', '18', '18', '18']);
    expect(found.cycles).toEqual([['18', '20']]);
    expect(found.orphans).toEqual([]);
  });

  it('reads a message that answers itself as a root', () => {
    expect(resolve([['7', '7.0']]).roots).toEqual(['7']);
  });
});
