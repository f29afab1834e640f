/**
 * The normalized ticket, stored column by column.
 *
 * One object per ticket would cost ~200 bytes each; a million-ticket export must stay within a few
 * hundred MB, so every field lives in a typed array indexed by ticket number, strings are interned
 * into per-field dictionaries, and missing values use sentinels that never leave this module's users:
 * NaN for instants and durations, -1 for counts, 0 for dictionary codes, -1 for satisfaction.
 */

import type { EventCaseData } from './events.js';

/** Instants (epoch milliseconds, UTC). */
export const INSTANT_FIELDS = ['created', 'first_reply', 'first_solved', 'solved', 'closed', 'updated'] as const;
export type InstantField = (typeof INSTANT_FIELDS)[number];

/**
 * Durations computed by the vendor, stored in milliseconds whatever unit the export used. The
 * `_business_` ones count only the vendor's business hours (Zendesk `... within business hours`).
 */
export const DURATION_FIELDS = [
  'first_reply_duration', 'first_resolution_duration', 'full_resolution_duration',
  'first_reply_business_duration', 'first_resolution_business_duration', 'full_resolution_business_duration',
] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];

/** Non-negative whole counts. */
export const COUNT_FIELDS = ['reopens', 'agent_replies', 'customer_messages', 'assignee_stations', 'group_stations', 'version', 'reassignments'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/**
 * Text values usable as grouping dimensions, interned. The last three link tickets to orders:
 * `order_number` (an order-number field), `order_ref` (the `#1234` references found in the subject,
 * space-separated; the subject itself is not kept) and `requester_email` (lower-cased).
 */
export const DIM_FIELDS = ['status', 'priority', 'channel', 'agent', 'team', 'customer', 'category', 'tags', 'order_number', 'order_ref', 'requester_email'] as const;
export type DimField = (typeof DIM_FIELDS)[number];

/**
 * The vendor's own SLA verdict per ticket (Freshdesk `First response status`, ServiceNow `made_sla`),
 * kept as the vendor reported it, beside whatever we compute from timestamps.
 */
export const VERDICT_FIELDS = ['vendor_sla_first_reply', 'vendor_sla_resolution'] as const;
export type VerdictField = (typeof VERDICT_FIELDS)[number];

export type TicketField = 'id' | InstantField | DurationField | CountField | DimField | 'satisfaction' | VerdictField;

export const TICKET_FIELDS: readonly TicketField[] = [
  'id', ...INSTANT_FIELDS, ...DURATION_FIELDS, ...COUNT_FIELDS, ...DIM_FIELDS, 'satisfaction', ...VERDICT_FIELDS,
];

export type FieldKind = 'id' | 'instant' | 'duration' | 'count' | 'dim' | 'satisfaction' | 'verdict';

export function fieldKind(field: TicketField): FieldKind {
  if (field === 'id') return 'id';
  if (field === 'satisfaction') return 'satisfaction';
  if ((VERDICT_FIELDS as readonly string[]).includes(field)) return 'verdict';
  if ((INSTANT_FIELDS as readonly string[]).includes(field)) return 'instant';
  if ((DURATION_FIELDS as readonly string[]).includes(field)) return 'duration';
  if ((COUNT_FIELDS as readonly string[]).includes(field)) return 'count';
  return 'dim';
}

/** Why a ticket got a complaint class (kept only with `--explain`). */
export interface ComplaintMatch {
  className: string;
  /** The rule as written in the config or the defaults. */
  rule: string;
  /** `subject`, `category` or `tags`. */
  field: string;
  /** The matched text, folded (lower case, accents removed). */
  text: string;
}

/** Satisfaction rating codes. */
export const Satisfaction = { none: -1, bad: 0, good: 1 } as const;

/** Vendor SLA verdict codes (same sentinel convention as satisfaction: -1 is "no verdict"). */
export const Verdict = { unknown: -1, violated: 0, met: 1 } as const;

/** Interns strings: code 0 is "missing", codes 1..n index `values`. */
export class Dictionary {
  readonly values: string[] = [''];
  private readonly codes = new Map<string, number>();

  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The string for a code, or null for code 0. */
  value(code: number): string | null {
    return code === 0 ? null : (this.values[code] ?? null);
  }

  get size(): number {
    return this.values.length - 1;
  }
}

export class DimColumn {
  readonly dictionary = new Dictionary();
  codes: Uint32Array;
  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array | Int8Array | Uint8Array>(array: T, capacity: number, fill?: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

/**
 * Column store of tickets. Rows are appended by the normalizer; `set` replaces a row in place
 * (used when a later export row supersedes an earlier one for the same id).
 */
export class TicketTable {
  length = 0;
  private capacity: number;
  readonly ids: string[] = [];
  readonly instants: Record<InstantField, Float64Array>;
  readonly durations: Record<DurationField, Float64Array>;
  readonly counts: Record<CountField, Int32Array>;
  readonly dims: Map<string, DimColumn> = new Map();
  satisfaction: Int8Array;
  /** Vendor SLA verdicts, codes of {@link Verdict}. */
  readonly verdicts: Record<VerdictField, Int8Array>;
  /** 1 when the ticket is a follow-up of a closed ticket (Zendesk `Via: Closed ticket`). */
  followUp: Uint8Array;
  /** Input line of the row that produced each ticket (first line of a multi-line record). */
  lines: Float64Array;
  /** Complaint classes of each ticket, set at ingest (src/complaints): bit k = class `complaintClasses[k]`. */
  complaints: Uint32Array;
  complaintClasses: string[] = [];
  /** With `--explain` only: the rule matches behind each ticket's classes, by row. */
  readonly complaintMatches = new Map<number, ComplaintMatch[]>();
  /** Fields the input provides (mapped to a column); metrics needing others are unavailable. */
  readonly present = new Set<TicketField>();
  /** Extra dimension names (columns kept for `--by`), in input order. */
  readonly extraDims: string[] = [];
  /** Per-case accumulators when the tickets were folded from an event log (docs/events.md); absent otherwise. */
  events?: EventCaseData;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    const c = this.capacity;
    this.instants = Object.fromEntries(INSTANT_FIELDS.map((f) => [f, new Float64Array(c).fill(NaN)])) as Record<InstantField, Float64Array>;
    this.durations = Object.fromEntries(DURATION_FIELDS.map((f) => [f, new Float64Array(c).fill(NaN)])) as Record<DurationField, Float64Array>;
    this.counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, new Int32Array(c).fill(-1)])) as Record<CountField, Int32Array>;
    for (const f of DIM_FIELDS) this.dims.set(f, new DimColumn(c));
    this.satisfaction = new Int8Array(c).fill(-1);
    this.verdicts = Object.fromEntries(VERDICT_FIELDS.map((f) => [f, new Int8Array(c).fill(-1)])) as Record<VerdictField, Int8Array>;
    this.followUp = new Uint8Array(c);
    this.lines = new Float64Array(c);
    this.complaints = new Uint32Array(c);
  }

  /** Declares an extra dimension column (any input column usable with `--by`). */
  addExtraDim(name: string): DimColumn {
    let column = this.dims.get(name);
    if (!column) {
      column = new DimColumn(this.capacity);
      this.dims.set(name, column);
      this.extraDims.push(name);
    }
    return column;
  }

  dim(name: string): DimColumn | undefined {
    return this.dims.get(name);
  }

  /** Reserves a new row filled with "missing" and returns its index. */
  addRow(id: string, line: number): number {
    if (this.length === this.capacity) this.growTo(this.capacity * 2);
    const row = this.length++;
    this.ids.push(id);
    this.lines[row] = line;
    return row;
  }

  /** Resets a row to "missing" so that it can be rewritten by a superseding input row. */
  clearRow(row: number, line: number): void {
    for (const f of INSTANT_FIELDS) this.instants[f][row] = NaN;
    for (const f of DURATION_FIELDS) this.durations[f][row] = NaN;
    for (const f of COUNT_FIELDS) this.counts[f][row] = -1;
    for (const column of this.dims.values()) column.codes[row] = 0;
    this.satisfaction[row] = -1;
    for (const f of VERDICT_FIELDS) this.verdicts[f][row] = -1;
    this.followUp[row] = 0;
    this.lines[row] = line;
    this.complaints[row] = 0;
    this.complaintMatches.delete(row);
  }

  /** Overwrites row `to` with row `from` (a superseding row for the same ticket). */
  copyRow(from: number, to: number): void {
    for (const f of INSTANT_FIELDS) this.instants[f][to] = this.instants[f][from] ?? NaN;
    for (const f of DURATION_FIELDS) this.durations[f][to] = this.durations[f][from] ?? NaN;
    for (const f of COUNT_FIELDS) this.counts[f][to] = this.counts[f][from] ?? -1;
    for (const column of this.dims.values()) column.codes[to] = column.codes[from] ?? 0;
    this.satisfaction[to] = this.satisfaction[from] ?? -1;
    for (const f of VERDICT_FIELDS) this.verdicts[f][to] = this.verdicts[f][from] ?? -1;
    this.followUp[to] = this.followUp[from] ?? 0;
    this.lines[to] = this.lines[from] ?? 0;
    this.complaints[to] = this.complaints[from] ?? 0;
    const matches = this.complaintMatches.get(from);
    if (matches) this.complaintMatches.set(to, matches);
    else this.complaintMatches.delete(to);
  }

  /** Drops the last row (a row found bad after it was started). */
  popRow(): void {
    if (this.length === 0) return;
    this.length--;
    this.ids.pop();
    this.clearRow(this.length, 0);
  }

  private growTo(capacity: number): void {
    for (const f of INSTANT_FIELDS) this.instants[f] = grow(this.instants[f], capacity, NaN);
    for (const f of DURATION_FIELDS) this.durations[f] = grow(this.durations[f], capacity, NaN);
    for (const f of COUNT_FIELDS) this.counts[f] = grow(this.counts[f], capacity, -1);
    for (const column of this.dims.values()) column.codes = grow(column.codes, capacity);
    this.satisfaction = grow(this.satisfaction, capacity, -1);
    for (const f of VERDICT_FIELDS) this.verdicts[f] = grow(this.verdicts[f], capacity, -1);
    this.followUp = grow(this.followUp, capacity);
    this.lines = grow(this.lines, capacity);
    this.complaints = grow(this.complaints, capacity);
    this.capacity = capacity;
  }
}
