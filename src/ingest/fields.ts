/**
 * The names users write in a mapping (`--map first_reply_minutes="First reply time in minutes"`, the
 * config's `input.map`) and what each means for the ticket model. Durations carry their unit in the
 * name, so a mapping says how to read the column without another option.
 */
import type { CountField, DimField, DurationField, InstantField, VerdictField } from '../model/ticket.js';

export type DurationUnit = 'minutes' | 'hours' | 'seconds' | 'hms';

export type MappedField =
  | { kind: 'id' }
  | { kind: 'instant'; field: InstantField }
  | { kind: 'duration'; field: DurationField; unit: DurationUnit }
  | { kind: 'count'; field: CountField }
  | { kind: 'dim'; field: DimField }
  | { kind: 'satisfaction' }
  /** A vendor SLA verdict (met / violated), read through the profile's `slaVerdicts` value lists. */
  | { kind: 'verdict'; field: VerdictField }
  /** The subject: only its `#1234` order references are kept, in the `order_ref` dimension. */
  | { kind: 'subject' }
  /**
   * A count from a yes/no column (`reopened`: yes -> 1, no -> 0, anything else unknown), or from a
   * timestamp column (`reopened_at`: a time -> 1, empty -> 0). A count column of the same field wins.
   */
  | { kind: 'flag'; field: CountField; from: 'yes_no' | 'timestamp' }
  /** A number of a configured metric (config `metrics:`), in ms for a time unit (`unitMs`), else as written. */
  | { kind: 'number'; name: string; unitMs: number | null }
  | { kind: 'extra'; name: string };

const durationBases: Record<string, DurationField> = {
  first_reply: 'first_reply_duration',
  first_resolution: 'first_resolution_duration',
  full_resolution: 'full_resolution_duration',
  first_reply_business: 'first_reply_business_duration',
  first_resolution_business: 'first_resolution_business_duration',
  full_resolution_business: 'full_resolution_business_duration',
};

const units: Record<string, DurationUnit> = { minutes: 'minutes', hours: 'hours', seconds: 'seconds', hms: 'hms' };

const simple: Record<string, MappedField> = {
  id: { kind: 'id' },
  created: { kind: 'instant', field: 'created' },
  first_reply: { kind: 'instant', field: 'first_reply' },
  first_solved: { kind: 'instant', field: 'first_solved' },
  solved: { kind: 'instant', field: 'solved' },
  closed: { kind: 'instant', field: 'closed' },
  updated: { kind: 'instant', field: 'updated' },
  reopens: { kind: 'count', field: 'reopens' },
  agent_replies: { kind: 'count', field: 'agent_replies' },
  customer_messages: { kind: 'count', field: 'customer_messages' },
  assignee_stations: { kind: 'count', field: 'assignee_stations' },
  group_stations: { kind: 'count', field: 'group_stations' },
  version: { kind: 'count', field: 'version' },
  status: { kind: 'dim', field: 'status' },
  priority: { kind: 'dim', field: 'priority' },
  channel: { kind: 'dim', field: 'channel' },
  agent: { kind: 'dim', field: 'agent' },
  team: { kind: 'dim', field: 'team' },
  customer: { kind: 'dim', field: 'customer' },
  category: { kind: 'dim', field: 'category' },
  tags: { kind: 'dim', field: 'tags' },
  satisfaction: { kind: 'satisfaction' },
  // ServiceNow `reassignment_count`: how often the assignee changed (0 = never), unlike stations, which count
  // assignees.
  reassignments: { kind: 'count', field: 'reassignments' },
  vendor_sla_first_reply: { kind: 'verdict', field: 'vendor_sla_first_reply' },
  vendor_sla_resolution: { kind: 'verdict', field: 'vendor_sla_resolution' },
  // A count of group transfers (handoffs between teams), beside group stations (stations - 1 = transfers).
  group_transfers: { kind: 'count', field: 'group_transfers' },
  // Reopens from a yes/no column, or from a reopen timestamp (empty: never reopened).
  reopened: { kind: 'flag', field: 'reopens', from: 'yes_no' },
  reopened_at: { kind: 'flag', field: 'reopens', from: 'timestamp' },
  // The vendor's own first-contact-resolution flag (yes/no), reported beside ours.
  vendor_fcr: { kind: 'verdict', field: 'vendor_fcr' },
  order_number: { kind: 'dim', field: 'order_number' },
  subject: { kind: 'subject' },
  requester_email: { kind: 'dim', field: 'requester_email' },
};

/** Every standard mapping name, for help texts and `opsmetrics profiles`. */
export const MAPPING_NAMES: readonly string[] = [
  ...Object.keys(simple).slice(0, 7),
  ...Object.keys(durationBases).flatMap((base) => Object.keys(units).map((unit) => `${base}_${unit}`)),
  ...Object.keys(simple).slice(7),
];

const namePattern = /^[a-z][a-z0-9_]*$/;

/**
 * How yes/no columns are written (case-insensitive): a vendor FCR flag, a reopened flag, an SLA
 * verdict of a profile that names none.
 */
export const YES_NO = {
  yes: ['yes', 'y', 'true', '1', 'ja', 'oui', 'si', 'sí', 'x'],
  no: ['no', 'n', 'false', '0', 'nein', 'non'],
} as const;

/**
 * Reads a mapping name. Unknown names that look like identifiers become extra dimensions (usable
 * with `--by`); anything else returns null so the caller can report it.
 * @example
 * parseMappingName('first_reply_minutes') // { kind: 'duration', field: 'first_reply_duration', unit: 'minutes' }
 */
export function parseMappingName(name: string): MappedField | null {
  const known = simple[name];
  if (known) return known;
  // `first_reply_business_minutes` also starts with the base `first_reply_`; its rest is no unit, so the loop goes on.
  for (const [base, field] of Object.entries(durationBases)) {
    if (name.startsWith(`${base}_`)) {
      const unit = units[name.slice(base.length + 1)];
      if (unit) return { kind: 'duration', field, unit };
    }
  }
  return namePattern.test(name) ? { kind: 'extra', name } : null;
}
