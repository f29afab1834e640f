/**
 * The fast CSV engine's reading thread (see `runThreaded` in fast-csv.ts): reads a plain file from a
 * byte offset, finds its records with the same scanner as the single-threaded path, checks that
 * their bytes are UTF-8, skips blank records, and posts batches of cell ranges to the main thread,
 * which turns them into tickets meanwhile. The main thread acknowledges each batch through a shared
 * counter; this thread stays at most {@link AHEAD} batches ahead of it, so memory stays bounded
 * whatever the file's size.
 *
 * Messages: {@link ScanBatch} per batch, then `{ kind: 'done', blank }`, or `{ kind: 'bail', reason }`
 * for input the fast engine does not read (the caller starts over on the reference path).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { ByteRecord } from './byte-record.js';
import { checkScanned, FastPathBailout, ScanState, scanRecords, scanTally, type ScanPosition } from './scanner.js';
import { createCellPass, type CellPlan } from './cell-pass.js';
import { initializeRows, type RowPlan } from './row-plan.js';
import type { FieldResult } from '../complaints/classifier.js';
import { planClassifier, SubjectPass } from './subject-pass.js';

export interface ScanWorkerData {
  path: string;
  /** Byte offset of the first data record. */
  start: number;
  /** Line of the first data record (1-based). */
  line: number;
  delimiter: number;
  maxFieldBytes: number;
  chunkBytes: number;
  /** The byte lane's cell pass, run here on each record (results in the batch's `states`/`values`). */
  cellPlan: CellPlan | undefined;
  /** The table's rows this thread sets to "missing" ahead of the main thread (TicketTable.rowPlan), if any. */
  rowPlan: RowPlan | undefined;
  /** Int32 [batches consumed]: the main thread counts up, this thread waits on it. */
  control: SharedArrayBuffer;
}

/** One batch: the chunk's bytes and, per record, its line, its number of cells and their ranges. */
export interface ScanBatch {
  kind: 'batch';
  buffer: ArrayBuffer;
  byteLength: number;
  records: number;
  lines: Uint32Array;
  /** Index of each record's first cell in `starts`/`ends`/`escaped`; `first[records]` ends the last. */
  first: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  escaped: Uint8Array;
  /** The cell pass's results, `cells` per record (0 without a cell plan). */
  cells: number;
  states: Uint8Array;
  values: Float64Array;
  /** The subject pass's result numbers, `subjectCells` per record (0 without subjects to classify). */
  subjectCells: number;
  subjectIds: Int32Array;
  /** The subject pass's results numbered since the last batch (the main thread appends them). */
  results: FieldResult[];
  /** Bytes of the file read so far. */
  consumed: number;
  /**
   * Rows of the row plan set to "missing" so far (before the batch was posted): at least the table's rows plus the
   * records posted.
   */
  initialized: number;
}

export type ScanMessage =
  | ScanBatch
  | { kind: 'done'; blank: number; scanned: number }
  | { kind: 'bail'; reason: string; scanned: number };

/** A consumed batch's arrays, given back by the main thread to be filled again. */
export interface ScanReturn {
  buffer: ArrayBuffer;
  lines: Uint32Array;
  first: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  escaped: Uint8Array;
  states: Uint8Array;
  values: Float64Array;
  subjectIds: Int32Array;
}

/**
 * Bytes read for the first batch: the main thread waits for it, and this thread's code still runs
 * cold (a first batch of 1 MiB took about 35 ms, one of 64 KiB about 5 ms).
 */
const FIRST_BATCH_BYTES = 64 * 1024;

/** Batches posted and not yet consumed, at most. */
const AHEAD = 3;

