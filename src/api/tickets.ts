/**
 * Reading tickets: every export (or event log) of a run, once, into the ticket table, with the row
 * accounting and the options the report is built with. The fast engine reads what it reads exactly;
 * a run it gives way in is read again from the start on the reference reader.
 */
import type { ComplaintClassifier } from '../complaints/classifier.js';
import { FastPathBailout, openFastCsv } from '../engine/fast-csv.js';
import type { IngestEngine } from '../engine/options.js';
import { prestartRepeatThread } from '../engine/repeat-flags.js';
import { SpareMemory } from '../engine/spare.js';
import { TicketTable } from '../engine/ticket-table.js';
import { AppError, configError, inputError, usageError } from '../errors.js';
import type { RowIssue } from '../ingest/issues.js';
import { createRowReader } from '../ingest/normalize.js';
import { TicketBuilder } from '../engine/ticket-builder.js';
import { ticketRecordSink } from '../engine/ticket-reader.js';
import { resolveProfile } from '../ingest/profiles/resolve.js';
import { EventMergeOrder } from '../ingest/events/merge.js';
import { openRecordSource, type RecordSource } from '../ingest/records.js';
import { REPORT_SPARE } from '../engine/context.js';
import type { DimField } from '../model/ticket.js';
import { resolveClock } from '../options/clock.js';
import type { TicketRunOptions } from '../options/resolve.js';
import { eventFieldMap } from '../options/input.js';
import type { Config } from '../options/schema.js';
import {
  latestInstant,
  type IngestAccounting,
  type TicketIngestFacts,
  type TicketReportOptions,
} from '../report/build.js';
import { DEFAULT_MAX_DUPLICATE_SHARE } from '../report/accounting.js';
import type { FileMapping, InputAccounting } from '../report/model.js';
import { inputPath, openInput, progressTotal, takeRecords, withEngineFallback, type StdinCopy } from './inputs.js';
import { IssueCollector } from './issues.js';
import { isHeaderError, sampleWarnings, withHeaderHint } from './samples.js';
import { SAMPLE_ROWS } from '../ingest/samples.js';
import { encodingWarning } from '../ingest/encoding-note.js';
import { ticketHeadCheck } from './stdin-head.js';
import { customUnitMs } from '../metrics/custom.js';

/**
 * What `report` and `check` share after reading the inputs: the ticket table and the options to build reports from it.
 */
export interface LoadedTickets {
  config: Config;
  table: TicketTable;
  /** Report options from the flags and the config; `by` is the `--by` (else `report.by`) grouping. */
  options: TicketReportOptions;
  ingest: IngestAccounting;
  /** Warnings to print before the accounting summary. */
  warnings: string[];
  /** What the report states beside its figures: every file's mapping, the run's input choices. */
  facts: TicketIngestFacts;
  maxBadRows: number;
  /** The duplicate share that fails the run (report/accounting.ts): the flag, else none for exports of updates. */
  maxDuplicateShare: number;
  /** A dimension name as the user wrote it -> the ticket table's dimension key. */
  dimensionKey: (name: string) => string;
  /** The complaint classifier that ran at ingest (its rule counts feed the report's `complaints`), when asked for. */
  classifier: ComplaintClassifier | null;
}

export interface LoadTicketsOptions {
  /** The tool's version, stated in the report. */
  version: string;
  /** The command run, for the example of an unknown export's message (see resolveProfile). Default `report`. */
  command?: string;
  /** More dimensions to read besides `--by` (e.g. the `by` of checks). */
  extraBy?: readonly string[];
  /** Progress of the reading of each file: bytes read, the file's size (null: unknown), rows. */
  progress?: ((bytes: number, total: number | null, rows: number) => void) | undefined;
  /** Called when a file has been read (to clear a progress line). */
  fileDone?: (() => void) | undefined;
}

/** Exports from this size on start the repeat-contact thread while they are read (as the reading thread, 32 MiB). */
const PRESTART_BYTES = 32 << 20;

