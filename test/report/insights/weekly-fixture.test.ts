/**
 * The complaints fixture (fixtures/complaints, generated with expectations computed independently by
 * scripts/expected/complaints_fixture.py): classification per week, --explain, dead rules, the
 * emerging-issue test on the constructed billing spike, and consistency figures by team.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport, readJson, runCli } from '../../e2e/helpers.js';

interface Expected {
  weeks: string[];
  created: Record<string, number>;
  class_counts: Record<string, Record<string, number>>;
  examples: Record<string, string[]>;
  emerging: {
    category: string;
    period: string;
    count: number;
    created: number;
    baseline_share: number;
    expected: number;
    p_value: number;
  };
  team_frt: {
    groups: number;
    min: number;
    max: number;
    median: number;
    iqr: number;
    cv: number;
    figures: Record<string, { n: number; value: number; z: number | null; flagged: boolean }>;
  };
  team_frt_predictability: Record<string, number>;
}

const expected = readJson<Expected>('fixtures/complaints/expected.json');
const ARGS = [
  'report',
  'fixtures/complaints/tickets.csv',
  '--config',
  'fixtures/complaints/opsmetrics.config.yml',
  '--input-tz',
  'UTC',
  '--period',
  'week',
  '--since',
  '2025-10-06',
  '--until',
  '2025-11-17',
];
const close = (actual: number | null | undefined, want: number) =>
  expect(Math.abs((actual ?? NaN) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));

describe('complaints fixture', async () => {
  const result = await runCli([...ARGS, '--insights', '--explain', '--format', 'json']);
  const report = parseReport(result) as ReturnType<typeof parseReport> &
    Record<string, unknown> & { [key: string]: never };

  it('runs cleanly, warns about the rule that never matched', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('opsmetrics: warning: complaint class retard: rule "zzz jamais" matched no ticket');
    // With --explain every dead rule is named; the default rules are in JSON only otherwise (see the table run below).
    expect(result.stderr).toMatch(/class lost_data: rules .*"corrupted"/);
    expect(report.complaints.unmatched).toContainEqual({ class: 'retard', rule: 'zzz jamais' });
    expect(report.complaints.unmatched).toContainEqual({ class: 'lost_data', rule: 'corrupted' });
  });

  it('reports complaints.<class> per week as class tickets / tickets created', () => {
    expect(report.rows.map((r) => r.period.label)).toEqual(expected.weeks);
    for (const row of report.rows) {
      const week = row.period.label;
      for (const [name, perWeek] of Object.entries(expected.class_counts)) {
        const metric = row.metrics[`complaints.${name}`];
        expect(metric, `${week} ${name}`).toMatchObject({
          kind: 'rate',
          numerator: perWeek[week],
          denominator: expected.created[week],
        });
      }
    }
  });

  it('explains the classes of hand-worked tickets (accents and case folded; several classes per ticket)', () => {
    const matches = report.complaints.matches as {
      ticket: string;
      class: string;
      rule: string;
      field: string;
      text: string;
    }[];
    for (const [ticket, classes] of Object.entries(expected.examples)) {
      const found = [...new Set(matches.filter((m) => m.ticket === ticket).map((m) => m.class))].sort();
      expect(found, `ticket ${ticket}`).toEqual(classes);
    }
    expect(matches).toContainEqual(
      expect.objectContaining({ class: 'retard', rule: 'retardé', field: 'subject', text: 'retarde' }),
    );
    expect(matches).toContainEqual(
      expect.objectContaining({ class: 'retard', field: 'subject', text: 'en attente depuis 12 jours' }),
    );
    expect(result.stderr).toMatch(
      /opsmetrics: explain: ticket \d+: order_error by rule "wrong item" in tags: "wrong_item"/,
    );
  });

  it('flags the constructed billing spike with the independently computed p-value, and nothing else', () => {
    const emerging = report.insights.patterns.emerging as Expected['emerging'][];
    expect(emerging).toHaveLength(1);
    const e = emerging[0]!;
    expect(e).toMatchObject({
      category: expected.emerging.category,
      period: expected.emerging.period,
      count: expected.emerging.count,
      created: expected.emerging.created,
    });
    close(e.baseline_share, expected.emerging.baseline_share);
    close(e.expected, expected.emerging.expected);
    close(e.p_value, expected.emerging.p_value);
  });

  it('gives the spread of median first reply across teams and flags only the slow team with enough tickets', () => {
    const team = report.insights.consistency.dimensions.find((d: { dimension: string }) => d.dimension === 'team');
    const frt = team.measures.find((m: { measure: string }) => m.measure === 'frt_median_min');
    const want = expected.team_frt;
    expect(frt.groups).toBe(want.groups);
    for (const key of ['min', 'max', 'median', 'iqr', 'cv'] as const) close(frt[key], want[key]);
    for (const figure of frt.figures as {
      group: string;
      n: number;
      value: number;
      z: number | null;
      flagged: boolean;
    }[]) {
      const w = want.figures[figure.group]!;
      expect(figure.n, figure.group).toBe(w.n);
      close(figure.value, w.value);
      if (w.z === null) expect(figure.z).toBeNull();
      else close(figure.z, w.z);
      expect(figure.flagged, figure.group).toBe(w.flagged);
    }
    // Team E is the slowest of all, but with 5 tickets it is never flagged.
    expect(frt.figures.find((f: { group: string }) => f.group === 'E')).toMatchObject({
      n: 5,
      flagged: false,
      z: null,
    });
    for (const p of report.insights.consistency.predictability.filter(
      (x: { measure: string }) => x.measure === 'frt',
    )) {
      close(p.ratio, expected.team_frt_predictability[p.team]!);
    }
  });

  it('shows a sparkline per headline figure in the terminal table', async () => {
    const table = await runCli([...ARGS, '--format', 'table']);
    expect(table.code).toBe(0);
    // Created per week: 20, 20, 20, 20, 20, 30 -> five lowest bars and the highest.
    expect(table.stdout).toMatch(/^Created\s+▁▁▁▁▁█ {2}20 → 30$/m);
    expect(table.stderr).toContain('complaint class retard: rule "zzz jamais" matched no ticket');
    expect(table.stderr).not.toMatch(/class lost_data: rule/);
  });

  it('rejects an invalid rule in the config with its key path (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-'));
    const config = join(dir, 'bad.yml');
    writeFileSync(config, 'complaints:\n  classes:\n    delay: { any: ["/(unclosed/"] }\n');
    const bad = await runCli(['report', 'fixtures/complaints/tickets.csv', '--config', config, '--input-tz', 'UTC']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('complaints.classes.delay.any[0]');
    expect(bad.stdout).toBe('');
  });
});
