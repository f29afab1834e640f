/**
 * The page's charts as inline SVG, drawn here (no chart library): a line chart over periods, a
 * horizontal bar chart (complaints, categories, histograms, consistency). Legible by construction:
 *
 * - one view box width (`CHART_WIDTH`) with 12-unit text, so a chart shown at phone width keeps its
 *   text at 11 px or more; the margins are measured from the labels, which are never cut (long bar
 *   labels wrap, crowded period labels are thinned, the latest always kept);
 * - integer ticks for counts; a zero baseline; goals as a dashed line with their text;
 * - every mark carries its figure (`data-raw`, in the metric's own unit, as in the JSON) and a
 *   `<title>` tooltip with the ids; hollow points for partial periods and small samples.
 *
 * Drawing is linear in the marks. Text goes through `escapeHtml`.
 */
import { escapeHtml } from './format.js';

export const CHART_WIDTH = 360;
const FONT = 12;
const AXIS = '#5b6475';
const GRID = '#e3e6ec';

/**
 * Width of a text at a font size, estimated on the wide side (system sans-serif), so that space
 * made for a label is enough.
 */
export function textWidth(text: string, size = FONT): number {
  let em = 0;
  for (const char of text) {
    if (/[iljtfI.,:;|!'’ ()[\]]/.test(char)) em += 0.34;
    else if (/[mwMW@%—]/.test(char)) em += 0.92;
    else if (/[A-Z]/.test(char)) em += 0.7;
    else if ((char.codePointAt(0) as number) > 0x2e80) em += 1.05;
    else em += 0.6;
  }
  return em * size * 1.05;
}

/**
 * About `count` round ticks from 0 to at least `max`: steps of 1, 2, 2.5 or 5 times a power of ten
 * (whole numbers only with `integer`).
 * @example niceTicks(37, 4, true) // [0, 10, 20, 30, 40]
 */
export function niceTicks(max: number, count = 4, integer = false): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) as number) ?? raw;
  if (integer) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let t = 0; t < top + step * 0.999; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** Attributes from a record: ` data-a="x"`, escaped. */
function attrs(data: Readonly<Record<string, string>>): string {
  return Object.entries(data)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
}

function text(
  x: number,
  y: number,
  content: string,
  options: { anchor?: string; fill?: string; weight?: string; kind?: string } = {},
) {
  const anchor = options.anchor ?? 'start';
  return (
    `<text class="${options.kind ?? 'label'}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${FONT}" ` +
    `text-anchor="${anchor}" fill="${options.fill ?? AXIS}"` +
    `${options.weight ? ` font-weight="${options.weight}"` : ''}>${escapeHtml(content)}</text>`
  );
}

function svg(width: number, height: number, body: string, title: string, integer = false): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${Math.ceil(height)}" role="img" ` +
    `data-integer-axis="${integer}" ` +
    `aria-label="${escapeHtml(title)}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">` +
    `${body}</svg>`
  );
}

/** One point of a series. */
export interface LinePoint {
  /** Index of its category (period). */
  at: number;
  /** The plotted number (display unit). */
  value: number;
  /** Partial period or small sample: drawn hollow. */
  hollow: boolean;
  /** Tooltip. */
  title: string;
  /** `data-*` attributes (the raw figure, the column key, the group, the period). */
  data: Record<string, string>;
}

export interface LineSeries {
  label: string;
  color: string;
  dashed?: boolean;
  points: LinePoint[];
}

export interface Goal {
  value: number;
  label: string;
}

export interface LineChartSpec {
  title: string;
  categories: readonly string[];
  series: readonly LineSeries[];
  integer: boolean;
  /** Axis tick text from a plotted number. */
  format: (value: number) => string;
  goal?: Goal | undefined;
  /** Write each point's value beside it (few points). */
  labels: boolean;
}

/** Period labels to show: every k-th, counted back from the last (the latest period is always named), so they fit. */
function thinned(categories: readonly string[], step: number): boolean[] {
  const widest = Math.max(1, ...categories.map((c) => textWidth(c)));
  const every = Math.max(1, Math.ceil((widest + 8) / Math.max(1, step)));
  return categories.map((_, i) => (categories.length - 1 - i) % every === 0);
}

