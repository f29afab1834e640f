/**
 * The output formats: one entry per renderer (its format name, the file extensions that imply it,
 * whether it writes bytes or text, and its render function). The command line's `--format` choices
 * and the format an `--output` file implies come from this table. Each renderer is imported only
 * when its format is asked for: a run loads the one it uses (the XLSX one loads write-excel-file and
 * its zip library). Which render options each reads is data too (`options`), so that the command line
 * can warn about a flag the chosen format ignores.
 */

import type { Report } from '../model.js';
import { selectMetrics } from '../select.js';
import type { RenderOption, RenderOptions } from './options.js';

export type { Goal, OutputSink, RenderOption, RenderOptions } from './options.js';

export interface Renderer {
  readonly format: string;
  /** Lower-case file extensions (without the dot) that imply the format. */
  readonly extensions: readonly string[];
  /** Writes bytes rather than text. */
  readonly binary: boolean;
  /** What the format is, for `--help`. */
  readonly description: string;
  /** The options of `RenderOption` it reads. */
  readonly options: readonly RenderOption[];
  render(report: Report, options: RenderOptions): Promise<string | Uint8Array>;
  /** The same output in pieces, for formats whose output can outgrow one string (JSON, NDJSON, CSV, TSV). */
  pieces?(report: Report, options: RenderOptions): Promise<Iterable<string>>;
}

export const RENDERERS = [
  {
    format: 'table',
    extensions: [],
    binary: false,
    description: 'the terminal table (default)',
    options: ['metrics'],
    render: async (report, { color = false, width }) => {
      const { renderTable } = await import('./table.js');
      return renderTable(report, width === undefined ? { color } : { color, width });
    },
  },
  {
    format: 'csv',
    extensions: ['csv'],
    binary: false,
    description: 'one row per period and group, a column per figure',
    options: ['excel', 'delimiter', 'decimal', 'allColumns', 'metrics'],
    render: async (report, options) => {
      const { renderCsv } = await import('./csv.js');
      return renderCsv(report, options);
    },
    pieces: async (report, options) => {
      const { renderCsvPieces } = await import('./csv.js');
      return renderCsvPieces(report, options);
    },
  },
  {
    format: 'tsv',
    extensions: ['tsv'],
    binary: false,
    description: 'as csv, tab-separated',
    options: ['excel', 'decimal', 'allColumns', 'metrics'],
    render: async (report, { delimiter: _, ...options }) => {
      const { renderTsv } = await import('./csv.js');
      return renderTsv(report, options);
    },
    pieces: async (report, { delimiter: _, ...options }) => {
      const { renderTsvPieces } = await import('./csv.js');
      return renderTsvPieces(report, options);
    },
  },
  {
    format: 'xlsx',
    extensions: ['xlsx'],
    binary: true,
    description: 'an Excel workbook: summary, by period, by group, checks, definitions',
    options: ['allColumns', 'excelDurations', 'metrics'],
    render: async (report, options) => {
      // write-excel-file (and its zip library) load only for this format.
      const { renderXlsx } = await import('./xlsx.js');
      return renderXlsx(report, options);
    },
  },
  {
    format: 'json',
    extensions: ['json'],
    binary: false,
    description: 'the whole report (docs/json.md)',
    options: [],
    render: async (report) => {
      const { renderJson } = await import('./json.js');
      return renderJson(report);
    },
    pieces: async (report) => {
      const { renderJsonPieces } = await import('./json.js');
      return renderJsonPieces(report);
    },
  },
  {
    format: 'ndjson',
    extensions: ['ndjson', 'jsonl'],
    binary: false,
    description: 'a line per row, then a summary line',
    options: [],
    render: async (report) => {
      const { renderNdjson } = await import('./json.js');
      return renderNdjson(report);
    },
    pieces: async (report) => {
      const { renderNdjsonPieces } = await import('./json.js');
      return renderNdjsonPieces(report);
    },
  },
  {
    format: 'markdown',
    extensions: ['md', 'markdown'],
    binary: false,
    description: 'headline figures, definitions and the input accounting',
    options: ['metrics'],
    render: async (report) => {
      const { renderMarkdown } = await import('./markdown.js');
      return renderMarkdown(report);
    },
  },
  {
    format: 'html',
    extensions: ['html', 'htm'],
    binary: false,
    description: 'a self-contained page: headline tiles, trends with their numbers, tables',
    options: ['metrics'],
    render: async (report, options) => {
      const { renderHtml } = await import('./html/page.js');
      return renderHtml(report, options);
    },
  },
] as const satisfies readonly Renderer[];

