/**
 * The input layer's entry point: raw bytes -> header + records (arrays of cell strings) with the
 * 1-based line where each record starts. Decoding is in decode.ts, CSV in csv.ts; JSON and NDJSON
 * are here. Everything wrong with a row goes to `onIssue`; only a file that cannot be read as a whole
 * (empty, binary, broken beyond one record) throws an AppError (exit 3).
 */
import { inputError, usageError } from '../errors.js';
import { excelSepDirective, readCsv, sniffDelimiter, type EncodingAudit } from './csv.js';
import { decodeStream, parseEncodingName, sniffBinary, type DecodedText, type EncodingOption } from './decode.js';
import { truncateValue, type IssueSink } from './issues.js';
import type { SourceRecord } from './csv.js';
import { firstNonSpace, firstNonSpaceIndex, jsonValues, ndjsonLines, readJsonObjects } from './json.js';

export type { SourceRecord } from './csv.js';

/** A record format {@link openRecordSource} reads. */
export type RecordFormat = 'csv' | 'tsv' | 'json' | 'ndjson';

/** Options of {@link openRecordSource}. */
export interface RecordSourceOptions {
  /** File name for messages, `-` for stdin. Its extension picks the format when `format` is not given. */
  name: string;
  /**
   * Default: from the name's extension (`.csv`, `.tsv`/`.tab`, `.json`, `.ndjson`/`.jsonl`, a trailing
   * `.gz` ignored), else from the first non-space character (`[` json, `{` ndjson), else csv.
   */
  format?: RecordFormat;
  /** Default `auto`. Common aliases are accepted too (`utf8`, `cp1252`, `latin1`, `utf16le`, ...). */
  encoding?: EncodingOption | (string & {});
  /** CSV/TSV field delimiter; default sniffed for csv, tab for tsv. `tab` and `\t` mean a tab. Ignored for JSON. */
  delimiter?: string;
  /**
   * Largest field accepted, in bytes (measured in characters, which is bytes for ASCII); default 10 MiB.
   * Larger is a fatal `field_too_large` rather than a hang. CSV applies it to a whole record, JSON to
   * one top-level value, NDJSON to one line.
   */
  maxFieldBytes?: number;
  onIssue: IssueSink;
  /** The column names of a CSV/TSV file without a header row: its first record is then data. */
  columns?: readonly string[] | undefined;
}

/** An opened input: its header and a single-use stream of data records. */
export interface RecordSource {
  /**
   * Trimmed header names, made unique (empty -> `column_N`, repeats -> `name (2)`, each reported as a
   * `bad_header` issue). For JSON: the union of keys in the first 1000 objects, in order of first
   * appearance, nested objects flattened with `.` (`a.b`). Matching names case-insensitively is the
   * caller's job.
   */
  header: string[];
  format: RecordFormat;
  /**
   * The encoding used (`utf-8`, `windows-1252`, `utf-16le`, `utf-16be`). In `auto` mode it can change once while
   * reading; see {@link DecodedText.encoding}.
   */
  readonly encoding: string;
  /** Why that encoding, one sentence, for `--verbose`. */
  readonly encodingReason: string;
  /** The CSV/TSV delimiter used, `null` for JSON. */
  delimiter: string | null;
  /**
   * Data records only, cells aligned to the header. Single use; break out of the loop (or call
   * `return()`) to close the input early. Throws an AppError (exit 3) when the rest of the input
   * cannot be read, after yielding every record before the problem.
   */
  records: AsyncIterable<SourceRecord>;
  /** Blank lines and empty records (all cells empty or whitespace) skipped so far. */
  stats(): { blank: number };
}

/** Objects whose keys make up a JSON header. */
const defaultMaxFieldBytes = 10 * 1024 * 1024;
/** Decoded text to look at before choosing a format and delimiter. */
const sniffChars = 64 * 1024;

const formatByExtension: Readonly<Record<string, RecordFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
};

