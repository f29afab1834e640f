/**
 * The input layer's entry point: raw bytes -> header + records (arrays of cell strings) with the
 * 1-based line where each record starts. Decoding is in decode.ts, CSV in csv.ts; JSON and NDJSON
 * are here. Everything wrong with a row goes to `onIssue`; only a file that cannot be read as a whole
 * (empty, binary, broken beyond one record) throws an AppError (exit 3).
 */
import { inputError, usageError, type AppError } from '../errors.js';
import {
  excelSepDirective,
  isBlankRecord,
  normalizeHeader,
  readCsv,
  sniffDelimiter,
  type EncodingAudit,
} from './csv.js';
import { decodeStream, parseEncodingName, sniffBinary, type DecodedText, type EncodingOption } from './decode.js';
import { truncateValue, type IssueSink, type RowIssue } from './issues.js';

/** One data record: its cells, aligned to the header, and the 1-based line where it starts. */
export interface SourceRecord {
  cells: string[];
  line: number;
}

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
const jsonHeaderObjects = 1000;
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

function firstNonSpaceIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0xfeff) return i;
  }
  return -1;
}

function firstNonSpace(text: string): string | undefined {
  const index = firstNonSpaceIndex(text);
  return index < 0 ? undefined : text[index];
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

/** One top-level JSON value as text, with the line where it starts. */
interface JsonElement {
  text: string;
  line: number;
}

/** A batch of elements; `error` ends the input after them (fatal). */
interface JsonBatch {
  elements: JsonElement[];
  error?: AppError;
}

/** NDJSON: one value per line (LF or CRLF). A broken line spoils only itself. */
async function* ndjsonLines(text: AsyncIterable<string>, file: string, maxChars: number): AsyncGenerator<JsonBatch> {
  let carry = '';
  let line = 0;
  for await (const chunk of text) {
    const elements: JsonElement[] = [];
    let from = 0;
    for (let end = chunk.indexOf('\n', from); end >= 0; end = chunk.indexOf('\n', from)) {
      const lineText = carry === '' ? chunk.slice(from, end) : carry + chunk.slice(from, end);
      carry = '';
      line++;
      elements.push({ text: lineText, line });
      from = end + 1;
    }
    carry = carry === '' ? chunk.slice(from) : carry + chunk.slice(from);
    if (carry.length > maxChars) {
      yield { elements, error: tooLarge(file, line + 1, maxChars, 'line') };
      return;
    }
    if (elements.length > 0) yield { elements };
  }
  if (carry !== '') yield { elements: [{ text: carry, line: line + 1 }] };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LF = 0x0a;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === LF || code === 0x0d;
}

/**
 * JSON: the elements of a top-level array (`arrayMode`), or a sequence of top-level values (a single
 * object, or concatenated/pretty-printed objects). A small scanner tracks strings, escapes and depth to
 * cut each element out as text without holding the file; each is then given to `JSON.parse`.
 */
async function* jsonValues(
  text: AsyncIterable<string>,
  file: string,
  arrayMode: boolean,
  maxChars: number,
): AsyncGenerator<JsonBatch> {
  const base = arrayMode ? 1 : 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inElement = false;
  let elementIsContainer = false;
  let elementLine = 0;
  let arrayOpen = false;
  let arrayClosed = false;
  let parts: string[] = [];
  let partsLength = 0;
  let line = 1;

  for await (const chunk of text) {
    const elements: JsonElement[] = [];
    let start = 0;
    const finish = (end: number): void => {
      const piece = chunk.slice(start, end);
      elements.push({ text: parts.length === 0 ? piece : parts.join('') + piece, line: elementLine });
      parts = [];
      partsLength = 0;
      inElement = false;
    };
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) inString = false;
        else if (code === LF) line++;
        continue;
      }
      if (!inElement) {
        if (isJsonSpace(code)) {
          if (code === LF) line++;
          continue;
        }
        if (arrayMode) {
          if (!arrayOpen && code === OPEN_BRACKET) {
            arrayOpen = true;
            depth = 1;
            continue;
          }
          if (arrayClosed) {
            yield {
              elements,
              error: jsonError(file, line, 'unexpected text after the closing ] of the top-level array'),
            };
            return;
          }
          if (code === COMMA) continue;
          if (code === CLOSE_BRACKET) {
            arrayClosed = true;
            depth = 0;
            continue;
          }
        }
        inElement = true;
        start = i;
        elementLine = line;
        elementIsContainer = code === OPEN_BRACE || code === OPEN_BRACKET;
      }
      if (code === QUOTE) {
        inString = true;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth > base) {
          depth--;
          if (depth === base && !arrayMode) finish(i + 1);
        } else if (arrayMode && code === CLOSE_BRACKET) {
          finish(i);
          arrayClosed = true;
          depth = 0;
        }
      } else if (depth === base && (arrayMode ? code === COMMA : !elementIsContainer && isJsonSpace(code))) {
        finish(i);
      }
      if (code === LF) line++;
    }
    if (inElement) {
      parts.push(chunk.slice(start));
      partsLength += chunk.length - start;
      if (partsLength > maxChars) {
        yield { elements, error: tooLarge(file, elementLine, maxChars, 'value') };
        return;
      }
    }
    if (elements.length > 0) yield { elements };
  }
  if (inElement && !arrayMode && !elementIsContainer && !inString) {
    yield { elements: [{ text: parts.join(''), line: elementLine }] };
  } else if (inElement) {
    yield {
      elements: [],
      error: jsonError(
        file,
        elementLine,
        `the value starting on line ${elementLine} is not closed at the end of the input (truncated file?)`,
      ),
    };
  } else if (arrayMode && !arrayClosed) {
    yield {
      elements: [],
      error: jsonError(file, line, 'the top-level array is not closed at the end of the input (truncated file?)'),
    };
  }
}