function run(data: ScanWorkerData, port: MessagePort, classify: ((text: string) => FieldResult) | undefined): void {
  const post = (message: ScanMessage, transfer: ArrayBuffer[]): void => port.postMessage(message, transfer);
  const control = new Int32Array(data.control);
  /** Arrays of consumed batches, reused so that memory stays at AHEAD + 1 batches. */
  const pool: ScanReturn[] = [];
  const reuse = (): ScanReturn | undefined => {
    for (let returned = receiveMessageOnPort(port); returned !== undefined; returned = receiveMessageOnPort(port))
      pool.push(returned.message as ScanReturn);
    return pool.pop();
  };
  const fd = openSync(data.path, 'r');
  try {
    const scan = new ScanState(data.delimiter);
    // With subjects to classify this thread has the most work: the main thread runs the cell pass then.
    const cellPlan = data.cellPlan?.subjects === undefined ? data.cellPlan : undefined;
    const cellPass = cellPlan === undefined ? undefined : createCellPass(cellPlan);
    const m = cellPlan === undefined ? 0 : cellPlan.columns.length;
    const subjectPlan = data.cellPlan?.subjects;
    const subjectPass =
      subjectPlan === undefined || classify === undefined ? undefined : new SubjectPass(subjectPlan, classify);
    const sc = subjectPass === undefined ? 0 : subjectPass.columns.length;
    const record = new ByteRecord();
    let carry = Buffer.alloc(0);
    let filePosition = data.start;
    const at: ScanPosition = { line: data.line, blank: 0 };
    let finished = false;
    let posted = 0;
    const plan = data.rowPlan;
    let records = 0;
    let initialized = plan?.initialized ?? 0;
    while (!finished) {
      const recycled = reuse();
      // A record carried over is scanned again from its start: at least as many new bytes as it holds
      // are read first, so that a long record is scanned a few times (doubling), not once per chunk.
      const bytes = Math.max(
        posted === 0 ? Math.min(data.chunkBytes, FIRST_BATCH_BYTES) : data.chunkBytes,
        carry.length,
      );
      const chunk =
        recycled !== undefined && recycled.buffer.byteLength >= carry.length + bytes
          ? Buffer.from(recycled.buffer, 0, carry.length + bytes)
          : Buffer.from(new ArrayBuffer(carry.length + bytes));
      carry.copy(chunk, 0);
      let length = carry.length;
      while (length < chunk.length) {
        const read = readSync(fd, chunk, length, chunk.length - length, filePosition);
        if (read === 0) {
          finished = true;
          break;
        }
        length += read;
        filePosition += read;
      }
      const buf = chunk.subarray(0, length);
      let recordCount = 0;
      let cellCount = 0;
      let lines = recycled?.lines ?? new Uint32Array(4096);
      let first = recycled?.first ?? new Int32Array(4097);
      // The scanner writes each record's cells straight into the batch's arrays, from `first` on.
      record.starts = recycled?.starts ?? new Int32Array(4096 * 16);
      record.ends = recycled?.ends ?? new Int32Array(4096 * 16);
      record.escaped = recycled?.escaped ?? new Uint8Array(4096 * 16);
      let states = recycled?.states ?? new Uint8Array(4096 * m);
      let values = recycled?.values ?? new Float64Array(4096 * m);
      let subjectIds = recycled?.subjectIds ?? new Int32Array(4096 * sc);
      record.first = 0;
      const pos = scanRecords(buf, 0, length, finished, scan, record, at, data.maxFieldBytes, (r) => {
        if (recordCount + 1 >= lines.length) {
          lines = grow(lines, lines.length * 2);
          first = grow(first, first.length * 2);
          states = grow(states, lines.length * m);
          values = grow(values, lines.length * m);
          subjectIds = grow(subjectIds, lines.length * sc);
        }
        lines[recordCount] = r.line;
        first[recordCount] = cellCount;
        cellCount += r.count;
        cellPass?.pass(r, states, values, recordCount * m);
        subjectPass?.pass(r, subjectIds, recordCount * sc);
        recordCount++;
        // The next record's cells go after this one's (a blank record's are overwritten).
        r.first = cellCount;
      });
      first[recordCount] = cellCount;
      // The records found are complete: their bytes must be valid UTF-8.
      checkScanned(buf, 0, pos, finished, data.maxFieldBytes);
      carry = Buffer.from(buf.subarray(pos));
      // Each record makes at most one new row: the main thread's rows from this batch on are set
      // before it gets the batch. Mapping their memory here spares the main thread the page faults.
      records += recordCount;
      if (plan !== undefined) {
        const rows = Math.min(plan.capacity, plan.length + records);
        if (rows > initialized) {
          initializeRows(plan, initialized, rows);
          initialized = rows;
        }
      }
      // Wait until the main thread is fewer than AHEAD batches behind.
      for (;;) {
        const consumed = Atomics.load(control, 0);
        if (posted - consumed < AHEAD) break;
        Atomics.wait(control, 0, consumed);
      }
      posted++;
      const results = subjectPass === undefined ? [] : subjectPass.results.slice(subjectPass.sent);
      if (subjectPass !== undefined) subjectPass.sent = subjectPass.results.length;
      post(
        {
          kind: 'batch',
          buffer: chunk.buffer as ArrayBuffer,
          byteLength: length,
          records: recordCount,
          lines,
          first,
          starts: record.starts,
          ends: record.ends,
          escaped: record.escaped,
          cells: m,
          states,
          values,
          subjectCells: sc,
          subjectIds,
          results,
          consumed: filePosition,
          initialized,
        },
        [
          chunk.buffer,
          lines.buffer,
          first.buffer,
          record.starts.buffer,
          record.ends.buffer,
          record.escaped.buffer,
          states.buffer,
          values.buffer,
          subjectIds.buffer,
        ] as ArrayBuffer[],
      );
    }
    post({ kind: 'done', blank: at.blank, scanned: scanTally.bytes }, []);
  } finally {
    closeSync(fd);
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

if (parentPort !== null && workerData !== null && typeof workerData === 'object' && 'control' in workerData) {
  const port = parentPort;
  const data = workerData as ScanWorkerData;
  try {
    const subjects = data.cellPlan?.subjects;
    run(data, port, subjects === undefined ? undefined : await planClassifier(subjects));
  } catch (error) {
    if (error instanceof FastPathBailout)
      port.postMessage({ kind: 'bail', reason: error.reason, scanned: scanTally.bytes } satisfies ScanMessage);
    else throw error;
  }
}
