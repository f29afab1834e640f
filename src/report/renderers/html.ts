/**
 * The HTML report: one self-contained file (inline CSS, inline SVG, no script, nothing fetched when
 * it is opened) with the weekly trends, the distributions of first reply and resolution times, SLA
 * attainment when the report has `sla.*` metrics, complaint classes, patterns and consistency.
 *
 * Charts are vega-lite specs compiled to vega and rendered to SVG here, at build time (vega's
 * headless `renderer: 'none'` view); vega escapes the text it writes. Everything else written from
 * data goes through `escapeHtml`. Readable on a phone (viewport meta, fluid grid, scrolling tables)
 * and on paper (print CSS: no navigation, charts not split across pages).
 */
import { assumptionLines } from '../assumptions.js';
import type { ComplaintRulesSummary, Insights, MeasureSpread } from '../insights/types.js';
import { cellValue } from '../flatten.js';
import type { Report } from '../model.js';
import { describeRun, formatCount, formatDuration, formatNumber, NO_VALUE } from '../text.js';

/**
 * Text safe in HTML content and attribute values.
 * @example escapeHtml('<b>"R&D"</b>') // '&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** A vega-lite spec, kept loose: this module builds them from literals. */
type Spec = Record<string, unknown>;

/** One chart to render: its id (data-chart attribute), caption and spec. */
interface Chart {
  id: string;
  title: string;
  spec: Spec;
}

const WIDTH = 520;
const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 180 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 200 },
  view: { stroke: null },
};

const pct = (value: number | null, decimals = 1): string =>
  value === null ? NO_VALUE : `${formatNumber(value * 100, decimals)}%`;
const num = (value: number | null, decimals = 2): string => (value === null ? NO_VALUE : formatNumber(value, decimals));

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number> = new Set(),
): string {
  if (rows.length === 0) return '<p class="empty">No data.</p>';
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The row's group as one label: `Billing · High`, or `all` without --by. */
const groupLabel = (report: Report, group: Record<string, string | null>): string =>
  report.window.by.length === 0 ? 'all' : report.window.by.map((d) => group[d] ?? '(none)').join(' · ');

/** Trend charts: one per headline figure of the report, one line per group. */
function trendCharts(report: Report): Chart[] {
  const specs = report.columns.filter((s) => s.headline && !s.metric.startsWith('sla.'));
  const charts: Chart[] = [];
  const grouped = report.window.by.length > 0;
  for (const spec of specs) {
    const values = report.rows.flatMap((row) => {
      const v = cellValue(row.metrics[spec.metric], spec);
      return v === null ? [] : [{ period: row.period.label, group: groupLabel(report, row.group), value: v }];
    });
    if (values.length === 0) continue;
    charts.push({
      id: `trend-${spec.key}`,
      title: spec.label,
      spec: {
        width: WIDTH,
        height: 160,
        data: { values },
        mark: { type: 'line', point: { size: 40 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'period', type: 'ordinal', title: null, sort: null, axis: { labelAngle: -30 } },
          y: {
            field: 'value',
            type: 'quantitative',
            title: spec.label,
            scale: { zero: spec.percent || spec.figure === 'value' },
          },
          ...(grouped ? { color: { field: 'group', type: 'nominal', title: report.window.by.join(' · ') } } : {}),
          tooltip: [{ field: 'period' }, { field: 'value', format: ',.1f' }],
        },
      },
    });
  }
  return charts;
}

function histogramChart(id: string, title: string, bins: { label: string; count: number }[], color: string): Chart {
  return {
    id,
    title,
    spec: {
      width: WIDTH,
      height: 170,
      data: { values: bins.map((b, i) => ({ bin: b.label, order: i, tickets: b.count })) },
      mark: { type: 'bar', color },
      encoding: {
        x: { field: 'bin', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: -30 } },
        y: { field: 'tickets', type: 'quantitative', title: 'tickets' },
        tooltip: [{ field: 'bin' }, { field: 'tickets' }],
      },
    },
  };
}

