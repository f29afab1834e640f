/**
 * `opsmetrics report`: read the exports once, normalize into the ticket table, build the report,
 * render it to stdout or --output, and account for every row on stderr.
 */
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { parseBoundary } from '../../calendar/period.js';
import { assertTimeZone } from '../../calendar/zone.js';
import { hoursByField, resolveClock } from '../../config/clock.js';
import type { Config } from '../../config/schema.js';
import { AppError, configError, ExitCode, inputError, usageError } from '../../errors.js';
import type { RowIssue } from '../../ingest/issues.js';
import { createRowReader, TicketBuilder, type BadValuePolicy } from '../../ingest/normalize.js';
import { detectProfile, findProfile, guessMapping, type Profile } from '../../ingest/profiles/index.js';
import { openRecordSource } from '../../ingest/records.js';
import { FastPathBailout, openFastCsv, type IngestEngine } from '../../ingest/fast-csv.js';
import type { FcrVariant, ResolutionRateVariant } from '../../metrics/types.js';
import { TicketTable, type DimField } from '../../model/ticket.js';
import { SpareMemory } from '../../model/spare.js';
import { REPORT_SPARE } from '../../metrics/context.js';
import { prestartRepeatThread } from '../../metrics/repeat-flags.js';
import type { ComplaintClassifier } from '../../complaints/classifier.js';
import { buildTicketReport, latestInstant, type IngestAccounting, type TicketReportOptions } from '../../report/build.js';
import type { InputAccounting, IssueSummary } from '../../report/model.js';
import { csvTextCell } from '../../report/csv.js';
import { formatFromPath, render, type OutputFormat } from '../../report/render.js';
import { stripControl } from '../../report/text.js';
import { useColor } from '../env.js';
import { ProgressLine, showProgress } from '../progress.js';
import { inputPath, openInput, progressTotal, withEngineFallback, writeFileAtomic, writeStdout, type StdinCopy } from '../io.js';

export interface ReportFlags {
  config?: string;
  /** Event logs (docs/events.md), read instead of ticket exports. */
  events?: string[];
  profile?: string;
  map?: string[];
  inputTz?: string;
  tz?: string;
  dateFormat?: string;
  nullToken?: string[];
  delimiter?: string;
  encoding?: string;
  since?: string;
  until?: string;
  asOf?: string;
  period?: 'day' | 'week' | 'month';
  weekStart?: 'monday' | 'sunday';
  by?: string;
  compare?: 'previous';
  resolutionRate?: ResolutionRateVariant;
  fcr?: FcrVariant;
  repeatWindow?: string;
  repeatSame?: 'category';
  recompute?: boolean;
  hours?: string;
  format?: OutputFormat;
  output?: string;
  excel?: boolean;
  formulaEscape?: boolean;
  maxBadRows?: string;
  rejects?: string;
  onBadValue?: BadValuePolicy;
  quiet?: boolean;
  color?: boolean;
  /** Add the `insights` section (always with --format html). */
  insights?: boolean;
  /** Print which complaint rule matched each ticket (stderr, and `complaints.matches` in JSON). */
  explain?: boolean;
  /** Fold each case's events in time order instead of rejecting backwards events (config events.sort). */
  sortEvents?: boolean;
  /** Classify tickets into complaint classes (also on with --insights, --explain, html, or a `complaints:` config). */
  complaints?: boolean;
  /** Orders report (see commands/orders.ts): order exports; the ticket files then only feed contacts. */
  orders?: string[];
  tickets?: string[];
  ordersProfile?: string;
  ordersMap?: string[];
  ordersInputTz?: string;
  ordersDateFormat?: string;
  promiseDays?: string;
  promiseHours?: string;
  onTimeEvent?: 'fulfilled' | 'delivered';
  ordersFrom?: 'created' | 'paid';
  linkWindow?: string;
  /** Number cells use a decimal comma (1.234,5) / a decimal point (1,234.5); see values.ts. */
  decimalComma?: boolean;
  decimalPoint?: boolean;
  /** CSV output delimiter (`;` for European Excel). */
  outputDelimiter?: string;
  /** Largest CSV record / JSON value accepted, in MiB. */
  maxFieldMib?: string;
}

