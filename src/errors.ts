/**
 * Errors that reach the user, as data: every code in one table with its kind, and the kind decides
 * the process exit code (documented in the README). An error carries where it happened and how to
 * fix it; `formatError` is the one place that writes it for a person.
 *
 * Exit codes:
 * - 0 ok
 * - 1 a threshold / SLA check failed
 * - 2 usage or config error
 * - 3 input or data error (unreadable file, bad rows over the allowed limit, metric not computable)
 * - 4 internal error
 * - 129 hung up (SIGHUP: the terminal closed)
 * - 130 interrupted (Ctrl-C, SIGINT)
 * - 143 terminated (SIGTERM: a CI cancel, `timeout`)
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  input: 3,
  internal: 4,
  interrupted: 130,
  hangup: 129,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'usage' | 'config' | 'input' | 'internal';

const EXIT_BY_KIND: Readonly<Record<ErrorKind, ExitCode>> = {
  usage: ExitCode.usage,
  config: ExitCode.usage,
  input: ExitCode.input,
  internal: ExitCode.internal,
};

/**
 * Every error code, with its kind and what it means (docs/errors.md lists them). A code not listed
 * here cannot be raised (the compiler checks). A
 * bug is no AppError: the command line reports any other exception as an internal error (exit 4).
 */
export const ERROR_CODES = {
  // Usage: a flag or argument is wrong (exit 2).
  bad_option: { kind: 'usage', means: 'a flag value is not what the flag takes (a number, one of its choices)' },
  bad_boundary: { kind: 'usage', means: '--since, --until or --as-of is not a date or time' },
  bad_mapping: { kind: 'usage', means: 'a --map value is not field=Column, or names no field' },
  bad_threshold: { kind: 'usage', means: 'a --threshold does not parse' },
  bad_check: { kind: 'usage', means: 'a check names an unknown metric, statistic or unit' },
  bad_timezone: { kind: 'usage', means: 'a zone is not an IANA zone name' },
  bad_date_format: { kind: 'usage', means: 'a date format has tokens the date parser does not read' },
  invalid_option: {
    kind: 'usage',
    means: 'a reader option (format, encoding) the programmatic API was given is none it knows',
  },
  invalid_delimiter: { kind: 'usage', means: 'a delimiter is not one character other than a quote, CR or LF' },
  empty_window: { kind: 'usage', means: 'the window ends before it starts' },
  unknown_profile: { kind: 'usage', means: 'no export profile of that name' },
  unknown_dimension: { kind: 'usage', means: 'a --by name is no field, mapped name or column' },
  unknown_schedule: { kind: 'usage', means: 'no schedule of that name under schedules:' },
  dimension_mismatch: { kind: 'usage', means: 'a --by name means different columns in different files' },
  created_not_mapped: { kind: 'usage', means: 'no column gives the creation time' },
  mapped_column_missing: { kind: 'usage', means: 'a mapping names a column the file does not have' },
  event_mapping_missing: { kind: 'usage', means: 'an event log lacks the case, timestamp or activity column' },
  order_id_not_mapped: { kind: 'usage', means: 'an orders file has no order id column' },
  events_and_exports: { kind: 'usage', means: 'ticket exports and --events in one run' },
  too_many_event_files: { kind: 'usage', means: 'more than 256 event files in one run' },
  no_link_fields: { kind: 'usage', means: 'tickets have nothing to link them to orders' },
  no_checks: { kind: 'usage', means: 'check has no thresholds to judge' },
  config_unreadable: { kind: 'usage', means: 'the config file cannot be read' },
  config_exists: { kind: 'usage', means: 'init would overwrite an existing config' },
  cannot_write: { kind: 'usage', means: 'an output file cannot be written' },
  output_failed: { kind: 'usage', means: 'standard output cannot be written (a full disk: ENOSPC)' },
  output_is_input: { kind: 'usage', means: 'an output path (-o, --junit, --rejects) is one of the inputs' },
  unknown_output_format: {
    kind: 'usage',
    means: 'an --output file name has an extension no output format writes, and no --format',
  },
  unknown_metric: { kind: 'usage', means: 'a --metrics name is no metric of the report' },
  fixed_offset_zone: {
    kind: 'usage',
    means: "a zone is a fixed-offset abbreviation (EST) where a place's zone (America/New_York) is meant",
  },
  engine_missing: { kind: 'usage', means: 'the SQL engine asked for (--engine) is not installed' },
  sql_unsupported: { kind: 'usage', means: 'an option or metric the SQL path cannot compute' },
  // Config: the config file is wrong (exit 2).
  bad_config: { kind: 'config', means: 'a config value breaks its rule' },
  config_syntax: { kind: 'config', means: 'the config file is not valid YAML or JSON' },
  unknown_config_key: { kind: 'config', means: 'a config key or section that does not exist' },
  unknown_key: { kind: 'config', means: 'a key that does not exist inside a config value' },
  bad_schedule: { kind: 'config', means: 'a schedule is not a mapping with timezone and hours' },
  bad_hours: { kind: 'config', means: 'the hours of a schedule are not weekdays mapped to interval lists' },
  bad_interval: { kind: 'config', means: 'an interval is not HH:MM-HH:MM' },
  empty_interval: { kind: 'config', means: 'an interval of no time' },
  overlapping_intervals: { kind: 'config', means: 'intervals of one day overlap' },
  no_open_hours: { kind: 'config', means: 'a schedule has no open hours at all' },
  bad_holiday: { kind: 'config', means: 'holidays are not a list of dates or mappings with a date' },
  conflicting_holiday: { kind: 'config', means: 'one date is listed twice among the holidays' },
  bad_date: { kind: 'config', means: 'a date in the config is not YYYY-MM-DD' },
  bad_date_range: { kind: 'config', means: 'a holiday range ends before it starts' },
  hours_by_field_missing: { kind: 'config', means: 'report.hours_by names a field the input does not have' },
  // Input: the data cannot be read or used (exit 3).
  file_not_found: { kind: 'input', means: 'an input file cannot be opened' },
  is_directory: { kind: 'input', means: 'an input path is a folder' },
  bad_gzip: { kind: 'input', means: 'a gzip input is damaged or truncated' },
  gzip_too_large: { kind: 'input', means: 'a gzip input inflates to more than --max-gzip-ratio times its size' },
  stdin_copy_failed: { kind: 'input', means: 'standard input cannot be copied to a temporary file' },
  stdin_too_large: { kind: 'input', means: 'standard input (or a pipe) is larger than --max-stdin-mib' },
  empty_input: { kind: 'input', means: 'an input has no bytes, or only blank lines' },
  no_records: { kind: 'input', means: 'the inputs have headers but no data rows' },
  not_text: { kind: 'input', means: 'an input is binary (an image, a spreadsheet file)' },
  not_csv: { kind: 'input', means: 'an input is another format saved under a CSV name (an HTML page)' },
  bad_csv: { kind: 'input', means: 'a CSV input cannot be parsed at all' },
  bad_json: { kind: 'input', means: 'a JSON input does not parse' },
  bad_xes: { kind: 'input', means: 'an XES event log is not well-formed XML (truncated, broken markup)' },
  field_too_large: { kind: 'input', means: 'a record or value exceeds the size limit' },
  unknown_export: { kind: 'input', means: 'a header matches no export profile and no mapping is given' },
  engine_unreachable: { kind: 'input', means: 'the database server of --db cannot be reached' },
  engine_failed: { kind: 'input', means: 'the SQL engine failed reading the data (a missing table, a bad column)' },
  too_many_periods: {
    kind: 'input',
    means: 'the window holds more than 10,000 periods of --period (a mistyped date stretched it)',
  },
  too_many_rejected: { kind: 'input', means: 'more rows were rejected than --max-bad-rows allows' },
  too_many_duplicates: {
    kind: 'input',
    means: "more rows repeat another row's id than --max-duplicate-share allows (a wrong id mapping)",
  },
  // Internal: a bug (exit 4). Named only in check's CI outputs; on standard error a bug reads "internal error".
  internal_error: { kind: 'internal', means: 'a bug in opsmetrics: an exception no error code covers' },
} as const satisfies Readonly<Record<string, { kind: ErrorKind; means: string }>>;

