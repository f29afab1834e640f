/**
 * Complaint classification reads every subject, so it runs only when asked for: --complaints,
 * --insights, --explain, --format html, or a `complaints:` section in the config.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const base = ['report', 'fixtures/zendesk/tickets.csv', '--input-tz', 'America/New_York', '--format', 'json'];
const complaintIds = (stdout: string) =>
  Object.keys((JSON.parse(stdout) as { rows: { metrics: Record<string, unknown> }[] }).rows[0]!.metrics).filter((id) =>
    id.startsWith('complaints.'),
  );

describe('complaint classes', () => {
  it('are not computed by default', async () => {
    const result = await runCli(base);
    expect(result.code).toBe(0);
    expect(complaintIds(result.stdout)).toEqual([]);
    expect((JSON.parse(result.stdout) as { complaints?: unknown }).complaints).toBeUndefined();
  });

  it('are computed with --complaints, one rate per default class', async () => {
    const result = await runCli([...base, '--complaints']);
    expect(result.code).toBe(0);
    // The six default classes of docs/weekly-report.md.
    expect(complaintIds(result.stdout)).toHaveLength(6);
  });
});
