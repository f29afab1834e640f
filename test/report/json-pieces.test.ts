/**
 * JSON written in pieces (src/report/renderers/json-stream.ts): the pieces join to exactly what
 * JSON.stringify gives (the expected text is JSON.stringify's, not the code under test), and a
 * document longer than V8's longest string, which JSON.stringify cannot make, is written piece by piece.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/report/renderers/json-stream.js';
import { renderJson, renderJsonPieces, renderNdjson, renderNdjsonPieces } from '../../src/report/renderers/json.js';
import { renderPieces } from '../../src/report/renderers/registry.js';
import { batched } from '../../src/cli/io.js';
import { renderCsv, renderTsv } from '../../src/report/renderers/csv.js';
import { compareReport, groupedReport } from './sample-report.js';

/** Values JSON.stringify treats specially: undefined members, NaN, -0, toJSON, odd keys and strings. */
const special = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  () => 1,
  new Date(Date.UTC(2025, 0, 2)),
  'line\nbreak "quoted" \u2028 \u0000',
  '',
  { toJSON: (key: string) => `key:${key}` },
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    special,
    fc.array(tie('node'), { maxLength: 6 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '10', '__proto__x', 'a\nb')), tie('node'), {
      maxKeys: 6,
    }),
  ),
})).node;

describe('jsonPieces', () => {
  it('joins to JSON.stringify(value, null, 2) and (value), walking every node or none (property)', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 3, 512), (v, small) => {
        for (const indent of [0, 2] as const) {
          const pieces = [...jsonPieces(v, indent, small)];
          const expected = JSON.stringify(v, null, indent);
          if (expected === undefined) expect(pieces).toEqual([]);
          else expect(pieces.join('')).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the report renderers (JSON, NDJSON, CSV, TSV) the same text as the whole-string renderers', async () => {
    for (const report of [compareReport(), groupedReport(['Billing', 'line\nbreak', null])]) {
      expect([...renderJsonPieces(report)].join('')).toBe(renderJson(report));
      expect([...renderNdjsonPieces(report)].join('')).toBe(renderNdjson(report));
      const pieces = await renderPieces(report, 'json');
      expect(typeof pieces).not.toBe('string');
      expect([...(pieces as Iterable<string>)].join('')).toBe(renderJson(report));
      for (const [format, whole] of [
        ['csv', renderCsv(report, { excel: true })],
        ['tsv', renderTsv(report, { excel: true })],
      ] as const) {
        const lines = (await renderPieces(report, format, { excel: true })) as string[];
        expect(lines.length).toBe(report.rows.length + 2);
        expect(lines.join('')).toBe(whole);
      }
      // A format without pieces gives its whole output.
      expect(typeof (await renderPieces(report, 'markdown'))).toBe('string');
    }
  });

  it('writes a report of 10,000 groups in pieces of at most one row each, joined as JSON.stringify', () => {
    // The whole-string renderer failed at about 130,000 groups (2^29 - 24 characters). Here the
    // pieces, not their total, are what must stay small: none is longer than one row's text.
    const rows = Array.from({ length: 10_000 }, (_, k) => ({
      period: { label: '2025-W47', start: '2025-11-17T00:00:00.000Z' },
      group: { team: `team ${k}`, priority: k % 2 === 0 ? 'high' : null },
      metrics: { frt: { kind: 'duration', n: k, median: k / 7, p90: undefined }, fcr: { value: Number.NaN } },
    }));
    const report = { schema_version: 1, rows, totals: { groups: rows } };
    const pieces = [...jsonPieces(report, 2)];
    const longestRow = rows.reduce((most, row) => Math.max(most, (JSON.stringify(row, null, 2) as string).length), 0);
    const longestPiece = pieces.reduce((most, piece) => Math.max(most, piece.length), 0);
    expect(longestPiece).toBeLessThanOrEqual(longestRow + 4 * 200);
    expect(pieces.join('')).toBe(JSON.stringify(report, null, 2));
    // Batches for writing are about a megabyte each, whatever the pieces.
    const sizes = [...batched(pieces)].map((batch) => batch.length);
    expect(sizes.slice(0, -1).every((size) => size >= 2 ** 20 && size < 2 ** 20 + longestRow + 1000)).toBe(true);
  });

  // About 545 million characters: a minute on a loaded two-core machine, so only when asked for.
  it.skipIf(process.env.OPSMETRICS_BIG_TESTS === undefined)(
    'writes a document longer than the longest string V8 can make (OPSMETRICS_BIG_TESTS=1)',
    () => {
      // One object of about a million characters, referenced 520 times: about 545 million characters
      // of JSON (V8's longest string is 2^29 - 24 = 536,870,888), while the value itself is small.
      const member = {
        period: { label: '2025-W47', start: '2025-11-17T00:00:00.000Z' },
        group: { team: 'Billing "north"', priority: 'high' },
        metrics: { frt: { kind: 'duration', n: 1234, median: 45.5 }, note: 'x'.repeat(1 << 20) },
      };
      const count = 520;
      const rows = Array.from({ length: count }, () => member);
      // The expected length, from JSON.stringify of one and of two members: it grows linearly.
      const one = (JSON.stringify({ rows: [member] }, null, 2) as string).length;
      const two = (JSON.stringify({ rows: [member, member] }, null, 2) as string).length;
      const expectedLength = one + (two - one) * (count - 1);
      expect(expectedLength).toBeGreaterThan(2 ** 29 - 24);
      let length = 0;
      let batches = 0;
      let head = '';
      let tail = '';
      for (const batch of batched(jsonPieces({ rows }, 2))) {
        if (batches === 0) head = batch.slice(0, 200);
        tail = batch.length >= 200 ? batch.slice(-200) : (tail + batch).slice(-200);
        length += batch.length;
        batches++;
      }
      expect(length).toBe(expectedLength);
      const whole = JSON.stringify({ rows: [member, member] }, null, 2) as string;
      expect(head).toBe(whole.slice(0, 200));
      expect(tail).toBe(whole.slice(-200));
    },
    300_000,
  );
});
