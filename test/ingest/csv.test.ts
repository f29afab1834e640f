import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  excelSepDirective,
  normalizeHeader,
  readCsv,
  sniffDelimiter,
  type CsvReadOptions,
} from '../../src/ingest/csv.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import type { SourceRecord } from '../../src/ingest/records.js';

async function* textChunks(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

interface Read {
  header: string[];
  headerLine: number;
  records: SourceRecord[];
  issues: RowIssue[];
  blank: number;
  error: unknown;
}

/** Reads a CSV given as one string or as chunks; collects everything, including a thrown error. */
async function read(text: string | readonly string[], options: Partial<CsvReadOptions> = {}): Promise<Read> {
  const issues: RowIssue[] = [];
  const csv = await readCsv(textChunks(typeof text === 'string' ? [text] : text), {
    name: 't.csv',
    delimiter: ',',
    maxFieldBytes: 1 << 20,
    onIssue: (issue) => issues.push(issue),
    ...options,
  });
  const records: SourceRecord[] = [];
  let error: unknown;
  try {
    for await (const record of csv.records) records.push(record);
  } catch (thrown) {
    error = thrown;
  }
  return { header: csv.header, headerLine: csv.headerLine, records, issues, blank: csv.stats().blank, error };
}

/** Cuts text into chunks of `size` code points: the decoder never splits a surrogate pair, so neither may tests. */
function chunked(text: string, size: number): string[] {
  const points = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''));
  return chunks;
}

const lines = (records: readonly SourceRecord[]): number[] => records.map((record) => record.line);
const cells = (records: readonly SourceRecord[]): string[][] => records.map((record) => record.cells);

describe('sniffDelimiter', () => {
  it.each([
    ['comma', 'Id,Subject,Status\n1,a,b\n', ','],
    ['semicolon (European Excel)', 'Id;Subject;Created at\r\n1;"Hi; there";2025-01-02\r\n', ';'],
    ['tab', 'Id\tSubject\tStatus\n1\ta\tb\n', '\t'],
    ['pipe', 'Id|Subject|Status\n', '|'],
    ['commas inside quotes do not vote', '"Name, full";"Notes, more, more";Status\n', ';'],
    ['quoted name with a tab delimiter', '"Name, full"\tStatus\n', '\t'],
    ['one column defaults to comma', 'id\n1\n2\n', ','],
    ['only the first line counts', 'a;b\nx,y,z,w,v\n', ';'],
    ['leading blank lines are skipped', '\n\r\nId;Status\n', ';'],
    ['a tie goes to comma', 'a,b;c\n', ','],
    ["Excel's sep= line decides", 'sep=|\nId,Status,Name\n', '|'],
    ['empty text', '', ','],
  ])('%s', (_label, sample, expected) => {
    expect(sniffDelimiter(sample)).toBe(expected);
  });
});

describe('excelSepDirective', () => {
  it.each([
    ['sep=;\r\nId;Status\r\n', ';'],
    ['sep=,\nId,Status\n', ','],
    ['sep=\t\n', '\t'],
    ['Id,Status\n', undefined],
    ['sep=;;\n', undefined],
  ])('%j -> %j', (sample, expected) => {
    expect(excelSepDirective(sample)).toBe(expected);
  });
});

describe('normalizeHeader', () => {
  it('trims, names empty cells column_N, suffixes repeats ignoring case, drops trailing empties', () => {
    const result = normalizeHeader([' Id ', '', 'Status', 'status', 'Status', '', '  '], { dropTrailingEmpty: true });
    expect(result.names).toEqual(['Id', 'column_2', 'Status', 'status (2)', 'Status (3)']);
    expect(result.fixes).toEqual([
      { index: 1, original: '', name: 'column_2', reason: 'empty' },
      { index: 3, original: 'status', name: 'status (2)', reason: 'duplicate' },
      { index: 4, original: 'Status', name: 'Status (3)', reason: 'duplicate' },
    ]);
  });

  it('never produces a name that is already taken', () => {
    expect(normalizeHeader(['a', 'a', 'a (2)', '', 'column_4']).names).toEqual([
      'a',
      'a (3)',
      'a (2)',
      'column_4 (2)',
      'column_4',
    ]);
  });

  it('keeps trailing empty names unless asked', () => {
    expect(normalizeHeader(['a', '']).names).toEqual(['a', 'column_2']);
  });
});

