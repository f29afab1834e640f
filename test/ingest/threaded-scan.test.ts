/**
 * The fast CSV engine's reading thread (scan-worker.ts, `runThreaded` in fast-csv.ts) must read
 * exactly what the reference reader (csv-parse, records.ts) reads: header, cells, lines, issues and
 * blank count, whatever the chunk size (OPSMETRICS_SCAN_CHUNK_BYTES) cuts through: records longer
 * than a chunk, CRLF split between chunks, quoted line breaks spanning chunks, blank lines at chunk
 * edges, no final line break, a BOM, ragged rows, thousands of records per batch. Input it does not
 * read must come back as a bailout (the caller then reads on the reference path), also mid-file, and a
 * sink that throws while the thread waits must end the run with that error, not hang.
 *
 * The thread runs the built engine (dist/), as the CLI does: a worker cannot start from src/.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowIssue } from '../../src/ingest/issues.js';
import type { ByteRecord } from '../../src/engine/byte-record.js';

interface Read {
  header: string[];
  records: { cells: readonly string[]; line: number }[];
  issues: RowIssue[];
  blank: number;
}

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-threaded-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function built() {
  const fast = await import('../../dist/engine/fast-csv.js');
  const records = await import('../../dist/ingest/records.js');
  return { ...fast, ...records };
}

/** Writes `bytes` to a new file of the temp dir. */
function save(bytes: Buffer): string {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

/** The reference reader (csv-parse) over the same file name, or 'error'. */
async function reference(bytes: Buffer, path: string): Promise<Read | 'error'> {
  const { openRecordSource } = await built();
  const issues: RowIssue[] = [];
  try {
    const source = await openRecordSource(chunks(bytes, 1 << 16), { name: path, onIssue: (i) => issues.push(i) });
    const records: Read['records'] = [];
    for await (const record of source.records) records.push({ cells: record.cells, line: record.line });
    return { header: source.header, records, issues, blank: source.stats().blank };
  } catch {
    return 'error';
  }
}

interface FastOptions {
  thread: 'on' | 'off';
  chunk?: number;
  maxFieldBytes?: number;
  /** Called with each byte record before it is kept; may throw. */
  onRecord?: (record: ByteRecord, index: number) => void;
}

/** The fast engine's reading of the file at `path` (the byte lane's entry point), or 'routed' on a bailout. */
async function fast(bytes: Buffer, path: string, options: FastOptions): Promise<Read | 'routed'> {
  const { openFastCsv, FastPathBailout } = await built();
  const issues: RowIssue[] = [];
  const engine = { scanThread: options.thread, scanChunkBytes: options.chunk ?? 1 << 20 };
  {
    const source = await openFastCsv(chunks(bytes, 1 << 16), {
      name: path,
      maxFieldBytes: options.maxFieldBytes ?? 10 << 20,
      onIssue: (i) => issues.push(i),
      engine,
    });
    if (source === undefined) return 'routed';
    const records: Read['records'] = [];
    try {
      await source.run({
        read: () => {
          throw new Error('the byte lane was not used');
        },
        readBytes: (record) => {
          options.onRecord?.(record as unknown as ByteRecord, records.length);
          records.push({ cells: record.cells(), line: record.line });
        },
      });
    } catch (error) {
      if (error instanceof FastPathBailout) return 'routed';
      throw error;
    }
    return { header: source.header, records, issues, blank: source.stats().blank };
  }
}

/**
 * Threaded readings of one file with chunks of each size in `chunkSizes`; also checks that each equals
 * the single-threaded reading (which does not depend on the chunk size: made once).
 */
async function threaded(
  bytes: Buffer,
  chunkSizes: readonly number[],
  maxFieldBytes?: number,
): Promise<{ path: string; reads: (Read | 'routed')[] }> {
  const path = save(bytes);
  const limit = maxFieldBytes === undefined ? {} : { maxFieldBytes };
  const single = await fast(bytes, path, { thread: 'off', ...limit });
  const reads: (Read | 'routed')[] = [];
  for (const chunk of chunkSizes) {
    const read = await fast(bytes, path, { thread: 'on', chunk, ...limit });
    expect(read, `threaded (chunk ${chunk}) vs single-threaded reading`).toEqual(single);
    reads.push(read);
  }
  return { path, reads };
}

/** Asserts that the threaded reading with each chunk size equals the reference reading, and is not routed. */
async function sameAsReference(text: string | Buffer, chunkSizes: readonly number[]): Promise<Read> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const { path, reads } = await threaded(bytes, chunkSizes);
  const theirs = await reference(bytes, path);
  reads.forEach((read, i) => {
    expect(read, `chunk ${chunkSizes[i]}`).not.toBe('routed');
    expect(read, `chunk ${chunkSizes[i]}`).toEqual(theirs);
  });
  return reads.at(-1) as Read;
}

