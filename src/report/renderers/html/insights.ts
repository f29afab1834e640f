/**
 * The insight sections of the page: distributions, complaint classes, patterns with emerging issues,
 * consistency across agents, teams and channels. Counts always come with their n; outliers are
 * said in words ("faster than usual") and colored by what they mean, not red for any outlier.
 */
import type { ComplaintRulesSummary, Insights, MeasureSpread } from '../../insights/types.js';

import type { PageContext } from './context.js';
import { escapeHtml, humanDuration, inUnit, percent, plainNumber, words } from './format.js';
import { type Bar, barChart } from './svg.js';
import { table } from './tables.js';

const NEUTRAL = '#6b7b93';
const GOOD = '#1a7f37';
const BAD = '#b42318';

function figure(id: string, caption: string, body: string, note = ''): string {
  return (
    `<figure class="chart" data-chart="${escapeHtml(id)}"><figcaption>${escapeHtml(caption)}</figcaption>${body}` +
    `${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`
  );
}

export function distributionsSection(insights: Insights): string {
  const charts = (
    [
      ['dist-frt', 'First reply time', insights.distributions.frt, '#4269d0'],
      ['dist-resolution', 'Full resolution time', insights.distributions.resolution_full, '#3ca951'],
    ] as const
  )
    .filter(([, , h]) => h.n > 0)
    .map(([id, label, h, color]) =>
      figure(
        id,
        `${label}: tickets per range (n ${plainNumber(h.n, 0)})`,
        barChart(
          label,
          h.bins.map((b) => ({
            label: b.label,
            value: b.count,
            color,
            text: `${plainNumber(b.count, 0)} (${percent(b.count / h.n)})`,
            title: `${b.label}: ${b.count} of ${h.n} tickets`,
            data: { 'data-bin': b.label, 'data-raw': String(b.count) },
          })),
          true,
        ),
      ),
    );
  return (
    `<section id="distributions"><h2>How long tickets wait</h2>` +
    (charts.length ? `<div class="grid">${charts.join('')}</div>` : '<p class="empty">No replies or resolutions.</p>') +
    '</section>'
  );
}

export function complaintsSection(
  ctx: PageContext,
  insights: Insights,
  rules: ComplaintRulesSummary | undefined,
): string {
  const classes = insights.complaints;
  const created = (c: (typeof classes)[number]) => c.periods.reduce((sum, p) => sum + p.created, 0);
  const bars: Bar[] = classes
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.class.localeCompare(b.class, 'en'))
    .map((c) => ({
      label: words(c.class),
      value: c.count,
      color: NEUTRAL,
      text: `${plainNumber(c.count, 0)} of ${plainNumber(created(c), 0)} (${percent(c.share ?? 0)})`,
      title: `${c.class}: ${c.count} of ${created(c)} tickets created`,
      data: { 'data-class': c.class, 'data-raw': String(c.count) },
    }));
  const chart = bars.length
    ? figure(
        'complaints-total',
        'Tickets per complaint class, over the window',
        barChart('Complaint classes', bars, true),
      )
    : '<p class="empty">No ticket matched a complaint class.</p>';
  const periods = classes[0]?.periods.map((p) => p.period) ?? [];
  const partial = (label: string) => ctx.periods.get(label)?.partial ?? false;
  const head = [
    'Class',
    'Tickets',
    ...periods.map((p) => `${escapeHtml(p)}${partial(p) ? '*' : ''}`),
    'Change, last period',
  ];
  const body = classes.map((c) => [
    `<span title="${escapeHtml(`complaints.${c.class}`)}">${escapeHtml(words(c.class))}</span>`,
    `${plainNumber(c.count, 0)} <span class="n">of ${plainNumber(created(c), 0)}</span>`,
    ...c.periods.map((p) => `${plainNumber(p.count, 0)} <span class="n">of ${plainNumber(p.created, 0)}</span>`),
    c.change_pp === null ? '—' : `${c.change_pp > 0 ? '+' : ''}${plainNumber(c.change_pp)} points`,
  ]);
  const lastPartial = periods.length > 0 && partial(periods.at(-1) as string);
  const notes = [
    'Classes from rules over subject, category and tags; a ticket can be in several classes.',
    lastPartial
      ? `The last period is partial (${ctx.periods.get(periods.at(-1) as string)?.note}): ` +
        'its change compares unlike periods.'
      : '',
    periods.some(partial) ? '* partial period.' : '',
    rules && rules.unmatched.length > 0 ? `${rules.unmatched.length} rules matched no ticket in this input.` : '',
  ].filter(Boolean);
  return (
    `<section id="complaints"><h2>Complaints</h2>${chart}` +
    `${table(head, body, new Set(Array.from({ length: periods.length + 2 }, (_, i) => i + 1)))}` +
    `<p class="note">${escapeHtml(notes.join(' '))}</p></section>`
  );
}

