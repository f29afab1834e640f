/**
 * The byte lane classifies a subject once per distinct bytes (src/engine/byte-memo.ts) and applies
 * the result to every row with the same bytes. These tests hold the memo itself (generations, keys
 * that differ by one byte, keys too long to keep) and the lane's classes, matches and rule hits
 * against the reference `read`, which classifies every row's text (expected values: the reference
 * path, the code not under test).
 */
import { describe, expect, it } from 'vitest';
import { readClassified } from '../helpers/lane-classify.js';
import { ByteMemo } from '../../src/engine/byte-memo.js';

const key = (text: string) => Buffer.from(text, 'utf8');

describe('ByteMemo', () => {
  it('finds what was stored for the same bytes, and nothing for other bytes', () => {
    const memo = new ByteMemo<string>(8, 64);
    const buf = key('xxrefundyy');
    expect(memo.get(buf, 2, 8)).toBeUndefined();
    memo.set(buf, 2, 8, 'r');
    expect(memo.get(key('refund'), 0, 6)).toBe('r');
    expect(memo.get(key('refunD'), 0, 6)).toBeUndefined();
    expect(memo.get(key('refun'), 0, 5)).toBeUndefined();
    expect(memo.get(key('refunds'), 0, 7)).toBeUndefined();
    expect(memo.get(key(''), 0, 0)).toBeUndefined();
  });

  it('keeps two generations: a key survives one roll-over, and is copied up when met again', () => {
    const memo = new ByteMemo<number>(2, 1024);
    const put = (text: string, value: number) => {
      const b = key(text);
      expect(memo.get(b, 0, b.length)).toBeUndefined();
      memo.set(b, 0, b.length, value);
    };
    const get = (text: string) => memo.get(key(text), 0, key(text).length);
    put('a', 1);
    put('b', 2);
    // Current {a, b} is full: c starts a new generation, {a, b} the previous one.
    put('c', 3);
    expect(get('a')).toBe(1); // from the previous generation, copied into the current {c, a}
    put('d', 4); // current full again: {c, a} becomes previous, b is dropped
    expect(get('b')).toBeUndefined();
    expect(get('a')).toBe(1);
    expect(get('c')).toBe(3);
    expect(get('d')).toBe(4);
  });

  it('rolls over when the bytes are used up, and does not keep a key longer than a generation holds', () => {
    const memo = new ByteMemo<number>(100, 8);
    const long = key('123456789');
    expect(memo.get(long, 0, long.length)).toBeUndefined();
    memo.set(long, 0, long.length, 9);
    expect(memo.get(long, 0, long.length)).toBeUndefined();
    const a = key('abcdef');
    memo.get(a, 0, 6);
    memo.set(a, 0, 6, 1);
    const b = key('ghijk');
    memo.get(b, 0, 5);
    memo.set(b, 0, 5, 2); // 6 + 5 > 8: a new generation
    expect(memo.get(a, 0, 6)).toBe(1);
    expect(memo.get(b, 0, 5)).toBe(2);
  });
});

const HEADER = ['id', 'created', 'subject', 'category'];
const CATEGORIES = ['Refunds', 'refunds', 'Shipping', 'Damaged goods', 'N/A', '', 'Lost data', 'Billing'];
const SUBJECTS = [
  'Refund please',
  'refund please',
  ' Refund please ',
  'Charged twice, "again"',
  'Charged twice, again',
  'Wrong item #12',
  'Wrong item',
  'Réclamation: remboursé, late delivery',
  'Paket beschädigt – damaged',
  'N/A',
  '',
  'Still waiting\nfor my order',
  'Still waiting\r\nfor my order',
  `${'x '.repeat(2100)}refund`,
  `refund ${'x '.repeat(2100)}`,
  'no match here',
  'app crashes 🚀 never arrived',
];

/** Reads the rows into a new table with complaint classification, through the byte lane or all through `read`. */
function classifyRows(rows: string[][], useLane: boolean) {
  const { table, classifier, lane, scanned, uncached } = readClassified(rows, HEADER, { explain: true, useLane });
  expect(lane).toBe(true);
  expect(scanned).toEqual(rows);
  const complaints = Array.from({ length: table.length }, (_, row) => table.complaints[row]);
  const matches = Array.from({ length: table.length }, (_, row) => table.complaintMatches.get(row) ?? []);
  return { complaints, matches, unmatched: classifier.unmatchedRules(), uncached };
}

describe('the byte lane classifies subjects and categories as read does', () => {
  it('gives every row the same classes, matches and rule hits, subjects repeated in every spelling', () => {
    const rows: string[][] = [];
    for (let i = 0; i < 400; i++) {
      rows.push([
        String(1000 + i),
        `2025-01-0${1 + (i % 9)}T10:00:00Z`,
        SUBJECTS[(i * 7) % SUBJECTS.length] as string,
        CATEGORIES[(i * 5) % CATEGORIES.length] as string,
      ]);
    }
    const expected = classifyRows(rows, false);
    const actual = classifyRows(rows, true);
    expect(actual.complaints).toEqual(expected.complaints);
    expect(actual.matches).toEqual(expected.matches);
    expect(actual.unmatched).toEqual(expected.unmatched);
    // The lane classified from its memo: at most once per distinct subject without a "#" (one has one,
    // and its order references need the text) and once per category, never once per row.
    expect(expected.uncached).toBe(0);
    expect(actual.uncached).toBeGreaterThan(0);
    expect(actual.uncached).toBeLessThanOrEqual(SUBJECTS.length - 1 + CATEGORIES.length);
    // Categories matched too (Damaged goods is an order error, bit 2; Lost data... lost_data, bit 5).
    expect(expected.complaints.filter((mask) => ((mask as number) & (1 << 5)) !== 0).length).toBeGreaterThan(20);
    // The classes are there at all (a refund is a billing error, bit 1 in the default order).
    expect(expected.complaints.filter((mask) => ((mask as number) & 2) !== 0).length).toBeGreaterThan(50);
  });
});
