/**
 * The end of order ingest, once every file is read: which orders exist (those with the instant that
 * puts them in a period), and the rules over each order's instants, which only the whole order can
 * be checked against (its creation or payment may come from another file).
 *
 * 1. An order needs its creation time; an input with no creation column at all places orders by
 *    their promise (the day it ends), else their delivery (on-time needs only the promise and the event).
 * 2. No instant lies before the creation (per field: reject the order, empty the value, or keep it:
 *    `orders.before_created`, default the `--on-bad-value` policy).
 * 3. With `--orders-from paid`, no fulfilment, shipment or delivery lies before the payment: a
 *    negative duration is an impossible value whatever its start.
 */
import type { IssueSink } from './issues.js';
import type { BadValuePolicy } from './normalize.js';
import type { OrderBuilder } from './order-builder.js';
import { AFTER_PAYMENT } from './orders.js';
import { ORDER_INSTANT_FIELDS, type OrderInstantField, type OrderTable } from '../model/order.js';

/** What an instant before the order's creation does: reject the order, empty the value, or keep it. */
export type BeforeCreatedRule = 'reject' | 'null' | 'keep';

export interface FinalizeOrderOptions {
  /** `--on-bad-value`: the default of every rule. */
  policy: BadValuePolicy;
  /** Per field, what an instant before the creation does (config `orders.before_created`). */
  beforeCreated?: Readonly<Partial<Record<OrderInstantField, BeforeCreatedRule>>> | undefined;
  /** Where durations start (`--orders-from`): with `paid`, rule 3 holds too. */
  from?: 'created' | 'paid' | undefined;
  /** The first orders file, named in issues without a better origin. */
  firstFile: string;
}

/** The instant orders are placed in periods by: the creation, else (no creation column) the promise, else delivery. */
export function cohortFieldOf(table: Pick<OrderTable, 'present'>): OrderInstantField {
  for (const field of ['created', 'promised', 'delivered', 'fulfilled'] as const) {
    if (table.present.has(field)) return field;
  }
  return 'created';
}

/**
 * Ends ingest (see the module's comment): drops orders without their period's instant (every row of
 * them rejected, `missing_required` at the order's first line) and applies rules 2 and 3
 * (`impossible_value`). Sets the table's cohort instants, and the count of rows kept with an emptied
 * field (each row once, and only rows of kept orders).
 */
export function finalizeOrders(builder: OrderBuilder, options: FinalizeOrderOptions, onIssue: IssueSink): void {
  const table = builder.table;
  const { policy, firstFile } = options;
  const keep = new Uint8Array(table.length);
  const cohortField = cohortFieldOf(table);
  const cohort = table.instants[cohortField];
  const created = table.instants.created;
  const paid = table.instants.paid;
  const nulledAtEnd = new Map<string, number>();
  // The instants checked against the creation (and the payment), their columns looked up once.
  const checked = ORDER_INSTANT_FIELDS.filter((f) => f !== 'created').map((field) => ({
    field,
    at: table.instants[field],
    rule: options.beforeCreated?.[field] ?? policy,
    afterPayment: options.from === 'paid' && AFTER_PAYMENT.has(field),
  }));
  /** Reports instant `field` of `row` before its creation or payment; true when the order is dropped for it. */
  const breaks = (row: number, field: OrderInstantField, what: string, action: BeforeCreatedRule): boolean => {
    if (action === 'keep') return false;
    const [file, line, header, text] = (
      builder.origins.get(`${row}:${field}`) ?? `${firstFile}\u0000${table.lines[row]}\u0000${field}\u0000`
    ).split('\u0000');
    onIssue({
      code: 'impossible_value',
      file: file ?? firstFile,
      line: Number(line),
      column: header ?? field,
      value: text ?? null,
      action: action === 'reject' ? 'rejected' : 'nulled',
      message: `"${header}" (${text}) of order ${table.ids[row]} is before the order's ${what}`,
      hint:
        'Check the export and the zones (--orders-input-tz); with --on-bad-value null the value is dropped and ' +
        `the order kept; config orders.before_created: { ${field}: keep } keeps such values.`,
    });
    if (action === 'reject') return true;
    table.instants[field][row] = NaN;
    nulledAtEnd.set(`${file}\u0000${line}`, row);
    return false;
  };
  let dropped = 0;
  for (let row = 0; row < table.length; row++) {
    if (Number.isNaN(cohort[row] as number)) {
      builder.counts.rejectedOrders += table.rows[row] as number;
      builder.counts.accepted -= table.rows[row] as number;
      dropped++;
      onIssue({
        code: 'missing_required',
        file: builder.origins.get(`${row}:first`) ?? firstFile,
        line: table.lines[row] as number,
        column: null,
        value: table.ids[row] as string,
        action: 'rejected',
        message:
          cohortField === 'created'
            ? `order ${table.ids[row]} has no creation time in any file (its first row may have been rejected)`
            : `order ${table.ids[row]} has no ${cohortField} value, and the input has no creation column to ` +
              `place it in a period`,
        hint:
          cohortField === 'created'
            ? 'Every order needs a creation time; check the orders file and the id the files are joined on.'
            : `Map the order's creation time (--map orders.created="<column>"), or fix the ${cohortField} column.`,
      });
      continue;
    }
    let drop = false;
    const c = created[row] as number;
    for (let j = 0; j < checked.length; j++) {
      const { field, at: column, rule, afterPayment } = checked[j] as (typeof checked)[number];
      const at = column[row] as number;
      if (at < c) drop = breaks(row, field, 'creation', rule) || drop;
      else if (afterPayment && at < (paid[row] as number)) {
        drop = breaks(row, field, 'payment (durations start at the payment: --orders-from paid)', policy) || drop;
      }
    }
    if (drop) {
      builder.counts.rejectedOrders += table.rows[row] as number;
      builder.counts.accepted -= table.rows[row] as number;
      dropped++;
      continue;
    }
    keep[row] = 1;
  }
  for (const [key, row] of nulledAtEnd) builder.nulledRows.set(key, row);
  let nulled = 0;
  for (const row of builder.nulledRows.values()) if (keep[row] === 1) nulled++;
  builder.counts.nulled = nulled;
  builder.nulledRows.clear();
  builder.origins.clear();
  // The id index folded rows into orders; nothing is added after the last file, so it is let go
  // rather than rebuilt (a million keys made again for no reader).
  if (dropped > 0) table.compact(keep);
  builder.byKey.clear();
  table.cohortField = cohortField;
  // A promise is a deadline (a date's is the next midnight): its order belongs to the day it ends.
  table.cohortAt =
    cohortField === 'promised'
      ? Float64Array.from(table.instants.promised.subarray(0, table.length), (at) => at - 1)
      : table.instants[cohortField];
}
