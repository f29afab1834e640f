/**
 * Every outcome of `opsmetrics check` as a CI job sees it (issue #22): the exit code, the JUnit file
 * (valid against junit-10.xsd and the Ant schema), the job summary's headline and the GitHub
 * annotations. (Standard output closed early: check-epipe.test.ts.)
 *
 * Figures come from the fixtures' independently computed expectations:
 * - fixtures/zendesk/expected.json, week 2025-W47 (2025-11-17..24, America/New_York): 13 tickets
 *   created; resolution_rate 9/13 = 69.23%; frt n 10, p90 184.5 min; fcr 4/8; reopened 1/8;
 *   next_reply_time needs event data.
 * - fixtures/orders/expected.json (shopify): orders 10; on_time_rate 4/6; contact_rate_late 4/5;
 *   fulfillment_time n 6, p90 104 h; one row rejected (line 17, within the config's max_bad_rows 1).
 * - fixtures/events/expected.json (log): next_reply_time n 5, p90 60 min; handoffs n 4, mean 1.25;
 *   ping_pong 1/4; requester_wait n 4, median 3.5 h; 2 rows rejected (lines 22 and 24).
 * - fixtures/check (worked out by hand in check.test.ts): first reply times C1 Mon 16:30 -> Tue 09:20,
 *   C2 Tue 10:00 -> 15:00, C3 Wed 08:00 -> 15:00; in the office schedule (Mon-Fri 09-17 UTC) that is
 *   30 + 20 = 50, 300 and 360 min: p90 = 300 + 0.8 * 60 = 348 min.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitSchemaErrors } from '../helpers/junit.js';
import { repoRoot, runCli } from './helpers.js';

interface Gate {
  code: number | null;
  stdout: string;
  stderr: string;
  xml: string;
  headline: string;
  annotations: string[];
}

/** Runs check as a GitHub Actions step would, with --junit, and reads what the CI shows. */
async function gate(args: readonly string[], workspace = repoRoot): Promise<Gate> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-gate-'));
  const junit = join(dir, 'checks.xml');
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  const result = await runCli(['check', ...args, '--junit', junit], {
    env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: workspace },
  });
  const xml = readFileSync(junit, 'utf8');
  expect(junitSchemaErrors(xml)).toEqual({ 'junit-10.xsd': [], 'JUnit.xsd': [] });
  return {
    ...result,
    xml,
    headline: readFileSync(summary, 'utf8').split('\n')[0] ?? '',
    annotations: result.stderr.split('\n').filter((line) => line.startsWith('::')),
  };
}

const ZENDESK_W47 = [
  'fixtures/zendesk/tickets.csv',
  '--input-tz',
  'America/New_York',
  '--tz',
  'America/New_York',
  '--since',
  '2025-11-17',
  '--until',
  '2025-11-24',
  '--quiet',
];
const WINDOW = 'window 2025-11-17T00:00:00-05:00 .. 2025-11-24T00:00:00-05:00, as of 2025-11-24T00:00:00-05:00';

/** The attributes `tests failures errors skipped` of the suite. */
const counts = (xml: string) => /tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml)?.slice(1);

