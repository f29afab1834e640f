/**
 * The options of the renderers, as types: what the registry passes to each renderer. Apart from the
 * registry so that a renderer reads them without importing the registry, which imports the renderers.
 */

/** A goal a figure is judged against (a config check), drawn as a line on the HTML page's charts. */
export interface Goal {
  /** Metric id, e.g. `sla.first_reply.achievement`. */
  metric: string;
  /** The figure: `value` for rates and counts, `median`, `p90`... for durations. */
  figure: 'value' | 'mean' | 'median' | 'p90' | 'p95' | 'min' | 'max' | 'sum';
  op: '<=' | '<' | '>=' | '>' | '==' | '!=';
  /** As written: a percentage (a fraction), a duration (ms, converted to the metric's unit), a number. */
  target: { kind: 'percent'; fraction: number } | { kind: 'duration'; ms: number } | { kind: 'number'; value: number };
  /** As written: `sla.first_reply.achievement >= 95%`. */
  text: string;
}

/**
 * How output goes out, for what data text may hold: `file` (as it is), `log` (standard output that
 * a CI log may read: no line from the data may start with `::`, a workflow command), `terminal`
 * (also no control character or escape sequence from the data).
 */
export type OutputSink = 'file' | 'log' | 'terminal';

/**
 * The render options every command and format shares; each renderer reads the ones that apply to it
 * (the `options` of its registry entry: the CLI warns about one given to a format that ignores it).
 */
export interface RenderOptions {
  /** Table only: emit ANSI colors. Default false. CSV, TSV, JSON and Markdown are never colored. */
  color?: boolean;
  /** Table only: terminal width in columns, to lay out what does not fit. */
  width?: number;
  /** CSV only: the field delimiter (default `,`, or `;` with a decimal comma). */
  delimiter?: string;
  /**
   * CSV and TSV: a UTF-8 byte order mark, CRLF line ends, and timestamps without an offset (wall
   * time in the report zone), as Excel opens them as dates. Default false.
   */
  excel?: boolean;
  /** CSV and TSV: prefix cells starting with `= + - @` (and tab, CR) with `'`. Default true. */
  formulaEscape?: boolean;
  /** CSV and TSV: the decimal separator of numbers (`,` for European Excel). Default `.`. */
  decimal?: '.' | ',';
  /**
   * CSV, TSV and XLSX: every column of the report kind (the stable schema, for scripts). Default
   * false: columns of metrics this input can never fill are left out. JSON always keeps everything.
   */
  allColumns?: boolean;
  /** XLSX: durations as Excel durations (`[h]:mm`, days) instead of numbers in the unit the header names. */
  excelDurations?: boolean;
  /** Every format but JSON and NDJSON: only these metrics (ids, or prefixes like `sla.*`), in this order. */
  metrics?: readonly string[];
  /** HTML: goals (the config's checks) drawn on the charts of their metrics. */
  goals?: readonly Goal[];
  /** CSV, TSV and HTML: where the output goes (see OutputSink). Default `file`. */
  sink?: OutputSink;
}

/** The render options a renderer may take, by name (the CLI warns when one is given to another format). */
export type RenderOption = 'excel' | 'delimiter' | 'decimal' | 'allColumns' | 'excelDurations' | 'metrics';
