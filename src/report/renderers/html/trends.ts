/**
 * A headline figure over the periods: the line chart (one line per charted group, hollow points for
 * partial periods and small samples, the goal as a line), its numbers in a compact table under it,
 * and one sentence on the last whole period against the one before.
 */
import { changeValue, figureOf, isPercentColumn } from '../../flatten.js';
import { judgeChange } from '../../meaning.js';
import type { ColumnSpec, MetricValue, ReportRow } from '../../model.js';
import { ALL_COLOR, goalOf, groupLabel, MAX_SERIES, type PageContext, smallSample } from './context.js';
import { columnLabel, escapeHtml, humanDuration, plainNumber, shownNumber, shownText } from './format.js';
import { type LinePoint, type LineSeries, lineChart } from './svg.js';

/** A figure as a sentence or tooltip says it: `1 h 15 min`, `72.5%`, `42`. */
export function spoken(value: MetricValue | undefined, spec: ColumnSpec): string {
  const figure = figureOf(value, spec.figure);
  if (figure === null || value === undefined) return 'no value';
  if (isPercentColumn(spec)) return `${plainNumber(figure * 100)}%`;
  if (value.kind === 'duration' && spec.figure !== 'n') return humanDuration(figure, value.unit);
  return plainNumber(figure, value.kind === 'total' && spec.figure === 'mean' ? 2 : 1);
}

/** The sample behind a figure in words: `n 38`, or '' for counts. */
function sampleText(value: MetricValue | undefined): string {
  if (value?.kind === 'rate') return `${plainNumber(value.numerator, 0)} of ${plainNumber(value.denominator, 0)}`;
  if (value?.kind === 'duration' || value?.kind === 'total') return `n ${plainNumber(value.n, 0)}`;
  return '';
}

/** Counts (tickets, sums) get whole-number axes. */
const isCount = (spec: ColumnSpec, value: MetricValue | undefined) =>
  value?.kind === 'count' || (value?.kind === 'total' && spec.figure === 'sum') || spec.figure === 'n';

function point(ctx: PageContext, row: ReportRow, spec: ColumnSpec, group: string): LinePoint | null {
  const value = row.metrics[spec.metric];
  const shown = shownNumber(value, spec, ctx.units);
  const raw = figureOf(value, spec.figure);
  if (shown === null || raw === null) return null;
  const facts = ctx.periods.get(row.period.label);
  const small = smallSample(value);
  const notes = [sampleText(value), facts?.note ?? '', small ? 'small sample' : ''].filter(Boolean).join(', ');
  return {
    at: ctx.periodLabels.indexOf(row.period.label),
    value: shown,
    hollow: (facts?.partial ?? false) || small,
    title: `${group} · ${row.period.label}: ${spoken(value, spec)}${notes ? ` (${notes})` : ''} · ${spec.key}`,
    data: { 'data-key': spec.key, 'data-group': group, 'data-period': row.period.label, 'data-raw': String(raw) },
  };
}

/** The series a chart draws: one per charted group, plus the all-groups line when groups are left out. */
function seriesOf(ctx: PageContext, spec: ColumnSpec): LineSeries[] {
  const byGroup = new Map<string, LinePoint[]>(ctx.charted.map((g) => [g, []]));
  for (const row of ctx.report.rows) {
    const group = groupLabel(ctx.report, row.group);
    const list = byGroup.get(group);
    const p = list === undefined ? null : point(ctx, row, spec, group);
    if (p !== null) list?.push(p);
  }
  const series: LineSeries[] = ctx.charted.map((g) => ({
    label: g,
    color: ctx.colors.get(g) ?? ALL_COLOR,
    points: byGroup.get(g) ?? [],
  }));
  if (ctx.grouped && ctx.groups.length > MAX_SERIES && ctx.periodTotals !== null) {
    const points = ctx.periodTotals.flatMap((row) => point(ctx, row, spec, 'All') ?? []);
    series.push({ label: 'All', color: ALL_COLOR, dashed: true, points });
  }
  return series.filter((s) => s.points.length > 0);
}

/**
 * The last whole period with enough tickets against the whole period before it, over every group;
 * partial periods and small samples are left out, and the sentence says so.
 */
export function trendStatement(ctx: PageContext, spec: ColumnSpec): string {
  const rows = ctx.periodTotals;
  if (rows === null || rows.length < 2) return '';
  const unit = ctx.report.window.period ?? 'period';
  const usable = rows.filter(
    (row) => !(ctx.periods.get(row.period.label)?.partial ?? false) && !smallSample(row.metrics[spec.metric]),
  );
  const left = rows.filter((row) => !usable.includes(row)).map((row) => row.period.label);
  const aside = left.length > 0 ? ` ${left.join(', ')} left out (partial ${unit} or fewer than 10 tickets).` : '';
  const [before, last] = usable.slice(-2);
  if (before === undefined || last === undefined)
    return `<p class="note">Too few whole ${unit}s to compare.${aside}</p>`;
  const scale = isPercentColumn(spec) ? 100 : 1;
  const now = figureOf(last.metrics[spec.metric], spec.figure);
  const then = figureOf(before.metrics[spec.metric], spec.figure);
  const change = changeValue(now === null ? null : now * scale, then === null ? null : then * scale, spec);
  const tone = judgeChange(spec.metric, change);
  const rounded = change === null ? null : Number(change.toFixed(isPercentColumn(spec) ? 1 : 0));
  const amount = (v: number) =>
    isPercentColumn(spec) ? `${plainNumber(Math.abs(v))} points` : `${plainNumber(Math.abs(v), 0)}%`;
  const size =
    rounded === null
      ? 'not comparable with'
      : rounded === 0
        ? 'unchanged on'
        : `${rounded > 0 ? 'up' : 'down'} ${amount(rounded)} on`;
  const verdict = tone === 'good' ? ' (better)' : tone === 'bad' ? ' (worse)' : '';
  return (
    `<p class="statement ${tone}">${escapeHtml(last.period.label)}: ` +
    `${escapeHtml(spoken(last.metrics[spec.metric], spec))}, ${escapeHtml(size)} ${escapeHtml(before.period.label)} ` +
    `(${escapeHtml(spoken(before.metrics[spec.metric], spec))})` +
    `${verdict}.${escapeHtml(aside)}</p>`
  );
}

