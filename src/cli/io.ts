/** Inputs and outputs: files, stdin/stdout ('-'), gzip, atomic writes, EPIPE. */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { inputError, usageError } from '../errors.js';
import { isGzip, plainFileSize } from '../ingest/decode.js';
import { engineFromEnv, FastPathBailout, type IngestEngine } from '../ingest/fast-csv.js';

/** Opens an input as a byte stream: '-' is stdin; gzip is recognized by its magic bytes, not only `.gz`. */
export async function* openInput(path: string): AsyncGenerator<Buffer> {
  if (path !== '-') {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw inputError('file_not_found', `cannot open ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, {
        where: path,
        hint: 'Check the path; use - to read from standard input.',
      });
    });
    if (info.isDirectory()) throw inputError('is_directory', `${path} is a directory, not an export file`, { where: path, hint: 'Name the file inside it.' });
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
    const feed = (async () => {
      try {
        for await (const chunk of rest()) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error as Error);
      }
    })();
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      throw inputError('bad_gzip', `cannot decompress ${path}: ${(error as Error).message}`, { where: path, hint: 'The file looks gzip-compressed but is damaged or truncated.' });
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

/** Standard input copied to a temporary file, once per run (see {@link inputPath}). */
export interface StdinCopy {
  path?: string;
}

/**
 * The path to read `file` from: the file itself, or for `-` a copy of standard input when `spool`
 * (the fast engine, which may have to start over on the reference reader) or when an earlier attempt
 * of the run made one (a pipe can be read only once). Else `-` itself.
 */
export async function inputPath(file: string, spool: boolean, stdin: StdinCopy): Promise<string> {
  if (file !== '-') return file;
  if (stdin.path === undefined && spool) stdin.path = await spoolStdin();
  return stdin.path ?? file;
}

/**
 * Copies standard input to a temporary file and returns its path (removed at exit, or earlier by
 * {@link releaseTemp}). The fast CSV reader may have to start over on the reference reader, and a
 * large input is read faster from a file (on a second thread); a pipe can be read only once.
 */
export async function spoolStdin(): Promise<string> {
  const path = join(tmpdir(), `opsmetrics-stdin-${process.pid}-${randomBytes(4).toString('hex')}`);
  removeOnExit(path);
  try {
    await pipeline(process.stdin, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    releaseTemp(path);
    throw inputError('stdin_copy_failed', `cannot copy standard input to a temporary file in ${tmpdir()}: ${(error as Error).message}`, {
      where: '-',
      hint: 'Free space there or set TMPDIR to a roomier directory, or pass the export as a file.',
    });
  }
  return path;
}

/** Removes a temporary file now (it was to be removed at exit). */
export function releaseTemp(path: string): void {
  rmSync(path, { force: true });
  pendingTemps.delete(path);
}

/**
 * Writes `text` to a file atomically (temporary file, then rename), so a failed run never leaves a
 * file that looks complete.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  removeOnExit(temp);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw usageError('cannot_write', `cannot write ${path}: ${(error as Error).message}`, { where: path, hint: 'Check that the folder exists and is writable.' });
  } finally {
    pendingTemps.delete(temp);
  }
}

/** Temporary files being written: removed if the process exits first (Ctrl-C calls process.exit). */
const pendingTemps = new Set<string>();
let exitHookInstalled = false;

function removeOnExit(temp: string): void {
  pendingTemps.add(temp);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of pendingTemps) rmSync(file, { force: true });
  });
}

/** Writes to stdout and resolves once flushed; a closed pipe (`| head`) ends quietly. */
export function writeStdout(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

/** Ends quietly when the reader of stdout goes away. */
export function handleEpipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * Runs `load` (which reads every input of a command) on the CSV engine `OPSMETRICS_ENGINE` names (the
 * fast one by default), and once more on the reference reader when the fast one gives way mid-file;
 * `note` then says so. Standard input's copy is shared by both attempts and removed at the end.
 */
export async function withEngineFallback<T>(load: (engine: IngestEngine, stdin: StdinCopy) => Promise<T>): Promise<{ result: T; note: string | undefined }> {
  const stdin: StdinCopy = {};
  try {
    try {
      return { result: await load(engineFromEnv(process.env), stdin), note: undefined };
    } catch (error) {
      if (!(error instanceof FastPathBailout)) throw error;
      return { result: await load('reference', stdin), note: error.note() };
    }
  } finally {
    if (stdin.path !== undefined) releaseTemp(stdin.path);
  }
}