export function patternsSection(ctx: PageContext, insights: Insights): string {
  const p = insights.patterns;
  const repeat = (r: number | null) => (r === null ? '' : ` · repeat ${percent(r)}`);
  const bars: Bar[] = p.top_categories.map((c) => ({
    label: c.value,
    value: c.tickets,
    color: NEUTRAL,
    text: `${plainNumber(c.tickets, 0)} (${percent(c.share)})${repeat(c.repeat_contact_rate)}`,
    title: `${c.value}: ${c.tickets} tickets, ${percent(c.share)} of created`,
    data: { 'data-category': c.value, 'data-raw': String(c.tickets) },
  }));
  const categories = bars.length
    ? figure(
        'patterns-categories',
        'Top categories: tickets, share of created, repeat contacts',
        barChart('Top categories', bars, true),
      )
    : '<p class="empty">No category column.</p>';
  const tags = table(
    ['Tag', 'Tickets', 'Share of created', 'Repeat contacts'],
    p.top_tags.map((t) => [
      escapeHtml(t.value),
      plainNumber(t.tickets, 0),
      percent(t.share),
      t.repeat_contact_rate === null ? '—' : percent(t.repeat_contact_rate),
    ]),
    new Set([1, 2, 3]),
  );
  const emerging = p.emerging.map((e) => {
    const facts = ctx.periods.get(e.period);
    const partial = facts?.partial
      ? ` ${facts.note}: the test weighs the period's own tickets, so it stands, on fewer of them.`
      : '';
    return (
      `<li><strong>${escapeHtml(e.category)}</strong> in ${escapeHtml(e.period)}: ${plainNumber(e.count, 0)} of ` +
      `${plainNumber(e.created, 0)} tickets, where the ${p.history_periods} periods before ` +
      `predict ${plainNumber(e.expected)} ` +
      `(p = ${escapeHtml(e.p_value.toExponential(1))}).${escapeHtml(partial)}</li>`
    );
  });
  return (
    `<section id="patterns"><h2>Patterns</h2>${categories}<h3>Top tags</h3>${tags}<h3>Emerging issues</h3>` +
    (emerging.length
      ? `<ul class="emerging">${emerging.join('')}</ul>`
      : '<p class="empty">No category rose beyond what its previous periods predict.</p>') +
    '</section>'
  );
}

const MEASURES: Record<string, { label: string; metric: string; higher: boolean }> = {
  frt_median_min: { label: 'First reply time, median', metric: 'frt', higher: false },
  resolution_full_median_h: { label: 'Full resolution time, median', metric: 'resolution_full', higher: false },
  fcr: { label: 'First-contact resolution', metric: 'fcr', higher: true },
};

/** How an outlier reads: `faster than usual` (good for a time), `lower than usual` (bad for FCR). */
function outlierWords(measure: string, z: number): { words: string; tone: 'good' | 'bad' } {
  const m = MEASURES[measure];
  const above = z > 0;
  const good = m?.higher === true ? above : !above;
  if (m?.higher === false)
    return { words: above ? 'slower than usual' : 'faster than usual', tone: good ? 'good' : 'bad' };
  return { words: above ? 'higher than usual' : 'lower than usual', tone: good ? 'good' : 'bad' };
}

/** A measure's number in the page's unit for its metric, and as text. */
function measureValue(ctx: PageContext, measure: string, value: number): { shown: number; text: string } {
  if (measure === 'fcr') return { shown: value * 100, text: percent(value) };
  const unit = measure === 'frt_median_min' ? 'minutes' : 'hours';
  const metric = MEASURES[measure]?.metric ?? '';
  const display = ctx.units.get(metric) ?? (unit === 'minutes' ? 'min' : 'h');
  return { shown: inUnit(value, unit, display), text: humanDuration(value, unit) };
}

