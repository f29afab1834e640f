/**
 * The order byte lane (engine/order-lane.ts: keys found and added by bytes, dimensions interned from
 * bytes, status flags by value, amounts from digits, ISO timestamps from the cell pass, on the reading
 * thread or not) must leave the order table, the counts and the issues exactly as the reference `read`
 * of ingest/orders.ts leaves them, and the CLI must print the same report, summary and rejects file
 * on either engine. Inputs: seeded random Shopify-style exports with line items folded and every kind
 * of mess: bad dates and amounts, negative amounts, empty and padded ids, ids written `#1001`,
 * `No. 12`, `ORD-7` (one order), upper-case e-mails, quoted cells with commas, newlines and doubled
 * quotes, blank lines, ragged rows, null tokens, a BOM, CRLF, duplicate line items, a second export
 * repeating orders, refunds and voided orders, offsets of several zones, events before the creation
 * or the payment.
 *
 * Expected values come from the reference path only: the same files read with csv-parse
 * (OPSMETRICS_ENGINE=reference) and folded by `read`.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { amountFromBytes } from '../../src/engine/order-lane.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { runCli } from '../e2e/helpers.js';
import { readBuilt } from '../helpers/built-read.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-order-lane-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Currency',
  'Total',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Shipping Country',
  'Cancelled at',
  'Refunded Amount',
  'Source',
  'Tags',
];

function random32(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/**
 * A Shopify-style export of about `orders` orders (1-3 line items each), messy as described above,
 * with the first `width` columns of HEADER (all by default).
 */
function orderCsv(seed: number, orders: number, firstOrder = 1001, width = HEADER.length): string {
  const random = random32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const pad = (n: number) => String(n).padStart(2, '0');
  const zones = [' -0500', ' +0100', ' +0200', 'Z', '', ' +0530', '+01:00'];
  const stamp = (ms: number, zone: string) => {
    const d = new Date(ms);
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return zone === 'Z' ? `${date}T${time}Z` : `${date} ${time}${zone}`;
  };
  const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const out = [HEADER.slice(0, width).join(',')];
  const items = ['Canvas tote', 'Wool socks (3 pack)', 'Chino "slim" 32/32', 'Mug, large', 'Scarf\nred', 'Cap'];
  for (let o = 0; o < orders; o++) {
    const number = firstOrder + o;
    const idStyle = random();
    const id =
      idStyle < 0.8
        ? `#${number}`
        : idStyle < 0.85
          ? `No. ${number}`
          : idStyle < 0.88
            ? `nr${number}`
            : idStyle < 0.91
              ? ` #${number} `
              : idStyle < 0.94
                ? `ORD-${number}`
                : idStyle < 0.96
                  ? `#${String(number).padStart(7, '0')}`
                  : idStyle < 0.97
                    ? `Ord-Ü${number}`
                    : `${number}`;
    const zone = pick(zones);
    const created = Date.UTC(2025, 0, 1) + Math.floor(random() * 60 * 86_400_000);
    const email = pick([
      'buyer1@example.com',
      'Buyer2@Example.com',
      'buyer3@example.com',
      'NULL',
      '',
      'jörg@example.de',
    ]);
    const financial = pick(['paid', 'paid', 'paid', 'refunded', 'partially_refunded', 'voided', 'Voided', 'pending']);
    const paid = random() < 0.9 ? created + Math.floor(random() * 3_600_000) - (random() < 0.05 ? 7_200_000 : 0) : NaN;
    const fulfilled =
      random() < 0.8 ? created + Math.floor(random() * 5 * 86_400_000) - (random() < 0.05 ? 86_400_000 : 0) : NaN;
    const lines = 1 + Math.floor(random() * 3);
    for (let l = 0; l < lines; l++) {
      const head = l === 0;
      const bad = random();
      const createdText =
        bad < 0.01 ? '2025-02-31 10:00:00 +0100' : bad < 0.015 ? 'yesterday' : bad < 0.02 ? '' : stamp(created, zone);
      const total =
        bad > 0.99 ? '€12.00' : bad > 0.985 ? '-5.00' : bad > 0.98 ? '1,234.50' : (random() * 300).toFixed(2);
      const price = pick(['15.10', '18,90', '+7.5', '0', '12', '0012.50', '3.999', 'N/A', '']);
      const cells = [
        bad > 0.975 && bad < 0.978 ? '' : id,
        head || random() < 0.5 ? email : '',
        head ? financial : '',
        head && !Number.isNaN(paid) ? stamp(paid, zone) : '',
        head ? pick(['fulfilled', 'partial', '', 'unfulfilled']) : '',
        head && !Number.isNaN(fulfilled) ? stamp(fulfilled, pick(zones)) : '',
        head ? pick(['EUR', 'USD', ' EUR']) : '',
        head ? total : '',
        head ? pick(['DHL Paket', 'UPS Standard', 'Pickup', '"Post, DE"', 'n/a']) : '',
        // Line-item rows repeat the creation, sometimes with another time (a second order under a reused number).
        head || random() < 0.9 ? createdText : random() < 0.5 ? stamp(created + 1000, zone) : '',
        String(1 + Math.floor(random() * 2)),
        quote(random() < 0.1 ? '' : pick(items)),
        price,
        head ? pick(['DE', 'US', 'AT', 'de', '']) : '',
        head && financial.toLowerCase() === 'voided' && random() < 0.5 ? stamp(created + 60_000, zone) : '',
        head ? pick(['0.00', '0.00', '12.50', '', '-1']) : '',
        head ? pick(['web', 'pos', 'Web', 'shopify_draft_order']) : '',
        head ? quote(pick(['vip', 'a, b', '', 'x""y'])) : '',
      ];
      cells.splice(width);
      const damage = random();
      if (damage < 0.01) out.push(pick(['', ',,,', ' ']));
      if (damage > 0.995) cells.splice(5);
      else if (damage > 0.99) cells.push('', '');
      else if (damage > 0.987) cells.push('surplus');
      out.push(cells.join(','));
      // A duplicated line-item row, as an export written twice over can have.
      if (!head && random() < 0.03) out.push(cells.join(','));
    }
  }
  const eol = seed % 3 === 0 ? '\r\n' : '\n';
  return (seed % 5 === 0 ? '\uFEFF' : '') + out.join(eol) + (seed % 4 === 0 ? '' : eol);
}

