/**
 * An export profile is data: which header identifies the export, which column feeds which field,
 * and how its values are written. Adding a vendor means adding a table, not code. One type for the
 * three kinds of input (ticket exports, order exports, event logs), each with what only it needs.
 */

/** What an input holds: tickets (one row per ticket), orders, or events (one row per event). */
export type InputKind = 'tickets' | 'orders' | 'events';

/** What every profile says. */
export interface ProfileBase {
  readonly kind: InputKind;
  readonly name: string;
  readonly description: string;
  /** Columns that must all be present (case-insensitive, trimmed) for auto-detection. Empty: never auto-detected. */
  readonly signature: readonly string[];
  /** Field name -> candidate column names; the first present column wins. */
  readonly columns: Readonly<Record<string, readonly string[]>>;
  /** date-fns format of non-ISO timestamps; ISO 8601 when absent. */
  readonly dateFormat?: string;
  /** Zone of offset-less timestamps when the user names none. */
  readonly inputTimezone?: string;
}

export interface TicketProfile extends ProfileBase {
  readonly kind: 'tickets';
  /** Mapping name (see fields.ts) -> candidate column names; the first present column wins. */
  columns: Readonly<Record<string, readonly string[]>>;
  /** Where the vendor sets the zone its offset-less timestamps are in: the advice of the warning when none is named. */
  inputTimezoneAdvice?: string;
  /** A ticket is a follow-up of a closed one when this dimension has one of these values (case-insensitive). */
  followUp?: { field: 'channel' | 'status' | 'tags'; values: readonly string[] };
  /** Satisfaction values by prefix (case-insensitive). */
  satisfaction?: { good: readonly string[]; bad: readonly string[] };
  /** Extra null tokens of this vendor, added to the user's. */
  nullTokens?: readonly string[];
  /**
   * How the vendor writes its SLA verdicts (`vendor_sla_*` fields), exact values compared
   * case-insensitively, localized spellings included. Any other non-empty value is kept as "no verdict"
   * and reported as an `unknown_value` row issue, so a new localization shows up instead of vanishing.
   */
  slaVerdicts?: { met: readonly string[]; violated: readonly string[] };
  /**
   * Duration mapping name -> instant fields: a zero duration counts as missing unless one of these
   * instants is present in the same row. Freshdesk writes `00:00:00` both for "answered at once" and
   * for "never answered"; only the timestamp tells them apart. Freshdesk's:
   * `{ first_reply_business_hms: ['first_reply'], full_resolution_business_hms: ['solved', 'closed'] }`.
   */
  zeroMeansMissingUnless?: Readonly<Record<string, readonly ('first_reply' | 'first_solved' | 'solved' | 'closed')[]>>;
}

export interface OrderProfile extends ProfileBase {
  readonly kind: 'orders';
  /**
   * Order mapping name -> candidate column names; the first present column wins. Names: id, customer,
   * created, paid, fulfilled, shipped, delivered, promised, cancelled, total, refunded, status,
   * financial_status, fulfillment_status, channel, location, carrier, currency, item (one line item
   * per row with a value); any other lower-case name becomes an extra dimension.
   */
  columns: Readonly<Record<string, readonly string[]>>;
  /**
   * Values (case-insensitive) of `status`, `financial_status` or `fulfillment_status` that mean the
   * order was cancelled even without a cancellation time.
   */
  cancelledValues?: readonly string[];
  /** Values of `financial_status` that mean money went back (a refund) even without a refunded amount. */
  refundedValues?: readonly string[];
}

/**
 * The fields an event mapping can name (`--map case=…,timestamp=…` with `--events`, config `events.map`).
 * `id` and `parent` (a message and the message it answers) build conversations without a case id;
 * `inbound` is a yes/no direction column (yes: the customer's); `opened` a case creation time column.
 */
export const EVENT_FIELDS = [
  'case',
  'timestamp',
  'activity',
  'status',
  'agent',
  'team',
  'role',
  'public',
  'priority',
  'channel',
  'customer',
  'category',
  'id',
  'parent',
  'inbound',
  'opened',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Case attributes: the first (or, on request, the last) non-empty value in the case's time order. */
export const CASE_ATTRIBUTES = ['priority', 'channel', 'customer', 'category'] as const;
export type CaseAttribute = (typeof CASE_ATTRIBUTES)[number];

export interface EventProfile extends ProfileBase {
  readonly kind: 'events';
  /** Event field -> candidate column names; the first present column wins. */
  columns: Readonly<Partial<Record<EventField, readonly string[]>>>;
  /** The activity of every row when the file has no activity column (a comments file: `message`). */
  activity?: string;
  /**
   * Field-history files: one row per changed field. `field` names the column holding the field's
   * name, `value` the column holding its new value, and `fields` says which field names feed which
   * event field (others are ignored, and counted as folded rows).
   */
  pivot?: { field: readonly string[]; value: readonly string[]; fields: Readonly<Record<string, EventField>> };
}

export type Profile = TicketProfile | OrderProfile | EventProfile;
