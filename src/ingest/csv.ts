/**
 * CSV/TSV text -> records, on csv-parse's streaming parser. csv-parse does the quoting; this file adds
 * what exports need: exact start lines for multi-line records, a header cleaned of empty and repeated
 * names, ragged rows turned into row issues instead of fatal errors, Excel's trailing empty columns
 * and rows, and broken quoting reported per record where the parser can resynchronize.
 * Over 500 lines on purpose: the resynchronization after broken quoting and the line accounting share
 * the parser's state; split across files, each half would have to expose it to the other.
 */
import type { CsvError, Parser } from 'csv-parse';
import { inputError, type AppError } from '../errors.js';
import { BARE_CR_HINT, BareCrTracker, CrSplitRow } from './bare-cr.js';
import type { IssueSink, RowIssue } from './issues.js';
import { headerIssue, normalizeHeader } from './csv-header.js';

export { headerIssue } from './csv-header.js';

/** One data record: its cells, aligned to the header, and the 1-based line where it starts. */
export interface SourceRecord {
  cells: string[];
  line: number;
}

export {
  excelSepDirective,
  normalizeHeader,
  sniffDelimiter,
  type HeaderFix,
  type SniffedDelimiter,
} from './csv-header.js';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Watches records for U+FFFD while the decoder has reported invalid bytes that no record has been
 * blamed for yet. Implemented in records.ts; the readers only call it.
 */
export interface EncodingAudit {
  /** Invalid byte sequences not yet attributed to a record; the readers skip `check` while 0. */
  pending: number;
  /** Looks for U+FFFD in `cells`; reports a `bad_encoding` issue when `report` is true. */
  check(cells: readonly string[], line: number, header: readonly string[] | undefined, report: boolean): void;
  /** Called once at the end of the records: reports what is still unattributed. */
  finish(): void;
}

/** An issue csv-parse met, passed down its stream in line order with the records. */
interface HeldIssue {
  heldIssue: RowIssue;
}

/** Options of {@link readCsv}. */
export interface CsvReadOptions {
  /** File name for messages (`-` for stdin). */
  name: string;
  /** Field delimiter (one or more characters). */
  delimiter: string;
  /** Largest record accepted, in characters (≈ bytes); larger is a fatal `field_too_large`. */
  maxFieldBytes: number;
  onIssue: IssueSink;
  /** The text starts with Excel's `sep=X` line, which is skipped. */
  skipSepLine?: boolean;
  audit?: EncodingAudit;
  /** The column names of a file without a header row: its first record is then data. */
  columns?: readonly string[] | undefined;
}

/** The header of a CSV text and a stream of its data records. */
export interface CsvRecords {
  /** Cleaned header names (see {@link normalizeHeader}). */
  header: string[];
  /** 1-based line of the header. */
  headerLine: number;
  /**
   * Data records aligned to the header; single use. Throws an AppError (exit 3) on fatal errors, after the records
   * before them.
   */
  records: AsyncIterable<SourceRecord>;
  /** Blank lines and all-empty records skipped so far (before and after the header). */
  stats(): { blank: number };
}

/**
 * Reads CSV records from decoded text with csv-parse, streaming.
 *
 * - Line numbers: csv-parse knows the line where a record ends; the start is derived from it minus
 *   the line breaks inside the record's quoted fields. csv-parse counts a CRLF inside quotes as two
 *   lines; that drift is tracked and removed, so lines match what an editor shows. Known limit: CRLFs
 *   swallowed inside a record rejected for broken quoting cannot be seen, so later lines of that file
 *   may run ahead by that many.
 * - Record delimiters CRLF, LF and CR are all accepted, also mixed in one file (rows appended by
 *   another tool).
 * - The header is the first non-blank record. Blank lines and records whose cells are all empty or
 *   whitespace (`,,,`) are counted in `stats().blank` and skipped, before and after the header.
 * - A record with more cells than the header whose extra cells are all empty is cut to the header
 *   (Excel's trailing empty columns); any other count mismatch is a `ragged_row` issue, rejected. A
 *   row a bare CR in an unquoted value cut into pieces is one such issue naming the CR (bare-cr.ts).
 * - A quote inside an unquoted field, or text after a closing quote, is a `bad_quoting` issue and the
 *   record is rejected; parsing resumes after it. When the stray quote left a quoted field open, the
 *   following lines up to the next quote belong to the same broken record: one issue covers the span
 *   and its message names the lines. In the header it is fatal.
 * - Fatal (AppError `bad_csv` / `field_too_large`, exit 3, thrown by the records iterator after every
 *   record before the problem): a quote still open at the end of the input, a record larger than
 *   `maxFieldBytes` (almost always a stray quote that swallowed the rest of the file).
 *
 * @param text decoded text chunks that never split a surrogate pair (as `decodeStream` yields them)
 * @example
 * // fixtures/examples/tickets.csv as one decoded chunk: the header, then each record with its line
 * const chunks = (async function* () {
 *   yield fixture('examples/tickets.csv');
 * })();
 * const issues = [];
 * const onIssue = (issue) => issues.push(issue);
 * const csv = await readCsv(chunks, { name: 'tickets.csv', delimiter: ',', maxFieldBytes: 10 << 20, onIssue });
 * const records = [];
 * for await (const { cells, line } of csv.records) records.push([line, cells[0], cells[4]]);
 * [csv.header.slice(0, 3), records, issues]
 * // [['Id', 'Created', 'First reply'], [[2, 'T1', 'Billing'], [3, 'T2', 'Billing'], [4, 'T3', 'Shipping'],
 * //   [5, 'T4', 'Shipping']], []]
 */
