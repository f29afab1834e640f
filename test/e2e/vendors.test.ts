/**
 * The Freshdesk, ServiceNow and Jira Service Management profiles end to end: each fixture (vendor
 * header spelling and date style) through the built CLI, every metric compared with
 * fixtures/<vendor>/expected.json, which scripts/expected/vendors_expected.py computes without the
 * program. The ServiceNow audit log is day-first with `?` for missing values: it is read only through
 * options (--date-format, --null-token), as a user would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExpectedMetrics,
  groupValue,
  metricMismatches,
  parseReport,
  readJson,
  repoRoot,
  type Report,
  runCli,
  sameInstant,
} from './helpers.js';

interface Run {
  as_of: string;
  since: string;
  rows: Record<string, ExpectedMetrics>;
}
interface VendorRun {
  args: string[];
  read: number;
  duplicate: number;
  window: Run;
}

const freshdesk = readJson<
  VendorRun & { by_team: Run; fcr_no_customer_followup: ExpectedMetrics[string]; unavailable: string[] }
>('fixtures/freshdesk/expected.json');
const servicenow = readJson<{
  incidents: VendorRun & { by_priority: Run };
  audit: VendorRun & { kept: Record<string, { status: string; reassignments: number }> };
  unavailable: string[];
}>('fixtures/servicenow/expected.json');
const jira = readJson<VendorRun & { by_category: Run; sla_first_response_values: string[]; unavailable: string[] }>(
  'fixtures/jira/expected.json',
);

async function report(args: readonly string[]): Promise<Report & { definitions: { metrics: Record<string, string> } }> {
  const result = await runCli(args);
  expect(result.code, result.stderr).toBe(0);
  return parseReport(result) as Report & { definitions: { metrics: Record<string, string> } };
}

function expectWindow(actual: Report, run: VendorRun): void {
  expect(actual.input.read).toBe(run.read);
  expect(actual.input.skipped.duplicate).toBe(run.duplicate);
  expect(actual.input.rejected).toBe(0);
  expect(actual.input.used).toBe(run.read - run.duplicate);
  expect(sameInstant(actual.window.as_of, run.window.as_of), actual.window.as_of).toBe(true);
  expect(actual.rows).toHaveLength(1);
  expect(metricMismatches('window', actual.rows[0]?.metrics, run.window.rows.all!)).toEqual([]);
}

function expectGroups(actual: Report, run: Run): void {
  expect(actual.rows.map(groupValue).sort()).toEqual(Object.keys(run.rows).sort());
  const problems = Object.entries(run.rows).flatMap(([group, metrics]) =>
    metricMismatches(group, actual.rows.find((row) => groupValue(row) === group)?.metrics, metrics),
  );
  expect(problems).toEqual([]);
}

describe.concurrent('freshdesk ticket export', () => {
  it('is detected from its header and matches every expected metric, vendor SLA verdicts included', async () => {
    const r = await report(freshdesk.args);
    expectWindow(r, freshdesk);
    for (const id of freshdesk.unavailable) expect(r.rows[0]?.metrics[id]?.kind, id).toBe('unavailable');
    expect(r.definitions.metrics.vendor_sla_first_reply).toContain('as the vendor reported it');
  });

  it('groups by team', async () => {
    expectGroups(await report([...freshdesk.args, '--by', 'team']), freshdesk.by_team);
  });

  it('computes fcr.no_customer_followup from Customer interactions', async () => {
    const r = await report([...freshdesk.args, '--fcr', 'no_customer_followup']);
    expect(metricMismatches('fcr', r.rows[0]?.metrics, { fcr: freshdesk.fcr_no_customer_followup })).toEqual([]);
  });
});

describe.concurrent('servicenow incident export, one row per incident', () => {
  it('matches every expected metric, reassignment_count and made_sla included', async () => {
    const r = await report(servicenow.incidents.args);
    expectWindow(r, servicenow.incidents);
    for (const id of servicenow.unavailable) expect(r.rows[0]?.metrics[id]?.kind, id).toBe('unavailable');
  });

  it('keeps priorities like "3 - Moderate" as group values', async () => {
    const r = await report([...servicenow.incidents.args, '--by', 'priority']);
    expect(r.rows.map(groupValue)).toContain('3 - Moderate');
    expectGroups(r, servicenow.incidents.by_priority);
  });
});

describe.concurrent('servicenow audit log, day-first dates and "?" for missing values', () => {
  it('folds the rows of each incident into the latest (sys_mod_count, then sys_updated_on) and says so', async () => {
    const result = await runCli(servicenow.audit.args);
    expect(result.code, result.stderr).toBe(0);
    expectWindow(parseReport(result), servicenow.audit);
    expect(result.stderr).toMatch(new RegExp(`${servicenow.audit.duplicate} duplicate \\(folded`));
  });

  it('keeps the latest state of each incident', async () => {
    const r = await report([...servicenow.audit.args, '--by', 'status']);
    const states = Object.values(servicenow.audit.kept).map((k) => k.status);
    const byState = Object.fromEntries(
      r.rows.map((row) => [groupValue(row), (row.metrics.created as { value: number }).value]),
    );
    const expectedByState: Record<string, number> = {};
    for (const s of states) expectedByState[s] = (expectedByState[s] ?? 0) + 1;
    expect(byState).toEqual(expectedByState);
  });

  it('refuses the day-first dates without --date-format', async () => {
    const args = servicenow.audit.args.filter((a, i, all) => a !== '--date-format' && all[i - 1] !== '--date-format');
    const result = await runCli(args);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('opened_at');
  });
});

describe.concurrent('jira service management export', () => {
  it('reads dd/MMM/yy h:mm a dates and matches every expected metric', async () => {
    const r = await report(jira.args);
    expectWindow(r, jira);
    for (const id of jira.unavailable) expect(r.rows[0]?.metrics[id]?.kind, id).toBe('unavailable');
  });

  it('groups by request type (category)', async () => {
    expectGroups(await report([...jira.args, '--by', 'category']), jira.by_category);
  });

  it('keeps the SLA display columns as text dimensions', async () => {
    const r = await report([...jira.args, '--by', 'sla_first_response']);
    expect(r.rows.map(groupValue).sort()).toEqual([...jira.sla_first_response_values].sort());
  });
});

describe.concurrent('opsmetrics inspect', () => {
  it('reads the same on both CSV engines, from a file, from standard input, and after a fallback', async () => {
    const text = readFileSync(join(repoRoot, 'fixtures/zendesk/tickets.csv'), 'utf8');
    const lines = text.split('\n');
    // A quote inside an unquoted field on line 6: the fast reader gives way, the reference one rejects the row.
    const broken = [
      ...lines.slice(0, 5),
      (lines[5] as string).replace(/,([A-Za-z]+),/, ',$1"x,'),
      ...lines.slice(6),
    ].join('\n');
    const runs: [string[], string | undefined][] = [
      [['inspect', 'fixtures/zendesk/tickets.csv', '--input-tz', 'America/New_York', '--format', 'json'], undefined],
      [['inspect', '-', '--input-tz', 'America/New_York', '--format', 'json'], text],
      [['inspect', '-', '--input-tz', 'America/New_York', '--format', 'json'], broken],
    ];
    const pairs = await Promise.all(
      runs.map(([args, stdin]) => {
        const options = stdin === undefined ? {} : { stdin };
        return Promise.all([
          runCli(args, options),
          runCli(args, { ...options, env: { OPSMETRICS_ENGINE: 'reference' } }),
        ]);
      }),
    );
    for (const [i, [fast, reference]] of pairs.entries()) {
      const stdin = runs[i]?.[1];
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stdout).toBe(reference.stdout);
      expect(fast.stderr.replace(/^opsmetrics: note: .*\n/, '')).toBe(reference.stderr);
      if (stdin === broken)
        expect(fast.stderr).toContain('opsmetrics: note: -: read again with the reference CSV reader');
    }
  });

  it('shows the profile, the column map, counts per field, the created range and samples', async () => {
    const result = await runCli([
      'inspect',
      'fixtures/servicenow/incident_audit.csv',
      '--date-format',
      'd/M/yyyy HH:mm',
      '--null-token',
      '?',
      '--input-tz',
      'Europe/London',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const r = JSON.parse(result.stdout) as {
      profile: string;
      columns: Record<string, string>;
      rows: number;
      folded: number;
      fields: { field: string; present: number; empty: number; unparseable: number }[];
      created: { min: string; max: string; timezone: string };
      samples: { line: number; cells: Record<string, string> }[];
    };
    expect(r.profile).toBe('servicenow');
    expect(r.columns).toMatchObject({
      id: 'number',
      created: 'opened_at',
      version: 'sys_mod_count',
      status: 'incident_state',
      reassignments: 'reassignment_count',
    });
    expect(r.rows).toBe(servicenow.audit.read);
    expect(r.folded).toBe(servicenow.audit.duplicate);
    for (const f of r.fields) expect(f.present + f.empty + f.unparseable, f.field).toBe(r.rows);
    expect(r.fields.find((f) => f.field === 'created')).toMatchObject({ present: r.rows, unparseable: 0 });
    expect(r.created.timezone).toBe('Europe/London');
    expect(r.samples.map((s) => s.line)).toEqual([2, 3, 4]);
  });

  it('counts unparseable dates instead of failing', async () => {
    const result = await runCli([
      'inspect',
      'fixtures/servicenow/incident_audit.csv',
      '--null-token',
      '?',
      '--format',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const r = JSON.parse(result.stdout) as { fields: { field: string; unparseable: number }[] };
    expect(r.fields.find((f) => f.field === 'updated')?.unparseable).toBe(servicenow.audit.read);
  });

  it('fails with exit 3 on an unknown header, naming the closest profile', async () => {
    const result = await runCli(['inspect', '-'], {
      stdin: 'Ticket ID,Created time,Subject\n1,2025-11-03 09:00:00,x\n',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Closest profile: freshdesk');
    expect(result.stderr).toContain(
      '--profile generic --map id="Ticket ID" --map created="Created time" --map solved="<solved column>"',
    );
  });

  it('names no profile when little of one matches, and guesses the mapping from the column names', async () => {
    const result = await runCli(['report', '-'], {
      stdin: 'Unique Key,Created Date,Closed Date,Agency,Status\n1,05/01/2022 12:00:03 AM,,NYPD,Open\n',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the header matches no known export profile');
    expect(result.stderr).not.toContain('Closest profile');
    expect(result.stderr).toContain('(the columns named here are guesses from their names: check them)');
    expect(result.stderr).toContain(
      '--profile generic --map id="Unique Key" --map created="Created Date" --map closed="Closed Date"',
    );
    expect(result.stderr).toContain('Its columns: "Unique Key", "Created Date", "Closed Date", "Agency", "Status".');
  });

  it('gives the example for the command that was run, and cuts a long header to 30 columns', async () => {
    const header = ['Ref', 'Opened', ...Array.from({ length: 38 }, (_, i) => `Col ${i + 1}`)];
    const result = await runCli(['inspect', '-'], { stdin: `${header.join(',')}\n1,2022-05-01${',x'.repeat(38)}\n` });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('  opsmetrics inspect - --profile generic --map id="Ref"');
    expect(result.stderr).toContain('Its columns: "Ref", "Opened", "Col 1", ');
    expect(result.stderr).toContain(', "Col 28", … (40 in all).');
    expect(result.stderr).not.toContain('Col 29');
  });

  it('names check and the orders report in their examples, and quotes a column name holding a line break', async () => {
    const stdin = 'Ref,"Opened\nat",Owner\n1,2022-05-01,x\n';
    const check = await runCli(['check', '-', '--threshold', 'p90(frt) <= 4h'], { stdin });
    expect(check.code).toBe(3);
    expect(check.stderr).toContain('  opsmetrics check - --profile generic --map id="Ref"');
    expect(check.stderr).toContain('Its columns: "Ref", "Opened\\nat", "Owner".');
    const orders = await runCli(['report', '--orders', 'fixtures/orders/shopify_orders.csv', '--tickets', '-'], {
      stdin,
    });
    expect(orders.stderr).toContain(
      '  opsmetrics report --orders <orders file> --tickets - --profile generic --map id="Ref"',
    );
  });
});
