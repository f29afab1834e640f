/**
 * The fast engine's index of order keys (`orderKey` of each order's id), one per row in row order:
 * the ticket id index (ticket-ids.ts) over the keys' bytes, so that the byte lane finds and adds an
 * order by the bytes of its key, and the reference reader (ingest/orders.ts), handed the rows the lane
 * does not take, finds and adds the same orders by their key strings. Order numbers (`#1001` ->
 * `1001`) go to its dense array: a million orders cost 4 bytes each and no string.
 */
import type { OrderKeyIndex } from '../ingest/order-builder.js';
import { IdIndex, TicketIds } from './ticket-ids.js';

export class OrderKeys implements OrderKeyIndex {
  private keys = new TicketIds();
  private index = new IdIndex(this.keys);

  get(key: string): number | undefined {
    return this.index.get(key);
  }

  /** The row of the key `buf[s, e)` (UTF-8) whose `idHashBytes` is `hash`, or -1. */
  findBytes(hash: number, buf: Uint8Array, s: number, e: number): number {
    return this.index.findBytes(hash, buf, s, e);
  }

  set(key: string, row: number): void {
    this.expectRow(row);
    this.keys.push(key);
    this.index.set(row);
  }

  /** {@link set} with the key's bytes and their `idHashBytes`. */
  setBytes(row: number, buf: Uint8Array, s: number, e: number, hash: number): void {
    this.expectRow(row);
    this.keys.pushBytes(buf, s, e);
    this.index.setHashed(row, hash);
  }

  /** Makes room for `rows` keys in all. */
  reserve(rows: number): void {
    this.keys.reserveRows(rows);
    this.index.reserve(rows);
  }

  clear(): void {
    this.keys = new TicketIds();
    this.index = new IdIndex(this.keys);
  }

  /** Keys are kept by row: each new row's key comes right after the previous row's. */
  private expectRow(row: number): void {
    if (row !== this.keys.length) throw new Error(`order key for row ${row} added after ${this.keys.length} keys`);
  }
}
