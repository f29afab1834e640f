import { backlog, backlogAge } from './backlog.js';
import { created } from './created.js';
import { csat } from './csat.js';
import { EVENT_METRICS } from './events/index.js';
import { fcr } from './fcr.js';
import { frt } from './frt.js';
import { agentReplies, customerMessages, groupTransfers, reassignments, reopens } from './counts.js';
import { customMetrics } from './custom.js';
import { reassigned } from './handoffs.js';
import { reopened } from './reopened.js';
import { repeatContactRate, repeatCustomerRate } from './repeat-contact.js';
import { resolutionRate } from './resolution-rate.js';
import { resolutionFirst, resolutionFull } from './resolution-time.js';
import { touchMulti, touchOne, touchTwo } from './touches.js';
import { SLA_METRICS, slaMetricsFor } from './sla-metrics.js';
import type { MetricDefinition, TicketMetricOptions } from './types.js';
import { vendorFcr, vendorSlaFirstReply, vendorSlaResolution } from './vendor-sla.js';

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
  reassignments,
  groupTransfers,
  reopens,
  agentReplies,
  customerMessages,
  csat,
  vendorSlaFirstReply,
  vendorSlaResolution,
  vendorFcr,
  ...EVENT_METRICS,
];

/**
 * The metrics of a report with these options: TICKET_METRICS, then the `sla.*` metrics of the SLA
 * metrics the config has targets for (none without `sla:`, so such reports are unchanged), then the
 * config's own numeric metrics (`metrics:`).
 * @example ticketMetricsFor({ ...options, sla: undefined }) === TICKET_METRICS // true
 */
export function ticketMetricsFor(options: TicketMetricOptions): readonly MetricDefinition[] {
  const sla = slaMetricsFor(options.sla);
  const custom = customMetrics(options.custom);
  return sla.length === 0 && custom.length === 0 ? TICKET_METRICS : [...TICKET_METRICS, ...sla, ...custom];
}

/** Every ticket metric a check may name, whether or not this run's config enables it. */
export const ALL_TICKET_METRICS: readonly MetricDefinition[] = [...TICKET_METRICS, ...SLA_METRICS];

export { customMetrics, type CustomMetricSpec } from './custom.js';
export type { MetricDefinition, TicketMetricOptions, FcrVariant, ResolutionRateVariant } from './types.js';
