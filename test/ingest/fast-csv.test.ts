import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FastPathBailout, openFastCsv } from '../../src/engine/fast-csv.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { openRecordSource } from '../../src/ingest/records.js';
import { runCli } from '../e2e/helpers.js';

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

interface Read {
  header: string[];
  records: { cells: readonly string[]; line: number }[];
  issues: RowIssue[];
  blank: number;
}

async function reference(bytes: Buffer, name = 'x.csv'): Promise<Read | 'error'> {
  const issues: RowIssue[] = [];
  try {
    const source = await openRecordSource(chunks(bytes, 1 << 16), { name, onIssue: (i) => issues.push(i) });
    const records: Read['records'] = [];
    for await (const record of source.records) records.push({ cells: record.cells, line: record.line });
    return { header: source.header, records, issues, blank: source.stats().blank };
  } catch {
    return 'error';
  }
}

/** The fast engine's reading, 'routed' when it sends the input to the reference path. */
async function fast(bytes: Buffer, chunkSize: number, name = 'x.csv'): Promise<Read | 'routed'> {
  const issues: RowIssue[] = [];
  const source = await openFastCsv(chunks(bytes, chunkSize), {
    name,
    maxFieldBytes: 10 << 20,
    onIssue: (i) => issues.push(i),
  });
  if (source === undefined) return 'routed';
  const records: Read['records'] = [];
  try {
    await source.run({ read: (cells, line) => records.push({ cells: [...cells], line }) });
  } catch (error) {
    if (error instanceof FastPathBailout) return 'routed';
    throw error;
  }
  return { header: source.header, records, issues, blank: source.stats().blank };
}

const cellText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '1', ' ', 'é', '日', '🚀', '-', ':'), maxLength: 8 }),
  },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', 'ü', ' '), maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constant('') },
);

