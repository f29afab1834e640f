/** The flattened columns of a report: each metric's figures, units in the names (CSV, XLSX, SQL). */
import type { MetricDefinition } from '../metrics/types.js';
import type { ColumnSpec } from './model.js';

const UNIT_SUFFIX = { minutes: 'min', hours: 'h' } as const;
const DURATION_FIGURES = ['n', 'mean', 'median', 'p90', 'p95', 'min', 'max'] as const;
/** The figures a total with `stats` adds to n, sum and mean. */
const ORDER_STATISTICS = ['median', 'p90', 'p95', 'min', 'max'] as const;

/** The flattened columns of each metric, units in the names. */
export function columnSpecs(metrics: readonly MetricDefinition[]): ColumnSpec[] {
  const specs: ColumnSpec[] = [];
  for (const m of metrics) {
    const headline = new Set<string>(m.headline);
    if (m.kind === 'count') {
      specs.push({
        key: m.id,
        metric: m.id,
        figure: 'value',
        label: m.label,
        headline: headline.has('value'),
        percent: false,
      });
    } else if (m.kind === 'rate') {
      specs.push({
        key: `${m.id}_pct`,
        metric: m.id,
        figure: 'value',
        label: `${m.label} %`,
        headline: headline.has('value'),
        percent: true,
      });
      specs.push({
        key: `${m.id}_num`,
        metric: m.id,
        figure: 'numerator',
        label: `${m.label} num`,
        headline: false,
        percent: false,
      });
      specs.push({
        key: `${m.id}_den`,
        metric: m.id,
        figure: 'denominator',
        label: `${m.label} den`,
        headline: false,
        percent: false,
      });
    } else if (m.kind === 'total') {
      specs.push({
        key: `${m.id}_n`,
        metric: m.id,
        figure: 'n',
        label: `${m.label} n`,
        headline: false,
        percent: false,
      });
      specs.push({
        key: `${m.id}_sum`,
        metric: m.id,
        figure: 'sum',
        label: `${m.label} sum`,
        headline: headline.has('sum'),
        percent: false,
      });
      specs.push({
        key: `${m.id}_mean`,
        metric: m.id,
        figure: 'mean',
        label: `${m.label} mean`,
        headline: headline.has('mean'),
        percent: false,
      });
      if (m.stats === true) {
        for (const figure of ORDER_STATISTICS) {
          specs.push({
            key: `${m.id}_${figure}`,
            metric: m.id,
            figure,
            label: `${m.label} ${figure}`,
            headline: headline.has(figure),
            percent: false,
          });
        }
      }
    } else {
      const suffix = UNIT_SUFFIX[m.unit ?? 'minutes'];
      for (const figure of DURATION_FIGURES) {
        const key = figure === 'n' ? `${m.id}_n` : `${m.id}_${figure}_${suffix}`;
        const label = figure === 'n' ? `${m.label} n` : `${m.label} ${figure} (${suffix})`;
        specs.push({ key, metric: m.id, figure, label, headline: headline.has(figure), percent: false });
      }
    }
  }
  return specs;
}
