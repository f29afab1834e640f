/**
 * XES (IEEE 1849-2016, the event-log exchange format of process mining) as event rows: one row per
 * `<event>`, scanned from its bytes (xes-scan.ts: strict, a truncated or malformed file is an error
 * with its line and column, never a silently shorter log). The columns are the attribute keys, named
 * as pm4py names them: `case:concept:name` (the trace's name, the case id) and `case:<key>` for the
 * other trace attributes; `concept:name` (the activity), `time:timestamp`, `org:resource`,
 * `org:group`, `org:role`, `lifecycle:transition` and any other key for the event's own attributes.
 * Only the direct attributes of a trace or an event are read (nested attributes, lists and containers
 * are passed over). The header is the declared keys (`<global>`), the keys of the first trace and the
 * names asked for (`wanted`: mapped columns, `--by` columns); a key first met later is not read.
 * A trace's events are kept until `</trace>` (its attributes may follow them), so memory is bounded
 * by the longest trace. The rows are byte records over the trace's values (a record sink's byte lane
 * reads them without a string per cell), or their cells as strings.
 */
import { isUtf8 } from 'node:buffer';
import { ByteInterner } from '../engine/byte-interner.js';
import { ByteRecord, type RecordSink } from '../engine/byte-record.js';
import { inputError } from '../errors.js';
import { DimColumn } from '../model/dictionary.js';
import { Tag, XmlError, XmlScanner, type XmlTagSink } from './xes-scan.js';

/** The columns every XES file has, in this order. */
const BASE_COLUMNS = [
  'case:concept:name',
  'concept:name',
  'time:timestamp',
  'org:resource',
  'org:group',
  'org:role',
  'lifecycle:transition',
];

export interface XesSource {
  header: string[];
  /**
   * Feeds every event row to the sink's byte lane (`sink.readBytes`) when it has one, else to `read`
   * (the line is the event's); resolves with the number of rows.
   */
  feed(read: (cells: readonly string[], line: number) => void, sink?: RecordSink): Promise<number>;
}

/**
 * Whether the start of an input is XML (after a byte order mark and white space): an XES log.
 * @example looksLikeXml(Buffer.from('\uFEFF <?xml version="1.0"?><log>')) // true
 */
export function looksLikeXml(head: Uint8Array): boolean {
  let k = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d)) k++;
  return head[k] === 0x3c;
}

const grown = (a: Int32Array<ArrayBufferLike>, size: number): Int32Array<ArrayBufferLike> => {
  if (size <= a.length) return a;
  const next = new Int32Array(Math.max(size, a.length * 2));
  next.set(a);
  return next;
};

/**
 * The XES semantics over the scanner's tags: the current trace's values in an arena of bytes, its
 * attributes and its events' attributes as (key code, start, end) triples, handed out at `</trace>`.
 */
export class XesLog implements XmlTagSink {
  readonly scanner = new XmlScanner(this);
  readonly declared: string[] = [];
  private readonly keyColumn = new DimColumn(0);
  private readonly keys = new ByteInterner(this.keyColumn);
  private traceDepth = -1;
  private eventDepth = -1;
  private globalScope: string | null = null;
  traces = 0;
  /** The current trace: its values, attributes, and events (line, first triple). */
  arena = Buffer.alloc(1 << 16);
  used = 0;
  traceTriples: Int32Array<ArrayBufferLike> = new Int32Array(48);
  traceUsed = 0;
  eventTriples: Int32Array<ArrayBufferLike> = new Int32Array(3 * 64);
  eventUsed = 0;
  eventLines: Int32Array<ArrayBufferLike> = new Int32Array(16);
  eventFirst: Int32Array<ArrayBufferLike> = new Int32Array(16);
  events = 0;
  /** Set at `</trace>`: the trace is complete; `handOut` empties it. */
  complete = false;
  /** Called at `</trace>` once the header is known (else the scanner pauses there). */
  onTrace: (() => void) | undefined;