/** SLA attainment per period for every `sla.*` rate the report has (another module adds them). */
function slaChart(report: Report): Chart | null {
  const specs = report.columns.filter((s) => s.metric.startsWith('sla.') && s.percent && s.figure === 'value');
  const values = report.rows.flatMap((row) =>
    specs.flatMap((spec) => {
      const v = cellValue(row.metrics[spec.metric], spec);
      return v === null
        ? []
        : [{ period: row.period.label, metric: spec.metric, group: groupLabel(report, row.group), attainment: v }];
    }),
  );
  if (values.length === 0) return null;
  return {
    id: 'sla-attainment',
    title: 'SLA attainment (%)',
    spec: {
      width: WIDTH,
      height: 180,
      data: { values },
      mark: { type: 'line', point: { size: 40 } },
      encoding: {
        x: { field: 'period', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -30 } },
        y: { field: 'attainment', type: 'quantitative', title: '% met', scale: { domain: [0, 100] } },
        color: { field: 'metric', type: 'nominal', title: 'SLA' },
        ...(report.window.by.length > 0
          ? { strokeDash: { field: 'group', type: 'nominal', title: report.window.by.join(' · ') } }
          : {}),
        tooltip: [{ field: 'period' }, { field: 'metric' }, { field: 'attainment', format: '.1f' }],
      },
    },
  };
}

function complaintCharts(insights: Insights): Chart[] {
  const charts: Chart[] = [];
  const totals = insights.complaints
    .filter((c) => c.count > 0)
    .map((c) => ({ class: c.class, tickets: c.count, share: (c.share ?? 0) * 100 }));
  if (totals.length > 0) {
    charts.push({
      id: 'complaints-total',
      title: 'Complaint classes over the window (tickets)',
      spec: {
        width: WIDTH,
        height: { step: 22 },
        data: { values: totals },
        mark: { type: 'bar', color: '#e45756' },
        encoding: {
          y: { field: 'class', type: 'nominal', sort: '-x', title: null },
          x: { field: 'tickets', type: 'quantitative', title: 'tickets' },
          tooltip: [{ field: 'class' }, { field: 'tickets' }, { field: 'share', format: '.1f', title: '% of created' }],
        },
      },
    });
    const shares = insights.complaints
      .filter((c) => c.count > 0)
      .flatMap((c) =>
        c.periods.flatMap((p) =>
          p.share === null ? [] : [{ period: p.period, class: c.class, share: p.share * 100, count: p.count }],
        ),
      );
    charts.push({
      id: 'complaints-trend',
      title: 'Complaint share per period (% of tickets created)',
      spec: {
        width: WIDTH,
        height: 180,
        data: { values: shares },
        mark: { type: 'line', point: { size: 40 } },
        encoding: {
          x: { field: 'period', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -30 } },
          y: { field: 'share', type: 'quantitative', title: '% of created' },
          color: { field: 'class', type: 'nominal', title: 'class' },
          tooltip: [{ field: 'period' }, { field: 'class' }, { field: 'count' }, { field: 'share', format: '.1f' }],
        },
      },
    });
  }
  return charts;
}

function patternChart(insights: Insights): Chart | null {
  const values = insights.patterns.top_categories.map((c) => ({
    category: c.value,
    tickets: c.tickets,
    repeat: c.repeat_contact_rate === null ? null : c.repeat_contact_rate * 100,
  }));
  if (values.length === 0) return null;
  // Without a customer column there is no repeat rate: no color scale (it would read NaN).
  const hasRepeat = values.some((v) => v.repeat !== null);
  return {
    id: 'patterns-categories',
    title: 'Top categories (tickets; darker = higher repeat-contact rate)',
    spec: {
      width: WIDTH,
      height: { step: 22 },
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'category', type: 'nominal', sort: '-x', title: null },
        x: { field: 'tickets', type: 'quantitative', title: 'tickets' },
        ...(hasRepeat
          ? {
              color: {
                field: 'repeat',
                type: 'quantitative',
                title: 'repeat %',
                scale: { scheme: 'blues', domainMin: 0 },
              },
            }
          : {}),
        tooltip: [
          { field: 'category' },
          { field: 'tickets' },
          ...(hasRepeat ? [{ field: 'repeat', format: '.1f', title: 'repeat %' }] : []),
        ],
      },
    },
  };
}

