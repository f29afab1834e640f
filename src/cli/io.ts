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

/** Writes to stdout and resolves once flushed; a closed pipe (`| head`) ends quietly. */
export function writeStdout(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve();
    process.stdout.write(text, () => resolve());
  });
}

/**
 * Ends quietly when the reader of stdout goes away; carries on when the reader of stderr does
 * (`... 2>&1 >out.json | true`): the report still goes where it was asked to, and the messages that
 * would have gone to stderr have no one to read them.
 */
export function handleEpipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