  keyText(code: number): string {
    return this.keyColumn.dictionary.value(code) ?? '';
  }

  /** Copies the scanner's value into the arena; returns its start. */
  private store(): number {
    const s = this.scanner;
    const from = Math.max(s.valueS, 0);
    const length = s.valueS < 0 ? 0 : s.valueE - s.valueS;
    if (this.used + length > this.arena.length) {
      const arena = Buffer.alloc(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(arena, 0, 0, this.used);
      this.arena = arena;
    }
    const at = this.used;
    const arena = this.arena;
    const buf = s.valueBuf;
    let bits = 0;
    if (length < 64) {
      for (let k = 0; k < length; k++) {
        const b = buf[from + k] as number;
        bits |= b;
        arena[at + k] = b;
      }
    } else {
      buf.copy(arena, at, from, from + length);
      bits = 0x80;
    }
    this.used = at + length;
    // Bytes that are not UTF-8 read as U+FFFD, as a UTF-8 decoder gives them: the byte lane and the
    // text path then see the same value.
    if ((bits & 0x80) !== 0 && !isUtf8(arena.subarray(at, at + length))) {
      this.used = at;
      return this.storeText(arena.toString('utf8', at, at + length));
    }
    return at;
  }

  /** Adds `text` to the arena (a trace's made-up name); returns its start. */
  storeText(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    const s = this.scanner;
    s.valueBuf = bytes;
    s.valueS = 0;
    s.valueE = bytes.length;
    return this.store();
  }

  open(tag: Tag, depth: number, line: number): void {
    if (tag === Tag.trace && this.traceDepth < 0) {
      this.traceDepth = depth;
      this.used = 0;
      this.traceUsed = 0;
      this.eventUsed = 0;
      this.events = 0;
      return;
    }
    if (tag === Tag.event && this.traceDepth > 0 && this.eventDepth < 0) {
      this.eventDepth = depth;
      const k = this.events++;
      this.eventLines = grown(this.eventLines, k + 1);
      this.eventFirst = grown(this.eventFirst, k + 1);
      this.eventLines[k] = line;
      this.eventFirst[k] = this.eventUsed;
      return;
    }
    const s = this.scanner;
    if (tag === Tag.global) {
      this.globalScope = s.scope ?? 'event';
      return;
    }
    if (tag !== Tag.value || s.keyS < 0) return;
    if (this.eventDepth > 0) {
      if (depth !== this.eventDepth + 1) return;
      const key = this.keys.code(s.keyBuf, s.keyS, s.keyE);
      const at = this.store();
      const k = this.eventUsed;
      const triples = (this.eventTriples = grown(this.eventTriples, k + 3));
      triples[k] = key;
      triples[k + 1] = at;
      triples[k + 2] = this.used;
      this.eventUsed = k + 3;
    } else if (this.traceDepth > 0) {
      if (depth !== this.traceDepth + 1) return;
      const key = this.keys.code(s.keyBuf, s.keyS, s.keyE);
      const at = this.store();
      this.traceTriple(key, at, this.used);
    } else if (this.globalScope !== null && depth === 3) {
      const key = s.keyBuf.toString('utf8', s.keyS, s.keyE);
      this.declared.push(this.globalScope === 'trace' ? `case:${key}` : key);
    }
  }

  private traceTriple(key: number, s: number, e: number): void {
    const k = this.traceUsed;
    const triples = (this.traceTriples = grown(this.traceTriples, k + 3));
    triples[k] = key;
    triples[k + 1] = s;
    triples[k + 2] = e;
    this.traceUsed = k + 3;
  }

  /** The key code of `concept:name` (a trace's name). */
  private nameKey = -1;

  close(tag: Tag, depth: number): void {
    if (tag === Tag.global) this.globalScope = null;
    if (tag === Tag.event && depth === this.eventDepth) this.eventDepth = -1;
    else if (tag === Tag.trace && depth === this.traceDepth) {
      this.traces++;
      this.traceDepth = -1;
      // A trace without a name is numbered, as pm4py does for its missing case ids.
      if (this.nameKey < 0) this.nameKey = this.keys.code(Buffer.from('concept:name'), 0, 12);
      let named = false;
      for (let k = 0; k < this.traceUsed; k += 3) if (this.traceTriples[k] === this.nameKey) named = true;
      if (!named) {
        const at = this.storeText(`trace ${this.traces}`);
        this.traceTriple(this.nameKey, at, this.used);
      }
      this.complete = true;
      if (this.onTrace === undefined) this.scanner.paused = true;
      else this.onTrace();
    }
  }
}

/** Turns a bad_xes scanner error into the run's input error. */
export function xesError(name: string, error: XmlError): Error {
  return inputError('bad_xes', `${name} is not well-formed XES: ${error.message}`, {
    where: `${name}:${error.line}:${error.column}`,
    hint: 'The XML is broken at that place (a truncated or hand-edited export?): export the log again.',
  });
}

/**
 * The header of a log: the base columns, the declared keys, the keys of the first trace's events and
 * its attributes (when it has events), the names asked for.
 */
function headerOf(log: XesLog, wanted: readonly string[]): string[] {
  const keys = new Set<string>([...BASE_COLUMNS, ...log.declared]);
  for (let e = 0; log.complete && e < log.events; e++) {
    const end = e + 1 < log.events ? (log.eventFirst[e + 1] as number) : log.eventUsed;
    for (let k = log.eventFirst[e] as number; k < end; k += 3) keys.add(log.keyText(log.eventTriples[k] as number));
    for (let k = 0; k < log.traceUsed; k += 3) keys.add(`case:${log.keyText(log.traceTriples[k] as number)}`);
  }
  for (const name of wanted) keys.add(name);
  return [...keys];
}

/** The cells of a log's events: which column each attribute key fills, found once per key. */
export class XesRows {
  private readonly column: Map<string, number>;
  /** Per key code: its column as an event's attribute, and as a trace's (-1: not read; -2: not looked up). */
  private eventColumn = new Int32Array(64).fill(-2);
  private traceColumn = new Int32Array(64).fill(-2);
  readonly width: number;

