/**
 * Check evaluation rules and the CI renderers: JUnit XML (element/attribute names CI reads), GitHub annotation
 * escaping.
 */
import { describe, expect, it } from 'vitest';
import { compare, evaluateChecks } from '../../src/check/evaluate.js';
import type { CheckReport, CheckRunFailure, FailOn } from '../../src/check/model.js';
import {
  dataAnnotations,
  escapeData,
  escapeProperty,
  failureAnnotation,
  githubAnnotations,
  renderCheckMarkdown,
  renderFailureMarkdown,
} from '../../src/check/render-github.js';
import { escapeXml, renderJunit, renderJunitFailure } from '../../src/check/render-junit.js';
import { renderCheckTable } from '../../src/check/render-table.js';
import { formatMeasure, outcomeHeadline, resultNote } from '../../src/check/text.js';
import { junitSchemaErrors } from '../helpers/junit.js';
import { resolveCheck } from '../../src/check/resolve.js';
import { thresholdSpec } from '../../src/check/config.js';
import { ALL_TICKET_METRICS } from '../../src/metrics/index.js';
import type { MetricValue, Report, ReportRow } from '../../src/report/model.js';

const WINDOW: Report['window'] = {
  since: '2025-11-17T00:00:00Z',
  until: '2025-11-24T00:00:00Z',
  as_of: '2025-11-24T00:00:00Z',
  timezone: 'UTC',
  input_timezone: 'UTC',
  period: null,
  week_start: 'monday',
  by: ['team'],
  compare: null,
};
const row = (team: string | null, metrics: Record<string, MetricValue>): ReportRow => ({
  period: { label: 'all', start: '', end: '' },
  group: team === null ? {} : { team },
  metrics,
});
const CLOCK = 'business hours: support (Europe/Berlin)';
const reportOf = (rows: ReportRow[], window: Report['window'] = WINDOW) =>
  ({ kind: 'tickets', window, rows, definitions: { clock: CLOCK } }) as unknown as Report;
/** A check as the config would give it; min_sample 1 unless said (the default of 10 is tested in parse.test.ts). */
const check = (text: string, options: { minSample?: number; severity?: 'error' | 'warning'; line?: number } = {}) => {
  const spec = thresholdSpec(text, 'checks[0]', { minSample: options.minSample ?? 1, ...options });
  const located =
    options.line === undefined ? spec : { ...spec, file: 'ops/opsmetrics.config.yml', line: options.line };
  return resolveCheck(located, { sla: undefined, catalogue: ALL_TICKET_METRICS });
};
const rate = (numerator: number, denominator: number): MetricValue => ({
  kind: 'rate',
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
});
const run = (checks: ReturnType<typeof check>[], rows: ReportRow[], failOn: FailOn = 'error') =>
  evaluateChecks(checks, { failOn, reportFor: () => reportOf(rows), window: WINDOW, version: 'test' });
const RUN = { timestamp: '2025-11-24T06:00:00', hostname: 'ci-runner', seconds: 1.25 };

describe('compare', () => {
  it.each([
    [0.95, '>=', 19 / 20, true],
    [0.1 + 0.2, '<=', 0.3, true],
    [0.3, '<', 0.1 + 0.2, false],
    [4, '==', 4, true],
    [4, '!=', 4.5, true],
    [5, '>', 4, true],
  ] as const)('%d %s %d -> %s', (a, op, b, expected) => {
    expect(compare(a, op, b)).toBe(expected);
  });
});

