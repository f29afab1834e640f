import { describe, expect, it } from 'vitest';
import { renderCsv, renderTsv } from '../../src/report/renderers/csv.js';
import { renderJson, renderNdjson } from '../../src/report/renderers/json.js';
import { renderMarkdown } from '../../src/report/renderers/markdown.js';
import { renderHtml } from '../../src/report/renderers/html/page.js';
import { renderXlsx } from '../../src/report/renderers/xlsx.js';
import { formatFromPath, OUTPUT_FORMATS, render, type OutputFormat } from '../../src/report/renderers/registry.js';
import { renderTable } from '../../src/report/renderers/table.js';
import type { Report } from '../../src/report/model.js';
import { groupedReport, previousWeek } from './sample-report.js';

describe('formatFromPath', () => {
  it.each<[string, OutputFormat | null]>([
    ['out.csv', 'csv'],
    ['OUT.CSV', 'csv'],
    ['out.tsv', 'tsv'],
    ['out.json', 'json'],
    ['out.ndjson', 'ndjson'],
    ['out.jsonl', 'ndjson'],
    ['out.md', 'markdown'],
    ['out.markdown', 'markdown'],
    ['out.txt', null],
    ['out.xls', null],
    ['out.pdf', null],
    ['reports/2025.11/weekly.csv.gz', 'csv'],
    ['C:\\reports\\weekly.md', 'markdown'],
    ['reports.d/weekly', null],
    ['.csv', null],
    ['out.xlsx', 'xlsx'],
    ['weekly.XLSX', 'xlsx'],
    ['out.gz', null],
    ['-', null],
  ])('%s -> %s', (path, expected) => {
    expect(formatFromPath(path)).toBe(expected);
  });
});

describe('render', () => {
  const report = groupedReport(['=Billing', null]);

  it('dispatches to each renderer', async () => {
    const expected: Record<OutputFormat, string | Uint8Array> = {
      table: renderTable(report, { color: false }),
      csv: renderCsv(report),
      tsv: renderTsv(report),
      xlsx: await renderXlsx(report),
      json: renderJson(report),
      ndjson: renderNdjson(report),
      markdown: renderMarkdown(report),
      html: await renderHtml(report),
    };
    for (const format of OUTPUT_FORMATS) {
      const rendered = await render(report, format);
      // A zip holds its entries' times: compare what is inside, not the bytes.
      if (format === 'xlsx') expect(rendered.length).toBeGreaterThan(1000);
      else expect(rendered).toBe(expected[format]);
    }
  });

  it('passes the options to the renderer that takes them', async () => {
    const options = { color: true, width: 60, delimiter: ';', excel: true, formulaEscape: false };
    expect(await render(report, 'table', options)).toBe(renderTable(report, { color: true, width: 60 }));
    expect(await render(report, 'csv', options)).toBe(
      renderCsv(report, { delimiter: ';', excel: true, formulaEscape: false }),
    );
    expect(await render(report, 'tsv', options)).toBe(renderTsv(report, { excel: true, formulaEscape: false }));
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('inputs', () => {
  it('are never mutated', async () => {
    const report: Report = groupedReport(['Billing', null], { compare: 'previous' });
    report.rows = report.rows.map((row) => ({ ...row, previous: previousWeek() }));
    const before = structuredClone(report);
    deepFreeze(report);
    for (const format of OUTPUT_FORMATS) await render(report, format, { color: true, width: 40 });
    expect(report).toEqual(before);
  });
});
