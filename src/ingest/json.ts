/**
 * JSON and NDJSON exports -> a header and records, like a CSV's: a JSON array of objects, or one
 * object per line. Values are scanned one top-level element at a time (never the whole file as one
 * string), nested keys flattened to `a.b` column names, the header learned from the first objects.
 *
 * Just over 500 lines: the scanner, the flattener and their limits (depth, long numbers) are one
 * state machine over the bytes of one element.
 */
import { inputError, type AppError } from '../errors.js';
import type { SourceRecord } from './csv.js';
import { truncateValue, type IssueSink, type RowIssue } from './issues.js';
import { isBlankRecord, normalizeHeader, type EncodingAudit } from './csv.js';

/** Objects the header is learned from; keys first seen later are reported and ignored. */
const jsonHeaderObjects = 1000;

export function firstNonSpaceIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0xfeff) return i;
  }
  return -1;
}

export function firstNonSpace(text: string): string | undefined {
  const index = firstNonSpaceIndex(text);
  return index < 0 ? undefined : text[index];
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
export async function* ndjsonLines(
  text: AsyncIterable<string>,
  file: string,
  maxChars: number,
): AsyncGenerator<JsonBatch> {
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
export async function* jsonValues(
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

/**
 * The deepest nesting of objects and arrays a JSON record may have (64): a record nested deeper is a
 * `bad_json` row issue. Flattening and writing such a value recurse once per level, and a 20 KB
 * record nested 10,000 deep overflowed the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a JSON text nests objects and arrays deeper than `limit` (brackets inside strings do not
 * count); stops at the first level over it.
 * @example nestedDeeperThan('{"a": [[1]], "b": "[[["}', 2) // true
 * @example nestedDeeperThan('{"a": [1], "b": "[[["}', 2) // false
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return false;
}

const MINUS = 0x2d;
const isNumberChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) || code === MINUS || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;

/**
 * A JSON text whose numbers JavaScript would respell written as strings, so `JSON.parse` keeps their
 * source text, as a CSV cell keeps it: ids 12345678901234567890 and 12345678901234567891 stay two
 * tickets, not one rounded id; `1.0` and `1`, or `1e3` and `1000`, stay two ids, as in CSV. Values
 * read as numbers later (counts, durations) are parsed from that text, so they read the same.
 * @example keepLongNumbers('{"id": 12345678901234567891, "n": 5}') // '{"id": "12345678901234567891", "n": 5}'
 * @example keepLongNumbers('{"id": 1e400}') // '{"id": "1e400"}'
 * @example keepLongNumbers('[{"id": 1.0}, {"id": 1}]') // '[{"id": "1.0"}, {"id": 1}]'
 */
export function keepLongNumbers(text: string): string {
  if (!/\d{16}|\d[.eE]/.test(text)) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      inString = true;
      continue;
    }
    if (!((code >= 0x30 && code <= 0x39) || code === MINUS)) continue;
    let end = i;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const token = text.slice(i, end);
    if (String(Number(token)) !== token) {
      out += `${text.slice(from, i)}"${token}"`;
      from = end;
    }
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
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
export async function readJsonObjects(
  batches: AsyncGenerator<JsonBatch>,
  file: string,
  onIssue: IssueSink,
  audit: EncodingAudit,
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
    if (nestedDeeperThan(element.text, MAX_JSON_DEPTH)) {
      onIssue(badJson(file, element, `objects and arrays nested deeper than ${MAX_JSON_DEPTH} levels`));
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(keepLongNumbers(element.text));
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
