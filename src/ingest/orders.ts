/**
 * Turns order records (arrays of cells) into rows of the order table, one pass, no per-row objects.
 *
 * Orders arrive folded across rows and files: Shopify writes one row per line item with the order's
 * fields on the first row only, and marketplace/ERP data comes split into files (orders, items,
 * reviews) joined by order id. So every row is merged into the order with its id (compared through
 * `orderKey`, so `#1001` and `1001` meet): a field is filled by the first row that has a value for
 * it, and a row with an `item` value counts one line item. Whether an order exists at all is decided
 * after the last file (`finalizeOrders`), because its creation time may come from a later file.
 *
 * Every unusable value becomes a RowIssue: with the `reject` policy the row (or, at the end, the
 * order) is dropped and counted; with `null` the field is emptied and the row kept.
 */
import { compileDateParser } from '../calendar/date-format.js';
import { isIsoLike } from '../calendar/iso.js';
import { suggestDateFormat } from './dates.js';
import { nullTest } from './values.js';
import type { IssueSink, RowIssueCode } from './issues.js';
import { truncateValue } from './issues.js';
import type { BadValuePolicy } from './normalize.js';
import { headerIndex, headerKey } from './profiles/index.js';
import type { OrderProfile } from './profiles/types.js';
import { usageError } from '../errors.js';
import { daysFromCivil } from '../calendar/zone.js';
import {
  ORDER_AMOUNT_FIELDS,
  ORDER_DIM_FIELDS,
  ORDER_INSTANT_FIELDS,
  orderKey,
  type OrderAmountField,
  type OrderDimField,
  type OrderInstantField,
  type OrderTable,
} from '../model/order.js';

/** What an order mapping name means. */
export type OrderMappedField =
  | { kind: 'id' }
  | { kind: 'item' }
  | { kind: 'instant'; field: OrderInstantField }
  | { kind: 'amount'; field: OrderAmountField }
  | { kind: 'dim'; field: OrderDimField }
  | { kind: 'extra'; name: string };

/** Other names users write for the same fields (the marketplace and ERP vocabulary). */
const ALIASES: Readonly<Record<string, string>> = {
  email: 'customer',
  approved: 'paid',
  shipped_to_carrier: 'shipped',
  estimated_delivery: 'promised',
  canceled: 'cancelled',
  refunded_amount: 'refunded',
  order_total: 'total',
};

/** Every order mapping name, for help texts. */
export const ORDER_MAPPING_NAMES: readonly string[] = [
  'id',
  'item',
  ...ORDER_INSTANT_FIELDS,
  ...ORDER_AMOUNT_FIELDS,
  ...ORDER_DIM_FIELDS,
];

/**
 * Reads an order mapping name; unknown identifiers become extra dimensions, anything else is null.
 * @example parseOrderMappingName('estimated_delivery') // { kind: 'instant', field: 'promised' }
 */
export function parseOrderMappingName(raw: string): OrderMappedField | null {
  const name = ALIASES[raw] ?? raw;
  if (name === 'id') return { kind: 'id' };
  if (name === 'item') return { kind: 'item' };
  if ((ORDER_INSTANT_FIELDS as readonly string[]).includes(name))
    return { kind: 'instant', field: name as OrderInstantField };
  if ((ORDER_AMOUNT_FIELDS as readonly string[]).includes(name))
    return { kind: 'amount', field: name as OrderAmountField };
  if ((ORDER_DIM_FIELDS as readonly string[]).includes(name)) return { kind: 'dim', field: name as OrderDimField };
  return /^[a-z][a-z0-9_]*$/.test(name) ? { kind: 'extra', name } : null;
}

export interface OrderNormalizeOptions {
  /** File name for issues (`-` for stdin). */
  file: string;
  /** Position of the file in the run's list: a second file repeating an order's creation is a duplicate export. */
  fileIndex: number;
  profile: OrderProfile;
  /** User mapping (name -> column header), overriding the profile's columns. */
  map: Readonly<Record<string, string>>;
  /** Dimension names requested with `--by`: standard fields, mapped extras, or header names. */
  by: readonly string[];
  inputTimezone: string;
  dateFormat?: string;
  nullTokens: readonly string[];
  onBadValue: BadValuePolicy;
  onIssue: IssueSink;
}

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