describe.concurrent('check outcomes in CI', () => {
  it('pass: exit 0, every test case passes, "all 3 passed", no annotation', async () => {
    const g = await gate([
      ...ZENDESK_W47,
      '-t',
      'created >= 13',
      '-t',
      'resolution_rate >= 69%',
      '-t',
      'p90(frt) <= 3h05m',
    ]);
    expect(g.code, g.stderr).toBe(0);
    expect(counts(g.xml)).toEqual(['3', '0', '0', '0']);
    expect(g.headline).toBe('### opsmetrics check: all 3 passed');
    expect(g.annotations).toEqual([]);
    expect(g.stdout).toMatch(/^PASS +p90\(frt\) <= 3h05m +all +184\.5 min +<= 185 min +10$/m);
  });

  it('breach: exit 1, a <failure>, the headline and an ::error with value, target, n and window', async () => {
    const g = await gate([...ZENDESK_W47, '-t', 'resolution_rate >= 80%', '-t', 'created >= 13']);
    expect(g.code, g.stderr).toBe(1);
    expect(counts(g.xml)).toEqual(['2', '1', '0', '0']);
    expect(g.xml).toContain('<failure message="resolution_rate = 69.23%, target &gt;= 80% (n 13, all; ');
    expect(g.headline).toBe('### opsmetrics check: 1 failed, 1 passed');
    expect(g.annotations).toEqual([
      `::error title=opsmetrics check failed%3A resolution_rate >= 80%25::resolution_rate = 69.23%25, target >= 80%25 (n 13, all; ${WINDOW})`,
    ]);
  });

  it('warning: exit 0, the test case passes, the summary says "1 warning", ::warning at the config line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-ws-'));
    const config = join(dir, 'opsmetrics.config.yml');
    writeFileSync(
      config,
      [
        '# gate',
        'checks:',
        '  - "created >= 13"',
        '  - { expr: "resolution_rate >= 80%", severity: warning }',
        '',
      ].join('\n'),
    );
    const g = await gate([...ZENDESK_W47, '--config', config], dir);
    expect(g.code, g.stderr).toBe(0);
    expect(counts(g.xml)).toEqual(['2', '0', '0', '0']);
    expect(g.xml).toContain('<system-out>warning: resolution_rate &gt;= 80%: resolution_rate = 69.23%');
    expect(g.headline).toBe('### opsmetrics check: 1 warning, 1 passed');
    expect(g.annotations).toEqual([
      expect.stringMatching(
        /^::warning file=opsmetrics\.config\.yml,line=4,title=opsmetrics check warning%3A resolution_rate >= 80%25::resolution_rate = 69\.23%25/,
      ),
    ]);
  });

  it('not computable: exit 3, an <error>, "1 not computable", an ::error saying why', async () => {
    const g = await gate([...ZENDESK_W47, '-t', 'p90(next_reply_time) <= 1h', '-t', 'created >= 13']);
    expect(g.code, g.stderr).toBe(3);
    expect(counts(g.xml)).toEqual(['2', '0', '1', '0']);
    expect(g.xml).toContain('type="uncomputable"');
    expect(g.headline).toBe('### opsmetrics check: 1 not computable, 1 passed');
    expect(g.annotations).toEqual([
      expect.stringMatching(
        /^::error title=opsmetrics check could not be computed%3A p90\(next_reply_time\) <= 1h::.*next_reply_time is unavailable: needs event data/,
      ),
    ]);
  });

  it('all skipped: exit 0 but said plainly; --fail-on skip makes it 1', async () => {
    // fcr 4/8 and reopened 1/8: n 8 < the default min_sample 10.
    const args = [...ZENDESK_W47, '-t', 'fcr >= 60%', '-t', 'reopened <= 10%'];
    const g = await gate(args);
    expect(g.code, g.stderr).toBe(0);
    expect(counts(g.xml)).toEqual(['2', '0', '0', '2']);
    expect(g.xml).toContain('>fcr &gt;= 60%: small sample: n 8 &lt; min_sample 10 (n 8, all; ');
    expect(g.headline).toBe('### opsmetrics check: all 2 skipped: nothing was judged');
    expect(g.annotations).toEqual([]);
    const strict = await gate([...args, '--fail-on', 'skip']);
    expect(strict.code).toBe(1);
    expect(counts(strict.xml)).toEqual(['2', '2', '0', '0']);
    expect(strict.headline).toBe(
      '### opsmetrics check: all 2 skipped: nothing was judged (fails the run: --fail-on skip)',
    );
    expect(strict.annotations).toHaveLength(2);
    // --min-sample 5 judges them: fcr 50% < 60% fails, reopened 12.5% > 10% fails.
    expect((await gate([...args, '--min-sample', '5'])).headline).toBe('### opsmetrics check: 2 failed');
  });

  it('a count over an empty window is judged as 0: created >= 1 fails', async () => {
    const g = await gate([
      'fixtures/zendesk/tickets.csv',
      '--input-tz',
      'America/New_York',
      '--since',
      '2025-12-01',
      '--until',
      '2025-12-08',
      '--quiet',
      '-t',
      'created >= 1',
    ]);
    expect(g.code, g.stderr).toBe(1);
    expect(g.xml).toContain('<failure message="created = 0, target &gt;= 1 (no tickets in the window: the count is 0)');
    expect(g.headline).toBe('### opsmetrics check: 1 failed');
  });

  it('unreadable input: exit 3, one <error> naming the cause, the summary and an ::error', async () => {
    const g = await gate(['exports/tickets.csv', '-t', 'created >= 1']);
    expect(g.code).toBe(3);
    expect(g.stdout).toBe('');
    expect(counts(g.xml)).toEqual(['1', '0', '1', '0']);
    expect(g.xml).toContain(
      '<testcase classname="opsmetrics.check" name="opsmetrics check: input could not be used (file_not_found)"',
    );
    expect(g.xml).toContain('<error message="cannot open exports/tickets.csv: no such file" type="file_not_found">');
    expect(g.headline).toBe('### opsmetrics check: input could not be used (exit 3)');
    expect(g.annotations).toEqual([
      '::error title=opsmetrics check%3A input could not be used (file_not_found)::cannot open exports/tickets.csv: ' +
        'no such file (exports/tickets.csv). Hint: Check the path; use - to read from standard input.',
    ]);
    expect(g.stderr).toContain('opsmetrics: error: cannot open exports/tickets.csv: no such file');
  });

  it('empty input (a header and no rows): exit 3 with no_records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-empty-'));
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, 'Ticket,Opened\n');
    const g = await gate([file, '--map', 'id=Ticket,created=Opened', '-t', 'created >= 1']);
    expect(g.code).toBe(3);
    expect(g.xml).toContain('type="no_records"');
    expect(g.annotations).toEqual([
      expect.stringMatching(/^::error title=opsmetrics check%3A input could not be used \(no_records\)::/),
    ]);
  });

  it('rows over a limit: exit 3, with the data warnings annotated', async () => {
    // fixtures/generic: 25 rows, one with a bad date; the config allows none (see row-limits.test.ts).
    const g = await gate([
      'fixtures/generic/tickets.csv',
      '--config',
      'fixtures/generic/opsmetrics.config.yml',
      '-t',
      'created >= 1',
    ]);
    expect(g.code).toBe(3);
    expect(g.xml).toContain('type="too_many_rejected"');
    expect(g.headline).toBe('### opsmetrics check: input could not be used (exit 3)');
    expect(g.annotations).toEqual([
      expect.stringMatching(/^::warning title=opsmetrics%3A data warning::1 row rejected \(bad_date in "Opened"\)/),
      expect.stringMatching(/^::error title=opsmetrics check%3A input could not be used \(too_many_rejected\)::/),
    ]);
  });

  it('config error: exit 2, the JUnit file and an ::error at the check line of the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-cfg-'));
    const config = join(dir, 'opsmetrics.config.yml');
    writeFileSync(config, 'checks:\n  - "created >= 1"\n  - "frst_reply_time <= 4h"\n');
    const g = await gate(['fixtures/zendesk/tickets.csv', '--config', config], dir);
    expect(g.code).toBe(2);
    expect(g.stdout).toBe('');
    expect(g.xml).toContain('type="bad_check"');
    expect(g.headline).toBe('### opsmetrics check: configuration or usage error (exit 2)');
    expect(g.annotations).toEqual([
      expect.stringMatching(
        /^::error file=opsmetrics\.config\.yml,line=3,title=opsmetrics check%3A configuration or usage error \(bad_check\)::config checks\[1\]: "frst_reply_time <= 4h": unknown metric "frst_reply_time"; did you mean first_reply_time \(= frt\), /,
      ),
    ]);
  });

  it('a duration in business hours says so, in the JSON and the message', async () => {
    const g = await gate([
      'fixtures/check/tickets.csv',
      '--config',
      'fixtures/check/opsmetrics.config.yml',
      '--since',
      '2025-11-17',
      '--until',
      '2025-11-22',
      '--as-of',
      '2025-11-21T12:00:00Z',
      '--hours',
      'office',
      '--min-sample',
      '1',
      '--quiet',
      '--format',
      'json',
      '-t',
      'p90(frt) <= 1h',
    ]);
    expect(g.code).toBe(1);
    expect(JSON.parse(g.stdout).results.at(-1)).toMatchObject({
      name: 'p90(frt) <= 1h',
      value: 348,
      unit: 'minutes',
      clock: 'business hours: office (UTC)',
      status: 'fail',
    });
    expect(g.xml).toContain('p90(frt) = 348 min in business hours: office (UTC), target &lt;= 60 min');
  });
});

