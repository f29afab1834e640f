/**
 * An order export profile is data, like the ticket profiles: which header identifies the export,
 * which column feeds which order field, and which status values mean what. Adding a shop system
 * means adding a table, not code.
 */
export interface OrderProfile {
  name: string;
  description: string;
  /** Columns that must all be present (case-insensitive, trimmed) for auto-detection. Empty: never auto-detected. */
  signature: readonly string[];
  /**
   * Order mapping name -> candidate column names; the first present column wins. Names: id, customer,
   * created, paid, fulfilled, shipped, delivered, promised, cancelled, total, refunded, status,
   * financial_status, fulfillment_status, channel, location, carrier, currency, item (one line item
   * per row with a value); any other lower-case name becomes an extra dimension.
   */
  columns: Readonly<Record<string, readonly string[]>>;
  /** date-fns format of non-ISO timestamps; ISO 8601 (with or without offset) when absent. */
  dateFormat?: string;
  /** Zone of offset-less timestamps when the user names none. */
  inputTimezone?: string;
  /**
   * Values (case-insensitive) of `status`, `financial_status` or `fulfillment_status` that mean the
   * order was cancelled even without a cancellation time.
   */
  cancelledValues?: readonly string[];
  /** Values of `financial_status` that mean money went back (a refund) even without a refunded amount. */
  refundedValues?: readonly string[];
}
