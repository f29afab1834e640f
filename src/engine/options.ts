/**
 * The engine's switches, as data: the command line reads them from the environment (cli/env.ts) and
 * passes them down; nothing below the command line reads the environment.
 */

/** Which reader reads CSV: `fast` (the byte engine, falling back when needed) or `reference` (csv-parse only). */
export type IngestEngine = 'fast' | 'reference';

export interface EngineOptions {
  /** The CSV reader. Default `fast`. */
  readonly reader: IngestEngine;
  /**
   * The fast reader's second thread: `auto` for plain files of 32 MiB or more, `on` for any file
   * (tests), `off` never.
   */
  readonly scanThread: 'auto' | 'on' | 'off';
  /** Bytes the reading thread reads at a time (1 MiB; tests cut records with far fewer). */
  readonly scanChunkBytes: number;
  /**
   * The repeat-contact flags' thread: `auto` for tables of 400,000 tickets or more, `on` for any,
   * `off` never, `require` any and fail when it cannot run (tests of a build).
   */
  readonly metricsThread: 'auto' | 'on' | 'off' | 'require';
}

export const DEFAULT_ENGINE: EngineOptions = Object.freeze({
  reader: 'fast',
  scanThread: 'auto',
  scanChunkBytes: 1 << 20,
  metricsThread: 'auto',
});
