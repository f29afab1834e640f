/**
 * The options normalizer: (command, flags, config, environment) -> resolved options. Pure: it reads
 * nothing but its arguments. Every flag and config key a command takes is validated here once, and
 * a bad value is a usage error (flag) or config error (key) naming where it came from, the value and
 * the fix. Flags win over config keys, which win over the defaults.
 */
import { parseBoundary } from '../calendar/period.js';
import { assertTimeZone } from '../calendar/zone.js';
import { DEFAULT_ENGINE, type EngineOptions } from '../engine/options.js';
import { usageError } from '../errors.js';
import type { FcrVariant, ResolutionRateVariant } from '../metrics/types.js';
import { formatFromPath, isOutputFormat, type OutputFormat } from '../report/renderers/registry.js';
import { hoursByField, resolveClock } from './clock.js';
import { unknownSchedule } from './schedules.js';
import type { Config } from './schema.js';

/** Cell values that always mean "no value". */
export const DEFAULT_NULL_TOKENS: readonly string[] = ['', 'NULL', 'null', 'N/A', 'n/a', '#N/A'];

/** The flags of `report` (and, without the output ones, of `check` and `inspect`), as commander gives them. */
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
  format?: string;
  output?: string;
  excel?: boolean;
  formulaEscape?: boolean;
  maxBadRows?: string;
  /** Largest share of rows, in percent, that may repeat another row's id (report/accounting.ts). */
  maxDuplicateShare?: string;
  rejects?: string;
  onBadValue?: 'reject' | 'null';
  quiet?: boolean;
  color?: boolean;
  /** Add the `insights` section (always with --format html). */
  insights?: boolean;
  /** Print which complaint rule matched each ticket (stderr, and `complaints.matches` in JSON). */
  explain?: boolean;
  /** Fold each case's events in time order instead of rejecting backwards events (config events.sort). */
  sortEvents?: boolean;
  /** Event logs: the variant list (one row per distinct activity sequence) is the output. */
  variants?: boolean;
  /** With --variants: consecutive repeats of an activity count once (config events.variants_collapse_repeats). */
  variantsCollapseRepeats?: boolean;
  /** With --variants: only the N most frequent variants. */
  top?: string;
  /** Event logs: transitions seen in fewer cases leave the bottlenecks (config events.bottleneck_min_cases). */
  bottleneckMinCases?: string;
  /** Event logs: the end activity of case_duration_to_end (config events.case_end). */
  caseEnd?: string;
  /** Event logs: case attributes from the first or the last event with a value (config events.case_attributes). */
  caseAttributes?: 'first' | 'last';
  /** Classify tickets into complaint classes (also on with --insights, --explain, html, or a `complaints:` config). */
  complaints?: boolean;
  /** Orders report: order exports; the ticket files then only feed contacts. */
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
  /** Where the figures are computed: the JS engine (default), or SQL on DuckDB or PostgreSQL (api/sql.ts). */
  engine?: 'js' | 'duckdb' | 'postgres';
  /** With a SQL engine: a DuckDB database file or a PostgreSQL URL. */
  db?: string;
  /** With `db`: the table or view of tickets. */
  table?: string;
  /** With `db`: a connector's schema instead of a table (`fivetran-zendesk`), in `schema`. */
  source?: 'fivetran-zendesk';
  schema?: string;
  /** With --engine duckdb: DuckDB's memory limit (`4GB`) and worker threads. */
  engineMemory?: string;
  engineThreads?: string;
  /** CSV output delimiter (`;` for European Excel). */
  outputDelimiter?: string;
  /** Largest CSV record / JSON value accepted, in MiB. */
  maxFieldMib?: string;
}

/**
 * A whole-number flag, or `fallback` when it is absent.
 * @example wholeNumber('10', '--max-bad-rows', 0) // 10
 */
export function wholeNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) {
    throw usageError('bad_option', `${option} must be a whole number, found "${text}"`, {
      where: option,
      hint: `For example ${option} 10.`,
    });
  }
  return Number(text);
}

/**
 * A percentage flag (0 to 100, `%` optional) as a fraction, or undefined when it is absent.
 * @example percentFlag('50', '--max-duplicate-share') // 0.5
 */
export function percentFlag(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw usageError('bad_option', `${option} must be a percentage from 0 to 100, found "${text}"`, {
      where: option,
      hint: `For example ${option} 50.`,
    });
  }
  return value / 100;
}

/**
 * A number-of-days flag above 0, or `fallback` when it is absent.
 * @example positiveNumber('1.5', '--repeat-window', 7) // 1.5
 */
