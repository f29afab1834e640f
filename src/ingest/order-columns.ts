/**
 * How an orders file's header maps to order fields: the names a mapping can use (with the
 * marketplace and ERP aliases) and the column of each mapped field in one file.
 */
import { usageError } from '../errors.js';
import {
  ORDER_AMOUNT_FIELDS,
  ORDER_DIM_FIELDS,
  ORDER_INSTANT_FIELDS,
  type OrderAmountField,
  type OrderDimField,
  type OrderInstantField,
} from '../model/order.js';
import { headerIndex, headerKey } from './profiles/index.js';
import type { OrderProfile } from './profiles/types.js';

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
  price: 'item_price',
  payment_value: 'payment',
  review: 'review_score',
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

/** What column planning reads of the reader's options. */
export interface OrderColumnOptions {
  /** File name for messages. */
  file: string;
  profile: OrderProfile;
  /** User mapping (name -> column header), overriding the profile's columns. */
  map: Readonly<Record<string, string>>;
  /** Dimension names requested with `--by`: standard fields, mapped extras, or header names. */
  by: readonly string[];
  /** Fields the profile must not map (`--orders-map name=`, config `orders.map: { name: null }`). */
  unmap?: readonly string[] | undefined;
}

export interface OrderFieldPlan {
  name: string;
  column: number;
  header: string;
  target: OrderMappedField;
}

export interface OrderColumnPlan {
  /** Mapping name -> header used. */
  resolved: Record<string, string>;
  /** Mapping names (as the user wrote them) whose column this file lacks: another file of the run may have it. */
  missing: string[];
  /** The fields the profile mapped (not the user's mapping). */
  auto: string[];
  /** Fields the profile would have mapped that the user switched off. */
  unmapped: string[];
  /** `--by` name -> the dimension key in the table. */
  dimensions: Record<string, string>;
}

/**
 * Resolves each mapped field's column in one file of a run. A mapping whose column the file lacks is
 * listed in `missing` (split files: the column is in another file; the caller checks that some file
 * has it); a file without an order id column is an error.
 */
export function planOrderColumns(
  header: readonly string[],
  options: OrderColumnOptions,
): {
  fields: OrderFieldPlan[];
  plan: OrderColumnPlan;
  extraDimColumns: { key: string; column: number }[];
} {
  const index = headerIndex(header);
  const fields: OrderFieldPlan[] = [];
  const resolved: Record<string, string> = {};
  const take = (name: string, column: number) => {
    const target = parseOrderMappingName(name);
    if (!target) {
      throw usageError('bad_mapping', `"${name}" is not an order field name`, {
        where: `--map orders.${name}=…`,
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
  const canonicalName = (n: string) => ALIASES[n] ?? n;
  const mapped = new Set(Object.keys(options.map).map(canonicalName));
  const unmapped = new Set((options.unmap ?? []).map(canonicalName));
  const auto: string[] = [];
  const undone: string[] = [];
  for (const [name, candidates] of Object.entries(options.profile.columns)) {
    if (mapped.has(name)) continue;
    const column = candidates.map((c) => index.get(headerKey(c))).find((i) => i !== undefined);
    if (column === undefined) continue;
    if (unmapped.has(name)) undone.push(name);
    else {
      take(name, column);
      auto.push(name);
    }
  }
  const missing: string[] = [];
  for (const [name, columnName] of Object.entries(options.map)) {
    const column = index.get(headerKey(columnName));
    if (column === undefined) missing.push(name);
    else take(name, column);
  }
  if (!fields.some((f) => f.target.kind === 'id')) {
    throw usageError('order_id_not_mapped', `${options.file}: no column gives the order id`, {
      where: options.file,
      hint:
        `Map it with --map orders.id="<column>" (or config ` +
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
  return {
    fields,
    plan: { resolved, missing, auto: auto.filter((n) => resolved[n] !== undefined), unmapped: undone, dimensions },
    extraDimColumns,
  };
}
