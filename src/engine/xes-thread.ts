/**
 * The XES reader's threaded feed: a second thread (xes-worker.ts) reads and scans the rest of a plain
 * XES file, while this thread runs the cell pass and folds the events it posts, through the byte
 * lane, as the fast CSV engine does with a large CSV file (engine/fast-csv.ts). A thread that cannot
 * start or dies sends the input to the reference path (FastPathBailout): slower, same report.
 */
import { ByteRecord, type RecordSink } from './byte-record.js';
import { FastPathBailout } from './scanner.js';
import type { XesMessage, XesReturn, XesWorkerData } from './xes-messages.js';
import { XmlError, xesError } from './xes-scan.js';

/**
 * Feeds the events of the file from `start` on to the sink's byte lane; resolves with their number.
 * `rows`: events fed before (with `size`, the file's size, they foretell the rows to come).
 */
export async function feedThreaded(
  options: Omit<XesWorkerData, 'cellPlan' | 'control'> & { name: string; size: number; rows: number },
  sink: RecordSink,
): Promise<number> {
  const readBytes = sink.readBytes as (record: ByteRecord) => void;
  const control = new SharedArrayBuffer(4);
  const consumed = new Int32Array(control);
  const data: XesWorkerData = {
    path: options.path,
    start: options.start,
    chunkBytes: options.chunkBytes,
    header: options.header,
    state: options.state,
    // The cell pass (timestamps) runs here, in the byte lane, not on the reading thread: its scanner
    // (about 3x a CSV scanner's bytes) is what the run waits for, while this thread's fold waits
    // (bench/NOTES.md, issue #20).
    cellPlan: undefined,
    control,
  };
  const { Worker } = await import('node:worker_threads');
  let worker: InstanceType<typeof Worker>;
  try {
    worker = new Worker(new URL('./xes-worker.js', import.meta.url), { workerData: data });
  } catch (error) {
    throw new FastPathBailout(`the XES reading thread did not start: ${(error as Error).message}`);
  }
  const queue: XesMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let done = false;
  worker.on('message', (message: XesMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure ??= new FastPathBailout(`the XES reading thread failed: ${error.message}`);
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!done) failure ??= new FastPathBailout(`the XES reading thread stopped early (exit code ${code})`);
    wake?.();
  });
  const record = new ByteRecord();
  const width = options.header.length;
  record.count = width;
  let rows = 0;
  let estimate = sink.expectRows !== undefined && options.size > 0;
  let idle = sink.idle !== undefined;
  try {
    for (;;) {
      while (queue.length === 0 && failure === undefined) {
        // Waiting for the thread: a step of the sink's idle work, then a look at the messages.
        if (idle && sink.idle?.() === true) await new Promise<void>((resolve) => setImmediate(resolve));
        else {
          idle = false;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
      wake = undefined;
      const message = queue.shift();
      if (message === undefined) throw failure;
      if (message.kind === 'error') {
        done = true;
        throw xesError(options.name, new XmlError(message.message, message.line, message.column));
      }
      if (message.kind === 'done') {
        done = true;
        break;
      }
      record.buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
      record.starts = message.starts;
      record.ends = message.ends;
      if (record.escaped.length < message.records * width) record.escaped = new Uint8Array(message.starts.length);
      const m = message.cells;
      record.cellStates = m > 0 ? message.states : undefined;
      record.cellValues = m > 0 ? message.values : undefined;
      for (let i = 0; i < message.records; i++) {
        record.first = i * width;
        record.cellAt = i * m;
        record.line = message.lines[i] as number;
        readBytes(record);
      }
      rows += message.records;
      const { buffer, lines, starts, ends, states, values } = message;
      const back: XesReturn = { buffer, lines, starts, ends, states, values };
      worker.postMessage(back, [
        buffer,
        lines.buffer,
        starts.buffer,
        ends.buffer,
        states.buffer,
        values.buffer,
      ] as ArrayBuffer[]);
      Atomics.add(consumed, 0, 1);
      Atomics.notify(consumed, 0);
      const all = options.rows + rows;
      if (estimate && all >= 4096) {
        // The file's size over the bytes per event so far: the sink makes room for the rest once.
        estimate = false;
        sink.expectRows?.(Math.ceil(((options.size - message.scanned) * all * 1.02) / message.scanned));
      }
    }
  } finally {
    if (!done) await worker.terminate();
  }
  return rows;
}
