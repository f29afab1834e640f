import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import {
  formatFromName,
  openRecordSource,
  type RecordSourceOptions,
  type SourceRecord,
} from '../../src/ingest/records.js';

type Piece = string | readonly number[] | Buffer;

async function* bytesOf(...pieces: Piece[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
}

interface Opened {
  header: string[];
  format: string;
  encoding: string;
  delimiter: string | null;
  records: SourceRecord[];
  issues: RowIssue[];
  blank: number;
  error: unknown;
}

async function open(bytes: AsyncIterable<Buffer>, options: Partial<RecordSourceOptions> = {}): Promise<Opened> {
  const issues: RowIssue[] = [];
  const source = await openRecordSource(bytes, {
    name: 'export.csv',
    onIssue: (issue) => issues.push(issue),
    ...options,
  });
  const records: SourceRecord[] = [];
  let error: unknown;
  try {
    for await (const record of source.records) records.push(record);
  } catch (thrown) {
    error = thrown;
  }
  return {
    header: source.header,
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    records,
    issues,
    blank: source.stats().blank,
    error,
  };
}

const cells = (records: readonly SourceRecord[]): string[][] => records.map((record) => record.cells);
const lines = (records: readonly SourceRecord[]): number[] => records.map((record) => record.line);

describe('formatFromName', () => {
  it.each([
    ['tickets.csv', 'csv'],
    ['TICKETS.CSV.GZ', 'csv'],
    ['a.tsv', 'tsv'],
    ['a.tab', 'tsv'],
    ['a.json', 'json'],
    ['a.ndjson', 'ndjson'],
    ['export.jsonl.gz', 'ndjson'],
    ['a.txt', undefined],
    ['-', undefined],
    ['dir.csv/file', undefined],
    ['noext', undefined],
  ])('%s -> %s', (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });
});

describe('openRecordSource: CSV and encodings', () => {
  it('reads a UTF-8 file with a BOM and CRLF; the first header name is clean', async () => {
    const out = await open(bytesOf([0xef, 0xbb, 0xbf], 'Id,Subject\r\n1,Café\r\n2,"a, b"\r\n'));
    expect(out).toMatchObject({ header: ['Id', 'Subject'], format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(cells(out.records)).toEqual([
      ['1', 'Café'],
      ['2', 'a, b'],
    ]);
    expect(lines(out.records)).toEqual([2, 3]);
  });

  it('reads a Windows-1252 semicolon file from European Excel', async () => {
    // "Id;Betreff;Betrag\r\n1;“Hallo” René;€ 5\r\n" in Windows-1252
    const bytes = [
      ...Buffer.from('Id;Betreff;Betrag\r\n1;', 'latin1'),
      0x93,
      ...Buffer.from('Hallo', 'latin1'),
      0x94,
      0x20,
      ...Buffer.from('Ren', 'latin1'),
      0xe9,
      0x3b,
      0x80,
      ...Buffer.from(' 5\r\n', 'latin1'),
    ];
    const out = await open(bytesOf(bytes));
    expect(out).toMatchObject({ encoding: 'windows-1252', delimiter: ';', header: ['Id', 'Betreff', 'Betrag'] });
    expect(cells(out.records)).toEqual([['1', '“Hallo” René', '€ 5']]);
    expect(out.issues).toEqual([]);
  });

  it('reads UTF-16LE with a BOM and tabs ("Unicode text" from Excel), sniffing the delimiter', async () => {
    const body = Buffer.from('Id\tName\r\n1\tZoë\r\n2\t中文\r\n', 'utf16le');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
    // Odd chunk sizes: code units are split across chunks.
    const out = await open(bytesOf(bytes.subarray(0, 7), bytes.subarray(7, 20), bytes.subarray(20)), {
      name: 'export.txt',
    });
    expect(out).toMatchObject({ encoding: 'utf-16le', format: 'csv', delimiter: '\t', header: ['Id', 'Name'] });
    expect(cells(out.records)).toEqual([
      ['1', 'Zoë'],
      ['2', '中文'],
    ]);
  });

  it('reads a .tsv with tabs and does not sniff', async () => {
    const out = await open(bytesOf('a,b\tc\n1,2\t3\n'), { name: 'x.tsv' });
    expect(out).toMatchObject({ format: 'tsv', delimiter: '\t', header: ['a,b', 'c'] });
    expect(cells(out.records)).toEqual([['1,2', '3']]);
  });

  it('honors an explicit delimiter, with "tab" as a name for the tab', async () => {
    expect((await open(bytesOf('a;b\tc\n'), { delimiter: 'tab' })).header).toEqual(['a;b', 'c']);
    expect((await open(bytesOf('a;b\tc\n'), { delimiter: ';' })).header).toEqual(['a', 'b\tc']);
  });

  it('skips an Excel sep= line and uses its delimiter', async () => {
    const out = await open(bytesOf('sep=;\r\nId;Status\r\n1;open\r\n'));
    expect(out).toMatchObject({ delimiter: ';', header: ['Id', 'Status'] });
    expect(lines(out.records)).toEqual([3]);
  });

  it('handles trailing empty columns and rows, ragged rows and blank lines together', async () => {
    const out = await open(bytesOf('Id,Status,,\r\n1,open,,\r\n2,open\r\n\r\n3,solved,,\r\n,,,\r\n'));
    expect(out.header).toEqual(['Id', 'Status']);
    expect(cells(out.records)).toEqual([
      ['1', 'open'],
      ['2', 'open'],
      ['3', 'solved'],
    ]);
    expect(out.blank).toBe(2);
    expect(out.issues).toEqual([]);
  });

  it('switches to Windows-1252 when the first non-ASCII byte comes after 64 KiB of ASCII', async () => {
    const ascii = `Id,Name\n${Array.from({ length: 4000 }, (_, i) => `${i},Person number ${i}\n`).join('')}`;
    expect(ascii.length).toBeGreaterThan(64 * 1024);
    const tail = [...Buffer.from('4000,Ren', 'latin1'), 0xe9, 0x0a];
    const out = await open(bytesOf(ascii.slice(0, 40_000), ascii.slice(40_000), tail));
    expect(out.encoding).toBe('windows-1252');
    expect(out.records.at(-1)).toEqual({ cells: ['4000', 'René'], line: 4002 });
    expect(out.issues).toEqual([]);
  });

  it(
    'reports invalid UTF-8 in a UTF-8 file as bad_encoding ' + 'on the right record and column, keeping the row',
    async () => {
      const bytes = [
        ...Buffer.from('Id,Agent\n1,José\n4,"Zoë\nSmith"\n2,', 'utf8'),
        0x4a,
        0x6f,
        0x73,
        0xe9, // "Jos" + a Windows-1252 é: not UTF-8
        ...Buffer.from('\n3,Ana\n', 'utf8'),
      ];
      // Two valid multi-byte characters against one invalid byte: the file is still read as UTF-8.
      const out = await open(bytesOf(bytes));
      expect(out.encoding).toBe('utf-8');
      expect(cells(out.records)).toEqual([
        ['1', 'José'],
        ['4', 'Zoë\nSmith'],
        ['2', 'Jos\uFFFD'],
        ['3', 'Ana'],
      ]);
      expect(out.issues).toHaveLength(1);
      expect(out.issues[0]).toMatchObject({
        code: 'bad_encoding',
        line: 5,
        column: 'Agent',
        value: 'Jos\uFFFD',
        action: 'nulled',
      });
      expect(out.issues[0]?.hint).toMatch(/windows-1252/);
    },
  );

  it('fails with empty_input for an empty file, a BOM alone, or only whitespace', async () => {
    for (const bytes of [bytesOf(), bytesOf([0xef, 0xbb, 0xbf]), bytesOf(' \r\n\r\n\t\n')]) {
      const error = await openRecordSource(bytes, { name: 'e.csv', onIssue: () => undefined }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'empty_input', exitCode: 3, where: 'e.csv' });
      expect((error as AppError).hint).toBeTruthy();
    }
  });

  it('fails with empty_input when there are only blank records', async () => {
    await expect(
      openRecordSource(bytesOf(',,,\r\n,,\r\n'), { name: 'e.csv', onIssue: () => undefined }),
    ).rejects.toMatchObject({ code: 'empty_input' });
  });

  it('returns the header and no records for a header-only file', async () => {
    const out = await open(bytesOf('Id,Status\n'));
    expect(out.header).toEqual(['Id', 'Status']);
    expect(out.records).toEqual([]);
    expect(out.error).toBeUndefined();
  });

  it('refuses binary input: NUL bytes, gzip data', async () => {
    await expect(
      openRecordSource(bytesOf([0x49, 0x64, 0x00, 0x01, 0x02]), { name: 'b.csv', onIssue: () => undefined }),
    ).rejects.toMatchObject({
      code: 'not_text',
      exitCode: 3,
    });
    await expect(
      openRecordSource(bytesOf([0x1f, 0x8b, 0x08, 0x00, 0x00]), { name: 'b.csv', onIssue: () => undefined }),
    ).rejects.toThrow(/gzip/);
  });

  it('closes the input when it refuses it', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]);
        for (let i = 0; i < 100; i++) yield Buffer.alloc(1024);
      } finally {
        closed = true;
      }
    }
    await expect(openRecordSource(source(), { name: 'book.xlsx', onIssue: () => undefined })).rejects.toThrow(/xlsx/);
    expect(closed).toBe(true);
  });

  it('fails on an unclosed quote after yielding the records before it', async () => {
    const out = await open(bytesOf('Id,Note\n1,fine\n2,"oops\n3,x\n'));
    expect(cells(out.records)).toEqual([['1', 'fine']]);
    expect(out.error).toMatchObject({ code: 'bad_csv', where: 'export.csv:3' });
  });

  it('closes the input when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield Buffer.from('Id\n');
        for (let i = 0; i < 10_000; i++) yield Buffer.from(`${i}\n`);
      } finally {
        closed = true;
      }
    }
    const opened = await openRecordSource(source(), { name: '-', onIssue: () => undefined });
    for await (const record of opened.records) if (record.cells[0] === '5') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });
});

