/** The state order ingest keeps across the files of a run: the table, the id index, the row counts. */
import type { OrderTable } from '../model/order.js';

export interface OrderRowCounts {
  /** Rows merged into an order (first rows, line-item rows, rows of joined files). */
  accepted: number;
  /** Rows rejected on their own (bad id, bad value). */
  rejected: number;
  /**
   * Rows of orders rejected at the end (no creation time, impossible dates); included in `rejected` after finalizing.
   */
  rejectedOrders: number;
  nulled: number;
  /** Rows repeating an order already read from another file or with another creation time. */
  duplicate: number;
}

/**
 * Finds an order's row by its key (`orderKey` of its id). A Map does; the fast engine gives an index
 * that its byte lane also reads and fills from bytes (engine/order-keys.ts). Rows are added in order:
 * `set` is called with each new row right after the table made it.
 */
export interface OrderKeyIndex {
  get(key: string): number | undefined;
  set(key: string, row: number): void;
  /** Lets the index go once the last file is read (finalizeOrders). */
  clear(): void;
}

/** Shared across the files of one run: the table and the id index that folds rows into orders. */
export class OrderBuilder {
  readonly counts: OrderRowCounts = { accepted: 0, rejected: 0, rejectedOrders: 0, nulled: 0, duplicate: 0 };
  /**
   * Rows kept with an emptied field, by `nulledRowKey`, with their order: counted once each, and
   * only when the order is kept (finalizeOrders).
   */
  readonly nulledRows = new Map<string, number>();
  /** Promised values without a time of day, read as the end of that day. */
  dateOnlyPromises = 0;
  /** Where each field of each order came from, for issues found at the end: `file\u0000line\u0000header\u0000cell`. */
  readonly origins = new Map<string, string>();
  constructor(
    readonly table: OrderTable,
    readonly byKey: OrderKeyIndex = new Map<string, number>(),
  ) {}
}

/** The key of an input row in `OrderBuilder.nulledRows`. */
export const nulledRowKey = (file: string, line: number): string => `${file}\u0000${line}`;
