/**
 * Check evaluation rules and the CI renderers: JUnit XML (element/attribute names CI reads), GitHub annotation
 * escaping.
 */
import { describe, expect, it } from 'vitest';
import { compare, evaluateChecks } from '../../src/check/evaluate.js';
import type { CheckReport } from '../../src/check/model.js';
import { escapeData, escapeProperty, githubAnnotations, renderCheckMarkdown } from '../../src/check/render-github.js';
import { escapeXml, renderJunit } from '../../src/check/render-junit.js';
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
const reportOf = (rows: ReportRow[]) => ({ window: WINDOW, rows }) as unknown as Report;
const check = (text: string, options: { minSample?: number; severity?: 'error' | 'warning' } = {}) =>
  resolveCheck(thresholdSpec(text, 'checks[0]', options), { sla: undefined, catalogue: ALL_TICKET_METRICS });
const rate = (numerator: number, denominator: number): MetricValue => ({
  kind: 'rate',
  numerator,
  denominator,
  value: denominator ? numerator / denominator : null,
});
const run = (checks: ReturnType<typeof check>[], rows: ReportRow[], failOn: 'error' | 'warning' = 'error') =>
  evaluateChecks(checks, { failOn, reportFor: () => reportOf(rows), window: WINDOW, version: 'test' });

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

describe('renderJunit', () => {
  const xml = renderJunit(sample());
  const attrs = (tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) =>
      Object.fromEntries([...(m[1] as string).matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    );

  it('has the elements and attributes CI systems read', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(attrs('testsuites')[0]).toMatchObject({ tests: '6', failures: '1', errors: '3', skipped: '1' });
    expect(attrs('testsuite')).toEqual([
      expect.objectContaining({ name: 'opsmetrics check', tests: '6', failures: '1', errors: '3', skipped: '1' }),
    ]);
    const cases = attrs('testcase');
    expect(cases).toHaveLength(6);
    expect(cases.every((c) => c.classname === 'opsmetrics.check')).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(6);
    expect(attrs('failure')).toEqual([expect.objectContaining({ type: 'threshold' })]);
    expect(attrs('failure')[0]!.message).toContain('fcr = 50%, target &gt;= 70% (n 10, team=B,1: 50%&#10;x; window');
    expect(xml.match(/<skipped /g)).toHaveLength(1);
    expect(xml.match(/<error /g)).toHaveLength(3);
  });

  it('escapes markup, quotes, line breaks and characters XML cannot hold', () => {
    expect(escapeXml(`a<b & "c" 'd'\u0001\u0008\t\n\r\uFFFE\uD800x`)).toBe(
      'a&lt;b &amp; &quot;c&quot; &apos;d&apos;\uFFFD\uFFFD&#9;&#10;&#13;\uFFFD\uFFFDx',
    );
    expect(escapeXml('\uD83D\uDE00')).toBe('\uD83D\uDE00');
    expect(xml).toContain('name="fcr &gt;= 70% by team [team=A &amp; &lt;Co&gt; &quot;1&quot;\uFFFD]"');
    expect(xml).toContain('team=B,1: 50%&#10;x');
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)).toBe(false);
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
        'team [team=B%2C1%3A 50%25%0Ax]::fcr = 50%25, target >= ' +
        '70%25 (n 10, team=B,1: 50%25%0Ax; window 2025-11-17T00:00:00Z ' +
        '.. 2025-11-24T00:00:00Z, as of 2025-11-24T00:00:00Z)',
    );
    expect(
      lines
        .slice(1)
        .every((l) => l.startsWith('::error title=opsmetrics check could not be computed%3A csat >= 80%25')),
    ).toBe(true);
  });

  it('uses ::warning for a failure below --fail-on', () => {
    const out = run([check('fcr >= 70%', { severity: 'warning' })], [row(null, { fcr: rate(1, 2) })]);
    expect(githubAnnotations(out)).toEqual([
      expect.stringMatching(/^::warning title=opsmetrics check warning%3A fcr >= 70%25::fcr = 50%25/),
    ]);
  });

  it('summarizes as a Markdown table', () => {
    const md = renderCheckMarkdown(sample());
    expect(md.startsWith('### opsmetrics check: 3 not computable\n')).toBe(true);
    expect(md).toContain('| verdict | check | group | value | target | n | note |');
    expect(md.split('\n').filter((l) => l.startsWith('| FAIL |'))).toHaveLength(1);
  });
});