const MEASURE_LABELS: Record<string, string> = {
  frt_median_min: 'Median first reply (min)',
  resolution_full_median_h: 'Median resolution (h)',
  fcr: 'FCR (%)',
};

function consistencyChart(dimension: string, m: MeasureSpread, minN: number): Chart | null {
  const scale = m.measure === 'fcr' ? 100 : 1;
  const values = m.figures.flatMap((f) =>
    f.value === null
      ? []
      : [
          {
            group: f.group,
            value: f.value * scale,
            n: f.n,
            status: f.flagged ? 'flagged' : f.n < minN ? `n < ${minN}` : 'within range',
          },
        ],
  );
  if (values.length === 0) return null;
  return {
    id: `consistency-${dimension}-${m.measure}`,
    title: `${MEASURE_LABELS[m.measure] ?? m.measure} by ${dimension}`,
    spec: {
      width: WIDTH,
      height: { step: 18 },
      data: { values },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        y: { field: 'group', type: 'nominal', sort: '-x', title: null },
        x: { field: 'value', type: 'quantitative', title: MEASURE_LABELS[m.measure] ?? m.measure },
        color: {
          field: 'status',
          type: 'nominal',
          title: null,
          scale: { domain: ['within range', 'flagged', `n < ${minN}`], range: ['#4c78a8', '#d62728', '#bab0ac'] },
        },
        tooltip: [{ field: 'group' }, { field: 'value', format: ',.1f' }, { field: 'n' }, { field: 'status' }],
      },
    },
  };
}

function predictabilityChart(insights: Insights): Chart | null {
  const values = insights.consistency.predictability.flatMap((p) =>
    p.ratio === null ? [] : [{ team: p.team, measure: p.measure, ratio: p.ratio, n: p.n }],
  );
  if (values.length === 0) return null;
  return {
    id: 'predictability',
    title: 'Predictability per team: p90 / median (lower is steadier)',
    spec: {
      width: WIDTH,
      height: { step: 14 },
      data: { values },
      mark: 'bar',
      encoding: {
        y: { field: 'team', type: 'nominal', title: null },
        yOffset: { field: 'measure' },
        x: { field: 'ratio', type: 'quantitative', title: 'p90 / median' },
        color: { field: 'measure', type: 'nominal', title: null },
        tooltip: [{ field: 'team' }, { field: 'measure' }, { field: 'ratio', format: '.2f' }, { field: 'n' }],
      },
    },
  };
}

/** Renders the charts to SVG strings, in order. */
async function renderCharts(charts: readonly Chart[]): Promise<Map<string, string>> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const out = new Map<string, string>();
  for (const chart of charts) {
    const spec = { ...chart.spec, config: CHART_CONFIG, background: 'white', padding: 6 };
    const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    out.set(chart.id, svg);
  }
  return out;
}

function figure(chart: Chart, svgs: Map<string, string>): string {
  return (
    `<figure class="chart" data-chart="${escapeHtml(chart.id)}">` +
    `<figcaption>${escapeHtml(chart.title)}</figcaption>${svgs.get(chart.id) ?? ''}</figure>`
  );
}

