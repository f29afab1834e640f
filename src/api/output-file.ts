/**
 * Where an output file (`-o`, `--junit`, `--rejects`) is written, by what the path is: a regular file
 * (or a path that does not exist yet) is written to a temporary file beside it and renamed over it,
 * so a failed run never leaves a half-written file; a symlink is followed and its target replaced, the
 * link kept; a FIFO, a character device (`/dev/stdout`, `/dev/null`, a terminal) or a socket is
 * written in place, since renaming over it would replace the node (or, for `>(gzip)`, write nothing
 * the reader sees). An output path that names one of the run's inputs is refused before anything is read.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';

export interface OutputTarget {
  /** The path to write: the symlink's target for a symlink, else the path given. */
  path: string;
  /** Write a temporary file and rename it over `path` (regular files and new paths). */
  atomic: boolean;
}

/** How to write `path`: `/dev/null` in place, `out.csv` (new, or a regular file) atomically. */
export function outputTarget(path: string): OutputTarget {
  try {
    // stat follows symlinks: /dev/stdout -> /proc/self/fd/1 -> a pipe is written where it is.
    if (!statSync(path).isFile()) return { path, atomic: false };
  } catch {
    // Nothing there yet (or a dangling symlink): below.
  }
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // A path that does not exist yet; a dangling symlink is written where it points.
    try {
      if (lstatSync(path).isSymbolicLink()) target = resolve(dirname(path), readlinkSync(path));
    } catch {
      // Nothing there: a new file.
    }
  }
  try {
    const stats = statSync(target);
    return { path: target, atomic: stats.isFile() };
  } catch {
    return { path: target, atomic: true };
  }
}

/** The identity of an existing file (device and inode), or null. */
function identity(path: string): string | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? `${stats.dev}:${stats.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * Refuses (usage error `output_is_input`, exit 2) an output path that is one of the inputs, through
 * a symlink or another spelling of the path alike: `-o tickets.csv` would replace the export with the
 * report. `outputs` maps each flag to its path (undefined: not given); `-` and non-regular files (a
 * FIFO, a device) are never compared.
 */
export function refuseOutputsOverInputs(
  outputs: Readonly<Record<string, string | undefined>>,
  inputs: readonly string[],
): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    if (input === '-') continue;
    const id = identity(input);
    if (id !== null) seen.set(id, input);
  }
  for (const [flag, path] of Object.entries(outputs)) {
    if (path === undefined || path === '-') continue;
    const id = identity(path);
    const input = id === null ? undefined : seen.get(id);
    if (input !== undefined)
      throw usageError('output_is_input', `${flag} ${path} is the input ${input}: writing it would destroy the data`, {
        where: flag,
        hint: 'Write the output to another file.',
      });
  }
}