describe('evaluateChecks', () => {
  it('passes, fails, skips small samples and skips empty groups', () => {
    const out = run(
      [check('fcr >= 70% by team', { minSample: 5 })],
      [
        row('A', { fcr: rate(8, 10) }),
        row('B', { fcr: rate(5, 10) }),
        row('C', { fcr: rate(1, 2) }),
        row('D', { fcr: rate(0, 0) }),
      ],
    );
    expect(out.results.map((r) => [r.name, r.status, r.value, r.n, r.reason])).toEqual([
      ['fcr >= 70% by team [team=A]', 'pass', 0.8, 10, null],
      ['fcr >= 70% by team [team=B]', 'fail', 0.5, 10, null],
      ['fcr >= 70% by team [team=C]', 'skipped', 0.5, 2, 'small sample: n 2 < min_sample 5'],
      ['fcr >= 70% by team [team=D]', 'skipped', null, 0, 'no data (n 0)'],
    ]);
    expect(out.summary).toEqual({ total: 4, passed: 1, failed: 1, warned: 0, skipped: 2, errors: 0 });
    expect(out.exit_code).toBe(1);
  });

  it('never passes a check that computed nothing: unavailable or empty is an error (exit 3)', () => {
    expect(
      run([check('csat >= 80%')], [row(null, { csat: { kind: 'unavailable', reason: 'no satisfaction column' } })])
        .results[0],
    ).toMatchObject({
      status: 'error',
      reason: 'csat is unavailable: no satisfaction column',
      fails_run: true,
    });
    const empty = run(
      [check('p90(frt) <= 4h')],
      [
        row(null, {
          frt: {
            kind: 'duration',
            unit: 'minutes',
            n: 0,
            mean: null,
            median: null,
            p90: null,
            p95: null,
            min: null,
            max: null,
          },
        }),
      ],
    );
    expect(empty.results[0]).toMatchObject({
      status: 'error',
      reason: 'no data: frt has no value in the window (n 0)',
    });
    expect(empty.exit_code).toBe(3);
  });

  it('a warning fails the run only with --fail-on warning', () => {
    const rows = [row(null, { fcr: rate(1, 2) })];
    expect(run([check('fcr >= 70%', { severity: 'warning' })], rows)).toMatchObject({
      exit_code: 0,
      summary: { warned: 1, failed: 0 },
    });
    expect(run([check('fcr >= 70%', { severity: 'warning' })], rows, 'warning')).toMatchObject({
      exit_code: 1,
      summary: { warned: 0, failed: 1 },
    });
  });

  it('gives repeated checks unique names', () => {
    const out = run([check('fcr >= 70%'), check('fcr >= 70%')], [row(null, { fcr: rate(8, 10) })]);
    expect(out.results.map((r) => r.name)).toEqual(['fcr >= 70%', 'fcr >= 70% #2']);
  });
});

function sample(): CheckReport {
  return run(
    [check('fcr >= 70% by team', { minSample: 3 }), check('csat >= 80%')],
    [
      row('A & <Co> "1"\u0001', { fcr: rate(8, 10), csat: { kind: 'unavailable', reason: 'no satisfaction column' } }),
      row('B,1: 50%\nx', { fcr: rate(5, 10), csat: { kind: 'unavailable', reason: 'no satisfaction column' } }),
      row('C', { fcr: rate(1, 2), csat: { kind: 'unavailable', reason: 'no satisfaction column' } }),
    ],
  );
}

const duration = (n: number, p90: number | null): MetricValue => ({
  kind: 'duration',
  unit: 'minutes',
  n,
  mean: p90,
  median: p90,
  p90,
  p95: p90,
  min: p90,
  max: p90,
});

describe('counts, empty windows and units', () => {
  it('judges a count over no tickets as 0: created >= 1 on an empty window fails with 0', () => {
    const out = run([check('created >= 1')], [row(null, { created: { kind: 'count', value: 0 } })]);
    expect(out.results[0]).toMatchObject({
      status: 'fail',
      value: 0,
      n: 0,
      reason: 'no tickets in the window: the count is 0',
    });
    expect(out.exit_code).toBe(1);
  });

  it('judges a count whatever min_sample: a backlog of 40 with no ticket created is no "small sample"', () => {
    const out = run(
      [check('backlog <= 30', { minSample: 10 })],
      [row(null, { created: { kind: 'count', value: 0 }, backlog: { kind: 'count', value: 40 } })],
    );
    expect(out.results[0]).toMatchObject({ status: 'fail', value: 40, reason: null });
  });

  it('gives a check grouped by a dimension one result when no group is in the window', () => {
    const out = run([check('created >= 1 by team'), check('fcr >= 70% by team')], []);
    expect(out.results.map((r) => [r.name, r.status, r.value, r.reason])).toEqual([
      ['created >= 1 by team [no group in the window]', 'fail', 0, 'no tickets in the window: the count is 0'],
      ['fcr >= 70% by team [no group in the window]', 'error', null, 'no data: no tickets in the window'],
    ]);
    expect(out.exit_code).toBe(3);
  });

  it('shows a target written in seconds, and the figure, in seconds; durations state their clock', () => {
    // frt p90 0.8 min = 48 s > 45 s.
    const out = run(
      [check('p90(frt) <= 45s'), check('fcr >= 70%')],
      [row(null, { frt: duration(12, 0.8), fcr: rate(8, 10) })],
    );
    expect(out.results[0]).toMatchObject({ status: 'fail', value: 48, target: 45, unit: 'seconds', clock: CLOCK });
    expect(out.results[1]!.clock).toBeNull();
    expect(resultNote(out.results[0]!)).toBe(`p90(frt) = 48 s in ${CLOCK}, target <= 45 s`);
    expect(formatMeasure(90, 'seconds')).toBe('90 s');
  });
});