describe('openRecordSource: options', () => {
  it.each([
    [{ format: 'xlsx' as never }, 'format'],
    [{ encoding: 'shift_jis' }, 'encoding'],
    [{ delimiter: '"' }, 'delimiter'],
    [{ delimiter: '' }, 'delimiter'],
    [{ maxFieldBytes: 0 }, 'maxFieldBytes'],
  ])('rejects %j as a usage error', async (options, where) => {
    await expect(
      openRecordSource(bytesOf('a\n'), { name: 'x.csv', onIssue: () => undefined, ...options }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
      exitCode: 2,
      where,
    });
  });

  it('accepts encoding aliases', async () => {
    const out = await open(bytesOf([0x61, 0x0a, 0xe9, 0x0a]), { encoding: 'cp1252' });
    expect(out.encoding).toBe('windows-1252');
    expect(cells(out.records)).toEqual([['é']]);
  });
});

describe('openRecordSource: NDJSON', () => {
  it('reads one object per line; a bad line is a bad_json issue and reading goes on', async () => {
    const text = [
      '{"id": 1, "status": "open", "tags": ["a", "b"]}', // 1
      '', //                                                2 blank
      '{"id": 2, "status": "solved"', //                    3 truncated
      '[1, 2]', //                                          4 not an object
      '{"id": 3, "status": null, "vip": true}\r', //        5 (CRLF)
    ].join('\n');
    const out = await open(bytesOf(text), { name: 'tickets.ndjson' });
    expect(out).toMatchObject({ format: 'ndjson', delimiter: null, header: ['id', 'status', 'tags', 'vip'] });
    expect(cells(out.records)).toEqual([
      ['1', 'open', 'a,b', ''],
      ['3', '', '', 'true'],
    ]);
    expect(lines(out.records)).toEqual([1, 5]);
    expect(out.issues.map((issue) => [issue.code, issue.line, issue.action])).toEqual([
      ['bad_json', 3, 'rejected'],
      ['bad_json', 4, 'rejected'],
    ]);
    expect(out.issues[0]?.value).toBe('{"id": 2, "status": "solved"');
    expect(out.issues[1]?.message).toBe('an array where an object was expected');
    expect(out.blank).toBe(1);
  });

  it('is sniffed from content on stdin', async () => {
    const out = await open(bytesOf('  {"a": 1}\n{"a": 2}\n'), { name: '-' });
    expect(out.format).toBe('ndjson');
    expect(cells(out.records)).toEqual([['1'], ['2']]);
  });

  it('fails with field_too_large on a line over the limit', async () => {
    const out = await open(bytesOf('{"a": 1}\n', `{"a": "${'x'.repeat(3000)}`, 'x'.repeat(3000)), {
      name: 'x.ndjson',
      maxFieldBytes: 4096,
    });
    expect(cells(out.records)).toEqual([['1']]);
    expect(out.error).toMatchObject({ code: 'field_too_large', where: 'x.ndjson:2' });
  });
});

