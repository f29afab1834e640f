/**
 * A record longer than a chunk (a 16 MiB field, a stray quote swallowing the file) is scanned again
 * from its start when more input arrives. That must happen a few times (the buffer at least doubles
 * between scans), not once per chunk: per chunk it was quadratic (a 16 MiB field took 24 s, refusing
 * a 50 MB one inside a .gz 20.8 s). Counted, not timed: scanTally counts the bytes handed to the
 * scanner, on the main thread and on the reading thread alike; the reading stays the reference
 * reader's, cell for cell.
 *
 * Runs the built engine (dist/), as the CLI does: a worker cannot start from src/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-long-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function built() {
  const fast = await import('../../dist/engine/fast-csv.js');
  const scanner = await import('../../dist/engine/scanner.js');
  const records = await import('../../dist/ingest/records.js');
  return { ...fast, ...scanner, ...records };
}

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const MIB = 1 << 20;

/** A header, short rows, then a 16 MiB quoted field (with line breaks) and a 16 MiB unquoted one. */
function longFields(): Buffer {
  const quoted = `${'q'.repeat(4095)}\n`.repeat(4 * 1024);
  const plain = 'u'.repeat(16 * MIB);
  return Buffer.from(
    [
      'id,created,note',
      '1,2025-11-03T09:00:00Z,short',
      `2,2025-11-03T10:00:00Z,"${quoted}"`,
      '3,2025-11-03T11:00:00Z,between',
      `4,2025-11-03T12:00:00Z,${plain}`,
      '5,2025-11-03T13:00:00Z,after',
      '',
    ].join('\n'),
  );
}

/** The fast engine's reading (cell lengths per record), or 'routed' on a bailout, and the bytes it scanned. */
async function fastRead(
  bytes: Buffer,
  options: { thread: 'on' | 'off'; chunk: number; maxFieldBytes: number; path?: string },
): Promise<{ read: number[][] | 'routed'; scanned: number }> {
  const { openFastCsv, FastPathBailout, scanTally } = await built();
  const before = scanTally.bytes;
  const source = await openFastCsv(chunks(bytes, options.chunk), {
    name: options.path ?? 'long.csv',
    ...(options.path === undefined ? {} : { path: options.path }),
    maxFieldBytes: options.maxFieldBytes,
    onIssue: () => {},
    engine: { scanThread: options.thread, scanChunkBytes: MIB },
  });
  expect(source).toBeDefined();
  const records: number[][] = [];
  try {
    await source?.run({
      read: () => {
        throw new Error('the byte lane was not used');
      },
      readBytes: (record) => {
        records.push(record.cells().map((c: string) => c.length));
      },
    });
  } catch (error) {
    if (error instanceof FastPathBailout) return { read: 'routed', scanned: scanTally.bytes - before };
    throw error;
  }
  return { read: records, scanned: scanTally.bytes - before };
}

/** The reference reader's cell lengths per record. */
async function referenceRead(bytes: Buffer): Promise<number[][]> {
  const { openRecordSource } = await built();
  const source = await openRecordSource(chunks(bytes, 1 << 16), {
    name: 'long.csv',
    maxFieldBytes: 64 * MIB,
    onIssue: () => {},
  });
  const records: number[][] = [];
  for await (const record of source.records) records.push(record.cells.map((c) => c.length));
  return records;
}

describe('records longer than a chunk', () => {
  const bytes = longFields();
  const path = join(dir, 'long.csv');
  writeFileSync(path, bytes);
  /** The reference reading of `bytes`, made once for both tests that compare with it (3 s of csv-parse). */
  let referenceOnce: Promise<number[][]> | undefined;
  const referenceOfBytes = () => {
    referenceOnce ??= referenceRead(bytes);
    return referenceOnce;
  };

  it('are read as the reference reader reads them, scanning each byte a few times (main thread)', async () => {
    const expected = await referenceOfBytes();
    expect(expected.map((r) => r[2])).toEqual([5, 16 * MIB, 7, 16 * MIB, 5]);
    for (const chunk of [16 << 10, 64 << 10]) {
      const { read, scanned } = await fastRead(bytes, { thread: 'off', chunk, maxFieldBytes: 32 * MIB });
      expect(read).toEqual(expected);
      // Doubling: each long record is scanned in full about twice; per chunk it was ~n²/2 / chunk (>100 n).
      expect(scanned / bytes.length, `chunks of ${chunk}`).toBeLessThan(4);
    }
  }, 120_000);

  it('likewise on the reading thread', async () => {
    const expected = await referenceOfBytes();
    const { read, scanned } = await fastRead(bytes, { thread: 'on', chunk: 1 << 16, maxFieldBytes: 32 * MIB, path });
    expect(read).toEqual(expected);
    expect(scanned / bytes.length).toBeLessThan(4);
  }, 120_000);

  it('a 50 MB field is refused after scanning a few times the limit, not the limit squared (plain and gzip chunks)', async () => {
    const swallowed = Buffer.from(`id,created,note\n1,2025-11-03T09:00:00Z,"${'y'.repeat(50_000_000)}"\n`);
    const file = join(dir, 'swallowed.csv');
    writeFileSync(file, swallowed);
    const limit = 10 * MIB;
    // 16 KiB: the chunks gunzip gives a .gz input.
    for (const chunk of [16 << 10, 64 << 10]) {
      const { read, scanned } = await fastRead(swallowed, { thread: 'off', chunk, maxFieldBytes: limit });
      expect(read).toBe('routed');
      expect(scanned / limit, `chunks of ${chunk}`).toBeLessThan(4);
    }
    const threaded = await fastRead(swallowed, { thread: 'on', chunk: 1 << 16, maxFieldBytes: limit, path: file });
    expect(threaded.read).toBe('routed');
    expect(threaded.scanned / limit).toBeLessThan(4);
  }, 120_000);
});