export function positiveNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw usageError('bad_option', `${option} must be a number of days > 0, found "${text}"`, {
      where: option,
      hint: `For example ${option} 7.`,
    });
  }
  return value;
}

/**
 * `--map` values: `field=Column`, several in one value separated by commas where a comma is followed
 * by `name=` (`case=Id,timestamp=At`); any other comma is part of the column name. One syntax for
 * tickets, orders and events.
 * @example
 * parseMap(['case=Case ID,timestamp=Time', 'team=Queue, EU'])
 * // { case: 'Case ID', timestamp: 'Time', team: 'Queue, EU' }
 */
export function parseMap(values: readonly string[] | undefined, option = '--map'): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const value of values ?? []) {
    for (const pair of value.split(/,(?=\s*[a-z_][a-z0-9_]*\s*=)/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) {
        throw usageError('bad_mapping', `${option} ${pair}: expected field=Column`, {
          where: option,
          hint: `For example ${option} created="Opened at" ${option} team=Queue.`,
        });
      }
      map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return { ...map };
}

/** How the inputs are read: the same for every command that reads exports. */
export interface InputOptions {
  /** `auto` detects the profile from the header. */
  profileName: string;
  /** User mapping, field -> column (config `input.map`, then `--map`). */
  map: Record<string, string>;
  /** The `--map` flags' mapping alone (an event log's mapping adds them to config `events.map`). */
  flagMap: Record<string, string>;
  /** The zone the user named for offset-less times (flag, else config); the profile's or the report zone otherwise. */
  userInputTz: string | undefined;
  dateFormat: string | undefined;
  nullTokens: string[];
  delimiter: string | undefined;
  encoding: string;
  onBadValue: 'reject' | 'null';
  decimal: '.' | ',' | undefined;
  maxFieldBytes: number;
  maxBadRows: number;
  /**
   * `--max-duplicate-share` as a fraction (0..1); undefined: the default, DEFAULT_MAX_DUPLICATE_SHARE,
   * except for exports of updates (a version column), which have no limit.
   */
  maxDuplicateShare: number | undefined;
  maxDurationDays: number | undefined;
  /** Where rejected and altered rows are listed (`--rejects`). */
  rejects: string | undefined;
  formulaEscape: boolean;
}

/**
 * The input options of a run from its flags and the config's `input:` section.
 * @example resolveInputOptions({ nullToken: ['?'] }, { input: {}, report: {}, schedules: {} }).nullTokens.at(-1) // '?'
 */
export function resolveInputOptions(flags: ReportFlags, config: Config): InputOptions {
  const input = config.input;
  const userInputTz = flags.inputTz ?? input.timezone;
  if (userInputTz) assertTimeZone(userInputTz, flags.inputTz ? '--input-tz' : 'input.timezone');
  if (flags.decimalComma && flags.decimalPoint) {
    throw usageError('bad_option', '--decimal-comma and --decimal-point exclude each other', {
      where: '--decimal-comma',
      hint: 'Name the one decimal separator the file uses.',
    });
  }
  const maxFieldMib =
    flags.maxFieldMib === undefined
      ? (input.max_field_mib ?? 10)
      : positiveNumber(flags.maxFieldMib, '--max-field-mib', 10);
  const flagMap = parseMap(flags.map);
  return {
    profileName: flags.profile ?? input.profile ?? 'auto',
    map: { ...(input.map ?? {}), ...flagMap },
    flagMap,
    userInputTz,
    dateFormat: flags.dateFormat ?? input.date_format,
    nullTokens: [...(input.null_tokens ?? DEFAULT_NULL_TOKENS), ...(flags.nullToken ?? [])],
    delimiter: flags.delimiter ?? input.delimiter,
    encoding: flags.encoding ?? input.encoding ?? 'auto',
    onBadValue: flags.onBadValue ?? input.on_bad_value ?? 'reject',
    decimal: flags.decimalComma ? ',' : flags.decimalPoint ? '.' : input.decimal,
    maxFieldBytes: Math.round(maxFieldMib * 1024 * 1024),
    maxBadRows: wholeNumber(flags.maxBadRows, '--max-bad-rows', input.max_bad_rows ?? 0),
    maxDuplicateShare: percentFlag(flags.maxDuplicateShare, '--max-duplicate-share'),
    maxDurationDays: input.max_duration_days,
    rejects: flags.rejects,
    formulaEscape: flags.formulaEscape ?? true,
  };
}

/** The report's zone, window and slicing. */
export interface WindowOptions {
  timezone: string;
  /** Epoch ms, half-open `[since, until)`; null when not given. */
  since: number | null;
  until: number | null;
  /** `--as-of`; null: `--until`, else the latest time in the input. */
  asOf: number | null;
  period: 'day' | 'week' | 'month' | null;
  weekStart: 'monday' | 'sunday';
  /** `--by` (else config `report.by`), as written. */
  by: string[];
  compare: 'previous' | null;
}

/** The window of a run from its flags and the config's `report:` section. */
export function resolveWindow(flags: ReportFlags, config: Config): WindowOptions {
  const report = config.report;
  const timezone = flags.tz ?? report.timezone ?? 'UTC';
  assertTimeZone(timezone, flags.tz ? '--tz' : 'report.timezone');
  const since = flags.since === undefined ? null : parseBoundary(flags.since, timezone, '--since');
  const until = flags.until === undefined ? null : parseBoundary(flags.until, timezone, '--until');
  if (since !== null && until !== null && !(until > since)) {
    throw usageError('empty_window', `--until (${flags.until}) must come after --since (${flags.since})`, {
      where: '--until',
      hint: 'The window is half-open: since <= created < until.',
    });
  }
  return {
    timezone,
    since,
    until,
    asOf: flags.asOf === undefined ? null : parseBoundary(flags.asOf, timezone, '--as-of'),
    period: flags.period ?? report.period ?? null,
    weekStart: flags.weekStart ?? report.week_start ?? 'monday',
    by: splitList(flags.by) ?? report.by ?? [],
    compare: flags.compare ?? null,
  };
}

/** A comma-separated flag value as a list, blanks dropped; undefined when the flag is absent. */
export const splitList = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** The ticket metrics' options that come from flags and config (the clock is settled after reading). */
export interface TicketMetricFlags {
  repeatWindowDays: number;
  repeatSame: 'category' | null;
  fcrVariant: FcrVariant;
  resolutionRate: ResolutionRateVariant;
  recompute: boolean;
  /** `--hours`: one schedule for every ticket, over the config's `report.hours` / `hours_by`. */
  hours: string | undefined;
  /** The dimension `report.hours_by` reads (null without it, or with `--hours`). */
  hoursByField: string | null;
}

export function resolveTicketMetricFlags(flags: ReportFlags, config: Config): TicketMetricFlags {
  const report = config.report;
  // Checked before reading: an unknown --hours name is a usage error, not a wasted pass over the input.
  resolveClock(config, flags.hours, (field) => field);
  return {
    repeatWindowDays: positiveNumber(flags.repeatWindow, '--repeat-window', report.repeat_window_days ?? 7),
    repeatSame: flags.repeatSame ?? report.repeat_same ?? null,
    fcrVariant: flags.fcr ?? report.fcr ?? 'one_touch_no_reopen',
    resolutionRate: flags.resolutionRate ?? report.resolution_rate ?? 'cohort',
    recompute: flags.recompute ?? report.recompute ?? false,
    hours: flags.hours,
    hoursByField: hoursByField(config, flags.hours),
  };
}

/** How the report is written. */
export interface OutputOptions {
  format: OutputFormat;
  /** A file, or undefined for standard output (`-`). */
  file: string | undefined;
  /** Warnings about the choice (a `--format` the `--output` extension contradicts). */
  warnings: string[];
  excel: boolean;
  formulaEscape: boolean;
  /** CSV output delimiter. */
  delimiter: string | undefined;
  /** `--no-color` (false); undefined: decided by the terminal and the environment. */
  color: boolean | undefined;
  quiet: boolean;
}

/**
 * The output of `report`: `--format`, else the `--output` file's extension, else the table.
 * @example resolveOutput({ output: 'week.csv' }).format // 'csv'
 */
export function resolveOutput(flags: ReportFlags): OutputOptions {
  const file = flags.output !== undefined && flags.output !== '-' ? flags.output : undefined;
  if (flags.format !== undefined && !isOutputFormat(flags.format)) {
    throw usageError('bad_option', `--format ${flags.format}: no such output format`, { where: '--format' });
  }
  const implied = file === undefined ? null : formatFromPath(file);
  const warnings: string[] = [];
  if (flags.format !== undefined && implied !== null && implied !== flags.format) {
    warnings.push(
      `opsmetrics: warning: writing ${flags.format} into ${file}, whose ` +
        `extension says ${implied} (drop --format to follow the extension)`,
    );
  }
  const delimiter = flags.outputDelimiter;
  return {
    format: (flags.format as OutputFormat | undefined) ?? implied ?? 'table',
    file,
    warnings,
    excel: flags.excel ?? false,
    formulaEscape: flags.formulaEscape ?? true,
    delimiter: delimiter === 'tab' || delimiter === '\\t' ? '\t' : delimiter,
    color: flags.color === false ? false : undefined,
    quiet: flags.quiet ?? false,
  };
}

/** The order options of `report --orders`. */
export interface OrderFlags {
  profileName: string;
  map: Record<string, string>;
  userInputTz: string | undefined;
  dateFormat: string | undefined;
  promiseDays: number | null;
  /** Schedule name whose open days the promise counts; undefined: Monday-Friday in the report zone. */
  promiseSchedule: string | undefined;
  promiseWhere: string;
  linkWindowDays: number;
  /** `--hours` / `report.hours`: order durations in business hours. */
  hours: string | undefined;
  onTimeEvent: 'fulfilled' | 'delivered' | undefined;
  from: 'created' | 'paid';
  /** Ticket files to link (`--tickets` and the positional files but the implicit `-`). */
  ticketFiles: string[];
}

export function resolveOrderFlags(flags: ReportFlags, config: Config, files: readonly string[]): OrderFlags {
  const orders = config.orders ?? {};
  const userInputTz = flags.ordersInputTz ?? orders.timezone;
  if (userInputTz) assertTimeZone(userInputTz, flags.ordersInputTz ? '--orders-input-tz' : 'orders.timezone');
  const hours = flags.hours ?? config.report.hours;
  if (hours !== undefined && !Object.hasOwn(config.schedules, hours)) {
    unknownSchedule(
      hours,
      flags.hours ? '--hours' : 'report.hours',
      config.schedules,
      flags.hours ? 'usage' : 'config',
    );
  }
  const promiseWhere = flags.promiseHours !== undefined ? '--promise-hours' : 'orders.promise_schedule';
  const promiseSchedule = flags.promiseHours ?? orders.promise_schedule;
  if (promiseSchedule !== undefined && !Object.hasOwn(config.schedules, promiseSchedule)) {
    unknownSchedule(
      promiseSchedule,
      promiseWhere,
      config.schedules,
      promiseWhere.startsWith('--') ? 'usage' : 'config',
    );
  }
  return {
    profileName: flags.ordersProfile ?? orders.profile ?? 'auto',
    map: { ...(orders.map ?? {}), ...parseMap(flags.ordersMap, '--orders-map') },
    userInputTz,
    dateFormat: flags.ordersDateFormat ?? orders.date_format,
    promiseDays:
      flags.promiseDays === undefined
        ? (orders.promise_days ?? null)
        : wholeNumber(flags.promiseDays, '--promise-days', 0),
    promiseSchedule,
    promiseWhere,
    linkWindowDays: positiveNumber(flags.linkWindow, '--link-window', orders.link_window_days ?? 30),
    hours,
    onTimeEvent: flags.onTimeEvent ?? orders.on_time_event,
    from: flags.ordersFrom ?? orders.from ?? 'created',
    ticketFiles: [...(flags.tickets ?? []), ...files.filter((f) => f !== '-')],
  };
}

/** The environment's say, as data: the engine's switches (`OPSMETRICS_*`), for tests and benchmarks. */
export function engineFromEnv(env: Readonly<Record<string, string | undefined>>): EngineOptions {
  const chunk = Number(env.OPSMETRICS_SCAN_CHUNK_BYTES);
  const thread = env.OPSMETRICS_SCAN_THREAD;
  const metrics = env.OPSMETRICS_METRICS_THREAD;
  return {
    reader: env.OPSMETRICS_ENGINE === 'reference' ? 'reference' : 'fast',
    scanThread: thread === 'on' || thread === 'off' ? thread : 'auto',
    scanChunkBytes: Number.isInteger(chunk) && chunk > 0 ? chunk : DEFAULT_ENGINE.scanChunkBytes,
    metricsThread: metrics === 'on' || metrics === 'off' || metrics === 'require' ? metrics : 'auto',
  };
}

/** How event logs are read and summarized (docs/events.md); the defaults are stated in the report. */
export interface EventLogOptions {
  /** A cancellation is a close (`closed`, default) or an end without resolution (`unresolved`). */
  cancelled: 'closed' | 'unresolved';
  caseAttributes: 'first' | 'last';
  caseEnd: string | undefined;
  /** Bottleneck transitions seen in fewer cases are left out (default 30). */
  bottleneckMinCases: number;
  /** Write the variant list instead of the report. */
  variants: boolean;
  collapseRepeats: boolean;
  /** The variant list's first N rows only (null: all). */
  top: number | null;
}

/** The formats the variant list (`--variants`) is written in. */
export const VARIANT_FORMATS: readonly string[] = ['table', 'csv', 'tsv', 'json', 'ndjson', 'markdown'];

/** The default of `--bottleneck-min-cases`: a transition seen in fewer cases has no median worth ranking. */
export const DEFAULT_BOTTLENECK_MIN_CASES = 30;

/**
 * The event-log options of a run from its flags and the config's `events:` section.
 * @example resolveEventLogOptions({}, { input: {}, report: {}, schedules: {} }).bottleneckMinCases // 30
 */
export function resolveEventLogOptions(flags: ReportFlags, config: Config): EventLogOptions {
  const events = config.events ?? {};
  const eventFlags = (['variants', 'variantsCollapseRepeats', 'top', 'caseEnd'] as const).filter(
    (f) => flags[f] !== undefined,
  );
  if (eventFlags.length > 0 && (flags.events ?? []).length === 0) {
    const name = `--${eventFlags[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw usageError('bad_option', `${name} applies to event logs: pass them with --events`, {
      where: name,
      hint: 'For example: opsmetrics report --events log.csv --variants --format csv.',
    });
  }
  const top = flags.top === undefined ? null : wholeNumber(flags.top, '--top', 0);
  if (top === 0) {
    throw usageError('bad_option', '--top must be a whole number > 0, found "0"', {
      where: '--top',
      hint: 'For example --top 20.',
    });
  }
  if (top !== null && flags.variants !== true) {
    throw usageError('bad_option', '--top applies to the variant list: add --variants', {
      where: '--top',
      hint: 'For example: opsmetrics report --events log.csv --variants --top 20.',
    });
  }
  if (flags.variants === true) {
    const file = flags.output !== undefined && flags.output !== '-' ? flags.output : undefined;
    const format = flags.format ?? (file === undefined ? null : formatFromPath(file)) ?? 'table';
    if (!VARIANT_FORMATS.includes(format)) {
      throw usageError('bad_option', `--variants cannot be written as ${format}`, {
        where: flags.format === undefined ? '--output' : '--format',
        hint: `Use ${VARIANT_FORMATS.join(', ')}.`,
      });
    }
  }
  const minCases =
    flags.bottleneckMinCases === undefined
      ? (events.bottleneck_min_cases ?? DEFAULT_BOTTLENECK_MIN_CASES)
      : wholeNumber(flags.bottleneckMinCases, '--bottleneck-min-cases', DEFAULT_BOTTLENECK_MIN_CASES);
  return {
    cancelled: events.cancelled ?? 'closed',
    caseAttributes: flags.caseAttributes ?? events.case_attributes ?? 'first',
    caseEnd: flags.caseEnd ?? events.case_end,
    bottleneckMinCases: Math.max(1, minCases),
    variants: flags.variants ?? false,
    collapseRepeats: flags.variantsCollapseRepeats ?? events.variants_collapse_repeats ?? false,
    top,
  };
}

/** Everything `report` and `check` need to read tickets and build reports. */
export interface TicketRunOptions {
  input: InputOptions;
  window: WindowOptions;
  metrics: TicketMetricFlags;
  /** Event logs to read instead of ticket exports. */
  events: string[];
  sortEvents: boolean;
  /** How event logs are read and summarized. */
  eventLog: EventLogOptions;
  /** Classify complaints (a complaint figure is asked for). */
  complaints: boolean;
  explain: boolean;
  insights: boolean;
  engine: EngineOptions;
  quiet: boolean;
}

/**
 * The options of a run of `report` or `check` over tickets or events.
 * @example resolveTicketRun({}, { input: {}, report: {}, schedules: {} }, {}).window.timezone // 'UTC'
 */
export function resolveTicketRun(
  flags: ReportFlags,
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): TicketRunOptions {
  return {
    input: resolveInputOptions(flags, config),
    window: resolveWindow(flags, config),
    metrics: resolveTicketMetricFlags(flags, config),
    events: flags.events ?? [],
    sortEvents: flags.sortEvents ?? config.events?.sort ?? false,
    eventLog: resolveEventLogOptions(flags, config),
    complaints:
      flags.complaints === true || flags.insights === true || flags.explain === true || config.complaints !== undefined,
    explain: flags.explain ?? false,
    insights: flags.insights ?? false,
    engine: engineFromEnv(env),
    quiet: flags.quiet ?? false,
  };
}