/**
 * Reads every file once into the ticket table and returns it with the report options. Option
 * errors surface before any input is read.
 * @example
 * import { loadConfig } from './config.js';
 * import { resolveTicketRun } from '../options/resolve.js';
 * // fixtures/examples: four tickets of the week of 2025-11-17, all read and used
 * const config = await loadConfig('fixtures/examples/opsmetrics.config.yml');
 * const run = resolveTicketRun({ since: '2025-11-17', until: '2025-11-24' }, config, {});
 * const { table, ingest } = await loadTickets(['fixtures/examples/tickets.csv'], run, config, { version: '1.0.0' });
 * [table.length, ingest.read, ingest.rejected] // [4, 4, 0]
 */
export async function loadTickets(
  files: readonly string[],
  run: TicketRunOptions,
  config: Config,
  load: LoadTicketsOptions,
): Promise<LoadedTickets> {
  // Input the fast CSV engine does not read exactly is read again on the reference reader, and the
  // note says so (a run that is suddenly much slower should say why).
  const attempt = (mergeEvents: boolean) =>
    withEngineFallback(
      run.engine,
      (reader, stdin) => loadTicketsWith(files, run, config, load, reader, stdin, mergeEvents),
      run.input.maxStdinBytes,
    );
  let loaded: Awaited<ReturnType<typeof attempt>>;
  let mergeNote: string | undefined;
  try {
    loaded = await attempt(true);
  } catch (error) {
    // Event files whose start was in time order but not the rest: read again, merged in memory.
    if (!(error instanceof EventMergeOrder)) throw error;
    mergeNote =
      `opsmetrics: note: ${error.file}:${error.line} goes back in time across its cases: the event files ` +
      'were read again and merged in memory (about 40 bytes per event) instead of side by side';
    loaded = await attempt(false);
  }
  const { result, note } = loaded;
  if (note !== undefined) result.warnings.unshift(note);
  if (mergeNote !== undefined) result.warnings.unshift(mergeNote);
  return result;
}

/**
 * The complaint classifier of the config's classes (the defaults without `complaints:`); its modules load only then.
 */
async function newClassifier(config: Config, explain: boolean): Promise<ComplaintClassifier> {
  const [{ ComplaintClassifier }, { compileComplaintClasses }] = await Promise.all([
    import('../complaints/classifier.js'),
    import('../complaints/rules.js'),
  ]);
  return new ComplaintClassifier(compileComplaintClasses(config.complaints), { explain });
}