function complaintsTable(insights: Insights): string {
  return table(
    ['class', 'tickets', '% of created', 'change last period (pp)', 'trend (pp / period)'],
    insights.complaints.map((c) => [
      c.class,
      formatCount(c.count),
      pct(c.share),
      c.change_pp === null ? NO_VALUE : `${c.change_pp > 0 ? '+' : ''}${formatNumber(c.change_pp, 1)}`,
      c.slope_pp_per_period === null
        ? NO_VALUE
        : `${c.slope_pp_per_period > 0 ? '+' : ''}${formatNumber(c.slope_pp_per_period, 2)}`,
    ]),
    new Set([1, 2, 3, 4]),
  );
}

function rulesNote(rules: ComplaintRulesSummary | undefined): string {
  if (!rules) return '';
  const configUnmatched = rules.unmatched.filter(
    (u) => rules.classes.find((c) => c.name === u.class)?.origin === 'config',
  );
  const list = configUnmatched
    .map((u) => `<li>${escapeHtml(u.class)}: ${escapeHtml(JSON.stringify(u.rule))}</li>`)
    .join('');
  return (
    `<p class="note">Classes from rules over subject, category and tags ` +
    `(case- and accent-insensitive; ${rules.classes.length} classes, ` +
    `${rules.unmatched.length} rules without a match in this input).</p>` +
    (list ? `<p class="warn">Configured rules that matched no ticket:</p><ul class="warn">${list}</ul>` : '')
  );
}

function consistencySection(insights: Insights, svgs: Map<string, string>, charts: Map<string, Chart>): string {
  const c = insights.consistency;
  const parts: string[] = [`<p class="note">${escapeHtml(c.method)}.</p>`];
  for (const d of c.dimensions) {
    parts.push(`<h3>By ${escapeHtml(d.dimension)}</h3>`);
    const spreadRows = d.measures.map((m) => {
      const scale = m.measure === 'fcr' ? 100 : 1;
      const s = (v: number | null) => (v === null ? NO_VALUE : formatNumber(v * scale, 1));
      const flagged = m.figures.filter((f) => f.flagged).map((f) => `${f.group} (n ${f.n}, z ${num(f.z, 1)})`);
      return [
        MEASURE_LABELS[m.measure] ?? m.measure,
        String(m.groups),
        s(m.min),
        s(m.median),
        s(m.max),
        s(m.iqr),
        num(m.cv),
        flagged.join('; ') || 'none',
      ];
    });
    parts.push(
      table(
        ['measure', `groups (n ≥ ${c.min_n})`, 'min', 'median', 'max', 'IQR', 'CV', 'flagged'],
        spreadRows,
        new Set([1, 2, 3, 4, 5, 6]),
      ),
    );
    const grid = d.measures
      .map((m) => charts.get(`consistency-${d.dimension}-${m.measure}`))
      .filter((x): x is Chart => x !== undefined);
    if (grid.length) parts.push(`<div class="grid">${grid.map((ch) => figure(ch, svgs)).join('\n')}</div>`);
  }
  if (c.dimensions.length === 0) parts.push('<p class="empty">The input has no agent, team or channel column.</p>');
  const pred = charts.get('predictability');
  if (c.predictability.length) {
    parts.push('<h3>Predictability per team</h3>');
    if (pred) parts.push(figure(pred, svgs));
    parts.push(
      table(
        ['team', 'measure', 'n', 'median', 'p90', 'p90 / median'],
        c.predictability.map((p) => [
          p.team,
          p.measure,
          formatCount(p.n),
          formatDuration(p.median, p.measure === 'frt' ? 'minutes' : 'hours'),
          formatDuration(p.p90, p.measure === 'frt' ? 'minutes' : 'hours'),
          num(p.ratio),
        ]),
        new Set([2, 3, 4, 5]),
      ),
    );
  }
  return parts.join('\n');
}