/** Shared across the files of one run: the table and the id index that folds rows into orders. */
export class OrderBuilder {
  readonly byKey = new Map<string, number>();
  readonly counts: OrderRowCounts = { accepted: 0, rejected: 0, rejectedOrders: 0, nulled: 0, duplicate: 0 };
  /** Where each field of each order came from, for issues found at the end: `file\u0000line\u0000header\u0000cell`. */
  readonly origins = new Map<string, string>();
  constructor(readonly table: OrderTable) {}
}

interface FieldPlan {
  name: string;
  column: number;
  header: string;
  target: OrderMappedField;
}

export interface OrderColumnPlan {
  /** Mapping name -> header used. */
  resolved: Record<string, string>;
  /** `--by` name -> the dimension key in the table. */
  dimensions: Record<string, string>;
}

const amountPattern = /^[+-]?\d+(?:[.,]\d+)?$/;
const isoDateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses a money amount (`12.50`, `12,50`); NaN when it is not one. */
function parseAmount(text: string): number {
  return amountPattern.test(text) ? Number(text.replace(',', '.')) : NaN;
}

/** Resolves each mapped field's column; throws usage errors naming the mapping. */
export function planOrderColumns(
  header: readonly string[],
  options: Pick<OrderNormalizeOptions, 'profile' | 'map' | 'by' | 'file'>,
): {
  fields: FieldPlan[];
  plan: OrderColumnPlan;
  extraDimColumns: { key: string; column: number }[];
} {
  const index = headerIndex(header);
  const fields: FieldPlan[] = [];
  const resolved: Record<string, string> = {};
  const take = (name: string, column: number) => {
    const target = parseOrderMappingName(name);
    if (!target) {
      throw usageError('bad_mapping', `"${name}" is not an order field name`, {
        where: `--orders-map ${name}=…`,
        hint: `Order fields: ${ORDER_MAPPING_NAMES.join(', ')}; any other lower-case name becomes a dimension.`,
      });
    }
    const canonical =
      target.kind === 'extra'
        ? target.name
        : target.kind === 'id' || target.kind === 'item'
          ? target.kind
          : target.field;
    const existing = fields.findIndex((f) => f.name === canonical);
    if (existing >= 0) fields.splice(existing, 1);
    fields.push({ name: canonical, column, header: header[column] ?? '', target });
    resolved[canonical] = header[column] ?? '';
  };
  const mapped = new Set(Object.keys(options.map).map((n) => ALIASES[n] ?? n));
  for (const [name, candidates] of Object.entries(options.profile.columns)) {
    if (mapped.has(name)) continue;
    const column = candidates.map((c) => index.get(headerKey(c))).find((i) => i !== undefined);
    if (column !== undefined) take(name, column);
  }
  for (const [name, columnName] of Object.entries(options.map)) {
    const column = index.get(headerKey(columnName));
    if (column === undefined) {
      throw usageError(
        'mapped_column_missing',
        `the orders mapping ${name}=${columnName} names a column that is not in ${options.file}`,
        {
          where: `--orders-map ${name}=${columnName}`,
          hint: `Columns in this file: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`,
        },
      );
    }
    take(name, column);
  }
  if (!fields.some((f) => f.target.kind === 'id')) {
    throw usageError('order_id_not_mapped', `${options.file}: no column gives the order id`, {
      where: options.file,
      hint:
        `Map it with --orders-map id="<column>" (or config ` +
        `orders.map.id). Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  const dimensions: Record<string, string> = {};
  const extraDimColumns: { key: string; column: number }[] = [];
  for (const f of fields) if (f.target.kind === 'extra') extraDimColumns.push({ key: f.target.name, column: f.column });
  for (const name of options.by) {
    if (
      (ORDER_DIM_FIELDS as readonly string[]).includes(name) ||
      fields.some((f) => f.target.kind === 'extra' && f.target.name === name)
    ) {
      dimensions[name] = name;
      continue;
    }
    const column = index.get(headerKey(name));
    // A dimension may live in another of the joined files: it is checked once all files are read.
    if (column === undefined) continue;
    const field = fields.find((f) => f.column === column && f.target.kind === 'dim');
    if (field && field.target.kind === 'dim') {
      dimensions[name] = field.target.field;
    } else {
      const key = `column:${header[column]?.trim() ?? name}`;
      dimensions[name] = key;
      if (!extraDimColumns.some((e) => e.key === key)) extraDimColumns.push({ key, column });
    }
  }
  return { fields, plan: { resolved, dimensions }, extraDimColumns };
}

/**
 * Prepares the reader of one orders file; the returned `read` merges one record into the builder's
 * table or reports why it could not.
 */
export function createOrderRowReader(
  header: readonly string[],
  builder: OrderBuilder,
  options: OrderNormalizeOptions,
): {
  plan: OrderColumnPlan;
  read: (cells: readonly string[], line: number) => void;
} {
  const { fields, plan, extraDimColumns } = planOrderColumns(header, options);
  const table = builder.table;
  const isNull = nullTest(new Set(options.nullTokens.map((t) => t.trim().toLowerCase())));
  const parseDate = compileDateParser({
    ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
    timeZone: options.inputTimezone,
    option: '--orders-date-format',
  });
  // Date-only promises are ISO dates even in files whose timestamps use --orders-date-format.
  const parseIsoDate = compileDateParser({ timeZone: options.inputTimezone });
  for (const f of fields) {
    const t = f.target;
    if (t.kind === 'id' || t.kind === 'item') table.present.add(t.kind);
    else if (t.kind !== 'extra') table.present.add(t.field);
  }
  const extraColumns = extraDimColumns.map((e) => ({ column: e.column, dim: table.addExtraDim(e.key) }));
  const idField = fields.find((f) => f.target.kind === 'id') as FieldPlan;
  const createdField = fields.find((f) => f.target.kind === 'instant' && f.target.field === 'created');
  const cancelledValues = new Set((options.profile.cancelledValues ?? []).map((v) => v.toLowerCase()));
  const refundedValues = new Set((options.profile.refundedValues ?? []).map((v) => v.toLowerCase()));
  const statusDims = new Set<OrderDimField>(['status', 'financial_status', 'fulfillment_status']);
  const datesHinted = new Set<string>();
  // Parsed values of the current row, reused: a row is fully checked before it touches the table.
  const values = new Float64Array(fields.length);
  const texts: string[] = new Array<string>(fields.length).fill('');

  /**
   * End of a date-only promise: the next local midnight (24:00 of that day, as `addBusinessDays`
   * ends a day), so anything on the promised day is on time; parsed, not added, for 23/25-hour days.
   */
  const endOfDay = (text: string): number => {
    const m = isoDateOnly.exec(text);
    if (!m) return NaN;
    const next = new Date((daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) + 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    return parseIsoDate(next);
  };

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
    const problem = (f: FieldPlan, code: RowIssueCode, value: string, message: string, hint?: string) => {
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
      const f = fields[k] as FieldPlan;
      values[k] = NaN;
      const text = (cells[f.column] ?? '').trim();
      texts[k] = isNull(text) ? '' : text;
      if (texts[k] === '') continue;
      const t = f.target;
      if (t.kind === 'instant') {
        const ms = t.field === 'promised' && isoDateOnly.test(text) ? endOfDay(text) : parseDate(text);
        if (!Number.isNaN(ms)) {
          values[k] = ms;
        } else if (options.dateFormat === undefined && !isIsoLike(text)) {
          problem(
            f,
            'date_format_needed',
            text,
            `"${text}" in column "${f.header}" is not an ISO 8601 date`,
            datesHinted.has(f.header) ? undefined : suggestDateFormat([text], '--orders-date-format').message,
          );
          datesHinted.add(f.header);
          texts[k] = '';
        } else {
          problem(
            f,
            'bad_date',
            text,
            `"${text}" in column "${f.header}" is not a valid ` +
              `date${options.dateFormat ? ` in format ${options.dateFormat}` : ''}`,
            'Fix the value, or pass --orders-date-format with the format the file uses.',
          );
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
    for (let k = 0; k < fields.length; k++) {
      const text = texts[k] as string;
      if (text === '') continue;
      const f = fields[k] as FieldPlan;
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
            // creation: kept only when it does, or when the creation time is not known yet.
            else if (!((values[k] as number) >= creation))
              builder.origins.set(`${row}:${t.field}`, `${options.file}\u0000${line}\u0000${f.header}\u0000${text}`);
          }
          break;
        }
        case 'amount': {
          const column = table.amounts[t.field];
          if (Number.isNaN(column[row] as number)) column[row] = values[k] as number;
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
    if (nulled) builder.counts.nulled++;
  };
  return { plan, read };
}

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
