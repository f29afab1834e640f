/**
 * The fast engine's side of reading tickets: the record sink the fast CSV reader feeds, which sends clean
 * rows down the byte lane and any other row to the reference reader (ingest/normalize.ts), and sets
 * the table's rows ahead of the reader (row plans, idle work, spare memory).
 */
import type { RowReader } from '../ingest/normalize.js';
import { createByteLane } from './byte-lane.js';
import type { RecordSink } from './byte-record.js';
import type { TicketBuilder } from './ticket-builder.js';

/** The fast CSV reader's sink for a row reader over `builder`'s table. */
export function ticketRecordSink(reader: RowReader, builder: TicketBuilder): RecordSink {
  const table = builder.table;
  const lane = createByteLane({ ...reader.lane, builder, read: reader.read });
  return {
    read: reader.read,
    readBytes: lane?.readBytes,
    cellPlan: lane?.cellPlan,
    expectRows: (rows) => {
      table.reserve(table.length + rows);
      if (reader.hasId) builder.byId.reserve(table.length + rows);
    },
    rowPlan: () => table.rowPlan(),
    rowsInitialized: (plan, rows) => table.rowsInitialized(plan, rows),
    idle: () => table.initializeAhead(),
  };
}
