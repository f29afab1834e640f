/**
 * An encoding the reader guessed is stated (issue #24): a file read as Windows-1252 because it is not
 * UTF-8, or as UTF-16 by its byte order mark, gets a warning on standard error naming the guess, why,
 * and a value it decided, and the same statement in the report's assumptions (JSON, and the lists of
 * the other formats). An encoding the user named, and UTF-8, state nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-encoding-'));
const config = ['--config', 'fixtures/broken/opsmetrics.config.yml'];
const win1252 = 'fixtures/broken/windows-1252.csv';
const utf16 = 'fixtures/broken/utf16le-bom.csv';

const warningLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes(', a guess ('));
const guessed = (stdout: string): string[] =>
  (JSON.parse(stdout).assumptions.statements as { key: string; text: string }[])
    .filter((s) => s.key === 'warning' && s.text.includes(', a guess ('))
    .map((s) => s.text);

describe('a guessed encoding is stated', () => {
  it('Windows-1252 for bytes that are not UTF-8: stderr and JSON assumptions, with the byte and a value', async () => {
    const r = await runCli(['report', win1252, ...config, '--format', 'json']);
    expect(r.code).toBe(0);
    const lines = warningLines(r.stderr);
    expect(lines).toHaveLength(1);
    // The file's byte 111 is 0xE9, é in Windows-1252, in the team "Café € “quoted”".
    expect(lines[0]).toContain(`opsmetrics: warning: ${win1252}: read as Windows-1252`);
    expect(lines[0]).toContain('byte 0xE9 at offset 111');
    expect(lines[0]).toContain('"Café € “quoted”"');
    expect(lines[0]).toContain('--encoding');
    expect(guessed(r.stdout)).toEqual([lines[0]?.replace('opsmetrics: warning: ', '')]);
    expect(JSON.parse(r.stdout).input.files[0].encoding).toBe('windows-1252');
  });

  it('UTF-16 by its byte order mark', async () => {
    const r = await runCli(['report', utf16, ...config, '--format', 'json']);
    expect(r.code).toBe(0);
    const lines = warningLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('read as UTF-16LE, a guess (UTF-16LE byte order mark), e.g. "Zürich €"');
    expect(guessed(r.stdout)).toHaveLength(1);
  });

  it.each([
    ['markdown', 'markdown'],
    ['the table', 'table'],
  ])('in the assumptions of %s', async (_name, format) => {
    const r = await runCli(['report', win1252, ...config, '--format', format]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${win1252}: read as Windows-1252, a guess`);
  });

  it('on an order export and an event log alike', async () => {
    const orders = join(dir, 'orders.csv');
    writeFileSync(
      orders,
      Buffer.concat([
        Buffer.from('order_id,created_at,estimated_delivery,delivered_at,carrier\n'),
        Buffer.from('A1,2025-11-03T09:00:00Z,2025-11-06,2025-11-05T12:00:00Z,Gr'),
        Buffer.from([0xfc]), // ü in Windows-1252
        Buffer.from('n\n'),
      ]),
    );
    const o = await runCli(['report', '--orders', orders, '--orders-input-tz', 'UTC', '--format', 'json']);
    expect(o.code).toBe(0);
    expect(warningLines(o.stderr)).toHaveLength(1);
    expect(warningLines(o.stderr)[0]).toContain('e.g. "Grün"');
    expect(guessed(o.stdout)).toHaveLength(1);

    const log = join(dir, 'log.csv');
    writeFileSync(
      log,
      Buffer.concat([
        Buffer.from('case,timestamp,activity,team\nC1,2025-03-03T09:00:00Z,created,Kund'),
        Buffer.from([0xe9]),
        Buffer.from('\nC1,2025-03-03T10:00:00Z,resolved,Support\n'),
      ]),
    );
    const e = await runCli(['report', '--events', log, '--input-tz', 'UTC', '--format', 'json']);
    expect(e.code).toBe(0);
    expect(warningLines(e.stderr)).toHaveLength(1);
    expect(warningLines(e.stderr)[0]).toContain(`${log}: read as Windows-1252`);
    expect(guessed(e.stdout)).toHaveLength(1);
  });

  it('says nothing when the user named the encoding, or for UTF-8', async () => {
    for (const args of [
      [win1252, '--encoding', 'windows-1252'],
      [utf16, '--encoding', 'utf-16le'],
      ['fixtures/broken/utf8-bom.csv'],
      ['fixtures/broken/utf8-no-bom.csv'],
    ]) {
      const r = await runCli(['report', ...args, ...config, '--format', 'json']);
      expect(r.code).toBe(0);
      expect(warningLines(r.stderr)).toEqual([]);
      expect(guessed(r.stdout)).toEqual([]);
    }
  });
});
