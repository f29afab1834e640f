/**
 * The SLA metrics of the report, five per SLA metric `<m>` (first_reply, resolution), present only
 * when the config has targets for `<m>`:
 * - `sla.<m>.achievement` (rate): achieved / (achieved + breached), over tickets created in the period;
 * - `sla.<m>.breached`, `sla.<m>.active`, `sla.<m>.no_target` (counts);
 * - `sla.<m>.lateness` (hours): how late the breached tickets were, in calendar hours from the due
 *   instant to the event, or to as-of for tickets still open.
 * Verdicts are derived per ticket in derive/sla.ts. The event of first_reply is the first reply
 * timestamp, else creation + the export's calendar first-reply duration (Zendesk has only `First
 * reply time in minutes`); the event of resolution is the ticket's resolution instant (last solved,
 * else closed, else creation + the full resolution duration). Only events before as-of count.
 */
import { eq, num, or, ref } from '../derive/expr.js';
import { describeTargets, SLA_METRIC_NAMES, SlaVerdict, type SlaMetricName, type SlaPolicy } from '../derive/sla.js';
import { resolutionUnavailable } from './resolution-time.js';
import type { MetricContext, MetricDefinition, TicketMetricOptions } from './types.js';

const LABEL: Record<SlaMetricName, string> = { first_reply: 'SLA first reply', resolution: 'SLA resolution' };
const EVENT: Record<SlaMetricName, string> = {
  first_reply: "first reply (timestamp, else created + the export's calendar first-reply duration)",
  resolution: 'resolution (last solved, else closed)',
};

function unavailable(metric: SlaMetricName) {
  return (ctx: MetricContext): string | null => {
    const targets = ctx.options.sla?.[metric];
    if (!targets) return `no sla.${metric} targets in the config`;
    if (!ctx.table.present.has('priority') && targets.fallback === null) {
      return `no priority column and no sla.${metric}.default target: map priority, or add default: <duration>`;
    }
    if (metric === 'resolution') return resolutionUnavailable(ctx);
    return ctx.table.present.has('first_reply') || ctx.table.present.has('first_reply_duration')
      ? null
      : 'no first reply column: map first_reply (timestamp) or first_reply_minutes';
  };
}

function definitions(metric: SlaMetricName): MetricDefinition[] {
  const id = `sla.${metric}`;
  const label = LABEL[metric];
  const verdict = ref(`${id}.verdict`);
  const targetsText = (options: TicketMetricOptions) => {
    const targets = options.sla?.[metric];
    return targets ? describeTargets(targets) : 'no targets';
  };
  const isUnavailable = unavailable(metric);
  const what = metric.replace('_', ' ');
  const count = (suffix: 'breached' | 'active' | 'no_target', code: number, text: string): MetricDefinition => ({
    id: `${id}.${suffix}`,
    kind: 'count',
    headline: [],
    label: `${label} ${suffix.replace('_', ' ')}`,
    describe: () => `tickets created in the period ${text}`,
    unavailable: isUnavailable,
    rule: () => ({ kind: 'count', counted: eq(verdict, num(code)) }),
  });
  return [
    {
      id: `${id}.achievement`,
      kind: 'rate',
      headline: ['value'],
      label: `${label} achieved`,
      describe: (options) =>
        `tickets whose ${EVENT[metric]} came at or before the ` +
        `due instant (created + target: ${targetsText(options)}) / ` +
        'those achieved + breached (late, or still open past the ' +
        'due instant at as-of); active tickets and tickets without ' +
        'a target are left out',
      unavailable: isUnavailable,
      rule: () => ({
        kind: 'rate',
        counted: or(eq(verdict, num(SlaVerdict.achieved)), eq(verdict, num(SlaVerdict.breached))),
        hit: eq(verdict, num(SlaVerdict.achieved)),
      }),
    },
    count(
      'breached',
      SlaVerdict.breached,
      `whose ${what} target was breached: done late, or still open past the due instant at as-of`,
    ),
    count('active', SlaVerdict.active, `still open and not yet due at as-of (${what})`),
    count('no_target', SlaVerdict.no_target, `whose priority has no sla.${metric} target and no default`),
    {
      id: `${id}.lateness`,
      kind: 'duration',
      unit: 'hours',
      headline: [],
      label: `${label} lateness`,
      describe: () =>
        `breached tickets only: calendar hours from the due instant to the ${what}, or to as-of while still open`,
      unavailable: isUnavailable,
      rule: () => ({ kind: 'duration', valueMs: ref(`${id}.lateness_ms`) }),
    },
  ];
}

const BY_METRIC: Readonly<Record<SlaMetricName, readonly MetricDefinition[]>> = {
  first_reply: definitions('first_reply'),
  resolution: definitions('resolution'),
};

/** Every SLA metric definition, configured or not: the catalogue checks are validated against. */
export const SLA_METRICS: readonly MetricDefinition[] = SLA_METRIC_NAMES.flatMap((m) => BY_METRIC[m]);

/**
 * The SLA metrics a report includes: those of the SLA metrics the policy has targets for.
 * @example slaMetricsFor(undefined) // []
 */
export function slaMetricsFor(policy: SlaPolicy | undefined): MetricDefinition[] {
  if (!policy) return [];
  return SLA_METRIC_NAMES.filter((m) => policy[m] !== undefined).flatMap((m) => BY_METRIC[m]);
}
