/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
 * manager can quote from. It opens with headline tiles (value, unit, n, change against the previous
 * window, good or bad in color and words), then each headline figure over the periods with its
 * numbers under the chart, the figures by group and by period, SLA with its goals, the insight
 * sections, and the method and definitions in a collapsible footnote. Labels everywhere a person
 * reads; ids in tooltips. Readable on a phone (390 px) and printed on A4.
 *
 * Built in one pass over the report: linear in its cells (8,000 groups make 8,000 table rows, while
 * the charts draw at most six groups and the whole).
 */
import type { Report } from '../../model.js';
import type { RenderOptions } from '../options.js';
import { goalOf, type PageContext, pageContext, shownMetrics } from './context.js';
import { escapeHtml, humanInstant, humanSpan, plainNumber } from './format.js';
import { complaintsSection, consistencySection, distributionsSection, patternsSection } from './insights.js';
import { figuresTable, groupTable, methodSection, periodTable, processSection, table } from './tables.js';
import { tilesSection } from './tiles.js';
import { hollowNote, trendFigure } from './trends.js';
import { CSS } from './style.js';

export { escapeHtml } from './format.js';

/** SLA: a chart per achievement metric over the periods (with its goal), and the SLA figures of the window. */
function slaSection(ctx: PageContext): string {
  const specs = ctx.report.columns.filter(
    (s) => s.metric.startsWith('sla.') && s.metric.endsWith('.achievement') && s.figure === 'value',
  );
  if (specs.length === 0 || specs.every((s) => ctx.unavailable.has(s.metric))) return '';
  const charts = ctx.periodLabels.length > 1 ? specs.map((s) => trendFigure(ctx, s)).filter(Boolean) : [];
  const row = ctx.window;
  const rows =
    row === null
      ? []
      : specs.map((s) => {
          const value = row.metrics[s.metric];
          const base = s.metric.slice(0, -'.achievement'.length);
          const count = (suffix: string) => {
            const v = row.metrics[`${base}.${suffix}`];
            return v?.kind === 'count' ? plainNumber(v.value, 0) : '—';
          };
          const goal = ctx.goals.find((g) => g.metric === s.metric);
          return [
            escapeHtml(base === 'sla.first_reply' ? 'First reply' : base === 'sla.resolution' ? 'Resolution' : base),
            value?.kind === 'rate' && value.value !== null ? `${plainNumber(value.value * 100)}%` : '—',
            value?.kind === 'rate' ? `${plainNumber(value.numerator, 0)} of ${plainNumber(value.denominator, 0)}` : '—',
            count('breached'),
            count('active'),
            goal === undefined ? 'none set' : escapeHtml(goalOf(ctx, s, null)?.label ?? ''),
          ];
        });
  const noGoal = specs.some((s) => !ctx.goals.some((g) => g.metric === s.metric))
    ? '<p class="note">A goal line needs a check in the config, e.g. ' +
      '<code>checks: ["sla.first_reply.achievement &gt;= 95%"]</code>.</p>'
    : '';
  return (
    `<section id="sla"><h2>Service levels</h2>${charts.length ? `<div class="grid">${charts.join('')}</div>` : ''}` +
    table(['SLA', 'Met', 'Met of judged', 'Breached', 'Not yet due', 'Goal'], rows, new Set([1, 2, 3, 4])) +
    `${noGoal}</section>`
  );
}

function trendsSection(ctx: PageContext): string {
  if (ctx.periodLabels.length < 2) return '';
  const figures = shownMetrics(ctx)
    .filter(({ metric }) => !metric.startsWith('sla.'))
    .map(({ spec }) => trendFigure(ctx, spec))
    .filter(Boolean);
  if (figures.length === 0) return '';
  return (
    `<section id="trends"><h2>Per ${escapeHtml(ctx.report.window.period ?? 'period')}</h2>${hollowNote(ctx)}` +
    `<div class="grid">${figures.join('\n')}</div></section>`
  );
}

