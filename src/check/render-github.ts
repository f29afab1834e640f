/**
 * GitHub Actions outputs: workflow-command annotations (printed on stderr by the CLI when
 * GITHUB_ACTIONS=true) and a Markdown job summary (appended to $GITHUB_STEP_SUMMARY).
 *
 * The runner reads workflow commands on stdout and stderr alike, from any line that starts with `::`
 * after leading blanks. Every line here starts with our own command; what comes from the data (group
 * values, file names, messages) is stripped of control characters and escaped the way the runner
 * decodes it, so a team named `x\n::add-mask::y` can neither start a line nor add a property.
 * GitHub shows at most 10 error and 10 warning annotations of a step: each level is capped at 10,
 * the last saying how many more there are (the job summary lists them all).
 */
import { escapeMarkdown } from '../report/renderers/markdown.js';
import { stripControl } from '../report/text.js';
import type { CheckReport, CheckResult, CheckRunFailure } from './model.js';
import {
  clockText,
  formatMeasure,
  groupText,
  outcomeHeadline,
  resultMessage,
  resultNote,
  STOP_TEXT,
  verdictText,
  windowText,
} from './text.js';

/** Annotations of one level GitHub shows per step. */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * The job summary's budget in UTF-8 bytes: GitHub refuses a step's summary over 1 MiB; the rest of
 * the MiB is left to other steps' tools writing to the same file.
 */
export const SUMMARY_MAX_BYTES = 1_000_000;

/**
 * Escapes a workflow-command message the way the runner decodes it: `%`, CR and LF.
 * @example escapeData('50% done\n') // '50%25 done%0A'
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Escapes a workflow-command property value: as `escapeData`, plus `:` and `,` (they delimit properties).
 * @example escapeProperty('p90(frt) <= 4h [team=A, b]') // 'p90(frt) <= 4h [team=A%2C b]'
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Where an annotation points: a file of the repository and a line. */
export interface AnnotationPlace {
  file: string | null;
  line: number | null;
}

export interface AnnotationOptions {
  /** The path GitHub links an annotation to (relative to the workspace); null: attach it to the run. */
  repoPath?: (file: string) => string | null;
}

/**
 * One workflow command: `::error file=…,line=…,title=…::message`, data stripped of control
 * characters and escaped.
 * @example annotation('warning', 'opsmetrics: data warning', 'Times have no offset', { file: null, line: null })
 * // '::warning title=opsmetrics%3A data warning::Times have no offset'
 */
export function annotation(
  level: 'error' | 'warning' | 'notice',
  title: string,
  message: string,
  place: AnnotationPlace = { file: null, line: null },
  options: AnnotationOptions = {},
): string {
  const file = place.file === null ? null : (options.repoPath ?? ((f: string) => f))(place.file);
  const properties = [
    ...(file === null ? [] : [`file=${escapeProperty(stripControl(file))}`]),
    ...(file !== null && place.line !== null ? [`line=${place.line}`] : []),
    `title=${escapeProperty(stripControl(title))}`,
  ];
  return `::${level} ${properties.join(',')}::${escapeData(stripControl(message))}`;
}

/** Keeps the first `max` lines; over that, the last kept line says how many more there were. */
function capped(lines: string[], max: number, more: (count: number) => string): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), more(lines.length - max + 1)];
}

/**
 * One annotation per result that failed, warned, was not computable, or was skipped with `--fail-on
 * skip` (passes and plain skips stay quiet): `::error` when it fails the run, `::warning` otherwise;
 * `file=` and `line=` point at the check in the config file.
 * @example
 * // fixtures/examples: p90(frt) <= 1h failed (78 min) on line 16 of the config; resolution_rate >= 50% passed (quiet)
 * githubAnnotations(fixture('examples/check-report.json'))
 * // ['::error file=fixtures/examples/opsmetrics.config.yml,line=16,title=opsmetrics check failed%3A p90(frt) <= 1h' +
 * //   '::p90(frt) = 78 min in calendar time, target <= 60 min (n 3, all; ' +
 * //   'window 2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)']
 */
export function githubAnnotations(report: CheckReport, options: AnnotationOptions = {}): string[] {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const r of report.results) {
    if (r.status === 'pass' || (r.status === 'skipped' && !r.fails_run)) continue;
    const what =
      r.status === 'error'
        ? 'could not be computed'
        : r.status === 'skipped'
          ? 'not judged'
          : r.fails_run
            ? 'failed'
            : 'warning';
    const message = resultMessage(r, report.window);
    const line = annotation(
      r.fails_run ? 'error' : 'warning',
      `opsmetrics check ${what}: ${r.name}`,
      message,
      r,
      options,
    );
    (r.fails_run ? errors : warnings).push(line);
  }
  const more = (level: 'error' | 'warning', kind: string) => (count: number) =>
    annotation(level, `opsmetrics check: ${count} more ${kind}`, `${count} more ${kind}: see the job summary`);
  return [
    ...capped(errors, ANNOTATIONS_PER_LEVEL, more('error', 'failed results')),
    ...capped(warnings, ANNOTATIONS_PER_LEVEL, more('warning', 'warnings')),
  ];
}

/**
 * Warnings about the data (rows rejected within `--max-bad-rows`, times without an offset read in an
 * assumed zone) as `::warning` annotations, capped like the results'.
 * @example
 * dataAnnotations(['opsmetrics: warning: t.csv: times have no offset'])
 * // ['::warning title=opsmetrics%3A data warning::opsmetrics: warning: t.csv: times have no offset']
 */
