/**
 * Turns order records (arrays of cells) into rows of the order table, one pass, no per-row objects.
 *
 * Orders arrive folded across rows and files: Shopify writes one row per line item with the order's
 * fields on the first row only, and marketplace/ERP data comes split into files (orders, items,
 * payments, reviews) joined by order id. So every row is merged into the order with its id (compared
 * through `orderKey`, so `#1001` and `1001` meet): a field is filled by the first row that has a
 * value for it, item prices and payments are summed over the rows, and a row with an `item` value
 * counts one line item. Whether an order exists at all is decided after the last file
 * (`finalizeOrders`), because its creation time may come from a later file.
 *
 * Every unusable value becomes a RowIssue: with the `reject` policy the row (or, at the end, the
 * order) is dropped and counted; with `null` the field is emptied and the row kept.
 */
import { columnDates, diagnoseDate, formatsFor, type ColumnDates, type DateFormats } from './date-columns.js';
import { nullTest } from './values.js';
import type { IssueSink, RowIssueCode } from './issues.js';
import { truncateValue } from './issues.js';
import type { BadValuePolicy } from './normalize.js';
import {
  planOrderColumns,
  type OrderColumnOptions,
  type OrderColumnPlan,
  type OrderFieldPlan,
} from './order-columns.js';
import { orderKey, SUMMED_AMOUNT_FIELDS, type OrderDimField } from '../model/order.js';
import { nulledRowKey, type OrderBuilder } from './order-builder.js';
import type { DateColumnSample } from './samples.js';
import type { DimColumn } from '../model/dictionary.js';

export { OrderBuilder } from './order-builder.js';
export { ORDER_MAPPING_NAMES, parseOrderMappingName, type OrderMappedField } from './order-columns.js';

/** Status values that mean cancelled or refunded, added to the profile's (config `orders.vocabulary`). */
export interface OrderVocabulary {
  cancelled?: readonly string[] | undefined;
  refunded?: readonly string[] | undefined;
}

export interface OrderNormalizeOptions extends OrderColumnOptions {
  /** Position of the file in the run's list: a second file repeating an order's creation is a duplicate export. */
  fileIndex: number;
  inputTimezone: string;
  /** Where durations start: with `paid`, an event before the payment is an impossible value too. */
  from?: 'created' | 'paid' | undefined;
  /** Date formats of the run (`--orders-date-format`, config `orders.date_format(s)`); the profile's otherwise. */
  dateFormats: DateFormats;
  /** A promised date without a time lasts to the end of that day in this zone (default: the report zone). */
  deadlineZone: string;
  vocabulary?: OrderVocabulary | undefined;
  nullTokens: readonly string[];
  onBadValue: BadValuePolicy;
  onIssue: IssueSink;
}

/** The events a duration from the payment ends at (`--orders-from paid`). */
export const AFTER_PAYMENT: ReadonlySet<string> = new Set(['fulfilled', 'shipped', 'delivered']);

const amountPattern = /^[+-]?\d+(?:[.,]\d+)?$/;

/** Parses a money amount (`12.50`, `12,50`); NaN when it is not one. */
function parseAmount(text: string): number {
  return amountPattern.test(text) ? Number(text.replace(',', '.')) : NaN;
}

/**
 * How the fast engine's byte lane (engine/order-lane.ts) reads the same fields as `read`: the plan,
 * the parsers and the value sets `read` uses, so that each rule keeps one definition.
 */
export interface OrderLanePlan {
  file: string;
  fileIndex: number;
  fields: readonly OrderFieldPlan[];
  /** Per field, its date parsers (instants only). */
  dates: readonly (ColumnDates | undefined)[];
  /** Columns kept as dimensions for `--by` (extra names, header names), with their column in the table. */
  extraColumns: readonly { column: number; dim: DimColumn }[];
  /** The null tokens, trimmed and lower-cased (the empty text is null too). */
  nulls: ReadonlySet<string>;
  cancelledValues: ReadonlySet<string>;
  refundedValues: ReadonlySet<string>;
  /** The zone timestamps without an offset are read in. */
  inputTimezone: string;
  from: 'created' | 'paid' | undefined;
}

/**
 * Prepares the reader of one orders file; the returned `read` merges one record into the builder's
 * table or reports why it could not, and `lane` says how the byte lane reads the same fields.
 */
