import type { Schedule } from '../../calendar/schedule.js';
import type { DimView } from '../../model/ticket.js';
import type { OrderTable } from '../../model/order.js';
import type { MetricValue } from '../values.js';
import type { Links } from './linking.js';

/** The event "on time" is judged on: the shipment leaving (fulfilled) or reaching the customer (delivered). */
export type OnTimeEvent = 'fulfilled' | 'delivered';

export interface OrderMetricOptions {
  /** Instant (epoch ms, exclusive) at which open, late and at-risk orders are judged. */
  asOf: number;
  /** Durations start at the order's creation (default) or at its payment. */
  from: 'created' | 'paid';
  /** Business hours durations are counted in; calendar time when null. */
  schedule: { name: string; schedule: Schedule } | null;
  /** Event of on-time and lateness; default delivered when the input has a delivered column, else fulfilled. */
  onTimeEvent: OnTimeEvent;
  /** Promise for orders without a promised column value: created + N business days of `promiseSchedule`. */
  promiseDays: number | null;
  /** The days `promiseDays` counts: the config's schedule, else Monday-Friday whole days in the report zone. */
  promiseSchedule: { name: string; schedule: Schedule };
  /** Days after an order in which a ticket from the same email is linked to it. */
  linkWindowDays: number;
}

/** Tickets, linked to orders, for the contact metrics. */
export interface OrderContacts {
  readonly links: Links;
  readonly ticketCreated: Float64Array;
  /** Ticket category (for the categories that follow late orders); null without one. */
  readonly category: DimView | null;
}

/** Late/on-time status of an order as of as-of, on the on-time event. */
export const Punctuality = { unknown: 0, onTime: 1, late: 2, openLate: 3, open: 4 } as const;

/** Per-order values derived once per run, shared by every order metric. */
export interface OrderContext {
  readonly table: OrderTable;
  readonly options: OrderMetricOptions;
  /** 1 when the order was cancelled by as-of (a cancellation time before as-of, or a cancelled status). */
  readonly cancelled: Uint8Array;
  /** Start of the order's durations (created, or paid), NaN without one. */
  readonly startAt: Float64Array;
  /** The on-time event's instant when it happened before as-of, else NaN. */
  readonly eventAt: Float64Array;
  /** The promise (promised column, else the configured N business days), NaN without one. */
  readonly promiseAt: Float64Array;
  /** `Punctuality` per order (cancelled orders: unknown). */
  readonly punctuality: Uint8Array;
  /** Where the promise came from, for the report's definitions. */
  readonly promiseSource: string;
  /** Time between two instants on the run's clock, ms; NaN when either is NaN. */
  readonly elapsedMs: (startMs: number, endMs: number) => number;
  /** 1 when the order's customer has an order created before this one. */
  readonly repeatOrder: Uint8Array;
  /** Linked tickets; null when no tickets were given. */
  readonly contacts: OrderContacts | null;
  scratch: Float64Array;
}

export interface OrderRowScope {
  start: number;
  end: number;
  /** True when rows are split by `--by` (ticket-only figures cannot follow an order dimension). */
  grouped: boolean;
}

export interface OrderMetricDefinition {
  id: string;
  kind: 'duration' | 'rate' | 'count' | 'total';
  unit?: 'minutes' | 'hours';
  headline: readonly ('value' | 'median' | 'p90' | 'sum' | 'mean')[];
  label: string;
  describe(options: OrderMetricOptions): string;
  unavailable(ctx: OrderContext): string | null;
  /** The value over `cohort`: orders created in the row's period and group, ascending by creation. */
  compute(ctx: OrderContext, cohort: Int32Array, scope: OrderRowScope): MetricValue;
}
