/**
 * One file read in this process with the built engines (dist/: the reading thread cannot start from
 * src/), as the byte-lane equivalence tests of tickets and orders compare them: the fast CSV reader
 * (byte lane, reading thread) or the reference record source, each record given to the sink the test
 * makes from the file's header. A fast reader that bails out fails the test.
 */
import { createReadStream } from 'node:fs';
import { expect } from 'vitest';
import type { RecordSink } from '../../src/engine/byte-record.js';
import type { RowIssue } from '../../src/ingest/issues.js';

export type BuiltEngine = 'reference' | 'fast';

export interface BuiltSink {
  /** What the fast reader runs (its byte lane); unused on the reference engine. */
  sink?: RecordSink;
  /** What each reference record goes to. */
  read: (cells: readonly string[], line: number) => void;
}

/** Reads `file` into the sink `sinkFor(header)` makes; the records read and the blank lines skipped. */
export async function readBuilt(
  file: string,
  engine: BuiltEngine,
  env: Record<string, string>,
  onIssue: (issue: RowIssue) => void,
  sinkFor: (header: string[]) => BuiltSink,
): Promise<{ read: number; blank: number }> {
  const [{ openFastCsv, FastPathBailout }, { openRecordSource }, { engineFromEnv }] = await Promise.all([
    import('../../dist/engine/fast-csv.js'),
    import('../../dist/ingest/records.js'),
    import('../../dist/options/resolve.js'),
  ]);
  const sourceOptions = { name: file, maxFieldBytes: 1 << 20, onIssue, engine: engineFromEnv(env) };
  const fast =
    engine === 'fast'
      ? await openFastCsv(createReadStream(file, { highWaterMark: 1 << 16 }), sourceOptions)
      : undefined;
  expect(engine === 'reference' || fast !== undefined).toBe(true);
  const source = fast ?? (await openRecordSource(createReadStream(file), sourceOptions));
  const { sink, read: readCells } = sinkFor(source.header);
  let read = 0;
  if (fast !== undefined) {
    if (sink === undefined) throw new Error('readBuilt: the fast engine needs a sink');
    try {
      read = await fast.run(sink);
    } catch (error) {
      if (error instanceof FastPathBailout) throw new Error(`unexpected bailout: ${error.message}`);
      throw error;
    }
  } else {
    for await (const record of (source as Awaited<ReturnType<typeof openRecordSource>>).records) {
      read++;
      readCells(record.cells, record.line);
    }
  }
  return { read, blank: source.stats().blank };
}
