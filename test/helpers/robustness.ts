/**
 * In-process ingest for the robustness property tests and the fuzz run (test/fuzz): bytes -> records
 * -> ticket table, the way `opsmetrics report` reads a file, with the row accounting. Any error that
 * is not an AppError (exit 2/3 with a message and a hint) is a crash.
 */
import fc from 'fast-check';
import { AppError } from '../../src/errors.js';
import { FastPathBailout, openFastCsv } from '../../src/engine/fast-csv.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { createRowReader, type BadValuePolicy } from '../../src/ingest/normalize.js';
import { TicketBuilder } from '../../src/engine/ticket-builder.js';
import { ticketRecordSink } from '../../src/engine/ticket-reader.js';
import { generic } from '../../src/ingest/profiles/tickets/generic.js';
import { openRecordSource } from '../../src/ingest/records.js';
import { TicketTable } from '../../src/engine/ticket-table.js';

export const HEADER = 'id,created,solved,frt,team,reopens';
const map = {
  id: 'id',
  created: 'created',
  solved: 'solved',
  first_reply_minutes: 'frt',
  team: 'team',
  reopens: 'reopens',
};

export interface IngestOutcome {
  /** Rows read: records handed to the row reader plus rows the CSV/JSON reader rejected. */
  read: number;
  /** Tickets in the table (duplicates folded). */
  tickets: number;
  duplicate: number;
  rejected: number;
  blank: number;
  issues: RowIssue[];
  /** The AppError that ended the run, if any (a clear exit 2/3). */
  error?: AppError;
  engine: 'fast' | 'reference';
  /** Ticket ids and creation instants in table order, to compare engines. */
  rows: string[];
}

export interface IngestOptions {
  engine?: 'fast' | 'reference';
  name?: string;
  onBadValue?: BadValuePolicy;
  /** Sizes of the chunks the bytes are fed in, cycled (default: one chunk). */
  chunks?: readonly number[];
}

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : (sizes[i % sizes.length] ?? 1));
    yield Buffer.from(bytes.subarray(at, at + size));
    at += size;
  }
}

/**
 * Reads `bytes` as `opsmetrics report` would (generic profile, the mapping of fixtures/broken). Throws only on a crash.
 */
export async function ingest(bytes: Uint8Array, options: IngestOptions = {}): Promise<IngestOutcome> {
  const engine = options.engine ?? 'reference';
  const attempt = async (useFast: boolean): Promise<IngestOutcome> => {
    const issues: RowIssue[] = [];
    let sourceRejected = 0;
    const table = new TicketTable(16);
    const builder = new TicketBuilder(table);
    const outcome = (read: number, blank: number, error?: AppError): IngestOutcome => {
      const rows: string[] = [];
      for (let i = 0; i < table.length; i++) rows.push(`${table.ids.get(i)}@${table.instants.created[i] ?? NaN}`);
      return {
        read: read + sourceRejected,
        tickets: table.length,
        duplicate: builder.counts.duplicate,
        rejected: builder.counts.rejected + sourceRejected,
        blank,
        issues,
        ...(error === undefined ? {} : { error }),
        engine: useFast ? 'fast' : 'reference',
        rows,
      };
    };
    const sourceOptions = {
      name: options.name ?? 'fuzz.csv',
      maxFieldBytes: 64 * 1024,
      onIssue: (issue: RowIssue) => {
        if (issue.action === 'rejected') sourceRejected += issue.rows ?? 1;
        issues.push(issue);
      },
    };
    let read = 0;
    let stats = () => ({ blank: 0 });
    try {
      const fast = useFast ? await openFastCsv(chunked(bytes, options.chunks ?? []), sourceOptions) : undefined;
      const source = fast ?? (await openRecordSource(chunked(bytes, options.chunks ?? []), sourceOptions));
      stats = () => source.stats();
      const reader = createRowReader(source.header, builder, {
        file: sourceOptions.name,
        profile: generic,
        map,
        by: [],
        inputTimezone: 'UTC',
        nullTokens: ['', 'NULL', 'N/A'],
        onBadValue: options.onBadValue ?? 'reject',
        onIssue: (issue) => issues.push(issue),
      });
      if (fast !== undefined) {
        read = await fast.run(ticketRecordSink(reader, builder));
      } else {
        for await (const record of (source as Awaited<ReturnType<typeof openRecordSource>>).records) {
          read++;
          reader.read(record.cells, record.line);
        }
      }
      return outcome(read, stats().blank);
    } catch (error) {
      if (error instanceof FastPathBailout) return attempt(false);
      if (error instanceof AppError && (error.exitCode === 2 || error.exitCode === 3))
        return outcome(read, stats().blank, error);
      throw error;
    }
  };
  return attempt(engine === 'fast');
}

