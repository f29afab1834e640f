/**
 * The workbook of hand-built reports, read back: values worked out on paper (29/40 = 0.725 shown as
 * 72.5%; 42 minutes as an Excel duration is 42 / 1440 of a day), types, number formats, frozen
 * header, and well-formed XML whatever the data holds.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderXlsx, wallClockDate } from '../../src/report/renderers/xlsx.js';
import { cellFormats, readSheets, sheetParts, workbookProblems, xlsxParts } from '../helpers/xlsx.js';
import { groupedReport, previousWeek, rate, sampleReport, sampleRow } from './sample-report.js';

/** The sample row as the whole window's total, compared with the week before. */
function withTotals(report: Report): Report {
  return {
    ...report,
    totals: {
      window: {
        ...sampleRow({
          period: { label: 'all', start: '2025-11-17T00:00:00+01:00', end: '2025-11-24T00:00:00+01:00' },
        }),
        previous: previousWeek(),
      },
    },
  };
}

describe('renderXlsx', () => {
  it('writes the sections as sheets, a frozen header on each, and nothing Excel would repair', async () => {
    const bytes = await renderXlsx(withTotals(groupedReport(['Billing', 'Support'])));
    expect(workbookProblems(bytes)).toEqual([]);
    const parts = xlsxParts(bytes);
    expect(sheetParts(parts).map((s) => s.name)).toEqual(['Summary', 'By period and group', 'Checks', 'Definitions']);
    for (const { part } of sheetParts(parts)) {
      expect(parts[part]).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(parts[part]).toMatch(/<col [^>]*width="\d+" customWidth="1"/);
    }
  });

  it('writes the Summary: value, unit, n, previous window, change and its reading', async () => {
    const bytes = await renderXlsx(withTotals(sampleReport()));
    const sheets = await readSheets(bytes);
    const summary = sheets.get('Summary') ?? [];
    expect(summary[0]).toEqual([
      'Metric',
      'Figure',
      'Value',
      'Unit',
      'n',
      'Previous window',
      'Change',
      'Reading',
      'Metric id',
    ]);
    const byId = new Map(summary.slice(1).map((row) => [row[8], row]));
    // FRT median 42 min now, 40 before: +5% relative, longer is worse. n 37 tickets with a reply.
    expect(byId.get('frt')).toEqual(['FRT', 'median', 42, 'minutes', 37, 40, 0.05, 'worse', 'frt']);
    // Resolution rate 29/40 = 0.725 now, 28/40 = 0.7 before: +2.5 points, higher is better.
    const resolution = byId.get('resolution_rate') ?? [];
    expect(resolution.slice(0, 5)).toEqual(['Resolution rate', 'rate', 0.725, '%', 40]);
    expect(resolution[5]).toBe(0.7);
    expect(resolution[6]).toBeCloseTo(2.5, 10);
    expect(resolution[7]).toBe('better');
    // csat is unavailable for this input: no line.
    expect(byId.has('csat')).toBe(false);
    const formats = cellFormats(xlsxParts(bytes), 'Summary');
    const rowOf = (id: string) => summary.findIndex((row) => row[8] === id) + 1;
    expect(formats[`C${rowOf('resolution_rate')}`]).toBe('0.0%');
    expect(formats[`G${rowOf('resolution_rate')}`]).toBe('+0.0" pp";-0.0" pp";0.0" pp"');
    expect(formats[`G${rowOf('frt')}`]).toBe('+0.0%;-0.0%;0.0%');
    expect(formats[`C${rowOf('frt')}`]).toBe('#,##0.0');
  });

  it('writes rates as fractions in a percent format, counts as integers, bounds as dates', async () => {
    const report = sampleReport({
      window: { period: 'week' },
      rows: [
        sampleRow({
          period: { label: '2025-W46', start: '2025-11-10T00:00:00+01:00', end: '2025-11-17T00:00:00+01:00' },
        }),
        sampleRow({ metrics: { ...sampleRow().metrics, resolution_rate: rate(1, 3) } }),
      ],
    });
    const bytes = await renderXlsx(report);
    const sheet = (await readSheets(bytes)).get('By period') ?? [];
    const head = sheet[0] as string[];
    expect(head.slice(0, 4)).toEqual(['Period', 'Start', 'End', 'FRT median (min)']);
    const col = (label: string) => head.indexOf(label);
    expect(sheet[1]?.[col('Resolution rate (%)')]).toBe(0.725);
    expect(sheet[2]?.[col('Resolution rate (%)')]).toBeCloseTo(1 / 3, 12);
    expect(sheet[2]?.[col('Reopened')]).toBe(3);
    // 2025-11-10 00:00 in Berlin, shown as that wall time (stored as the UTC fields Excel shows).
    expect(sheet[1]?.[1]).toEqual(new Date(Date.UTC(2025, 10, 10)));
    const formats = cellFormats(xlsxParts(bytes), 'By period');
    const letter = (index: number) => String.fromCharCode(65 + index);
    expect(formats[`${letter(col('Resolution rate (%)'))}2`]).toBe('0.0%');
    expect(formats[`${letter(col('Reopened'))}2`]).toBe('#,##0');
    expect(formats.B2).toBe('yyyy-mm-dd');
  });

  it('writes durations as Excel durations with excelDurations', async () => {
    const bytes = await renderXlsx(sampleReport({ window: { period: null } }), { excelDurations: true });
    const sheet = (await readSheets(bytes)).get('All figures') ?? [];
    const head = sheet[0] as string[];
    const at = head.indexOf('FRT median (h:mm)');
    expect(at).toBeGreaterThan(0);
    const formats = cellFormats(xlsxParts(bytes), 'All figures');
    expect(formats[`${String.fromCharCode(65 + at)}2`]).toBe('[h]:mm');
    // read-excel-file reads an [h]:mm cell as a date (the format looks like one): compare the serial.
    const raw = xlsxParts(bytes)[sheetParts(xlsxParts(bytes)).find((s) => s.name === 'All figures')?.part ?? ''] ?? '';
    const cell = new RegExp(`<c r="${String.fromCharCode(65 + at)}2"[^>]*><v>([^<]*)</v>`).exec(raw)?.[1];
    expect(Number(cell)).toBeCloseTo(42 / 1440, 12);
  });

  it('keeps formulas, control characters and markup from the data as inert text', async () => {
    const teams = ['=HYPERLINK("http://evil","x")', '+SUM(A1)', '@cmd', 'bell\u0007 & <b>', 'lone \ud800 surrogate'];
    const bytes = await renderXlsx(groupedReport(teams));
    expect(workbookProblems(bytes)).toEqual([]);
    const parts = xlsxParts(bytes);
    for (const [name, xml] of Object.entries(parts)) expect(xml, name).not.toMatch(/<f[ >]/);
    const rows = (await readSheets(bytes)).get('By period and group') ?? [];
    expect(rows.slice(1).map((row) => row[3])).toEqual([
      '=HYPERLINK("http://evil","x")',
      '+SUM(A1)',
      '@cmd',
      'bell & <b>',
      'lone  surrogate',
    ]);
  });

  it('leaves out the columns this input can never fill, unless allColumns', async () => {
    const head = async (allColumns: boolean) =>
      ((await readSheets(await renderXlsx(sampleReport(), { allColumns }))).get('By period')?.[0] ?? []) as string[];
    expect(await head(false)).not.toContain('CSAT (%)');
    expect(await head(true)).toContain('CSAT (%)');
  });
});

describe('wallClockDate', () => {
  it('keeps the wall time of the report zone', () => {
    expect(wallClockDate('2025-11-17T09:30:00-05:00')?.toISOString()).toBe('2025-11-17T09:30:00.000Z');
    expect(wallClockDate('not a date')).toBeNull();
  });
});
