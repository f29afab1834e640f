import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvOptions, formatCsvNumber, renderCsv, renderTsv } from '../../src/report/renderers/csv.js';
import { AppError } from '../../src/errors.js';
import { compareReport, duration, groupedReport, rate, sampleReport, sampleRow, total } from './sample-report.js';

// csat is unavailable in the sample (no satisfaction column): left out unless allColumns.
const HEADER =
  'period,period_start,period_end,frt_median_min,frt_p90_min,frt_n,resolution_rate_pct,resolution_rate_resolved,' +
  'resolution_rate_tickets,resolution_median_h,reopened,transfers_mean';
const SAMPLE_LINE = '2025-W47,2025-11-17T00:00:00+01:00,2025-11-24T00:00:00+01:00,42,186,37,72.5,29,40,5.5,3,0.3';

function readCsv(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter }) as string[][];
}

/** The `team` cell (4th column) of every data row. */
function teamCells(text: string, delimiter = ','): (string | undefined)[] {
  return readCsv(text, delimiter)
    .slice(1)
    .map((record) => record[3]);
}

describe('renderCsv', () => {
  it('writes a header and one line per row, LF-terminated, unavailable as an empty cell', () => {
    expect(renderCsv(sampleReport())).toBe(`${HEADER}\n${SAMPLE_LINE}\n`);
  });

  it('keeps the columns of metrics this input can never fill with allColumns (the stable schema)', () => {
    expect(renderCsv(sampleReport(), { allColumns: true })).toBe(`${HEADER},csat_pct\n${SAMPLE_LINE},\n`);
  });

  it('writes every column when there are no rows (nothing tells what the input can fill)', () => {
    expect(renderCsv(sampleReport({ rows: [] }))).toBe(`${HEADER},csat_pct\n`);
  });

  it('writes BOM, CRLF and period bounds as wall time without offset for Excel', () => {
    const line = SAMPLE_LINE.replace(
      '2025-11-17T00:00:00+01:00,2025-11-24T00:00:00+01:00',
      '2025-11-17 00:00:00,2025-11-24 00:00:00',
    );
    expect(renderCsv(sampleReport(), { excel: true })).toBe(`\uFEFF${HEADER}\r\n${line}\r\n`);
  });

  it('writes decimal commas, with a semicolon between cells by default', () => {
    // 72.5 -> 72,5; 5.5 -> 5,5; 0.3 -> 0,3; integers unchanged.
    expect(renderCsv(sampleReport(), { decimal: ',' }).split('\n')[1]).toBe(
      '2025-W47;2025-11-17T00:00:00+01:00;2025-11-24T00:00:00+01:00;42;186;37;72,5;29;40;5,5;3;0,3',
    );
    expect(() => renderCsv(sampleReport(), { decimal: ',', delimiter: ',' })).toThrow(
      expect.objectContaining({ code: 'invalid_delimiter' }),
    );
  });

  it('uses another delimiter and quotes cells holding it', () => {
    const csv = renderCsv(groupedReport(['a;b']), { delimiter: ';' });
    expect(csv.split('\n')[1]).toBe(
      '2025-W47;2025-11-17T00:00:00+01:00;2025-11-24T00:00:00+01:00;"a;b";42;186;37;72.5;29;40;5.5;3;0.3',
    );
  });

  it.each(['', ';;', '"', '\n', '\r'])('refuses the delimiter %j', (delimiter) => {
    const attempt = () => renderCsv(sampleReport(), { delimiter });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_delimiter', exitCode: 2 }));
  });

  it('writes negative numbers as numbers, without an apostrophe', () => {
    // Reopened 4 -> 3 is a relative change of -25%.
    const report = compareReport();
    const row = report.rows[0];
    if (row?.previous === undefined) throw new Error('sample has a previous window');
    row.previous.metrics['reopens'] = { kind: 'count', value: 4 };
    const csv = renderCsv(report);
    expect(csv).toContain(',3,4,-25,');
    expect(csv).not.toContain("'");
    const [header, values] = readCsv(csv);
    expect(values?.[header?.indexOf('reopened_change_pct') ?? -1]).toBe('-25');
  });

  it('writes empty cells for nulls, and never NaN or Infinity', () => {
    const report = sampleReport({
      rows: [
        sampleRow({
          metrics: {
            frt: duration('minutes', { n: 1, median: Number.NaN, p90: Number.POSITIVE_INFINITY }),
            resolution_rate: { kind: 'rate', numerator: 1, denominator: 0, value: Number.NEGATIVE_INFINITY },
            transfers: total(0, 0),
          },
        }),
      ],
    });
    const csv = renderCsv(report, { excel: true });
    expect(csv).not.toMatch(/NaN|Infinity/);
    expect(readCsv(csv)[1]).toEqual([
      '2025-W47',
      '2025-11-17 00:00:00',
      '2025-11-24 00:00:00',
      '',
      '',
      '1',
      '',
      '1',
      '0',
      '',
      '',
      '',
      '',
    ]);
  });

  it('writes rates over zero tickets as empty, their parts as 0', () => {
    const report = sampleReport({ rows: [sampleRow({ metrics: { resolution_rate: rate(0, 0) } })] });
    expect(readCsv(renderCsv(report))[1]?.slice(6, 9)).toEqual(['', '0', '0']);
  });
});

