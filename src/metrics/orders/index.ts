import { atRiskRate } from './at-risk-rate.js';
import { cancellationRate } from './cancellation-rate.js';
import { contactRateLate } from './contact-rate-late.js';
import { contactRateOnTime } from './contact-rate-on-time.js';
import { contactsPerOrder } from './contacts-per-order.js';
import { delay, delayDays, latenessDays } from './delay.js';
import { deliveryTime } from './delivery-time.js';
import { fulfillmentTime } from './fulfillment-time.js';
import { lateOrders } from './late-orders.js';
import { lateness } from './lateness.js';
import { onTimeRate } from './on-time-rate.js';
import { orderContactRate } from './order-contact-rate.js';
import { itemsPerOrder, orderValueMetric } from './order-value.js';
import { orders } from './orders.js';
import { refundRate } from './refund-rate.js';
import { refundedValueShare } from './refunded-value-share.js';
import { refundedValue } from './refunded-value.js';
import { repeatCustomerRate } from './repeat-customer-rate.js';
import { reviewCsat, reviewScore } from './reviews.js';
import type { OrderMetricDefinition } from './types.js';
import { unfulfilledAge } from './unfulfilled-age.js';
import { unlinkedTickets } from './unlinked-tickets.js';

/** The order metrics, in report order. Ids are stable: thresholds (`check`) refer to them. */
export const ORDER_METRICS: readonly OrderMetricDefinition[] = [
  orders,
  fulfillmentTime,
  unfulfilledAge,
  deliveryTime,
  onTimeRate,
  lateOrders,
  lateness,
  latenessDays,
  delay,
  delayDays,
  atRiskRate,
  cancellationRate,
  refundRate,
  refundedValue,
  refundedValueShare,
  repeatCustomerRate,
  orderValueMetric,
  itemsPerOrder,
  reviewScore,
  reviewCsat,
  contactsPerOrder,
  orderContactRate,
  contactRateLate,
  contactRateOnTime,
  unlinkedTickets,
];

export { createOrderContext } from './context.js';
export type { OrderContext, OrderMetricDefinition, OrderMetricOptions, OrderContacts } from './types.js';
