/** Outputs: stdout, files written atomically, EPIPE. */
import { fstatSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatError, usageError } from '../errors.js';
import { outputTarget } from '../api/output-file.js';
import { forgetTemp, removeOnExit } from '../api/temp.js';

/**
 * Writes `text` to a file. A regular file (or a new path; a symlink is followed to its target) is
 * written atomically (temporary file, then rename), so a failed run never leaves a file that looks
 * complete; a FIFO or a device (`-o /dev/stdout`, `-o >(gzip > x.gz)`) is written in place.
 */
export async function writeFileAtomic(path: string, text: OutputData): Promise<void> {
  const target = outputTarget(path);
  const fail = (error: unknown) =>
    usageError('cannot_write', `cannot write ${path}: ${(error as Error).message}`, {
      where: path,
      hint: 'Check that the folder exists and is writable.',
    });
  if (!target.atomic) {
    // `-o /dev/stdout` when stdout is a socket (which cannot be opened by name): write to the stream.
    if (sameNode(target.path, 1)) return writeStdout(text);
    try {
      await writeFile(target.path, asWritable(text));
    } catch (error) {
      throw fail(error);
    }
    return;
  }
  const temp = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
  removeOnExit(temp);
  try {
    await writeFile(temp, asWritable(text));
    await rename(temp, target.path);
  } catch (error) {
    await rm(temp, { force: true });
    throw fail(error);
  } finally {
    forgetTemp(temp);
  }
}

/** Whether `path` is the node open as file descriptor `fd`. */
function sameNode(path: string, fd: number): boolean {
  try {
    const a = statSync(path);
    const b = fstatSync(fd);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** Writes to stdout and resolves once flushed, or once the reader has gone away (`| head`). */
export async function writeStdout(text: OutputData): Promise<void> {
  if (typeof text === 'string' || text instanceof Uint8Array) {
    await writeStdoutOnce(text);
    return;
  }
  for (const batch of batched(text)) if (!(await writeStdoutOnce(batch))) return;
}

/** Writes one string or buffer to stdout; false when the reader has gone (EPIPE): nothing more is written. */
function writeStdoutOnce(text: string | Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve(true);
    try {
      // An error (the reader gone) also reaches the stream's error handler (handleEpipe): stop here.
      process.stdout.write(text, (error) => resolve(error === undefined || error === null));
    } catch (error) {
      // A file as stdout is written synchronously: its errors are thrown here, not emitted.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return resolve(false);
      stdoutFailed(error as NodeJS.ErrnoException);
    }
  });
}

/** What is written out: a text, bytes, or a text in pieces (JSON, NDJSON: see renderPieces). */
export type OutputData = string | Uint8Array | Iterable<string>;

/** Pieces joined into strings of about `size` characters: a write per megabyte, not per piece. */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

const asWritable = (data: OutputData): string | Uint8Array | Iterable<string> =>
  typeof data === 'string' || data instanceof Uint8Array ? data : batched(data);

/**
 * Standard output cannot take the output (ENOSPC on a full disk, EIO, EFBIG): an `output_failed`
 * error, exit 2, in the usual two lines rather than a stack trace. The run ends here: what it
 * would write next cannot be written either.
 */
function stdoutFailed(error: NodeJS.ErrnoException): never {
  const failure = usageError('output_failed', `cannot write to standard output: ${error.message}`, {
    where: 'stdout',
    hint:
      error.code === 'ENOSPC'
        ? 'The disk standard output goes to is full: free space, or write elsewhere with -o FILE.'
        : 'Check where standard output goes (a file, a pipe), or write elsewhere with -o FILE.',
  });
  try {
    for (const line of formatError(failure)) process.stderr.write(`${line}\n`);
  } catch {
    // stderr is gone too.
  }
  process.exit(failure.exitCode);
}

/**
 * A reader of stdout that goes away (`| head -1`) ends the output quietly, not the run: the command
 * finishes and its exit code stands (a failed `check` still exits 1 under `set -o pipefail`, with
 * its JUnit file written). Exiting here, as this once did, turned every such run into exit 0.
 * A reader of stderr that goes away (`... 2>&1 >out.json | true`) does not end the run either: the
 * report still goes where it was asked to, and the messages that would have gone to stderr have no
 * one to read them.
 */
export function handleEpipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    stdoutFailed(error);
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}