const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #fff; --accent: #2f5fa7; --warn: #a1260d; }
* { box-sizing: border-box; }
body {
  margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg);
}
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; border-bottom: 2px solid var(--accent); }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; font-size: 0.9rem; }
nav { margin: 8px 0 12px; font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 4px 14px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 12px 20px; }
figure.chart {
  margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px;
  break-inside: avoid; page-break-inside: avoid;
}
figure.chart figcaption { font-weight: 600; font-size: 0.92rem; margin-bottom: 4px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px; }
table { border-collapse: collapse; font-size: 0.88rem; min-width: 60%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: var(--muted); font-size: 0.85rem; }
.warn { color: var(--warn); font-size: 0.88rem; }
.empty { color: var(--muted); font-style: italic; }
footer {
  margin-top: 32px; padding-bottom: 24px; color: var(--muted); font-size: 0.82rem; border-top: 1px solid var(--line);
}
@media (max-width: 600px) {
  body { font-size: 14px; }
  h1 { font-size: 1.3rem; }
  th, td { padding: 3px 6px; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10pt; }
  nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .grid { display: block; }
  figure.chart { border: none; margin-bottom: 8pt; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * The report as one self-contained HTML page. Loads vega and vega-lite on demand (hence async).
 * Sections without data say so instead of drawing an empty chart; the insights sections appear when
 * `report.insights` is present (the CLI always computes it for HTML).
 * @example
 * const html = await renderHtml(fixture('examples/report.json'));
 * [
 *   html.startsWith('<!doctype html>\n<html lang="en">'),
 *   html.includes('<title>opsmetrics report · 2025-11-17T00:00:00+00:00 → 2025-11-24T00:00:00+00:00</title>'),
 *   html.includes('<figure class="chart" data-chart="trend-created">'),
 * ]
 * // [true, true, true]
 */
export async function renderHtml(report: Report): Promise<string> {
  const insights = report.insights;
  const trends = trendCharts(report);
  const sla = slaChart(report);
  const histograms = insights
    ? [
        histogramChart(
          'dist-frt',
          `First reply time (n ${formatCount(insights.distributions.frt.n)})`,
          insights.distributions.frt.bins,
          '#4c78a8',
        ),
        histogramChart(
          'dist-resolution',
          `Resolution time (n ${formatCount(insights.distributions.resolution_full.n)})`,
          insights.distributions.resolution_full.bins,
          '#72b7b2',
        ),
      ].filter((_, i) => (i === 0 ? insights.distributions.frt.n : insights.distributions.resolution_full.n) > 0)
    : [];
  const complaints = insights ? complaintCharts(insights) : [];
  const pattern = insights ? patternChart(insights) : null;
  const consistencyCharts = insights
    ? insights.consistency.dimensions.flatMap((d) =>
        d.measures.map((m) => consistencyChart(d.dimension, m, insights.consistency.min_n)),
      )
    : [];
  const predictability = insights ? predictabilityChart(insights) : null;
  const all = [
    ...trends,
    ...(sla ? [sla] : []),
    ...histograms,
    ...complaints,
    ...(pattern ? [pattern] : []),
    ...consistencyCharts.filter((c): c is Chart => c !== null),
    ...(predictability ? [predictability] : []),
  ];
  const byId = new Map(all.map((c) => [c.id, c]));
  const svgs = await renderCharts(all);
  const grid = (charts: readonly Chart[]) =>
    charts.length
      ? `<div class="grid">${charts.map((c) => figure(c, svgs)).join('\n')}</div>`
      : '<p class="empty">No data.</p>';

  const run = describeRun(report);
  const facts = [...run.window, ...run.definitions]
    .map((f) => `${escapeHtml(f.label)}: ${escapeHtml(f.value)}`)
    .join(' · ');
  const sections: string[] = [];
  const nav: [string, string][] = [['trends', 'Trends']];
  const trendsTitle =
    report.window.period === null ? 'Headline figures' : `Trends per ${escapeHtml(report.window.period)}`;
  sections.push(`<section id="trends"><h2>${trendsTitle}</h2>${grid(trends)}</section>`);
  if (sla) {
    nav.push(['sla', 'SLA']);
    sections.push(`<section id="sla"><h2>SLA attainment</h2>${grid([sla])}</section>`);
  }
  if (insights) {
    nav.push(
      ['distributions', 'Distributions'],
      ['complaints', 'Complaints'],
      ['patterns', 'Patterns'],
      ['consistency', 'Consistency'],
    );
    sections.push(
      `<section id="distributions"><h2>Distribution of first ` +
        `reply and resolution times</h2>${grid(histograms)}</section>`,
    );
    sections.push(
      `<section id="complaints"><h2>Complaint classes</h2>` +
        (complaints.length ? grid(complaints) : '<p class="empty">No ticket matched a complaint class.</p>') +
        `${complaintsTable(insights)}${rulesNote(report.complaints)}</section>`,
    );
    const p = insights.patterns;
    const repeat = (r: number | null) => pct(r);
    const emerging = table(
      ['period', 'category', 'tickets', 'created', 'expected', 'baseline share', 'p-value'],
      p.emerging.map((e) => [
        e.period,
        e.category,
        formatCount(e.count),
        formatCount(e.created),
        formatNumber(e.expected, 1),
        pct(e.baseline_share, 2),
        e.p_value.toExponential(2),
      ]),
      new Set([2, 3, 4, 5, 6]),
    );
    sections.push(
      `<section id="patterns"><h2>Patterns</h2>${pattern ? grid([pattern]) : ''}` +
        `<h3>Top categories</h3>${table(
          ['category', 'tickets', '% of created', 'repeat contacts'],
          p.top_categories.map((c) => [c.value, formatCount(c.tickets), pct(c.share), repeat(c.repeat_contact_rate)]),
          new Set([1, 2, 3]),
        )}` +
        `<h3>Top tags</h3>${table(
          ['tag', 'tickets', '% of created', 'repeat contacts'],
          p.top_tags.map((c) => [c.value, formatCount(c.tickets), pct(c.share), repeat(c.repeat_contact_rate)]),
          new Set([1, 2, 3]),
        )}` +
        '<h3>Emerging issues</h3>' +
        (p.emerging.length
          ? emerging
          : '<p class="empty">No category rose beyond what its previous periods predict.</p>') +
        `<p class="note">Test: ${escapeHtml(p.method)}.</p></section>`,
    );
    sections.push(
      `<section id="consistency"><h2>Consistency across agents, teams and ` +
        `channels</h2>${consistencySection(insights, svgs, byId)}</section>`,
    );
  }
  const input = report.input;
  const inputLine =
    `Input: ${formatCount(input.read)} rows read from ${escapeHtml(input.files.map((f) => f.path).join(', '))}; ` +
    `${formatCount(input.used)} used, ${formatCount(input.rejected)} rejected, ` +
    `${formatCount(input.skipped.outside_period)} outside the ` +
    `window, ${formatCount(input.skipped.duplicate)} duplicate.`;
  const windowEnd = report.window.until ?? report.window.as_of;
  const title = `opsmetrics report · ${report.window.since ?? 'first ticket'} → ${windowEnd}`;
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
<h1>Support operations report</h1>
<p class="meta">${facts} · ${formatCount(input.used)} tickets in the window</p>
<nav>${nav.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>
</header>
<main>
${sections.join('\n')}
</main>
<footer>
<p>${inputLine}</p>
<p>Percentiles: ${escapeHtml(report.definitions.quantile_method)}. Clock: ${escapeHtml(report.definitions.clock)}.</p>
${
  report.assumptions === undefined
    ? ''
    : `<details><summary>Assumptions</summary><ul>${assumptionLines(report.assumptions)
        .map((line) => `<li>${escapeHtml(line)}</li>`)
        .join('')}</ul></details>`
}
<p>Generated by opsmetrics ${escapeHtml(report.tool.version)}; as of ${escapeHtml(report.window.as_of)}.</p>
</footer>
</body>
</html>
`;
}