  constructor(
    private readonly log: XesLog,
    header: readonly string[],
  ) {
    this.column = new Map(header.map((key, k) => [key, k]));
    this.width = header.length;
  }

  private columnOf(code: number, trace: boolean): number {
    if (code >= this.eventColumn.length) {
      const size = Math.max(code + 1, this.eventColumn.length * 2);
      const grow = (a: Int32Array) => {
        const next = new Int32Array(size).fill(-2);
        next.set(a);
        return next;
      };
      this.eventColumn = grow(this.eventColumn);
      this.traceColumn = grow(this.traceColumn);
    }
    const columns = trace ? this.traceColumn : this.eventColumn;
    let at = columns[code] as number;
    if (at === -2) {
      const text = this.log.keyText(code);
      at = this.column.get(trace ? `case:${text}` : text) ?? -1;
      columns[code] = at;
    }
    return at;
  }

  /**
   * Writes the cell ranges of event `e` of the log's current trace into `starts`/`ends` from `first`
   * (the arena's offsets plus `offset`; an absent attribute is an empty range).
   */
  fill(e: number, starts: Int32Array, ends: Int32Array, first: number, offset: number): void {
    const log = this.log;
    starts.fill(0, first, first + this.width);
    ends.fill(0, first, first + this.width);
    const from = log.eventFirst[e] as number;
    const end = e + 1 < log.events ? (log.eventFirst[e + 1] as number) : log.eventUsed;
    const triples = log.eventTriples;
    for (let k = from; k < end; k += 3) {
      const at = this.columnOf(triples[k] as number, false);
      if (at >= 0) {
        starts[first + at] = (triples[k + 1] as number) + offset;
        ends[first + at] = (triples[k + 2] as number) + offset;
      }
    }
    const trace = log.traceTriples;
    for (let k = 0; k < log.traceUsed; k += 3) {
      const at = this.columnOf(trace[k] as number, true);
      if (at >= 0) {
        starts[first + at] = (trace[k + 1] as number) + offset;
        ends[first + at] = (trace[k + 2] as number) + offset;
      }
    }
  }
}

/** Where the rest of a plain XES file may be read by a second thread (xes-worker.ts). */
export interface XesThreadOptions {
  path: string;
  chunkBytes: number;
}

/**
 * Opens an XES byte stream (already decompressed): reads up to the end of the first trace to fix the
 * header, and returns it with a feed of every event row. With `thread` (a plain file) and a byte
 * lane to feed, the rest of the file is scanned on a second thread (xes-worker.ts), as the fast CSV
 * engine reads a large file.
 * @throws AppError (input, `bad_xes`) when the XML is not well-formed
 */
export async function openXes(
  bytes: AsyncIterable<Buffer>,
  options: { name: string; wanted?: readonly string[]; size?: number; thread?: XesThreadOptions },
): Promise<XesSource> {
  const log = new XesLog();
  const scanner = log.scanner;
  const iterator = bytes[Symbol.asyncIterator]();
  /** Bytes not scanned yet, from absolute offset `base`; `work` holds them with the next chunk. */
  let rest: Buffer = Buffer.alloc(0);
  let work: Buffer = Buffer.alloc(1 << 17);
  let base = 0;
  let done = false;
  const scan = (): void => {
    try {
      const at = scanner.scan(rest, base, done);
      base += at;
      rest = rest.subarray(at);
    } catch (error) {
      throw error instanceof XmlError ? xesError(options.name, error) : error;
    }
  };
  /** Scans what is at hand with the next chunk; false at the end of the input. */
  const pump = async (): Promise<boolean> => {
    if (done) return false;
    const next = await iterator.next();
    if (next.done) done = true;
    else if (rest.length === 0) rest = next.value;
    else {
      // The cut construct and the next chunk, in a buffer kept for it (no new one per chunk).
      const length = rest.length + next.value.length;
      if (length > work.length) work = Buffer.alloc(Math.max(length, 2 * work.length));
      rest.copy(work, 0);
      next.value.copy(work, rest.length);
      rest = work.subarray(0, length);
    }
    scan();
    return true;
  };
  while (!log.complete && (await pump()));

  const header = headerOf(log, options.wanted ?? []);
  const cells = new XesRows(log, header);
  const width = header.length;
  const record = new ByteRecord();
  record.reserve(width);
  record.count = width;
  return {
    header,
    feed: async (read, sink) => {
      let rows = 0;
      const readBytes = sink?.readBytes;
      // The size over the bytes per event so far foretells the rows to come: the sink makes room once.
      let estimate = sink?.expectRows !== undefined && (options.size ?? 0) > 0;
      const expect = (scanned: number) => {
        if (!estimate || rows < 4096) return;
        estimate = false;
        sink?.expectRows?.(Math.ceil((((options.size as number) - scanned) * rows * 1.02) / scanned));
      };
      log.onTrace = () => {
        log.complete = false;
        record.buf = log.arena;
        for (let e = 0; e < log.events; e++) {
          cells.fill(e, record.starts, record.ends, 0, 0);
          rows++;
          record.line = log.eventLines[e] as number;
          if (readBytes !== undefined) readBytes(record);
          else read(record.cells(), record.line);
        }
        expect(base);
      };
      // The first trace (read to fix the header).
      if (log.complete) log.onTrace();
      if (options.thread !== undefined && readBytes !== undefined && sink !== undefined && !done) {
        // The rest of the file on a second thread, from where the first trace ended.
        await iterator.return?.(undefined);
        const { feedThreaded } = await import('./xes-thread.js');
        const state = { scanner: scanner.snapshot(), traces: log.traces };
        const size = options.size ?? 0;
        return (
          rows +
          (await feedThreaded({ ...options.thread, name: options.name, start: base, header, state, size, rows }, sink))
        );
      }
      scan();
      while (await pump());
      return rows;
    },
  };
}
