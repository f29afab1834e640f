/**
 * What a metric means to a person reading the report: its label, which direction is good (a shorter
 * first reply is good, a lower resolution rate is bad), and the figure that stands for it on a tile
 * or a chart. Data, not code paths: one table keyed by metric id (and id patterns), shared by the
 * HTML page, the spreadsheet and the terminal.
 */
import type { ColumnSpec, MetricValue, Report } from './model.js';

/** Which way a change is good: `lower` (times, backlog, reopens), `higher` (rates met), or neither. */
export type Better = 'lower' | 'higher' | 'neutral';

const HIGHER = new Set([
  'resolution_rate',
  'touch_one',
  'fcr',
  'csat',
  'vendor_sla_first_reply',
  'vendor_sla_resolution',
  'on_time_rate',
  'contact_rate_on_time',
]);
const NEUTRAL = new Set(['created', 'touch_two', 'orders', 'unlinked_tickets']);

/**
 * The good direction of a metric. Volumes (tickets created, orders) are neither good nor bad; SLA
 * achievement is good when higher, its breaches and lateness when lower, its active and untargeted
 * counts neither; complaint shares are good when lower; every other metric of this tool measures a
 * time, a backlog or a rework, which is good when lower.
 *
 * @example betterOf('frt') // 'lower'
 * @example betterOf('sla.first_reply.achievement') // 'higher'
 * @example betterOf('created') // 'neutral'
 */
export function betterOf(metric: string): Better {
  if (HIGHER.has(metric)) return 'higher';
  if (NEUTRAL.has(metric) || metric.startsWith('time_in_status_')) return 'neutral';
  if (metric.startsWith('sla.')) {
    if (metric.endsWith('.achievement')) return 'higher';
    if (metric.endsWith('.active') || metric.endsWith('.no_target')) return 'neutral';
  }
  return 'lower';
}

/**
 * How a change reads: `good`, `bad` or `neutral` (no change, a volume, or unknown).
 * @example judgeChange('frt', -12) // 'good'
 */
export function judgeChange(metric: string, change: number | null): 'good' | 'bad' | 'neutral' {
  const better = betterOf(metric);
  if (change === null || change === 0 || better === 'neutral') return 'neutral';
  return change < 0 === (better === 'lower') ? 'good' : 'bad';
}

const FIGURE_SUFFIX = / (?:%|\(%\)|num|den|n|sum|mean|median|p90|p95|min|max)(?: \((?:min|h)\))?$/;

/**
 * A metric's label for people: its columns' label without the figure and unit (`First reply time`),
 * else the id.
 * @example metricLabel(fixture('examples/report.json'), 'frt') // 'First reply time'
 */
export function metricLabel(report: Report, metric: string): string {
  const spec = report.columns.find((s) => s.metric === metric);
  return spec === undefined ? metric : spec.label.replace(FIGURE_SUFFIX, '');
}

/**
 * The column that stands for a metric on a tile or a chart: its first headline column, else the
 * median of a duration, the value of a rate or count, the mean of a total.
 */
export function mainColumn(report: Report, metric: string): ColumnSpec | undefined {
  const specs = report.columns.filter((s) => s.metric === metric);
  return (
    specs.find((s) => s.headline) ??
    specs.find((s) => s.figure === 'median') ??
    specs.find((s) => s.figure === 'value') ??
    specs.find((s) => s.figure === 'mean') ??
    specs[0]
  );
}

/**
 * The sample behind a figure: tickets with a value for a duration, the denominator of a rate, the
 * tickets of a total; null for a count (it is its own sample).
 */
export function sampleOf(value: MetricValue | undefined): number | null {
  switch (value?.kind) {
    case 'duration':
    case 'total':
      return value.n;
    case 'rate':
      return value.denominator;
    default:
      return null;
  }
}

/** Below this many tickets a figure is marked as a small sample (and trend statements leave it out). */
export const SMALL_SAMPLE = 10;