export function createOrderRowReader(
  header: readonly string[],
  builder: OrderBuilder,
  options: OrderNormalizeOptions,
): {
  plan: OrderColumnPlan;
  read: (cells: readonly string[], line: number) => void;
  lane: OrderLanePlan;
  /** The file's date columns with their parsers (for the checks of samples.ts). */
  dateColumns: (DateColumnSample & { column: number })[];
} {
  const { fields, plan, extraDimColumns } = planOrderColumns(header, options);
  const table = builder.table;
  const nulls = new Set(options.nullTokens.map((t) => t.trim().toLowerCase()));
  const isNull = nullTest(nulls);
  // Each date column's formats (its own, else the run's, else the profile's), compiled once.
  const dates = fields.map((f): ColumnDates | undefined =>
    f.target.kind === 'instant'
      ? columnDates(
          formatsFor(options.dateFormats, f.name, f.header, options.profile.dateFormat),
          options.inputTimezone,
          '--orders-date-format',
          options.deadlineZone,
        )
      : undefined,
  );
  for (const f of fields) {
    const t = f.target;
    if (t.kind === 'id' || t.kind === 'item') table.present.add(t.kind);
    else if (t.kind !== 'extra') table.present.add(t.field);
  }
  // A field this file adds gets an array of its own (absent ones share one: OrderTable).
  table.declarePresent();
  const extraColumns = extraDimColumns.map((e) => ({ column: e.column, dim: table.addExtraDim(e.key) }));
  const idField = fields.find((f) => f.target.kind === 'id') as OrderFieldPlan;
  const createdField = fields.find((f) => f.target.kind === 'instant' && f.target.field === 'created');
  const lower = (values: readonly string[]) => values.map((v) => v.trim().toLowerCase());
  const cancelledValues = new Set(
    lower([...(options.profile.cancelledValues ?? []), ...(options.vocabulary?.cancelled ?? [])]),
  );
  const refundedValues = new Set(
    lower([...(options.profile.refundedValues ?? []), ...(options.vocabulary?.refunded ?? [])]),
  );
  const statusDims = new Set<OrderDimField>(['status', 'financial_status', 'fulfillment_status']);
  const datesHinted = new Set<string>();
  // Parsed values of the current row, reused: a row is fully checked before it touches the table.
  const values = new Float64Array(fields.length);
  const texts: string[] = new Array<string>(fields.length).fill('');
  /** 1 where the row's promised value was a date without a time (a deadline at the day's end). */
  const dateOnly = new Uint8Array(fields.length);
  const paidField = fields.findIndex((f) => f.target.kind === 'instant' && f.target.field === 'paid');

  const read = (cells: readonly string[], line: number): void => {
    const rawId = (cells[idField.column] ?? '').trim();
    if (isNull(rawId)) {
      builder.counts.rejected++;
      options.onIssue({
        code: 'missing_required',
        file: options.file,
        line,
        column: idField.header,
        value: null,
        action: 'rejected',
        message: `order id is empty in column "${idField.header}"`,
        hint: 'Every order row needs the order id; remove the row or fix the export.',
        cells,
      });
      return;
    }
    let rejected = false;
    let nulled = false;
    const problem = (f: OrderFieldPlan, code: RowIssueCode, value: string, message: string, hint?: string) => {
      const reject = options.onBadValue === 'reject';
      if (reject) rejected = true;
      else nulled = true;
      options.onIssue({
        code,
        file: options.file,
        line,
        column: f.header,
        value: truncateValue(value),
        action: reject ? 'rejected' : 'nulled',
        message,
        ...(hint === undefined ? {} : { hint }),
        cells,
      });
    };
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k] as OrderFieldPlan;
      values[k] = NaN;
      const text = (cells[f.column] ?? '').trim();
      texts[k] = isNull(text) ? '' : text;
      if (texts[k] === '') continue;
      const t = f.target;
      if (t.kind === 'instant') {
        const columnDate = dates[k] as ColumnDates;
        // A promised date without a time is a deadline: the end of that day (date-columns.ts).
        const ms = t.field === 'promised' ? columnDate.deadline(text) : columnDate.parse(text);
        if (!Number.isNaN(ms)) {
          values[k] = ms;
          dateOnly[k] = t.field === 'promised' && !(ms === columnDate.parse(text)) ? 1 : 0;
        } else {
          const why = diagnoseDate(text, f.header, columnDate, '--orders-date-format', datesHinted.has(f.header));
          problem(f, why.code, text, why.message, why.hint);
          datesHinted.add(f.header);
          texts[k] = '';
        }
      } else if (t.kind === 'amount') {
        const amount = parseAmount(text);
        if (Number.isNaN(amount))
          problem(
            f,
            'bad_number',
            text,
            `"${text}" in column "${f.header}" is not an amount`,
            'Write amounts as plain numbers (12.50 or 12,50), without currency signs.',
          );
        else if (amount < 0) problem(f, 'impossible_value', text, `negative amount ${text} in column "${f.header}"`);
        else values[k] = amount;
        if (Number.isNaN(values[k] as number)) texts[k] = '';
      }
    }
    if (rejected) {
      builder.counts.rejected++;
      return;
    }

    const key = orderKey(rawId);
    let row = builder.byKey.get(key);
    const createdIndex = createdField ? fields.indexOf(createdField) : -1;
    const created = createdIndex >= 0 ? (values[createdIndex] as number) : NaN;
    if (row !== undefined && !Number.isNaN(created)) {
      const known = table.instants.created[row] as number;
      const primary = table.primaryFile[row] as number;
      // Another file with the same order and its own creation time is an overlapping export; the same
      // file giving a different creation time is a second order under a reused number. Either way
      // the first one stands, so line items are not counted twice.
      if (!Number.isNaN(known) && (primary !== options.fileIndex || known !== created)) {
        builder.counts.duplicate++;
        options.onIssue({
          code: 'duplicate_id',
          file: options.file,
          line,
          column: idField.header,
          value: rawId,
          action: 'skipped',
          message:
            `order ${rawId} was already read (line ` +
            `${table.lines[row]}${primary !== options.fileIndex ? ' of another file' : ', another creation time'}); ` +
            `this row is ignored`,
        });
        return;
      }
    }
    if (row === undefined) {
      row = table.addRow(rawId, line);
      builder.byKey.set(key, row);
      // Only an order still without a creation time may be reported at the end (finalizeOrders).
      if (Number.isNaN(created)) builder.origins.set(`${row}:first`, options.file);
    }
    table.rows[row] = (table.rows[row] as number) + 1;
    // The order's creation time as finalizeOrders will see it, when known already: the first one read stands.
    const known = table.instants.created[row] as number;
    const creation = Number.isNaN(known) ? created : known;
    const knownPaid = table.instants.paid[row] as number;
    const payment = Number.isNaN(knownPaid) && paidField >= 0 ? (values[paidField] as number) : knownPaid;
    for (let k = 0; k < fields.length; k++) {
      const text = texts[k] as string;
      if (text === '') continue;
      const f = fields[k] as OrderFieldPlan;
      const t = f.target;
      switch (t.kind) {
        case 'item':
          table.lineItems[row] = (table.lineItems[row] as number) + 1;
          break;
        case 'instant': {
          const column = table.instants[t.field];
          if (Number.isNaN(column[row] as number)) {
            column[row] = values[k] as number;
            if (t.field === 'created') table.primaryFile[row] = options.fileIndex;
            // Where the value came from, for the issue finalizeOrders reports when it precedes the
            // creation (or, with --orders-from paid, the payment): kept only when it does, or when
            // that instant is not known yet.
            else if (
              !((values[k] as number) >= creation) ||
              (options.from === 'paid' && AFTER_PAYMENT.has(t.field) && !((values[k] as number) >= payment))
            )
              builder.origins.set(`${row}:${t.field}`, `${options.file}\u0000${line}\u0000${f.header}\u0000${text}`);
            if (dateOnly[k] === 1) builder.dateOnlyPromises++;
          }
          break;
        }
        case 'amount': {
          const column = table.amounts[t.field];
          const previous = column[row] as number;
          // Summed in whole cents, so the total does not depend on the order of the rows.
          if (SUMMED_AMOUNT_FIELDS.has(t.field) && !Number.isNaN(previous))
            column[row] = (Math.round(previous * 100) + Math.round((values[k] as number) * 100)) / 100;
          else if (Number.isNaN(previous)) column[row] = values[k] as number;
          break;
        }
        case 'dim': {
          const column = table.dim(t.field);
          // Emails are compared case-insensitively when tickets are linked by requester.
          const value = t.field === 'customer' ? text.toLowerCase() : text;
          if (column && column.codes[row] === 0) column.codes[row] = column.dictionary.intern(value);
          if (statusDims.has(t.field)) {
            const lower = text.toLowerCase();
            if (cancelledValues.has(lower)) table.cancelledStatus[row] = 1;
            if (refundedValues.has(lower)) table.refundedStatus[row] = 1;
          }
          break;
        }
        case 'extra':
        case 'id':
          break;
      }
    }
    for (const e of extraColumns) {
      const text = (cells[e.column] ?? '').trim();
      if (!isNull(text) && e.dim.codes[row] === 0) e.dim.codes[row] = e.dim.dictionary.intern(text);
    }
    builder.counts.accepted++;
    // Counted when ingest ends, if the order is kept (finalizeOrders).
    if (nulled) builder.nulledRows.set(nulledRowKey(options.file, line), row);
  };
  const dateColumns = fields.flatMap((f, k) => {
    const columnDate = dates[k];
    return columnDate === undefined ? [] : [{ header: f.header, column: f.column, dates: columnDate }];
  });
  const lane: OrderLanePlan = {
    file: options.file,
    fileIndex: options.fileIndex,
    fields,
    dates,
    extraColumns,
    nulls,
    cancelledValues,
    refundedValues,
    inputTimezone: options.inputTimezone,
    from: options.from,
  };
  return { plan, read, lane, dateColumns };
}