const cellText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '\t', 'é', '日', '🚀', '-'), maxLength: 7 }),
  },
  {
    weight: 3,
    arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'ü'), maxLength: 6 }),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u00a0', '\u3000', '\t') },
);

const csvFile = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    multiLineHeader: fc.boolean(),
    rows: fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.array(cellText, { minLength: 1, maxLength: 6 }) },
        // Blank and whitespace-only records, and Excel's trailing empty cells.
        { weight: 2, arbitrary: fc.constantFrom([''], [' '], ['', ''], [' ', '\t', ''], ['x', '', '', '', '', '']) },
      ),
      { maxLength: 60 },
    ),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    finalEol: fc.constantFrom('', 'eol', 'eol-blank'),
    forceQuote: fc.boolean(),
    chunk: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 400 })),
  })
  .map(({ width, multiLineHeader, rows, eol, bom, finalEol, forceQuote, chunk }) => {
    const quote = (cell: string) => (forceQuote || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const header = Array.from({ length: width }, (_, i) => (multiLineHeader && i === 0 ? 'col\n0' : `col${i}`));
    const lines = [header, ...rows].map((cells) => cells.map(quote).join(','));
    const tail = finalEol === 'eol' ? eol : finalEol === 'eol-blank' ? `${eol}${eol}` : '';
    return { bytes: Buffer.from((bom ? '\uFEFF' : '') + lines.join(eol) + tail, 'utf8'), chunk };
  });

describe('fast CSV engine on its reading thread', () => {
  it('reads exactly what the reference reader reads, for any chunk size (property)', async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, async ({ bytes, chunk }) => {
        const {
          path,
          reads: [mine],
        } = await threaded(bytes, [chunk]);
        if (mine === 'routed') return;
        read++;
        expect(mine).toEqual(await reference(bytes, path));
      }),
      // Each run starts a reading thread (about half a second); the fuzzing (test/fuzz) reads many more
      // random files on the thread against the reference engine.
      { numRuns: 30 },
    );
    // Most generated files are well-formed: the property must not pass by routing everything.
    expect(read).toBeGreaterThan(13);
  });

  it('reads a quoted field longer than the chunk, with CRLF, LF, bare CR and doubled quotes split at every boundary', async () => {
    const long = `"${'x'.repeat(40)}\r\n${'""'.repeat(5)}\n\r${'é🚀'.repeat(6)}\r\n\r\n"`;
    const text = `\uFEFFid,subject,created\r\n1,${long},2025-01-02\r\n2,"a\r\nb",\r\n\r\n3,plain,x\r\n4,"ends\r\nwithout",newline`;
    const read = await sameAsReference(text, [1, 2, 3, 5, 7, 13, 29, 64, 127, 4096]);
    expect(read.records.map((r) => r.line)).toEqual([2, 8, 11, 12]);
  });

  it('counts blank and whitespace-only lines at chunk edges and a file ending in blank lines as the reference does', async () => {
    const text = 'a,b\n1,2\n\n\n , \t\n3,4\r\n\r\n,\n5,6\n\n \n';
    const read = await sameAsReference(text, [1, 2, 3, 5, 11, 4096]);
    expect(read.blank).toBeGreaterThan(0);
    expect(read.records.map((r) => r.line)).toEqual([2, 6, 9]);
  });

  it('reads the last record without a line break, with a trailing delimiter or a closing quote at the very end', async () => {
    for (const text of ['a,b\n1,2\n3,', 'a,b\n1,2\n3,"x\ny"', 'a,b\r\n1,"2"\r\n"3",""', 'a\n1\n2']) {
      await sameAsReference(text, [1, 2, 5]);
    }
  });

  it('reports ragged rows and cuts trailing empty cells with the reference lines, across batches', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 400; i++)
      lines.push(i % 7 === 0 ? `${i},x` : i % 11 === 0 ? `${i},x,y,,` : i % 13 === 0 ? `${i},"q\nr",y,z` : `${i},x,y`);
    const read = await sameAsReference(`${lines.join('\n')}\n`, [7, 50, 333]);
    expect(read.issues.filter((i) => i.code === 'ragged_row').length).toBeGreaterThan(50);
  });

  it('gives the lines of a header with a quoted line break to the data records', async () => {
    const read = await sameAsReference('"multi\nline",b\r\n1,"x\ry"\r\n2,z\r\n', [1, 3, 64]);
    expect(read.records.map((r) => r.line)).toEqual([3, 5]);
  });

  it('reads a header-only file and a file whose data lines are all blank', async () => {
    await sameAsReference('a,b\n', [1, 64]);
    await sameAsReference('a,b', [1, 64]);
    const read = await sameAsReference('a,b\n\n \n\t,\n', [1, 3, 64]);
    expect(read.records).toEqual([]);
  });

  it('reads batches of many thousand records and cells (the batch arrays grow and are recycled)', async () => {
    const lines = [`id,${Array.from({ length: 17 }, (_, i) => `c${i}`).join(',')}`];
    for (let i = 0; i < 20_000; i++) {
      if (i % 997 === 0) lines.push('');
      lines.push(
        i % 3 === 0
          ? `${i},${'v,'.repeat(16)}w`
          : i % 3 === 1
            ? `${i}${','.repeat(17)}`
            : `${i},"a\nb",${'é,'.repeat(15)}z`,
      );
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const chunkSizes = [1 << 20, 200_000];
    const { path, reads } = await threaded(bytes, chunkSizes);
    const theirs = await reference(bytes, path);
    expect(theirs).not.toBe('error');
    for (const read of reads) {
      expect(read).not.toBe('routed');
      const mine = read as Read;
      const ref = theirs as Read;
      expect(mine.records.length).toBe(ref.records.length);
      expect(mine.blank).toBe(ref.blank);
      expect(mine.records.map((r) => r.line)).toEqual(ref.records.map((r) => r.line));
      expect(mine.records.map((r) => r.cells.join('\u0001'))).toEqual(ref.records.map((r) => r.cells.join('\u0001')));
    }
  });

  describe('routes input it does not read to the reference path, also deep into the file', () => {
    const good = Array.from({ length: 3000 }, (_, i) => `${i},x${i},"q${i}"`).join('\n');
    it.each([
      [
        'bytes that are not valid UTF-8',
        Buffer.concat([Buffer.from(`a,b,c\n${good}\n9,`), Buffer.from([0xc3, 0x28]), Buffer.from(`,z\n${good}\n`)]),
      ],
      [
        'a lone continuation byte in an otherwise blank line',
        Buffer.concat([Buffer.from(`a,b,c\n${good}\n`), Buffer.from([0x80]), Buffer.from(`\n${good}\n`)]),
      ],
      ['a quote inside an unquoted field', Buffer.from(`a,b,c\n${good}\n1,x"y,z\n${good}\n`)],
      ['text after a closing quote', Buffer.from(`a,b,c\n${good}\n1,"x"y,z\n${good}\n`)],
      ['a bare CR line break', Buffer.from(`a,b,c\n${good}\n1,x,y\r2,x,y\n${good}\n`)],
      ['a quote left open at the end', Buffer.from(`a,b,c\n${good}\n1,x,"open\n${good}\n`)],
      ['a bare CR as the very last byte', Buffer.from(`a,b,c\n${good}\n1,x,y\r`)],
    ])('%s', async (_what, bytes) => {
      const chunkSizes = [97, 4096];
      const { reads } = await threaded(bytes, chunkSizes);
      for (const [i, read] of reads.entries()) expect(read, `chunk ${chunkSizes[i]}`).toBe('routed');
    });

    it('a record over the size limit, longer than a chunk', async () => {
      const bytes = Buffer.from(`a,b\n1,x\n2,"${'y'.repeat(5000)}"\n3,z\n`);
      const chunkSizes = [64, 1000, 100_000];
      const { reads } = await threaded(bytes, chunkSizes, 1000);
      for (const [i, read] of reads.entries()) expect(read, `chunk ${chunkSizes[i]}`).toBe('routed');
      // Within the limit it is read.
      await sameAsReference(bytes, [64, 1000]);
    });
  });

  it('leaves a gzip file to the stream that decompresses it (the thread would read its compressed bytes)', async () => {
    // Random text: compressed, the file is still larger than the 64 KiB the engine looks at first.
    const bytes = Buffer.from(
      `id,text\n${Array.from({ length: 5_000 }, (_, i) => `${i},"${randomBytes(24).toString('hex')}, quoted"`).join('\n')}\n`,
    );
    const path = join(dir, `t${files++}.csv`);
    writeFileSync(path, gzipSync(bytes));
    expect(statSync(path).size).toBeGreaterThan(64 * 1024);
    const read = await fast(bytes, path, { thread: 'on', chunk: 4096 });
    expect(read).toEqual(await reference(bytes, path));
    expect((read as Read).records.length).toBe(5_000);
  });

  it('sends the input to the reference path when the thread itself fails (here: it cannot allocate its second chunk)', async () => {
    // Over the first batch's 64 KiB: the failure comes after the sink has had records.
    const bytes = Buffer.from(`a,b\n${Array.from({ length: 20_000 }, (_, i) => `${i},x`).join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(await fast(bytes, save(bytes), { thread: 'on', chunk: 2 ** 52 })).toBe('routed');
  });

  it('ends the run with the error of a sink that throws while the thread waits, and a next run works', async () => {
    const bytes = Buffer.from(`a,b\n${Array.from({ length: 20_000 }, (_, i) => `${i},x`).join('\n')}\n`);
    const path = save(bytes);
    const started = Date.now();
    await expect(
      fast(bytes, path, {
        thread: 'on',
        chunk: 256,
        onRecord: (_record, index) => {
          if (index === 40) throw new Error('sink failed');
        },
      }),
    ).rejects.toThrow('sink failed');
    expect(Date.now() - started).toBeLessThan(10_000);
    const again = await fast(bytes, path, { thread: 'on', chunk: 4096 });
    expect(again).not.toBe('routed');
    expect((again as Read).records.length).toBe(20_000);
  });

  it('hands the sink records whose cells stay readable for the whole call (in place in the batch)', async () => {
    const lines = ['id,a,b'];
    for (let i = 0; i < 2000; i++) lines.push(`${i},"v${i % 17}""x",w${i}`);
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`);
    const path = save(bytes);
    const seen: string[] = [];
    const read = await fast(bytes, path, {
      thread: 'on',
      chunk: 333,
      onRecord: (record) => {
        // The record's own view of its cells: first cell index, count and line agree with its text.
        expect(record.count).toBe(3);
        seen.push(`${record.line}:${record.text(0)}:${record.text(1)}:${record.text(3)}`);
      },
    });
    expect(read).not.toBe('routed');
    expect(seen.slice(0, 2)).toEqual(['2:0:v0"x:', '3:1:v1"x:']);
    expect(seen.at(-1)).toBe('2001:1999:v10"x:');
  });

  it('sizes the sink from the sniffed sample before the first record arrives (while the thread starts), then refines it', async () => {
    // 20,000 records of about 60 bytes (1.2 MB, well beyond the 64 KiB sample), with quoted line
    // breaks that a count of line breaks would take for records.
    const lines = ['id,subject,created'];
    for (let i = 0; i < 20_000; i++)
      lines.push(`${i},"Order ${i % 97}\nnot received, again",2025-03-01 10:${String(i % 60).padStart(2, '0')}:00`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const path = save(bytes);
    const { openFastCsv } = await built();
    const events: string[] = [];
    const estimates: number[] = [];
    try {
      const engine = { scanThread: 'on' as const, scanChunkBytes: 1 << 20 };
      const source = await openFastCsv(chunks(bytes, 1 << 16), {
        name: path,
        maxFieldBytes: 10 << 20,
        onIssue: () => {},
        engine,
      });
      expect(source).toBeDefined();
      let records = 0;
      await source!.run({
        read: () => {
          throw new Error('the byte lane was not used');
        },
        readBytes: () => {
          if (records++ === 0) events.push('record');
        },
        // Rows still to come: with those already read, about the whole file.
        expectRows: (rows: number) => {
          events.push('estimate');
          estimates.push(records + rows);
        },
      });
      expect(records).toBe(20_000);
    } finally {
      events.push('done');
    }
    expect(events.slice(0, 2)).toEqual(['estimate', 'record']);
    expect(events.at(-1)).toBe('done');
    expect(estimates.length).toBe(2);
    for (const estimate of estimates) {
      expect(estimate).toBeGreaterThanOrEqual(20_000);
      expect(estimate).toBeLessThan(22_000);
    }
  });
});
