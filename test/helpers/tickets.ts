/** Builds a TicketTable from plain objects, for metric unit tests. Times are ISO strings with offsets. */
import { TicketTable } from '../../src/engine/ticket-table.js';
import {
  Satisfaction,
  Verdict,
  type CountField,
  type DimField,
  type InstantField,
  type DurationField,
} from '../../src/model/ticket.js';

export interface TicketSpec {
  id?: string;
  created: string;
  first_reply?: string;
  first_solved?: string;
  solved?: string;
  closed?: string;
  first_reply_minutes?: number;
  first_resolution_minutes?: number;
  full_resolution_minutes?: number;
  first_reply_business_minutes?: number;
  first_resolution_business_minutes?: number;
  full_resolution_business_minutes?: number;
  reopens?: number;
  agent_replies?: number;
  customer_messages?: number;
  assignee_stations?: number;
  group_stations?: number;
  reassignments?: number;
  customer?: string;
  priority?: string;
  category?: string;
  team?: string;
  satisfaction?: 'good' | 'bad' | 'offered';
  vendor_sla_first_reply?: 'met' | 'violated' | 'unknown';
  vendor_sla_resolution?: 'met' | 'violated' | 'unknown';
  /** Complaint classes, bit k = class k. */
  complaints?: number;
  followUp?: boolean;
}

const instantKeys: InstantField[] = ['created', 'first_reply', 'first_solved', 'solved', 'closed'];
const durationKeys: [keyof TicketSpec, DurationField][] = [
  ['first_reply_minutes', 'first_reply_duration'],
  ['first_resolution_minutes', 'first_resolution_duration'],
  ['full_resolution_minutes', 'full_resolution_duration'],
  ['first_reply_business_minutes', 'first_reply_business_duration'],
  ['first_resolution_business_minutes', 'first_resolution_business_duration'],
  ['full_resolution_business_minutes', 'full_resolution_business_duration'],
];
const countKeys: CountField[] = [
  'reopens',
  'agent_replies',
  'customer_messages',
  'assignee_stations',
  'group_stations',
  'reassignments',
];
const dimKeys: DimField[] = ['customer', 'category', 'team', 'priority'];
const verdictKeys = ['vendor_sla_first_reply', 'vendor_sla_resolution'] as const;

/** `present` lists the fields the "export" has; defaults to every field used by any ticket. */
export function tableOf(specs: TicketSpec[], present?: string[]): TicketTable {
  const table = new TicketTable(4);
  specs.forEach((spec, i) => {
    const row = table.addRow(spec.id ?? String(i + 1), i + 2);
    for (const key of instantKeys) {
      const text = spec[key as keyof TicketSpec] as string | undefined;
      if (text !== undefined) {
        table.instants[key][row] = Date.parse(text);
        table.present.add(key);
      }
    }
    for (const [key, field] of durationKeys) {
      const v = spec[key] as number | undefined;
      if (v !== undefined) {
        table.durations[field][row] = v * 60_000;
        table.present.add(field);
      }
    }
    for (const key of countKeys) {
      const v = spec[key as keyof TicketSpec] as number | undefined;
      if (v !== undefined) {
        table.counts[key][row] = v;
        table.present.add(key);
      }
    }
    for (const key of dimKeys) {
      const v = spec[key as keyof TicketSpec] as string | undefined;
      const column = table.dim(key)!;
      if (v !== undefined) {
        column.codes[row] = column.dictionary.intern(v);
        table.present.add(key);
      }
    }
    if (spec.satisfaction !== undefined) {
      table.satisfaction[row] =
        spec.satisfaction === 'good'
          ? Satisfaction.good
          : spec.satisfaction === 'bad'
            ? Satisfaction.bad
            : Satisfaction.none;
      table.present.add('satisfaction');
    }
    for (const key of verdictKeys) {
      const v = spec[key];
      if (v !== undefined) {
        table.verdicts[key][row] = Verdict[v];
        table.present.add(key);
      }
    }
    if (spec.complaints !== undefined) {
      table.declareComplaints();
      table.complaints[row] = spec.complaints;
    }
    if (spec.followUp) table.followUp[row] = 1;
  });
  if (present) {
    table.present.clear();
    for (const f of present) table.present.add(f as never);
  }
  return table;
}