/**
 * Opens a byte stream as records: decodes it (see `decodeStream`), picks the format and delimiter,
 * reads the header, and returns the records as a stream. The caller opens files or stdin and gunzips.
 *
 * Throws AppError: `invalid_option` (exit 2) for a bad option; `empty_input`, `not_text`,
 * `bad_csv`, `bad_json`, `field_too_large` (exit 3) when the input cannot be read at all.
 *
 * Row issues (via `onIssue`): `ragged_row`, `bad_quoting`, `bad_json` (rejected); `bad_encoding`
 * (value kept with U+FFFD for the bad bytes); `bad_header` (a renamed column, or a JSON key that
 * first appears after the first 1000 objects and is ignored).
 *
 * @example
 * // fixtures/examples/tickets.csv as the bytes a file stream gives
 * const bytes = (async function* () {
 *   yield Buffer.from(fixture('examples/tickets.csv'));
 * })();
 * const issues = [];
 * const source = await openRecordSource(bytes, { name: 'tickets.csv', onIssue: (i) => issues.push(i) });
 * const first = [];
 * for await (const { cells, line } of source.records) first.push([line, cells.slice(0, 2)]);
 * [source.header.slice(0, 3), source.delimiter, first[0], source.stats(), issues]
 * // [['Id', 'Created', 'First reply'], ',', [2, ['T1', '2025-11-17T09:00:00Z']], { blank: 0 }, []]
 */
export async function openRecordSource(
  bytes: AsyncIterable<Buffer>,
  options: RecordSourceOptions,
): Promise<RecordSource> {
  const settings = validateOptions(options);
  const { name, onIssue } = options;
  const audit = new InvalidBytes(name, onIssue);
  const decoded = await decodeStream(bytes, settings.encoding, { onInvalid: audit.note });
  audit.decoded = decoded;

  if (decoded.sample.length === 0) {
    await decoded.close();
    throw inputError('empty_input', `${name} is empty (0 bytes)`, {
      where: name,
      hint: 'Check that the export finished and that this is the right file.',
    });
  }
  if (!decoded.encoding.startsWith('utf-16')) {
    const binary = sniffBinary(decoded.sample);
    if (binary !== undefined) {
      await decoded.close();
      throw inputError('not_text', `${name} is not a text export: it looks like ${binary}`, {
        where: name,
        hint:
          'Export the data as CSV, TSV, JSON or NDJSON. For UTF-16 ' +
          'text without a byte order mark, pass the encoding (utf-16le).',
      });
    }
  }

  const { head, text } = await peekText(decoded.chunks);
  const firstChar = firstNonSpace(head);
  if (firstChar === undefined) {
    await decoded.close();
    throw inputError('empty_input', `${name} contains only whitespace`, {
      where: name,
      hint: 'Check that the export finished and that this is the right file.',
    });
  }
  const format =
    settings.format ?? formatFromName(name) ?? (firstChar === '[' ? 'json' : firstChar === '{' ? 'ndjson' : 'csv');
  // Getters, so that a switch to Windows-1252 during reading shows (see DecodedText.encoding).
  const source = (fields: Pick<RecordSource, 'header' | 'delimiter' | 'records' | 'stats'>): RecordSource => ({
    ...fields,
    format,
    get encoding() {
      return decoded.encoding;
    },
    get encodingReason() {
      return decoded.reason;
    },
  });

  if (format === 'csv' || format === 'tsv') {
    const lookalike = notDelimitedText(head);
    if (lookalike !== undefined) {
      await decoded.close();
      throw inputError('not_csv', `${name} is not ${format.toUpperCase()}: it looks like ${lookalike.what}`, {
        where: `${name}:1`,
        hint: lookalike.hint,
      });
    }
    const sepLine = excelSepDirective(head);
    const delimiter = settings.delimiter ?? (format === 'tsv' ? '\t' : (sepLine ?? sniffDelimiter(head)));
    const csv = await readCsv(text, {
      name,
      delimiter,
      maxFieldBytes: settings.maxFieldBytes,
      onIssue,
      skipSepLine: sepLine !== undefined,
      audit,
      columns: options.columns,
    });
    return source({ header: csv.header, delimiter, records: csv.records, stats: csv.stats });
  }

  if (firstChar !== '[' && firstChar !== '{') {
    await decoded.close();
    throw inputError(
      'bad_json',
      `${name} does not look like ${format === 'json' ? 'JSON' : 'NDJSON'}: ` +
        `it starts with ${JSON.stringify(firstChar)}`,
      {
        where: `${name}:1`,
        hint:
          'A JSON export is an array of objects ([{...}, ...]); NDJSON is one ' +
          'object per line. Pass the right format if the extension is misleading.',
      },
    );
  }
  const elements =
    format === 'ndjson' && firstChar === '{'
      ? ndjsonLines(text, name, settings.maxFieldBytes)
      : jsonValues(text, name, firstChar === '[', settings.maxFieldBytes);
  const json = await readJsonObjects(elements, name, onIssue, audit);
  return source({ header: json.header, delimiter: null, records: json.records, stats: json.stats });
}