export function lineChart(spec: LineChartSpec): string {
  const values = spec.series.flatMap((s) => s.points.map((p) => p.value));
  const goal = spec.goal?.value ?? 0;
  const ticks = niceTicks(Math.max(goal, ...values), 4, spec.integer);
  const top = ticks.at(-1) as number;
  const n = Math.max(1, spec.categories.length);
  const widest = Math.max(1, ...spec.categories.map((c) => textWidth(c)));
  // Period labels are centred under their points: the margins leave room for the first and the last.
  const room = (width: number) => Math.max(0, widest / 2 - width / n / 2) + 4;
  const rough = CHART_WIDTH - 60;
  const left = Math.max(Math.max(...ticks.map((t) => textWidth(spec.format(t)))) + 8, room(rough));
  const right = Math.max(spec.labels ? 22 : 12, room(rough));
  const plotWidth = CHART_WIDTH - left - right;
  const plotTop = spec.labels ? 20 : 12;
  const plotHeight = 140;
  const step = plotWidth / n;
  const x = (at: number) => left + step * (at + 0.5);
  const y = (v: number) => plotTop + plotHeight * (1 - v / top);
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(
      `<line x1="${left}" x2="${CHART_WIDTH - right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" ` +
        `stroke="${GRID}"/>`,
    );
    parts.push(text(left - 6, y(t) + 4, spec.format(t), { anchor: 'end', kind: 'tick' }));
  }
  const shown = thinned(spec.categories, step);
  const labelY = plotTop + plotHeight + 16;
  spec.categories.forEach((c, i) => {
    if (shown[i]) parts.push(text(x(i), labelY, c, { anchor: 'middle' }));
  });
  if (spec.goal !== undefined) {
    const gy = y(spec.goal.value).toFixed(1);
    parts.push(
      `<line class="goal" x1="${left}" x2="${CHART_WIDTH - right}" y1="${gy}" y2="${gy}" stroke="#1d2330" ` +
        `stroke-dasharray="5 3" stroke-width="1.5" data-goal="${spec.goal.value}"/>`,
    );
    parts.push(text(CHART_WIDTH - right, Number(gy) - 4, spec.goal.label, { anchor: 'end', fill: '#1d2330' }));
  }
  for (const series of spec.series) {
    const sorted = [...series.points].sort((a, b) => a.at - b.at);
    if (sorted.length > 1) {
      const d = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
      parts.push(
        `<path d="${d}" fill="none" stroke="${series.color}" stroke-width="2"` +
          `${series.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      );
    }
    for (const p of sorted) {
      const fill = p.hollow ? '#fff' : series.color;
      parts.push(
        `<circle class="mark" cx="${x(p.at).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4" fill="${fill}" ` +
          `stroke="${series.color}" stroke-width="2"` +
          `${attrs({ ...p.data, 'data-color': series.color, 'data-hollow': String(p.hollow) })}>` +
          `<title>${escapeHtml(p.title)}</title></circle>`,
      );
      if (spec.labels)
        parts.push(text(x(p.at), y(p.value) - 8, spec.format(p.value), { anchor: 'middle', fill: '#1d2330' }));
    }
  }
  return svg(CHART_WIDTH, labelY + 8, parts.join(''), spec.title, spec.integer);
}

/** One bar of a horizontal bar chart. */
export interface Bar {
  label: string;
  value: number;
  color: string;
  /** Written after the bar: the value, with its n. */
  text: string;
  title: string;
  data: Record<string, string>;
}

/** Words of `label` in lines no wider than `width` (a word wider than that gets a line of its own). */
function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * Horizontal bars with their label on the left (wrapped, never cut) and their text (value and n)
 * after the bar, or under it when the chart is too narrow for both.
 */
export function barChart(title: string, bars: readonly Bar[], integer: boolean, goal?: Goal): string {
  const labelWidth = Math.min(
    130,
    Math.max(30, ...bars.map((b) => Math.max(...b.label.split(' ').map((w) => textWidth(w))))),
  );
  const wrapWidth = Math.max(labelWidth, Math.min(130, Math.max(...bars.map((b) => textWidth(b.label)))));
  const textRoom = Math.max(30, ...bars.map((b) => textWidth(b.text))) + 6;
  const left = wrapWidth + 8;
  const below = CHART_WIDTH - left - textRoom < 90;
  const plotWidth = below ? CHART_WIDTH - left - 4 : CHART_WIDTH - left - textRoom;
  const max = Math.max(goal?.value ?? 0, ...bars.map((b) => b.value));
  const top = niceTicks(max, 3, integer).at(-1) as number;
  const parts: string[] = [];
  let y = 4;
  for (const bar of bars) {
    const lines = wrapLabel(bar.label, wrapWidth);
    const rowHeight = Math.max(lines.length * 15 + 6, below ? 36 : 20);
    lines.forEach((line, k) => {
      parts.push(text(wrapWidth, y + 14 + k * 15, line, { anchor: 'end', fill: '#1d2330' }));
    });
    const w = top > 0 ? (plotWidth * bar.value) / top : 0;
    const barY = y + 3;
    parts.push(
      `<rect class="mark" x="${left}" y="${barY.toFixed(1)}" ` +
        `width="${Math.max(w, bar.value > 0 ? 1 : 0).toFixed(1)}" ` +
        `height="14" fill="${bar.color}"${attrs({ ...bar.data, 'data-color': bar.color })}>` +
        `<title>${escapeHtml(bar.title)}</title></rect>`,
    );
    if (below) {
      const x = Math.max(2, Math.min(left, CHART_WIDTH - textWidth(bar.text) - 2));
      parts.push(text(x, barY + 28, bar.text, { fill: '#1d2330', kind: 'value' }));
    } else {
      parts.push(text(left + w + 4, barY + 11, bar.text, { fill: '#1d2330', kind: 'value' }));
    }
    y += rowHeight;
  }
  if (goal !== undefined) {
    const gx = (left + (plotWidth * goal.value) / top).toFixed(1);
    parts.push(
      `<line class="goal" x1="${gx}" x2="${gx}" y1="0" y2="${y}" stroke="#1d2330" stroke-dasharray="4 3" ` +
        `data-goal="${goal.value}"/>`,
    );
    parts.push(text(Number(gx), y + 14, goal.label, { anchor: 'middle', fill: '#1d2330' }));
    y += 18;
  }
  return svg(CHART_WIDTH, y + 4, parts.join(''), title, integer);
}