export type OutputFormat = (typeof RENDERERS)[number]['format'];

/** Every format name, in the order of the table. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = RENDERERS.map((r) => r.format);

/** Whether `name` is an output format. */
export const isOutputFormat = (name: string): name is OutputFormat =>
  (OUTPUT_FORMATS as readonly string[]).includes(name);

/** The renderer of a format. */
export function rendererOf(format: OutputFormat): Renderer {
  return RENDERERS.find((r) => r.format === format) as Renderer;
}

/** Every extension an output file name may have, for messages: `.csv, .tsv, .xlsx, ...`. */
export const OUTPUT_EXTENSIONS: readonly string[] = RENDERERS.flatMap((r) => r.extensions.map((e) => `.${e}`));

/**
 * The extension of an output file name, lower case, without the dot and looking through `.gz` (the
 * CLI compresses such outputs); null when it has none.
 *
 * @example outputExtension('weekly.CSV') // 'csv'
 * @example outputExtension('report') // null
 */
export function outputExtension(path: string): string | null {
  const name = (path.split(/[\\/]/).at(-1) ?? '').toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? null : name.slice(dot + 1);
}

/**
 * The output format implied by an output file name, or null when its extension is none a format
 * writes (or it has none). Case-insensitive; `.gz` is looked through.
 *
 * @example formatFromPath('weekly.CSV') // 'csv'
 * @example formatFromPath('out/report.jsonl.gz') // 'ndjson'
 * @example formatFromPath('report.xls') // null
 */
export function formatFromPath(path: string): OutputFormat | null {
  const extension = outputExtension(path);
  if (extension === null) return null;
  return RENDERERS.find((r) => (r.extensions as readonly string[]).includes(extension))?.format ?? null;
}

/**
 * The report rendered in `format`. Asynchronous only because renderers load on demand; rendering
 * itself is pure. With `metrics`, every format but JSON and NDJSON shows only those metrics.
 *
 * @example
 * // Excel's CSV: a byte order mark and CRLF line ends; fixtures/examples by team is a header and two rows
 * const csv = await render(fixture('examples/report.json'), 'csv', { excel: true });
 * [csv.startsWith('\uFEFFperiod,period_start,period_end,team,created,'), csv.split('\r\n').length] // [true, 4]
 */
export function render(
  report: Report,
  format: OutputFormat,
  options: RenderOptions = {},
): Promise<string | Uint8Array> {
  const renderer = rendererOf(format);
  const shown =
    options.metrics !== undefined && renderer.options.includes('metrics')
      ? selectMetrics(report, options.metrics)
      : report;
  return renderer.render(shown, options);
}

/**
 * {@link render}, in pieces where the format has them (JSON, NDJSON, CSV, TSV: a document larger than V8's
 * longest string is written all the same), else the whole output. The pieces concatenate to what
 * `render` returns.
 */
export function renderPieces(
  report: Report,
  format: OutputFormat,
  options: RenderOptions = {},
): Promise<string | Uint8Array | Iterable<string>> {
  const renderer: Renderer = rendererOf(format);
  if (renderer.pieces === undefined) return render(report, format, options);
  const shown =
    options.metrics !== undefined && renderer.options.includes('metrics')
      ? selectMetrics(report, options.metrics)
      : report;
  return renderer.pieces(shown, options);
}
