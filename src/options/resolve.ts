/**
 * The options normalizer: (command, flags, config, environment) -> resolved options. Pure: it reads
 * nothing but its arguments. Every flag and config key a command takes is validated here once, and
 * a bad value is a usage error (flag) or config error (key) naming where it came from, the value and
 * the fix. Flags win over config keys, which win over the defaults.
 */
import { parseBoundary } from '../calendar/period.js';
import { DEFAULT_ENGINE, type EngineOptions } from '../engine/options.js';
import { usageError } from '../errors.js';
import type { CustomMetricSpec } from '../metrics/custom.js';
import type { FcrVariant, ResolutionRateVariant } from '../metrics/types.js';
import {
  formatFromPath,
  isOutputFormat,
  OUTPUT_EXTENSIONS,
  OUTPUT_FORMATS,
  outputExtension,
  rendererOf,
  type OutputFormat,
  type Goal,
  type RenderOption,
} from '../report/renderers/registry.js';
import { hoursByField, resolveClock } from './clock.js';
import { lastWindow, relativeInstant } from './relative.js';
import type { Config } from './schema.js';
import { positiveNumber, splitList, type ReportFlags } from './flags.js';
import { checkZone, resolveInputOptions, type InputOptions } from './input.js';
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
  /** Compute `Report.totals` (the HTML page and the spreadsheet need them). */
  totals: boolean;
}

/** `--since`, `--until` or `--as-of`: a relative date (see relative.ts) at `now`, else a date or instant. */
function boundary(
  text: string,
  option: string,
  zone: string,
  weekStart: 'monday' | 'sunday',
  now: number | undefined,
): number {
  const relative = relativeInstant(text, zone, now ?? 0, weekStart);
  if (relative === null) return parseBoundary(text, zone, option);
  if (now === undefined) {
    throw usageError('bad_boundary', `${option} ${text}: a relative date needs the current time`, {
      where: option,
      hint: 'Pass the current instant to the options (the command line does), or give a date such as 2025-11-17.',
    });
  }
  return relative;
}

/**
 * The window of a run from its flags and the config's `report:` section. `now` (epoch ms) is the
 * current instant, for relative windows (`--last week`, `--since "monday last week"`); only the
 * command line reads the clock, and passes it here.
 *
 * The report zone is `--tz`, else `report.timezone`, else the zone the input's times are written in
 * (`--input-tz` / `input.timezone`: the zone the analyst thinks in), else UTC.
 * @example
 * // the last whole week before Wednesday 2025-11-26, in UTC (no zone given)
 * const config = { input: {}, report: {}, schedules: {} };
 * const { since, until } = resolveWindow({ last: 'week' }, config, Date.UTC(2025, 10, 26));
 * [since, until] // [Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 24)]
 */
export function resolveWindow(flags: ReportFlags, config: Config, now?: number): WindowOptions {
  const report = config.report;
  const inputZone = flags.inputTz ?? config.input.timezone;
  const timezone = flags.tz ?? report.timezone ?? inputZone ?? 'UTC';
  const where = flags.tz
    ? '--tz'
    : report.timezone
      ? 'report.timezone'
      : flags.inputTz
        ? '--input-tz'
        : config.input.timezone
          ? 'input.timezone'
          : null;
  if (where !== null) checkZone(timezone, where, flags);
  const weekStart = flags.weekStart ?? report.week_start ?? 'monday';
  let since = flags.since === undefined ? null : boundary(flags.since, '--since', timezone, weekStart, now);
  let until = flags.until === undefined ? null : boundary(flags.until, '--until', timezone, weekStart, now);
  if (flags.last !== undefined) {
    if (flags.since !== undefined || flags.until !== undefined) {
      throw usageError('bad_option', '--last and --since/--until both set the window', {
        where: '--last',
        hint: 'Give --last alone (--last week), or --since and --until.',
      });
    }
    if (now === undefined) {
      throw usageError('bad_option', `--last ${flags.last}: a relative window needs the current time`, {
        where: '--last',
        hint: 'Pass the current instant to the options (the command line does), or give --since and --until.',
      });
    }
    ({ since, until } = lastWindow(flags.last, timezone, now, weekStart));
  }
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
    asOf: flags.asOf === undefined ? null : boundary(flags.asOf, '--as-of', timezone, weekStart, now),
    period: flags.period ?? report.period ?? null,
    weekStart,
    by: splitList(flags.by) ?? report.by ?? [],
    compare: flags.compare ?? null,
    totals: flags.totals ?? false,
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
  /** Warnings about the choice (a `--format` the `--output` extension contradicts, an option the format ignores). */
  warnings: string[];
  excel: boolean;
  formulaEscape: boolean;
  /** CSV output delimiter. */
  delimiter: string | undefined;
  /** CSV/TSV decimal separator. */
  decimal: '.' | ',';
  /** CSV/TSV/XLSX: every column (the stable schema). */
  allColumns: boolean;
  /** XLSX: durations as Excel durations. */
  excelDurations: boolean;
  /** Only these metrics (`--metrics`), as written; undefined: all. */
  metrics: string[] | undefined;
  /** `--no-color` (false); undefined: decided by the terminal and the environment. */
  color: boolean | undefined;
  quiet: boolean;
}

/** The output flags that only some formats read, by the registry's option name. */
const FORMAT_FLAGS: readonly { option: RenderOption; flag: string; given: (flags: ReportFlags) => boolean }[] = [
  { option: 'excel', flag: '--excel', given: (f) => f.excel === true },
  { option: 'delimiter', flag: '--output-delimiter', given: (f) => f.outputDelimiter !== undefined },
  { option: 'decimal', flag: '--output-decimal', given: (f) => f.outputDecimal !== undefined },
  { option: 'allColumns', flag: '--all-columns', given: (f) => f.allColumns === true },
  { option: 'excelDurations', flag: '--excel-durations', given: (f) => f.excelDurations === true },
  { option: 'metrics', flag: '--metrics', given: (f) => f.metrics !== undefined },
];

