/**
 * The check of a ticket export's first lines while standard input (or a pipe) is copied
 * (api/inputs.ts HeadCheck): the errors the run would end with on its header (no profile matches, a
 * mapped column or the creation time missing, binary data, an HTML page) end it before the rest is
 * copied, with the same message. `yes | opsmetrics report -` ends at once instead of writing
 * gigabytes to $TMPDIR. Only the first 64 KiB are read, so what needs the whole input (a quote never
 * closed) is left to the reader.
 */
import { AppError } from '../errors.js';
import { planColumns } from '../ingest/columns.js';
import { isGzip } from '../ingest/decode.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import { openRecordSource, type RecordSourceOptions } from '../ingest/records.js';
import { SAMPLE_ROWS } from '../ingest/samples.js';
import type { InputOptions } from '../options/input.js';
import { type HeadCheck, takeRecords } from './inputs.js';
import { isHeaderError, withHeaderHint } from './samples.js';

/** Errors the first 64 KiB decide for the whole input (the first KiB's bytes, what the text is). */
const DECIDED_BY_HEAD = new Set(['not_text', 'not_csv', 'empty_input']);

/** The head check of ticket export `file`, read with `options` and mapped as `input` says. */
export function ticketHeadCheck(
  file: string,
  options: RecordSourceOptions,
  input: Pick<InputOptions, 'profileName' | 'map' | 'unmap'>,
  command: string,
): HeadCheck {
  return async (head) => {
    // A gzip stream is judged once inflated, by the reader (and --max-gzip-ratio).
    if (isGzip(head)) return;
    let source: Awaited<ReturnType<typeof openRecordSource>>;
    try {
      source = await openRecordSource(
        (async function* () {
          yield head;
        })(),
        { ...options, onIssue: () => {} },
      );
    } catch (error) {
      if (error instanceof AppError && DECIDED_BY_HEAD.has(error.code)) throw error;
      return;
    }
    // JSON is read whole: its first 64 KiB have no header.
    if (source.format !== 'csv' && source.format !== 'tsv') return;
    try {
      const mapped = Object.keys(input.map).length > 0;
      const profile = resolveProfile(input.profileName, source.header, mapped, file, command);
      planColumns(source.header, { profile, map: input.map, unmap: input.unmap, by: [] });
    } catch (error) {
      if (!isHeaderError(error)) throw error;
      const sample = await takeRecords(source, SAMPLE_ROWS).catch(() => []);
      throw withHeaderHint(error, file, source.header, sample, command);
    }
  };
}
