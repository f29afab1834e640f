/**
 * Business hours end to end: the built CLI with a config file (written to a temp dir) that defines a
 * schedule, on fixtures/business-hours/tickets.csv. Expected values are worked out by hand below.
 *
 * Schedule "office": Mon-Fri 09:00-17:00 UTC. 2025-11-17 is a Monday.
 * - B1 Mon 16:00 -> reply Tue 10:00: 60 + 60 = 120 min; solved Tue 12:00: 60 + 180 = 240 min = 4 h
 * - B2 Sat 12:00 -> reply Mon 24th 09:45: closed until Monday 09:00 -> 45 min; solved Mon 11:00: 2 h
 * - B3 Tue 10:00 -> reply 10:20: 20 min; solved 15:00: 5 h
 * frt 20, 45, 120 -> median 45 min; resolution_full 2, 4, 5 h -> median 4 h.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport, runCli } from './helpers.js';

const CONFIG = `
input:
  profile: generic
  map: { id: Ticket, created: Opened, first_reply: First Reply, solved: Solved, team: Team }
schedules:
  office:
    timezone: UTC
    hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] }
  late:
    timezone: UTC
    hours: { mon: ["12:00-20:00"], tue: ["12:00-20:00"], wed: ["12:00-20:00"], thu: ["12:00-20:00"], fri: ["12:00-20:00"] }
report:
  hours: office
`;

let configPath = '';
const ARGS = () => [
  'report',
  'fixtures/business-hours/tickets.csv',
  '--config',
  configPath,
  '--since',
  '2025-11-17',
  '--until',
  '2025-11-25',
  '--as-of',
  '2025-11-26',
  '--format',
  'json',
  '--quiet',
];

beforeAll(() => {
  configPath = join(mkdtempSync(join(tmpdir(), 'opsmetrics-bh-')), 'opsmetrics.config.yml');
  writeFileSync(configPath, CONFIG);
});

describe('report with a business-hours schedule from the config', () => {
  it('states the clock and counts only open hours', async () => {
    const result = await runCli(ARGS(), { tz: 'Asia/Kolkata' });
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result) as ReturnType<typeof parseReport> & {
      definitions: { clock: string; sources: Record<string, string> };
    };
    expect(report.definitions.clock).toBe('business hours: office (UTC)');
    expect(report.definitions.sources.frt).toContain('business hours from timestamps');
    expect(report.rows[0]!.metrics.frt).toMatchObject({ n: 3, median: 45, min: 20, max: 120 });
    expect(report.rows[0]!.metrics.resolution_full).toMatchObject({ n: 3, median: 4, min: 2, max: 5 });
  });

  it('lets --hours choose another schedule', async () => {
    // "late" opens 12:00-20:00 UTC. B1: Mon 16:00-20:00 = 240 min; the reply at Tue 10:00 comes before
    // Tuesday's opening, so 240 min. B2: Saturday -> Monday 09:45, before Monday's opening: 0 min.
    // B3: Tue 10:00 -> 10:20, before the opening: 0 min. frt 0, 0, 240 -> median 0.
    const result = await runCli([...ARGS(), '--hours', 'late']);
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result) as ReturnType<typeof parseReport> & { definitions: { clock: string } };
    expect(report.definitions.clock).toBe('business hours: late (UTC)');
    expect(report.rows[0]!.metrics.frt).toMatchObject({ n: 3, median: 0, max: 240 });
  });

  it('exits 2 naming the known schedules for an unknown --hours', async () => {
    const result = await runCli([...ARGS(), '--hours', 'night']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--hours');
    expect(result.stderr).toContain('office, late');
  });
});
