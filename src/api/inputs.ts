/**
 * Opening the inputs of a run: files, standard input (`-`, copied once to a temporary file so that it
 * can be read again), gzip; on the fast CSV engine when it reads the file, else on the reference
 * reader, and again from the start on the reference reader when the fast one gives way mid-file.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, inputError } from '../errors.js';
import { isGzip, plainFileSize } from '../ingest/decode.js';
import { openRecordSource, type RecordSource, type RecordSourceOptions } from '../ingest/records.js';
import type { InputAccounting } from '../report/model.js';
import { FastPathBailout, openFastCsv } from '../engine/fast-csv.js';
import type { EngineOptions, IngestEngine } from '../engine/options.js';
import type { RecordSink } from '../engine/byte-record.js';
import { releaseTemp, removeOnExit } from './temp.js';

/** Default of `--max-gzip-ratio`: how many times its compressed size a gzip input may inflate to. */
export const DEFAULT_MAX_GZIP_RATIO = 300;
/** Default of `--max-stdin-mib`: the largest copy of standard input (or of a pipe) made, in MiB. */
export const DEFAULT_MAX_STDIN_MIB = 4096;
/** Bytes of standard input's copy after which its first lines are checked (a header, mapped columns). */
const STDIN_HEAD_BYTES = 64 << 10;
/** Below this many decompressed bytes (8 MiB) no ratio is checked: small files inflate as they like. */
const GZIP_RATIO_FLOOR = 8 << 20;

/**
 * Opens an input as a byte stream: '-' is stdin; gzip is recognized by its magic bytes, not only
 * `.gz`. A gzip input that inflates to more than `maxGzipRatio` times the compressed bytes read (past
 * 8 MiB) is refused (`gzip_too_large`): a 4 MB file inflating to 4 GiB is a decompression bomb.
 */
