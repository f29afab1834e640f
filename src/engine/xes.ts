import { closeSync, openSync, readSync } from 'node:fs';
import { ByteRecord, type RecordSink } from './byte-record.js';
import { headerOf, XesLog, XesRows } from './xes-log.js';
import { XmlError, xesError } from './xes-scan.js';

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

/**
 * A plain (not compressed) XES file, read in `chunkBytes` pieces with `readSync` into one buffer: a
 * stream's 64 KiB pieces each wait for the thread pool (on a loaded 2-core machine the reading thread
 * idled a third of the scan in these waits, issue #20).
 */
export interface XesFile {
  path: string;
  chunkBytes: number;
}

/** The size of a plain XES file from which `auto` scans it on a second thread (as a CSV file). */
export const XES_THREAD_BYTES = 32 << 20;

/**
 * Whether the rest of a plain XES file of `size` bytes (0: not a plain file) is scanned on a second
 * thread (xes-worker.ts) while the main thread folds: `on` always, `off` never, `auto` from
 * {@link XES_THREAD_BYTES} on two cores or more, as a CSV file of that size. On a quiet 2-core machine
 * the 1M-event log took 2.58 s with the thread and 2.87 s without (3 pairs, the ticket report 1.70 s);
 * on a machine whose cores are all busy two threads, each waiting for the other's batches, can take
 * longer than one, as for CSV (issue #20, bench/NOTES.md). The machine's load does not decide: a run
 * of reports back to back keeps a 2-core machine's load average near 2 by itself. The report is the
 * same either way.
 * @example xesThreaded(284e6, 'auto', 2) // true
 * @example xesThreaded(284e6, 'auto', 1) // false
 */
export function xesThreaded(size: number, mode: 'auto' | 'on' | 'off', cores: number): boolean {
  if (size <= 0 || mode === 'off') return false;
  return mode === 'on' || (size >= XES_THREAD_BYTES && cores >= 2);
}

/** Where the rest of a plain XES file may be read by a second thread (xes-worker.ts). */
export interface XesThreadOptions {
  path: string;
  chunkBytes: number;
}

/**
 * Opens an XES byte stream (already decompressed) or a plain file: reads up to the end of the first
 * trace to fix the header, and returns it with a feed of every event row. With `thread` (a plain file) and a byte
 * lane to feed, the rest of the file is scanned on a second thread (xes-worker.ts), as the fast CSV
 * engine reads a large file.
 * @throws AppError (input, `bad_xes`) when the XML is not well-formed
 */
export async function openXes(
  bytes: AsyncIterable<Buffer> | XesFile,
  options: { name: string; wanted?: readonly string[]; size?: number; thread?: XesThreadOptions },
): Promise<XesSource> {
  const log = new XesLog();
  const scanner = log.scanner;
  const file = Symbol.asyncIterator in bytes ? undefined : bytes;
  const iterator = file === undefined ? (bytes as AsyncIterable<Buffer>)[Symbol.asyncIterator]() : undefined;
  let fd = file === undefined ? undefined : openSync(file.path, 'r');
  const close = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
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
  /** A plain file's next piece, read after the bytes not scanned yet (moved to the buffer's start). */
  const readPiece = (descriptor: number, chunkBytes: number): void => {
    const kept = rest.length;
    if (kept + chunkBytes > work.length) {
      const grown = Buffer.alloc(Math.max(2 * work.length, kept + chunkBytes));
      rest.copy(grown, 0);
      work = grown;
    } else if (kept > 0) rest.copy(work, 0);
    const got = readSync(descriptor, work, kept, chunkBytes, base + kept);
    if (got === 0) {
      done = true;
      close();
    }
    rest = work.subarray(0, kept + got);
  };
  /** Scans what is at hand with the next chunk; false at the end of the input. */
  const pump = async (): Promise<boolean> => {
    if (done) return false;
    if (iterator === undefined) {
      // Between pieces, a turn of the event loop (timers, messages of other threads).
      if (base > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      readPiece(fd as number, (file as XesFile).chunkBytes);
      scan();
      return true;
    }
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
  try {
    while (!log.complete && (await pump()));
  } catch (error) {
    close();
    throw error;
  }

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
        await iterator?.return?.(undefined);
        close();
        const { feedThreaded } = await import('./xes-thread.js');
        const state = { scanner: scanner.snapshot(), traces: log.traces };
        const size = options.size ?? 0;
        return (
          rows +
          (await feedThreaded({ ...options.thread, name: options.name, start: base, header, state, size, rows }, sink))
        );
      }
      try {
        scan();
        while (await pump());
      } finally {
        close();
      }
      return rows;
    },
  };
}
