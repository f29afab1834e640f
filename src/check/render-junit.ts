/**
 * The check results as JUnit XML, the test-report format CI systems read (GitLab, Jenkins, Azure,
 * CircleCI, GitHub test-report actions). The document is valid against the strictest schemas CI tools
 * ship: Jenkins xunit's `junit-10.xsd` and the Apache Ant schema (windyroad `JUnit.xsd`); tested with
 * both, vendored under test/check/xsd/. Hence: a bare `<testsuites>` root (Ant allows no attribute on
 * it, junit-10 no `skipped`), one `<testsuite name="opsmetrics check" package id timestamp hostname>`
 * with `<properties>` (window, as-of, zone, tool version) first and `<system-out>` / `<system-err>`
 * last, and one `<testcase classname="opsmetrics.check">` per check and group. Failing the run ->
 * `<failure type="threshold">` (a skip with `--fail-on skip`: `type="not_judged"`); not computable ->
 * `<error type="uncomputable">`; small sample -> `<skipped>` with the reason as text (GitLab shows
 * the text, not the attribute); a failure below `--fail-on` passes, listed in the suite's
 * `<system-out>` (Ant allows no output inside a test case), so the XML agrees with the exit code.
 * A run that could not judge (unreadable input, bad config, a bug) is one `<error>` test case naming
 * the cause (`renderJunitFailure`).
 */
import type { CheckReport, CheckResult, CheckRunFailure } from './model.js';
import { resultMessage, STOP_TEXT } from './text.js';

/** Characters XML 1.0 cannot carry: C0 controls but tab and line ends, U+FFFE and U+FFFF, lone surrogates. */
const NOT_XML = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);

/**
 * Text made safe for XML 1.0 attributes and content: `& < > " '` escaped, tab/LF/CR as character
 * references (attribute values would otherwise normalize them to spaces), and characters XML 1.0
 * cannot carry at all (other C0 controls, lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD.
 * @example escapeXml('a<b & "c"\u0001') // 'a&lt;b &amp; &quot;c&quot;\uFFFD'
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(
    /[&<>"'\t\n\r]/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&apos;',
        '\t': '&#9;',
        '\n': '&#10;',
        '\r': '&#13;',
      })[c] as string,
  );
}

/** When and where the run happened, for the suite's attributes (the CLI reads the clock and the host). */
export interface JunitRun {
  /** When the run started, in UTC, `YYYY-MM-DDTHH:MM:SS` (the Ant schema allows no zone and no fraction). */
  timestamp: string;
  /** The machine's name; `localhost` when unknown. */
  hostname: string;
  /** Wall time of the run, in seconds. */
  seconds: number;
  /** Lines the run wrote on standard error as warnings (rejected rows within the limit...), for `<system-err>`. */
  stderr?: readonly string[];
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, as the Ant schema wants a timestamp. */
export const junitTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 19);

const attribute = (name: string, value: string) => `${name}="${escapeXml(value)}"`;

function testcase(result: CheckResult, report: CheckReport): string {
  const open = `    <testcase classname="opsmetrics.check" ${attribute('name', result.name)} time="0"`;
  const message = escapeXml(resultMessage(result, report.window));
  const child = (element: string, type: string) =>
    `${open}>\n      <${element} message="${message}" type="${type}">${message}</${element}>\n    </testcase>`;
  if (result.status === 'error') return child('error', 'uncomputable');
  if (result.status === 'skipped' && result.fails_run) return child('failure', 'not_judged');
  if (result.status === 'skipped')
    return `${open}>\n      <skipped message="${message}">${message}</skipped>\n    </testcase>`;
  if (result.status === 'fail' && result.fails_run) return child('failure', 'threshold');
  return `${open}/>`;
}

interface Suite {
  counts: { tests: number; failures: number; errors: number; skipped: number };
  properties: [string, string][];
  cases: string[];
  out: string[];
}