const issueView = (i: RowIssue) => ({
  code: i.code,
  file: i.file,
  line: i.line,
  column: i.column,
  value: i.value,
  action: i.action,
  message: i.message,
  hint: i.hint,
  cells: i.cells === undefined ? undefined : [...i.cells],
});

/** Reads `files` into one order table in this process with the built engines (dist/: the reading thread needs it). */
async function ingestOrders(files: string[], engine: 'reference' | 'fast', env: Record<string, string>) {
  const [
    { createOrderRowReader, OrderBuilder },
    { finalizeOrders },
    { OrderKeys },
    { orderRecordSink },
    { profileOf },
    { OrderTable, ORDER_INSTANT_FIELDS, ORDER_AMOUNT_FIELDS },
    { sampling },
  ] = await Promise.all([
    import('../../dist/ingest/orders.js'),
    import('../../dist/ingest/order-finalize.js'),
    import('../../dist/engine/order-keys.js'),
    import('../../dist/engine/order-lane.js'),
    import('../../dist/ingest/profiles/resolve.js'),
    import('../../dist/model/order.js'),
    import('../../dist/ingest/samples.js'),
  ]);
  const issues: RowIssue[] = [];
  const table = new OrderTable(16);
  const keys = engine === 'fast' ? new OrderKeys() : undefined;
  const builder = new OrderBuilder(table, keys);
  // As the CLI does on the fast reader: absent fields share arrays (OrderTable.useOnlyPresent).
  if (engine === 'fast') table.useOnlyPresent();
  const samples: string[][][] = [];
  let read = 0;
  let blank = 0;
  for (const [fileIndex, file] of files.entries()) {
    const sample: string[][] = [];
    const counted = await readBuilt(
      file,
      engine,
      env,
      (i) => issues.push(i),
      (header) => {
        const reader = createOrderRowReader(header, builder, {
          file,
          fileIndex,
          profile: profileOf('orders', 'auto', header),
          map: {},
          by: ['tags', 'Shipping Country'],
          inputTimezone: 'America/New_York',
          dateFormats: { formats: [], byColumn: {} },
          deadlineZone: 'UTC',
          nullTokens: ['', 'NULL', 'N/A', 'unknown'],
          onBadValue: env.POLICY === 'null' ? 'null' : 'reject',
          onIssue: (i) => issues.push(i),
        });
        if (engine === 'reference') return { read: sampling(reader.read, sample) };
        const sink = orderRecordSink(reader.lane, reader.read, builder, keys as InstanceType<typeof OrderKeys>, sample);
        expect(sink.readBytes).toBeDefined();
        return { sink, read: sink.read };
      },
    );
    read += counted.read;
    blank += counted.blank;
    samples.push(sample);
  }
  finalizeOrders(builder, { policy: env.POLICY === 'null' ? 'null' : 'reject', firstFile: files[0] as string }, (i) =>
    issues.push(i),
  );
  const rows: Record<string, unknown>[] = [];
  for (let row = 0; row < table.length; row++) {
    const view: Record<string, unknown> = {
      id: table.ids[row],
      line: table.lines[row],
      rows: table.rows[row],
      items: table.lineItems[row],
      primary: table.primaryFile[row],
      cancelled: table.cancelledStatus[row],
      refunded: table.refundedStatus[row],
    };
    for (const f of ORDER_INSTANT_FIELDS) if (!Number.isNaN(table.instants[f][row])) view[f] = table.instants[f][row];
    for (const f of ORDER_AMOUNT_FIELDS) if (!Number.isNaN(table.amounts[f][row])) view[f] = table.amounts[f][row];
    for (const [name, column] of table.dims) {
      const code = column.codes[row] as number;
      if (code !== 0) view[name] = `${code}:${column.dictionary.values[code]}`;
    }
    rows.push(view);
  }
  const dictionaries = Object.fromEntries([...table.dims].map(([name, column]) => [name, column.dictionary.values]));
  return {
    read,
    blank,
    counts: { ...builder.counts },
    dateOnlyPromises: builder.dateOnlyPromises,
    rows,
    dictionaries,
    samples,
    issues: issues.map(issueView),
  };
}

