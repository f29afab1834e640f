/** Outputs: stdout, files written atomically, EPIPE. */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { usageError } from '../errors.js';
import { forgetTemp, removeOnExit } from '../api/temp.js';

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
    throw usageError('cannot_write', `cannot write ${path}: ${(error as Error).message}`, {
      where: path,
      hint: 'Check that the folder exists and is writable.',
    });
  } finally {
    forgetTemp(temp);
  }
}

/** Writes to stdout and resolves once flushed, or once the reader has gone away (`| head`). */
export function writeStdout(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve();
    process.stdout.write(text, () => resolve());
  });
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
    throw error;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}
