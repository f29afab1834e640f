/** The end of order ingest: orders without a creation time and instants before it (see finalizeOrders). */
import type { IssueSink } from './issues.js';
import type { BadValuePolicy } from './normalize.js';
import type { OrderBuilder } from './order-builder.js';
import { ORDER_INSTANT_FIELDS, orderKey } from '../model/order.js';

/**
 * Ends ingest: drops orders that never got a creation time (every row of them counts as rejected,
 * `missing_required` at the order's first line) and checks that no instant precedes the creation
 * (`impossible_value`: the order is dropped with `reject`, the value emptied with `null`).
 */
export function finalizeOrders(
  builder: OrderBuilder,
  policy: BadValuePolicy,
  onIssue: IssueSink,
  firstFile: string,
): void {
  const table = builder.table;
  const keep = new Uint8Array(table.length);
  const created = table.instants.created;
  for (let row = 0; row < table.length; row++) {
    const c = created[row] as number;
    if (Number.isNaN(c)) {
      builder.counts.rejectedOrders += table.rows[row] as number;
      onIssue({
        code: 'missing_required',
        file: builder.origins.get(`${row}:first`) ?? firstFile,
        line: table.lines[row] as number,
        column: null,
        value: table.ids[row] as string,
        action: 'rejected',
        message: `order ${table.ids[row]} has no creation time in any file (its first row may have been rejected)`,
        hint: 'Every order needs a creation time; check the orders file and the id the files are joined on.',
      });
      continue;
    }
    let drop = false;
    for (const f of ORDER_INSTANT_FIELDS) {
      if (f === 'created') continue;
      const at = table.instants[f][row] as number;
      if (!(at < c)) continue;
      const [file, line, header, text] = (
        builder.origins.get(`${row}:${f}`) ?? `${firstFile}\u0000${table.lines[row]}\u0000${f}\u0000`
      ).split('\u0000');
      onIssue({
        code: 'impossible_value',
        file: file ?? firstFile,
        line: Number(line),
        column: header ?? f,
        value: text ?? null,
        action: policy === 'reject' ? 'rejected' : 'nulled',
        message: `"${header}" (${text}) of order ${table.ids[row]} is before the order's creation`,
        hint:
          'Check the export and the zones (--orders-input-tz); with ' +
          '--on-bad-value null the value is dropped and the order kept.',
      });
      if (policy === 'reject') drop = true;
      else table.instants[f][row] = NaN;
    }
    if (drop) {
      builder.counts.rejectedOrders += table.rows[row] as number;
      builder.counts.accepted -= table.rows[row] as number;
      continue;
    }
    keep[row] = 1;
  }
  // Orders without a creation time never counted as accepted rows of an order; remove theirs too.
  for (let row = 0; row < table.length; row++) {
    if (Number.isNaN(created[row] as number)) builder.counts.accepted -= table.rows[row] as number;
  }
  builder.origins.clear();
  const map = table.compact(keep);
  builder.byKey.clear();
  for (let row = 0; row < map.length; row++) {
    const to = map[row] as number;
    if (to >= 0) builder.byKey.set(orderKey(table.ids[to] as string), to);
  }
}
