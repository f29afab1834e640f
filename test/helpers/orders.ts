/**
 * Builds an OrderTable from plain objects and the order context over it (src/metrics/orders/context.ts),
 * for the order metrics' unit tests; and a small shop worked out by hand, shared by them.
 */
import type { Schedule } from '../../src/calendar/schedule.js';
import { compileSchedule } from '../../src/calendar/schedule-spec.js';
import { createOrderContext } from '../../src/metrics/orders/context.js';
import { linkTicketsToOrders, type CodedText } from '../../src/metrics/orders/linking.js';
import type { OrderContacts, OrderContext, OrderMetricOptions, OrderRowScope } from '../../src/metrics/orders/types.js';
import { OrderTable, type OrderAmountField, type OrderInstantField } from '../../src/model/order.js';

export interface OrderSpec {
  id: string;
  created: string;
  paid?: string;
  fulfilled?: string;
  shipped?: string;
  delivered?: string;
  promised?: string;
  cancelled?: string;
  total?: number;
  refunded?: number;
  /** Lower-cased email, as ingest writes it. */
  customer?: string;
  /** A cancelled/voided status without a cancellation time. */
  cancelledStatus?: boolean;
  /** A refunded / partially refunded status. */
  refundedStatus?: boolean;
}

const INSTANTS: OrderInstantField[] = ['created', 'paid', 'fulfilled', 'shipped', 'delivered', 'promised', 'cancelled'];
const AMOUNTS: OrderAmountField[] = ['total', 'refunded'];

/** `present` lists the fields the "export" has; defaults to every field used by any order. */
export function orderTableOf(specs: readonly OrderSpec[], present?: readonly string[]): OrderTable {
  const table = new OrderTable(4);
  specs.forEach((spec, i) => {
    const row = table.addRow(spec.id, i + 2);
    for (const field of INSTANTS) {
      const text = spec[field];
      if (text === undefined) continue;
      table.instants[field][row] = Date.parse(text);
      table.present.add(field);
    }
    for (const field of AMOUNTS) {
      const value = spec[field];
      if (value === undefined) continue;
      table.amounts[field][row] = value;
      table.present.add(field);
    }
    if (spec.customer !== undefined) {
      const column = table.dim('customer')!;
      column.codes[row] = column.dictionary.intern(spec.customer);
      table.present.add('customer');
    }
    if (spec.cancelledStatus) table.cancelledStatus[row] = 1;
    if (spec.refundedStatus) table.refundedStatus[row] = 1;
  });
  if (present) {
    table.present.clear();
    for (const f of present) table.present.add(f as never);
  }
  return table;
}

const weekdays = (hours: string): Schedule =>
  compileSchedule(
    { timezone: 'UTC', hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [hours]])) },
    'schedules.test',
  );
/** Monday-Friday whole days (the promise days' default) and Monday-Friday 09:00-17:00, in UTC. */
export const WEEKDAYS = { name: 'weekdays', schedule: weekdays('00:00-24:00') };
export const OFFICE = { name: 'office', schedule: weekdays('09:00-17:00') };

export function orderOptions(overrides: Partial<OrderMetricOptions> = {}): OrderMetricOptions {
  return {
    asOf: Number.MAX_SAFE_INTEGER,
    from: 'created',
    schedule: null,
    onTimeEvent: 'delivered',
    promiseDays: null,
    promiseSchedule: WEEKDAYS,
    linkWindowDays: 30,
    ...overrides,
  };
}

export interface TicketForLink {
  created: string;
  orderNumber?: string;
  subject?: string;
  email?: string;
}

/** Texts as the ticket table codes them: code 0 is "missing". */
function coded(texts: readonly (string | undefined)[]): CodedText | null {
  if (texts.every((t) => t === undefined)) return null;
  const values = [''];
  const codes = texts.map((t) => {
    if (t === undefined) return 0;
    const at = values.indexOf(t);
    return at > 0 ? at : values.push(t) - 1;
  });
  return { codes, values };
}

/** Tickets linked to the table's orders by the real linking rules (linking.ts). */
export function contactsOf(table: OrderTable, tickets: readonly TicketForLink[], windowDays = 30): OrderContacts {
  const customer = table.dim('customer')!;
  const ticketCreated = Float64Array.from(tickets, (t) => Date.parse(t.created));
  const links = linkTicketsToOrders(
    {
      ids: table.ids,
      created: table.instants.created.subarray(0, table.length),
      email: { codes: customer.codes.subarray(0, table.length), values: customer.dictionary.values },
    },
    {
      length: tickets.length,
      created: ticketCreated,
      orderNumber: coded(tickets.map((t) => t.orderNumber)),
      subjectRef: coded(tickets.map((t) => t.subject)),
      email: coded(tickets.map((t) => t.email)),
    },
    { windowDays },
  );
  return { links, ticketCreated, category: null };
}

/** The orders of a table ascending by creation (ties in row order): the cohort of a whole-window row. */
export function byCreation(table: OrderTable): Int32Array {
  const created = table.instants.created;
  return Int32Array.from({ length: table.length }, (_, i) => i).sort(
    (a, b) => (created[a] as number) - (created[b] as number) || a - b,
  );
}