export const DEFAULT_NULL_TOKENS = ['', 'NULL', 'null', 'N/A', 'n/a', '#N/A'];
const CONFIG_FILES = ['opsmetrics.config.yml', 'opsmetrics.config.yaml', 'opsmetrics.config.json'];
const SAMPLES_PER_ISSUE = 3;

/**
 * Loads --config, else the default config file of the working directory, else an empty config.
 * The YAML parser and the config validators are loaded only when there is a file to read.
 */
export async function loadConfig(path: string | undefined): Promise<Config> {
  const file = path ?? CONFIG_FILES.find((f) => existsSync(f));
  if (file === undefined) return { input: {}, report: {}, schedules: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError('config_unreadable', `cannot read config ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
      where: '--config',
      hint: 'Check the path, or run `opsmetrics init` to write a starter config.',
    });
  }
  const { parseConfig } = await import('../../config/schema.js');
  return parseConfig(text, file);
}

export function wholeNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw usageError('bad_option', `${option} must be a whole number, found "${text}"`, { where: option, hint: `For example ${option} 10.` });
  return Number(text);
}

export function positiveNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw usageError('bad_option', `${option} must be a number of days > 0, found "${text}"`, { where: option, hint: `For example ${option} 7.` });
  return value;
}

export function parseMap(pairs: readonly string[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw usageError('bad_mapping', `--map ${pair}: expected field=Column`, { where: '--map', hint: 'For example --map created="Opened at" --map team=Queue.' });
    }
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

/**
 * The columns of a header for a message: the first 30 as read (after the header clean-up), each
 * quoted as JSON (a name may hold a comma or a line break), then how many there are in all.
 */
function headerColumns(header: readonly string[]): string {
  const shown = header.slice(0, 30).map((column) => JSON.stringify(column)).join(', ');
  return header.length > 30 ? `${shown}, … (${header.length} in all)` : shown;
}

/**
 * The export profile of a file: the one named, else the one its header shows, else `generic` when
 * the user mapped columns. Else an input error (exit 3) listing the header and a `--map` example,
 * with the id, creation and resolution columns guessed, for the command the user ran: `command` is
 * its words before the file (`report`, `inspect`, `check`, `report --orders <orders file> --tickets`).
 */
export function resolveProfile(name: string, header: readonly string[], hasMapping: boolean, file: string, command = 'report'): Profile {
  if (name !== 'auto') {
    const profile = findProfile(name);
    if (!profile) throw usageError('unknown_profile', `unknown profile "${name}"`, { where: '--profile', hint: 'Run `opsmetrics profiles` for the list.' });
    return profile;
  }
  const detection = detectProfile(header);
  if (detection.profile) return detection.profile;
  if (hasMapping) return findProfile('generic') as Profile;
  // A profile is worth naming when most of its signature is there (a renamed column, a missing one).
  const closest = detection.closest !== null && detection.closest.missing.length * 2 <= detection.closest.profile.signature.length ? detection.closest : null;
  const guess = guessMapping(header);
  const resolved = guess.resolved ?? { field: 'solved', column: '<solved column>' };
  throw inputError('unknown_export', `${file}: the header matches no known export profile`, {
    where: `${file}:1`,
    hint: [
      `Its columns: ${headerColumns(header)}.`,
      closest ? `Closest profile: ${closest.profile.name} (missing columns: ${closest.missing.join(', ')}).` : '',
      guess.id !== null || guess.created !== null || guess.resolved !== null ? 'Describe the columns with a mapping (the columns named here are guesses from their names: check them), e.g.' : 'Describe the columns with a mapping, e.g.',
      // Quoted as JSON, which matches the shell's double quotes for plain names and escapes a line break.
      `  opsmetrics ${command} ${file} --profile generic --map id=${JSON.stringify(guess.id ?? header[0] ?? 'Id')} --map created=${JSON.stringify(guess.created ?? '<creation column>')} --map ${resolved.field}=${JSON.stringify(resolved.column)}`,
      'or under input.map in opsmetrics.config.yml (`opsmetrics profiles` lists the fields).',
    ].filter(Boolean).join('\n  '),
  });
}

/** Collects row issues into per-(code, column, action) summaries and streams them to the rejects file. */
export class IssueCollector {
  private readonly summaries = new Map<string, IssueSummary>();
  private rejects: WriteStream | null = null;
  sourceRejected = 0;

  constructor(
    rejectsPath: string | undefined,
    private readonly formulaEscape = true,
  ) {
    if (rejectsPath) {
      this.rejects = createWriteStream(rejectsPath);
      this.rejects.write('file,line,action,code,column,value,message,record\n');
    }
  }

  add(issue: RowIssue): void {
    const key = `${issue.code}\u0000${issue.column ?? ''}\u0000${issue.action}`;
    let summary = this.summaries.get(key);
    if (!summary) {
      summary = { code: issue.code, column: issue.column, count: 0, action: issue.action, message: issue.message, hint: issue.hint ?? null, samples: [] };
      this.summaries.set(key, summary);
    }
    summary.count++;
    if (summary.hint === null && issue.hint) summary.hint = issue.hint;
    if (summary.samples.length < SAMPLES_PER_ISSUE) summary.samples.push({ file: issue.file, line: issue.line, value: issue.value });
    if (this.rejects && issue.action !== 'skipped') {
      // The raw record stays verbatim inside its cell; only the outer cells are neutralized (a spreadsheet
      // evaluates a cell by its first character).
      const record = issue.cells ? issue.cells.map((cell) => csvTextCell(cell, { formulaEscape: false })).join(',') : '';
      const formulaEscape = this.formulaEscape;
      this.rejects.write([issue.file, String(issue.line), issue.action, issue.code, issue.column ?? '', issue.value ?? '', issue.message, record].map((cell) => csvTextCell(cell, { formulaEscape })).join(',') + '\n');
    }
  }

  list(): IssueSummary[] {
    return [...this.summaries.values()];
  }

  async close(): Promise<void> {
    const stream = this.rejects;
    if (stream) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

export function summaryLines(input: InputAccounting, rejectLimit: number): string[] {
  const s = input.skipped;
  const files = input.files.map((f) => `${f.path} (${f.profile}, ${f.encoding}${f.delimiter ? `, '${f.delimiter === '\t' ? '\\t' : f.delimiter}'` : ''})`).join(', ');
  const lines = [
    `opsmetrics: read ${input.read} rows from ${files}: ${input.used} used, ${s.outside_period} outside the window, ${s.duplicate} duplicate${s.duplicate ? ' (folded into the latest row of the same id)' : ''}, ${input.rejected} rejected` +
      (input.nulled ? `; ${input.nulled} kept with emptied fields` : '') + (s.blank ? `; ${s.blank} blank lines skipped` : '') +
      (s.folded === undefined ? '' : `; ${s.folded} event rows folded into their cases`),
  ];
  for (const issue of input.issues) {
    const where = issue.samples.map((x) => `${x.file}:${x.line}${x.value === null ? '' : ` "${x.value}"`}`).join(', ');
    lines.push(`  ${issue.action} ${issue.count}: ${issue.code}${issue.column ? ` in "${issue.column}"` : ''}: ${issue.message} [${where}${issue.count > issue.samples.length ? ', …' : ''}]`);
    if (issue.hint) lines.push(`    hint: ${issue.hint}`);
  }
  if (input.rejected > rejectLimit && input.rejected >= input.read) {
    // Allowing every row to be rejected would give an empty report: the issues' hints are the fix.
    lines.push(`opsmetrics: every row (${input.rejected}) was rejected: no report written (exit 3). The hints above say what to change (usually --date-format, --input-tz or a --map).`);
  } else if (input.rejected > rejectLimit) {
    lines.push(`opsmetrics: ${input.rejected} rejected rows exceed --max-bad-rows ${rejectLimit}: no report written (exit 3). Fix the rows, or allow them with --max-bad-rows ${input.rejected} (see --rejects FILE for the list).`);
  }
  // Messages and samples echo cell values: a value must not move the cursor or recolor the terminal.
  return lines.map(stripControl);
}

/** createRowReader, with an unknown `report.hours_by.field` reported against the config key rather than --by. */
function createRowReaderFor(hoursField: string | null, ...args: Parameters<typeof createRowReader>): ReturnType<typeof createRowReader> {
  try {
    return createRowReader(...args);
  } catch (error) {
    const byNames = args[2].by;
    if (error instanceof AppError && error.code === 'unknown_dimension' && hoursField !== null && error.message.startsWith(`--by ${hoursField}:`) && byNames.at(-1) === hoursField) {
      throw configError('unknown_dimension', `config report.hours_by.field: ${hoursField} is no field or column of the input`, {
        where: 'report.hours_by.field',
        hint: 'Use a field (team, channel, priority, ...), a mapped extra name, or a column of the file.',
      });
    }
    throw error;
  }
}

/** What `report` and `check` share after reading the inputs: the ticket table and the options to build reports from it. */
export interface LoadedTickets {
  config: Config;
  table: TicketTable;
  /** Report options from the flags and the config; `by` is the `--by` (else `report.by`) grouping. */
  options: TicketReportOptions;
  ingest: IngestAccounting;
  /** Warnings to print before the accounting summary. */
  warnings: string[];
  maxBadRows: number;
  /** A dimension name as the user wrote it -> the ticket table's dimension key. */
  dimensionKey: (name: string) => string;
  /** The complaint classifier that ran at ingest (its rule counts feed the report's `complaints`), when asked for. */
  classifier: ComplaintClassifier | null;
}

/** Exports from this size on start the repeat-contact thread while they are read (as the reading thread, 32 MiB). */
const PRESTART_BYTES = 32 << 20;

export interface LoadTicketsOptions {
  /** An already loaded config (the caller validated more of it before reading). Default: `loadConfig(flags.config)`. */
  config?: Config;
  /** The command run, for the example of an unknown export's message (see resolveProfile). Default `report`. */
  command?: string;
  /** More dimensions to read besides `--by` (e.g. the `by` of checks). */
  extraBy?: readonly string[];
}

/**
 * Resolves the input and window flags against the config, reads every file once into the ticket
 * table, and returns it with the report options. Flag errors surface before any input is read.
 * @example const { table, options, ingest } = await loadTickets(['tickets.csv'], { tz: 'UTC' }, '1.0.0');
 */
export async function loadTickets(files: string[], flags: ReportFlags, version: string, load: LoadTicketsOptions = {}): Promise<LoadedTickets> {
  // Input the fast CSV engine does not read exactly is read again on the reference reader, and the
  // note says so (a run that is suddenly much slower should say why).
  const { result, note } = await withEngineFallback((engine, stdin) => loadTicketsWith(files, flags, version, load, engine, stdin));
  if (note !== undefined) result.warnings.unshift(note);
  return result;
}

/** The complaint classifier of the config's classes (the defaults without `complaints:`); its modules load only then. */
async function newClassifier(config: Config, explain: boolean): Promise<ComplaintClassifier> {
  const [{ ComplaintClassifier }, { compileComplaintClasses }] = await Promise.all([import('../../complaints/classifier.js'), import('../../complaints/rules.js')]);
  return new ComplaintClassifier(compileComplaintClasses(config.complaints), { explain });
}

/** Counts the bytes of an input as they are read, for the progress line. */
async function* counted(bytes: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    onBytes(chunk.length);
    yield chunk;
  }
}

async function loadTicketsWith(files: string[], flags: ReportFlags, version: string, load: LoadTicketsOptions, engine: IngestEngine, stdin: StdinCopy): Promise<LoadedTickets> {
  const config = load.config ?? (await loadConfig(flags.config));
  const inputCfg = config.input;
  const reportCfg = config.report;

  const timezone = flags.tz ?? reportCfg.timezone ?? 'UTC';
  assertTimeZone(timezone, flags.tz ? '--tz' : 'report.timezone');
  const userInputTz = flags.inputTz ?? inputCfg.timezone;
  if (userInputTz) assertTimeZone(userInputTz, flags.inputTz ? '--input-tz' : 'input.timezone');
  const map = { ...(inputCfg.map ?? {}), ...parseMap(flags.map) };
  const profileName = flags.profile ?? inputCfg.profile ?? 'auto';
  const dateFormat = flags.dateFormat ?? inputCfg.date_format;
  const nullTokens = [...(inputCfg.null_tokens ?? DEFAULT_NULL_TOKENS), ...(flags.nullToken ?? [])];
  const onBadValue = flags.onBadValue ?? inputCfg.on_bad_value ?? 'reject';
  if (flags.decimalComma && flags.decimalPoint) {
    throw usageError('bad_option', '--decimal-comma and --decimal-point exclude each other', { where: '--decimal-comma', hint: 'Name the one decimal separator the file uses.' });
  }
  const decimal = flags.decimalComma ? ',' : flags.decimalPoint ? '.' : inputCfg.decimal;
  const maxFieldMib = flags.maxFieldMib === undefined ? (inputCfg.max_field_mib ?? 10) : positiveNumber(flags.maxFieldMib, '--max-field-mib', 10);
  const maxBadRows = wholeNumber(flags.maxBadRows, '--max-bad-rows', inputCfg.max_bad_rows ?? 0);
  const byNames = flags.by !== undefined ? flags.by.split(',').map((s) => s.trim()).filter(Boolean) : (reportCfg.by ?? []);
  const period = flags.period ?? reportCfg.period ?? null;
  const weekStart = flags.weekStart ?? reportCfg.week_start ?? 'monday';
  const repeatWindowDays = positiveNumber(flags.repeatWindow, '--repeat-window', reportCfg.repeat_window_days ?? 7);
  const since = flags.since === undefined ? null : parseBoundary(flags.since, timezone, '--since');
  const until = flags.until === undefined ? null : parseBoundary(flags.until, timezone, '--until');
  if (since !== null && until !== null && !(until > since)) {
    throw usageError('empty_window', `--until (${flags.until}) must come after --since (${flags.since})`, { where: '--until', hint: 'The window is half-open: since <= created < until.' });
  }
  const asOfFlag = flags.asOf === undefined ? null : parseBoundary(flags.asOf, timezone, '--as-of');
  // Checked before reading: an unknown --hours name is a usage error, not a wasted pass over the input.
  resolveClock(config, flags.hours, (field) => field);
  const hoursField = hoursByField(config, flags.hours);
  const wanted = [...byNames, ...(load.extraBy ?? []).filter((name) => !byNames.includes(name))];
  const readerBy = hoursField === null || wanted.includes(hoursField) ? wanted : [...wanted, hoursField];

  const issues = new IssueCollector(flags.rejects, flags.formulaEscape ?? true);
  const progress = showProgress(process.stderr, flags.quiet) ? new ProgressLine(process.stderr) : undefined;
  const table = new TicketTable();
  // The main thread maps the report's arrays while it waits for the reading thread (spare.ts).
  table.spare = new SpareMemory(REPORT_SPARE);
  // Classification reads every subject: it runs only when the complaint figures are asked for.
  const classify = flags.complaints === true || flags.insights === true || flags.explain === true || config.complaints !== undefined;
  const classifier = classify ? await newClassifier(config, flags.explain ?? false) : null;
  // The dimensions the metrics read besides the groupings (customers for repeats, categories for
  // --repeat-same category, priorities for SLA targets); the others mapped are not read. With
  // complaints (also --insights and HTML) every one is, for the classes and the insights' breakdowns.
  const repeatSame = flags.repeatSame ?? reportCfg.repeat_same ?? null;
  const dims = classify ? undefined : new Set<DimField>(['customer', ...(repeatSame === 'category' ? ['category' as const] : []), ...(config.sla !== undefined ? ['priority' as const] : [])]);
  const builder = new TicketBuilder(table);
  const fileAccounts: InputAccounting['files'] = [];
  let read = 0;
  let blank = 0;
  let inputTimezone = userInputTz ?? timezone;
  const warnings: string[] = [];
  const dimensionKeys = new Map<string, string>();

  const eventFiles = flags.events ?? [];
  if (eventFiles.length > 0 && files.some((f) => f !== '-')) {
    throw usageError('events_and_exports', 'pass either ticket exports or --events, not both', { where: '--events', hint: 'An event log already gives every case; use --events - to read it from standard input.' });
  }
  for (const file of eventFiles.length > 0 ? [] : files) {
    const sourceIssue = (issue: RowIssue) => {
      if (issue.action === 'rejected') issues.sourceRejected += issue.rows ?? 1;
      issues.add(issue);
    };
    const sourceOptions = {
      name: file,
      ...(inputCfg.delimiter || flags.delimiter ? { delimiter: flags.delimiter ?? inputCfg.delimiter } : {}),
      encoding: (flags.encoding ?? inputCfg.encoding ?? 'auto') as 'auto',
      onIssue: sourceIssue,
      maxFieldBytes: Math.round(maxFieldMib * 1024 * 1024),
    };
    const path = await inputPath(file, engine === 'fast', stdin);
    const total = progressTotal(path);
    // A large export: the repeat-contact thread starts now, off the critical path (repeat-flags.ts).
    if (total !== null && total >= PRESTART_BYTES) prestartRepeatThread();
    let bytesRead = 0;
    const fast = engine === 'fast' ? await openFastCsv(openInput(path), { ...sourceOptions, path }) : undefined;
    const source = fast ?? (await openRecordSource(counted(openInput(path), (n) => (bytesRead += n)), sourceOptions));
    const profile = resolveProfile(profileName, source.header, Object.keys(map).length > 0, file, load.command);
    inputTimezone = userInputTz ?? profile.inputTimezone ?? timezone;
    if (!userInputTz && profile.warnWithoutInputTimezone) warnings.push(`opsmetrics: warning: ${file}: ${profile.warnWithoutInputTimezone}`);
    const fileDateFormat = dateFormat ?? profile.dateFormat;
    const reader = createRowReaderFor(hoursField, source.header, builder, {
      file,
      profile,
      map,
      by: readerBy,
      inputTimezone,
      ...(fileDateFormat === undefined ? {} : { dateFormat: fileDateFormat }),
      nullTokens,
      onBadValue,
      decimal,
      maxDurationDays: inputCfg.max_duration_days,
      onIssue: (issue) => issues.add(issue),
      ...(classifier ? { classifier } : {}),
      dims,
    });
    for (const [name, key] of Object.entries(reader.plan.dimensions)) {
      const known = dimensionKeys.get(name);
      if (known !== undefined && known !== key) {
        throw usageError('dimension_mismatch', `--by ${name} means different columns in different files`, { where: file, hint: 'Map the dimension explicitly with --map.' });
      }
      dimensionKeys.set(name, key);
    }
    let rows = 0;
    if (fast !== undefined) {
      try {
        rows = await fast.run(reader, progress ? (bytes, count) => progress.update(bytes, total, count) : undefined);
      } catch (error) {
        progress?.clear();
        if (error instanceof FastPathBailout) await issues.close();
        throw error;
      }
    } else {
      for await (const record of (source as Awaited<ReturnType<typeof openRecordSource>>).records) {
        rows++;
        reader.read(record.cells, record.line);
        if (progress && (rows & 0x3ff) === 0) progress.update(bytesRead, total, rows);
      }
    }
    progress?.clear();
    blank += source.stats().blank;
    read += rows;
    fileAccounts.push({ path: file, profile: profile.name, encoding: source.encoding, delimiter: source.delimiter, rows });
  }
  let eventRejected = 0;
  let folded: number | undefined;
  if (eventFiles.length > 0) {
    const { readEventFiles } = await import('./events-input.js');
    let events: Awaited<ReturnType<typeof readEventFiles>>;
    try {
      events = await readEventFiles(eventFiles, table, {
        engine,
        stdin,
        mapFlags: flags.map ?? [],
        configMap: config.events?.map ?? {},
        vocabulary: config.events?.vocabulary ?? {},
        profile: profileName.startsWith('events-') ? profileName : 'auto',
        inputTimezone,
        dateFormat,
        nullTokens,
        delimiter: flags.delimiter ?? inputCfg.delimiter,
        encoding: flags.encoding ?? inputCfg.encoding ?? 'auto',
        onIssue: (issue) => issues.add(issue),
        sort: flags.sortEvents ?? config.events?.sort ?? false,
      });
    } catch (error) {
      if (error instanceof FastPathBailout) await issues.close();
      throw error;
    }
    fileAccounts.push(...events.files);
    read += events.read;
    blank += events.blank;
    issues.sourceRejected += events.sourceRejected;
    eventRejected = events.accounting.rejected;
    folded = events.accounting.folded;
  }
  read += issues.sourceRejected;
  if (read === 0) {
    // A header without rows is an export that failed or was filtered to nothing: never a passing report.
    const what = fileAccounts.length === 1 ? `${fileAccounts[0]?.path ?? ''} has a header but no data rows` : `the inputs (${fileAccounts.map((f) => f.path).join(', ')}) have headers but no data rows`;
    throw inputError('no_records', what, {
      where: fileAccounts.length === 1 ? `${fileAccounts[0]?.path ?? ''}:2` : fileAccounts.map((f) => f.path).join(', '),
      hint: 'Check that the export finished and covers the period you want (re-run the export without filters).',
    });
  }
  await issues.close();

  const asOf = asOfFlag ?? until ?? latestInstant(table) ?? since ?? 0;
  const hoursKey = hoursField === null ? null : (dimensionKeys.get(hoursField) ?? hoursField);
  if (hoursField !== null && hoursKey !== null && !table.present.has(hoursKey as never) && !table.extraDims.includes(hoursKey)) {
    throw configError('hours_by_field_missing', `config report.hours_by.field: the input has no ${hoursField} column, so every ticket would get the default schedule`, {
      where: 'report.hours_by.field',
      hint: `Map it (--map ${hoursField}="<column>" or input.map), or use report.hours for one schedule.`,
    });
  }
  const clock = resolveClock(config, flags.hours, (field) => dimensionKeys.get(field) ?? field);
  const ingest: IngestAccounting = {
    files: fileAccounts,
    read,
    rejected: builder.counts.rejected + issues.sourceRejected + eventRejected,
    nulled: builder.counts.nulled,
    skipped: { duplicate: builder.counts.duplicate, blank, ...(folded === undefined ? {} : { folded }) },
    issues: issues.list(),
  };
  const dimensionKey = (name: string) => dimensionKeys.get(name) ?? name;
  const options: TicketReportOptions = {
    asOf,
    repeatWindowDays,
    repeatSame,
    fcrVariant: flags.fcr ?? reportCfg.fcr ?? 'one_touch_no_reopen',
    resolutionRate: flags.resolutionRate ?? reportCfg.resolution_rate ?? 'cohort',
    recompute: flags.recompute ?? reportCfg.recompute ?? false,
    clock,
    ...(config.sla === undefined ? {} : { sla: config.sla }),
    since,
    until,
    timezone,
    inputTimezone,
    period,
    weekStart,
    by: byNames.map((name) => ({ name, key: dimensionKey(name) })),
    compare: flags.compare ?? null,
    version,
  };
  return { config, table, options, ingest, warnings, maxBadRows, dimensionKey, classifier };
}

/**
 * Prints the warnings and the row accounting to stderr (only on failure with --quiet) and says
 * whether the rejected rows exceed --max-bad-rows (then the run must end with exit 3, writing nothing).
 */
export function printAccounting(loaded: LoadedTickets, input: InputAccounting, quiet: boolean | undefined): boolean {
  const failed = input.rejected > loaded.maxBadRows;
  if (!quiet || failed) {
    for (const line of [...loaded.warnings, ...summaryLines(input, loaded.maxBadRows)]) process.stderr.write(`${line}\n`);
  }
  return failed;
}

export async function runReport(files: string[], flags: ReportFlags, version: string): Promise<number> {
  if (flags.orders !== undefined && flags.orders.length > 0) {
    const { runOrdersReport } = await import('./orders.js');
    return runOrdersReport(files, flags, version);
  }
  let format: OutputFormat = flags.format ?? 'table';
  if (!flags.format && flags.output && flags.output !== '-') format = formatFromPath(flags.output) ?? 'table';
  const implied = flags.output && flags.output !== '-' ? formatFromPath(flags.output) : null;
  if (flags.format && implied !== null && implied !== flags.format && !flags.quiet) {
    process.stderr.write(`opsmetrics: warning: writing ${flags.format} into ${flags.output}, whose extension says ${implied} (drop --format to follow the extension)\n`);
  }
  const loaded = await loadTickets(files, format === 'html' ? { ...flags, complaints: true } : flags, version);
  const report = buildTicketReport(loaded.table, loaded.options, loaded.ingest);
  // Complaint classification runs only when asked for (--complaints, --insights, HTML, config complaints:).
  const summary = loaded.classifier ? await import('../../complaints/summary.js') : undefined;
  if (loaded.classifier && summary) report.complaints = summary.complaintRulesSummary(loaded.classifier, loaded.table, flags.explain ?? false);
  if (flags.insights || format === 'html') {
    const { buildInsights } = await import('../../insights/index.js');
    report.insights = buildInsights(loaded.table, loaded.options);
  }
  if (printAccounting(loaded, report.input, flags.quiet)) return ExitCode.input;
  if (loaded.classifier && report.complaints && summary) {
    const configClasses = new Set(loaded.classifier.classes.filter((c) => c.origin === 'config').map((c) => c.name));
    for (const line of summary.complaintLines(report.complaints, flags.explain ? null : configClasses)) process.stderr.write(`${line}\n`);
  }

  const toFile = flags.output !== undefined && flags.output !== '-';
  const text = await render(report, format, {
    color: !toFile && format === 'table' && useColor(process.stdout, flags.color),
    width: process.stdout.columns ?? 100,
    excel: flags.excel ?? false,
    formulaEscape: flags.formulaEscape ?? true,
    ...(flags.outputDelimiter === undefined ? {} : { delimiter: flags.outputDelimiter === 'tab' || flags.outputDelimiter === '\\t' ? '\t' : flags.outputDelimiter }),
  });
  if (toFile) await writeFileAtomic(flags.output as string, text);
  else await writeStdout(text);
  return ExitCode.ok;
}