export async function* openInput(path: string, maxGzipRatio = DEFAULT_MAX_GZIP_RATIO): AsyncGenerator<Buffer> {
  if (path !== '-') {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw inputError(
        'file_not_found',
        `cannot open ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        {
          where: path,
          hint: 'Check the path; use - to read from standard input.',
        },
      );
    });
    if (info.isDirectory())
      throw inputError('is_directory', `${path} is a directory, not an export file`, {
        where: path,
        hint: 'Name the file inside it.',
      });
  }
  const raw: AsyncIterable<Buffer> = path === '-' ? (process.stdin as AsyncIterable<Buffer>) : createReadStream(path);
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const rest = async function* () {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  if (isGzip(head)) {
    // zlib is loaded only for gzip input.
    const { createGunzip } = await import('node:zlib');
    const gunzip = createGunzip();
    let compressed = 0;
    let inflated = 0;
    const feed = (async () => {
      try {
        for await (const chunk of rest()) {
          compressed += chunk.length;
          if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        }
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    try {
      for await (const chunk of gunzip) {
        inflated += (chunk as Buffer).length;
        if (inflated > GZIP_RATIO_FLOOR && inflated > maxGzipRatio * Math.max(compressed, 1)) {
          gunzip.destroy();
          throw inputError(
            'gzip_too_large',
            `${path} inflates to more than ${maxGzipRatio} times its compressed size ` +
              `(${inflated} bytes from ${compressed}): a decompression bomb, or a file of one repeated line`,
            {
              where: path,
              hint: `If the file is real, raise the limit with --max-gzip-ratio N (default ${DEFAULT_MAX_GZIP_RATIO}).`,
            },
          );
        }
        yield chunk as Buffer;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw inputError('bad_gzip', `cannot decompress ${path}: ${(error as Error).message}`, {
        where: path,
        hint: 'The file looks gzip-compressed but is damaged or truncated.',
      });
    }
    await feed;
    return;
  }
  yield* rest();
}

/**
 * The input's size for the progress line's percentage: null for standard input and for gzip (the
 * line counts the bytes decompressed, whose total the file does not say), for what is no regular file
 * (a pipe), and when it cannot be read.
 */
export function progressTotal(path: string): number | null {
  return path === '-' ? null : plainFileSize(path);
}

/** Standard input copied to a temporary file, once per run (see {@link inputPath}); likewise other pipes. */
export interface StdinCopy {
  path?: string;
  /** Copies of inputs that are no regular file (a FIFO, `<(...)`, `/dev/stdin`), by the path given. */
  pipes?: Map<string, string>;
  /** The largest copy, in bytes (`--max-stdin-mib`; default DEFAULT_MAX_STDIN_MIB MiB). */
  maxBytes?: number;
}

/**
 * What the copy of a pipe checks as it goes: the first 64 KiB (`head`, whole lines and a partial
 * last one) are handed to `checkHead` before the rest is copied, which throws when the input cannot
 * be read anyway (no header a profile or the mapping reads): `yes | opsmetrics report -` ends at once
 * instead of filling $TMPDIR first.
 */
export type HeadCheck = (head: Buffer) => Promise<void>;

/** Whether `file` names something that can be read only once: a FIFO, a character device, a socket. */
function readOnce(file: string): boolean {
  try {
    const stats = statSync(file);
    return stats.isFIFO() || stats.isCharacterDevice() || stats.isSocket();
  } catch {
    return false;
  }
}

/**
 * The path to read `file` from: the file itself, or for `-` a copy of standard input when `spool`
 * (the fast engine, which may have to start over on the reference reader) or when an earlier attempt
 * of the run made one (a pipe can be read only once). Else `-` itself.
 */
export async function inputPath(
  file: string,
  spool: boolean,
  stdin: StdinCopy,
  checkHead?: HeadCheck,
): Promise<string> {
  const limits = { maxBytes: stdin.maxBytes, checkHead };
  if (file !== '-') {
    // A pipe given by name (`<(cat f.csv)`, a FIFO) is copied once too, whatever the reader: the
    // reference reader starting over, or a second look at its bytes, would find it empty.
    if (!readOnce(file)) return file;
    stdin.pipes ??= new Map();
    let copy = stdin.pipes.get(file);
    if (copy === undefined) {
      copy = await spoolStdin(createReadStream(file), file, limits);
      stdin.pipes.set(file, copy);
    }
    return copy;
  }
  if (stdin.path === undefined && spool) stdin.path = await spoolStdin(process.stdin, '-', limits);
  return stdin.path ?? file;
}

/**
 * Copies standard input to a temporary file and returns its path (removed at exit, or earlier by
 * {@link releaseTemp}). The fast CSV reader may have to start over on the reference reader, and a
 * large input is read faster from a file (on a second thread); a pipe can be read only once. The copy
 * stops with `stdin_too_large` past `limits.maxBytes`, and with the error of `limits.checkHead` when
 * the input's first lines cannot be read (see {@link HeadCheck}); the partial copy is removed.
 */
export async function spoolStdin(
  source: NodeJS.ReadableStream = process.stdin,
  name = '-',
  limits: { maxBytes?: number | undefined; checkHead?: HeadCheck | undefined } = {},
): Promise<string> {
  // node:crypto on demand: loading it (some twenty of Node's own modules) is a cost every report paid.
  const { randomBytes } = await import('node:crypto');
  const path = join(tmpdir(), `opsmetrics-stdin-${process.pid}-${randomBytes(4).toString('hex')}`);
  removeOnExit(path);
  const what = name === '-' ? 'standard input' : name;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_STDIN_MIB * 2 ** 20;
  const checkHead = limits.checkHead;
  async function* guarded(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let copied = 0;
    let head: Buffer[] | undefined = checkHead === undefined ? undefined : [];
    for await (const chunk of chunks) {
      copied += chunk.length;
      if (copied > maxBytes) {
        throw inputError('stdin_too_large', `${what} is larger than ${maxBytes / 2 ** 20} MiB, the most copied`, {
          where: name,
          hint:
            `It is copied to a temporary file in ${tmpdir()} to be read; raise the limit with --max-stdin-mib N ` +
            `(default ${DEFAULT_MAX_STDIN_MIB}), or pass the export as a file.`,
        });
      }
      if (head !== undefined) {
        head.push(chunk);
        if (copied >= STDIN_HEAD_BYTES) {
          const bytes = Buffer.concat(head);
          head = undefined;
          await (checkHead as HeadCheck)(bytes);
        }
      }
      yield chunk;
    }
  }
  try {
    // Leaving the loop (a limit, a head that does not read) destroys the source: the writer gets EPIPE.
    await pipeline(
      Readable.from(guarded(source as AsyncIterable<Buffer>)),
      createWriteStream(path, { flags: 'wx', mode: 0o600 }),
    );
  } catch (error) {
    releaseTemp(path);
    if (error instanceof AppError) throw error;
    throw inputError(
      'stdin_copy_failed',
      `cannot copy ${what} to a temporary file in ${tmpdir()}: ${(error as Error).message}`,
      {
        where: name,
        hint: 'Free space there or set TMPDIR to a roomier directory, or pass the export as a file.',
      },
    );
  }
  return path;
}

/**
 * Runs `load` (which reads every input of a command) on the CSV reader `engine.reader` names (the
 * fast one by default), and once more on the reference reader when the fast one gives way mid-file;
 * `note` then says so. Standard input's copy is shared by both attempts and removed at the end.
 */
export async function withEngineFallback<T>(
  engine: EngineOptions,
  load: (reader: IngestEngine, stdin: StdinCopy) => Promise<T>,
  maxStdinBytes?: number,
): Promise<{ result: T; note: string | undefined }> {
  const stdin: StdinCopy = maxStdinBytes === undefined ? {} : { maxBytes: maxStdinBytes };
  try {
    try {
      return { result: await load(engine.reader, stdin), note: undefined };
    } catch (error) {
      if (!(error instanceof FastPathBailout)) throw error;
      return { result: await load('reference', stdin), note: error.note() };
    }
  } finally {
    if (stdin.path !== undefined) releaseTemp(stdin.path);
    for (const copy of stdin.pipes?.values() ?? []) releaseTemp(copy);
  }
}

/**
 * Feeds every record of a source to `read` and returns what the row accounting needs: the data
 * rows read, the blank ones skipped, and the file's entry for `input.files`.
 */
export async function feedRecords(
  source: RecordSource,
  file: string,
  profile: string,
  read: (cells: readonly string[], line: number) => void,
  wait?: RecordSink['wait'],
): Promise<FedRecords> {
  let rows = 0;
  for await (const record of source.records) {
    rows++;
    read(record.cells, record.line);
    if (wait !== undefined && (rows & 1023) === 0) {
      const held = wait();
      if (held !== undefined) await held;
    }
  }
  return {
    rows,
    blank: source.stats().blank,
    account: { path: file, profile, encoding: source.encoding, delimiter: source.delimiter, rows },
    encodingReason: source.encodingReason,
  };
}

/** What feeding an input's records gives: the rows read and skipped, its `input.files` entry, and why its encoding. */
export interface FedRecords {
  rows: number;
  blank: number;
  account: InputAccounting['files'][number];
  /** Why the encoding in `account` (ingest/decode.ts detectEncoding), for the warning of a guess. */
  encodingReason: string;
}

/** An input opened for its records: the header, and a single-use feed of every data record to a reader. */
export interface OpenedRecords {
  header: string[];
  /**
   * The cells of the first `max` data records, for an error's hint (a header row that is data).
   * On the reference reader it consumes the records: call it only when no `feed` follows.
   */
  peek(max: number): Promise<string[][]>;
  /** `sink`: what the fast reader feeds instead of `read` when it reads the file (a byte lane). */
  feed(read: (cells: readonly string[], line: number) => void, profile: string, sink?: RecordSink): Promise<FedRecords>;
}

/**
 * Opens `file` (named so in messages; `-` is standard input, read from its copy in `stdin` when the
 * run has one) on the fast CSV engine when `engine` is `fast` and the engine reads the file's start
 * (a CSV file in UTF-8), else on the reference reader. The fast `feed` throws FastPathBailout on input
 * met mid-file that only the reference reader reads exactly: the caller then reads all its inputs
 * again with `engine` `reference` and the same `stdin` (what it read so far is incomplete).
 */
export async function openRecords(
  file: string,
  options: RecordSourceOptions,
  reader: IngestEngine,
  stdin: StdinCopy,
  engine?: EngineOptions,
): Promise<OpenedRecords> {
  const path = await inputPath(file, reader === 'fast', stdin);
  const fast =
    reader === 'fast'
      ? await openFastCsv(openInput(path), {
          ...options,
          maxFieldBytes: options.maxFieldBytes ?? 10 << 20,
          path,
          engine,
        })
      : undefined;
  if (fast !== undefined) {
    return {
      header: fast.header,
      peek: async (max) => fast.peek(max),
      feed: async (read, profile, sink) => {
        const rows = await fast.run(sink ?? { read });
        return {
          rows,
          blank: fast.stats().blank,
          account: { path: file, profile, encoding: fast.encoding, delimiter: fast.delimiter, rows },
          encodingReason: fast.encodingReason,
        };
      },
    };
  }
  const source = await openRecordSource(openInput(path), options);
  return {
    header: source.header,
    peek: (max) => takeRecords(source, max),
    feed: (read, profile, sink) => feedRecords(source, file, profile, read, sink?.wait),
  };
}

/**
 * The cells of the first `max` records of a source (fewer when it cannot be read that far). It
 * consumes the records: for an error's hint, when the source is read no further.
 */
export async function takeRecords(source: Pick<RecordSource, 'records'>, max: number): Promise<string[][]> {
  const taken: string[][] = [];
  try {
    for await (const record of source.records) {
      if (taken.length >= max) break;
      taken.push([...record.cells]);
    }
  } catch {
    // The hint makes do with the records before the problem.
  }
  return taken;
}
