/**
 * Resolution of a parsed threshold against the metric catalogue (pure): the metric must exist (and,
 * for `sla.*`, have targets in the config), the statistic must be one the metric's kind has, and the
 * target's unit must fit the figure. Durations are converted to the metric's unit, or to seconds when
 * the target is written in seconds (`p90(frt) <= 45s`). Names users write for a metric (`first_reply`,
 * `resolution_time`) are aliases of its id; an unknown name is answered with the closest ids.
 */
import type { CheckSpec } from './config.js';
import { hasSeconds } from '../calendar/duration.js';
import { configError, usageError } from '../errors.js';
import type { SlaPolicy } from '../derive/sla.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { ColumnSpec } from '../report/model.js';
import type { CheckUnit } from './model.js';
import type { Statistic } from './parse.js';

type Kind = MetricDefinition['kind'];
type Figure = ColumnSpec['figure'];

/** What a check needs to know of a metric: ticket and order metrics alike. */
export type CatalogueMetric = Pick<MetricDefinition, 'id' | 'kind' | 'unit' | 'stats'>;

/**
 * The smallest sample a check judges when its config says nothing (`min_sample`, `--min-sample`):
 * below 10 values a p90 is an interpolation between the two largest, and one ticket moves a rate by
 * 10 points or more, so a figure over fewer tickets is reported as SKIP rather than passed or failed.
 * Counts are exact and always judged.
 */
export const DEFAULT_MIN_SAMPLE = 10;

/**
 * Names people write for ticket metrics, as in the SLA section (`first_reply`) and in helpdesk
 * screens (`first_reply_time`, `resolution_time`), mapped to the report's ids.
 */
export const TICKET_METRIC_ALIASES: Readonly<Record<string, string>> = {
  first_reply: 'frt',
  first_reply_time: 'frt',
  resolution_time: 'resolution_full',
};

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

/** The statistics a total with `stats` adds. */
const ORDER_STATS: readonly (readonly [Statistic, Figure])[] = [
  ['median', 'median'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['min', 'min'],
  ['max', 'max'],
];

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  duration: 'a duration',
  rate: 'a rate',
  count: 'a count',
  total: 'a total',
};

const exampleFor = (m: CatalogueMetric): string =>
  m.kind === 'duration'
    ? `"p90(${m.id}) <= 4h"`
    : m.kind === 'rate'
      ? `"${m.id} >= 95%"`
      : m.kind === 'count'
        ? `"${m.id} <= 10"`
        : `"mean(${m.id}) <= 1"`;

export interface ResolvedCheck {
  readonly spec: CheckSpec;
  readonly metric: CatalogueMetric;
  readonly stat: Statistic;
  readonly figure: Figure;
  /** Target in the check's unit. */
  readonly target: number;
  readonly unit: CheckUnit;
  /** The figure (in the metric's unit) times this is in the check's unit: 60 for minutes shown in seconds. */
  readonly scale: number;
  /** Groups whose sample is smaller are skipped (never applied to counts). */
  readonly minSample: number;
}

export interface ResolveOptions {
  /** The run's SLA policy: `sla.<m>.*` metrics need targets for `<m>`. */
  sla: SlaPolicy | undefined;
  /** Every metric a check may name in this run. */
  catalogue: readonly CatalogueMetric[];
  /** Other names of catalogue metrics (`first_reply` -> `frt`). */
  aliases?: Readonly<Record<string, string>>;
  /**
   * Metrics of another kind of input, by id, with what to do to judge them (an order metric in a
   * ticket run: "pass --orders FILE").
   */
  elsewhere?: ReadonlyMap<string, string>;
  /** The sample size below which a check is skipped when its spec sets none. Default DEFAULT_MIN_SAMPLE. */
  minSample?: number;
}

/**
 * Edit distance (insertions, deletions, substitutions) between two names.
 * @example editDistance('frt_p90', 'frt') // 4
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The `count` names closest to `name`: names containing it (or contained in it) first, then by edit
 * distance, ties in catalogue order.
 * @example
 * // on_time_rate contains the name; then edit distances: orders 6, late_orders 9
 * closestNames('on_time', ['orders', 'on_time_rate', 'late_orders']) // ['on_time_rate', 'orders', 'late_orders']
 */
export function closestNames(name: string, names: readonly string[], count = 3): string[] {
  const wanted = name.toLowerCase();
  const score = (candidate: string) => {
    const distance = editDistance(wanted, candidate);
    const related = candidate.includes(wanted) || wanted.includes(candidate);
    return related ? distance / 100 - 1 : distance;
  };
  return [...new Set(names)]
    .map((candidate, order) => ({ candidate, order, score: score(candidate) }))
    .sort((x, y) => x.score - y.score || x.order - y.order)
    .slice(0, count)
    .map((x) => x.candidate);
}

