/**
 * Markdown output (GitHub-flavored), for pull-request comments, wikis and CI job summaries: what was
 * measured and how, the headline figures per period and group, then definitions, unavailable metrics
 * and input accounting. Every string taken from the report is escaped so that it shows literally and
 * cannot add links, HTML, emphasis or table cells.
 */

import { assumptionLines } from '../assumptions.js';
import type { ColumnSpec, Report } from '../model.js';
import { describeProcess } from '../../metrics/events/process.js';
import {
  describeRun,
  type Fact,
  formatChange,
  formatCount,
  formatFigure,
  formatGroupValue,
  formatNumber,
  listUnavailable,
  shownHeadlines,
  stripControl,
} from '../text.js';

// Characters with inline meaning in CommonMark/GFM (code, emphasis, links, HTML, entities, strikethrough,
// math, table cells). Backslash first of all, so that `a\|b` cannot become an escaped backslash + a cell break.
const INLINE_SPECIAL = /[\\`*_[\]<>&|~$]/g;

/**
 * Text from the report shown literally in Markdown: control characters stripped and line breaks made
 * spaces (one line per table row and list item), Markdown punctuation backslash-escaped.
 *
 * @example escapeMarkdown('a|b') // 'a\\|b'
 * @example escapeMarkdown('line 1\nline 2') // 'line 1 line 2'
 */
export function escapeMarkdown(text: string): string {
  return stripControl(text).replace(INLINE_SPECIAL, '\\$&');
}

/** An identifier as a code span; escaped text when a backtick or control character would break the span. */
function code(identifier: string): string {
  return /^[^`\u0000-\u001f\u007f-\u009f]+$/.test(identifier) ? `\`${identifier}\`` : escapeMarkdown(identifier);
}

function factsLine(facts: Fact[]): string {
  return facts.map((fact) => `**${fact.label}**: ${escapeMarkdown(fact.value)}`).join(' · ');
}