const FORMAT_LIST = `${OUTPUT_FORMATS.join(', ')} (files: ${OUTPUT_EXTENSIONS.join(' ')})`;

/** The format an `--output` file's name implies; a name without one a format writes is a usage error. */
function impliedFormat(file: string): OutputFormat {
  const implied = formatFromPath(file);
  if (implied !== null) return implied;
  const extension = outputExtension(file);
  const what = extension === null ? 'has no extension' : `ends in .${extension}, which no output format writes`;
  throw usageError('unknown_output_format', `--output ${file} ${what}`, {
    where: '--output',
    hint: `Name the file after its format, or pass --format: ${FORMAT_LIST}.`,
  });
}

function outputDecimal(flags: ReportFlags): '.' | ',' {
  const value = flags.outputDecimal;
  if (value === undefined || value === 'point') return '.';
  if (value === 'comma') return ',';
  throw usageError('bad_option', `--output-decimal must be comma or point, found "${value}"`, {
    where: '--output-decimal',
    hint: 'For example --output-decimal comma (72,5) for a European Excel.',
  });
}

/**
 * The output of `report`: `--format`, else the `--output` file's extension, else the table on
 * standard output. An `--output` name whose extension no format writes (`.xls`, `.txt`, `.pdf`) is a
 * usage error listing the formats, never a silent terminal table.
 * @example resolveOutput({ output: 'week.csv' }).format // 'csv'
 */
export function resolveOutput(flags: ReportFlags): OutputOptions {
  const file = flags.output !== undefined && flags.output !== '-' ? flags.output : undefined;
  if (flags.format !== undefined && !isOutputFormat(flags.format)) {
    throw usageError('bad_option', `--format ${flags.format}: no such output format`, {
      where: '--format',
      hint: `The formats: ${FORMAT_LIST}.`,
    });
  }
  const warnings: string[] = [];
  let format: OutputFormat;
  if (flags.format !== undefined) {
    format = flags.format as OutputFormat;
    const implied = file === undefined ? null : formatFromPath(file);
    if (implied !== null && implied !== format) {
      warnings.push(
        `opsmetrics: warning: writing ${format} into ${file}, whose ` +
          `extension says ${implied} (drop --format to follow the extension)`,
      );
    }
  } else {
    format = file === undefined ? 'table' : impliedFormat(file);
  }
  const takes = rendererOf(format).options;
  for (const { option, flag, given } of FORMAT_FLAGS) {
    if (!given(flags) || takes.includes(option)) continue;
    const formats = OUTPUT_FORMATS.filter((f) => rendererOf(f).options.includes(option));
    warnings.push(
      `opsmetrics: warning: ${flag} does not apply to ${format} output ` +
        `(it applies to ${formats.join(', ')}); ignored`,
    );
  }
  const raw = flags.outputDelimiter;
  const delimiter = raw === 'tab' || raw === '\\t' ? '\t' : raw;
  const decimal = outputDecimal(flags);
  if (decimal === ',' && delimiter === ',' && format === 'csv') {
    throw usageError('invalid_delimiter', 'a decimal comma needs a delimiter other than a comma', {
      where: '--output-delimiter',
      hint: "Use --output-delimiter ';' (the default with --output-decimal comma), or --format tsv.",
    });
  }
  const metrics = splitList(flags.metrics);
  if (metrics !== undefined && metrics.length === 0) {
    throw usageError('bad_option', '--metrics names no metric', {
      where: '--metrics',
      hint: 'For example --metrics frt,resolution_full,fcr.',
    });
  }
  return {
    format,
    file,
    warnings,
    excel: flags.excel ?? false,
    formulaEscape: flags.formulaEscape ?? true,
    delimiter,
    decimal,
    allColumns: flags.allColumns ?? false,
    excelDurations: flags.excelDurations ?? false,
    metrics,
    color: flags.color === false ? false : undefined,
    quiet: flags.quiet ?? false,
  };
}

/**
 * The goals the HTML page draws on its charts: the config's checks (`checks:`) on a rate's or count's
 * value or a duration's statistic, one per metric and figure (the first). Checks on a sample size
 * (`n`, `count`) are no line on a chart and are left out.
 * @example
 * import { loadConfig } from 'opsmetrics';
 * // fixtures/examples checks p90(frt) <= 1h and resolution_rate >= 50%
 * const goals = resolveGoals(await loadConfig('fixtures/examples/opsmetrics.config.yml'));
 * goals.map((g) => [g.metric, g.figure, g.op, g.target])
 * // [['frt', 'p90', '<=', { kind: 'duration', ms: 3600000 }],
 * //  ['resolution_rate', 'value', '>=', { kind: 'percent', fraction: 0.5 }]]
 */
export function resolveGoals(config: Config): Goal[] {
  const goals: Goal[] = [];
  for (const spec of config.checks ?? []) {
    const { metric, stat, op, target, text } = spec.threshold;
    if (stat === 'n' || stat === 'count') continue;
    const figure = stat ?? 'value';
    if (goals.some((g) => g.metric === metric && g.figure === figure)) continue;
    const value =
      target.kind === 'percent'
        ? { kind: 'percent' as const, fraction: target.fraction }
        : target.kind === 'duration'
          ? { kind: 'duration' as const, ms: target.ms }
          : { kind: 'number' as const, value: target.value };
    goals.push({ metric, figure, op, target: value, text });
  }
  return goals;
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
  now?: number,
): TicketRunOptions {
  return {
    input: resolveInputOptions(flags, config),
    window: resolveWindow(flags, config, now),
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