export async function readCsv(text: AsyncIterable<string>, options: CsvReadOptions): Promise<CsvRecords> {
  const { Parser: CsvParser } = await import('csv-parse');
  const { name, audit } = options;
  // csv-parse reads ahead of the consumer: issues it meets (ragged rows, broken quoting, header
  // fixes) are held and passed down the stream with the records, so that the consumer reports them
  // in line order among the issues of the rows it reads, as the fast engine does.
  const held: RowIssue[] = [];
  let onIssue: IssueSink = (issue) => held.push(issue);

  let header: string[] | undefined = options.columns === undefined ? undefined : [...options.columns];
  let headerLine = 0;
  let width = header?.length ?? 0;
  let blank = 0;
  let sepLinePending = options.skipSepLine === true;
  let fatal: AppError | undefined;
  // Line bookkeeping: `parserEnd` is csv-parse's count at the end of the last record it pushed,
  // `drift` how far its count runs ahead of real lines (CRLF inside quotes counted twice).
  let parserEnd = 0;
  let drift = 0;
  // Broken quoting since the last record csv-parse emitted: reported once that span's end is known.
  let badSpan: { start: number; detectedAt: number; code: string; column: string | null } | undefined;

  const reportBadSpan = (endLine: number): void => {
    if (badSpan === undefined) return;
    const { start, detectedAt, code, column } = badSpan;
    badSpan = undefined;
    const what =
      code === 'INVALID_OPENING_QUOTE'
        ? `a double quote inside an unquoted field${column === null ? '' : ` (${column})`}`
        : `text after the closing quote of a ` +
          `field${column === null ? '' : ` (${column})`}${detectedAt > start ? ` on line ${detectedAt}` : ''}`;
    onIssue({
      code: 'bad_quoting',
      file: name,
      line: start,
      column,
      value: null,
      action: 'rejected',
      message: endLine > start ? `${what}; lines ${start}-${endLine} were read as one broken record` : what,
      ...(endLine > start ? { rows: endLine - start + 1 } : {}),
      hint:
        'Quote the whole field and double the quotes inside it ' +
        '("5"" screen"); re-export if the tool wrote it this way.',
    });
  };

  // A record that ended at a bare CR, held until the next one says whether the CR cut it (bare-cr.ts).
  const bareCr = new BareCrTracker();
  const split = new CrSplitRow();
  /** A held record the next one showed whole, to be passed on before it. */
  let released: SourceRecord | null = null;
  const settleSplit = (): void => {
    const row = split.settle(width);
    if (row === undefined) return;
    if (audit !== undefined && audit.pending > 0) audit.check(row.cells, row.line, header, row.whole);
    if (row.whole) released = { cells: row.cells, line: row.line };
    else {
      const issue = raggedRowIssue(name, row.line, row.cells, width, options.delimiter);
      onIssue({ ...issue, message: row.message, hint: BARE_CR_HINT });
    }
  };

  /**
   * `end`: csv-parse's line count when it emits the record, i.e. the line where the record ends;
   * `bytes`: its offset after the record's delimiter.
   */
  const onRecord = (cells: string[], end: number, bytes: number): SourceRecord | null => {
    let line: number;
    if (end - parserEnd === 1) {
      line = end - drift;
    } else {
      // Spans several lines, or follows a record dropped for an error: count the breaks inside.
      const breaks = lineBreaks(cells);
      line = end - breaks.parser - drift;
      drift += breaks.parser - breaks.real;
    }
    parserEnd = end;
    if (fatal !== undefined) return null;
    reportBadSpan(line - 1);
    if (sepLinePending) {
      sepLinePending = false;
      return null;
    }
    if (isBlankRecord(cells)) {
      blank++;
      return null;
    }
    if (header === undefined) {
      const cleaned = normalizeHeader(cells, { dropTrailingEmpty: true });
      header = cleaned.names;
      headerLine = line;
      width = header.length;
      // Header fixes come before any row: reported at once, whether or not the records are read.
      for (const fix of cleaned.fixes) options.onIssue(headerIssue(name, line, fix));
      if (audit !== undefined && audit.pending > 0) audit.check(header, line, undefined, true);
      return null;
    }
    const endedByCr = bareCr.endedAt(bytes);
    if (split.holding) {
      // A short record after a held one is its rest: one row in pieces, reported once.
      if (cells.length < width) {
        if (split.join(cells, line, endedByCr, width)) settleSplit();
        return null;
      }
      settleSplit();
    }
    if (cells.length > width && restIsBlank(cells, width)) cells.length = width;
    if (endedByCr && cells.length <= width) {
      split.hold(cells, line);
      return null;
    }
    if (cells.length !== width) {
      if (audit !== undefined && audit.pending > 0) audit.check(cells, line, header, false);
      onIssue(raggedRowIssue(name, line, cells, width, options.delimiter));
      return null;
    }
    if (audit !== undefined && audit.pending > 0) audit.check(cells, line, header, true);
    return { cells, line };
  };

  const onSkip = (error: CsvError | undefined): undefined => {
    if (error === undefined || fatal !== undefined) return undefined;
    const detectedAt = Number(error.lines) - drift;
    // A dropped record starts right after the last emitted one (blank lines are emitted too).
    const startLine = badSpan === undefined ? parserEnd + 1 - drift : badSpan.start;
    const recoverable = error.code === 'INVALID_OPENING_QUOTE' || error.code === 'CSV_INVALID_CLOSING_QUOTE';
    if (!recoverable || header === undefined) {
      fatal = fatalCsvError(error, name, startLine, detectedAt, options.maxFieldBytes);
      badSpan = undefined;
      return undefined;
    }
    // Text after a closing quote (`"Bill"ing`): csv-parse skips the record but stays inside the quotes,
    // so the following lines up to the next quote (or the whole rest of the file) would be swallowed.
    // The quote did close: leave the quoted state, so the record ends at its own line break and only
    // it is rejected. (`state` is csv-parse's parsing state, public on its Parser.)
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE') {
      const state = (parser as unknown as { state?: { quoting: boolean; wasQuoting: boolean } }).state;
      if (state !== undefined) {
        state.quoting = false;
        state.wasQuoting = true;
      }
    }
    // Later errors before the next good record belong to the same span (csv-parse cannot resync
    // until then): one issue for the span, whose message gives its lines.
    if (badSpan === undefined) {
      const column = typeof error.column === 'number' ? (header[error.column] ?? null) : null;
      badSpan = { start: startLine, detectedAt, code: error.code, column };
    }
    return undefined;
  };

  // Records are intercepted where the parser pushes them, reading its public `info.lines` at that
  // moment. csv-parse's own `on_record`/`info` options would do the same but build a snapshot object of
  // `info` per record, which costs about 45% of the parse time.
  class LineParser extends CsvParser {
    override push(chunk: unknown, encoding?: BufferEncoding): boolean {
      if (chunk === null) {
        settleSplit();
        this.pushReleased(encoding);
        this.pushHeld();
        return super.push(null, encoding);
      }
      const record = onRecord(chunk as string[], this.info.lines, this.info.bytes);
      this.pushReleased(encoding);
      this.pushHeld();
      return record === null ? true : super.push(record, encoding);
    }

    private pushReleased(encoding?: BufferEncoding): void {
      if (released === null) return;
      const record = released;
      released = null;
      super.push(record, encoding);
    }

    private pushHeld(): void {
      for (const issue of held.splice(0)) super.push({ heldIssue: issue } satisfies HeldIssue);
    }
  }
  const parser: Parser = new LineParser({
    delimiter: options.delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_records_with_error: true,
    bom: false,
    max_record_size: options.maxFieldBytes,
    on_skip: onSkip,
  });

  // Feed the parser with backpressure; stop reading the input once a fatal error is known or the
  // consumer has gone (parser destroyed).
  let endsWithLineBreak = false;
  void (async () => {
    try {
      for await (const chunk of text) {
        if (fatal !== undefined || parser.destroyed) break;
        if (chunk.length > 0) endsWithLineBreak = isLineBreak(chunk.charCodeAt(chunk.length - 1));
        bareCr.feed(chunk);
        if (!parser.write(chunk)) await drainedOrClosed(parser);
      }
      bareCr.end();
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  const iterator: AsyncIterator<SourceRecord | HeldIssue> = parser[Symbol.asyncIterator]();
  const next = async (): Promise<IteratorResult<SourceRecord | HeldIssue>> => {
    try {
      return await iterator.next();
    } catch (error) {
      throw isCsvError(error)
        ? fatalCsvError(error, name, parserEnd + 1 - drift, Number(error.lines) - drift, options.maxFieldBytes)
        : error;
    }
  };
  // The header is set by the time the first data record (or the end) comes out.
  const first = await next();
  if (header === undefined) {
    if (fatal !== undefined) throw fatal;
    throw inputError('empty_input', `${name} has no header row: it contains only blank lines`, {
      where: name,
      hint: 'Check that the export finished and that this is the right file.',
    });
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    let finished = false;
    try {
      for (let result = first; result.done !== true; result = await next()) {
        const value = result.value;
        if ('heldIssue' in value) options.onIssue(value.heldIssue);
        else yield value;
      }
      finished = true;
    } finally {
      if (!finished) await iterator.return?.();
    }
    // Whatever comes now follows every record: straight to the sink.
    for (const issue of held.splice(0)) options.onIssue(issue);
    onIssue = options.onIssue;
    // csv-parse counts the empty line after a final line break; the broken record ended before it.
    reportBadSpan(parser.info.lines - drift - (endsWithLineBreak ? 1 : 0));
    audit?.finish();
    if (fatal !== undefined) throw fatal;
  }

  return { header, headerLine, records: records(), stats: () => ({ blank }) };
}

/** Whether every cell is empty or only whitespace (checked without allocating). */
export function isBlankRecord(cells: readonly string[]): boolean {
  return restIsBlank(cells, 0);
}

function restIsBlank(cells: readonly string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    for (let j = 0; j < cell.length; j++) if (!isSpace(cell.charCodeAt(j))) return false;
  }
  return true;
}

function isLineBreak(code: number): boolean {
  return code === LF || code === CR;
}

/** Whitespace as `String.prototype.trim` sees it, without allocating for the common ASCII case. */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Line breaks inside a record's cells, as csv-parse counts them (CR and LF each) and as lines are (CRLF once). */
function lineBreaks(cells: readonly string[]): { parser: number; real: number } {
  let parser = 0;
  let pairs = 0;
  for (const cell of cells) {
    for (let i = 0; i < cell.length; i++) {
      const code = cell.charCodeAt(i);
      if (code === LF) {
        parser++;
        if (i > 0 && cell.charCodeAt(i - 1) === CR) pairs++;
      } else if (code === CR) {
        parser++;
      }
    }
  }
  return { parser, real: parser - pairs };
}

/** The issue of a record whose cell count differs from the header's (shared with fast-csv.ts). */
export function raggedRowIssue(
  file: string,
  line: number,
  cells: string[],
  width: number,
  delimiter: string,
): RowIssue {
  return {
    code: 'ragged_row',
    file,
    line,
    column: null,
    value: null,
    action: 'rejected',
    message: `${cells.length} cells where the header has ${width}`,
    hint:
      `Check this line for a delimiter (${describeDelimiter(delimiter)}) ` +
      `inside a value that is not quoted, or a missing one.`,
    cells,
  };
}

function fatalCsvError(
  error: CsvError,
  file: string,
  startLine: number,
  detectedAt: number,
  maxFieldBytes: number,
): AppError {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return inputError(
        'bad_csv',
        `a quoted field in the record starting on line ${startLine} is never ` +
          `closed: everything from there to the end of the input would be one value`,
        {
          where: `${file}:${startLine}`,
          hint:
            'Look for a stray double quote on that line; double quotes inside ' +
            'a value must be doubled (""), and the file may be truncated.',
          cause: error,
        },
      );
    case 'CSV_MAX_RECORD_SIZE':
      return inputError(
        'field_too_large',
        `the record starting on line ${startLine} is larger than ` +
          `${formatBytes(maxFieldBytes)} (still growing at line ${detectedAt})`,
        {
          where: `${file}:${startLine}`,
          hint:
            'Usually a stray double quote that swallows the rest of the file: check the quoting on that line. ' +
            'If a field is really that large, raise the limit with --max-field-mib (config input.max_field_mib).',
          cause: error,
        },
      );
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return inputError('bad_csv', `broken quoting in the header on line ${detectedAt}: ${error.message}`, {
        where: `${file}:${detectedAt}`,
        hint: 'The header must be a plain CSV line; quote whole names and double the quotes inside them.',
        cause: error,
      });
    default:
      return inputError('bad_csv', `cannot parse the CSV at line ${detectedAt}: ${error.message}`, {
        where: `${file}:${detectedAt}`,
        hint: 'Check the delimiter and the quoting around that line.',
        cause: error,
      });
  }
}

function isCsvError(error: unknown): error is CsvError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && 'lines' in error;
}

function drainedOrClosed(stream: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 && bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : `${bytes} bytes`;
}