/** Periods the compact table under a chart lists: the latest ones (all of them are in the By-period table). */
const TABLE_PERIODS = 12;

/** The compact table under a chart: a line per period (the latest 12), a column per series. */
function numbersTable(ctx: PageContext, spec: ColumnSpec, series: readonly LineSeries[]): string {
  const valueAt = new Map<string, ReportRow>();
  for (const row of ctx.report.rows) valueAt.set(`${groupLabel(ctx.report, row.group)}\u0000${row.period.label}`, row);
  for (const row of ctx.periodTotals ?? []) if (ctx.grouped) valueAt.set(`All\u0000${row.period.label}`, row);
  const head = series
    .map((s) =>
      ctx.grouped
        ? `<th class="num"><span class="swatch" style="color:${s.color}">●</span> ${escapeHtml(s.label)}</th>`
        : '<th class="num">Value</th>',
    )
    .join('');
  const periods = ctx.periodLabels.slice(-TABLE_PERIODS);
  const body = periods
    .map((label) => {
      const facts = ctx.periods.get(label);
      const name = facts?.partial
        ? `<th scope="row" class="partial" title="${escapeHtml(facts.note ?? '')}">${escapeHtml(label)}*</th>`
        : `<th scope="row">${escapeHtml(label)}</th>`;
      const cells = series
        .map((s) => {
          const value = valueAt.get(`${s.label}\u0000${label}`)?.metrics[spec.metric];
          const n = smallSample(value) ? ` <span class="n">${escapeHtml(sampleText(value))}</span>` : '';
          return `<td class="num">${escapeHtml(shownText(value, spec, ctx.units))}${n}</td>`;
        })
        .join('');
      return `<tr>${name}${cells}</tr>`;
    })
    .join('');
  const more =
    ctx.periodLabels.length > periods.length
      ? `<p class="note">The ${periods.length} latest periods; every period is in the By ` +
        `${escapeHtml(ctx.report.window.period ?? 'period')} table.</p>`
      : '';
  return (
    `<div class="table-wrap"><table class="compact"><thead><tr><th></th>${head}</tr></thead>` +
    `<tbody>${body}</tbody></table></div>${more}`
  );
}

/** One headline figure over the periods: chart, numbers, statement. Empty when nothing has a value. */
export function trendFigure(ctx: PageContext, spec: ColumnSpec): string {
  const series = seriesOf(ctx, spec);
  if (series.length === 0) return '';
  const sample = ctx.report.rows.find((row) => row.metrics[spec.metric] !== undefined)?.metrics[spec.metric];
  const title = columnLabel(ctx.report, spec, ctx.units);
  const percent = isPercentColumn(spec);
  const unit = sample?.kind === 'duration' ? sample.unit : null;
  const goal = goalOf(ctx, spec, unit);
  const chart = lineChart({
    title,
    categories: ctx.periodLabels,
    series,
    integer: isCount(spec, sample),
    format: (v) => (percent ? `${plainNumber(v)}%` : plainNumber(v)),
    goal,
    labels: ctx.periodLabels.length <= 6 && series.length === 1,
  });
  const legend =
    ctx.grouped && ctx.groups.length > MAX_SERIES
      ? `<p class="note">The ${MAX_SERIES} largest of ${plainNumber(ctx.groups.length, 0)} groups, and all groups ` +
        'together (dashed); every group is in the By-group table.</p>'
      : '';
  return (
    `<figure class="chart" data-chart="trend-${escapeHtml(spec.key)}" data-key="${escapeHtml(spec.key)}">` +
    `<figcaption title="${escapeHtml(spec.key)}">${escapeHtml(title)}</figcaption>${chart}` +
    `${numbersTable(ctx, spec, series)}${trendStatement(ctx, spec)}${legend}</figure>`
  );
}

/** Said once above the charts: what hollow points and starred periods are. */
export function hollowNote(ctx: PageContext): string {
  const partial = [...ctx.periods.values()].filter((p) => p.partial);
  const periods =
    partial.length > 0
      ? `partial periods, starred in the tables (${partial.map((p) => `${p.label}: ${p.note}`).join('; ')}), and `
      : '';
  return (
    `<p class="note">Hollow points: ${escapeHtml(periods)}figures over fewer than 10 tickets ` +
    '(their n is shown).</p>'
  );
}