/**
 * Resolves one check, or throws a config error (exit 2; a usage error for `--threshold`) that says
 * what is wrong and shows a correct example.
 * @example
 * import { thresholdSpec } from './config.js';
 * // 4 h in frt's unit, minutes; no min_sample given: DEFAULT_MIN_SAMPLE
 * const catalogue = [{ id: 'frt', kind: 'duration', unit: 'minutes' }];
 * const check = resolveCheck(thresholdSpec('p90(frt) <= 4h', '--threshold'), { sla: undefined, catalogue });
 * [check.stat, check.figure, check.target, check.unit, check.scale, check.minSample]
 * // ['p90', 'p90', 240, 'minutes', 1, 10]
 * @example
 * import { thresholdSpec } from './config.js';
 * // a target in seconds is judged in seconds: frt's minutes times 60
 * const catalogue = [{ id: 'frt', kind: 'duration', unit: 'minutes' }];
 * const check = resolveCheck(thresholdSpec('p90(frt) <= 45s', '--threshold'), { sla: undefined, catalogue });
 * [check.target, check.unit, check.scale] // [45, 'seconds', 60]
 */
export function resolveCheck(spec: CheckSpec, options: ResolveOptions): ResolvedCheck {
  const t = spec.threshold;
  const fail = (message: string): never => {
    const make = spec.source === '--threshold' ? usageError : configError;
    const where = spec.source === '--threshold' ? '--threshold' : `config ${spec.source}`;
    throw make('bad_check', `${where}: "${t.text}": ${message}`, {
      where: spec.file !== undefined && spec.line !== undefined ? `${spec.file}:${spec.line}` : spec.source,
      hint: 'Thresholds read [stat(]metric[)] op target [by dim,...], e.g. "p90(frt) <= 4h", "fcr >= 70% by team".',
    });
  };
  const aliases = options.aliases ?? {};
  const id = aliases[t.metric] ?? t.metric;
  const metric = options.catalogue.find((m) => m.id === id);
  if (!metric) {
    const elsewhere = options.elsewhere?.get(t.metric);
    if (elsewhere !== undefined) return fail(elsewhere);
    const classes = options.catalogue.filter((m) => m.id.startsWith('complaints.')).map((m) => m.id);
    if (t.metric.startsWith('complaints.') && classes.length > 0) {
      return fail(
        `unknown metric "${t.metric}": the complaint classes of this run are ${classes.join(', ')} ` +
          '(add your own under complaints: in the config, see docs/weekly-report.md)',
      );
    }
    const names = [...options.catalogue.map((m) => m.id), ...Object.keys(aliases)];
    // An alias is offered only when the metric it stands for is not offered already.
    const offered = new Set<string>();
    const closest = closestNames(t.metric, names, names.length)
      .filter((name) => {
        const target = aliases[name] ?? name;
        if (offered.has(target)) return false;
        offered.add(target);
        return true;
      })
      .slice(0, 3)
      .map((name) => (aliases[name] === undefined ? name : `${name} (= ${aliases[name]})`));
    return fail(
      `unknown metric "${t.metric}"; did you mean ${closest.join(', ')}? ` +
        '(every metric id: README "Metrics", docs/events.md, docs/orders.md)',
    );
  }
  const sla = /^sla\.([a-z_]+)\./.exec(metric.id)?.[1];
  if (sla !== undefined && options.sla?.[sla as keyof SlaPolicy] === undefined) {
    return fail(
      `${metric.id} needs SLA targets under sla.${sla} in the config, e.g. sla: { ${sla}: { high: 4h, default: 8h } }`,
    );
  }
  // A total that states its order statistics (a count column, a configured metric) has them as statistics too.
  const stats =
    metric.kind === 'total' && metric.stats === true
      ? [...STATS_BY_KIND.total, ...ORDER_STATS]
      : STATS_BY_KIND[metric.kind];
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
  const minSample = spec.minSample ?? options.minSample ?? DEFAULT_MIN_SAMPLE;
  const resolved = { spec, metric, stat, figure, minSample };
  if (metric.kind === 'rate' && figure === 'value') {
    if (target.kind !== 'percent')
      return fail(`${metric.id} is a rate: write the target as a percentage, e.g. "${metric.id} ${t.op} 95%"`);
    return { ...resolved, target: target.fraction, unit: 'percent', scale: 1 };
  }
  if (metric.kind === 'duration' && figure !== 'n') {
    if (target.kind !== 'duration')
      return fail(
        `${subject} is a duration: give the target with a unit (45s, 30m, 4h, 2d, 1h30m), ` +
          `e.g. "${subject} ${t.op} 4h"`,
      );
    const unitMs = metric.unit === 'hours' ? 3_600_000 : 60_000;
    if (hasSeconds(target.text))
      return { ...resolved, target: target.ms / 1000, unit: 'seconds', scale: unitMs / 1000 };
    return { ...resolved, target: target.ms / unitMs, unit: metric.unit ?? 'minutes', scale: 1 };
  }
  if (target.kind !== 'number')
    return fail(`${subject} is a plain number: write the target without a unit, e.g. "${subject} ${t.op} 20"`);
  return { ...resolved, target: target.value, unit: 'number', scale: 1 };
}