function measureChart(ctx: PageContext, dimension: string, m: MeasureSpread, minN: number): string {
  const scored = m.figures.filter((f) => f.value !== null);
  // Many groups: the flagged ones and the five at each end; the table lists the flagged ones.
  const sorted = [...scored].sort((a, b) => (a.value as number) - (b.value as number));
  const kept = sorted.length <= 20 ? sorted : sorted.filter((f, i) => f.flagged || i < 5 || i >= sorted.length - 5);
  const byDimension = ctx.report.window.by.length === 1 && ctx.report.window.by[0] === dimension;
  const bars: Bar[] = kept.map((f) => {
    const { shown, text } = measureValue(ctx, m.measure, f.value as number);
    const flag = f.flagged && f.z !== null ? outlierWords(m.measure, f.z) : null;
    const color =
      (byDimension ? ctx.colors.get(f.group) : undefined) ?? (flag ? (flag.tone === 'good' ? GOOD : BAD) : NEUTRAL);
    return {
      label: f.group,
      value: shown,
      color,
      text: `${text} (n ${plainNumber(f.n, 0)})${flag ? ` ${flag.words}` : f.n < minN ? ' few tickets' : ''}`,
      title: `${f.group}: ${text}, n ${f.n}${f.z === null ? '' : `, z ${plainNumber(f.z, 2)}`} · ${m.measure}`,
      data: { 'data-item': f.group, 'data-raw': String(f.value) },
    };
  });
  const label = MEASURES[m.measure]?.label ?? m.measure;
  const note =
    sorted.length > kept.length ? `${kept.length} of ${sorted.length} shown: the flagged and both ends.` : '';
  return bars.length
    ? figure(`consistency-${dimension}-${m.measure}`, `${label} by ${dimension}`, barChart(label, bars, false), note)
    : '';
}

export function consistencySection(ctx: PageContext, insights: Insights): string {
  const c = insights.consistency;
  const parts: string[] = [];
  for (const d of c.dimensions) {
    parts.push(`<h3>By ${escapeHtml(d.dimension)}</h3>`);
    const rows = d.measures.map((m) => {
      const flagged = m.figures
        .filter((f) => f.flagged && f.z !== null)
        .map((f) => {
          const { words: w, tone } = outlierWords(m.measure, f.z as number);
          return `<span class="${tone}">${escapeHtml(f.group)}: ${w}</span> <span class="n">n ${f.n}</span>`;
        });
      const v = (x: number | null) => (x === null ? '—' : escapeHtml(measureValue(ctx, m.measure, x).text));
      return [
        escapeHtml(MEASURES[m.measure]?.label ?? m.measure),
        String(m.groups),
        v(m.min),
        v(m.median),
        v(m.max),
        flagged.join('; ') || 'none',
      ];
    });
    parts.push(
      table(
        ['Measure', `Groups with n ≥ ${c.min_n}`, 'Lowest', 'Median', 'Highest', 'Unusual'],
        rows,
        new Set([1, 2, 3, 4]),
      ),
    );
    const charts = d.measures.map((m) => measureChart(ctx, d.dimension, m, c.min_n)).filter(Boolean);
    if (charts.length) parts.push(`<div class="grid">${charts.join('')}</div>`);
  }
  if (c.dimensions.length === 0) parts.push('<p class="empty">The input has no agent, team or channel column.</p>');
  if (c.predictability.length) {
    parts.push('<h3>How steady each team is: 90th percentile against median</h3>');
    parts.push(
      table(
        ['Team', 'Measure', 'n', 'Median', '90th percentile', 'Ratio'],
        c.predictability.map((p) => {
          const unit = p.measure === 'frt' ? 'minutes' : 'hours';
          return [
            escapeHtml(p.team),
            p.measure === 'frt' ? 'First reply time' : 'Full resolution time',
            plainNumber(p.n, 0),
            p.median === null ? '—' : humanDuration(p.median, unit),
            p.p90 === null ? '—' : humanDuration(p.p90, unit),
            p.ratio === null ? '—' : plainNumber(p.ratio, 2),
          ];
        }),
        new Set([2, 3, 4, 5]),
      ),
    );
  }
  return (
    `<section id="consistency"><h2>Consistency across agents, teams and channels</h2>` +
    `<p class="note">A group is unusual when its figure is more than ${plainNumber(c.z_threshold)} robust standard ` +
    `deviations from the others' median (groups of at least ${c.min_n} tickets); the method is in the footnotes.</p>` +
    `${parts.join('\n')}</section>`
  );
}
