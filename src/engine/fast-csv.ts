/**
 * The fast CSV engine: a byte scanner for UTF-8 (or ASCII) CSV with a one-byte delimiter, one pass,
 * cells as byte ranges (see ByteRecord), no string per cell unless the row reader asks for one.
 *
 * It handles the common shape of exports only, and routes everything else to the reference path
 * (records.ts + csv.ts on csv-parse), which stays the definition of how a file is read:
 * - decided up front from the first 64 KiB (`openFastCsv` returns undefined): another format or
 *   encoding than UTF-8, a UTF-16 BOM, binary data, invalid UTF-8, Excel's `sep=` line, a multi-byte
 *   delimiter, leading blank lines, a header longer than the sample or with odd quoting;
 * - met mid-file (`run` throws FastPathBailout and the caller restarts the run on the reference
 *   path): a quote inside an unquoted field, text after a closing quote, a bare CR outside quotes, a
 *   quote left open at the end, a record over the size limit, bytes that are not valid UTF-8.
 * What it does handle it handles exactly as csv.ts does: lines counted the same way (CRLF once, a bare
 * CR inside quotes as a line), blank records skipped and counted, Excel's trailing empty cells cut,
 * ragged rows reported with the same issue.
 *
 * A plain file of 32 MiB or more read by the byte lane is read and scanned on a second thread
 * (scan-worker.ts), which also runs the lane's cell pass and subject pass; a thread that cannot start
 * or fails is one more reason to take the reference path.
 *
 * Over 500 lines: the single-threaded and the threaded reader share the sample, the checks and the
 * scanner's state in one closure (`openFastCsv`); split, each part would take and return all of it.
 */
import type { RowPlan } from './row-plan.js';
import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import {
  excelSepDirective,
  isBlankRecord,
  normalizeHeader,
  raggedRowIssue,
  headerIssue,
  sniffDelimiter,
} from '../ingest/csv.js';
import { completeUtf8Length, detectEncoding, plainFileSize, sniffBinary } from '../ingest/decode.js';
import { ByteRecord, type RecordSink } from './byte-record.js';
import type { IssueSink } from '../ingest/issues.js';
import { formatFromName, type RecordFormat } from '../ingest/records.js';
import type { ScanMessage, ScanReturn, ScanWorkerData } from './scan-worker.js';
import {
  checkScanned,
  FastPathBailout,
  restIsBlankBytes,
  ScanState,
  scanRecord,
  concatParts,
  readAtLeast,
  scanRecords,
  scanTally,
  type ScanPosition,
} from './scanner.js';

export { FastPathBailout } from './scanner.js';
import { DEFAULT_ENGINE, type EngineOptions } from './options.js';

const LF = 0x0a;
const CR = 0x0d;

export type { IngestEngine } from './options.js';

export interface FastCsvOptions {
  /** The input's name in messages (`-` for stdin). */
  name: string;
  /**
   * The file the bytes come from, when it is not `name` (stdin copied to a file): sized and re-read by the reading
   * thread.
   */
  path?: string | undefined;
  format?: RecordFormat | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  maxFieldBytes: number;
  onIssue: IssueSink;
  /** The column names of a file without a header row: its first record is then data. */
  columns?: readonly string[] | undefined;
  /** The reading thread's switches (default: DEFAULT_ENGINE's). */
  engine?: Pick<EngineOptions, 'scanThread' | 'scanChunkBytes'> | undefined;
}

/** Progress of a run: bytes consumed so far and rows handed to the sink. */
export type ProgressCallback = (bytes: number, rows: number) => void;

export interface FastCsvSource {
  header: string[];
  format: 'csv' | 'tsv';
  delimiter: string;
  encoding: string;
  encodingReason: string;
  stats(): { blank: number };
  /** Reads every data record into `sink`; resolves with the number of records given to it. */
  run(sink: RecordSink, progress?: ProgressCallback): Promise<number>;
  /** The cells of up to `max` first data records that lie in the input's first 64 KiB (none if unsure). */
  peek(max: number): string[][];
}

/** The complete records of `sample` from `from` on, and where the last one ends; none if the scanner refuses them. */
function sampleRecords(
  sample: Buffer,
  from: number,
  delimiter: number,
  maxFieldBytes: number,
): { records: number; end: number } {
  let records = 0;
  try {
    const end = scanRecords(
      sample,
      from,
      sample.length,
      false,
      new ScanState(delimiter),
      new ByteRecord(),
      { line: 1, blank: 0 },
      maxFieldBytes,
      () => {
        records++;
      },
    );
    return { records, end };
  } catch (error) {
    if (error instanceof FastPathBailout) return { records: 0, end: from };
    throw error;
  }
}

