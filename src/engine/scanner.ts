/**
 * The fast CSV engine's byte scanner: finds the records of UTF-8 CSV with a one-byte delimiter as
 * byte ranges (ByteRecord), one pass, no string per cell; and the bailout it throws on input only
 * the reference reader reads exactly. Used by the main thread (fast-csv.ts) and the reading thread
 * (scan-worker.ts) alike.
 */
import { isUtf8 } from 'node:buffer';
import { isBlankRecord } from '../ingest/csv.js';
import { type ByteRecord, NextByte } from './byte-record.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Thrown by {@link FastCsvSource.run} on input the fast engine does not read: restart on the reference path. */
export class FastPathBailout extends Error {
  /** The input it happened in (its name in messages), when known. */
  file: string | undefined;

  constructor(readonly reason: string) {
    super(`fast CSV engine cannot read this input exactly (${reason}); the reference reader takes over`);
  }

  /** The note a command prints when it read its inputs again on the reference reader because of this. */
  note(): string {
    return (
      `opsmetrics: note:${this.file === undefined ? '' : ` ${this.file}:`} read again with the reference ` +
      `CSV reader (the fast one gave way: ${this.reason}); the figures are the same, the run only slower`
    );
  }
}

/**
 * The scanner's state within one buffer: the byte classes of the delimiter and the positions of the
 * next LF and CR at or after a point, so that line breaks inside quoted fields are counted without
 * searching the buffer again for each field (a file without CR would otherwise be searched to its end
 * for every quoted field).
 */
export class ScanState {
  /** 1 for the bytes that end an unquoted field: the delimiter, LF, CR and the quote. */
  readonly stops = new Uint8Array(256);
  /**
   * The highest of those bytes: any byte above it (letters, digits, UTF-8 for a comma) goes on without a look at
   * `stops`.
   */
  readonly highestStop: number;
  private readonly lf = new NextByte(LF);
  private readonly cr = new NextByte(CR);

  constructor(readonly delimiter: number) {
    for (const b of [delimiter, LF, CR, QUOTE]) this.stops[b] = 1;
    this.highestStop = Math.max(delimiter, LF, CR, QUOTE);
  }

  /** Line breaks in `buf[s, q)` as csv.ts counts them: CRLF once, LF once, a bare CR once. */
  breaksWithin(buf: Buffer, s: number, q: number): number {
    let breaks = 0;
    for (let at = this.lf.find(buf, s); at >= 0 && at < q; at = this.lf.find(buf, at + 1)) breaks++;
    for (let at = this.cr.find(buf, s); at >= 0 && at < q; at = this.cr.find(buf, at + 1))
      if (buf[at + 1] !== LF) breaks++;
    return breaks;
  }
}

/**
 * The scanner proper: finds the cells of the record starting at `pos`. Returns the end of the record
 * (the byte after its line break) or -1 when the buffer ends inside it (more input needed); throws
 * FastPathBailout on quoting it does not read. `final` means no more input follows `len`.
 */
export function scanRecord(
  buf: Buffer,
  pos: number,
  len: number,
  state: ScanState,
  final: boolean,
  record: ByteRecord,
  lines: { breaks: number },
): number {
  const delimiter = state.delimiter;
  const stops = state.stops;
  const highestStop = state.highestStop;
  // Cells are written from index `record.first` on (the reading thread scans into a batch's arrays).
  const base = record.first;
  let starts = record.starts;
  let ends = record.ends;
  let escapes = record.escaped;
  let f = base;
  let breaks = 0;
  for (;;) {
    if (f + 1 >= starts.length) {
      record.reserve(f - base + 2);
      starts = record.starts;
      ends = record.ends;
      escapes = record.escaped;
    }
    if (pos < len && buf[pos] === QUOTE) {
      const s = pos + 1;
      let i = s;
      let escaped = 0;
      let q: number;
      for (;;) {
        q = buf.indexOf(QUOTE, i);
        if (q < 0 || q >= len) {
          if (final) throw new FastPathBailout('a quoted field is not closed at the end of the input');
          return -1;
        }
        if (q + 1 >= len && !final) return -1;
        if (buf[q + 1] === QUOTE) {
          escaped = 1;
          i = q + 2;
          continue;
        }
        break;
      }
      breaks += state.breaksWithin(buf, s, q);
      starts[f] = s;
      ends[f] = q;
      escapes[f] = escaped;
      f++;
      pos = q + 1;
      if (pos >= len) break;
      const b = buf[pos];
      if (b === delimiter) {
        pos++;
        if (pos >= len && final) {
          starts[f] = pos;
          ends[f] = pos;
          escapes[f] = 0;
          f++;
          break;
        }
        continue;
      }
      if (b === LF) {
        pos++;
        break;
      }
      if (b === CR) {
        if (pos + 1 >= len) {
          if (!final) return -1;
          throw new FastPathBailout('a bare CR line break');
        }
        if (buf[pos + 1] !== LF) throw new FastPathBailout('a bare CR line break');
        pos += 2;
        break;
      }
      throw new FastPathBailout('text after the closing quote of a field');
    }
    let i = pos;
    for (; i < len; i++) {
      const b = buf[i] as number;
      if (b <= highestStop && stops[b] === 1) break;
    }
    if (i >= len) {
      if (!final) return -1;
      starts[f] = pos;
      ends[f] = len;
      escapes[f] = 0;
      f++;
      pos = len;
      break;
    }
    const b = buf[i] as number;
    if (b === QUOTE) throw new FastPathBailout('a double quote inside an unquoted field');
    starts[f] = pos;
    ends[f] = i;
    escapes[f] = 0;
    f++;
    if (b === delimiter) {
      pos = i + 1;
      if (pos >= len && final) {
        starts[f] = pos;
        ends[f] = pos;
        escapes[f] = 0;
        f++;
        break;
      }
      continue;
    }
    if (b === LF) {
      pos = i + 1;
      break;
    }
    // CR
    if (i + 1 >= len) {
      if (!final) return -1;
      throw new FastPathBailout('a bare CR line break');
    }
    if (buf[i + 1] !== LF) throw new FastPathBailout('a bare CR line break');
    pos = i + 2;
    break;
  }
  record.count = f - base;
  lines.breaks = breaks;
  return pos;
}