describe.concurrent('check on order and event metrics', () => {
  it('judges the orders report: on_time_rate, counts, contact rates and durations', async () => {
    const g = await gate([
      '--config',
      'fixtures/orders/opsmetrics.config.yml',
      '--orders',
      'fixtures/orders/shopify_orders.csv',
      '--tickets',
      'fixtures/orders/tickets.csv',
      '--min-sample',
      '5',
      '--quiet',
      '--format',
      'json',
      '-t',
      'on_time_rate >= 95%',
      '-t',
      'orders >= 10',
      '-t',
      'contact_rate_late <= 20%',
      '-t',
      'p90(fulfillment_time) <= 4d',
    ]);
    expect(g.code, g.stderr).toBe(1);
    const out = JSON.parse(g.stdout);
    expect(out.input_kind).toBe('orders');
    expect(
      out.results.map((r: { name: string; status: string; value: number; n: number }) => [
        r.name,
        r.status,
        r.value,
        r.n,
      ]),
    ).toEqual([
      ['on_time_rate >= 95%', 'fail', 4 / 6, 6],
      ['orders >= 10', 'pass', 10, 10],
      ['contact_rate_late <= 20%', 'fail', 4 / 5, 5],
      ['p90(fulfillment_time) <= 4d', 'fail', 104, 6],
    ]);
    expect(g.headline).toBe('### opsmetrics check: 3 failed, 1 passed');
    // The rejected row (within max_bad_rows 1) is a data warning.
    expect(g.annotations.filter((a) => a.startsWith('::warning title=opsmetrics%3A data warning::'))).toHaveLength(2);
    expect(g.annotations.filter((a) => a.startsWith('::error'))).toHaveLength(3);
  });

  it('says that an order metric needs --orders, before reading', async () => {
    const result = await runCli(['check', 'fixtures/zendesk/tickets.csv', '-t', 'on_time_rate >= 95%']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('on_time_rate is an order metric: pass the order export with --orders FILE');
  });

  it('judges event-log metrics', async () => {
    const g = await gate([
      '--events',
      'fixtures/events/log.csv',
      '--as-of',
      '2025-03-05T00:00:00Z',
      '--max-bad-rows',
      '2',
      '--min-sample',
      '4',
      '--quiet',
      '--format',
      'json',
      '-t',
      'p90(next_reply_time) <= 1h',
      '-t',
      'mean(handoffs) <= 1',
      '-t',
      'ping_pong <= 25%',
      '-t',
      'median(requester_wait) <= 3h',
    ]);
    expect(g.code, g.stderr).toBe(1);
    expect(
      JSON.parse(g.stdout).results.map((r: { name: string; status: string; value: number; n: number }) => [
        r.name,
        r.status,
        r.value,
        r.n,
      ]),
    ).toEqual([
      ['p90(next_reply_time) <= 1h', 'pass', 60, 5],
      ['mean(handoffs) <= 1', 'fail', 1.25, 4],
      ['ping_pong <= 25%', 'pass', 0.25, 4],
      ['median(requester_wait) <= 3h', 'fail', 3.5, 4],
    ]);
    expect(g.headline).toBe('### opsmetrics check: 2 failed, 2 passed');
    // The run's warnings first: the columns the event fields were picked from by name (a note of the event reader).
    expect(g.annotations.filter((a) => a.startsWith('::warning title=opsmetrics%3A data warning::'))).toEqual([
      expect.stringContaining('fixtures/events/log.csv: event fields read from columns picked by their names'),
      expect.stringContaining('1 row rejected (event_out_of_order in "timestamp")'),
      expect.stringContaining('1 row rejected (event_before_creation)'),
    ]);
  });
});