describe('openRecordSource: JSON', () => {
  const json = `[
  {"id": 1, "requester": {"name": "Ann", "org": {"id": 7}}, "tags": ["vip", "eu"], "score": 4.5},
  {
    "id": 2,
    "requester": {"name": "Bob \\"B\\" [x]", "email": "b@x.io"},
    "tags": [],
    "solved": false,
    "note": "a } inside, a { too"
  },
  {"id": 3, "requester": null, "score": null, "extra": [{"k": 1}, null, 2]}
]
`;

  it('flattens nested objects with dots, joins arrays with commas, and gives each object its start line', async () => {
    const out = await open(bytesOf(json), { name: 'tickets.json' });
    expect(out).toMatchObject({ format: 'json', delimiter: null });
    expect(out.header).toEqual([
      'id',
      'requester.name',
      'requester.org.id',
      'tags',
      'score',
      'requester.email',
      'solved',
      'note',
      'requester',
      'extra',
    ]);
    expect(cells(out.records)).toEqual([
      ['1', 'Ann', '7', 'vip,eu', '4.5', '', '', '', '', ''],
      ['2', 'Bob "B" [x]', '', '', '', 'b@x.io', 'false', 'a } inside, a { too', '', ''],
      ['3', '', '', '', '', '', '', '', '', '{"k":1},,2'],
    ]);
    expect(lines(out.records)).toEqual([2, 3, 10]);
    expect(out.issues).toEqual([]);
  });

  it('gives the same result whatever the chunking', async () => {
    const whole = await open(bytesOf(json), { name: 'tickets.json' });
    const bytes = Buffer.from(json);
    for (const size of [1, 2, 3, 5, 13]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
      const out = await open(bytesOf(...pieces), { name: 'tickets.json' });
      expect(out.records).toEqual(whole.records);
      expect(out.header).toEqual(whole.header);
    }
  });

  it('is sniffed from content on stdin', async () => {
    const out = await open(bytesOf('\n[{"a":1}]'), { name: '-' });
    expect(out.format).toBe('json');
    expect(lines(out.records)).toEqual([2]);
  });

  it('reports elements that are not objects or not JSON, and skips empty objects as blank', async () => {
    const out = await open(bytesOf('[{"a": 1},\n 42,\n {"a": tru},\n {},\n {"a": ""},\n {"a": 2}]'), {
      name: 'x.json',
    });
    expect(cells(out.records)).toEqual([['1'], ['2']]);
    expect(out.issues.map((issue) => [issue.code, issue.line])).toEqual([
      ['bad_json', 2],
      ['bad_json', 3],
    ]);
    expect(out.blank).toBe(2);
  });

  it('reads a single object and concatenated pretty-printed objects', async () => {
    const out = await open(bytesOf('{\n  "a": 1\n}\n{\n  "a": 2,\n  "b": "x"\n}\n'), { name: 'x.json' });
    expect(out.header).toEqual(['a', 'b']);
    expect(cells(out.records)).toEqual([
      ['1', ''],
      ['2', 'x'],
    ]);
    expect(lines(out.records)).toEqual([1, 4]);
  });

  it('builds the header from the first 1000 objects and reports a later key once', async () => {
    const objects = Array.from({ length: 1002 }, (_, i) =>
      i < 1000 ? `{"id": ${i}}` : `{"id": ${i}, "late": {"x": "v${i}"}}`,
    );
    const out = await open(bytesOf(`[${objects.join(',\n')}]`), { name: 'x.json' });
    expect(out.header).toEqual(['id']);
    expect(out.records).toHaveLength(1002);
    expect(out.records.at(-1)).toEqual({ cells: ['1001'], line: 1002 });
    expect(out.issues).toEqual([
      expect.objectContaining({ code: 'bad_header', line: 1001, column: 'late.x', value: 'v1000', action: 'nulled' }),
    ]);
  });

  it('renames empty and case-duplicate keys', async () => {
    const out = await open(bytesOf('[{"": 1, "Id": 2, "id": 3}]'), { name: 'x.json' });
    expect(out.header).toEqual(['column_1', 'Id', 'id (2)']);
    expect(cells(out.records)).toEqual([['1', '2', '3']]);
    expect(out.issues.map((issue) => [issue.code, issue.column])).toEqual([
      ['bad_header', 'column_1'],
      ['bad_header', 'id (2)'],
    ]);
  });

  it('fails on a truncated array after yielding the complete objects', async () => {
    const out = await open(bytesOf('[\n{"a": 1},\n{"a": 2},\n{"a": '), { name: 'x.json' });
    expect(cells(out.records)).toEqual([['1'], ['2']]);
    expect(out.error).toMatchObject({ code: 'bad_json', exitCode: 3, where: 'x.json:4' });
  });

  it('fails when a .json file is not JSON', async () => {
    await expect(
      openRecordSource(bytesOf('id,status\n1,open\n'), { name: 'x.json', onIssue: () => undefined }),
    ).rejects.toMatchObject({
      code: 'bad_json',
      where: 'x.json:1',
    });
  });

  it('returns an empty header and no records for an empty array', async () => {
    const out = await open(bytesOf('[]'), { name: 'x.json' });
    expect(out.header).toEqual([]);
    expect(out.records).toEqual([]);
  });
});