describe('amounts from bytes', () => {
  it('reads every text as `read` does (the pattern, then Number), and leaves negatives and long ones to it', () => {
    const pattern = /^[+-]?\d+(?:[.,]\d+)?$/;
    const digits = fc.stringMatching(/^[0-9]{1,9}$/);
    const text = fc.oneof(
      fc.tuple(fc.constantFrom('', '+', '-'), digits, fc.constantFrom('', '.', ','), fc.stringMatching(/^[0-9]{0,8}$/)),
      fc.tuple(fc.constant(''), fc.string({ maxLength: 8 }), fc.constant(''), fc.constant('')),
    );
    fc.assert(
      fc.property(text, ([sign, whole, point, fraction]) => {
        const value = `${sign}${whole}${point}${fraction}`;
        const bytes = Buffer.from(value, 'utf8');
        const expected = pattern.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
        const got = amountFromBytes(bytes, 0, bytes.length);
        const countDigits = value.replace(/[^0-9]/g, '').length;
        if (Number.isNaN(expected) || expected < 0 || Object.is(expected, -0) || countDigits > 15)
          expect(Number.isNaN(got) || (got === expected && !Object.is(got, -0))).toBe(true);
        else expect(got).toBe(expected);
        // The lane never takes what `read` reports (a negative amount) nor what it does not read.
        if (sign === '-' || !pattern.test(value)) expect(Number.isNaN(got)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    const exact = (t: string) => amountFromBytes(Buffer.from(t), 0, t.length);
    expect([exact('12.50'), exact('12,50'), exact('+0.1'), exact('0012.5'), exact('3.999')]).toEqual([
      12.5, 12.5, 0.1, 12.5, 3.999,
    ]);
  });
});

describe('order byte lane against the reference engine, whole tables in process', () => {
  for (const policy of ['reject', 'null']) {
    it(`folds the same orders with the same issues in the same order (--on-bad-value ${policy})`, async () => {
      const first = join(dir, `first-${policy}.csv`);
      const second = join(dir, `second-${policy}.csv`);
      // The second export repeats some of the first's orders (duplicates from another file) and adds new ones.
      // The first lacks the refunds and the channel: the second file's reader declares them after the table grew.
      writeFileSync(first, orderCsv(policy === 'null' ? 15 : 12, 1500, 1001, HEADER.length - 3));
      writeFileSync(second, orderCsv(policy === 'null' ? 16 : 13, 700, 2300));
      const reference = await ingestOrders([first, second], 'reference', { POLICY: policy });
      const single = await ingestOrders([first, second], 'fast', { POLICY: policy, OPSMETRICS_SCAN_THREAD: 'off' });
      expect(single).toEqual(reference);
      const threaded = await ingestOrders([first, second], 'fast', {
        POLICY: policy,
        OPSMETRICS_SCAN_THREAD: 'on',
        OPSMETRICS_SCAN_CHUNK_BYTES: String(16_384),
      });
      expect(threaded).toEqual(reference);
      // The mess is there: every kind of issue, repeated orders, and most orders folded without one.
      const codes = new Set(reference.issues.map((i) => `${i.code}/${i.action}`));
      for (const code of ['bad_date', 'bad_number', 'impossible_value', 'missing_required', 'ragged_row'])
        expect(
          [...codes].some((c) => c.startsWith(code)),
          code,
        ).toBe(true);
      expect(reference.counts.duplicate).toBeGreaterThan(0);
      expect(reference.rows.length).toBeGreaterThan(1500);
      expect(reference.rows.filter((r) => r.cancelled === 1).length).toBeGreaterThan(50);
      expect(reference.rows.filter((r) => (r.items as number) > 1).length).toBeGreaterThan(300);
    });
  }
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  rejects: string;
}

async function cli(files: string[], extra: string[], env: NodeJS.ProcessEnv, tag: string): Promise<CliRun> {
  const rejects = join(dir, `${tag}-rejects.csv`);
  const args = [
    'report',
    ...files.flatMap((f) => ['--orders', f]),
    '--by',
    'carrier,financial_status,customer,tags',
    '--max-bad-rows',
    '1000000',
    '--orders-input-tz',
    'America/New_York',
    '--null-token',
    'unknown',
    '--rejects',
    rejects,
    ...extra,
  ];
  const result = await runCli(args, {
    env: { OPSMETRICS_SCAN_THREAD: '', OPSMETRICS_SCAN_CHUNK_BYTES: '', OPSMETRICS_ENGINE: '', ...env },
  });
  let text = '';
  try {
    text = readFileSync(rejects, 'utf8');
  } catch {
    text = '';
  }
  return { ...result, rejects: text };
}

describe('order byte lane against the reference engine, whole files through the CLI', () => {
  const runs: [string, string[]][] = [
    ['json', ['--format', 'json']],
    ['csv-paid-null', ['--format', 'csv', '--orders-from', 'paid', '--on-bad-value', 'null']],
    // Timestamps in a format of their own: the lane parses their text (and hands the others to `read`).
    ['date-format', ['--format', 'json', '--orders-date-format', 'yyyy-MM-dd HH:mm:ss xx']],
  ];
  for (const [name, extra] of runs) {
    it(`prints the same report, summary and rejects (${name})`, async () => {
      const first = join(dir, `cli-first-${name}.csv`);
      const second = join(dir, `cli-second-${name}.csv`);
      // Over 1,024 orders: the table grows, with arrays shared by the absent fields.
      writeFileSync(first, orderCsv(name === 'json' ? 20 : 30, 1100));
      writeFileSync(second, orderCsv(name === 'json' ? 21 : 31, 300, 1400));
      const files = [first, second];
      const [reference, single, threaded] = await Promise.all([
        cli(files, extra, { OPSMETRICS_ENGINE: 'reference' }, `${name}-reference`),
        cli(files, extra, { OPSMETRICS_SCAN_THREAD: 'off' }, `${name}-single`),
        cli(files, extra, { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: '16384' }, `${name}-threaded`),
      ]);
      expect(reference.code, reference.stderr).toBe(0);
      expect(reference.rejects.split('\n').length).toBeGreaterThan(20);
      if (extra.includes('json')) {
        // Many rows are read (with the date format, those of four zones in seven): the lane has rows to take.
        const { input } = JSON.parse(reference.stdout) as { input: { read: number; used: number } };
        expect(input.used).toBeGreaterThan(input.read / 4);
      }
      for (const run of [single, threaded]) {
        expect(run.stderr).toBe(reference.stderr);
        expect(run.stdout).toBe(reference.stdout);
        expect(run.rejects).toBe(reference.rejects);
        expect(run.code).toBe(reference.code);
      }
    });
  }
});
