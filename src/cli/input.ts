/**
 * The input options every command that reads ticket exports takes (`--profile --map --config
 * --input-tz --date-format --null-token --delimiter --encoding`), resolved once against the config:
 * flags win over `input:` keys, which win over the defaults. Built on the report command's helpers
 * (config loading, `--map` parsing, profile detection) so that each command reads files the same way.
 */
import { assertTimeZone } from '../calendar/zone.js';
import type { Config } from '../config/schema.js';
import type { InputAccounting } from '../report/model.js';
import type { RowIssue } from '../ingest/issues.js';
import type { Profile } from '../ingest/profiles/index.js';
import { openFastCsv, type IngestEngine } from '../ingest/fast-csv.js';
import { openRecordSource, type RecordSource, type RecordSourceOptions } from '../ingest/records.js';
import { DEFAULT_NULL_TOKENS, parseMap, resolveProfile } from './commands/report.js';
import { inputPath, openInput, type StdinCopy } from './io.js';

export interface InputFlags {
  profile?: string;
  map?: string[];
  inputTz?: string;
  dateFormat?: string;
  nullToken?: string[];
  delimiter?: string;
  encoding?: string;
}

export interface InputSettings {
  profileName: string;
  map: Record<string, string>;
  /** The zone the user named (flag, else config); the profile's or the report zone applies otherwise. */
  userInputTz: string | undefined;
  dateFormat: string | undefined;
  nullTokens: string[];
  delimiter: string | undefined;
  encoding: string;
}

/**
 * Flags over config over defaults; a bad zone is a usage error naming the flag or the config key.
 * @example resolveInputSettings({ nullToken: ['?'] }, {}).nullTokens // ['', 'NULL', 'null', 'N/A', 'n/a', '#N/A', '?']
 */
export function resolveInputSettings(flags: InputFlags, inputCfg: Config['input']): InputSettings {
  const userInputTz = flags.inputTz ?? inputCfg.timezone;
  if (userInputTz) assertTimeZone(userInputTz, flags.inputTz ? '--input-tz' : 'input.timezone');
  return {
    profileName: flags.profile ?? inputCfg.profile ?? 'auto',
    map: { ...(inputCfg.map ?? {}), ...parseMap(flags.map) },
    userInputTz,
    dateFormat: flags.dateFormat ?? inputCfg.date_format,
    nullTokens: [...(inputCfg.null_tokens ?? DEFAULT_NULL_TOKENS), ...(flags.nullToken ?? [])],
    delimiter: flags.delimiter ?? inputCfg.delimiter,
    encoding: flags.encoding ?? inputCfg.encoding ?? 'auto',
  };
}

export interface OpenedTicketFile {
  records: OpenedRecords;
  profile: Profile;
  /** Zone of offset-less timestamps: the user's, else the profile's, else `fallbackZone`. */
  inputTimezone: string;
  /** The user's date format, else the profile's. */
  dateFormat: string | undefined;
  /** The profile's advice when the user named no input zone, else null. */
  warning: string | null;
}

/**
 * Opens one export (see {@link openRecords} for `engine` and `stdin`), detects (or takes) its profile,
 * and settles its zone and date format. `command` names the command run in the message for an
 * unknown export (see resolveProfile).
 */
export async function openTicketFile(file: string, settings: InputSettings, fallbackZone: string, onIssue: (issue: RowIssue) => void, engine: IngestEngine, stdin: StdinCopy, command: string): Promise<OpenedTicketFile> {
  const records = await openRecords(file, {
    name: file,
    ...(settings.delimiter ? { delimiter: settings.delimiter } : {}),
    encoding: settings.encoding,
    onIssue,
  }, engine, stdin);
  const profile = resolveProfile(settings.profileName, records.header, Object.keys(settings.map).length > 0, file, command);
  return {
    records,
    profile,
    inputTimezone: settings.userInputTz ?? profile.inputTimezone ?? fallbackZone,
    dateFormat: settings.dateFormat ?? profile.dateFormat,
    warning: !settings.userInputTz && profile.warnWithoutInputTimezone ? `opsmetrics: warning: ${file}: ${profile.warnWithoutInputTimezone}` : null,
  };
}

/**
 * Feeds every record of a source to `read` and returns what the row accounting needs: the data
 * rows read, the blank ones skipped, and the file's entry for `input.files`.
 */
export async function feedRecords(
  source: RecordSource,
  file: string,
  profile: string,
  read: (cells: readonly string[], line: number) => void,
): Promise<{ rows: number; blank: number; account: InputAccounting['files'][number] }> {
  let rows = 0;
  for await (const record of source.records) {
    rows++;
    read(record.cells, record.line);
  }
  return { rows, blank: source.stats().blank, account: { path: file, profile, encoding: source.encoding, delimiter: source.delimiter, rows } };
}

/** An input opened for its records: the header, and a single-use feed of every data record to a reader. */
export interface OpenedRecords {
  header: string[];
  feed(read: (cells: readonly string[], line: number) => void, profile: string): Promise<{ rows: number; blank: number; account: InputAccounting['files'][number] }>;
}

/**
 * Opens `file` (named so in messages; `-` is standard input, read from its copy in `stdin` when the
 * run has one) on the fast CSV engine when `engine` is `fast` and the engine reads the file's start
 * (a CSV file in UTF-8), else on the reference reader. The fast `feed` throws FastPathBailout on input
 * met mid-file that only the reference reader reads exactly: the caller then reads all its inputs
 * again with `engine` `reference` and the same `stdin` (what it read so far is incomplete).
 */
export async function openRecords(file: string, options: RecordSourceOptions, engine: IngestEngine, stdin: StdinCopy): Promise<OpenedRecords> {
  const path = await inputPath(file, engine === 'fast', stdin);
  const fast = engine === 'fast' ? await openFastCsv(openInput(path), { ...options, maxFieldBytes: options.maxFieldBytes ?? 10 << 20, path }) : undefined;
  if (fast !== undefined) {
    return {
      header: fast.header,
      feed: async (read, profile) => {
        const rows = await fast.run({ read });
        return { rows, blank: fast.stats().blank, account: { path: file, profile, encoding: fast.encoding, delimiter: fast.delimiter, rows } };
      },
    };
  }
  const source = await openRecordSource(openInput(path), options);
  return { header: source.header, feed: (read, profile) => feedRecords(source, file, profile, read) };
}
