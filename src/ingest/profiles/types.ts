/**
 * An export profile is data: which header identifies the export, which column feeds which field,
 * and how its values are written. Adding a vendor means adding a table, not code.
 */
export interface Profile {
  name: string;
  description: string;
  /** Columns that must all be present (case-insensitive, trimmed) for auto-detection. Empty: never auto-detected. */
  signature: readonly string[];
  /** Mapping name (see fields.ts) -> candidate column names; the first present column wins. */
  columns: Readonly<Record<string, readonly string[]>>;
  /** date-fns format of non-ISO timestamps; ISO 8601 when absent. */
  dateFormat?: string;
  /** Zone of offset-less timestamps when the user names none. */
  inputTimezone?: string;
  /** Warn when timestamps have no offset and the user gave no `--input-tz`. */
  warnWithoutInputTimezone?: string;
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
