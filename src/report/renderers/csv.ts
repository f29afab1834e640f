/**
 * CSV and TSV output: one line per report row, the columns of `tableRows` (see flatten.ts), figures
 * as plain numbers in the unit named by each column key. Safe to open in a spreadsheet: text that a
 * spreadsheet would run as a formula is neutralized (see `CsvOptions.formulaEscape`).
 */

import { usageError } from '../../errors.js';
import { tableRows, type TableCell } from '../flatten.js';
import type { Report } from '../model.js';
import { writtenColumns } from '../select.js';
import type { OutputSink } from './options.js';
import { logSafe, terminalSafe } from './sink.js';

export interface CsvOptions {
  /** The one character between cells. Default `,` (`;` with a decimal comma); a double quote, CR or LF is refused. */
  delimiter?: string;
  /**
   * Prefix every text cell that starts with `=`, `+`, `-`, `@`, tab, CR, LF, NUL, or their
   * full-width forms `＝ ＋ － ＠`, with an apostrophe, so that a spreadsheet shows it as text instead
   * of evaluating it (OWASP "CSV Injection", ASVS 1.2.10). Number cells are never prefixed: `-3.5` is
   * a number, not a formula. Default true; turn off only for consumers that are not spreadsheets.
   */
  formulaEscape?: boolean;
  /**
   * For Excel: a UTF-8 byte order mark first (so accents survive), CRLF line ends, and period bounds
   * as wall time in the report zone without the offset (so Excel reads them as dates). Default false:
   * LF, no BOM, ISO 8601 with the offset.
   */
  excel?: boolean;
  /** The decimal separator of number cells: `,` writes `72,5` (European Excel). Default `.`. */
  decimal?: '.' | ',';
  /** Every column, also those of metrics this input can never fill (the stable schema). Default false. */
  allColumns?: boolean;
  /** Where the text goes (see OutputSink): text from the data is made safe for a log or a terminal. */
  sink?: OutputSink;
}

/** TSV takes the CSV options except the delimiter, which is a tab. */
export type TsvOptions = Omit<CsvOptions, 'delimiter'>;

const FORMULA_START = /^[=+\-@\t\r\n\0＝＋－＠]/;
const BOM = '\uFEFF';

/**
 * A number as written in CSV: plain decimal notation (never an exponent), at most 4 decimals with
 * trailing zeros trimmed, no `-0`; NaN and ±Infinity become an empty cell.
 *
 * @example formatCsvNumber(72.50000001) // '72.5'
 * @example formatCsvNumber(1e-7) // '0'
 * @example formatCsvNumber(1e21) // '1000000000000000000000'
 * @example formatCsvNumber(-3.25) // '-3.25'
 */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  // toFixed switches to exponent notation from 1e21 on; such a number has no decimals anyway.
  const fixed = Math.abs(value) < 1e21 ? value.toFixed(4) : BigInt(Math.round(value)).toString();
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * Whether a text cell would be taken as a formula by a spreadsheet and so gets an apostrophe
 * (see `CsvOptions.formulaEscape`).
 *
 * @example needsFormulaEscape('=1+1') // true
 * @example needsFormulaEscape('＝1+1') // true
 * @example needsFormulaEscape('a=1') // false
 */
export function needsFormulaEscape(text: string): boolean {
  return FORMULA_START.test(text);
}

interface Dialect {
  delimiter: string;
  formulaEscape: boolean;
  lineEnd: string;
  bom: string;
  decimal: '.' | ',';
  /** Applied to text cells before anything else (TSV removes tabs and line breaks; sinks clean the data). */
  clean: (text: string) => string;
}

function validateDelimiter(delimiter: string): string {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw usageError(
      'invalid_delimiter',
      `The CSV delimiter must be one character other than a double quote, CR or LF; got ${JSON.stringify(delimiter)}.`,
      {
        where: '--output-delimiter',
        hint: "Use ',' (default), ';' or '|', or --format tsv for tabs.",
      },
    );
  }
  return delimiter;
}

