/**
 * Temporary files of a run (standard input's copy, an output being written, DuckDB's spill folder):
 * removed when the process exits, even on Ctrl-C (which calls process.exit), or earlier by
 * {@link releaseTemp}. A folder is removed with what it holds.
 */
import { rmSync } from 'node:fs';

const pendingTemps = new Set<string>();
let exitHookInstalled = false;

/** Removes `path` when the process exits, unless released first. */
export function removeOnExit(path: string): void {
  pendingTemps.add(path);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of pendingTemps) rmSync(file, { force: true, recursive: true });
  });
}

/** Removes a temporary file or folder now (it was to be removed at exit). */
export function releaseTemp(path: string): void {
  rmSync(path, { force: true, recursive: true });
  pendingTemps.delete(path);
}

/** Forgets a temporary file that no longer exists under its name (renamed into place). */
export function forgetTemp(path: string): void {
  pendingTemps.delete(path);
}