describe('readCsv', () => {
  it('reads a plain file with LF and with CRLF, lines 1-based', async () => {
    for (const eol of ['\n', '\r\n']) {
      const out = await read(['Id,Status', 'A1,open', 'A2,solved', ''].join(eol));
      expect(out.header).toEqual(['Id', 'Status']);
      expect(out.headerLine).toBe(1);
      expect(cells(out.records)).toEqual([
        ['A1', 'open'],
        ['A2', 'solved'],
      ]);
      expect(lines(out.records)).toEqual([2, 3]);
      expect(out.issues).toEqual([]);
      expect(out.error).toBeUndefined();
    }
  });

  it(
    'reads quoted fields with delimiters, doubled quotes ' + 'and line breaks, and keeps later line numbers right',
    async () => {
      const text = [
        'Id,Subject,Body', // line 1
        '1,"Hello, world","He said ""hi""', // line 2: record 1 starts, Body spans lines 2-4
        'second line', //                     line 3
        'third line"', //                     line 4
        '2,plain,"a\r\nb"', //                line 5: record 2, CRLF inside the quotes -> ends on line 6
        '3,x,y', //                           line 7
      ].join('\n');
      const out = await read(text.replace('"a\r\nb"\n', '"a\r\nb"\n'));
      expect(cells(out.records)).toEqual([
        ['1', 'Hello, world', 'He said "hi"\nsecond line\nthird line'],
        ['2', 'plain', 'a\r\nb'],
        ['3', 'x', 'y'],
      ]);
      expect(lines(out.records)).toEqual([2, 5, 7]);
    },
  );

  it('counts a CRLF inside quotes as one line in a CRLF file', async () => {
    const text = 'a,b\r\n"x\r\ny\r\nz",1\r\n2,"p\r\nq"\r\n3,4\r\n';
    // record "x..." lines 2-4, record 2 lines 5-6, record 3 line 7
    const out = await read(text);
    expect(lines(out.records)).toEqual([2, 5, 7]);
  });

  it('accepts CR-only and mixed line endings', async () => {
    const out = await read('a,b\r1,2\r\n3,4\n5,6\r');
    expect(cells(out.records)).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(lines(out.records)).toEqual([2, 3, 4]);
  });

  it('reads semicolon and tab delimited text', async () => {
    expect(cells((await read('a;b\n"1;2";3\n', { delimiter: ';' })).records)).toEqual([['1;2', '3']]);
    expect(cells((await read('a\tb\n1,2\t3\n', { delimiter: '\t' })).records)).toEqual([['1,2', '3']]);
  });

  it('skips blank lines and all-empty records, counting them, before and after the header', async () => {
    const out = await read('\n\nId,Status\n\n1,open\n,\n  , \n2,closed\n\n\n');
    expect(out.headerLine).toBe(3);
    expect(cells(out.records)).toEqual([
      ['1', 'open'],
      ['2', 'closed'],
    ]);
    expect(lines(out.records)).toEqual([5, 8]);
    // lines 1, 2, 4, 6, 7, 9 and 10 (the text ends with a line break, so there is no line 11)
    expect(out.blank).toBe(7);
  });

  it("drops Excel's trailing empty columns and rows", async () => {
    const out = await read('Id,Status,,\r\n1,open,,\r\n2,closed,,\r\n,,,\r\n,,,\r\n');
    expect(out.header).toEqual(['Id', 'Status']);
    expect(cells(out.records)).toEqual([
      ['1', 'open'],
      ['2', 'closed'],
    ]);
    expect(out.blank).toBe(2);
    expect(out.issues).toEqual([]);
  });

  it('rejects ragged rows with an issue and keeps going', async () => {
    const out = await read('Id,Status,Owner\n1,open,ann\n2,open\n3,open,bob,extra\n4,open,cy,\n5,solved,di\n');
    expect(cells(out.records)).toEqual([
      ['1', 'open', 'ann'],
      ['4', 'open', 'cy'],
      ['5', 'solved', 'di'],
    ]);
    expect(out.issues.map((issue) => [issue.code, issue.line, issue.action, issue.cells])).toEqual([
      ['ragged_row', 3, 'rejected', ['2', 'open']],
      ['ragged_row', 4, 'rejected', ['3', 'open', 'bob', 'extra']],
    ]);
    expect(out.issues[0]?.message).toBe('2 cells where the header has 3');
    expect(out.issues[0]?.file).toBe('t.csv');
  });

  it('reports renamed header columns once, as bad_header', async () => {
    const out = await read('Id,,Status,STATUS\n1,x,open,y\n');
    expect(out.header).toEqual(['Id', 'column_2', 'Status', 'STATUS (2)']);
    expect(out.issues.map((issue) => [issue.code, issue.line, issue.column, issue.value])).toEqual([
      ['bad_header', 1, 'column_2', ''],
      ['bad_header', 1, 'STATUS (2)', 'STATUS'],
    ]);
  });

  it('returns the header and no records for a header-only file', async () => {
    const out = await read('Id,Status\r\n');
    expect(out.header).toEqual(['Id', 'Status']);
    expect(out.records).toEqual([]);
    expect(out.error).toBeUndefined();
  });

  it('fails with empty_input when there is no header', async () => {
    await expect(read('\n\n,,\n')).rejects.toMatchObject({ code: 'empty_input', exitCode: 3 });
  });

  it('skips an Excel sep= line', async () => {
    const out = await read('sep=;\nId;Status\n1;open\n', { delimiter: ';', skipSepLine: true });
    expect(out.header).toEqual(['Id', 'Status']);
    expect(out.headerLine).toBe(2);
    expect(lines(out.records)).toEqual([3]);
  });

  it('rejects a record with a quote inside an unquoted field and continues', async () => {
    const out = await read('Id,Size\n1,5" screen\n2,ok\n');
    expect(cells(out.records)).toEqual([['2', 'ok']]);
    expect(lines(out.records)).toEqual([3]);
    expect(out.issues.map((issue) => [issue.code, issue.line, issue.column, issue.action, issue.message])).toEqual([
      ['bad_quoting', 2, 'Size', 'rejected', 'a double quote inside an unquoted field (Size)'],
    ]);
  });

  it('rejects the one record with text after a closing quote; the lines after it are read as usual', async () => {
    // Line 2 has "x"y: the quote closed, so only line 2 is broken (issue #24: it once swallowed lines 2-4).
    const out = await read('a,b\n1,"x"y\n5,6\n7,"8"\n9,10\n11,12\n');
    expect(cells(out.records)).toEqual([
      ['5', '6'],
      ['7', '8'],
      ['9', '10'],
      ['11', '12'],
    ]);
    expect(lines(out.records)).toEqual([3, 4, 5, 6]);
    expect(out.issues).toEqual([
      expect.objectContaining({
        code: 'bad_quoting',
        line: 2,
        column: 'b',
        action: 'rejected',
        message: 'text after the closing quote of a field (b)',
      }),
    ]);
  });

  it('reports a broken record at the very end', async () => {
    for (const text of ['a,b\n1,2\n3,x"y', 'a,b\n1,2\n3,x"y\n', 'a,b\r\n1,2\r\n3,x"y\r\n']) {
      const out = await read(text);
      expect(cells(out.records)).toEqual([['1', '2']]);
      expect(out.error).toBeUndefined();
      expect(out.issues).toEqual([
        expect.objectContaining({
          code: 'bad_quoting',
          line: 3,
          message: 'a double quote inside an unquoted field (b)',
        }),
      ]);
    }
    // Text after a closing quote rejects its record only, also with no quote after it (`"Bill"ing`).
    const open = await read('a,b\n1,2\n3,"x"y\n4,more\n');
    expect(open.error).toBeUndefined();
    expect(cells(open.records)).toEqual([
      ['1', '2'],
      ['4', 'more'],
    ]);
    expect(open.issues).toEqual([expect.objectContaining({ code: 'bad_quoting', line: 3 })]);
  });

  it('fails on an unclosed quote at the end, after yielding the records before it', async () => {
    const out = await read('Id,Note\n1,ok\n2,"never closed\n3,more\n4,end\n');
    expect(cells(out.records)).toEqual([['1', 'ok']]);
    expect(out.error).toBeInstanceOf(AppError);
    expect(out.error).toMatchObject({ code: 'bad_csv', exitCode: 3, where: 't.csv:3' });
    expect((out.error as AppError).hint).toMatch(/stray double quote/);
  });

  it('fails on broken quoting in the header', async () => {
    await expect(read('Id,Na"me\n1,x\n')).rejects.toMatchObject({ code: 'bad_csv', where: 't.csv:1' });
  });

  it('fails with field_too_large instead of reading a runaway field forever', async () => {
    const runaway = `Id,Note\n1,ok\n2,"${'x'.repeat(5000)}\n`.repeat(1);
    const chunks = [runaway, 'y'.repeat(5000), 'z'.repeat(5000)];
    const out = await read(chunks, { maxFieldBytes: 4096 });
    expect(cells(out.records)).toEqual([['1', 'ok']]);
    expect(out.error).toMatchObject({ code: 'field_too_large', where: 't.csv:3' });
  });

  it('reads the same records whatever the chunking', async () => {
    const text = 'Id,Body\r\n1,"multi\r\nline, with ""quotes"""\r\n2,é😀\r\n\r\n3,last';
    const whole = await read(text);
    for (let size = 1; size <= 7; size++) {
      const out = await read(chunked(text, size));
      expect(out.records).toEqual(whole.records);
      expect(out.blank).toBe(whole.blank);
    }
    expect(lines(whole.records)).toEqual([2, 4, 6]);
  });

  it('stops and closes the input when the consumer breaks out', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield 'Id\n';
        for (let i = 0; i < 100_000; i++) yield `${i}\n`;
      } finally {
        closed = true;
      }
    }
    const csv = await readCsv(source(), {
      name: 't.csv',
      delimiter: ',',
      maxFieldBytes: 1 << 20,
      onIssue: () => undefined,
    });
    let seen = 0;
    for await (const _record of csv.records) if (++seen === 3) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });
});