/**
 * Text that is clearly not a delimited export although it is read as one: an HTML or XML page (a
 * login or error page saved instead of the export) or JSON in a `.csv` file. Reading it as CSV would
 * fail later with a confusing quoting or header error.
 *
 * @example notDelimitedText('<!DOCTYPE html>\n<html>')?.what // 'an HTML page'
 * @example notDelimitedText('Id,Status\n') // undefined
 */
export function notDelimitedText(head: string): { what: string; hint: string } | undefined {
  const start = firstNonSpaceIndex(head);
  if (start < 0) return undefined;
  const lineEnd = head.slice(start).search(/[\r\n]/);
  const firstLine = head.slice(start, lineEnd < 0 ? undefined : start + lineEnd);
  if (/^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|!--)/i.test(firstLine)) {
    return {
      what: 'an HTML page',
      hint:
        'This is usually a login or error page saved instead of the ' +
        'export: download the export again while logged in, as CSV.',
    };
  }
  if (/^<\?xml[\s?]/i.test(firstLine)) {
    return {
      what: 'an XML document',
      hint: 'Export the data as CSV, TSV, JSON or NDJSON (for Excel XML, save the sheet as CSV).',
    };
  }
  if (/^\{\s*"/.test(firstLine) || /^\[\s*(?:\{|$)/.test(firstLine)) {
    return {
      what: 'JSON',
      hint:
        'Name the file .json (an array of objects) or .ndjson ' +
        '(one object per line): the format follows the extension.',
    };
  }
  return undefined;
}

interface Settings {
  format: RecordFormat | undefined;
  encoding: EncodingOption;
  delimiter: string | undefined;
  maxFieldBytes: number;
}

