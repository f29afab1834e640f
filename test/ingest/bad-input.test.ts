import { describe, expect, it } from 'vitest';
import { sniffBinary } from '../../src/ingest/decode.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { notDelimitedText, openRecordSource } from '../../src/ingest/records.js';
import { csvTextCell } from '../../src/report/renderers/csv.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Buffer> {
  yield Buffer.from(bytes);
}

describe('notDelimitedText', () => {
  it.each<[string, string | undefined]>([
    ['<!DOCTYPE html>\n<html>', 'an HTML page'],
    ['  <html lang="en">', 'an HTML page'],
    ['<!-- saved page -->', 'an HTML page'],
    ['<?xml version="1.0"?>\n<rows/>', 'an XML document'],
    ['{"id": 1}\n', 'JSON'],
    ['[\n  {"id": 1}\n]', 'JSON'],
    ['[{"id":1}]', 'JSON'],
    ['Id,Status\n1,open\n', undefined],
    ['[Id],[Status]\n', undefined],
    ['<Id>,Status\n', undefined],
    ['', undefined],
  ])('%j -> %s', (head, what) => {
    expect(notDelimitedText(head)?.what).toBe(what);
  });
});

describe('sniffBinary', () => {
  it.each<[number[], string]>([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
    [[0xff, 0xd8, 0xff, 0xe0], 'a JPEG image'],
    [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], 'a GIF image'],
  ])('%j', (bytes, what) => {
    expect(sniffBinary(Uint8Array.from(bytes))).toBe(what);
  });
});

describe('invalid bytes', () => {
  it('names the byte offset of the first invalid sequence of each record', async () => {
    const issues: RowIssue[] = [];
    const text = Buffer.concat([
      Buffer.from('id,team\n1,ok\n2,ab'),
      Buffer.from([0xff]),
      Buffer.from('\n3,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const source = await openRecordSource(once(text), {
      name: 'x.csv',
      encoding: 'utf-8',
      onIssue: (issue) => issues.push(issue),
    });
    for await (const _record of source.records);
    expect(issues.map((issue) => [issue.code, issue.line, issue.column])).toEqual([
      ['bad_encoding', 3, 'team'],
      ['bad_encoding', 4, 'team'],
    ]);
    // "id,team\n1,ok\n2,ab" is 17 bytes, so 0xFF is at offset 17; "\n3," follows, so 0xC3 is at 21.
    expect(issues[0]?.message).toContain('byte offset 17');
    expect(issues[1]?.message).toContain('byte offset 21');
  });
});

describe('csvTextCell', () => {
  it.each<[string, string]>([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['＝1', "'＝1"],
    ['＠x', "'＠x"],
    ['a=1', 'a=1'],
    ['say "hi", then', '"say ""hi"", then"'],
    ['=a,b', `"'=a,b"`],
  ])('%j -> %j', (text, written) => {
    expect(csvTextCell(text)).toBe(written);
  });

  it('leaves formulas alone with formulaEscape false, and quotes for the delimiter given', () => {
    expect(csvTextCell('=1', { formulaEscape: false })).toBe('=1');
    expect(csvTextCell('a;b', { delimiter: ';' })).toBe('"a;b"');
    expect(csvTextCell('a,b', { delimiter: ';' })).toBe('a,b');
  });
});
