/**
 * Resolution of a parsed threshold against the metric catalogue (pure): the metric must exist (and,
 * for `sla.*`, have targets in the config), the statistic must be one the metric's kind has, and the
 * target's unit must fit the figure. Durations are converted to the metric's unit.
 */
import type { CheckSpec } from '../options/checks.js';
import { configError, usageError } from '../errors.js';
import type { SlaPolicy } from '../derive/sla.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { ColumnSpec } from '../report/model.js';
import type { CheckUnit } from './model.js';
import type { Statistic } from './parse.js';

type Kind = MetricDefinition['kind'];
type Figure = ColumnSpec['figure'];

/**
 * Per metric kind: statistic -> the figure of the metric value it reads; the first entry is the default when no
 * statistic is written (none for durations).
 */
const STATS_BY_KIND: Readonly<Record<Kind, readonly (readonly [Statistic, Figure])[]>> = {
  duration: [
    ['n', 'n'],
    ['count', 'n'],
    ['mean', 'mean'],
    ['median', 'median'],
    ['p90', 'p90'],
    ['p95', 'p95'],
    ['min', 'min'],
    ['max', 'max'],
  ],
  rate: [
    ['value', 'value'],
    ['n', 'denominator'],
    ['count', 'numerator'],
  ],
  count: [
    ['value', 'value'],
    ['count', 'value'],
    ['sum', 'value'],
  ],
  total: [
    ['sum', 'sum'],
    ['n', 'n'],
    ['count', 'n'],
    ['mean', 'mean'],
  ],
};

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  duration: 'a duration',
  rate: 'a rate',
  count: 'a count',
  total: 'a total',
};

const exampleFor = (m: MetricDefinition): string =>
  m.kind === 'duration'
    ? `"p90(${m.id}) <= 4h"`
    : m.kind === 'rate'
      ? `"${m.id} >= 95%"`
      : m.kind === 'count'
        ? `"${m.id} <= 10"`
        : `"mean(${m.id}) <= 1"`;

export interface ResolvedCheck {
  readonly spec: CheckSpec;
  readonly metric: MetricDefinition;
  readonly stat: Statistic;
  readonly figure: Figure;
  /** Target in the figure's unit. */
  readonly target: number;
  readonly unit: CheckUnit;
}

export interface ResolveOptions {
  /** The run's SLA policy: `sla.<m>.*` metrics need targets for `<m>`. */
  sla: SlaPolicy | undefined;
  /** Every metric a check may name. */
  catalogue: readonly MetricDefinition[];
}

/**
 * Resolves one check, or throws a config error (exit 2; a usage error for `--threshold`) that says
 * what is wrong and shows a correct example.
 * @example
 * // 4 h in frt's unit, minutes
 * const fourHours = { kind: 'duration', ms: 4 * HOUR, text: '4h' };
 * const threshold = { stat: 'p90', metric: 'frt', op: '<=', target: fourHours, by: null, text: 'p90(frt) <= 4h' };
 * const spec = { threshold, minSample: 1, severity: 'error', source: '--threshold' };
 * const catalogue = [{ id: 'frt', kind: 'duration', unit: 'minutes' }];
 * const { stat, figure, target, unit } = resolveCheck(spec, { sla: undefined, catalogue });
 * [stat, figure, target, unit] // ['p90', 'p90', 240, 'minutes']
 */
export function resolveCheck(spec: CheckSpec, options: ResolveOptions): ResolvedCheck {
  const t = spec.threshold;
  const fail = (message: string): never => {
    const make = spec.source === '--threshold' ? usageError : configError;
    const where = spec.source === '--threshold' ? '--threshold' : `config ${spec.source}`;
    throw make('bad_check', `${where}: "${t.text}": ${message}`, {
      where: spec.source,
      hint: 'Thresholds read [stat(]metric[)] op target [by dim,...], e.g. "p90(frt) <= 4h", "fcr >= 70% by team".',
    });
  };
  const metric = options.catalogue.find((m) => m.id === t.metric);
  if (!metric)
    return fail(`unknown metric "${t.metric}"; known metrics: ${options.catalogue.map((m) => m.id).join(', ')}`);
  const sla = /^sla\.([a-z_]+)\./.exec(metric.id)?.[1];
  if (sla !== undefined && options.sla?.[sla as keyof SlaPolicy] === undefined) {
    return fail(
      `${metric.id} needs SLA targets under sla.${sla} in the config, e.g. sla: { ${sla}: { high: 4h, default: 8h } }`,
    );
  }
  const stats = STATS_BY_KIND[metric.kind];
  let entry = stats[0];
  if (t.stat !== null) entry = stats.find(([s]) => s === t.stat);
  else if (metric.kind === 'duration') entry = undefined;
  if (entry === undefined) {
    const allowed = stats.map(([s]) => s).join(', ');
    return fail(
      t.stat === null
        ? `${metric.id} is ${KIND_TEXT[metric.kind]}: name a statistic (${allowed}), e.g. ${exampleFor(metric)}`
        : `${metric.id} is ${KIND_TEXT[metric.kind]} and has no statistic ` +
            `"${t.stat}"; use one of ${allowed}, e.g. ${exampleFor(metric)}`,
    );
  }
  const [stat, figure] = entry;
  const target = t.target;
  const subject = t.stat === null ? metric.id : `${stat}(${metric.id})`;
  if (metric.kind === 'rate' && figure === 'value') {
    if (target.kind !== 'percent')
      return fail(`${metric.id} is a rate: write the target as a percentage, e.g. "${metric.id} ${t.op} 95%"`);
    return { spec, metric, stat, figure, target: target.fraction, unit: 'percent' };
  }
  if (metric.kind === 'duration' && figure !== 'n') {
    if (target.kind !== 'duration')
      return fail(
        `${subject} is a duration: give the target with a unit (30m, 4h, 2d, 1h30m), e.g. "${subject} ${t.op} 4h"`,
      );
    const unit = metric.unit ?? 'minutes';
    return { spec, metric, stat, figure, target: target.ms / (unit === 'hours' ? 3_600_000 : 60_000), unit };
  }
  if (target.kind !== 'number')
    return fail(`${subject} is a plain number: write the target without a unit, e.g. "${subject} ${t.op} 20"`);
  return { spec, metric, stat, figure, target: target.value, unit: 'number' };
}
