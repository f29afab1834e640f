import type { OrderDerived, OrderDeriveOptions } from '../../derive/orders.js';
import type { DimView } from '../../model/ticket.js';
import type { OrderTable } from '../../model/order.js';
import type { MetricValue } from '../values.js';
import type { Links } from './linking.js';

export { Punctuality, type OnTimeEvent } from '../../derive/orders.js';

/** The derivations' options (derive/orders.ts) and the metrics' own. */
export interface OrderMetricOptions extends OrderDeriveOptions {
  /** Days after an order in which a ticket from the same email is linked to it. */
  linkWindowDays: number;
  /** Review scores at or above this are good (`review_csat`). */
  reviewGoodMin: number;
  /** Review scores at or below this are bad. */
  reviewBadMax: number;
}

/** Tickets, linked to orders, for the contact metrics. */
export interface OrderContacts {
  readonly links: Links;
  readonly ticketCreated: Float64Array;
  /** Ticket category (for the categories that follow late orders); null without one. */
  readonly category: DimView | null;
}

/** Per-order values derived once per run (derive/orders.ts), shared by every order metric. */
export interface OrderContext extends OrderDerived {
  readonly table: OrderTable;
  readonly options: OrderMetricOptions;
  /** Where the promise came from, for the report's definitions. */
  readonly promiseSource: string;
  /** Time between two instants on the run's clock, ms; NaN when either is NaN. */
  readonly elapsedMs: (startMs: number, endMs: number) => number;
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
  /** A total that states its order statistics and distribution too (see TotalValue). */
  stats?: boolean;
  unit?: 'minutes' | 'hours';
  headline: readonly ('value' | 'n' | 'median' | 'p90' | 'p95' | 'min' | 'max' | 'sum' | 'mean')[];
  label: string;
  describe(options: OrderMetricOptions): string;
  unavailable(ctx: OrderContext): string | null;
  /** The value over `cohort`: orders created in the row's period and group, ascending by creation. */
  compute(ctx: OrderContext, cohort: Int32Array, scope: OrderRowScope): MetricValue;
}
