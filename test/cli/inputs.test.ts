/**
 * Input helpers of src/api/inputs.ts: gzip is known by its magic bytes, not by its name, both when an
 * input is read and for the progress line's total.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInput, progressTotal } from '../../src/api/inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = 'id,created\n1,2025-11-03T09:00:00Z\n';
const plain = join(dir, 'tickets.csv');
const gzipNamedCsv = join(dir, 'export.csv');
const gzipNamedGz = join(dir, 'export.csv.gz');
const plainNamedGz = join(dir, 'plain.csv.gz');
writeFileSync(plain, text);
writeFileSync(gzipNamedCsv, gzipSync(text));
writeFileSync(gzipNamedGz, gzipSync(text));
writeFileSync(plainNamedGz, text);

async function readAll(path: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openInput(path)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

describe('gzip inputs', () => {
  it('are decompressed by their magic bytes, whatever their name', async () => {
    expect(await readAll(plain)).toBe(text);
    expect(await readAll(gzipNamedCsv)).toBe(text);
    expect(await readAll(gzipNamedGz)).toBe(text);
    expect(await readAll(plainNamedGz)).toBe(text);
  });

  it('have no progress total (the file size is not the size of the bytes read); plain files have their size', () => {
    expect(progressTotal(plain)).toBe(Buffer.byteLength(text));
    expect(progressTotal(plainNamedGz)).toBe(Buffer.byteLength(text));
    expect(progressTotal(gzipNamedCsv)).toBeNull();
    expect(progressTotal(gzipNamedGz)).toBeNull();
    expect(progressTotal('-')).toBeNull();
    expect(progressTotal(join(dir, 'missing.csv'))).toBeNull();
  });
});