describe('formatCsvNumber', () => {
  it.each<[number, string]>([
    [42, '42'],
    [72.5, '72.5'],
    [0.725 * 100, '72.5'],
    [1 / 3, '0.3333'],
    [2 / 3, '0.6667'],
    [-3.25, '-3.25'],
    [-0.00001, '0'],
    [-0, '0'],
    [1e-7, '0'],
    [123456789.123456, '123456789.1235'],
    [1e21, '1000000000000000000000'],
    [-2e22, '-20000000000000000000000'],
    [Number.NaN, ''],
    [Number.POSITIVE_INFINITY, ''],
    [Number.NEGATIVE_INFINITY, ''],
  ])('%d -> %j', (value, expected) => {
    expect(formatCsvNumber(value)).toBe(expected);
  });
});

describe('formula escaping', () => {
  const cases: [string, string][] = [
    ['=1+1', "'=1+1"],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\n=1', "'\n=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    ['a=1', 'a=1'],
    [' =1', ' =1'],
    ['Billing', 'Billing'],
    ["'quoted", "'quoted"],
    ['', ''],
  ];

  it.each(cases)('%j is read back as %j', (team, expected) => {
    expect(teamCells(renderCsv(groupedReport([team])))).toEqual([expected]);
  });

  it('is off with formulaEscape false', () => {
    expect(teamCells(renderCsv(groupedReport(['=1+1', '-1']), { formulaEscape: false }))).toEqual(['=1+1', '-1']);
  });

  it('applies to the header too (dimension names come from the command line)', () => {
    const report = groupedReport(['x'], { by: ['=team'] });
    report.rows[0] = sampleRow({ group: { '=team': 'x' } });
    expect(readCsv(renderCsv(report))[0]?.[3]).toBe("'=team");
  });

  it('quotes an escaped cell when it holds a quote or delimiter', () => {
    expect(renderCsv(groupedReport(['=HYPERLINK("http://x","y")'])).split('\n')[1]).toContain(
      `,"'=HYPERLINK(""http://x"",""y"")",`,
    );
  });
});

describe('renderTsv', () => {
  it('separates cells by tabs and turns tabs and line breaks inside cells into spaces', () => {
    const tsv = renderTsv(groupedReport(['a\tb\r\nc\nd']));
    expect(tsv.split('\n')).toHaveLength(3);
    expect(tsv.split('\n')[1]).toBe(
      '2025-W47\t2025-11-17T00:00:00+01:00\t2025-11-24T00:00:00+01:00\ta ' +
        'b c d\t42\t186\t37\t72.5\t29\t40\t5.5\t3\t0.3',
    );
  });

  it('writes BOM and CRLF for Excel', () => {
    const tsv = renderTsv(sampleReport(), { excel: true });
    expect(tsv.startsWith('\uFEFFperiod\tperiod_start\t')).toBe(true);
    expect(tsv.endsWith('\t0.3\r\n')).toBe(true);
  });
});

// Text a ticket field can hold, biased to what breaks CSV writers and spreadsheets.
const nastyUnit = fc.constantFrom(
  '"',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '=',
  '+',
  '-',
  '@',
  '＝',
  '＋',
  '－',
  '＠',
  "'",
  ' ',
  'a',
  'é',
  '|',
  '\u0000',
  '😀',
);
const groupValue = fc.option(
  fc.oneof(
    fc.string({ unit: nastyUnit, maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.constantFrom("=cmd|' /C calc'!A0", '＝1+1', '-1', '@SUM(A1:A2)', '+"x"'),
  ),
);

/** What a reader should get back: the value, with an apostrophe where a spreadsheet would run it. */
function expectedCell(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r\n\0＝＋－＠]/.test(value) ? `'${value}` : value;
}

describe('CSV written then read gives the same cells', () => {
  it.each<[string, CsvOptions]>([
    ['plain', {}],
    ['excel', { excel: true }],
    ['semicolon', { delimiter: ';' }],
  ])('%s', (_name, options) => {
    fc.assert(
      fc.property(fc.array(groupValue, { minLength: 1, maxLength: 5 }), (teams) => {
        const text = renderCsv(groupedReport(teams), options);
        // csv-parse tolerates a bare CR inside an unquoted cell, spreadsheets do not: outside quoted
        // cells, line breaks may only end records.
        const lineEnd = options.excel === true ? '\r\n' : '\n';
        const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
        expect(outsideQuotes.split(lineEnd)).toHaveLength(teams.length + 2);
        expect(outsideQuotes.replaceAll(lineEnd, '')).not.toMatch(/[\r\n]/);
        const records = readCsv(text, options.delimiter ?? ',');
        expect(records).toHaveLength(teams.length + 1);
        for (const record of records) expect(record).toHaveLength(12 + 1);
        expect(records.slice(1).map((record) => record[3])).toEqual(teams.map(expectedCell));
        // The figures are untouched by whatever the group cell holds.
        expect(records[1]?.slice(4)).toEqual(['42', '186', '37', '72.5', '29', '40', '5.5', '3', '0.3']);
      }),
      { numRuns: 300 },
    );
  });

  it('tsv: one line per record, cells read back with tabs and line breaks as spaces', () => {
    fc.assert(
      fc.property(fc.array(groupValue, { minLength: 1, maxLength: 5 }), (teams) => {
        const text = renderTsv(groupedReport(teams));
        expect(text.split('\n')).toHaveLength(teams.length + 2);
        const cleaned = teams.map((team) => (team === null ? null : team.replace(/\r\n|[\t\r\n]/g, ' ')));
        expect(teamCells(text, '\t')).toEqual(cleaned.map(expectedCell));
      }),
      { numRuns: 300 },
    );
  });
});
