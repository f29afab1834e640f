/**
 * `opsmetrics report --events FILE...`: reads event logs (each file once) and folds them into the
 * ticket table, so that the report, slices, SLAs and checks run on them unchanged (docs/events.md).
 */
import { EVENT_DIMENSIONS, EventFolder, extraDimensionKey, type EventAccounting } from '../ingest/events/folder.js';
import { compileVocabulary } from '../ingest/events-vocabulary.js';
import type { IssueSink, RowIssue } from '../ingest/issues.js';
import { headerKey } from '../ingest/profiles/index.js';
import { profileOf } from '../ingest/profiles/resolve.js';
import { eventsXes } from '../ingest/profiles/events/xes.js';
import type { EngineOptions, IngestEngine } from '../engine/options.js';
import { eventRecordSink } from '../engine/event-lane.js';
import { IdIndex } from '../engine/ticket-ids.js';
import { usageError } from '../errors.js';
import { availableParallelism } from 'node:os';
import { inputPath, openInput, openRecords, progressTotal, type OpenedRecords, type StdinCopy } from './inputs.js';
import { encodingWarning } from '../ingest/encoding-note.js';
import type { TicketTable } from '../engine/ticket-table.js';
import type { InputAccounting } from '../report/model.js';
import { openRecordSource, type RecordSourceOptions } from '../ingest/records.js';
import { planEventColumns } from '../ingest/events/columns.js';
import { FastPathBailout, openFastCsv } from '../engine/fast-csv.js';
import { compileDateParser } from '../calendar/date-format.js';

export interface EventInputOptions {
  /** Event field -> column (config `events.map`, then `--map`). */
  map: Readonly<Record<string, string>>;
  vocabulary: Readonly<Record<string, readonly string[]>>;
  /** `--profile`: `auto` detects per file; an event profile name forces it for every file. */
  profile: string;
  inputTimezone: string;
  dateFormat: string | undefined;
  nullTokens: readonly string[];
  delimiter: string | undefined;
  encoding: string;
  onIssue: IssueSink;
  /** Fold each case's events in time order whatever their file order (--sort-events). */
  sort?: boolean;
  /** What a cancellation means (config events.cancelled). */
  cancelled?: 'closed' | 'unresolved';
  /** Case attributes from the first or the last event (config events.case_attributes). */
  caseAttributes?: 'first' | 'last';
  /** The end activity of `case_duration_to_end` (--case-end). */
  caseEnd?: string | undefined;
  bottleneckMinCases?: number;
  collapseRepeats?: boolean;
  /** Several files in time order may be merged as they stream (default true; false: in memory). */
  merge?: boolean;
  /** The `--by` names (and the checks'): event fields, or columns of the logs kept per case. */
  by?: readonly string[];
  /** The CSV reader (`fast` may throw FastPathBailout mid-file: the caller reads again on `reference`). */
  reader: IngestEngine;
  engine: EngineOptions;
  /** Standard input's copy, shared by the attempts of a run (see `openRecords`). */
  stdin: StdinCopy;
}

export interface EventInputResult {
  files: InputAccounting['files'];
  /** Data rows read (records the record layer rejected are in `sourceRejected`). */
  read: number;
  blank: number;
  sourceRejected: number;
  accounting: EventAccounting;
  /** A `--by` name -> the ticket table's dimension key. */
  dimensions: Record<string, string>;
  /** Per file, the event fields picked from the column names (field -> column), for the run's notes. */
  picked: { file: string; fields: Record<string, string> }[];
  /** The warnings of encodings the reader guessed (ingest/encoding-note.ts). */
  encodingWarnings: string[];
}

/**
 * The `--by` names of an event run that are no event field, each a column of some log (else a usage
 * error naming what is there).
 */
function extraDimensions(by: readonly string[], headers: readonly (readonly string[])[]): string[] {
  const extras = by.filter((name) => !EVENT_DIMENSIONS.includes(name));
  for (const name of extras) {
    if (headers.some((header) => header.some((h) => headerKey(h) === headerKey(name)))) continue;
    throw usageError('unknown_dimension', `--by ${name}: no such event field or column in the event logs`, {
      where: '--by',
      hint:
        `Use an event field (${EVENT_DIMENSIONS.join(', ')}) or a column of the log ` +
        `(${headers[0]?.slice(0, 20).join(', ') ?? ''}).`,
    });
  }
  return extras;
}

/** An event file opened for its rows: CSV (and the other record formats) or XES. */
export type EventSource = OpenedRecords & { xes: boolean };

/**
 * Opens an event file: XES when its content is XML (after gzip, a byte order mark and white space;
 * src/engine/xes.ts, the header built from the declared keys, the first trace and `wanted`), else
 * through `openRecords` (the fast CSV reader when `reader` is `fast`).
 */
