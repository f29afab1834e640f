import { describe, expect, it } from 'vitest';
import { CaseAttributes } from './attributes.js';
import { CaseDuration } from './duration.js';
import { LabelTrie, Variants } from './variants.js';
import { at } from '../../../test/helpers/fold-events.js';

describe('Variants', () => {
  it('keeps every label in order, repeats included, and shares prefixes between cases', () => {
    const v = new Variants();
    v.grow(3);
    const sequences = [
      [1, 2, 2, 3],
      [1, 2, 2, 3],
      [1, 2, 0, 4],
    ];
    sequences.forEach((labels, i) => {
      v.begin(i, false);
      for (const label of labels) v.apply(i, label);
    });
    expect(v.node[0]).toBe(v.node[1]);
    expect(v.trie.sequence(v.node[0]!)).toEqual([1, 2, 2, 3]);
    expect(v.trie.sequence(v.node[2]!)).toEqual([1, 2, 4]);
    // nodes: empty, 1, 1>2, 1>2>2, 1>2>2>3, 1>2>4
    expect(v.trie.size).toBe(6);
  });

  it('finds children again after the table grew', () => {
    const trie = new LabelTrie();
    const nodes: number[] = [];
    for (let k = 1; k <= 5000; k++) nodes.push(trie.child(k % 7, k));
    for (let k = 1; k <= 5000; k++) expect(trie.child(k % 7, k)).toBe(nodes[k - 1]);
    expect(trie.parent(nodes[4]!)).toBe(5);
    expect(trie.label(nodes[4]!)).toBe(5);
  });
});

describe('CaseDuration and CaseAttributes', () => {
  it('keeps the last event and the last end activity', () => {
    const d = new CaseDuration(new Set([9]));
    d.grow(1);
    d.begin(0, at('09:00'));
    d.apply(0, at('10:00'), 9);
    d.apply(0, at('12:00'), 3);
    expect([d.lastAt[0], d.endAt[0]]).toEqual([at('12:00'), at('10:00')]);
  });

  it.each([
    ['first', [0, 5, 7], 5],
    ['last', [0, 5, 7, 0], 7],
  ] as const)('takes the %s value', (policy, values, expected) => {
    const a = new CaseAttributes(1, policy);
    a.grow(1);
    a.begin(0, false);
    for (const v of values) a.apply(0, Uint32Array.of(v));
    expect(a.codes[0]![0]).toBe(expected);
  });
});
