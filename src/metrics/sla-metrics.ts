/**
 * The SLA metrics of the report, five per SLA metric `<m>` (first_reply, resolution), present only
 * when the config has targets for `<m>`:
 * - `sla.<m>.achievement` (rate): achieved / (achieved + breached), over tickets created in the period;
 * - `sla.<m>.breached`, `sla.<m>.active`, `sla.<m>.no_target` (counts);
 * - `sla.<m>.lateness` (hours): how late the breached tickets were, in calendar hours from the due
 *   instant to the event, or to as-of for tickets still open.
 * Verdicts are defined in `sla.ts`. The event of first_reply is the first reply timestamp, else
 * creation + the export's calendar first-reply duration (Zendesk has only `First reply time in
 * minutes`); the event of resolution is the ticket's resolution instant (last solved, else closed,
 * else creation + the full resolution duration). Only events before as-of count.
 */
import type { CountValue, MetricValue } from '../report/model.js';
import { durationOver } from './durations.js';
import { resolutionUnavailable } from './resolution-time.js';
import { describeTargets, SLA_METRIC_NAMES, slaVerdicts, SlaVerdict, type SlaMetricName, type SlaPolicy, type SlaTicketVerdicts } from './sla.js';
import { rate } from './summarize.js';
import type { MetricDefinition, TicketContext, TicketMetricOptions } from './types.js';

const LABEL: Record<SlaMetricName, string> = { first_reply: 'SLA first reply', resolution: 'SLA resolution' };
const EVENT: Record<SlaMetricName, string> = {
  first_reply: 'first reply (timestamp, else created + the export\'s calendar first-reply duration)',
  resolution: 'resolution (last solved, else closed)',
};

/** Verdicts are computed once per report context and SLA metric, then shared by its five metrics. */
const cache = new WeakMap<TicketContext, Map<SlaMetricName, SlaTicketVerdicts>>();

/** The instant of each ticket's event, NaN when it did not happen before as-of. */
function eventInstants(ctx: TicketContext, metric: SlaMetricName): Float64Array {
  if (metric === 'resolution') return ctx.resolvedAt;
  const { created, first_reply } = ctx.table.instants;
  const duration = ctx.table.durations.first_reply_duration;
  const asOf = ctx.options.asOf;
  const done = new Float64Array(ctx.table.length);
  for (let i = 0; i < done.length; i++) {
    const stamp = first_reply[i] as number;
    const at = Number.isNaN(stamp) ? (created[i] as number) + (duration[i] as number) : stamp;
    done[i] = at < asOf ? at : NaN;
  }
  return done;
}

function verdictsOf(ctx: TicketContext, metric: SlaMetricName): SlaTicketVerdicts {
  let byMetric = cache.get(ctx);
  if (!byMetric) {
    byMetric = new Map();
    cache.set(ctx, byMetric);
  }
  let verdicts = byMetric.get(metric);
  if (!verdicts) {
    const targets = ctx.options.sla?.[metric];
    const priority = ctx.table.present.has('priority') ? ctx.table.dim('priority') : undefined;
    verdicts = slaVerdicts({
      created: ctx.table.instants.created,
      done: eventInstants(ctx, metric),
      priorityCodes: priority ? priority.codes : null,
      priorityValues: priority ? priority.dictionary.values : [''],
      targets: targets ?? { byPriority: new Map(), fallback: null },
      asOfMs: ctx.options.asOf,
      length: ctx.table.length,
    });
    byMetric.set(metric, verdicts);
  }
  return verdicts;
}

function unavailable(metric: SlaMetricName) {
  return (ctx: TicketContext): string | null => {
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

const countOf = (ctx: TicketContext, metric: SlaMetricName, cohort: Int32Array, code: number): CountValue => {
  const verdict = verdictsOf(ctx, metric).verdict;
  let value = 0;
  for (let j = 0; j < cohort.length; j++) if (verdict[cohort[j] as number] === code) value++;
  return { kind: 'count', value };
};

function definitions(metric: SlaMetricName): MetricDefinition[] {
  const id = `sla.${metric}`;
  const label = LABEL[metric];
  const targetsText = (options: TicketMetricOptions) => {
    const targets = options.sla?.[metric];
    return targets ? describeTargets(targets) : 'no targets';
  };
  const isUnavailable = unavailable(metric);
  const count = (suffix: 'breached' | 'active' | 'no_target', code: number, text: string): MetricDefinition => ({
    id: `${id}.${suffix}`,
    kind: 'count',
    headline: [],
    label: `${label} ${suffix.replace('_', ' ')}`,
    describe: () => `tickets created in the period ${text}`,
    unavailable: isUnavailable,
    compute: (ctx, cohort): MetricValue => countOf(ctx, metric, cohort, code),
  });
  return [
    {
      id: `${id}.achievement`,
      kind: 'rate',
      headline: ['value'],
      label: `${label} achieved`,
      describe: (options) =>
        `tickets whose ${EVENT[metric]} came at or before the due instant (created + target: ${targetsText(options)}) / those achieved + breached (late, or still open past the due instant at as-of); active tickets and tickets without a target are left out`,
      unavailable: isUnavailable,
      compute: (ctx, cohort) => {
        const verdict = verdictsOf(ctx, metric).verdict;
        let achieved = 0;
        let breached = 0;
        for (let j = 0; j < cohort.length; j++) {
          const v = verdict[cohort[j] as number];
          if (v === SlaVerdict.achieved) achieved++;
          else if (v === SlaVerdict.breached) breached++;
        }
        return rate(achieved, achieved + breached);
      },
    },
    count('breached', SlaVerdict.breached, `whose ${metric.replace('_', ' ')} target was breached: done late, or still open past the due instant at as-of`),
    count('active', SlaVerdict.active, `still open and not yet due at as-of (${metric.replace('_', ' ')})`),
    count('no_target', SlaVerdict.no_target, `whose priority has no sla.${metric} target and no default`),
    {
      id: `${id}.lateness`,
      kind: 'duration',
      unit: 'hours',
      headline: [],
      label: `${label} lateness`,
      describe: () => `breached tickets only: calendar hours from the due instant to the ${metric.replace('_', ' ')}, or to as-of while still open`,
      unavailable: isUnavailable,
      compute: (ctx, cohort) => durationOver(ctx, verdictsOf(ctx, metric).latenessMs, cohort, 'hours'),
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
 * @example slaMetricsFor({ first_reply: targets }).map((m) => m.id)
 * // ['sla.first_reply.achievement', 'sla.first_reply.breached', 'sla.first_reply.active', 'sla.first_reply.no_target', 'sla.first_reply.lateness']
 */
export function slaMetricsFor(policy: SlaPolicy | undefined): MetricDefinition[] {
  if (!policy) return [];
  return SLA_METRIC_NAMES.filter((m) => policy[m] !== undefined).flatMap((m) => BY_METRIC[m]);
}