export async function openEventSource(
  file: string,
  options: {
    records: RecordSourceOptions;
    reader: IngestEngine;
    engine: EngineOptions;
    stdin: StdinCopy;
    wanted: readonly string[];
  },
): Promise<EventSource> {
  const path = await inputPath(file, true, options.stdin);
  const bytes = openInput(path)[Symbol.asyncIterator]();
  const first = await bytes.next();
  const { looksLikeXml, openXes, xesThreaded } = await import('../engine/xes.js');
  if (first.done || !looksLikeXml(first.value)) {
    await bytes.return(undefined);
    const records = await openRecords(file, options.records, options.reader, options.stdin, options.engine);
    return { ...records, xes: false };
  }
  const head = first.value;
  const all = async function* () {
    yield head;
    for (let next = await bytes.next(); !next.done; next = await bytes.next()) yield next.value;
  };
  // The file's size (of a plain file) lets the fast engine's sink make room for the rows at once.
  const size = progressTotal(path) ?? 0;
  // The rest of a large plain file on a second thread while this one folds, as for CSV
  // (engine/xes.ts, `xesThreaded`; issue #20, bench/NOTES.md).
  const threaded = options.reader === 'fast' && xesThreaded(size, options.engine.scanThread, availableParallelism());
  const thread = threaded ? { path, chunkBytes: options.engine.scanChunkBytes } : undefined;
  // A plain file is read in large pieces without the stream (engine/xes.ts, `XesFile`); gzip, as a stream.
  if (size > 0) await bytes.return(undefined);
  const input = size > 0 ? { path, chunkBytes: options.engine.scanChunkBytes } : all();
  const source = await openXes(input, { name: file, wanted: options.wanted, size, ...(thread ? { thread } : {}) });
  return {
    xes: true,
    header: source.header,
    // An XES log has no header row that could be data: no records for a header hint.
    peek: async () => [],
    // The fast engine's byte lane reads the rows without a string per cell; the reference reader, as text.
    feed: async (read, profile, sink) => {
      const rows = await source.feed(read, options.reader === 'fast' ? sink : undefined);
      return {
        rows,
        blank: 0,
        account: { path: file, profile, encoding: 'utf-8', delimiter: null, rows },
        encodingReason: 'an XML document',
      };
    },
  };
}

/** Rows a file's start is read for to tell whether it is in time order (see `startsInTimeOrder`). */
const SAMPLE_ROWS = 2000;

/**
 * Whether the first rows of an event file are in time order across its cases (a log as a system
 * writes it), so that several such files can be merged as they stream. An export sorted by case
 * goes back in time at its second case: it is merged in memory from the start, not read twice.
 */
async function startsInTimeOrder(file: string, source: EventSource, options: EventInputOptions): Promise<boolean> {
  let plan: ReturnType<typeof planEventColumns>;
  try {
    const profile = profileOf('events', options.profile, source.header);
    plan = planEventColumns(source.header, profile, options.map);
  } catch {
    return false; // the mapping error is the reader's to report
  }
  const column = plan.columns.timestamp;
  if (plan.threaded || column === undefined) return false;
  const parse = compileDateParser({
    ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
    timeZone: options.inputTimezone,
    option: '--date-format',
  });
  const recordOptions = {
    name: file,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    encoding: options.encoding as 'auto',
    onIssue: () => {},
  };
  let last = -Infinity;
  let rows = 0;
  /** Takes a record's cells: false once the file went back in time, true once enough rows were read. */
  const take = (cells: readonly string[]): boolean | undefined => {
    const at = parse((cells[column] ?? '').trim());
    if (at < last) return false;
    if (!Number.isNaN(at)) last = at;
    return ++rows >= SAMPLE_ROWS ? true : undefined;
  };
  // The fast reader's cells are the reference reader's (engine/fast-csv.ts) at a fraction of the CPU
  // (csv-parse's 2,000 rows a file were 0.15 s of a 4 s merge of two files); the reference reader
  // reads what it declines, from the start.
  if (options.reader === 'fast') {
    const fast = await openFastCsv(openInput(file), { ...recordOptions, maxFieldBytes: 10 << 20 });
    if (fast !== undefined) {
      let verdict: boolean | undefined;
      const stop = new Error('enough rows');
      try {
        await fast.run({
          read: (cells) => {
            verdict = take(cells);
            if (verdict !== undefined) throw stop;
          },
        });
        return true;
      } catch (error) {
        if (error === stop) return verdict as boolean;
        if (!(error instanceof FastPathBailout)) throw error;
        last = -Infinity;
        rows = 0;
      }
    }
  }
  const records = await openRecordSource(openInput(file), recordOptions);
  for await (const { cells } of records.records) {
    const verdict = take(cells);
    if (verdict !== undefined) return verdict;
  }
  return true;
}