export type ErrorCode = keyof typeof ERROR_CODES;
/** The codes of one kind. */
export type CodeOf<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['kind'] extends K ? C : never;
}[ErrorCode];

/** The exit code an error code ends the run with. */
export const exitCodeOf = (code: ErrorCode): ExitCode => EXIT_BY_KIND[ERROR_CODES[code].kind];

export interface AppErrorOptions {
  /** How to fix it, one or two sentences. */
  hint?: string;
  /** Where: `file:line:column`, an option name, or a config key path. */
  where?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly where: string | undefined;

  /**
   * `kind` is the table's, or `config` for a usage code raised over a config key (`--hours` and
   * `report.hours` name a schedule alike): both exit 2.
   */
  constructor(
    code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
    kind: ErrorKind = ERROR_CODES[code].kind,
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.exitCode = EXIT_BY_KIND[kind];
    this.hint = options.hint;
    this.where = options.where;
  }
}

export const usageError = (code: CodeOf<'usage'>, message: string, options?: AppErrorOptions): AppError =>
  new AppError(code, message, options);
export const configError = (
  code: CodeOf<'config'> | CodeOf<'usage'>,
  message: string,
  options?: AppErrorOptions,
): AppError => new AppError(code, message, options, 'config');
export const inputError = (code: CodeOf<'input'>, message: string, options?: AppErrorOptions): AppError =>
  new AppError(code, message, options);

/**
 * An error as a person reads it: the message with where it happened, then the hint; `clean` removes
 * what could drive a terminal from text that quotes the input.
 * @example formatError(new AppError('empty_window', 'no days', { where: '--until', hint: 'Swap them.' }))
 * // ['opsmetrics: error: no days (--until)', '  hint: Swap them.']
 */
export function formatError(error: AppError, clean: (text: string) => string = (text) => text): string[] {
  const safe = (text: string) => text.split('\n').map(clean).join('\n');
  const where = error.where ? ` (${error.where})` : '';
  const lines = [`opsmetrics: error: ${safe(`${error.message}${where}`)}`];
  if (error.hint) lines.push(`  hint: ${safe(error.hint)}`);
  return lines;
}

/**
 * A config value as an error message shows it: `nothing`, `null`, `a list`, `a mapping`, or its JSON.
 * @example describeValue([1]) // 'a list'
 */
export const describeValue = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'a list'
        : typeof value === 'object'
          ? 'a mapping'
          : JSON.stringify(value);

const CONFIG_HINT = 'Fix the value in the config file (see `opsmetrics init` for a commented example).';

/**
 * The config error of a value that breaks its rule: `config <path>: <rule>, found <value>`.
 * @example configValueError('report.period', 'must be one of day, week, month', 'year').message
 * // 'config report.period: must be one of day, week, month, found "year"'
 */
export const configValueError = (path: string, rule: string, value: unknown, hint = CONFIG_HINT): AppError =>
  configError('bad_config', `config ${path}: ${rule}, found ${describeValue(value)}`, { where: path, hint });
