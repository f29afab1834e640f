/**
 * The headline tiles the page opens with, one per headline metric over the whole window and every
 * group: the value with its unit, the sample it rests on, and the change against the previous window
 * of equal length, said in words and colored by what it means (a shorter reply is good, a lower
 * resolution rate is bad; volumes are neither).
 */
import { changeValue, figureOf, isPercentColumn } from '../../flatten.js';
import { judgeChange, metricLabel, SMALL_SAMPLE, sampleOf } from '../../meaning.js';
import type { ColumnSpec, MetricValue, ReportRow } from '../../model.js';
import { type PageContext, shownMetrics, smallSample } from './context.js';
import { escapeHtml, plainNumber } from './format.js';
import { spoken } from './trends.js';

const DAY = 86_400_000;

/** The previous window in words: `the previous 7 days`, `the previous week`. */
function previousWords(row: ReportRow): string {
  const previous = row.previous?.period;
  if (previous === undefined) return 'the previous window';
  const days = Math.round((Date.parse(previous.end) - Date.parse(previous.start)) / DAY);
  if (days === 7) return 'the previous week';
  if (days === 1) return 'the previous day';
  return `the previous ${plainNumber(days, 0)} days`;
}

/** What a figure rests on, in words: `29 of 40 tickets`, `38 tickets with a value`. */
function sampleWords(value: MetricValue | undefined, unitWord: string): string {
  switch (value?.kind) {
    case 'rate':
      return `${plainNumber(value.numerator, 0)} of ${plainNumber(value.denominator, 0)} ${unitWord}`;
    case 'duration':
      return `median of ${plainNumber(value.n, 0)} ${unitWord}`;
    case 'total':
      return `over ${plainNumber(value.n, 0)} ${unitWord}`;
    default:
      return '';
  }
}

/** The change line: arrow, size, against what, and whether that is better or worse. */
function changeLine(metric: string, spec: ColumnSpec, row: ReportRow): string {
  const volume = row.previous?.metrics.created ?? row.previous?.metrics.orders;
  if (volume?.kind === 'count' && volume.value === 0) {
    return `<p class="change neutral">Nothing in ${escapeHtml(previousWords(row))} to compare with.</p>`;
  }
  const value = row.metrics[metric];
  const before = row.previous?.metrics[metric];
  const scale = isPercentColumn(spec) ? 100 : 1;
  const now = figureOf(value, spec.figure);
  const then = figureOf(before, spec.figure);
  if (then === null) return `<p class="change neutral">No figure for ${escapeHtml(previousWords(row))}.</p>`;
  const change = changeValue(now === null ? null : now * scale, then * scale, spec);
  const tone = judgeChange(metric, change);
  const was = `${escapeHtml(previousWords(row))}: ${escapeHtml(spoken(before, spec))}`;
  if (change === null) return `<p class="change neutral">Against ${was}.</p>`;
  const rounded = isPercentColumn(spec) ? Number(change.toFixed(1)) : Math.round(change);
  if (rounded === 0) return `<p class="change neutral">= No change against ${was}.</p>`;
  const arrow = rounded > 0 ? '▲' : '▼';
  const size = isPercentColumn(spec)
    ? `${plainNumber(Math.abs(rounded))} points`
    : `${plainNumber(Math.abs(rounded), 0)}%`;
  const direction = rounded > 0 ? 'higher' : 'lower';
  const verdict = tone === 'good' ? 'better' : tone === 'bad' ? 'worse' : '';
  const small = smallSample(before) ? ' (few tickets then)' : '';
  return (
    `<p class="change ${tone}"><span aria-hidden="true">${arrow}</span> ${size} ${direction} than ${was}${small}` +
    `${verdict ? ` — <strong>${verdict}</strong>` : ''}</p>`
  );
}

/** The secondary headline figures of a metric (p90 beside the median): `90th percentile 3 h 5 min`. */
function otherFigures(ctx: PageContext, metric: string, main: ColumnSpec, value: MetricValue | undefined): string {
  const words: Record<string, string> = {
    p90: '90th percentile',
    p95: '95th percentile',
    mean: 'average',
    sum: 'total',
  };
  const others = ctx.report.columns.filter(
    (s) => s.metric === metric && s.headline && s !== main && s.key !== main.key,
  );
  return others
    .map((s) => `<p class="also">${escapeHtml(words[s.figure] ?? s.figure)} ${escapeHtml(spoken(value, s))}</p>`)
    .join('');
}

function tile(ctx: PageContext, metric: string, spec: ColumnSpec, row: ReportRow): string {
  const value = row.metrics[metric];
  if (value === undefined || value.kind === 'unavailable') return '';
  const unitWord = ctx.report.kind === 'orders' ? 'orders' : 'tickets';
  const n = sampleOf(value);
  const small =
    n !== null && n > 0 && n < SMALL_SAMPLE
      ? `<p class="small">Small sample: ${plainNumber(n, 0)} ${unitWord}.</p>`
      : '';
  const figureWords: Record<string, string> = { mean: ', average', p90: ', 90th percentile', sum: ', total' };
  const figureWord = figureWords[spec.figure] ?? '';
  return (
    `<article class="tile" data-metric="${escapeHtml(metric)}" title="${escapeHtml(`${metric} · ${spec.key}`)}">` +
    `<h3>${escapeHtml(metricLabel(ctx.report, metric))}${escapeHtml(figureWord)}</h3>` +
    `<p class="value" data-raw="${escapeHtml(String(figureOf(value, spec.figure)))}">` +
    `${escapeHtml(spoken(value, spec))}</p>` +
    `<p class="sample">${escapeHtml(n === 0 ? `no ${unitWord} to measure` : sampleWords(value, unitWord))}</p>` +
    `${n === 0 ? '' : otherFigures(ctx, metric, spec, value)}` +
    `${changeLine(metric, spec, row)}${small}` +
    `<a class="def" href="#def-${escapeHtml(metric.replace(/[^a-z0-9_.-]/gi, '_'))}">definition</a></article>`
  );
}

/** The tiles, or nothing when the window's totals were not computed. */
export function tilesSection(ctx: PageContext): string {
  const row = ctx.window;
  if (row === null) return '';
  const tiles = shownMetrics(ctx)
    .map(({ metric, spec }) => tile(ctx, metric, spec, row))
    .join('');
  return tiles === ''
    ? ''
    : `<section id="headline" aria-label="Headline figures"><div class="tiles">${tiles}</div></section>`;
}
