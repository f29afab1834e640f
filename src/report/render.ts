/**
 * Choice of the output format and dispatch to its renderer. Each renderer is imported only when its
 * format is asked for: a run loads the one it uses (the HTML one loads vega and vega-lite, a few
 * hundred ms).
 */

import type { CsvOptions } from './csv.js';
import type { Report } from './model.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'tsv', 'json', 'ndjson', 'markdown', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** File extension (lower case, without the dot) -> format. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  md: 'markdown',
  html: 'html',
  htm: 'html',
  markdown: 'markdown',
  txt: 'table',
};

/**
 * The output format implied by an output file name, or null when the extension says nothing (or
 * for `-`, stdout). A `.gz` suffix is looked through, since the CLI compresses such outputs.
 * Case-insensitive.
 *
 * @example formatFromPath('weekly.CSV') // 'csv'
 * @example formatFromPath('out/report.jsonl.gz') // 'ndjson'
 * @example formatFromPath('report') // null
 */
export function formatFromPath(path: string): OutputFormat | null {
  const name = (path.split(/[\\/]/).at(-1) ?? '').toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  return FORMAT_BY_EXTENSION[name.slice(dot + 1)] ?? null;
}

export interface RenderOptions extends CsvOptions {
  /** Table only: emit ANSI colors. Default false. CSV, TSV, JSON and Markdown are never colored. */
  color?: boolean;
  /** Table only: terminal width in columns, to wrap what does not fit. */
  width?: number;
}

/**
 * The report rendered in `format`. Asynchronous only because the table renderer is loaded on
 * demand; rendering itself is pure. `delimiter` applies to CSV only; `formulaEscape` and `excel` to
 * CSV and TSV.
 *
 * @example await render(report, 'csv', { excel: true }) // '\uFEFFperiod,period_start,...\r\n...'
 */
export async function render(report: Report, format: OutputFormat, options: RenderOptions = {}): Promise<string> {
  const { color = false, width, ...csv } = options;
  switch (format) {
    case 'table': {
      const { renderTable } = await import('./table.js');
      return renderTable(report, width === undefined ? { color } : { color, width });
    }
    case 'csv': {
      const { renderCsv } = await import('./csv.js');
      return renderCsv(report, csv);
    }
    case 'tsv': {
      const { renderTsv } = await import('./csv.js');
      return renderTsv(report, { formulaEscape: csv.formulaEscape, excel: csv.excel });
    }
    case 'json': {
      const { renderJson } = await import('./json.js');
      return renderJson(report);
    }
    case 'ndjson': {
      const { renderNdjson } = await import('./json.js');
      return renderNdjson(report);
    }
    case 'markdown': {
      const { renderMarkdown } = await import('./markdown.js');
      return renderMarkdown(report);
    }
    case 'html': {
      // vega and vega-lite take a few hundred ms to load: only the HTML report pays for them.
      const { renderHtml } = await import('./html.js');
      return renderHtml(report);
    }
  }
}