export async function readEventFiles(
  files: readonly string[],
  table: TicketTable,
  options: EventInputOptions,
): Promise<EventInputResult> {
  // A named profile is checked before any file is read.
  if (options.profile !== 'auto') profileOf('events', options.profile, []);
  const map = options.map;
  let sourceRejected = 0;
  // Every file is opened (its header read) first: a --by name no log has fails before any row is read.
  const sources: EventSource[] = [];
  const wanted = [...Object.values(map).filter((c) => c.trim() !== ''), ...(options.by ?? [])];
  for (const file of files) {
    const records: RecordSourceOptions = {
      name: file,
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      encoding: options.encoding as 'auto',
      onIssue: (issue: RowIssue) => {
        if (issue.action === 'rejected') sourceRejected++;
        options.onIssue(issue);
      },
    };
    sources.push(
      await openEventSource(file, {
        records,
        reader: options.reader,
        engine: options.engine,
        stdin: options.stdin,
        wanted,
      }),
    );
  }
  const by = options.by ?? [];
  const extras = extraDimensions(
    by,
    sources.map((s) => s.header),
  );
  // One index of the cases by id, for the text path and the fast engine's byte lane alike.
  const caseIndex = new IdIndex(table.ids);
  // One file streams (its rows are folded as read); several in time order are merged as they stream,
  // read side by side; any other set of files is merged in memory (the buffered fold).
  const merge =
    options.merge !== false &&
    files.length > 1 &&
    options.sort !== true &&
    !files.includes('-') &&
    sources.every((s) => !s.xes) &&
    (await Promise.all(files.map((file, k) => startsInTimeOrder(file, sources[k] as EventSource, options)))).every(
      Boolean,
    );
  const folder = new EventFolder(table, {
    vocabulary: compileVocabulary(options.vocabulary),
    mode: files.length === 1 ? 'stream' : merge ? 'merge' : 'buffer',
    sort: options.sort === true,
    cancelled: options.cancelled ?? 'closed',
    caseAttributes: options.caseAttributes ?? 'first',
    caseEnd: options.caseEnd,
    extraDimensions: extras,
    caseIndex,
    ...(options.bottleneckMinCases === undefined ? {} : { bottleneckMinCases: options.bottleneckMinCases }),
    collapseRepeats: options.collapseRepeats === true,
  });
  const readers = files.map((file, k) => {
    const source = sources[k] as EventSource;
    const profile =
      source.xes && options.profile === 'auto' ? eventsXes : profileOf('events', options.profile, source.header);
    // A mapping applies to a vendor's file too: the mapped fields first, the profile's columns for the rest.
    const reader = folder.file(source.header, {
      file,
      profile,
      map,
      inputTimezone: options.inputTimezone,
      ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
      nullTokens: options.nullTokens,
      onIssue: options.onIssue,
    });
    return { source, profile, reader };
  });
  const accounts: InputAccounting['files'] = [];
  let read = 0;
  let blank = 0;
  const feed = async ({ source, profile, reader }: (typeof readers)[number]) => {
    const fed = await source.feed(reader.read, profile.name, eventRecordSink(reader.reader, folder, table, caseIndex));
    folder.fileDone(reader.reader);
    return fed;
  };
  const fed: Awaited<ReturnType<typeof feed>>[] = [];
  if (merge) {
    // Side by side: a file that fails stops the others (they throw at their next event), then its error is the run's.
    const settled = await Promise.allSettled(
      readers.map((r) =>
        feed(r).catch((error: unknown) => {
          folder.abortMerge(error as Error);
          throw error;
        }),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
    for (const s of settled) fed.push((s as PromiseFulfilledResult<Awaited<ReturnType<typeof feed>>>).value);
  } else for (const r of readers) fed.push(await feed(r));
  const encodingWarnings: string[] = [];
  for (const [k, f] of fed.entries()) {
    blank += f.blank;
    read += f.rows;
    accounts.push(f.account);
    const header = (readers[k] as (typeof readers)[number]).source.header;
    const guess = encodingWarning(files[k] as string, options.encoding, f.account.encoding, f.encodingReason, [header]);
    if (guess !== null) encodingWarnings.push(guess);
  }
  const accounting = folder.finish();
  const dimensions = Object.fromEntries(
    by.map((name) => [name, extras.includes(name) ? extraDimensionKey(name) : name]),
  );
  const picked = readers.map(({ reader }, k) => ({ file: files[k] as string, fields: reader.picked }));
  return { files: accounts, read, blank, sourceRejected, accounting, dimensions, picked, encodingWarnings };
}