/** RFC 4180: quote a cell holding the delimiter, a quote, CR or LF; double the quotes inside. */
function quote(text: string, delimiter: string): string {
  const mustQuote = text.includes(delimiter) || text.includes('"') || text.includes('\r') || text.includes('\n');
  return mustQuote ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One text cell as written to a CSV file: neutralized when it would run as a formula (see
 * `CsvOptions.formulaEscape`, default true), then quoted per RFC 4180 when it holds the delimiter, a
 * quote, CR or LF. The one implementation for every CSV the tool writes (reports, the rejects file).
 *
 * @example csvTextCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 * @example csvTextCell('a;b', { delimiter: ';' }) // '"a;b"'
 * @example csvTextCell('-5', { formulaEscape: false }) // '-5'
 */
export function csvTextCell(text: string, options: { delimiter?: string; formulaEscape?: boolean } = {}): string {
  const delimiter = options.delimiter ?? ',';
  return quote((options.formulaEscape ?? true) && needsFormulaEscape(text) ? `'${text}` : text, delimiter);
}

function writeCell(cell: TableCell, dialect: Dialect): string {
  if (cell === null) return '';
  // Numbers are quoted only if the delimiter is a character of numbers ('.', '-', a digit).
  if (typeof cell === 'number') {
    const number = formatCsvNumber(cell);
    return quote(dialect.decimal === ',' ? number.replace('.', ',') : number, dialect.delimiter);
  }
  const text = dialect.clean(cell);
  return quote(dialect.formulaEscape && needsFormulaEscape(text) ? `'${text}` : text, dialect.delimiter);
}

/** The CSV text in pieces (the byte order mark, then a line each), so that no string holds it all. */
function delimitedPieces(report: Report, dialect: Dialect, options: CsvOptions): string[] {
  const { keys, rows } = tableRows(report, {
    columns: writtenColumns(report, options.allColumns ?? false),
    wallTime: options.excel ?? false,
  });
  const lines = [keys, ...rows].map(
    (cells) => cells.map((cell) => writeCell(cell, dialect)).join(dialect.delimiter) + dialect.lineEnd,
  );
  return [dialect.bom, ...lines];
}

/** What a sink does to a data text: nothing for a file; no `::` line for a log; no control either for a terminal. */
function sinkClean(sink: OutputSink | undefined): (text: string) => string {
  if (sink === 'terminal') return (text) => logSafe(terminalSafe(text));
  if (sink === 'log') return logSafe;
  return (text) => text;
}

/**
 * The delimiter of a CSV: the one given, else `;` with a decimal comma (`,` would split every number)
 * or `,`. A comma delimiter with a decimal comma is a usage error.
 */
function csvDelimiter(options: CsvOptions): string {
  const decimal = options.decimal ?? '.';
  const delimiter = validateDelimiter(options.delimiter ?? (decimal === ',' ? ';' : ','));
  if (decimal === ',' && delimiter === ',') {
    throw usageError('invalid_delimiter', 'a decimal comma needs a delimiter other than a comma', {
      where: '--output-delimiter',
      hint: "Use --output-delimiter ';' (the default with --output-decimal comma), or --format tsv.",
    });
  }
  return delimiter;
}

/**
 * The report as CSV (RFC 4180): a header line with the column keys, then one line per report row;
 * every line ends with a line break (LF, or CRLF with `excel`). Empty cells mean "no value". Columns
 * of metrics this input can never fill are left out unless `allColumns`.
 *
 * @example
 * // fixtures/examples by team: Billing's first replies took 30 and 90 min (mean and median 60, p90 84),
 * // Shipping's one 20 min
 * renderCsv(fixture('examples/report.json')).split('\n').map((line) => line.split(',').slice(0, 9))
 * // [['period', 'period_start', 'period_end', 'team', 'created', 'frt_n', 'frt_mean_min', 'frt_median_min',
 * //   'frt_p90_min'],
 * //  ['all', '2025-11-17T00:00:00+00:00', '2025-11-24T00:00:00+00:00', 'Billing', '2', '2', '60', '60', '84'],
 * //  ['all', '2025-11-17T00:00:00+00:00', '2025-11-24T00:00:00+00:00', 'Shipping', '2', '1', '20', '20', '20'],
 * //  ['']]
 * @example
 * // a decimal comma for a European Excel: `;` between cells (Billing's full resolutions, p90 22.2 h)
 * const [head, billing] = renderCsv(fixture('examples/report.json'), { decimal: ',' }).split('\n');
 * [head.split(';')[22], billing.split(';')[22]] // ['resolution_full_p90_h', '22,2']
 */
export function renderCsv(report: Report, options: CsvOptions = {}): string {
  return renderCsvPieces(report, options).join('');
}

/** {@link renderCsv}'s text in pieces, a line each: what the command line writes (no one string holds it all). */
export function renderCsvPieces(report: Report, options: CsvOptions = {}): string[] {
  const excel = options.excel ?? false;
  const clean = sinkClean(options.sink);
  return delimitedPieces(
    report,
    {
      delimiter: csvDelimiter(options),
      formulaEscape: options.formulaEscape ?? true,
      lineEnd: excel ? '\r\n' : '\n',
      bom: excel ? BOM : '',
      decimal: options.decimal ?? '.',
      clean,
    },
    options,
  );
}

/**
 * The report as TSV: like `renderCsv` with a tab between cells. Tabs and line breaks inside text
 * cells become a space, so that every line is one row for line-based tools (`cut`, `awk`); a cell
 * holding a double quote is still quoted and its quotes doubled, as spreadsheets read TSV that way.
 *
 * @example
 * renderTsv(fixture('examples/report.json')).split('\n')[2].split('\t').slice(0, 6)
 * // ['all', '2025-11-17T00:00:00+00:00', '2025-11-24T00:00:00+00:00', 'Shipping', '2', '1']
 */
export function renderTsv(report: Report, options: TsvOptions = {}): string {
  return renderTsvPieces(report, options).join('');
}

/** {@link renderTsv}'s text in pieces, a line each. */
export function renderTsvPieces(report: Report, options: TsvOptions = {}): string[] {
  const excel = options.excel ?? false;
  const clean = sinkClean(options.sink);
  return delimitedPieces(
    report,
    {
      delimiter: '\t',
      formulaEscape: options.formulaEscape ?? true,
      lineEnd: excel ? '\r\n' : '\n',
      bom: excel ? BOM : '',
      decimal: options.decimal ?? '.',
      clean: (text) => clean(text.replace(/\r\n|[\t\r\n]/g, ' ')),
    },
    options,
  );
}