const csvFile = fc
  .record({
    width: fc.integer({ min: 1, max: 5 }),
    rows: fc.array(fc.array(cellText, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
    forceQuote: fc.boolean(),
    chunk: fc.integer({ min: 1, max: 64 }),
  })
  .map(({ width, rows, eol, bom, finalEol, forceQuote, chunk }) => {
    const quote = (cell: string) => (forceQuote || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const header = Array.from({ length: width }, (_, i) => `col${i}`);
    const lines = [header, ...rows].map((cells) => cells.map(quote).join(','));
    const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol ? eol : '');
    return { bytes: Buffer.from(text, 'utf8'), chunk };
  });

describe('fast CSV engine', () => {
  it(
    'yields exactly the header, cells, lines, issues ' + 'and blank count of the reference reader (csv-parse)',
    async () => {
      await fc.assert(
        fc.asyncProperty(csvFile, async ({ bytes, chunk }) => {
          const mine = await fast(bytes, chunk);
          const theirs = await reference(bytes);
          if (mine === 'routed') return;
          expect(mine).toEqual(theirs);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('reads well-formed quoted input itself rather than routing it', async () => {
    const text =
      '\uFEFFId,Subject,Created\r\n1,"Hello, ""world""\r\nline 2",2025-01-02\r\n2,Grüße 🚀,2025-01-03\r\n\r\n3,,\r\n';
    const mine = await fast(Buffer.from(text), 5);
    expect(mine).not.toBe('routed');
    expect(mine).toEqual(await reference(Buffer.from(text)));
    expect((mine as Read).records.map((r) => r.line)).toEqual([2, 4, 6]);
  });

  it('reports ragged rows exactly as the reference reader does', async () => {
    const text = 'a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n';
    const mine = await fast(Buffer.from(text), 3);
    expect(mine).toEqual(await reference(Buffer.from(text)));
    expect((mine as Read).issues.map((i) => [i.code, i.line])).toEqual([
      ['ragged_row', 2],
      ['ragged_row', 3],
    ]);
  });

  it.each([
    ['a quote inside an unquoted field', 'a,b\n1,x"y\n2,3\n'],
    ['text after a closing quote', 'a,b\n1,"x"y\n'],
    ['a bare CR line break', 'a,b\r1,2\r'],
    ['an unclosed quote', 'a,b\n1,"open\n'],
    ["Excel's sep= line", 'sep=;\na;b\n1;2\n'],
    ['Windows-1252 bytes', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9, 0x0a])],
    [
      'invalid UTF-8 after the sample',
      Buffer.concat([Buffer.from(`a,b\n${'1,2\n'.repeat(20_000)}`), Buffer.from([0x31, 0x2c, 0xff, 0x0a])]),
    ],
    ['JSON', '[{"a": 1}]'],
    ['NDJSON', '{"a": 1}\n'],
    ['a UTF-16 byte order mark', Buffer.from([0xff, 0xfe, 0x61, 0x00])],
    ['leading blank lines', '\n\na,b\n1,2\n'],
  ])('routes %s to the reference reader', async (_what, input) => {
    const bytes = typeof input === 'string' ? Buffer.from(input) : input;
    expect(await fast(bytes, 4096)).toBe('routed');
  });

  it('routes by file name: JSON and NDJSON never take the fast path', async () => {
    expect(await fast(Buffer.from('a,b\n1,2\n'), 64, 'x.json')).toBe('routed');
    expect(await fast(Buffer.from('a,b\n1,2\n'), 64, 'x.ndjson')).toBe('routed');
  });
});

describe('fast and reference engines end to end', () => {
  const engines = async (args: string[]) => {
    const run = (_engine: string) => runCli(args);
    process.env.OPSMETRICS_ENGINE = 'reference';
    const ref = await run('reference');
    process.env.OPSMETRICS_ENGINE = 'fast';
    const fastRun = await run('fast');
    delete process.env.OPSMETRICS_ENGINE;
    return { ref, fastRun };
  };

  it('gives byte-identical JSON and stderr for the Zendesk fixture', async () => {
    const { ref, fastRun } = await engines([
      'report',
      'fixtures/zendesk/tickets.csv',
      '--by',
      'team,priority',
      '--format',
      'json',
      '--input-tz',
      'America/New_York',
    ]);
    expect(fastRun.code).toBe(ref.code);
    expect(fastRun.stdout).toBe(ref.stdout);
    expect(fastRun.stderr).toBe(ref.stderr);
    expect(ref.stdout.startsWith('{')).toBe(true);
  });

  it('rejects counts beyond 32 bits on both engines (they would wrap around in the table)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-counts-'));
    const file = join(dir, 'counts.csv');
    writeFileSync(
      file,
      [
        'Id,Created at,Solved at,Status,Priority,Via,Group,Replies',
        '1,2025-01-02 10:00:00,2025-01-02 12:00:00,solved,High,Email,A,4294967298',
        '2,2025-01-02 11:00:00,,open,Low,Email,B,2147483647',
        '3,2025-01-02 12:00:00,,open,Low,Email,B,2147483648',
      ].join('\n'),
    );
    try {
      const { ref, fastRun } = await engines([
        'report',
        file,
        '--format',
        'json',
        '--max-bad-rows',
        '5',
        '--input-tz',
        'UTC',
      ]);
      expect(fastRun.stdout).toBe(ref.stdout);
      expect(fastRun.stderr).toBe(ref.stderr);
      const input = JSON.parse(ref.stdout).input;
      expect(input.rejected).toBe(2);
      expect(input.issues[0].samples.map((x: { line: number }) => x.line)).toEqual([2, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives byte-identical JSON and stderr for the generic fixture', async () => {
    const { ref, fastRun } = await engines([
      'report',
      'fixtures/generic/tickets.csv',
      '--config',
      'fixtures/generic/opsmetrics.config.yml',
      '--by',
      'team,region',
      '--format',
      'json',
      '--max-bad-rows',
      '5',
    ]);
    expect(fastRun.code).toBe(ref.code);
    expect(fastRun.stdout).toBe(ref.stdout);
    expect(fastRun.stderr).toBe(ref.stderr);
    expect(ref.stdout.startsWith('{')).toBe(true);
  });
});