/** Counts the bytes of an input as they are read, for the progress line. */
async function* counted(bytes: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/** createRowReader, with an unknown `report.hours_by.field` reported against the config key rather than --by. */
function createRowReaderFor(
  hoursField: string | null,
  ...args: Parameters<typeof createRowReader>
): ReturnType<typeof createRowReader> {
  try {
    return createRowReader(...args);
  } catch (error) {
    const byNames = args[2].by;
    if (
      error instanceof AppError &&
      error.code === 'unknown_dimension' &&
      hoursField !== null &&
      error.message.startsWith(`--by ${hoursField}:`) &&
      byNames.at(-1) === hoursField
    ) {
      throw configError(
        'unknown_dimension',
        `config report.hours_by.field: ${hoursField} is no field or column of the input`,
        {
          where: 'report.hours_by.field',
          hint: 'Use a field (team, channel, priority, ...), a mapped extra name, or a column of the file.',
        },
      );
    }
    throw error;
  }
}

async function loadTicketsWith(
  files: readonly string[],
  run: TicketRunOptions,
  config: Config,
  load: LoadTicketsOptions,
  reader: IngestEngine,
  stdin: StdinCopy,
  mergeEvents = true,
): Promise<LoadedTickets> {
  const { input, window, metrics } = run;
  const timezone = window.timezone;
  const byNames = window.by;
  const hoursField = metrics.hoursByField;
  const wanted = [...byNames, ...(load.extraBy ?? []).filter((name) => !byNames.includes(name))];
  const readerBy = hoursField === null || wanted.includes(hoursField) ? wanted : [...wanted, hoursField];

  const issues = new IssueCollector(input.rejects, input.formulaEscape);
  const table = new TicketTable();
  // The main thread maps the report's arrays while it waits for the reading thread (spare.ts).
  table.spare = new SpareMemory(REPORT_SPARE);
  // Classification reads every subject: it runs only when the complaint figures are asked for.
  const classifier = run.complaints ? await newClassifier(config, run.explain) : null;
  // The dimensions the metrics read besides the groupings (customers for repeats, categories for
  // --repeat-same category, priorities for SLA targets); the others mapped are not read. With
  // complaints (also --insights and HTML) every one is, for the classes and the insights' breakdowns.
  const dims = run.complaints
    ? undefined
    : new Set<DimField>([
        'customer',
        ...(metrics.repeatSame === 'category' ? ['category' as const] : []),
        ...(config.sla !== undefined ? ['priority' as const] : []),
      ]);
  const builder = new TicketBuilder(table);
  const fileAccounts: InputAccounting['files'] = [];
  let read = 0;
  let blank = 0;
  let inputTimezone = input.userInputTz ?? timezone;
  const warnings: string[] = [];
  const mapping: FileMapping[] = [];
  const dimensionKeys = new Map<string, string>();
  const numberColumns = metrics.custom.map((m) => ({ id: m.id, column: m.column, unitMs: customUnitMs(m.unit) }));

  const eventFiles = run.events;
  if (eventFiles.length > 0 && files.some((f) => f !== '-')) {
    throw usageError('events_and_exports', 'pass either ticket exports or --events, not both', {
      where: '--events',
      hint: 'An event log already gives every case; use --events - to read it from standard input.',
    });
  }
  for (const file of eventFiles.length > 0 ? [] : files) {
    const sourceIssue = (issue: RowIssue) => {
      if (issue.action === 'rejected') issues.sourceRejected += issue.rows ?? 1;
      issues.add(issue);
    };
    const sourceOptions = {
      name: file,
      ...(input.delimiter ? { delimiter: input.delimiter } : {}),
      encoding: input.encoding as 'auto',
      onIssue: sourceIssue,
      maxFieldBytes: input.maxFieldBytes,
      columns: input.columns,
    };
    const command = load.command ?? 'report';
    const path = await inputPath(file, reader === 'fast', stdin, ticketHeadCheck(file, sourceOptions, input, command));
    const total = progressTotal(path);
    // A large export: the repeat-contact thread starts now, off the critical path (repeat-flags.ts).
    if (total !== null && total >= PRESTART_BYTES) prestartRepeatThread(run.engine.metricsThread);
    let bytesRead = 0;
    const fast =
      reader === 'fast'
        ? await openFastCsv(openInput(path, input.maxGzipRatio), { ...sourceOptions, path, engine: run.engine })
        : undefined;
    const source =
      fast ??
      (await openRecordSource(
        counted(openInput(path, input.maxGzipRatio), (n) => (bytesRead += n)),
        sourceOptions,
      ));
    const opened = () => {
      const profile = resolveProfile(
        input.profileName,
        source.header,
        Object.keys(input.map).length > 0,
        file,
        load.command,
      );
      inputTimezone = input.userInputTz ?? profile.inputTimezone ?? timezone;
      const rowReader = createRowReaderFor(hoursField, source.header, builder, {
        file,
        profile,
        map: input.map,
        unmap: input.unmap,
        numbers: numberColumns,
        by: readerBy,
        inputTimezone,
        ...(profile.dateFormat === undefined ? {} : { dateFormat: profile.dateFormat }),
        dateFormats: input.dateFormats,
        nullTokens: input.nullTokens,
        onBadValue: input.onBadValue,
        decimal: input.decimal,
        maxDurationDays: input.maxDurationDays,
        plausibleYears: input.plausibleYears,
        onIssue: (issue) => issues.add(issue),
        ...(classifier ? { classifier } : {}),
        dims,
      });
      return { profile, rowReader };
    };
    let plan: ReturnType<typeof opened>;
    try {
      plan = opened();
    } catch (error) {
      if (!isHeaderError(error)) throw error;
      // A header row that is really data: its hint says so (the sample is read only now, on an error).
      const peeked =
        fast !== undefined ? fast.peek(SAMPLE_ROWS) : await takeRecords(source as RecordSource, SAMPLE_ROWS);
      throw withHeaderHint(error, file, source.header, peeked, load.command ?? 'report');
    }
    const { profile, rowReader } = plan;
    for (const [name, key] of Object.entries(rowReader.plan.dimensions)) {
      const known = dimensionKeys.get(name);
      if (known !== undefined && known !== key) {
        throw usageError('dimension_mismatch', `--by ${name} means different columns in different files`, {
          where: file,
          hint: 'Map the dimension explicitly with --map.',
        });
      }
      dimensionKeys.set(name, key);
    }
    let rows = 0;
    const progress = load.progress;
    // The first records, for the checks of the header and the zone (api/samples.ts).
    const sample: string[][] = fast?.peek(SAMPLE_ROWS) ?? [];
    if (fast !== undefined) {
      try {
        const sink = ticketRecordSink(rowReader, builder);
        rows = await fast.run(sink, progress ? (bytes, count) => progress(bytes, total, count) : undefined);
      } catch (error) {
        load.fileDone?.();
        if (error instanceof FastPathBailout) await issues.close();
        throw error;
      }
    } else {
      for await (const record of (source as Awaited<ReturnType<typeof openRecordSource>>).records) {
        rows++;
        if (sample.length < SAMPLE_ROWS) sample.push([...record.cells]);
        rowReader.read(record.cells, record.line);
        if (progress && (rows & 0x3ff) === 0) progress(bytesRead, total, rows);
      }
    }
    load.fileDone?.();
    const guess = encodingWarning(file, input.encoding, source.encoding, source.encodingReason, [
      source.header,
      ...sample,
    ]);
    if (guess !== null) warnings.push(guess);
    warnings.push(
      ...sampleWarnings(file, source.header, sample, rowReader.dateColumns, {
        columnsGiven: input.columns !== undefined,
        zoneGiven: input.userInputTz !== undefined || profile.inputTimezone !== undefined,
        zone: inputTimezone,
        advice: profile.inputTimezoneAdvice,
        command: load.command ?? 'report',
      }),
    );
    mapping.push({
      file,
      kind: 'tickets',
      profile: profile.name,
      columns: rowReader.plan.resolved,
      auto: rowReader.plan.auto,
      unmapped: rowReader.plan.unmapped,
    });
    blank += source.stats().blank;
    read += rows;
    fileAccounts.push({
      path: file,
      profile: profile.name,
      encoding: source.encoding,
      delimiter: source.delimiter,
      rows,
    });
  }
  let eventRejected = 0;
  let eventNulled = 0;
  let folded: number | undefined;
  let conversations: IngestAccounting['conversations'];
  if (eventFiles.length > 0) {
    const { readEventFiles } = await import('./events.js');
    let events: Awaited<ReturnType<typeof readEventFiles>>;
    try {
      events = await readEventFiles(eventFiles, table, {
        reader,
        engine: run.engine,
        stdin,
        map: eventFieldMap(config.events?.map, input.flagMap),
        vocabulary: config.events?.vocabulary ?? {},
        profile: input.profileName.startsWith('events-') ? input.profileName : 'auto',
        inputTimezone,
        dateFormat: input.dateFormat,
        nullTokens: input.nullTokens,
        delimiter: input.delimiter,
        encoding: input.encoding,
        onIssue: (issue) => issues.add(issue),
        sort: run.sortEvents,
        cancelled: run.eventLog.cancelled,
        caseAttributes: run.eventLog.caseAttributes,
        caseEnd: run.eventLog.caseEnd,
        bottleneckMinCases: run.eventLog.bottleneckMinCases,
        merge: mergeEvents,
        collapseRepeats: run.eventLog.collapseRepeats,
        by: readerBy,
      });
    } catch (error) {
      if (error instanceof FastPathBailout) await issues.close();
      throw error;
    }
    fileAccounts.push(...events.files);
    warnings.push(...events.encodingWarnings);
    read += events.read;
    blank += events.blank;
    issues.sourceRejected += events.sourceRejected;
    eventRejected = events.accounting.rejected;
    eventNulled = events.accounting.nulled;
    folded = events.accounting.folded;
    conversations = events.accounting.conversations;
    for (const [name, key] of Object.entries(events.dimensions)) dimensionKeys.set(name, key);
    // Columns picked by their names feed figures (an owner column feeds agent handoffs): say which.
    for (const { file, fields } of events.picked) {
      const list = Object.entries(fields).map(([field, column]) => `${field}=${JSON.stringify(column)}`);
      if (list.length > 0)
        warnings.push(
          `opsmetrics: note: ${file}: event fields read from columns picked by their names: ${list.join(', ')} ` +
            '(see inspect --events; name others with --map)',
        );
    }
  }
  read += issues.sourceRejected;
  if (read === 0) {
    // A header without rows is an export that failed or was filtered to nothing: never a passing report.
    const paths = fileAccounts.map((f) => f.path);
    const what =
      fileAccounts.length === 1
        ? `${paths[0] ?? ''} has a header but no data rows`
        : `the inputs (${paths.join(', ')}) have headers but no data rows`;
    throw inputError('no_records', what, {
      where: fileAccounts.length === 1 ? `${paths[0] ?? ''}:2` : paths.join(', '),
      hint: 'Check that the export finished and covers the period you want (re-run the export without filters).',
    });
  }
  await issues.close();

  const asOf = window.asOf ?? window.until ?? latestInstant(table) ?? window.since ?? 0;
  const hoursKey = hoursField === null ? null : (dimensionKeys.get(hoursField) ?? hoursField);
  if (
    hoursField !== null &&
    hoursKey !== null &&
    !table.present.has(hoursKey as never) &&
    !table.extraDims.includes(hoursKey)
  ) {
    throw configError(
      'hours_by_field_missing',
      `config report.hours_by.field: the input has no ${hoursField} ` +
        `column, so every ticket would get the default schedule`,
      {
        where: 'report.hours_by.field',
        hint: `Map it (--map ${hoursField}="<column>" or input.map), or use report.hours for one schedule.`,
      },
    );
  }
  const clock = resolveClock(config, metrics.hours, (field) => dimensionKeys.get(field) ?? field);
  const ingest: IngestAccounting = {
    files: fileAccounts,
    read,
    rejected: builder.counts.rejected + issues.sourceRejected + eventRejected,
    nulled: builder.counts.nulled + eventNulled,
    skipped: { duplicate: builder.counts.duplicate, blank, ...(folded === undefined ? {} : { folded }) },
    issues: issues.list(),
    ...(conversations === undefined ? {} : { conversations }),
  };
  const dimensionKey = (name: string) => dimensionKeys.get(name) ?? name;
  const options: TicketReportOptions = {
    asOf,
    repeatWindowDays: metrics.repeatWindowDays,
    repeatSame: metrics.repeatSame,
    fcrVariant: metrics.fcrVariant,
    resolutionRate: metrics.resolutionRate,
    resolutionInstant: metrics.resolutionInstant,
    resolutionInstantGiven: metrics.resolutionInstantGiven,
    custom: metrics.custom,
    recompute: metrics.recompute,
    clock,
    ...(config.sla === undefined ? {} : { sla: config.sla }),
    since: window.since,
    until: window.until,
    timezone,
    inputTimezone,
    period: window.period,
    weekStart: window.weekStart,
    by: byNames.map((name) => ({ name, key: dimensionKey(name) })),
    compare: window.compare,
    totals: window.totals,
    version: load.version,
    engine: run.engine,
  };
  const facts: TicketIngestFacts = {
    mapping,
    warnings,
    dateFormats: input.dateFormats,
    inputTimezone: input.userInputTz,
    events: eventFiles.length > 0,
  };
  // An export of updates (a version column: ServiceNow's sys_mod_count) repeats ids by design.
  const maxDuplicateShare = input.maxDuplicateShare ?? (table.present.has('version') ? 1 : DEFAULT_MAX_DUPLICATE_SHARE);
  return {
    config,
    table,
    options,
    ingest,
    warnings,
    facts,
    maxBadRows: input.maxBadRows,
    maxDuplicateShare,
    dimensionKey,
    classifier,
  };
}