function jsonError(file: string, line: number, message: string): AppError {
  return inputError('bad_json', message, {
    where: `${file}:${line}`,
    hint: 'Check that the export finished; a JSON export must be one complete array of objects.',
  });
}

function tooLarge(file: string, line: number, maxChars: number, what: string): AppError {
  return inputError('field_too_large', `the ${what} starting on line ${line} is larger than ${maxChars} bytes`, {
    where: `${file}:${line}`,
    hint:
      'Check that the file is really JSON/NDJSON (NDJSON needs one object per line); if a value ' +
      'is really that large, raise the limit with --max-field-mib (config input.max_field_mib).',
  });
}

/** A node of the key tree: a column index for leaf keys, children for nested objects. */
interface KeyNode {
  /** Header index; -1 not a column (yet), -2 a key seen after the header was fixed (already reported). */
  index: number;
  children: Map<string, KeyNode> | undefined;
  parent: KeyNode | undefined;
  key: string;
}

function keyNode(parent: KeyNode | undefined, key: string): KeyNode {
  return { index: -1, children: undefined, parent, key };
}

function childOf(node: KeyNode, key: string): KeyNode {
  node.children ??= new Map();
  let child = node.children.get(key);
  if (child === undefined) {
    child = keyNode(node, key);
    node.children.set(key, child);
  }
  return child;
}

