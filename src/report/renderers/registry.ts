/**
 * The output formats: one entry per renderer (its format name, the file extensions that imply it,
 * whether it writes bytes or text, and its render function). The command line's `--format` choices
 * and the format an `--output` file implies come from this table. Each renderer is imported only
 * when its format is asked for: a run loads the one it uses (the HTML one loads vega and vega-lite,
 * a few hundred ms).
 */

import type { Report } from '../model.js';

/**
 * The render options every command and format shares; each renderer reads the ones that apply to it.
 */
export interface RenderOptions {
  /** Table only: emit ANSI colors. Default false. CSV, TSV, JSON and Markdown are never colored. */
  color?: boolean;
  /** Table only: terminal width in columns, to wrap what does not fit. */
  width?: number;
  /** CSV only: the field delimiter (default `,`). */
  delimiter?: string;
  /** CSV and TSV: a UTF-8 byte order mark and CRLF line ends, as Excel wants. Default false. */
  excel?: boolean;
  /** CSV and TSV: prefix cells starting with `= + - @` (and tab, CR) with `'`. Default true. */
  formulaEscape?: boolean;
}

export interface Renderer {
  readonly format: string;
  /** Lower-case file extensions (without the dot) that imply the format. */
  readonly extensions: readonly string[];
  /** Writes bytes rather than text. */
  readonly binary: boolean;
  /** What the format is, for `--help`. */
  readonly description: string;
  render(report: Report, options: RenderOptions): Promise<string | Uint8Array>;
}

export const RENDERERS = [
  {
    format: 'table',
    extensions: ['txt'],
    binary: false,
    description: 'the terminal table (default)',
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
    render: async (report, options) => {
      const { renderCsv } = await import('./csv.js');
      return renderCsv(report, options);
    },
  },
  {
    format: 'tsv',
    extensions: ['tsv'],
    binary: false,
    description: 'as csv, tab-separated',
    render: async (report, { formulaEscape, excel }) => {
      const { renderTsv } = await import('./csv.js');
      return renderTsv(report, { formulaEscape, excel });
    },
  },
  {
    format: 'json',
    extensions: ['json'],
    binary: false,
    description: 'the whole report (docs/json.md)',
    render: async (report) => {
      const { renderJson } = await import('./json.js');
      return renderJson(report);
    },
  },
  {
    format: 'ndjson',
    extensions: ['ndjson', 'jsonl'],
    binary: false,
    description: 'a line per row, then a summary line',
    render: async (report) => {
      const { renderNdjson } = await import('./json.js');
      return renderNdjson(report);
    },
  },
  {
    format: 'markdown',
    extensions: ['md', 'markdown'],
    binary: false,
    description: 'headline figures, definitions and the input accounting',
    render: async (report) => {
      const { renderMarkdown } = await import('./markdown.js');
      return renderMarkdown(report);
    },
  },
  {
    format: 'html',
    extensions: ['html', 'htm'],
    binary: false,
    description: 'a self-contained page with charts',
    render: async (report) => {
      // vega and vega-lite take a few hundred ms to load: only the HTML report pays for them.
      const { renderHtml } = await import('./html.js');
      return renderHtml(report);
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
  const extension = name.slice(dot + 1);
  return RENDERERS.find((r) => (r.extensions as readonly string[]).includes(extension))?.format ?? null;
}

/**
 * The report rendered in `format`. Asynchronous only because renderers load on demand; rendering
 * itself is pure.
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
  return rendererOf(format).render(report, options);
}
