/**
 * The XES reader's second thread (see xes-thread.ts): reads a plain XES file from a byte offset (the
 * end of the first trace, which the main thread read to fix the header), scans it with the same
 * scanner and the same XES rules as the single-threaded path (xes.ts), runs the byte lane's cell pass
 * (timestamps) on each event when given a plan (xes-thread.ts gives none: the main thread has the
 * time), and posts batches of events as cell ranges over their values' bytes.
 * The main thread counts the batches it consumed in a shared counter; this thread stays at most
 * {@link AHEAD} batches ahead, so memory stays bounded whatever the file's size.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { ByteRecord } from './byte-record.js';
import { createCellPass } from './cell-pass.js';
import { XmlError } from './xes-scan.js';
import type { XesMessage, XesReturn, XesWorkerData } from './xes-messages.js';
import { XesLog, XesRows } from './xes-log.js';

/** Batches posted and not yet consumed, at most. */
const AHEAD = 3;
/** Events per batch (about 4.5 MB of a typical log): few hand-overs between the threads, each a wake-up. */
const BATCH = 16384;

function run(data: XesWorkerData): void {
  const port = parentPort;
  if (port === null) throw new Error('xes-worker runs as a worker thread');
  const control = new Int32Array(data.control);
  const log = new XesLog();
  log.scanner.restore(data.state.scanner);
  log.traces = data.state.traces;
  const rows = new XesRows(log, data.header);
  const width = rows.width;
  const pass = data.cellPlan === undefined ? undefined : createCellPass(data.cellPlan);
  const m = data.cellPlan === undefined ? 0 : data.cellPlan.columns.length;
  const record = new ByteRecord();
  record.count = width;
  record.escaped = new Uint8Array(BATCH * width + width);

  let bytes = Buffer.alloc(1 << 20);
  let used = 0;
  let records = 0;
  let lines: Int32Array<ArrayBufferLike> = new Int32Array(BATCH + 64);
  let starts: Int32Array<ArrayBufferLike> = new Int32Array(lines.length * width);
  let ends: Int32Array<ArrayBufferLike> = new Int32Array(lines.length * width);
  let states: Uint8Array<ArrayBufferLike> = new Uint8Array(lines.length * m);
  let values: Float64Array<ArrayBufferLike> = new Float64Array(lines.length * m);
  let posted = 0;
  let scanned = data.start;

  const room = (events: number): void => {
    if (records + events <= lines.length) return;
    const size = Math.max(records + events, lines.length * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, n: number, make: (n: number) => T): T => {
      const next = make(n);
      next.set(a.subarray(0, Math.min(a.length, n)) as never);
      return next;
    };
    lines = grow(lines, size, (n) => new Int32Array(n));
    starts = grow(starts, size * width, (n) => new Int32Array(n));
    ends = grow(ends, size * width, (n) => new Int32Array(n));
    states = grow(states, size * m, (n) => new Uint8Array(n));
    values = grow(values, size * m, (n) => new Float64Array(n));
    if (record.escaped.length < size * width) record.escaped = new Uint8Array(size * width);
  };
  log.onTrace = () => {
    log.complete = false;
    if (used + log.used > bytes.length) {
      const next = Buffer.alloc(Math.max(bytes.length * 2, used + log.used));
      bytes.copy(next, 0, 0, used);
      bytes = next;
    }
    log.arena.copy(bytes, used, 0, log.used);
    const offset = used;
    used += log.used;
    room(log.events);
    for (let e = 0; e < log.events; e++) {
      const first = records * width;
      rows.fill(e, starts, ends, first, offset);
      lines[records] = log.eventLines[e] as number;
      if (pass !== undefined) {
        record.buf = bytes;
        record.starts = starts;
        record.ends = ends;
        record.first = first;
        pass.pass(record, states, values, records * m);
      }
      records++;
    }
  };
  /** Arrays of consumed batches, given back to be filled again (fresh memory costs page faults here). */
  const pool: XesReturn[] = [];
  const post = (): void => {
    for (;;) {
      const consumed = Atomics.load(control, 0);
      if (posted - consumed < AHEAD) break;
      Atomics.wait(control, 0, consumed);
    }
    posted++;
    const message: XesMessage = {
      kind: 'batch',
      buffer: bytes.buffer as ArrayBuffer,
      byteOffset: bytes.byteOffset,
      byteLength: used,
      records,
      lines,
      starts,
      ends,
      cells: m,
      states,
      values,
      scanned,
    };
    const transfer = [bytes.buffer, lines.buffer, starts.buffer, ends.buffer, states.buffer, values.buffer];
    port.postMessage(message, transfer as ArrayBuffer[]);
    for (let back = receiveMessageOnPort(port); back !== undefined; back = receiveMessageOnPort(port))
      pool.push(back.message as XesReturn);
    const reuse = pool.pop();
    const size = Math.max(1 << 20, used);
    bytes = reuse !== undefined && reuse.buffer.byteLength >= size ? Buffer.from(reuse.buffer) : Buffer.alloc(size);
    used = 0;
    records = 0;
    lines = reuse?.lines ?? new Int32Array(BATCH + 64);
    starts = reuse?.starts ?? new Int32Array(lines.length * width);
    ends = reuse?.ends ?? new Int32Array(lines.length * width);
    states = reuse?.states ?? new Uint8Array(lines.length * m);
    values = reuse?.values ?? new Float64Array(lines.length * m);
  };

  const fd = openSync(data.path, 'r');
  try {
    // One buffer for the reads: what the scanner left (a cut tag) moves to its start, the next read follows.
    let chunk = Buffer.allocUnsafe(2 * data.chunkBytes);
    let carry = 0;
    let base = data.start;
    let position = data.start;
    let finished = false;
    while (!finished) {
      if (carry + data.chunkBytes > chunk.length) {
        const next = Buffer.allocUnsafe(2 * (carry + data.chunkBytes));
        chunk.copy(next, 0, 0, carry);
        chunk = next;
      }
      let length = carry;
      const end = carry + data.chunkBytes;
      while (length < end) {
        const read = readSync(fd, chunk, length, end - length, position);
        if (read === 0) {
          finished = true;
          break;
        }
        length += read;
        position += read;
      }
      const buf = chunk.subarray(0, length);
      const at = log.scanner.scan(buf, base, finished);
      base += at;
      scanned = base;
      chunk.copyWithin(0, at, length);
      carry = length - at;
      if (records >= BATCH || (finished && records > 0)) post();
    }
    port.postMessage({ kind: 'done' } satisfies XesMessage);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    port.postMessage({
      kind: 'error',
      message: error.message,
      line: error.line,
      column: error.column,
    } satisfies XesMessage);
  } finally {
    closeSync(fd);
  }
}

run(workerData as XesWorkerData);
