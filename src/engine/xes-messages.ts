/** The messages between the XES reader's threaded feed (xes-thread.ts) and its thread (xes-worker.ts). */
import type { CellPlan } from './byte-record.js';
import type { XmlScannerState } from './xes-scan.js';

export interface XesWorkerData {
  path: string;
  /** Byte offset to read from: the end of the first trace. */
  start: number;
  chunkBytes: number;
  header: string[];
  /** The scanner's place and the traces read so far (a nameless trace is numbered). */
  state: { scanner: XmlScannerState; traces: number };
  cellPlan: CellPlan | undefined;
  /** Int32 [batches consumed]: this thread counts up, the worker waits on it. */
  control: SharedArrayBuffer;
}

export type XesMessage =
  | {
      kind: 'batch';
      buffer: ArrayBuffer;
      byteOffset: number;
      byteLength: number;
      records: number;
      lines: Int32Array;
      /** Cell ranges, `header.length` per event. */
      starts: Int32Array;
      ends: Int32Array;
      /** The cell pass's results, `cells` per event. */
      cells: number;
      states: Uint8Array;
      values: Float64Array;
      /** Bytes of the file scanned so far. */
      scanned: number;
    }
  | { kind: 'done' }
  | { kind: 'error'; message: string; line: number; column: number };

/** A consumed batch's arrays, given back to the worker to be filled again. */
export interface XesReturn {
  buffer: ArrayBuffer;
  lines: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  states: Uint8Array;
  values: Float64Array;
}