function pathName(node: KeyNode): string {
  const keys: string[] = [];
  for (let at: KeyNode | undefined = node; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as cell text: strings as they are, numbers and booleans via String, null as ''. */
function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value
      .map((item) => (isPlainObject(item) || Array.isArray(item) ? JSON.stringify(item) : cellText(item)))
      .join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Turns JSON elements into a header and aligned records. The header is learned from the first 1000
 * objects (kept in memory until then); keys seen later are ignored, each reported once (`bad_header`).
 * Keys are walked through a tree, so nested paths are never concatenated per row.
 */
async function readJsonObjects(
  batches: AsyncGenerator<JsonBatch>,
  file: string,
  onIssue: IssueSink,
  audit: InvalidBytes,
): Promise<{ header: string[]; records: AsyncIterable<SourceRecord>; stats(): { blank: number } }> {
  const root = keyNode(undefined, '');
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const firstLines: number[] = [];
  let blank = 0;
  let learned = 0;
  let header: string[] = [];

  const parseElement = (element: JsonElement): Record<string, unknown> | undefined => {
    if (firstNonSpace(element.text) === undefined) {
      blank++;
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(element.text);
    } catch (error) {
      onIssue(badJson(file, element, `not valid JSON: ${(error as Error).message}`));
      return undefined;
    }
    if (!isPlainObject(value)) {
      const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      onIssue(badJson(file, element, `${kind} where an object was expected`));
      return undefined;
    }
    return value;
  };

  const learn = (object: Record<string, unknown>, node: KeyNode, prefix: string, line: number): void => {
    for (const key in object) {
      const value = object[key];
      const child = childOf(node, key);
      if (isPlainObject(value)) {
        learn(value, child, `${prefix}${key}.`, line);
      } else if (child.index === -1) {
        // `{"a.b": 1}` and `{"a": {"b": 2}}` name the same column.
        const name = `${prefix}${key}`;
        let index = nameIndex.get(name);
        if (index === undefined) {
          index = names.length;
          names.push(name);
          firstLines.push(line);
          nameIndex.set(name, index);
        }
        child.index = index;
      }
    }
  };

  const fill = (object: Record<string, unknown>, node: KeyNode, cells: string[], line: number): void => {
    for (const key in object) {
      const value = object[key];
      const child = node.children?.get(key) ?? childOf(node, key);
      if (isPlainObject(value)) {
        fill(value, child, cells, line);
      } else if (child.index >= 0) {
        cells[child.index] = cellText(value);
      } else if (child.index === -1) {
        child.index = -2;
        const name = pathName(child);
        onIssue({
          code: 'bad_header',
          file,
          line,
          column: name,
          value: truncateValue(cellText(value)),
          action: 'nulled',
          message:
            `key ${JSON.stringify(name)} first appears after the first ` +
            `${jsonHeaderObjects} objects, which fix the columns; its values are ignored`,
          hint: 'Convert the export to CSV with all columns, or put an object that has every key first.',
        });
      }
    }
  };

  const toRecord = (object: Record<string, unknown>, line: number): SourceRecord | undefined => {
    const cells = new Array<string>(header.length).fill('');
    fill(object, root, cells, line);
    if (isBlankRecord(cells)) {
      blank++;
      return undefined;
    }
    if (audit.pending > 0) audit.check(cells, line, header, true);
    return { cells, line };
  };

  // Header phase: parse until the first 1000 objects are known (or the input ends).
  const buffered: { object: Record<string, unknown>; line: number }[] = [];
  let fatal: AppError | undefined;
  let exhausted = false;
  while (learned < jsonHeaderObjects) {
    const next = await batches.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    for (const element of next.value.elements) {
      const object = parseElement(element);
      if (object === undefined) continue;
      if (learned < jsonHeaderObjects) {
        learn(object, root, '', element.line);
        learned++;
      }
      buffered.push({ object, line: element.line });
    }
    if (next.value.error !== undefined) {
      fatal = next.value.error;
      exhausted = true;
      break;
    }
  }
  if (fatal !== undefined && buffered.length === 0) throw fatal;

  const cleaned = normalizeHeader(names);
  header = cleaned.names;
  for (const fix of cleaned.fixes) {
    onIssue({
      code: 'bad_header',
      file,
      line: firstLines[fix.index] ?? 1,
      column: fix.name,
      value: truncateValue(fix.original),
      action: 'nulled',
      message:
        fix.reason === 'empty'
          ? `an empty key; the column is named ${fix.name}`
          : `key ${JSON.stringify(fix.original.trim())} repeats an earlier one (names are compared ` +
            `ignoring case and surrounding spaces); this one is named ${JSON.stringify(fix.name)}`,
      hint: 'Give every key a distinct, non-empty name, or refer to the column by the name shown here.',
    });
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    let finished = exhausted;
    try {
      for (const item of buffered) {
        const record = toRecord(item.object, item.line);
        if (record !== undefined) yield record;
      }
      buffered.length = 0;
      while (!finished) {
        const next = await batches.next();
        if (next.done === true) {
          finished = true;
          break;
        }
        for (const element of next.value.elements) {
          const object = parseElement(element);
          if (object === undefined) continue;
          const record = toRecord(object, element.line);
          if (record !== undefined) yield record;
        }
        if (next.value.error !== undefined) {
          fatal = next.value.error;
          finished = true;
        }
      }
    } finally {
      if (!finished) await batches.return(undefined);
    }
    audit.finish();
    if (fatal !== undefined) throw fatal;
  }

  return { header, records: records(), stats: () => ({ blank }) };
}

function badJson(file: string, element: JsonElement, message: string): RowIssue {
  return {
    code: 'bad_json',
    file,
    line: element.line,
    column: null,
    value: truncateValue(element.text.trim()),
    action: 'rejected',
    message,
    hint: 'Each record must be one complete JSON object; fix or remove this one.',
  };
}
