import { backlog, backlogAge } from './backlog.js';
import { created } from './created.js';
import { csat } from './csat.js';
import { fcr } from './fcr.js';
import { frt } from './frt.js';
import { groupTransfers, reassigned } from './handoffs.js';
import { reopened } from './reopened.js';
import { repeatContactRate, repeatCustomerRate } from './repeat-contact.js';
import { resolutionRate } from './resolution-rate.js';
import { resolutionFirst, resolutionFull } from './resolution-time.js';
import { touchMulti, touchOne, touchTwo } from './touches.js';
import type { MetricDefinition } from './types.js';

/** The ticket metrics, in report order. */
export const TICKET_METRICS: readonly MetricDefinition[] = [
  created,
  frt,
  resolutionFirst,
  resolutionFull,
  resolutionRate,
  backlog,
  backlogAge,
  reopened,
  touchOne,
  touchTwo,
  touchMulti,
  fcr,
  repeatContactRate,
  repeatCustomerRate,
  reassigned,
  groupTransfers,
  csat,
];

export type { MetricDefinition, TicketMetricOptions, FcrVariant, ResolutionRateVariant } from './types.js';
export { createTicketContext } from './context.js';