export const WHOLE: OrderRowScope = { start: -Infinity, end: Infinity, grouped: false };

/**
 * A shop's first two weeks of October 2025 (Monday 6th), UTC; as-of Wednesday 15th 00:00; on time by delivery;
 * promises from the `promised` column.
 *
 * | id    | created      | fulfilled    | delivered    | promised  | at as-of          | total | refund | customer |
 * |-------|--------------|--------------|--------------|-----------|-------------------|-------|--------|----------|
 * | #1001 | Mon 6 10:00  | Tue 7 16:00  | Thu 9 10:00  | Fri 10 0h | on time           | 59.90 |        | ana      |
 * | #1002 | Tue 7 11:00  | Fri 10 16:30 | Mon 13 12:00 | Sat 11 0h | late, 60 h        | 120   |        | ben      |
 * | #1003 | Wed 8 18:20  | cancelled Thu 9 08:00       |           | cancelled         | 35    |        | cleo     |
 * | #1004 | Thu 9 09:00  | Thu 9 15:00  | —            | Mon 13 0h | open past promise | 80    | 15     | ana      |
 * | #1005 | Fri 10 12:00 | —            | —            | Thu 16 0h | open, not due     | 20    |        | dan      |
 * | #1006 | Mon 13 09:00 | Mon 13 13:00 | Tue 14 09:00 | Wed 15 0h | on time           | 50    | 50 (*) | ben      |
 * | #1007 | Tue 14 08:00 | —            | —            | —         | no promise        | —     |        | —        |
 * (*) with a refunded status; #1001 was paid at 10:05.
 *
 * Tickets: T1 "Where is #1002?" (Sun 12) -> #1002 by subject; T2 ana (Wed 8) -> #1001 by email (her #1004 comes
 * the next day); T3 order number #1005 (Tue 14) -> #1005; T4 ben (Sun 12) -> #1002 by email (#1006 is later);
 * T5 zed (Sun 12), T6 "#9999 broken" (Mon 13), T7 dan on Nov 20 (41 days after #1005): unlinked.
 */
export const SHOP: readonly OrderSpec[] = [
  {
    id: '#1001',
    created: '2025-10-06T10:00:00Z',
    paid: '2025-10-06T10:05:00Z',
    fulfilled: '2025-10-07T16:00:00Z',
    delivered: '2025-10-09T10:00:00Z',
    promised: '2025-10-10T00:00:00Z',
    total: 59.9,
    customer: 'ana@x.com',
  },
  {
    id: '#1002',
    created: '2025-10-07T11:00:00Z',
    fulfilled: '2025-10-10T16:30:00Z',
    delivered: '2025-10-13T12:00:00Z',
    promised: '2025-10-11T00:00:00Z',
    total: 120,
    customer: 'ben@x.com',
  },
  {
    id: '#1003',
    created: '2025-10-08T18:20:00Z',
    cancelled: '2025-10-09T08:00:00Z',
    total: 35,
    customer: 'cleo@x.com',
  },
  {
    id: '#1004',
    created: '2025-10-09T09:00:00Z',
    fulfilled: '2025-10-09T15:00:00Z',
    promised: '2025-10-13T00:00:00Z',
    total: 80,
    refunded: 15,
    customer: 'ana@x.com',
  },
  { id: '#1005', created: '2025-10-10T12:00:00Z', promised: '2025-10-16T00:00:00Z', total: 20, customer: 'dan@x.com' },
  {
    id: '#1006',
    created: '2025-10-13T09:00:00Z',
    fulfilled: '2025-10-13T13:00:00Z',
    delivered: '2025-10-14T09:00:00Z',
    promised: '2025-10-15T00:00:00Z',
    total: 50,
    refunded: 50,
    refundedStatus: true,
    customer: 'ben@x.com',
  },
  { id: '#1007', created: '2025-10-14T08:00:00Z' },
];

export const SHOP_TICKETS: readonly TicketForLink[] = [
  { created: '2025-10-12T10:00:00Z', subject: 'Where is #1002?' },
  { created: '2025-10-08T10:00:00Z', email: 'ana@x.com' },
  { created: '2025-10-14T10:00:00Z', orderNumber: '#1005' },
  { created: '2025-10-12T11:00:00Z', email: 'ben@x.com' },
  { created: '2025-10-12T12:00:00Z', email: 'zed@x.com' },
  { created: '2025-10-13T10:00:00Z', subject: '#9999 broken' },
  { created: '2025-11-20T10:00:00Z', email: 'dan@x.com' },
];

export const SHOP_AS_OF = Date.parse('2025-10-15T00:00:00Z');

/** The shop's context at as-of, with its tickets linked; `overrides` change the options. */
export function shopContext(overrides: Partial<OrderMetricOptions> = {}, withTickets = true): OrderContext {
  const table = orderTableOf(SHOP);
  const contacts = withTickets ? contactsOf(table, SHOP_TICKETS) : null;
  return createOrderContext(table, orderOptions({ asOf: SHOP_AS_OF, ...overrides }), contacts);
}
