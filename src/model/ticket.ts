/**
 * The normalized ticket, column by column: the field catalogue and the read-only view of the columns
 * that derivations and metrics read (the growable table that holds them is engine/ticket-table.ts).
 *
 * One object per ticket would cost ~200 bytes each; a million-ticket export must stay within a few
 * hundred MB, so every field lives in a typed array indexed by ticket number, strings are interned
 * into per-field dictionaries, and missing values use sentinels that never leave this module's users:
 * NaN for instants and durations, -1 for counts, 0 for dictionary codes, -1 for satisfaction.
 */

import type { DimColumn } from './dictionary.js';
import type { EventCaseData } from './events.js';

/** Instants (epoch milliseconds, UTC). */
export const INSTANT_FIELDS = ['created', 'first_reply', 'first_solved', 'solved', 'closed', 'updated'] as const;
export type InstantField = (typeof INSTANT_FIELDS)[number];

/**
 * Durations computed by the vendor, stored in milliseconds whatever unit the export used. The
 * `_business_` ones count only the vendor's business hours (Zendesk `... within business hours`).
 */
export const DURATION_FIELDS = [
  'first_reply_duration',
  'first_resolution_duration',
  'full_resolution_duration',
  'first_reply_business_duration',
  'first_resolution_business_duration',
  'full_resolution_business_duration',
] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];

/** Non-negative whole counts. */
export const COUNT_FIELDS = [
  'reopens',
  'agent_replies',
  'customer_messages',
  'assignee_stations',
  'group_stations',
  'version',
  'reassignments',
  'group_transfers',
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/**
 * Text values usable as grouping dimensions, interned. The last three link tickets to orders:
 * `order_number` (an order-number field), `order_ref` (the `#1234` references found in the subject,
 * space-separated; the subject itself is not kept) and `requester_email` (lower-cased).
 */
export const DIM_FIELDS = [
  'status',
  'priority',
  'channel',
  'agent',
  'team',
  'customer',
  'category',
  'tags',
  'order_number',
  'order_ref',
  'requester_email',
] as const;
export type DimField = (typeof DIM_FIELDS)[number];

/**
 * The vendor's own SLA verdict per ticket (Freshdesk `First response status`, ServiceNow `made_sla`),
 * kept as the vendor reported it, beside whatever we compute from timestamps.
 */
export const VERDICT_FIELDS = ['vendor_sla_first_reply', 'vendor_sla_resolution', 'vendor_fcr'] as const;
export type VerdictField = (typeof VERDICT_FIELDS)[number];

export type TicketField = 'id' | InstantField | DurationField | CountField | DimField | 'satisfaction' | VerdictField;

export const TICKET_FIELDS: readonly TicketField[] = [
  'id',
  ...INSTANT_FIELDS,
  ...DURATION_FIELDS,
  ...COUNT_FIELDS,
  ...DIM_FIELDS,
  'satisfaction',
  ...VERDICT_FIELDS,
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

/** Gives the text of a code added with {@link Dictionary.addLazy}, and finds a code by its text. */

/** A dimension column as readers see it: a code per ticket (0 = missing) and the values by code. */
export interface DimView {
  readonly codes: Uint32Array;
  readonly dictionary: {
    /** Every value by code (index 0 is the empty "missing" entry). */
    readonly values: readonly string[];
    readonly size: number;
    value(code: number): string | null;
  };
}

/**
 * The tickets of a run, column by column, read-only: what derivations and metrics read. Missing
 * values are NaN for instants and durations, -1 for counts, satisfaction and verdicts, 0 for codes.
 */
export interface Tickets {
  readonly length: number;
  /** Ticket id of each row (`file:line` when the input has no id column). */
  readonly ids: { get(row: number): string };
  readonly instants: Readonly<Record<InstantField, Float64Array>>;
  readonly durations: Readonly<Record<DurationField, Float64Array>>;
  readonly counts: Readonly<Record<CountField, Int32Array>>;
  readonly dims: ReadonlyMap<string, DimView>;
  readonly satisfaction: Int8Array;
  /** Vendor SLA verdicts, codes of {@link Verdict}. */
  readonly verdicts: Readonly<Record<VerdictField, Int8Array>>;
  /** 1 when the ticket is a follow-up of a closed ticket (Zendesk `Via: Closed ticket`). */
  readonly followUp: Uint8Array;
  /** Input line of the row that produced each ticket. */
  readonly lines: Uint32Array;
  /** Complaint classes of each ticket: bit k = class `complaintClasses[k]`. */
  readonly complaints: Uint32Array;
  readonly complaintClasses: readonly string[];
  /** With `--explain` only: the rule matches behind each ticket's classes, by row. */
  readonly complaintMatches: ReadonlyMap<number, readonly ComplaintMatch[]>;
  /** Fields the input provides (mapped to a column); metrics needing others are unavailable. */
  readonly present: ReadonlySet<TicketField>;
  /** Extra dimension names (columns kept for `--by`), in input order. */
  readonly extraDims: readonly string[];
  /** The numbers of the configured metrics (config `metrics:`) by metric id; NaN: none. */
  readonly numbers: ReadonlyMap<string, Float64Array>;
  /** Per-case accumulators when the tickets were folded from an event log (docs/events.md); absent otherwise. */
  readonly events?: EventCaseData | undefined;
  dim(name: string): DimView | undefined;
  /** Whether `array` is the shared all-missing column of every field no input fills. */
  isMissingColumn(array: ArrayLike<number>): boolean;
}

/**
 * The tickets as the readers write them (the engine's TicketTable is one): rows added, superseded
 * and dropped, the columns the input maps declared, the complaint classes set.
 */
export interface TicketRows extends Tickets {
  readonly present: Set<TicketField>;
  complaints: Uint32Array;
  complaintClasses: string[];
  readonly complaintMatches: Map<number, ComplaintMatch[]>;
  events?: EventCaseData | undefined;
  /** Appends a row of "missing" for ticket `id` read at input line `line`; returns its index. */
  addRow(id: string, line: number): number;
  /** Overwrites row `to` with row `from` (a later row for the same ticket). */
  copyRow(from: number, to: number): void;
  /** Drops the last row. */
  popRow(): void;
  /** Keeps arrays of their own for `fields` only (the columns the input maps). */
  useOnly(fields: Iterable<TicketField>): void;
  /** Declares an extra dimension column (any input column usable with `--by`). */
  addExtraDim(name: string): DimColumn;
  /** Declares the number column of a configured metric (NaN in every row so far); returns it. */
  addNumber(name: string): Float64Array;
  dim(name: string): DimColumn | undefined;
  /** Gives the complaint classes an array of their own, so that a classifier can set them. */
  declareComplaints(): void;
}