/** RFC 4180 writer, independent of the reader: quote a cell when it holds a quote, comma, CR or LF. */
function writeCsv(rows: readonly (readonly string[])[], eol: string): string {
  return (
    rows
      .map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','))
      .join(eol) + eol
  );
}

describe('property: RFC 4180 CSV written then read gives the same cells and lines', () => {
  const cellText = fc.string({
    unit: fc.oneof(
      fc.constantFrom('"', ',', '\r', '\n', '\r\n', ' ', ';', '\t', 'é', '€', '😀', '中'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 12,
  });

  it('holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { maxLength: 12 }),
            eol: fc.constantFrom('\n', '\r\n'),
            chunk: fc.integer({ min: 1, max: 40 }),
          }),
        ),
        async ({ width, rows, eol, chunk }) => {
          const header = Array.from({ length: width }, (_, i) => `c${i + 1}`);
          const text = writeCsv([header, ...rows], eol);
          const out = await read(chunked(text, chunk));

          // Expected line of each row: 1 + the line breaks (CRLF, CR or LF) written before it.
          let offset = header.join(',').length + eol.length;
          const expected: SourceRecord[] = [];
          for (const row of rows) {
            const written = writeCsv([row], eol);
            const line = (text.slice(0, offset).match(/\r\n|\r|\n/g) ?? []).length + 1;
            if (row.some((cell) => cell.trim() !== '')) expected.push({ cells: [...row], line });
            offset += written.length;
          }
          expect(out.error).toBeUndefined();
          expect(out.issues).toEqual([]);
          expect(out.header).toEqual(header);
          expect(out.records).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
