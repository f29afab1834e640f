/**
 * An event-log profile is data, like the ticket profiles: which header identifies the file, which
 * column feeds which event field, and, for "one row per changed field" files (Zendesk's ticket field
 * history), which field names mean what.
 */

/** The fields an event mapping can name (`--map case=…,timestamp=…` with `--events`, config `events.map`). */
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
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/** Case attributes: the last non-empty value seen (in reading order) becomes the ticket's value. */
export const CASE_ATTRIBUTES = ['priority', 'channel', 'customer', 'category'] as const;
export type CaseAttribute = (typeof CASE_ATTRIBUTES)[number];

export interface EventProfile {
  name: string;
  description: string;
  /** Columns that must all be present (case-insensitive, trimmed) for auto-detection. Empty: never auto-detected. */
  signature: readonly string[];
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
