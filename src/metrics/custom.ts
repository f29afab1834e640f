/**
 * The config's own numeric metrics: any number column of the export, summarized like the built-in
 * metrics and usable in `check` by its id, without code.
 *
 * ```yaml
 * metrics:
 *   handle_time: { column: "Handle Time (h)", stat: [mean, median, p90], unit: hours }
 * ```
 *
 * With a time unit (`seconds`, `minutes`, `hours`, `days`: the column's unit) the metric is a
 * duration (hours, or minutes for a column in seconds or minutes); without one (`number`, the
 * default) a total with its order statistics. Per ticket created in the period with a value.
 */
import { ref } from '../derive/expr.js';
import type { CustomMetricSpec, CustomUnit, MetricDefinition } from './types.js';

export type { CustomMetricSpec, CustomUnit } from './types.js';

/** Milliseconds per unit of a time unit, or null for plain numbers. */
export const customUnitMs = (unit: CustomUnit): number | null =>
  unit === 'seconds'
    ? 1000
    : unit === 'minutes'
      ? 60_000
      : unit === 'hours'
        ? 3_600_000
        : unit === 'days'
          ? 86_400_000
          : null;

/** The ticket field a configured metric's values are read into. */
export const customRef = (id: string): string => `number:${id}`;

/**
 * The metric definition of a configured metric.
 * @example customMetric({ id: 'handle_time', column: 'Handle Time (h)', unit: 'hours', stat: ['mean'] }).kind
 * // 'duration'
 */
export function customMetric(spec: CustomMetricSpec): MetricDefinition {
  const timed = customUnitMs(spec.unit) !== null;
  const unit = spec.unit === 'seconds' || spec.unit === 'minutes' ? 'minutes' : 'hours';
  const headline = spec.stat as MetricDefinition['headline'];
  const base = {
    id: spec.id,
    headline,
    label: spec.label ?? spec.id,
    describe: () =>
      `column "${spec.column}" (${spec.unit === 'number' ? 'a number' : `in ${spec.unit}`}) per ticket with a value: ` +
      (timed ? `n, mean, median, p90, p95, min, max in ${unit}` : 'n, sum, mean, median, p90, p95, min, max') +
      ' (config metrics)',
    unavailable: (ctx: { table: { numbers: ReadonlyMap<string, Float64Array> } }) =>
      ctx.table.numbers.has(spec.id) ? null : `no column "${spec.column}" in the input (config metrics.${spec.id})`,
  };
  if (timed) {
    return { ...base, kind: 'duration', unit, rule: () => ({ kind: 'duration', valueMs: ref(customRef(spec.id)) }) };
  }
  return {
    ...base,
    kind: 'total',
    stats: true,
    rule: () => ({ kind: 'stats', value: ref(customRef(spec.id)), buckets: { kind: 'none' } }),
  };
}

/** The definitions of the configured metrics, in config order. */
export const customMetrics = (specs: readonly CustomMetricSpec[] | undefined): MetricDefinition[] =>
  (specs ?? []).map(customMetric);