/**
 * The report as one self-contained HTML page (see the module comment). Asynchronous to match the
 * other renderers; it loads nothing.
 * @example
 * // fixtures/examples by team, a week: the page's title says the days the window covers
 * const html = await renderHtml(fixture('examples/report.json'));
 * [
 *   html.startsWith('<!doctype html>\n<html lang="en">'),
 *   html.includes('<title>Support report · 17 Nov – 23 Nov 2025</title>'),
 *   html.includes('<section id="by-group">'),
 * ]
 * // [true, true, true]
 */
export async function renderHtml(report: Report, options: RenderOptions = {}): Promise<string> {
  const ctx = pageContext(report, options.goals ?? []);
  const insights = report.insights;
  const unitWord = report.kind === 'orders' ? 'orders' : 'tickets';
  const sections: [string, string, string][] = [];
  const add = (id: string, label: string, html: string) => {
    if (html !== '') sections.push([id, label, html]);
  };
  add('headline', 'Headline', tilesSection(ctx));
  add('trends', 'Trends', trendsSection(ctx));
  add('sla', 'SLA', slaSection(ctx));
  if (ctx.grouped) {
    add(
      'by-group',
      'By group',
      `<section id="by-group"><h2>By ${escapeHtml(report.window.by.join(' and '))}</h2>${groupTable(ctx)}</section>`,
    );
  }
  if (ctx.periodLabels.length > 1) {
    add(
      'by-period',
      'By period',
      `<section id="by-period"><h2>By ${escapeHtml(report.window.period ?? 'period')}</h2>` +
        `${periodTable(ctx)}</section>`,
    );
  }
  const only = report.rows.length === 1 && !ctx.grouped ? (ctx.window ?? report.rows[0]) : undefined;
  if (only !== undefined)
    add('figures', 'Figures', `<section id="figures"><h2>Figures</h2>${figuresTable(ctx, only)}</section>`);
  add('process', 'Process', processSection(report));
  const methods: string[] = [];
  if (insights) {
    add('distributions', 'Distributions', distributionsSection(insights));
    add('complaints', 'Complaints', complaintsSection(ctx, insights, report.complaints));
    add('patterns', 'Patterns', patternsSection(ctx, insights));
    add('consistency', 'Consistency', consistencySection(ctx, insights));
    methods.push(`Emerging issues: ${insights.patterns.method}.`, `Consistency: ${insights.consistency.method}.`);
  }
  const run = report.window;
  const zone = run.timezone;
  const span = humanSpan(run.since ?? report.rows[0]?.period.start ?? run.as_of, run.until ?? run.as_of);
  const title = `${report.kind === 'orders' ? 'Orders' : 'Support'} report · ${span}`;
  // The window's volume: tickets created (orders placed), else the rows used.
  const counted = ctx.window?.metrics[report.kind === 'orders' ? 'orders' : 'created'];
  const volume = counted?.kind === 'count' ? counted.value : report.input.used;
  const meta =
    `${escapeHtml(span)} (${escapeHtml(zone)}) · ${plainNumber(volume, 0)} ${unitWord}` +
    (run.by.length ? ` · by ${escapeHtml(run.by.join(', '))}` : '') +
    (run.period ? ` · per ${escapeHtml(run.period)}` : '') +
    ` · as of ${escapeHtml(humanInstant(run.as_of))}`;
  const nav = sections
    .filter(([id]) => id !== 'headline')
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="opsmetrics ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${report.kind === 'orders' ? 'Orders' : 'Support'} report</h1>
<p class="meta">${meta}</p>
<nav>${nav}<a href="#method">Method</a></nav>
</header>
<main>
${sections.map(([, , html]) => html).join('\n')}
${methodSection(ctx, methods)}
</main>
<footer>
<p>Generated by opsmetrics ${escapeHtml(report.tool.version)}. Every figure is in the JSON report
(<code>--format json</code>) with its id and n; changes compare with the window of equal length before.</p>
</footer>
</body>
</html>
`;
}
