/**
 * Property tests of the trust guarantees, in-process for speed (bounded runs; the long run is
 * `npm run fuzz`): random bytes and random CSV never crash (only clear AppErrors), CSV written then
 * read gives back the cells, and read = tickets + duplicates + rejected always holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openRecordSource } from '../../src/ingest/records.js';
import { csvTextCell } from '../../src/report/renderers/csv.js';
import { accountingHolds, damagedCsv, HEADER, ingest, nastyCell } from '../helpers/robustness.js';

const RUNS = 60;
const encoder = new TextEncoder();

async function* once(bytes: Uint8Array): AsyncGenerator<Buffer> {
  yield Buffer.from(bytes);
}

describe('robustness properties', () => {
  it('random bytes after a valid header never crash, and the accounting holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 4 }),
        async (tail, chunks) => {
          const bytes = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from(tail)]);
          const outcome = await ingest(bytes, { chunks });
          if (outcome.error === undefined) expect(accountingHolds(outcome)).toBe(true);
          else expect(outcome.error.hint ?? '').not.toBe('');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('random bytes as a whole file never crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const outcome = await ingest(bytes);
        if (outcome.error === undefined) expect(accountingHolds(outcome)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('damaged ticket CSV: every non-blank line is accounted for exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        damagedCsv,
        fc.constantFrom<'reject' | 'null'>('reject', 'null'),
        async ({ text, lines }, onBadValue) => {
          const outcome = await ingest(encoder.encode(text), { onBadValue });
          expect(outcome.error).toBeUndefined();
          expect(outcome.read).toBe(lines);
          expect(accountingHolds(outcome)).toBe(true);
          // Every rejected row has a coded issue saying why.
          const rowsByLine = new Map<number, number>();
          for (const issue of outcome.issues) {
            if (issue.action === 'rejected')
              rowsByLine.set(issue.line, Math.max(rowsByLine.get(issue.line) ?? 0, issue.rows ?? 1));
          }
          expect([...rowsByLine.values()].reduce((sum, rows) => sum + rows, 0)).toBe(outcome.rejected);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('CSV written with the shared cell writer reads back the same cells', async () => {
    const width = 3;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(nastyCell, nastyCell, nastyCell), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, lineEnd) => {
          // The first cell is never blank, so no row is skipped as a blank line.
          // NUL is left out: a NUL byte in the first KiB marks the file as binary (not_text), by design.
          const data = rows.map((cells, i) =>
            cells.map((cell, j) => `${j === 0 ? `r${i}` : ''}${cell}`.replaceAll('\u0000', '')),
          );
          const text =
            [
              'a,b,c',
              ...data.map((cells) => cells.map((cell) => csvTextCell(cell, { formulaEscape: false })).join(',')),
            ].join(lineEnd) + lineEnd;
          const source = await openRecordSource(once(encoder.encode(text)), {
            name: 'roundtrip.csv',
            onIssue: () => {},
          });
          const read: string[][] = [];
          for await (const record of source.records) read.push(record.cells);
          expect(source.header).toEqual(['a', 'b', 'c']);
          expect(read.map((cells) => cells.slice(0, width))).toEqual(data);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