function document(suite: Suite, run: JunitRun): string {
  const c = suite.counts;
  const text = (lines: readonly string[]) => escapeXml(lines.map((l) => `${l}\n`).join(''));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite name="opsmetrics check" package="opsmetrics" id="0" ${attribute('timestamp', run.timestamp)} ` +
      `${attribute('hostname', run.hostname || 'localhost')} tests="${c.tests}" failures="${c.failures}" ` +
      `errors="${c.errors}" skipped="${c.skipped}" time="${Math.max(0, run.seconds).toFixed(3)}">`,
    '    <properties>',
    ...suite.properties.map(
      ([name, value]) => `      <property ${attribute('name', name)} ${attribute('value', value)}/>`,
    ),
    '    </properties>',
    ...suite.cases,
    `    <system-out>${text(suite.out)}</system-out>`,
    `    <system-err>${text(run.stderr ?? [])}</system-err>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * @example
 * // fixtures/examples: one check failed, one passed; eight <properties> (lines 4-11) between the suite and its cases
 * const run = { timestamp: '2025-11-24T06:00:00', hostname: 'ci', seconds: 1.5 };
 * const lines = renderJunit(fixture('examples/check-report.json'), run).split('\n');
 * [...lines.slice(0, 3), ...lines.slice(13, 17)]
 * // ['<?xml version="1.0" encoding="UTF-8"?>',
 * //  '<testsuites>',
 * //  '  <testsuite name="opsmetrics check" package="opsmetrics" id="0" timestamp="2025-11-24T06:00:00" ' +
 * //    'hostname="ci" tests="2" failures="1" errors="0" skipped="0" time="1.500">',
 * //  '    <testcase classname="opsmetrics.check" name="p90(frt) &lt;= 1h" time="0">',
 * //  '      <failure message="p90(frt) = 78 min in calendar time, target &lt;= 60 min (n 3, all; window ' +
 * //    '2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)" ' +
 * //    'type="threshold">p90(frt) = 78 min in calendar time, target &lt;= 60 min (n 3, all; window ' +
 * //    '2025-11-17T00:00:00+00:00 .. 2025-11-24T00:00:00+00:00, as of 2025-11-24T00:00:00+00:00)</failure>',
 * //  '    </testcase>',
 * //  '    <testcase classname="opsmetrics.check" name="resolution_rate &gt;= 50%" time="0"/>']
 */
export function renderJunit(report: CheckReport, run: JunitRun): string {
  const results = report.results;
  const w = report.window;
  return document(
    {
      counts: {
        tests: results.length,
        failures: results.filter((r) => r.fails_run && (r.status === 'fail' || r.status === 'skipped')).length,
        errors: results.filter((r) => r.status === 'error').length,
        skipped: results.filter((r) => r.status === 'skipped' && !r.fails_run).length,
      },
      properties: [
        ['opsmetrics.version', report.tool.version],
        ['input', report.input_kind],
        ['window.since', w.since ?? 'first row'],
        ['window.until', w.until ?? 'as-of'],
        ['as_of', w.as_of],
        ['timezone', w.timezone],
        ['period', w.period ?? 'whole window'],
        ['fail_on', report.fail_on],
      ],
      cases: results.map((r) => testcase(r, report)),
      out: results
        .filter((r) => r.status === 'fail' && !r.fails_run)
        .map((r) => `warning: ${r.name}: ${resultMessage(r, report.window)}`),
    },
    run,
  );
}

/**
 * The run stopped before judging: one test case with an `<error>` whose type is the error code and
 * whose text says what, where and how to fix it.
 * @example
 * // the tickets file is missing (exit 3): the test case and its error, after three <properties>
 * const failure = {
 *   code: 'file_not_found',
 *   exit_code: 3,
 *   message: 'cannot open data/tickets.csv: no such file',
 *   where: 'data/tickets.csv',
 *   hint: 'Check the path; use - to read from standard input.',
 *   file: null,
 *   line: null,
 * };
 * const run = { timestamp: '2025-11-24T06:00:00', hostname: 'ci', seconds: 0.2, version: '1.0.0' };
 * renderJunitFailure(failure, run).split('\n').slice(8, 11)
 * // ['    <testcase classname="opsmetrics.check" name="opsmetrics check: input could not be used (file_not_found)" ' +
 * //    'time="0">',
 * //  '      <error message="cannot open data/tickets.csv: no such file" type="file_not_found">cannot open ' +
 * //    'data/tickets.csv: no such file (data/tickets.csv)&#10;hint: Check the path; use - to read from standard ' +
 * //    'input.&#10;exit 3</error>',
 * //  '    </testcase>']
 */
export function renderJunitFailure(failure: CheckRunFailure, run: JunitRun & { version: string }): string {
  const text = [
    `${failure.message}${failure.where === null ? '' : ` (${failure.where})`}`,
    ...(failure.hint === null ? [] : [`hint: ${failure.hint}`]),
    `exit ${failure.exit_code}`,
  ].join('\n');
  const name = `opsmetrics check: ${STOP_TEXT[failure.exit_code]} (${failure.code})`;
  return document(
    {
      counts: { tests: 1, failures: 0, errors: 1, skipped: 0 },
      properties: [
        ['opsmetrics.version', run.version],
        ['error.code', failure.code],
        ['exit_code', String(failure.exit_code)],
      ],
      cases: [
        `    <testcase classname="opsmetrics.check" ${attribute('name', name)} time="0">`,
        `      <error ${attribute('message', failure.message)} ${attribute('type', failure.code)}>` +
          `${escapeXml(text)}</error>`,
        '    </testcase>',
      ],
      out: [],
    },
    run,
  );
}
