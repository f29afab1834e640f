/**
 * The row sink of a run's ticket files: the table, its id index (duplicate rows fold by id without a
 * string per row, see ticket-ids.ts), and the row counts.
 */
import type { RowCounts, TicketSink } from '../ingest/normalize.js';
import { IdIndex } from './ticket-ids.js';
import type { TicketTable } from './ticket-table.js';

/** Shared across the files of one run: the table, the id index that folds duplicate rows, the row counts. */
export class TicketBuilder implements TicketSink {
  readonly byId: IdIndex;
  readonly counts: RowCounts = { accepted: 0, rejected: 0, nulled: 0, duplicate: 0 };
  constructor(readonly table: TicketTable) {
    this.byId = new IdIndex(table.ids);
  }
}