export function dataAnnotations(warnings: readonly string[]): string[] {
  const lines = warnings.map((w) => annotation('warning', 'opsmetrics: data warning', w));
  return capped(lines, ANNOTATIONS_PER_LEVEL, (count) =>
    annotation('warning', 'opsmetrics: data warnings', `${count} more data warnings: see the job log`),
  );
}

const failureText = (f: CheckRunFailure) =>
  `${f.message}${f.where === null ? '' : ` (${f.where})`}${f.hint === null ? '' : `. Hint: ${f.hint}`}`;

/**
 * The annotation of a run that stopped before judging: `::error` titled with the cause, pointing at
 * the config file's line when the error is about one.
 * @example
 * // the tickets file is missing (exit 3); a property value escapes ':' as %3A, the message does not
 * const failure = {
 *   code: 'file_not_found',
 *   exit_code: 3,
 *   message: 'cannot open data/tickets.csv: no such file',
 *   where: 'data/tickets.csv',
 *   hint: 'Check the path; use - to read from standard input.',
 *   file: null,
 *   line: null,
 * };
 * failureAnnotation(failure)
 * // '::error title=opsmetrics check%3A input could not be used (file_not_found)::cannot open data/tickets.csv: ' +
 * //   'no such file (data/tickets.csv). Hint: Check the path; use - to read from standard input.'
 */
export function failureAnnotation(failure: CheckRunFailure, options: AnnotationOptions = {}): string {
  const title = `opsmetrics check: ${STOP_TEXT[failure.exit_code]} (${failure.code})`;
  return annotation('error', title, failureText(failure), failure, options);
}

const cell = (text: string) => escapeMarkdown(text);

/**
 * The job summary: a headline saying what happened in full, the window and clock once, and a table
 * of every result (as many as fit in SUMMARY_MAX_BYTES, then a line saying how many were left out).
 * @example
 * // fixtures/examples: the headline, the counts with the window and clock, and the two rows (Markdown escaped)
 * const lines = renderCheckMarkdown(fixture('examples/check-report.json')).split('\n');
 * [lines[0], lines[2], lines[6], lines[7]]
 * // ['### opsmetrics check: 1 failed, 1 passed',
 * //  '2 results: 1 passed, 1 failed, 0 warned, 0 skipped, 0 not computable; exit 1. Window: ' +
 * //    '2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00; ' +
 * //    'durations in calendar time.',
 * //  '| FAIL | p90(frt) \\<= 1h | all | 78 min | \\<= 60 min | 3 | p90(frt) = 78 min in calendar time, target ' +
 * //    '\\<= 60 min |',
 * //  '| PASS | resolution\\_rate \\>= 50% | all | 50% | \\>= 50% | 4 |  |']
 */
export function renderCheckMarkdown(report: CheckReport): string {
  const s = report.summary;
  const clock = clockText(report);
  const head = [
    `### opsmetrics check: ${cell(outcomeHeadline(report))}`,
    '',
    `${s.total} result${s.total === 1 ? '' : 's'}: ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ` +
      `${s.skipped} skipped, ${s.errors} not computable; exit ${report.exit_code}. ` +
      `Window: ${cell(windowText(report.window))}${clock === '' ? '' : `; ${cell(clock)}`}.`,
    '',
    '| verdict | check | group | value | target | n | note |',
    '|---|---|---|---|---|---|---|',
  ].join('\n');
  const rows = report.results.map(
    (r: CheckResult) =>
      `| ${verdictText(r)} | ${cell(r.check)} | ${cell(groupText(r))} | ${cell(formatMeasure(r.value, r.unit))} | ` +
      `${cell(`${r.op} ${formatMeasure(r.target, r.unit)}`)} | ${r.n ?? '—'} | ` +
      `${cell(r.status === 'pass' ? (r.reason ?? '') : resultNote(r))} |`,
  );
  let bytes = Buffer.byteLength(head) + 200;
  let kept = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(row) + 1;
    if (bytes + size > SUMMARY_MAX_BYTES) break;
    bytes += size;
    kept++;
  }
  const left = rows.length - kept;
  return [
    head,
    ...rows.slice(0, kept),
    ...(left > 0 ? ['', `${left} more results left out: GitHub keeps at most 1 MiB of a step's summary.`] : []),
    '',
  ].join('\n');
}

/**
 * The job summary of a run that stopped before judging.
 * @example
 * // the tickets file is missing (exit 3)
 * const failure = {
 *   code: 'file_not_found',
 *   exit_code: 3,
 *   message: 'cannot open data/tickets.csv: no such file',
 *   where: 'data/tickets.csv',
 *   hint: 'Check the path; use - to read from standard input.',
 *   file: null,
 *   line: null,
 * };
 * renderFailureMarkdown(failure).split('\n')
 * // ['### opsmetrics check: input could not be used (exit 3)',
 * //  '',
 * //  'Nothing was judged: cannot open data/tickets.csv: no such file (data/tickets.csv).',
 * //  '',
 * //  'Fix: Check the path; use - to read from standard input.',
 * //  '',
 * //  'Error code `file_not_found` (see docs/errors.md).',
 * //  '']
 */
export function renderFailureMarkdown(failure: CheckRunFailure): string {
  return [
    `### opsmetrics check: ${STOP_TEXT[failure.exit_code]} (exit ${failure.exit_code})`,
    '',
    `Nothing was judged: ${cell(failure.message)}${failure.where === null ? '' : ` (${cell(failure.where)})`}.`,
    '',
    ...(failure.hint === null ? [] : [`Fix: ${cell(failure.hint)}`, '']),
    `Error code \`${failure.code}\` (see docs/errors.md).`,
    '',
  ].join('\n');
}
