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
import type { CustomMetricSpec } from '../metrics/custom.js';
import type { FcrVariant, ResolutionRateVariant } from '../metrics/types.js';
import { formatFromPath, isOutputFormat, type OutputFormat } from '../report/renderers/registry.js';
import { hoursByField, resolveClock } from './clock.js';
import type { Config } from './schema.js';
import { positiveNumber, splitList, type ReportFlags } from './flags.js';
import { resolveInputOptions, type InputOptions } from './input.js';
import { resolveEventLogOptions, type EventLogOptions } from './events.js';

// The normalizer's parts, one module each: the flags and their parsing, the inputs, the orders.
export * from './flags.js';
export * from './input.js';
export * from './orders.js';
export * from './events.js';

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

/** The ticket metrics' options that come from flags and config (the clock is settled after reading). */
export interface TicketMetricFlags {
  repeatWindowDays: number;
  repeatSame: 'category' | null;
  fcrVariant: FcrVariant;
  resolutionRate: ResolutionRateVariant;
  /** Which instant resolves a ticket (`--resolution-instant`, config `report.resolution_instant`). */
  resolutionInstant: 'solved_or_closed' | 'solved';
  /** Whether a flag or the config chose it. */
  resolutionInstantGiven: boolean;
  recompute: boolean;
  /** `--hours`: one schedule for every ticket, over the config's `report.hours` / `hours_by`. */
  hours: string | undefined;
  /** The dimension `report.hours_by` reads (null without it, or with `--hours`). */
  hoursByField: string | null;
  /** The config's own numeric metrics (`metrics:`). */
  custom: CustomMetricSpec[];
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
    resolutionInstant: flags.resolutionInstant ?? report.resolution_instant ?? 'solved_or_closed',
    resolutionInstantGiven: (flags.resolutionInstant ?? report.resolution_instant) !== undefined,
    recompute: flags.recompute ?? report.recompute ?? false,
    hours: flags.hours,
    hoursByField: hoursByField(config, flags.hours),
    custom: config.metrics ?? [],
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
