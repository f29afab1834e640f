/**
 * Reads generic ticket rows (id, created, subject, ...) with complaint classification into a new table,
 * either through the byte lane (`readBytes`, as the fast engine does) or all through the row reader's
 * `read` (the reference path), for tests that compare the two (test/ingest/subject-memo*.test.ts).
 */
import { ByteRecord } from '../../src/engine/byte-record.js';
import { ScanState, scanRecord } from '../../src/engine/scanner.js';
import { TicketBuilder } from '../../src/engine/ticket-builder.js';
import { ticketRecordSink } from '../../src/engine/ticket-reader.js';
import { TicketTable } from '../../src/engine/ticket-table.js';
import { ComplaintClassifier } from '../../src/complaints/classifier.js';
import { compileComplaintClasses, type ComplaintsConfig } from '../../src/complaints/rules.js';
import { createRowReader } from '../../src/ingest/normalize.js';
import { generic } from '../../src/ingest/profiles/tickets/generic.js';

const quoteCell = (cell: string) =>
  /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;

export interface LaneRead {
  table: TicketTable;
  classifier: ComplaintClassifier;
  /** Whether the sink had a byte lane at all. */
  lane: boolean;
  /** The cells the scanner found in each record (to compare with the rows written). */
  scanned: string[][];
  /** Texts classified without the classifier's text cache: the lane's, once per distinct bytes. */
  uncached: number;
}

export function readClassified(
  rows: readonly (readonly string[])[],
  header: string[],
  options: { config?: ComplaintsConfig | undefined; explain: boolean; useLane: boolean },
): LaneRead {
  const buf = Buffer.from(`${rows.map((cells) => cells.map(quoteCell).join(',')).join('\n')}\n`, 'utf8');
  const table = new TicketTable(16);
  const builder = new TicketBuilder(table);
  const classifier = new ComplaintClassifier(compileComplaintClasses(options.config), { explain: options.explain });
  let uncached = 0;
  const resultOf = classifier.resultOf.bind(classifier);
  classifier.resultOf = (field, text, cache) => {
    if (!cache) uncached++;
    return resultOf(field, text, cache);
  };
  const rowReader = createRowReader(header, builder, {
    file: 'f.csv',
    profile: generic,
    map: Object.fromEntries(header.map((name) => [name, name])),
    by: [],
    inputTimezone: 'UTC',
    nullTokens: ['', 'N/A'],
    onBadValue: 'reject',
    classifier,
  });
  const reader = ticketRecordSink(rowReader, builder);
  const state = new ScanState(0x2c);
  const record = new ByteRecord();
  const lines = { breaks: 0 };
  const scanned: string[][] = [];
  let pos = 0;
  for (let i = 0; i < rows.length; i++) {
    pos = scanRecord(buf, pos, buf.length, state, true, record, lines);
    record.buf = buf;
    record.line = i + 2;
    scanned.push(record.cells());
    if (options.useLane) (reader.readBytes as (r: ByteRecord) => void)(record);
    else reader.read(record.cells(), i + 2);
  }
  return { table, classifier, lane: reader.readBytes !== undefined, scanned, uncached };
}
