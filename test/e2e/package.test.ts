/**
 * The package ships what it runs: the bundle, the API's types, the LICENSE (npm adds README and
 * package.json), and the API is reached through the package's own `exports`, as a user imports it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the package', () => {
  it('packs the bundle, the declarations, the license and nothing of the sources or tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain('LICENSE');
    expect(files).toContain('bin/opsmetrics.js');
    expect(files).toContain('dist/bundle/main.js');
    expect(files).toContain('dist/bundle/index.js');
    expect(files).toContain('dist/index.d.ts');
    const outside = files.filter(
      (f) => !/^(bin\/|dist\/bundle\/|LICENSE$|README\.md$|package\.json$)/.test(f) && !/^dist\/.*\.d\.ts$/.test(f),
    );
    expect(outside).toEqual([]);
  });

  it('installs again only what the bundle leaves out (the renderers and parsers loaded on demand)', () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['iconv-lite', 'write-excel-file', 'yaml']);
    for (const bundled of ['commander', 'chalk', 'csv-parse', 'simple-statistics', '@date-fns/tz']) {
      expect(manifest.devDependencies[bundled], bundled).toBeDefined();
    }
  });

  it('gives the programmatic API through its exports, and it reads and reports an export', async () => {
    const api = (await import('opsmetrics')) as typeof import('../../src/index.js');
    const config = await api.loadConfig(undefined, root);
    const run = api.resolveTicketRun({ inputTz: 'America/New_York', tz: 'America/New_York', quiet: true }, config, {});
    const loaded = await api.loadTickets([resolve(root, 'fixtures/zendesk/tickets.csv')], run, config, {
      version: '0',
    });
    const { report } = await api.ticketReport(loaded, { insights: false, explain: false });
    expect(report.kind).toBe('tickets');
    expect(report.input.read).toBe(
      report.input.used + report.input.rejected + report.input.skipped.outside_period + report.input.skipped.duplicate,
    );
    const csv = await api.render(report, 'csv');
    expect(String(csv).split('\n')[0]).toContain('frt_median_min');
  });
});