/** Nothing lost: every row read is a ticket, a folded duplicate, or rejected. */
export function accountingHolds(outcome: IngestOutcome): boolean {
  return outcome.read === outcome.tickets + outcome.duplicate + outcome.rejected;
}

const cellAlphabet = fc.constantFrom(
  'a',
  'Z',
  '0',
  '7',
  ' ',
  ',',
  ';',
  '"',
  '\r',
  '\n',
  '\t',
  '-',
  '=',
  ':',
  'T',
  '.',
  'é',
  '€',
  '\u001b',
  '\uFFFD',
  '\u0000',
);
/** A cell of text that is hard for CSV: quotes, delimiters, line breaks, controls, non-ASCII. */
export const nastyCell = fc.oneof(
  fc.string({ unit: cellAlphabet, maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('2025-11-17T09:00Z', '2025-11-31T09:00Z', '45615.5', '1,234', '-5', '99999999999', '', 'N/A'),
);

/** Mostly well-formed ticket lines with damage: ragged rows, stray quotes, bad values, duplicates, blank lines. */
export const damagedCsv = fc
  .array(
    fc.record({
      id: fc.oneof(fc.integer({ min: 1, max: 30 }).map(String), fc.constant('')),
      created: fc.constantFrom(
        '2025-11-17T09:00Z',
        '2025-11-18 10:30',
        '2025-02-30T00:00Z',
        'yesterday',
        '45615.5',
        '',
        '2025-11-17T09:00:00+01:00',
      ),
      solved: fc.constantFrom('', '2025-11-17T12:00Z', '2024-01-01T00:00Z', '2065-01-01T00:00Z', 'n/a'),
      frt: fc.constantFrom('', '30', '-5', '1,5', '1.234,5', '1 234', '21038400', 'ten'),
      team: fc.oneof(
        fc.constantFrom('Billing', 'Sales', '=cmd', 'x"y', ''),
        fc.string({ unit: 'grapheme-ascii', maxLength: 5 }),
      ),
      reopens: fc.constantFrom('', '0', '1', '-1', '2.5'),
      damage: fc.constantFrom('none', 'none', 'none', 'extra', 'missing', 'blank', 'quote'),
    }),
    { maxLength: 40 },
  )
  .map((rows) => {
    let lines = 0;
    const text = rows
      .map((row) => {
        const cells = [row.id, row.created, row.solved, row.frt, row.team, row.reopens].map((cell) =>
          cell.replace(/[\r\n,"]/g, ' '),
        );
        if (row.damage === 'blank') return '';
        lines++;
        if (row.damage === 'extra') cells.push('surplus');
        if (row.damage === 'missing') cells.pop();
        if (row.damage === 'quote') cells[4] = `Bi"ll`;
        // A ticket line that would be all blank is skipped as blank, not read.
        if (cells.every((cell) => cell.trim() === '')) {
          lines--;
          return '';
        }
        return cells.join(',');
      })
      .join('\n');
    return { text: `${HEADER}\n${text}\n`, lines };
  });
