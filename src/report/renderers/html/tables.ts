/**
 * The page's tables: every headline figure by group and by period (labels as headers, ids in their
 * tooltips, n beside small samples, partial periods said), the process tables of an event log, and
 * the collapsible method section with every definition. Linear in the cells.
 */
import { assumptionLines } from '../../assumptions.js';
import { metricLabel } from '../../meaning.js';
import type { ColumnSpec, Report, ReportRow } from '../../model.js';
import { describeRun } from '../../text.js';
import { groupLabel, type PageContext, shownMetrics, smallSample } from './context.js';
import { columnLabel, escapeHtml, plainNumber, shownText } from './format.js';

/** A table; `numeric` columns right-aligned. Cells are HTML already (escaped by the caller). */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number>,
): string {
  if (rows.length === 0) return '<p class="empty">No data.</p>';
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A figure's cell: the number, and its n when the sample is small. */
function figureCell(ctx: PageContext, row: ReportRow, spec: ColumnSpec): string {
  const value = row.metrics[spec.metric];
  const text = escapeHtml(shownText(value, spec, ctx.units));
  if (value?.kind === 'rate')
    return `${text} <span class="n">${plainNumber(value.numerator, 0)}/${plainNumber(value.denominator, 0)}</span>`;
  if (smallSample(value) && (value?.kind === 'duration' || value?.kind === 'total'))
    return `${text} <span class="n">n ${plainNumber(value.n, 0)}</span>`;
  return text;
}

/** Headers of the figure columns: labels, the column key in the tooltip. */
function figureHeads(ctx: PageContext, specs: readonly ColumnSpec[]): string[] {
  return specs.map(
    (s) => `<span title="${escapeHtml(s.key)}">${escapeHtml(columnLabel(ctx.report, s, ctx.units))}</span>`,
  );
}

/** Every headline column of the shown metrics (a duration's median and p90 both). */
function headlineColumns(ctx: PageContext): ColumnSpec[] {
  const shown = new Set(shownMetrics(ctx).map((m) => m.metric));
  return ctx.report.columns.filter((s) => s.headline && shown.has(s.metric));
}

/** The headline figures of each group over the window. */
export function groupTable(ctx: PageContext): string {
  const rows = ctx.groupTotals;
  if (rows === null) return '<p class="empty">Group totals were not computed.</p>';
  const specs = headlineColumns(ctx);
  const body = rows.map((row) => {
    const label = groupLabel(ctx.report, row.group);
    const color = ctx.colors.get(label);
    const swatch = color === undefined ? '' : `<span class="swatch" style="color:${color}">●</span> `;
    return [`${swatch}${escapeHtml(label)}`, ...specs.map((s) => figureCell(ctx, row, s))];
  });
  const head = [escapeHtml(ctx.report.window.by.join(' · ')), ...figureHeads(ctx, specs)];
  return table(head, body, new Set(specs.map((_, i) => i + 1)));
}

/** The headline figures of each period over every group, partial periods said. */
export function periodTable(ctx: PageContext): string {
  const rows = ctx.periodTotals;
  if (rows === null) return '<p class="empty">Period totals were not computed.</p>';
  const specs = headlineColumns(ctx);
  const body = rows.map((row) => {
    const facts = ctx.periods.get(row.period.label);
    const note = facts?.note ? ` <span class="n">${escapeHtml(facts.note)}</span>` : '';
    return [`${escapeHtml(row.period.label)}${note}`, ...specs.map((s) => figureCell(ctx, row, s))];
  });
  return table(
    [escapeHtml(capitalized(ctx.report.window.period ?? 'period')), ...figureHeads(ctx, specs)],
    body,
    new Set(specs.map((_, i) => i + 1)),
  );
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One row's figures as a table to quote from (a one-period report without groups): a line per
 * headline figure with its value, sample and the previous window's value.
 */
export function figuresTable(ctx: PageContext, row: ReportRow): string {
  const specs = headlineColumns(ctx);
  const body = specs.map((s) => [
    `<span title="${escapeHtml(s.key)}">${escapeHtml(columnLabel(ctx.report, s, ctx.units))}</span>`,
    figureCell(ctx, row, s),
    row.previous === undefined ? '—' : figureCell(ctx, row.previous as ReportRow, s),
  ]);
  return table(['Figure', 'This window', 'Previous window'], body, new Set([1, 2]));
}

/** Event logs: the most common paths and the waits between statuses. */
export function processSection(report: Report): string {
  const process = report.process;
  if (process === undefined) return '';
  const hours = (v: number | null) => (v === null ? '—' : `${plainNumber(v)} h`);
  const paths = table(
    ['Path', 'Cases', 'Share', 'Median duration'],
    process.paths.map((p) => [
      escapeHtml(p.path.join(' → ')),
      plainNumber(p.cases, 0),
      `${plainNumber(p.share * 100)}%`,
      hours(p.median_duration_h),
    ]),
    new Set([1, 2, 3]),
  );
  const waits = table(
    ['From', 'To', 'n', 'Median wait', '90th percentile'],
    process.bottlenecks.map((b) => [
      escapeHtml(b.from),
      escapeHtml(b.to),
      plainNumber(b.n, 0),
      hours(b.median_h),
      hours(b.p90_h),
    ]),
    new Set([2, 3, 4]),
  );
  return (
    `<section id="process"><h2>Process</h2><p class="note">${plainNumber(process.cases, 0)} cases ` +
    `(${plainNumber(process.open_cases, 0)} open), ${plainNumber(process.events, 0)} events.</p>` +
    `<h3>Most common paths</h3>${paths}<h3>Longest waits between statuses</h3>${waits}</section>`
  );
}

/** The collapsible method section: the run's facts, each metric's definition, what is not available, the input. */
export function methodSection(ctx: PageContext, methods: readonly string[]): string {
  const report = ctx.report;
  const run = describeRun(report);
  const facts = [...run.window, ...run.definitions]
    .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`)
    .join('');
  const shown = [...new Set(report.columns.map((s) => s.metric))].filter((m) => !ctx.unavailable.has(m));
  const definitions = shown
    .map((metric) => {
      const id = `def-${metric.replace(/[^a-z0-9_.-]/gi, '_')}`;
      const text = report.definitions.metrics[metric] ?? '';
      const source = report.definitions.sources[metric];
      return (
        `<dt id="${escapeHtml(id)}" title="${escapeHtml(metric)}">${escapeHtml(metricLabel(report, metric))}</dt>` +
        `<dd>${escapeHtml(text)}${source ? ` <span class="n">Source: ${escapeHtml(source)}.</span>` : ''}</dd>`
      );
    })
    .join('');
  const missing = [...ctx.unavailable].map((m) => escapeHtml(metricLabel(report, m)));
  const input = report.input;
  const accounting =
    `${plainNumber(input.read, 0)} rows read from ` +
    `${escapeHtml(input.files.map((f) => `${f.path} (${f.profile})`).join(', '))}: ` +
    `${plainNumber(input.used, 0)} used, ${plainNumber(input.skipped.outside_period, 0)} outside the window, ` +
    `${plainNumber(input.skipped.duplicate, 0)} duplicate, ${plainNumber(input.rejected, 0)} rejected, ` +
    `${plainNumber(input.nulled, 0)} kept with a field emptied.`;
  return (
    `<details id="method"><summary>Method and definitions</summary>` +
    `<dl class="facts">${facts}<dt>Percentiles</dt><dd>${escapeHtml(report.definitions.quantile_method)}</dd>` +
    `<dt>Clock</dt><dd>${escapeHtml(report.definitions.clock)}</dd></dl>` +
    `<h3>Definitions</h3><dl class="definitions">${definitions}</dl>` +
    (missing.length > 0
      ? `<p class="note">Not available for this input (the JSON report says why): ${missing.join(', ')}.</p>`
      : '') +
    methods.map((m) => `<p class="note">${escapeHtml(m)}</p>`).join('') +
    `<h3>Input</h3><p class="note">${accounting}</p>` +
    (report.assumptions === undefined
      ? ''
      : `<h3>Assumptions</h3><ul class="note">${assumptionLines(report.assumptions)
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`) +
    '</details>'
  );
}