function tableLine(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function headlineTable(report: Report): string[] {
  if (report.rows.length === 0) return ['No tickets in the window.'];
  const headline: ColumnSpec[] = shownHeadlines(report);
  const compare = report.window.compare === 'previous';
  const head = ['Period', ...report.window.by, ...headline.map((spec) => spec.label)].map(escapeMarkdown);
  const align = [...['Period', ...report.window.by].map(() => '---'), ...headline.map(() => '---:')];
  const body = report.rows.map((row) => {
    const figures = headline.map((spec) => {
      const value = formatFigure(row.metrics[spec.metric], spec);
      const change = compare ? formatChange(row.metrics[spec.metric], row.previous?.metrics[spec.metric], spec) : null;
      return change === null ? value : `${value} ${change}`;
    });
    const groups = report.window.by.map((dimension) => escapeMarkdown(formatGroupValue(row.group[dimension])));
    return tableLine([escapeMarkdown(row.period.label), ...groups, ...figures]);
  });
  return [tableLine(head), tableLine(align), ...body];
}

function definitionsSection(report: Report): string[] {
  const entries = Object.entries(report.definitions.metrics);
  if (entries.length === 0) return [];
  return ['## Definitions', '', ...entries.map(([metric, text]) => `- ${code(metric)}: ${escapeMarkdown(text)}`), ''];
}

/** What the figures rest on: the mapping of every file, the defaults and fallbacks taken, the values emptied. */
function assumptionsSection(report: Report): string[] {
  if (report.assumptions === undefined) return [];
  return ['## Assumptions', '', ...assumptionLines(report.assumptions).map((line) => `- ${escapeMarkdown(line)}`), ''];
}

function unavailableSection(report: Report): string[] {
  const unavailable = listUnavailable(report);
  if (unavailable.length === 0) return [];
  return [
    '## Unavailable',
    '',
    ...unavailable.map(({ metrics, reason }) => `- ${metrics.map(code).join(', ')}: ${escapeMarkdown(reason)}`),
    '',
  ];
}

/** Event input only: the most common paths and the bottlenecks (report.process). */
function processSection(report: Report): string[] {
  const process = report.process;
  if (process === undefined) return [];
  const hours = (value: number | null) => (value === null ? '—' : `${formatNumber(value, 1)} h`);
  const lines = [
    '## Process',
    '',
    `${formatCount(process.cases)} cases (${formatCount(process.open_cases)} ` +
      `still open), ${formatCount(process.events)} events. ${escapeMarkdown(describeProcess(process))}.`,
    '',
  ];
  if (process.paths.length > 0) {
    lines.push(
      '### Most common paths',
      '',
      tableLine(['Path', 'Cases', 'Share', 'Median duration']),
      tableLine(['---', '---:', '---:', '---:']),
    );
    for (const path of process.paths) {
      lines.push(
        tableLine([
          escapeMarkdown(path.path.join(' → ')),
          formatCount(path.cases),
          `${formatNumber(path.share * 100, 1)}%`,
          hours(path.median_duration_h),
        ]),
      );
    }
    lines.push('');
  }
  if (process.bottlenecks.length > 0) {
    lines.push(
      '### Bottlenecks',
      '',
      tableLine(['From', 'To', 'n', 'Cases', 'Median', 'p90']),
      tableLine(['---', '---', '---:', '---:', '---:', '---:']),
    );
    for (const b of process.bottlenecks)
      lines.push(
        tableLine([
          escapeMarkdown(b.from),
          escapeMarkdown(b.to),
          formatCount(b.n),
          formatCount(b.cases),
          hours(b.median_h),
          hours(b.p90_h),
        ]),
      );
    lines.push('');
  }
  if (process.rework.activities.length > 0) {
    lines.push(
      '### Rework',
      '',
      `${formatCount(process.rework.cases)} cases repeat an activity.`,
      '',
      tableLine(['Activity', 'Cases', 'Repeated events']),
      tableLine(['---', '---:', '---:']),
    );
    for (const r of process.rework.activities.slice(0, 10))
      lines.push(tableLine([escapeMarkdown(r.activity), formatCount(r.cases), formatCount(r.events)]));
    lines.push('');
  }
  return lines;
}

function inputSection(report: Report): string[] {
  const { input } = report;
  const skipped =
    input.skipped.outside_period +
    input.skipped.duplicate +
    input.skipped.blank +
    (input.skipped.folded ?? 0) +
    (input.skipped.deleted ?? 0);
  const lines = ['## Input', ''];
  for (const file of input.files) {
    const delimiter = file.delimiter === null ? '' : `, delimiter ${code(JSON.stringify(file.delimiter))}`;
    const details =
      `${escapeMarkdown(file.profile)}, ` +
      `${escapeMarkdown(file.encoding)}${delimiter}, ${formatCount(file.rows)} rows`;
    lines.push(`- **File**: ${escapeMarkdown(file.path)} (${details})`);
  }
  lines.push(
    `- **Read**: ${formatCount(input.read)} rows`,
    `- **Used**: ${formatCount(input.used)}`,
    `- **Skipped**: ${formatCount(skipped)} (outside the window ${formatCount(input.skipped.outside_period)}, ` +
      `duplicate ${formatCount(input.skipped.duplicate)}, blank ${formatCount(input.skipped.blank)}` +
      `${input.skipped.deleted === undefined ? '' : `, deleted ${formatCount(input.skipped.deleted)}`})`,
    `- **Rejected**: ${formatCount(input.rejected)}`,
    `- **Nulled**: ${formatCount(input.nulled)} (rows kept with unusable fields emptied)`,
    '',
  );
  if (input.issues.length > 0) {
    lines.push('### Issues', '');
    for (const issue of input.issues) {
      const column = issue.column === null ? '' : ` in ${escapeMarkdown(issue.column)}`;
      const hint = issue.hint === null ? '' : ` Hint: ${escapeMarkdown(issue.hint)}`;
      lines.push(
        `- ${code(issue.code)}${column}: ${formatCount(issue.count)} ` +
          `rows ${issue.action}. ${escapeMarkdown(issue.message)}${hint}`,
      );
    }
    lines.push('');
  }
  return lines;
}

/**
 * The report as GitHub-flavored Markdown: a heading; a line with the window, zones and grouping and
 * one with the definitions chosen (FCR variant, resolution-rate variant, repeat window); a table of
 * the headline figures per period and group (rates as `72.5% (29/40)`, durations with their unit,
 * with `--compare previous` followed by the change, e.g. `▲ +3.2 pp`); then the sections
 * "Definitions", "Assumptions" (mapping, defaults and fallbacks taken, values emptied), "Unavailable"
 * (only when some metric is) and "Input" (rows read, used, skipped,
 * rejected, nulled, and the issues by code). Ends with a single newline.
 *
 * @example
 * const lines = renderMarkdown(fixture('examples/report.json')).split('\n');
 * [lines[0], lines[2]]
 * // ['# Ticket metrics', '**Window**: 2025-11-17T00:00:00+00:00 → 2025-11-24T00:00:00+00:00 ' +
 * //   '(as of 2025-11-24T00:00:00+00:00) · **Zone**: UTC · **By**: team']
 */
export function renderMarkdown(report: Report): string {
  const run = describeRun(report);
  const lines = [
    '# Ticket metrics',
    '',
    factsLine(run.window),
    '',
    factsLine(run.definitions),
    '',
    ...headlineTable(report),
    '',
    ...definitionsSection(report),
    ...assumptionsSection(report),
    ...unavailableSection(report),
    ...processSection(report),
    ...inputSection(report),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