function validateOptions(options: RecordSourceOptions): Settings {
  const { format, encoding = 'auto', delimiter, maxFieldBytes = defaultMaxFieldBytes } = options;
  if (format !== undefined && !['csv', 'tsv', 'json', 'ndjson'].includes(format)) {
    throw usageError('invalid_option', `format must be csv, tsv, json or ndjson; got ${JSON.stringify(format)}`, {
      where: 'format',
      hint: 'Leave the format out to detect it from the file name and content.',
    });
  }
  const canonicalEncoding = parseEncodingName(String(encoding));
  if (canonicalEncoding === undefined) {
    throw usageError(
      'invalid_option',
      `encoding must be auto, utf-8, windows-1252, utf-16le or utf-16be; got ${JSON.stringify(encoding)}`,
      {
        where: 'encoding',
        hint: 'Use windows-1252 for CSV saved by Excel on Windows, utf-16le for "Unicode text"; auto detects both.',
      },
    );
  }
  let realDelimiter = delimiter;
  if (delimiter === 'tab' || delimiter === '\\t') realDelimiter = '\t';
  if (realDelimiter !== undefined && (realDelimiter === '' || /["\r\n]/.test(realDelimiter))) {
    throw usageError(
      'invalid_option',
      `delimiter must be one or more characters other than a double ` +
        `quote or a line break; got ${JSON.stringify(delimiter)}`,
      {
        where: 'delimiter',
        hint: 'Typical delimiters: , ; tab |. Leave it out to detect it.',
      },
    );
  }
  if (!Number.isSafeInteger(maxFieldBytes) || maxFieldBytes < 1) {
    throw usageError(
      'invalid_option',
      `maxFieldBytes must be a positive whole number of bytes; got ${String(maxFieldBytes)}`,
      {
        where: 'maxFieldBytes',
      },
    );
  }
  return { format, encoding: canonicalEncoding, delimiter: realDelimiter, maxFieldBytes };
}

/**
 * The format named by a file's extension, ignoring a trailing `.gz`; `undefined` for other names and `-`.
 *
 * @example formatFromName('export.JSONL.gz') // 'ndjson'
 * @example formatFromName('-') // undefined
 */
export function formatFromName(name: string): RecordFormat | undefined {
  let base = name.toLowerCase();
  if (base.endsWith('.gz')) base = base.slice(0, -3);
  const dot = base.lastIndexOf('.');
  if (dot < 0 || base.indexOf('/', dot) >= 0 || base.indexOf('\\', dot) >= 0) return undefined;
  return formatByExtension[base.slice(dot + 1)];
}

/**
 * Reads text until the first non-space character and the end of its line (or 64 KiB after it), for
 * sniffing; returns that head and the whole text (head included).
 */
async function peekText(chunks: AsyncIterable<string>): Promise<{ head: string; text: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const parts: string[] = [];
  let done = false;
  let contentLength = -1;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const chunk = next.value;
    parts.push(chunk);
    let from = 0;
    if (contentLength < 0) {
      const first = firstNonSpaceIndex(chunk);
      if (first < 0) continue;
      contentLength = 0;
      from = first;
    }
    contentLength += chunk.length - from;
    if (chunk.indexOf('\n', from) >= 0 || chunk.indexOf('\r', from) >= 0 || contentLength >= sniffChars) break;
  }
  const head = parts.join('');
  async function* text(): AsyncGenerator<string> {
    let finished = done;
    try {
      if (head !== '') yield head;
      while (!finished) {
        const next = await iterator.next();
        if (next.done === true) {
          finished = true;
          break;
        }
        yield next.value;
      }
    } finally {
      if (!finished) await iterator.return?.();
    }
  }
  return { head, text: text() };
}

/**
 * Ties invalid bytes reported by the decoder to records: while some are unattributed, records are
 * scanned for U+FFFD (the decoder's replacement), which costs nothing for valid files.
 */
class InvalidBytes implements EncodingAudit {
  pending = 0;
  decoded: DecodedText | undefined;
  /** Byte offsets of the invalid sequences not yet attributed, oldest first from `head`. */
  private offsets: number[] = [];
  private head = 0;

  constructor(
    private readonly file: string,
    private readonly onIssue: IssueSink,
  ) {}

  readonly note = (byteOffset: number): void => {
    if (this.pending === 0) {
      this.offsets.length = 0;
      this.head = 0;
    }
    this.offsets.push(byteOffset);
    this.pending++;
  };

  /** Attributes the next `count` invalid sequences; returns the offset of the first. */
  private take(count: number): number {
    const first = this.offsets[this.head] ?? -1;
    this.head = Math.min(this.offsets.length, this.head + count);
    this.pending = Math.max(0, this.pending - count);
    return first;
  }

  check(cells: readonly string[], line: number, header: readonly string[] | undefined, report: boolean): void {
    let found = 0;
    let column = -1;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? '';
      for (let at = cell.indexOf('\uFFFD'); at >= 0; at = cell.indexOf('\uFFFD', at + 1)) {
        found++;
        if (column < 0) column = i;
      }
    }
    if (found === 0) return;
    const offset = this.take(found);
    if (!report) return;
    const encoding = this.decoded?.encoding ?? 'utf-8';
    this.onIssue({
      code: 'bad_encoding',
      file: this.file,
      line,
      column: header === undefined ? null : (header[column] ?? null),
      value: truncateValue(cells[column] ?? ''),
      action: 'nulled',
      message:
        `bytes that are not valid ${encoding}${offset >= 0 ? ` (from byte offset ${offset})` : ''}; ` +
        `the value keeps U+FFFD (�) in their place`,
      hint: encodingHint(encoding),
    });
  }

  /** Reports invalid bytes no record was blamed for (they were in a rejected record or between records). */
  finish(): void {
    if (this.pending === 0) return;
    const encoding = this.decoded?.encoding ?? 'utf-8';
    this.onIssue({
      code: 'bad_encoding',
      file: this.file,
      line: 0,
      column: null,
      value: null,
      action: 'nulled',
      message:
        `${this.pending} invalid ${encoding} byte sequence(s) outside the records ` +
        `read (first at byte offset ${this.offsets[this.head] ?? -1}); line unknown`,
      hint: encodingHint(encoding),
    });
    this.pending = 0;
  }
}

function encodingHint(encoding: string): string {
  return encoding === 'utf-8'
    ? 'The file mixes encodings or is not UTF-8: if Excel on Windows wrote it, pass the encoding windows-1252.'
    : `Check the encoding; the file is read as ${encoding}.`;
}
