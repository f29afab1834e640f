/**
 * The orders report end to end: a Shopify export (line items folded, a cancellation, refunds, a
 * partial fulfilment, +0200/+0100 offsets, one impossible date) with Zendesk tickets linked by order
 * number, subject reference and email; and a generic marketplace export split into orders and items
 * with date-only estimated deliveries. Expected values: scripts/expected/orders_expected.py.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ExpectedMetrics,
  metricMismatches,
  parseReport,
  readJson,
  repoRoot,
  type Report,
  runCli,
  type RunResult,
  sameInstant,
} from './helpers.js';

interface Run {
  args: string[];
  as_of: string;
  input: { read: number; used: number; rejected: number };
  metrics: ExpectedMetrics;
  order_contacts?: {
    tickets: number;
    unlinked: number;
    categories_after_late: unknown[];
    categories_after_on_time: unknown[];
  };
}
const expected = readJson<{ shopify: Run; generic: Run }>('fixtures/orders/expected.json');

type OrdersReport = Report & { kind: string; order_contacts?: Record<string, unknown> };

for (const name of ['shopify', 'generic'] as const) {
  describe(`orders report: ${name} fixture`, () => {
    const run = expected[name];
    let result: RunResult;
    let report: OrdersReport;
    beforeAll(async () => {
      result = await runCli(run.args);
      report = parseReport(result) as OrdersReport;
    });

    it('exits 0 with one rejected row, accounted for', () => {
      expect(result.code, result.stderr).toBe(0);
      expect(report.kind).toBe('orders');
      expect(report.input.read).toBe(run.input.read);
      expect(report.input.used).toBe(run.input.used);
      expect(report.input.rejected).toBe(run.input.rejected);
      expect(report.input.read).toBe(
        report.input.used +
          report.input.rejected +
          report.input.skipped.outside_period +
          report.input.skipped.duplicate,
      );
    });

    it('judges open orders at the default as-of', () => {
      expect(sameInstant(report.window.as_of, run.as_of), report.window.as_of).toBe(true);
    });

    it('matches the independently computed metrics', () => {
      expect(report.rows).toHaveLength(1);
      expect(metricMismatches(name, report.rows[0]?.metrics, run.metrics)).toEqual([]);
    });

    if (run.order_contacts) {
      it('says how tickets were linked and which categories follow late orders', () => {
        const contacts = report.order_contacts!;
        expect(contacts.tickets).toBe(run.order_contacts!.tickets);
        expect(contacts.unlinked).toBe(run.order_contacts!.unlinked);
        expect(contacts.categories_after_late).toEqual(run.order_contacts!.categories_after_late);
        expect(contacts.categories_after_on_time).toEqual(run.order_contacts!.categories_after_on_time);
      });
    }
  });
}

describe('orders report edge cases', () => {
  it('gives the same figures whatever the host time zone', async () => {
    const [utc, tokyo] = await Promise.all([
      runCli(expected.shopify.args),
      runCli(expected.shopify.args, { tz: 'Asia/Tokyo' }),
    ]);
    expect(tokyo.stdout).toBe(utc.stdout);
  });

  it('exits 3 on the impossible date without the allowance, naming file, line and column', async () => {
    const args = expected.shopify.args.filter((a) => a !== 'fixtures/orders/opsmetrics.config.yml' && a !== '--config');
    const result = await runCli([...args, '--input-tz', 'Europe/Berlin', '--promise-days', '2']);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/shopify_orders\.csv:17/);
    expect(result.stderr).toContain('Created at');
  });

  it('marks on-time metrics unavailable without a promise, and splits rows with --by', async () => {
    const result = await runCli([
      'report',
      '--orders',
      'fixtures/orders/shopify_orders.csv',
      '--format',
      'json',
      '--max-bad-rows',
      '1',
      '--by',
      'channel',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = parseReport(result);
    expect(report.rows.map((r) => r.group.channel)).toEqual(['pos', 'web']);
    expect(report.rows[0]?.metrics.on_time_rate?.kind).toBe('unavailable');
    expect(report.rows[0]?.metrics.orders).toEqual({ kind: 'count', value: 2 });
    expect(report.rows[0]?.metrics.contacts_per_order?.kind).toBe('unavailable');
  });

  it('reads orders and tickets alike on both CSV engines (the fast one by default)', async () => {
    for (const run of [expected.shopify, expected.generic]) {
      const [fast, reference] = await Promise.all([
        runCli(run.args),
        runCli(run.args, { env: { OPSMETRICS_ENGINE: 'reference' } }),
      ]);
      expect(fast.code, fast.stderr).toBe(0);
      expect(fast.stdout).toBe(reference.stdout);
      expect(fast.stderr).toBe(reference.stderr);
    }
  });

  it(
    'reads an orders file again on the reference reader ' + 'when the fast one gives way mid-file, and says so',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-orders-'));
      const file = join(dir, 'orders_generic.csv');
      // A quote inside an unquoted field (line 5): csv-parse rejects that row; the fast reader does not read it.
      const lines = readFileSync(join(repoRoot, 'fixtures/orders/orders_generic.csv'), 'utf8').split('\n');
      lines[4] = (lines[4] as string).replace('max@example.com', 'max"@example.com');
      writeFileSync(file, lines.join('\n'));
      const args = [
        'report',
        '--config',
        'fixtures/orders/generic.config.yml',
        '--orders',
        file,
        '--orders',
        'fixtures/orders/order_items.csv',
        '--format',
        'json',
        '--max-bad-rows',
        '5',
      ];
      const [fast, reference] = await Promise.all([
        runCli(args),
        runCli(args, { env: { OPSMETRICS_ENGINE: 'reference' } }),
      ]);
      expect(fast.code, fast.stderr).toBe(0);
      const note =
        `opsmetrics: note: ${file}: read again with the reference CSV reader (the fast one gave way: ` +
        `a double quote inside an unquoted field); the figures are the same, the run only slower\n`;
      expect(fast.stderr.startsWith(note)).toBe(true);
      expect(fast.stderr.slice(note.length)).toBe(reference.stderr);
      expect(reference.stderr).toContain('bad_quoting');
      expect(fast.stdout).toBe(reference.stdout);
      // The same with the items file piped in first: standard input is read again from its copy.
      const piped = [
        'report',
        '--config',
        'fixtures/orders/generic.config.yml',
        '--orders',
        '-',
        '--orders',
        file,
        '--format',
        'json',
        '--max-bad-rows',
        '5',
      ];
      const stdin = readFileSync(join(repoRoot, 'fixtures/orders/order_items.csv'), 'utf8');
      const [fastPiped, referencePiped] = await Promise.all([
        runCli(piped, { stdin }),
        runCli(piped, { stdin, env: { OPSMETRICS_ENGINE: 'reference' } }),
      ]);
      expect(fastPiped.code, fastPiped.stderr).toBe(0);
      expect(fastPiped.stderr.startsWith(note)).toBe(true);
      expect(fastPiped.stdout).toBe(referencePiped.stdout);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe('orders report: output options shared with the ticket report', () => {
  it('writes CSV with --output-delimiter, as the ticket report does', async () => {
    const args = [
      ...expected.shopify.args.filter((a) => a !== '--format' && a !== 'json'),
      '--format',
      'csv',
      '--output-delimiter',
      ';',
    ];
    const result = await runCli(args);
    expect(result.code, result.stderr).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header?.startsWith('period;period_start;period_end;orders;')).toBe(true);
    expect(header).not.toContain(',');
    // Every row has as many cells as the header.
    expect(row?.split(';').length).toBe(header?.split(';').length);
  });
});