describe('skips and --fail-on skip', () => {
  const tiny = [row('A', { fcr: rate(1, 2) }), row('B', { fcr: rate(2, 3) })];
  it('exits 0 when every result is skipped, and says nothing was judged', () => {
    const out = run([check('fcr >= 70% by team', { minSample: 5 })], tiny);
    expect(out).toMatchObject({ exit_code: 0, summary: { total: 2, skipped: 2 } });
    expect(outcomeHeadline(out)).toBe('all 2 skipped: nothing was judged');
    expect(renderCheckMarkdown(out).split('\n')[0]).toBe('### opsmetrics check: all 2 skipped: nothing was judged');
  });

  it('--fail-on skip fails the run on a skipped result, and JUnit shows it as a failure', () => {
    const out = run([check('fcr >= 70% by team', { minSample: 5 })], tiny, 'skip');
    expect(out.exit_code).toBe(1);
    expect(out.results.every((r) => r.status === 'skipped' && r.fails_run)).toBe(true);
    expect(outcomeHeadline(out)).toBe('all 2 skipped: nothing was judged (fails the run: --fail-on skip)');
    const xml = renderJunit(out, RUN);
    expect(xml.match(/<failure [^>]*type="not_judged"/g)).toHaveLength(2);
    expect(xml).toContain('tests="2" failures="2" errors="0" skipped="0"');
    expect(githubAnnotations(out)[0]).toMatch(
      /^::error file=ops\/opsmetrics\.config\.yml|^::error title=opsmetrics check not judged/,
    );
  });

  it('--fail-on skip also fails a warning', () => {
    const out = run([check('fcr >= 70%', { severity: 'warning' })], [row(null, { fcr: rate(1, 2) })], 'skip');
    expect(out).toMatchObject({ exit_code: 1, summary: { failed: 1, warned: 0 } });
  });
});

describe('outcomeHeadline', () => {
  const summary = (s: Partial<CheckReport['summary']>) =>
    ({
      fail_on: 'error',
      summary: { total: 0, passed: 0, failed: 0, warned: 0, skipped: 0, errors: 0, ...s },
    }) as const;
  it.each([
    [{ total: 5, failed: 3, errors: 1, warned: 1 }, '3 failed, 1 not computable, 1 warning'],
    [{ total: 4, passed: 3, warned: 1 }, '1 warning, 3 passed'],
    [{ total: 4, passed: 4 }, 'all 4 passed'],
    [{ total: 1, passed: 1 }, '1 passed'],
    [{ total: 6, passed: 3, failed: 1, warned: 2 }, '1 failed, 2 warnings, 3 passed'],
    [{ total: 3, skipped: 1, passed: 2 }, '1 skipped, 2 passed'],
  ])('%j -> %s', (s, text) => {
    expect(outcomeHeadline(summary(s))).toBe(text);
  });
});

