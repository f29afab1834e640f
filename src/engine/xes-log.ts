/**
 * The XES semantics over the scanner's tags (xes-scan.ts): the current trace's values, its events'
 * attributes, the header of a log and the cells of its events. Shared by the reader (xes.ts) and
 * the reading thread (xes-worker.ts).
 */
import { isUtf8 } from 'node:buffer';
import { ByteInterner } from './byte-interner.js';
import { DimColumn } from '../model/dictionary.js';
import { Tag, XmlScanner, type XmlTagSink } from './xes-scan.js';

/** The columns every XES file has, in this order. */
export const BASE_COLUMNS = [
  'case:concept:name',
  'concept:name',
  'time:timestamp',
  'org:resource',
  'org:group',
  'org:role',
  'lifecycle:transition',
];

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

/**
 * The header of a log: the base columns, the declared keys, the keys of the first trace's events and
 * its attributes (when it has events), the names asked for.
 */
export function headerOf(log: XesLog, wanted: readonly string[]): string[] {
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
