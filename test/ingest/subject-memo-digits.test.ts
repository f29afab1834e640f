/**
 * The digit-blind subject memo: when no complaint rule holds a digit (and no explanation keeps the
 * matched texts), subjects that differ only in their ASCII digits share one memo entry. The lane's
 * classes and rule hits are held against the reference `read`, which classifies every row's text
 * (expected values: the reference path, the code not under test), over random subjects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readClassified } from '../helpers/lane-classify.js';
import { ByteMemo, digitBlindHash } from '../../src/engine/byte-memo.js';
import type { ComplaintsConfig } from '../../src/complaints/rules.js';

const key = (text: string) => Buffer.from(text, 'utf8');

describe('ByteMemo, digit-blind', () => {
  it('takes keys that differ only in ASCII digits for one key, and no others', () => {
    const memo = new ByteMemo<string>(8, 64, true);
    const stored = key('order #123, 2025-01-02');
    expect(memo.get(stored, 0, stored.length)).toBeUndefined();
    memo.set(stored, 0, stored.length, 'v');
    expect(memo.get(key('order #987, 1999-12-31'), 0, stored.length)).toBe('v');
    expect(memo.get(key('order #12, 2025-01-02'), 0, stored.length - 1)).toBeUndefined();
    expect(memo.get(key('order #12a, 2025-01-02'), 0, stored.length)).toBeUndefined();
    expect(memo.get(key('Order #123, 2025-01-02'), 0, stored.length)).toBeUndefined();
    // A plain memo tells them apart.
    const plain = new ByteMemo<string>(8, 64);
    plain.get(stored, 0, stored.length);
    plain.set(stored, 0, stored.length, 'v');
    expect(plain.get(key('order #987, 1999-12-31'), 0, stored.length)).toBeUndefined();
  });

  it('finds a stored key exactly for the keys equal to it once every digit is made 0', () => {
    const text = fc.array(fc.constantFrom('1', '7', '0', 'a', 'A', ':', 'é'), { maxLength: 14 }).map((c) => c.join(''));
    fc.assert(
      fc.property(text, text, (stored, asked) => {
        const memo = new ByteMemo<string>(8, 64, true);
        const a = key(stored);
        memo.get(a, 0, a.length);
        memo.set(a, 0, a.length, 'v');
        const b = key(`xy${asked}`);
        const same = stored.replace(/[0-9]/g, '0') === asked.replace(/[0-9]/g, '0');
        expect(memo.get(b, 2, b.length)).toBe(same ? 'v' : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes every byte value at every place of a four-byte step as the same key with its digits made 0', () => {
    const base = [0x41, 0x42, 0x43, 0x44, 0x45];
    for (let at = 0; at < 5; at++) {
      for (let v = 0; v < 256; v++) {
        const bytes = Buffer.from(base);
        bytes[at] = v;
        const zeroed = Buffer.from(bytes);
        if (v >= 0x30 && v <= 0x39) zeroed[at] = 0x30;
        expect(digitBlindHash(bytes, 0, 5)).toBe(digitBlindHash(zeroed, 0, 5));
        // Any other byte is another key, and these have other hashes.
        if ((v < 0x30 || v > 0x39) && v !== base[at]) {
          expect(digitBlindHash(bytes, 0, 5)).not.toBe(digitBlindHash(Buffer.from(base), 0, 5));
        }
      }
    }
  });

  it('hashes as if every digit were 0', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const zeroed = text.replace(/[0-9]/g, '0');
        const a = key(text);
        const b = key(zeroed);
        expect(digitBlindHash(a, 0, a.length)).toBe(digitBlindHash(b, 0, b.length));
      }),
    );
  });
});

const HEADER = ['id', 'created', 'subject'];
const FRAGMENTS = [
  'Refund',
  'refund',
  'refunded',
  'late',
  'late2',
  '2late',
  'delivery',
  'wrong',
  'item',
  'order',
  '#',
  ' ',
  '  ',
  '-',
  ', ',
  '0',
  '7',
  '123',
  '4567',
  'error',
  '404',
  '405',
  'é',
  'Réclamation',
  '🚀',
  'N/A',
  '"',
  '\n',
];

/** Reads the subjects into a new table with complaint classification, through the byte lane or all through `read`. */
function classifySubjects(subjects: readonly string[], config: ComplaintsConfig | undefined, useLane: boolean) {
  const rows = subjects.map((subject, i) => [String(1000 + i), '2025-01-01T10:00:00Z', subject]);
  const { table, classifier, uncached } = readClassified(rows, HEADER, { config, explain: false, useLane });
  const complaints = Array.from({ length: table.length }, (_, row) => table.complaints[row]);
  const refs = table.dims.get('order_ref');
  const orderRefs = Array.from({ length: table.length }, (_, row) => refs?.codes[row]);
  return { complaints, orderRefs, unmatched: classifier.unmatchedRules(), uncached, classifier };
}

const subjects = fc.array(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((parts) => parts.join('')),
  { minLength: 1, maxLength: 60 },
);

describe('the byte lane with a digit-blind subject memo classifies as read does', () => {
  it('gives every row the same classes and order references, and the same rules no ticket matched', () => {
    fc.assert(
      fc.property(subjects, (list) => {
        const expected = classifySubjects(list, undefined, false);
        const actual = classifySubjects(list, undefined, true);
        expect(actual.classifier.digitBlind.has('subject')).toBe(true);
        expect(actual.complaints).toEqual(expected.complaints);
        expect(actual.orderRefs).toEqual(expected.orderRefs);
        expect(actual.unmatched).toEqual(expected.unmatched);
      }),
      { numRuns: 150 },
    );
  });

  it('classifies subjects that differ only in digits once', () => {
    const list = Array.from({ length: 50 }, (_, i) => `Refund for order #${100000 + 7919 * i}`);
    const actual = classifySubjects(list, undefined, true);
    expect(actual.uncached).toBe(1);
    expect(actual.complaints).toEqual(classifySubjects(list, undefined, false).complaints);
    expect(actual.complaints.every((mask) => mask === 2)).toBe(true);
  });

  it('tells digits apart when a rule holds one', () => {
    const config: ComplaintsConfig = { classes: { not_found: { any: ['error 404'], fields: ['subject'] } } };
    const list = ['error 404', 'error 405', 'error 404 again', 'Error 4040'];
    const actual = classifySubjects(list, config, true);
    expect(actual.classifier.digitBlind.has('subject')).toBe(false);
    const bit = 1 << 6;
    expect(actual.complaints.map((mask) => ((mask as number) & bit) !== 0)).toEqual([true, false, true, false]);
    expect(actual.complaints).toEqual(classifySubjects(list, config, false).complaints);
    fc.assert(
      fc.property(subjects, (random) => {
        expect(classifySubjects(random, config, true).complaints).toEqual(
          classifySubjects(random, config, false).complaints,
        );
      }),
      { numRuns: 50 },
    );
  });
});