describe('renderJunit', () => {
  const xml = renderJunit(sample(), { ...RUN, stderr: ['opsmetrics: warning: t.csv: times have no offset'] });
  const attrs = (tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) =>
      Object.fromEntries([...(m[1] as string).matchAll(/([\w.]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    );

  it('has the elements and attributes CI systems read, and the ones the strict schemas require', () => {
    // sample(): fcr A 8/10 pass, B 5/10 fail, C 1/2 skipped (n 2 < 3); csat unavailable in 3 groups.
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')).toBe(true);
    expect(attrs('testsuite')).toEqual([
      {
        name: 'opsmetrics check',
        package: 'opsmetrics',
        id: '0',
        timestamp: '2025-11-24T06:00:00',
        hostname: 'ci-runner',
        tests: '6',
        failures: '1',
        errors: '3',
        skipped: '1',
        time: '1.250',
      },
    ]);
    expect(attrs('property')).toEqual([
      { name: 'opsmetrics.version', value: 'test' },
      { name: 'input', value: 'tickets' },
      { name: 'window.since', value: '2025-11-17T00:00:00Z' },
      { name: 'window.until', value: '2025-11-24T00:00:00Z' },
      { name: 'as_of', value: '2025-11-24T00:00:00Z' },
      { name: 'timezone', value: 'UTC' },
      { name: 'period', value: 'whole window' },
      { name: 'fail_on', value: 'error' },
    ]);
    const cases = attrs('testcase');
    expect(cases).toHaveLength(6);
    expect(cases.every((c) => c.classname === 'opsmetrics.check')).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(6);
    expect(attrs('failure')).toEqual([expect.objectContaining({ type: 'threshold' })]);
    expect(attrs('failure')[0]!.message).toContain('fcr = 50%, target &gt;= 70% (n 10, team=B,1: 50% x; window');
    // GitLab shows a skip's text, not its message attribute.
    expect(xml).toMatch(/<skipped message="([^"]*)">\1<\/skipped>/);
    expect(xml.match(/<error /g)).toHaveLength(3);
    expect(xml).toContain('<system-err>opsmetrics: warning: t.csv: times have no offset&#10;</system-err>');
  });

  it('is valid against junit-10.xsd and the Ant schema', () => {
    expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  });

  it('lists a warning (a failure below --fail-on) in the suite output, not as a failure', () => {
    const out = run([check('fcr >= 70%', { severity: 'warning' })], [row(null, { fcr: rate(1, 2) })]);
    const warned = renderJunit(out, RUN);
    expect(warned).toContain('<testcase classname="opsmetrics.check" name="fcr &gt;= 70%" time="0"/>');
    expect(warned).toMatch(/<system-out>warning: fcr &gt;= 70%: fcr = 50%, target &gt;= 70% \(n 2, all; window/);
    expect(junitSchemaErrors(warned)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  });

  it('escapes markup, quotes, line breaks and characters XML cannot hold', () => {
    expect(escapeXml(`a<b & "c" 'd'\u0001\u0008\t\n\r\uFFFE\uD800x`)).toBe(
      'a&lt;b &amp; &quot;c&quot; &apos;d&apos;\uFFFD\uFFFD&#9;&#10;&#13;\uFFFD\uFFFDx',
    );
    expect(escapeXml('\uD83D\uDE00')).toBe('\uD83D\uDE00');
    expect(xml).toContain('name="fcr &gt;= 70% by team [team=A &amp; &lt;Co&gt; &quot;1&quot;]"');
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)).toBe(false);
  });

  it('a run that stopped is one <error> test case naming the cause, valid against both schemas', () => {
    const failure: CheckRunFailure = {
      code: 'file_not_found',
      exit_code: 3,
      message: 'cannot open exports/tickets.csv: no such file',
      where: 'exports/tickets.csv',
      hint: 'Check the path; use - to read from standard input.',
      file: null,
      line: null,
    };
    const stopped = renderJunitFailure(failure, { ...RUN, version: '1.2.3' });
    expect(stopped).toContain(
      '<testcase classname="opsmetrics.check" name="opsmetrics check: input could not be used (file_not_found)" ' +
        'time="0">\n      <error message="cannot open exports/tickets.csv: no such file" type="file_not_found">' +
        'cannot open exports/tickets.csv: no such file (exports/tickets.csv)&#10;hint: Check the path; use - to read ' +
        'from standard input.&#10;exit 3</error>',
    );
    expect(stopped).toContain('tests="1" failures="0" errors="1" skipped="0" time="1.250"');
    expect(junitSchemaErrors(stopped)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  });
});

describe('GitHub annotations', () => {
  it('escapes data and properties as the runner decodes them', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a: b, c% \n')).toBe('a%3A b%2C c%25 %0A');
  });

  it('annotates failures and errors, not passes or skips', () => {
    const lines = githubAnnotations(sample());
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '::error title=opsmetrics check failed%3A fcr >= 70%25 by ' +
        'team [team=B%2C1%3A 50%25 x]::fcr = 50%25, target >= ' +
        '70%25 (n 10, team=B,1: 50%25 x; window 2025-11-17T00:00:00Z ' +
        '.. 2025-11-24T00:00:00Z, as of 2025-11-24T00:00:00Z)',
    );
    expect(
      lines
        .slice(1)
        .every((l) => l.startsWith('::error title=opsmetrics check could not be computed%3A csat >= 80%25')),
    ).toBe(true);
  });

  it('points at the check line of the config file', () => {
    const out = run([check('fcr >= 70%', { line: 12 })], [row(null, { fcr: rate(1, 2) })]);
    expect(githubAnnotations(out)).toEqual([
      expect.stringMatching(/^::error file=ops\/opsmetrics\.config\.yml,line=12,title=opsmetrics check failed%3A /),
    ]);
    expect(githubAnnotations(out, { repoPath: () => null })[0]).toMatch(/^::error title=/);
  });

  it('uses ::warning for a failure below --fail-on', () => {
    const out = run([check('fcr >= 70%', { severity: 'warning' })], [row(null, { fcr: rate(1, 2) })]);
    expect(githubAnnotations(out)).toEqual([
      expect.stringMatching(/^::warning title=opsmetrics check warning%3A fcr >= 70%25::fcr = 50%25/),
    ]);
  });

  it('caps each level at the 10 GitHub shows, the 10th saying how many more', () => {
    const rows = Array.from({ length: 25 }, (_, k) => row(`T${k}`, { fcr: rate(1, 2) }));
    const lines = githubAnnotations(run([check('fcr >= 70% by team')], rows));
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe(
      '::error title=opsmetrics check%3A 16 more failed results::16 more failed results: see the job summary',
    );
  });

  it('never lets a group value start a line, add a property or stop the command processing', () => {
    const forged = [
      'x\n::error title=Deploy blocked::forged',
      'y\r\n::stop-commands::token',
      'z\n  ::add-mask::secret',
      'w\u2028::set-output name=a::b',
    ];
    const out = run(
      [check('fcr >= 70% by team')],
      forged.map((team) => row(team, { fcr: rate(1, 2) })),
    );
    for (const line of [...githubAnnotations(out), ...renderCheckTable(out, { color: false }).split('\n')]) {
      expect(line.split(/\r\n|\r|\n/)).toHaveLength(1);
    }
    for (const line of githubAnnotations(out)) {
      // Our own command, one title property, and no raw "::" after the message starts.
      expect(line).toMatch(/^::error title=[^,:]*::/);
      expect(line.slice(line.indexOf('::', 2) + 2)).not.toContain('\n');
    }
    const table = renderCheckTable(out, { color: false });
    expect(table.split('\n').some((l) => l.trimStart().startsWith('::'))).toBe(false);
    expect(table).toContain('team=x ::error title=Deploy blocked::forged');
  });

  it('annotates the data warnings and a run that stopped', () => {
    expect(dataAnnotations(['3 rows rejected (bad_date in "Created")'])).toEqual([
      '::warning title=opsmetrics%3A data warning::3 rows rejected (bad_date in "Created")',
    ]);
    const failure: CheckRunFailure = {
      code: 'bad_check',
      exit_code: 2,
      message: 'config checks[1]: "frtt >= 1": unknown metric "frtt"',
      where: 'opsmetrics.config.yml:7',
      hint: null,
      file: 'opsmetrics.config.yml',
      line: 7,
    };
    expect(failureAnnotation(failure)).toBe(
      '::error file=opsmetrics.config.yml,line=7,title=opsmetrics check%3A configuration or usage error ' +
        '(bad_check)::config checks[1]: "frtt >= 1": unknown metric "frtt" (opsmetrics.config.yml:7)',
    );
    expect(renderFailureMarkdown(failure).split('\n')[0]).toBe(
      '### opsmetrics check: configuration or usage error (exit 2)',
    );
  });
});

describe('job summary', () => {
  it('leads with the whole outcome and states the window once, not in every note', () => {
    const md = renderCheckMarkdown(sample());
    expect(md.startsWith('### opsmetrics check: 1 failed, 3 not computable, 1 skipped, 1 passed\n')).toBe(true);
    expect(md).toContain('| verdict | check | group | value | target | n | note |');
    expect(md.split('\n').filter((l) => l.startsWith('| FAIL |'))).toEqual([
      // escapeMarkdown escapes > (a quote block at the start of a cell's text).
      '| FAIL | fcr \\>= 70% by team | team=B,1: 50% x | 50% | \\>= 70% | 10 | fcr = 50%, target \\>= 70% |',
    ]);
    expect(md.match(/window|as of/gi)).toEqual(['Window', 'as of']);
  });

  it('says "warning" rather than "all passed" when a warning check failed', () => {
    const out = run(
      [check('fcr >= 70%', { severity: 'warning' }), check('fcr >= 40%')],
      [row(null, { fcr: rate(1, 2) })],
    );
    expect(renderCheckMarkdown(out).split('\n')[0]).toBe('### opsmetrics check: 1 warning, 1 passed');
  });
});
