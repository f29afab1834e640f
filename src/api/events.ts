/**
 * `opsmetrics report --events FILE...`: reads event logs (each file once) and folds them into the
 * ticket table, so that the report, slices, SLAs and checks run on them unchanged (docs/events.md).
 */
import { EventFolder, type EventAccounting } from '../ingest/events.js';
import { compileVocabulary } from '../ingest/events-vocabulary.js';
import type { IssueSink, RowIssue } from '../ingest/issues.js';
import { profileOf } from '../ingest/profiles/resolve.js';
import type { EngineOptions, IngestEngine } from '../engine/options.js';
import { openRecords, type StdinCopy } from './inputs.js';
import type { TicketTable } from '../engine/ticket-table.js';
import type { InputAccounting } from '../report/model.js';

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
}

export async function readEventFiles(
  files: readonly string[],
  table: TicketTable,
  options: EventInputOptions,
): Promise<EventInputResult> {
  // A named profile is checked before any file is read.
  if (options.profile !== 'auto') profileOf('events', options.profile, []);
  const map = options.map;
  // One file streams (its rows are folded as read); several are merged by time, which needs every event.
  const folder = new EventFolder(table, {
    vocabulary: compileVocabulary(options.vocabulary),
    mode: files.length > 1 || options.sort === true ? 'buffer' : 'stream',
    sort: options.sort === true,
  });
  const accounts: InputAccounting['files'] = [];
  let read = 0;
  let blank = 0;
  let sourceRejected = 0;
  for (const file of files) {
    const source = await openRecords(
      file,
      {
        name: file,
        ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
        encoding: options.encoding as 'auto',
        onIssue: (issue: RowIssue) => {
          if (issue.action === 'rejected') sourceRejected++;
          options.onIssue(issue);
        },
      },
      options.reader,
      options.stdin,
      options.engine,
    );
    const profile = profileOf('events', options.profile, source.header);
    // The generic mapping names columns of the user's own log; vendor files have fixed columns.
    const reader = folder.file(source.header, {
      file,
      profile,
      map: profile.signature.length === 0 ? map : {},
      inputTimezone: options.inputTimezone,
      ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
      nullTokens: options.nullTokens,
      onIssue: options.onIssue,
    });
    const fed = await source.feed(reader.read, profile.name);
    blank += fed.blank;
    read += fed.rows;
    accounts.push(fed.account);
  }
  const accounting = folder.finish();
  return { files: accounts, read, blank, sourceRejected, accounting };
}
