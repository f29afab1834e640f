/**
 * `opsmetrics report --events FILE...`: reads event logs (each file once) and folds them into the
 * ticket table, so that the report, slices, SLAs and checks run on them unchanged (docs/events.md).
 */
import { openRecords } from '../input.js';
import { usageError } from '../../errors.js';
import { EventFolder, type EventAccounting } from '../../ingest/events.js';
import { compileVocabulary } from '../../ingest/events-vocabulary.js';
import type { IssueSink, RowIssue } from '../../ingest/issues.js';
import { detectEventProfile, EVENT_PROFILES, findEventProfile } from '../../ingest/profiles/events-index.js';
import type { IngestEngine } from '../../ingest/fast-csv.js';
import type { StdinCopy } from '../io.js';
import type { TicketTable } from '../../model/ticket.js';
import type { InputAccounting } from '../../report/model.js';

export interface EventInputOptions {
  /** `--map` values: `field=Column`, several per value separated by commas (`case=Id,timestamp=At`). */
  mapFlags: readonly string[];
  configMap: Readonly<Record<string, string>>;
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
  /** The CSV engine (`fast` may throw FastPathBailout mid-file: the caller reads again on `reference`). */
  engine: IngestEngine;
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

/**
 * `--map` values of an event run. A value may hold several pairs separated by commas; a comma
 * followed by something that is not `name=` stays part of the column name.
 * @example parseEventMap(['case=Case ID,timestamp=Time', 'team=Queue']) // { case: 'Case ID', timestamp: 'Time', team: 'Queue' }
 */
export function parseEventMap(values: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(/,(?=\s*[a-z_]+\s*=)/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) {
        throw usageError('bad_mapping', `--map ${pair}: expected field=Column`, { where: '--map', hint: 'For example --map case="Case ID",timestamp=Time,activity=Activity.' });
      }
      map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return map;
}

export async function readEventFiles(files: readonly string[], table: TicketTable, options: EventInputOptions): Promise<EventInputResult> {
  const forced = options.profile === 'auto' ? undefined : findEventProfile(options.profile);
  if (options.profile !== 'auto' && forced === undefined) {
    throw usageError('unknown_profile', `--profile ${options.profile} is not an event profile`, {
      where: '--profile',
      hint: `With --events use auto or one of ${EVENT_PROFILES.map((p) => p.name).join(', ')}.`,
    });
  }
  const map = { ...options.configMap, ...parseEventMap(options.mapFlags) };
  // One file streams (its rows are folded as read); several are merged by time, which needs every event.
  const folder = new EventFolder(table, { vocabulary: compileVocabulary(options.vocabulary), mode: files.length > 1 || options.sort === true ? 'buffer' : 'stream', sort: options.sort === true });
  const accounts: InputAccounting['files'] = [];
  let read = 0;
  let blank = 0;
  let sourceRejected = 0;
  for (const file of files) {
    const source = await openRecords(file, {
      name: file,
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      encoding: options.encoding as 'auto',
      onIssue: (issue: RowIssue) => {
        if (issue.action === 'rejected') sourceRejected++;
        options.onIssue(issue);
      },
    }, options.engine, options.stdin);
    const profile = forced ?? detectEventProfile(source.header);
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
