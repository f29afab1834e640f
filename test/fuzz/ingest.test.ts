/**
 * The long fuzz run: `npm run fuzz` (OPSMETRICS_FUZZ_SECONDS, default 180). Skipped by `npm test`,
 * which runs the bounded versions of these properties (test/ingest/robustness.test.ts).
 *
 * Until the time is up it feeds the ingest random bytes, damaged ticket CSV, quoting-heavy CSV and
 * JSON-like text, in random chunk sizes, through both CSV engines, and checks: no crash (only
 * AppErrors with exit 2/3 and a hint), the accounting read = tickets + duplicates + rejected, and the
 * fast engine agreeing with the reference reader on every count, issue and ticket.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountingHolds, damagedCsv, HEADER, ingest, nastyCell, type IngestOutcome } from '../helpers/robustness.js';
import { csvTextCell } from '../../src/report/renderers/csv.js';

const seconds = Number(process.env.OPSMETRICS_FUZZ_SECONDS ?? 0);
const encoder = new TextEncoder();

const inputs = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.uint8Array({ maxLength: 600 }).map((tail) => Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from(tail)])),
  damagedCsv.map(({ text }) => encoder.encode(text)),
  fc
    .array(fc.array(nastyCell, { minLength: 1, maxLength: 7 }), { maxLength: 25 })
    .map((rows) =>
      encoder.encode(
        `${HEADER}\r\n${rows.map((cells) => cells.map((cell, i) => (i % 2 === 0 ? csvTextCell(cell) : cell)).join(',')).join('\r\n')}`,
      ),
    ),
  fc
    .string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', 'a', '1', ' ', '\\'), maxLength: 300 })
    .map((text) => encoder.encode(text)),
  fc
    .tuple(damagedCsv, fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x80], [0xe9], [0xc3]))
    .map(([{ text }, prefix]) => Buffer.concat([Buffer.from(prefix), Buffer.from(text, 'utf8')])),
);

function summary(outcome: IngestOutcome) {
  // After a fatal error the partial counts do not matter (the run ends with exit 2/3): compare the error.
  if (outcome.error !== undefined) return { error: outcome.error.code };
  return {
    read: outcome.read,
    tickets: outcome.tickets,
    duplicate: outcome.duplicate,
    rejected: outcome.rejected,
    blank: outcome.blank,
    error: outcome.error?.code ?? null,
    issues: outcome.issues.map((issue) => `${issue.code}@${issue.line}:${issue.column ?? ''}:${issue.action}`).sort(),
    rows: outcome.rows,
  };
}

describe.skipIf(!(seconds > 0))(`fuzz (${seconds} s)`, () => {
  it(
    'never crashes, keeps the accounting, and both engines agree',
    async () => {
      const deadline = Date.now() + seconds * 1000;
      let runs = 0;
      const property = fc.asyncProperty(
        inputs,
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 5 }),
        fc.constantFrom<'reject' | 'null'>('reject', 'null'),
        async (bytes, chunks, onBadValue) => {
          runs++;
          const reference = await ingest(bytes, { engine: 'reference', chunks, onBadValue });
          if (reference.error === undefined) expect(accountingHolds(reference)).toBe(true);
          else expect(reference.error.hint ?? '', reference.error.message).not.toBe('');
          const fast = await ingest(bytes, { engine: 'fast', chunks, onBadValue });
          expect(summary(fast)).toEqual(summary(reference));
        },
      );
      while (Date.now() < deadline) {
        const result = await fc.check(property, { numRuns: 500 });
        if (result.failed) throw new Error(fc.defaultReportMessage(result) ?? 'fuzz property failed');
      }
      console.log(`fuzz: ${runs} inputs in ${seconds} s, no failure`);
    },
    (seconds + 120) * 1000,
  );
});
