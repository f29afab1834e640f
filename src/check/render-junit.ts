/**
 * The check results as JUnit XML, the test-report format CI systems read (GitLab, Jenkins, Azure,
 * CircleCI, GitHub test-report actions): one `<testsuite name="opsmetrics check">` in `<testsuites>`,
 * one `<testcase classname="opsmetrics.check">` per check and group. Failing the run -> `<failure
 * type="threshold">`; not computable -> `<error>`; small sample -> `<skipped/>`; a failure below
 * `--fail-on` passes, with the finding in `<system-out>`, so the XML agrees with the exit code.
 */
import type { CheckReport, CheckResult } from './model.js';
import { resultMessage } from './text.js';

/**
 * Text made safe for XML 1.0 attributes and content: `& < > " '` escaped, tab/LF/CR as character
 * references (attribute values would otherwise normalize them to spaces), and characters XML 1.0
 * cannot carry at all (other C0 controls, lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD.
 * @example escapeXml('a<b & "c"\u0001') // 'a&lt;b &amp; &quot;c&quot;\uFFFD'
 */
/** Characters XML 1.0 cannot carry: C0 controls but tab and line ends, U+FFFE and U+FFFF, lone surrogates. */
const NOT_XML = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);

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

function testcase(result: CheckResult, report: CheckReport): string {
  const open = `    <testcase classname="opsmetrics.check" name="${escapeXml(result.name)}" time="0"`;
  const message = escapeXml(resultMessage(result, report.window));
  if (result.status === 'error')
    return `${open}>\n      <error message="${message}" type="uncomputable">${message}</error>\n    </testcase>`;
  if (result.status === 'skipped') return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
  if (result.status === 'fail' && result.fails_run) {
    return `${open}>\n      <failure message="${message}" type="threshold">${message}</failure>\n    </testcase>`;
  }
  if (result.status === 'fail') return `${open}>\n      <system-out>warning: ${message}</system-out>\n    </testcase>`;
  return `${open}/>`;
}

/**
 * @example
 * // fixtures/examples: one check failed, one passed
 * renderJunit(fixture('examples/check-report.json')).split('\n').slice(0, 4)
 * // ['<?xml version="1.0" encoding="UTF-8"?>',
 * //  '<testsuites name="opsmetrics" tests="2" failures="1" errors="0" skipped="0" time="0">',
 * //  '  <testsuite name="opsmetrics check" tests="2" failures="1" errors="0" skipped="0" time="0">',
 * //  '    <testcase classname="opsmetrics.check" name="p90(frt) &lt;= 1h" time="0">']
 */
export function renderJunit(report: CheckReport): string {
  const s = report.summary;
  const counts = `tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}" time="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="opsmetrics" ${counts}>`,
    `  <testsuite name="opsmetrics check" ${counts}>`,
    ...report.results.map((r) => testcase(r, report)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