/** The rows still to come, from the input's size over the bytes per row so far (2% more). */
function rowsToCome(inputBytes: number, at: number, start: number, rows: number): number {
  return Math.ceil(((inputBytes - at) * rows * 1.02) / (at - start));
}

/**
 * Opens a byte stream for the fast engine, or returns undefined (after closing the stream) when the
 * start of the input shows something the engine does not read; the caller then opens it again on the
 * reference path. Header issues are reported as csv.ts reports them.
 */
export async function openFastCsv(
  bytes: AsyncIterable<Buffer>,
  options: FastCsvOptions,
): Promise<FastCsvSource | undefined> {
  const engine = options.engine ?? DEFAULT_ENGINE;
  const iterator = bytes[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let sampleLength = 0;
  let exhausted = false;
  while (sampleLength < 64 * 1024) {
    const next = await iterator.next();
    if (next.done === true) {
      exhausted = true;
      break;
    }
    parts.push(next.value);
    sampleLength += next.value.length;
  }
  const refuse = async (): Promise<undefined> => {
    if (!exhausted) await iterator.return?.();
    return undefined;
  };
  const sample: Buffer = Buffer.concat(parts, sampleLength);
  const format = options.format ?? formatFromName(options.name);
  if (format === 'json' || format === 'ndjson') return refuse();
  const encoding = String(options.encoding ?? 'auto')
    .trim()
    .toLowerCase();
  if (!['auto', 'utf-8', 'utf8'].includes(encoding)) return refuse();
  if (sample.length === 0 || sniffBinary(sample) !== undefined) return refuse();
  const guess = detectEncoding(sample, exhausted);
  if (guess.encoding !== 'utf-8') return refuse();
  const bomLength = guess.bom ? 3 : 0;
  const complete = exhausted ? sample.length : completeUtf8Length(sample);
  if (!isUtf8(sample.subarray(0, complete))) return refuse();
  const first = sample[bomLength];
  // Leading blank lines or spaces, JSON, and HTML/XML pages (`<`), are the reference path's to judge.
  if (
    first === undefined ||
    first === 0x20 ||
    first === 0x09 ||
    first === LF ||
    first === CR ||
    first === 0x5b ||
    first === 0x7b ||
    first === 0x3c
  )
    return refuse();
  const head = sample.toString('utf8', bomLength, complete);
  if (excelSepDirective(head) !== undefined) return refuse();
  let delimiterText = options.delimiter;
  if (delimiterText === 'tab' || delimiterText === '\\t') delimiterText = '\t';
  delimiterText ??= format === 'tsv' ? '\t' : sniffDelimiter(head);
  if (delimiterText.length !== 1 || delimiterText.charCodeAt(0) >= 0x80 || /["\r\n]/.test(delimiterText))
    return refuse();
  const delimiter = delimiterText.charCodeAt(0);
  const scanState = new ScanState(delimiter);

  // The header: the first record, which must lie within the sample; or, for a file without one,
  // the column names given (its first record is data).
  const record = new ByteRecord();
  const lines = { breaks: 0 };
  let end: number;
  let header: string[];
  if (options.columns !== undefined) {
    end = bomLength;
    lines.breaks = -1;
    header = [...options.columns];
  } else {
    try {
      end = scanRecord(sample, bomLength, complete, scanState, exhausted, record, lines);
    } catch (error) {
      if (error instanceof FastPathBailout) return refuse();
      throw error;
    }
    if (end < 0) return refuse();
    record.buf = sample;
    const headerCells = record.cells();
    if (isBlankRecord(headerCells)) return refuse();
    const cleaned = normalizeHeader(headerCells, { dropTrailingEmpty: true });
    for (const fix of cleaned.fixes) options.onIssue(headerIssue(options.name, 1, fix));
    header = cleaned.names;
  }
  /** The line of the first data record. */
  const firstLine = 1 + lines.breaks + 1;
  const width = header.length;
  const name = options.name;
  const path = options.path ?? name;
  let blank = 0;
  let used = false;

  /** A record of the right width (or one cut to it) goes to the sink; a ragged one is reported. */
  const accept = (sink: RecordSink, record: ByteRecord): boolean => {
    if (record.count !== width) {
      if (record.count > width && restIsBlankBytes(record, width)) {
        record.count = width;
      } else {
        options.onIssue(raggedRowIssue(name, record.line, record.cells(), width, delimiterText));
        return false;
      }
    }
    if (sink.readBytes !== undefined) sink.readBytes(record);
    else sink.read(record.cells(), record.line);
    return true;
  };

  /**
   * `run` with the reading and scanning on a second thread (scan-worker.ts), for a large plain file
   * read by the byte lane: the main thread only turns records into tickets. The stream opened by the
   * caller is closed; the thread reads the file from the first data record on.
   */
  const runThreaded = async (
    sink: RecordSink,
    path: string,
    inputBytes: number,
    progress?: ProgressCallback,
  ): Promise<number> => {
    if (!exhausted) await iterator.return?.();
    const control = new SharedArrayBuffer(4);
    const counters = new Int32Array(control);
    let estimate = sink.expectRows !== undefined && inputBytes > 0;
    if (estimate) {
      // The sink makes room for the rows the sample's records foretell before the thread starts, so
      // that the thread can set them to "missing" ahead of them (rowPlan). The first batch refines
      // the estimate.
      const sampled = sampleRecords(sample, end, delimiter, options.maxFieldBytes);
      if (sampled.records > 0)
        (sink.expectRows as (rows: number) => void)(
          sampled.records + rowsToCome(inputBytes, sampled.end, end, sampled.records),
        );
    }
    const rowPlan = sink.rowPlan?.();
    let idle = sink.idle !== undefined;
    const data: ScanWorkerData = {
      path,
      start: end,
      line: firstLine,
      delimiter,
      maxFieldBytes: options.maxFieldBytes,
      chunkBytes: engine.scanChunkBytes,
      cellPlan: sink.cellPlan,
      rowPlan,
      control,
    };
    // Loaded here: a small file never starts a thread and need not load the module.
    const { Worker } = await import('node:worker_threads');
    // A thread that cannot start or dies (resource limits, out of memory) sends the input to the
    // reference path like any input the fast engine does not read: slower, same report.
    let worker: InstanceType<typeof Worker>;
    try {
      worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: data });
    } catch (error) {
      throw new FastPathBailout(`the reading thread did not start: ${(error as Error).message}`);
    }
    const queue: ScanMessage[] = [];
    let wake: (() => void) | undefined;
    let failure: unknown;
    let done = false;
    worker.on('message', (message: ScanMessage) => {
      queue.push(message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= new FastPathBailout(`the reading thread failed: ${error.message}`);
      wake?.();
    });
    worker.on('exit', (code) => {
      if (!done) failure ??= new FastPathBailout(`the reading thread stopped early (exit code ${code})`);
      wake?.();
    });
    const batch = new ByteRecord();
    let rows = 0;
    let consumed = end;
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
        if (message.kind === 'bail') {
          scanTally.bytes += message.scanned;
          throw new FastPathBailout(message.reason);
        }
        if (message.kind === 'done') {
          scanTally.bytes += message.scanned;
          blank += message.blank;
          done = true;
          break;
        }
        const { first, starts, ends, escaped, lines: recordLines, states, values, cells, subjectIds } = message;
        for (const result of message.results) batch.subjectResults.push(result);
        if (rowPlan !== undefined)
          (sink.rowsInitialized as (plan: RowPlan, rows: number) => void)(rowPlan, message.initialized);
        // The record reads its cells in place, in the batch's arrays, with the cell pass's results.
        batch.buf = Buffer.from(message.buffer, 0, message.byteLength);
        batch.starts = starts;
        batch.ends = ends;
        batch.escaped = escaped;
        batch.cellStates = cells > 0 ? states : undefined;
        batch.cellValues = cells > 0 ? values : undefined;
        batch.subjectIds = message.subjectCells > 0 ? subjectIds : undefined;
        for (let i = 0; i < message.records; i++) {
          const from = first[i] as number;
          batch.first = from;
          batch.cellAt = i * cells;
          batch.subjectAt = i * message.subjectCells;
          batch.count = (first[i + 1] as number) - from;
          batch.line = recordLines[i] as number;
          if (accept(sink, batch)) rows++;
        }
        // The arrays go back to be filled again, then the thread may read on.
        worker.postMessage(
          {
            buffer: message.buffer,
            lines: recordLines,
            first,
            starts,
            ends,
            escaped,
            states,
            values,
            subjectIds,
          } satisfies ScanReturn,
          [
            message.buffer,
            recordLines.buffer,
            first.buffer,
            starts.buffer,
            ends.buffer,
            escaped.buffer,
            states.buffer,
            values.buffer,
            subjectIds.buffer,
          ] as ArrayBuffer[],
        );
        Atomics.add(counters, 0, 1);
        Atomics.notify(counters, 0);
        consumed = message.consumed;
        if (estimate && rows > 0) {
          (sink.expectRows as (rows: number) => void)(rowsToCome(inputBytes, consumed, end, rows));
          estimate = false;
        }
        progress?.(consumed, rows);
        // A sink that merges several inputs may hold this one back until the others catch up.
        const held = sink.wait?.();
        if (held !== undefined) await held;
      }
    } finally {
      if (!done) await worker.terminate();
    }
    progress?.(consumed, rows);
    return rows;
  };

  const runOnce = async (sink: RecordSink, progress?: ProgressCallback): Promise<number> => {
    if (used) throw new Error('a fast CSV source can be run once');
    used = true;
    const threaded =
      sink.readBytes !== undefined && (!exhausted || engine.scanThread === 'on')
        ? plainFile(path, engine.scanThread)
        : undefined;
    if (threaded !== undefined) return runThreaded(sink, path, threaded, progress);
    let rows = 0;
    let consumed = sample.length;
    let buf: Buffer = sample;
    let pos = end;
    let validated = complete;
    let finished = exhausted;
    // The input's size over the bytes per record so far estimates the rows to come (a compressed
    // input underestimates them, which only means the sink grows later as it would anyway).
    let inputBytes = 0;
    if (sink.expectRows !== undefined && !exhausted) {
      inputBytes = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    }
    const at: ScanPosition = { line: firstLine, blank: 0 };
    const onRecord = (r: ByteRecord): void => {
      if (accept(sink, r)) rows++;
    };
    try {
      for (;;) {
        pos = scanRecords(buf, pos, buf.length, finished, scanState, record, at, options.maxFieldBytes, onRecord);
        if (inputBytes > 0 && rows > 0) {
          (sink.expectRows as (rows: number) => void)(rowsToCome(inputBytes, pos, end, rows));
          inputBytes = 0;
        }
        // Everything before `pos` was complete records: their bytes must be valid UTF-8.
        checkScanned(buf, validated, pos, finished, options.maxFieldBytes);
        if (finished) break;
        const held = sink.wait?.();
        if (held !== undefined) await held;
        const more = await readAtLeast(iterator, buf.length - pos, (bytes) => {
          progress?.(consumed, rows);
          consumed += bytes;
        });
        finished = more.done;
        buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), ...more.parts]) : concatParts(more.parts);
        pos = 0;
        validated = 0;
        if (finished) {
          if (!isUtf8(buf)) throw new FastPathBailout('bytes that are not valid UTF-8');
          validated = buf.length;
        }
      }
    } finally {
      if (!finished) await iterator.return?.();
      blank += at.blank;
    }
    progress?.(consumed, rows);
    return rows;
  };

  /** {@link runOnce}, naming the input in a bailout. */
  const run = async (sink: RecordSink, progress?: ProgressCallback): Promise<number> => {
    try {
      return await runOnce(sink, progress);
    } catch (error) {
      if (error instanceof FastPathBailout) error.file ??= name;
      throw error;
    }
  };

  const peek = (max: number): string[][] => {
    const records: string[][] = [];
    try {
      scanRecords(
        sample,
        end,
        complete,
        exhausted,
        new ScanState(delimiter),
        new ByteRecord(),
        { line: firstLine, blank: 0 },
        options.maxFieldBytes,
        (r) => {
          if (records.length < max && r.count === width) records.push(r.cells());
        },
      );
    } catch (error) {
      if (!(error instanceof FastPathBailout)) throw error;
    }
    return records;
  };

  return {
    header,
    format: format === 'tsv' ? 'tsv' : 'csv',
    delimiter: delimiterText,
    encoding: 'utf-8',
    encodingReason: guess.reason,
    stats: () => ({ blank }),
    run,
    peek,
  };
}

/**
 * The size of `path` when the fast engine should read it on a second thread: a regular file of at
 * least 32 MiB (starting the thread and loading its modules costs about what it saves on a 30 MB
 * export; a 200 MB one reads 30% faster) that is not gzip (the stream decompresses it; the thread
 * reads the file's own bytes). Else undefined. `mode` `off` turns the thread off, `on` uses it for
 * any file (tests).
 */
function plainFile(path: string, mode: EngineOptions['scanThread']): number | undefined {
  if (mode === 'off' || path === '-') return undefined;
  const size = plainFileSize(path);
  return size !== null && (size >= 32 << 20 || mode === 'on') ? size : undefined;
}