/** Whether every cell of the record is empty or whitespace (as csv.ts `isBlankRecord`), mostly without strings. */
export function isBlankBytes(record: ByteRecord): boolean {
  const buf = record.buf;
  for (let k = 0; k < record.count; k++) {
    const e = record.ends[record.first + k] as number;
    for (let i = record.starts[record.first + k] as number; i < e; i++) {
      const b = buf[i] as number;
      if (b >= 0x80) return isBlankRecord(record.cells());
      if (!(b === 0x20 || (b >= 0x09 && b <= 0x0d))) return false;
    }
  }
  return true;
}

export function restIsBlankBytes(record: ByteRecord, from: number): boolean {
  const cells = record.cells().slice(from);
  return isBlankRecord(cells);
}

/**
 * Bytes handed to {@link scanRecords} so far (in this thread; the reading thread's are added when it is
 * done): a record cut by a chunk boundary is scanned again from its start, and tests bound how often
 * by this count, which no clock moves.
 */
export const scanTally = { bytes: 0 };

/**
 * Reads chunks until at least `pending` new bytes came (or the input ended): a record cut by the end
 * of the buffer is scanned again from its start, so reading as much as it holds first doubles it
 * between scans, and a long record is scanned a few times, not once per chunk (that was quadratic: a
 * 16 MiB field took 24 s). `onChunk` gets each chunk's length (0 at the end).
 */
export async function readAtLeast(
  chunks: AsyncIterator<Buffer>,
  pending: number,
  onChunk: (bytes: number) => void,
): Promise<{ parts: Buffer[]; done: boolean }> {
  const parts: Buffer[] = [];
  let fresh = 0;
  do {
    const next = await chunks.next();
    onChunk(next.done === true ? 0 : next.value.length);
    if (next.done === true) return { parts, done: true };
    parts.push(next.value);
    fresh += next.value.length;
  } while (fresh < pending);
  return { parts, done: false };
}

/** `parts` as one buffer, without a copy when there is one part. */
export const concatParts = (parts: readonly Buffer[]): Buffer =>
  parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);

/** Where a scan is in its input: the line of the next record and the blank records skipped so far. */
export interface ScanPosition {
  line: number;
  blank: number;
}

/**
 * Scans the complete records of `buf[pos, len)`: each non-blank one goes to `onRecord` (its cells in
 * `record` from `record.first` on, `record.line` set), blank ones are counted in `at.blank`, `at.line`
 * follows. Returns the end of the last complete record. Throws FastPathBailout for a record over the
 * size limit or quoting the engine does not read. Both the single-threaded run and the reading
 * thread go through here.
 */
export function scanRecords(
  buf: Buffer,
  pos: number,
  len: number,
  final: boolean,
  state: ScanState,
  record: ByteRecord,
  at: ScanPosition,
  maxFieldBytes: number,
  onRecord: (record: ByteRecord) => void,
): number {
  const lineBreaks = { breaks: 0 };
  record.buf = buf;
  scanTally.bytes += len - pos;
  while (pos < len) {
    const next = scanRecord(buf, pos, len, state, final, record, lineBreaks);
    if (next < 0) break;
    if (next - pos > maxFieldBytes) throw new FastPathBailout('a record over the size limit');
    record.line = at.line;
    pos = next;
    at.line += 1 + lineBreaks.breaks;
    if (isBlankBytes(record)) at.blank++;
    else onRecord(record);
  }
  return pos;
}

/**
 * The checks after scanning `buf` up to `pos`: the records' bytes from `from` on are UTF-8, nothing
 * is left over at the end of the input, and what is carried to the next chunk is within the limit.
 */
export function checkScanned(buf: Buffer, from: number, pos: number, final: boolean, maxFieldBytes: number): void {
  if (pos > from && !isUtf8(buf.subarray(from, pos))) throw new FastPathBailout('bytes that are not valid UTF-8');
  if (final && pos < buf.length) throw new FastPathBailout('an incomplete record at the end of the input');
  if (!final && buf.length - pos > maxFieldBytes) throw new FastPathBailout('a record over the size limit');
}
