/**
 * The command line's program: options, help and dispatch to the commands (imported lazily so `--help`
 * stays fast). Only this folder reads argv, env, the clock, files and the TTY, and sets the exit code.
 *
 * Over 500 lines on purpose: most of it is the commands' option declarations and help examples, one
 * block per command; each command's work is in commands/.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { AppError, ExitCode, formatError } from '../errors.js';
import { waitsOnTerminal } from './env.js';
import { handleEpipe } from './io.js';
import { OUTPUT_FORMATS } from '../report/renderers/registry.js';
import { PROFILES } from '../ingest/profiles/index.js';

/** The package version (package.json). */
export const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--profile` chooses a ticket or an event profile (with --events); `--orders-profile` an order profile. */
const PROFILE_CHOICES = ['auto', ...PROFILES.tickets.map((p) => p.name), ...PROFILES.events.map((p) => p.name)];
const ORDER_PROFILE_CHOICES = ['auto', ...PROFILES.orders.map((p) => p.name)];

async function reportError(error: unknown): Promise<void> {
  if (error instanceof AppError) {
    // Messages quote file names, header cells and values: strip what could drive the terminal.
    const { safeLine } = await import('../report/text.js');
    for (const line of formatError(error, safeLine)) process.stderr.write(`${line}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
    return;
  }
  process.stderr.write(
    `opsmetrics: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.stderr.write('  This is a bug in opsmetrics; please report it with the command you ran.\n');
  process.exitCode = ExitCode.internal;
}

const REPORT_EXAMPLES = `
Examples:
  $ opsmetrics report tickets.csv --input-tz America/New_York --period week
  $ opsmetrics report tickets.csv --since 2025-11-17 --until 2025-11-24 --by team,priority --format csv -o week.csv
  $ opsmetrics report export.csv.gz --profile generic --map created="Opened" --map solved="Closed" --format json
  $ zcat tickets.csv.gz | opsmetrics report - --compare previous --period week
  $ opsmetrics report tickets.csv --input-tz America/New_York --last week -o weekly.html
  $ opsmetrics report tickets.csv --input-tz America/New_York --last 4w --period week --by team -o weekly.xlsx
  $ opsmetrics report tickets.csv --metrics frt,resolution_full,fcr
  $ opsmetrics report --orders orders_export.csv --tickets tickets.csv --promise-days 2 --period week
  $ opsmetrics report tickets.parquet --engine duckdb --period month --by team
  $ opsmetrics report --engine postgres --db postgres://localhost/helpdesk --table tickets --period week
  $ opsmetrics report --engine duckdb --db warehouse.duckdb --source fivetran-zendesk --schema zendesk --by team
`;

const CHECK_EXAMPLES = `
Examples:
  $ opsmetrics check tickets.csv --since 2025-11-17 --until 2025-11-24     # the config's checks:
  $ opsmetrics check tickets.csv --threshold "p90(frt) <= 4h" --threshold "fcr >= 70% by team"
  $ opsmetrics check tickets.csv -t "p90(first_reply) <= 45s" --hours support --min-sample 20
  $ opsmetrics check --events log.csv -t "p90(next_reply_time) <= 1h" -t "ping_pong <= 10%"
  $ opsmetrics check --orders orders.csv --tickets tickets.csv -t "on_time_rate >= 95%" -t "contact_rate_late <= 20%"
  $ opsmetrics check tickets.csv --junit checks.xml --fail-on warning

Exit codes: 0 all pass, 1 a check failed, 2 bad config or usage, 3 unreadable or implausible input, or a check
that cannot be computed, 4 a bug. The JUnit file, GitHub annotations and job summary are written in every case.
`;

/**
 * Options of report that are about its output, not about reading inputs or computing metrics: check does not take
 * them (it takes every input option, the orders' included, so that anything the report computes can be judged).
 */
const REPORT_ONLY_OPTIONS = new Set([
  'variants',
  'variantsCollapseRepeats',
  'top',
  'format',
  'output',
  'excel',
  'outputDelimiter',
  'outputDecimal',
  'allColumns',
  'excelDurations',
  'metrics',
  'formulaEscape',
  'compare',
  'insights',
  'explain',
  'complaints',
  'engine',
  'db',
  'table',
  'source',
  'schema',
  'engineMemory',
  'engineThreads',
]);

/** Options of report the SQL of `opsmetrics sql` has no use for (orders, event logs, row limits, header-less files). */
const NOT_SQL_OPTIONS = new Set([
  'events',
  'sortEvents',
  'bottleneckMinCases',
  'caseEnd',
  'caseAttributes',
  'orders',
  'tickets',
  'ordersProfile',
  'ordersMap',
  'ordersInputTz',
  'ordersDateFormat',
  'promiseTz',
  'promiseDays',
  'promiseHours',
  'onTimeEvent',
  'ordersFrom',
  'linkWindow',
  'rejects',
  'maxBadRows',
  'maxDuplicateShare',
  'plausibleYears',
  'maxGzipRatio',
  'maxStdinMib',
  'color',
  // sql's own --columns names the table's columns; a header-less export is read by report and inspect.
  'header',
  'columns',
]);

/**
 * No export named and standard input a terminal: the usage on stderr and exit 2, instead of waiting
 * for input nobody is going to type.
 */
function usageOnTerminal(command: Command): void {
  process.stderr.write(command.helpInformation());
  process.stderr.write(
    `\nopsmetrics: error: no input: name an export (opsmetrics ${command.name()} tickets.csv), ` +
      'or pipe one in (… | opsmetrics report -)\n',
  );
  process.exitCode = ExitCode.usage;
}

export function buildProgram(): Command {
  const program = new Command('opsmetrics')
    .description(
      'Process metrics from helpdesk ticket exports: response and resolution ' +
        'times, FCR, reopens, handoffs, repeat contacts, backlog, CSAT.',
    )
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // The top-level help leads with examples; each command's help has its own.
  program.addHelpText('before', `opsmetrics ${version}\n${REPORT_EXAMPLES}`);

  const reportCommand = program
    .command('report')
    .description('compute the ticket metrics of one or more exports and print the report')
    .argument('[files...]', "ticket exports (CSV, TSV, JSON, NDJSON, optionally .gz); '-' reads standard input", ['-'])
    .addHelpText('before', REPORT_EXAMPLES)
    .option('-c, --config <file>', 'config file (default: opsmetrics.config.yml or .json in the working directory)')
    .option(
      '--events <file>',
      'an event log, one row per event (repeatable; Zendesk comments + ' +
        'field history are merged); replaces ticket exports, see docs/events.md',
      collect,
    )
    .option(
      '--sort-events',
      "event logs not in time order: sort each case's events instead " +
        'of rejecting backwards rows (keeps every event in memory)',
    )
    .option(
      '--variants',
      'event logs: write the variant list (one row per distinct activity sequence: cases, share, ' +
        'median duration) instead of the report',
    )
    .option('--variants-collapse-repeats', 'with --variants: consecutive repeats of an activity count once')
    .option('--top <n>', 'with --variants: only the N most frequent variants')
    .option(
      '--bottleneck-min-cases <n>',
      'event logs: leave status transitions seen in fewer cases out of the bottlenecks (default 30)',
    )
    .option('--case-end <activity>', 'event logs: case_duration_to_end runs to the last event with this activity')
    .addOption(
      new Option(
        '--case-attributes <which>',
        'event logs: case attributes (priority, team, --by columns) from the first (default) or last event',
      ).choices(['first', 'last']),
    )
    .addOption(
      new Option('-p, --profile <name>', 'export profile; auto detects it from the header').choices(PROFILE_CHOICES),
    )
    .option(
      '-m, --map <field=column>',
      'map a field to a column (repeatable), e.g. --map created="Opened at"; with --events: --map ' +
        'case=Id,timestamp=At,activity=Event; with --orders: --map orders.promised="Due" (unprefixed when ' +
        'orders are the only export); tickets./events./orders. name the input; field= maps it to no column',
      collect,
    )
    .option('--unmap <fields>', "switch off a profile's mapping of these fields (repeatable, comma list)", collect)
    .option(
      '--input-tz <zone>',
      "IANA zone of timestamps without an offset (default: the profile's, else the report zone)",
    )
    .option(
      '--tz <zone>',
      'IANA zone of the report: days, weeks, months, --since/--until (default: --input-tz, else UTC)',
    )
    .option('--allow-fixed-offset', 'accept a zone abbreviation such as EST as the runtime reads it (a fixed offset)')
    .option(
      '--date-format <format>',
      "format of non-ISO dates, date-fns tokens, e.g. 'dd/MM/yyyy HH:mm'; excel for Excel serial dates (45615.5); " +
        'repeatable, tried in order; NAME=FORMAT for one field or column, e.g. opened_at="d/M/yyyy HH:mm"',
      collect,
    )
    .option('--no-header', 'the file has no header row: its first row is data (name the columns with --columns)')
    .option('--columns <names>', 'the column names of a file without a header row, comma-separated, in file order')
    .option(
      '--null-token <text>',
      'a cell value meaning "no value" (repeatable; added to "", NULL, N/A, #N/A)',
      collect,
    )
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed from the header)')
    .addOption(
      new Option('--encoding <name>', 'input encoding').choices([
        'auto',
        'utf-8',
        'windows-1252',
        'utf-16le',
        'utf-16be',
      ]),
    )
    .option(
      '--since <date>',
      'start of the window, inclusive (report zone), e.g. 2025-11-17, "monday last week", "7 days ago"',
    )
    .option('--until <date>', 'end of the window, exclusive (report zone), e.g. 2025-11-24, today, "this week"')
    .option(
      '--last <span>',
      'the window: the whole day(s), week(s) or month(s) before the current one, e.g. week, 7d, 4w, month',
    )
    .option(
      '--as-of <instant>',
      'judge resolutions and backlogs at this instant (default: --until, else the latest time in the input)',
    )
    .addOption(new Option('--period <unit>', 'one row per day, ISO week or month').choices(['day', 'week', 'month']))
    .addOption(new Option('--week-start <day>', 'first day of a week').choices(['monday', 'sunday']))
    .option(
      '--by <dimensions>',
      'group rows by fields or columns, comma-separated: team,priority,channel,"Order number [txt]"',
    )
    .addOption(
      new Option('--compare <what>', 'add the previous period of equal length beside each figure').choices([
        'previous',
      ]),
    )
    .addOption(
      new Option('--resolution-rate <variant>', 'cohort (default) or throughput').choices(['cohort', 'throughput']),
    )
    .addOption(
      new Option(
        '--resolution-instant <instant>',
        'what resolves a ticket: solved_or_closed (default: solved, else closed) or solved (closed-only tickets stay ' +
          'unresolved but leave the backlog)',
      ).choices(['solved_or_closed', 'solved']),
    )
    .addOption(
      new Option('--fcr <variant>', 'first-contact resolution variant').choices([
        'one_touch_no_reopen',
        'no_customer_followup',
        'no_repeat',
      ]),
    )
    .option('--repeat-window <days>', 'repeat-contact window in days (default 7)')
    .addOption(
      new Option('--repeat-same <field>', 'count a repeat only within the same category').choices(['category']),
    )
    .option('--recompute', 'compute durations from timestamps even where the export has its own duration columns')
    .option(
      '--hours <name>',
      'count durations in business hours of this schedule (config ' +
        'schedules:); overrides report.hours and report.hours_by',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format (default: table, or the --output extension)').choices(
        OUTPUT_FORMATS,
      ),
    )
    .option('-o, --output <file>', "write the report to a file ('-' = stdout)")
    .option('--excel', 'CSV/TSV for Excel: UTF-8 BOM, CRLF line ends, times without offset (read as dates)')
    .option(
      '--output-delimiter <char>',
      "CSV output delimiter, e.g. ';' for European Excel (default ',', or ';' with --output-decimal comma)",
    )
    .addOption(
      new Option('--output-decimal <separator>', 'decimal separator of CSV/TSV numbers (default point)').choices([
        'comma',
        'point',
      ]),
    )
    .option(
      '--all-columns',
      'CSV/TSV/XLSX: every column, also those this input can never fill (the stable schema for scripts)',
    )
    .option('--excel-durations', 'XLSX: durations as Excel durations ([h]:mm) instead of numbers in minutes or hours')
    .option('--metrics <ids>', 'show only these metrics, e.g. frt,resolution_full,fcr or sla.* (not json/ndjson)')
    .option('--decimal-comma', 'number cells use a decimal comma: 1.234,5 (config input.decimal: ",")')
    .option(
      '--decimal-point',
      'number cells use a decimal point: 1,234.5 (config input.decimal: ' +
        '"."); without either, ambiguous numbers like 1,234 are refused',
    )
    .option('--max-field-mib <n>', 'largest CSV record or JSON value accepted, in MiB (default 10)')
    .option('--no-formula-escape', 'do not neutralize CSV cells starting with = + - @')
    .option('--max-bad-rows <n>', 'rejected rows allowed before the run fails with exit 3 (default 0)')
    .option(
      '--max-duplicate-share <percent>',
      "largest share of rows that may repeat another row's id before the run fails with exit 3 (a wrong id " +
        'mapping); default 50, no limit for exports of updates (ServiceNow sys_mod_count)',
    )
    .option(
      '--max-gzip-ratio <n>',
      'how many times its compressed size a gzip input may inflate to, past 8 MiB (default 300)',
    )
    .option('--max-stdin-mib <n>', 'the largest standard input (or pipe) copied to a temporary file (default 4096)')
    .option(
      '--plausible-years <from-to>',
      'years a creation time may fall in; rows outside are rejected as implausible_date (default 1970-2100)',
    )
    .option('--rejects <file>', 'write rejected and altered rows with their reasons to this CSV')
    .addOption(
      new Option('--on-bad-value <policy>', 'reject the row (default) or keep it with the field emptied').choices([
        'reject',
        'null',
      ]),
    )
    .option(
      '--orders <file>',
      'orders report: an order export (Shopify, or any file with ' +
        '--map orders.field=Column); repeatable, files are joined by order id',
      collect,
    )
    .option('--tickets <file>', 'with --orders: tickets to link to the orders (repeatable)', collect)
    .addOption(
      new Option('--orders-profile <name>', 'order export profile; auto detects Shopify').choices(
        ORDER_PROFILE_CHOICES,
      ),
    )
    .option(
      '--orders-map <field=column>',
      'the same as --map orders.field=Column (older spelling, kept), e.g. --orders-map promised="Due"',
      collect,
    )
    .option('--orders-input-tz <zone>', 'IANA zone of order timestamps without an offset (default: the report zone)')
    .option(
      '--orders-date-format <format>',
      'format of non-ISO order dates, date-fns tokens (repeatable, tried in order; NAME=FORMAT for one column)',
      collect,
    )
    .option(
      '--promise-tz <zone>',
      'IANA zone whose day a promised date without a time ends in (default: the report zone, --tz)',
    )
    .option('--promise-days <n>', 'promise for orders without a promised date: created + N business days')
    .option(
      '--promise-hours <name>',
      'schedule (config schedules:) whose open days --promise-days counts (default Monday-Friday)',
    )
    .addOption(
      new Option(
        '--on-time-event <event>',
        'judge on-time by delivery (default when delivered is mapped) or fulfilment',
      ).choices(['fulfilled', 'delivered']),
    )
    .addOption(
      new Option('--orders-from <instant>', 'order durations start at creation (default) or payment').choices([
        'created',
        'paid',
      ]),
    )
    .option(
      '--link-window <days>',
      'link a ticket to an order of the same email created up to this many days before it (default 30)',
    )
    .option(
      '--complaints',
      'classify tickets into complaint classes (delay, billing ' +
        'error, ...; config complaints:) and report each class as a rate',
    )
    .option(
      '--insights',
      'add complaint trends, patterns and emerging issues, consistency ' +
        'across agents/teams/channels (always with --format html)',
    )
    .option('--explain', 'print which complaint rule matched each ticket (stderr; complaints.matches in JSON)')
    .addOption(
      new Option(
        '--engine <name>',
        'compute in js (default), or in SQL on duckdb (CSV, TSV, Parquet files, or --db file --table) or ' +
          'postgres (--db URL --table); see docs/warehouse.md',
      ).choices(['js', 'duckdb', 'postgres']),
    )
    .option('--db <file|url>', 'with --engine: a DuckDB database file, or a PostgreSQL URL (postgres://...)')
    .option('--table <name>', 'with --db: the table or view of tickets (schema.table allowed)')
    .addOption(
      new Option(
        '--source <name>',
        "with --db: read a connector's Zendesk tables (ticket, ticket_field_history, ticket_comment, user, group)",
      ).choices(['fivetran-zendesk']),
    )
    .option('--schema <name>', 'with --source: the schema (dataset) holding its tables')
    .option(
      '--engine-memory <size>',
      "with --engine duckdb: DuckDB's memory limit, e.g. 512MB, 4GB or 75% (of the RAM); past it, it spills to disk",
    )
    .option('--engine-threads <n>', "with --engine duckdb: DuckDB's worker threads (default one per core)")
    .option('-q, --quiet', 'no accounting summary on stderr (errors still print)')
    .option('--no-color', 'no color in the terminal table')
    .action(async (files: string[], options: Record<string, unknown>, command: Command) => {
      if (waitsOnTerminal(command.args, options, process.stdin)) return usageOnTerminal(command);
      const { runReport } = await import('./commands/report.js');
      process.exitCode = await runReport(files, options, version, process.env);
    });

  const sqlCommand = program
    .command('sql')
    .description(
      'print the SQL of the ticket report for a table (six dialects), or write it as a dbt model: the same ' +
        'definitions, run where the data lives',
    )
    .argument('[file]', "an export whose header gives the table's columns (else --columns)")
    .addHelpText(
      'before',
      `
Examples:
  $ opsmetrics sql tickets.csv --dialect duckdb --table tickets --period week
  $ opsmetrics sql --dialect bigquery --table helpdesk.tickets --columns id,created,first_reply,solved,team
  $ opsmetrics sql --dialect snowflake --columns id,created,solved --column-types naive --input-tz Europe/Berlin
  $ opsmetrics sql --dialect postgres --columns id,created,first_reply,solved,customer --dbt models/opsmetrics
  $ opsmetrics sql --dialect bigquery --source fivetran-zendesk --schema zendesk --period week --by team
`,
    )
    .addOption(
      new Option('--dialect <name>', 'SQL dialect (default duckdb)').choices([
        'duckdb',
        'postgres',
        'bigquery',
        'snowflake',
        'trino',
        'spark',
      ]),
    )
    .option('--table <name>', 'the table or view of tickets the SQL reads (default tickets; schema.table allowed)')
    .option('--columns <names>', "the table's columns, comma-separated (normalized field names map themselves)")
    .addOption(
      new Option(
        '--column-types <kind>',
        'timestamp: typed columns, instants zoned (default with --columns); naive: instants are wall times in ' +
          '--input-tz; text: every column text, parsed as opsmetrics reads exports (default with a file; ' +
          'duckdb and postgres)',
      ).choices(['timestamp', 'naive', 'text']),
    )
    .addOption(
      new Option(
        '--source <name>',
        "read a connector's Zendesk tables (ticket, ticket_field_history, ticket_comment, user, group) " +
          'instead of --table',
      ).choices(['fivetran-zendesk']),
    )
    .option('--schema <name>', 'with --source: the schema (dataset) holding its tables')
    .option('--dbt <dir>', 'write a dbt model (opsmetrics_ticket_report.sql) and its schema.yml into this folder')
    .option('-o, --output <file>', "write the SQL to a file ('-' = stdout)");

  program
    .command('inspect')
    .description(
      'show how an export is read: profile, column per field with ' +
        'present/empty/unparseable counts, created range, first rows',
    )
    .argument('[file]', "a ticket export (CSV, TSV, JSON, NDJSON, optionally .gz); '-' reads standard input", '-')
    .addHelpText(
      'before',
      `
Examples:
  $ opsmetrics inspect export.csv
  $ opsmetrics inspect incidents.csv --profile servicenow --date-format "d/M/yyyy HH:mm" --null-token "?"
  $ opsmetrics inspect tickets.csv --map team="Queue" --format json
  $ opsmetrics inspect --events log.csv --map case="Case ID",timestamp="Complete Timestamp"
  $ opsmetrics inspect --orders orders.csv --map promised="Estimated delivery"
  $ opsmetrics inspect export.csv --no-header --columns number,opened_at,state,closed_at
`,
    )
    .option('-c, --config <file>', 'config file (default: opsmetrics.config.yml or .json in the working directory)')
    .option(
      '--events <file>',
      'inspect an event log (repeatable): columns per event field, mapped or picked, and how the ' +
        'vocabulary reads its most frequent activities and statuses',
      collect,
    )
    .addOption(
      new Option('-p, --profile <name>', 'export profile; auto detects it from the header').choices(PROFILE_CHOICES),
    )
    .option(
      '-m, --map <field=column>',
      'map a field to a column (repeatable), e.g. --map created="Opened at"; with --orders the file\'s ' +
        'order fields (--map promised="Due", or orders.promised=...); field= maps it to no column',
      collect,
    )
    .option('--unmap <fields>', "switch off a profile's mapping of these fields (repeatable, comma list)", collect)
    .option(
      '--input-tz <zone>',
      "IANA zone of timestamps without an offset (default: the profile's, else the report zone)",
    )
    .option(
      '--date-format <format>',
      "format of non-ISO dates, date-fns tokens, e.g. 'dd/MM/yyyy HH:mm' (repeatable, tried in order; " +
        'NAME=FORMAT for one field or column)',
      collect,
    )
    .option('--no-header', 'the file has no header row: its first row is data (name the columns with --columns)')
    .option('--columns <names>', 'the column names of a file without a header row, comma-separated')
    .option(
      '--null-token <text>',
      'a cell value meaning "no value" (repeatable; added to "", NULL, N/A, #N/A)',
      collect,
    )
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed from the header)')
    .addOption(
      new Option('--encoding <name>', 'input encoding').choices([
        'auto',
        'utf-8',
        'windows-1252',
        'utf-16le',
        'utf-16be',
      ]),
    )
    .option('--orders', 'read the file as an order export (with the --orders-* options below)')
    .addOption(
      new Option('--orders-profile <name>', 'order export profile; auto detects Shopify').choices(
        ORDER_PROFILE_CHOICES,
      ),
    )
    .option('--orders-map <field=column>', 'the same as --map orders.field=Column (older spelling, kept)', collect)
    .option('--orders-input-tz <zone>', 'with --orders: IANA zone of order timestamps without an offset')
    .option('--orders-date-format <format>', 'with --orders: format of non-ISO order dates (repeatable)', collect)
    .option('--promise-tz <zone>', 'with --orders: zone whose day a promised date without a time ends in')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (file: string, options: Record<string, unknown>) => {
      const { runInspect } = await import('./commands/inspect.js');
      process.exitCode = await runInspect(file, options, process.env);
    });

  const check = program
    .command('check')
    .description('judge thresholds and SLA targets (config checks:, --threshold) and exit 1 when one fails: a CI gate')
    .argument(
      '[files...]',
      "ticket exports, read as by report (with --orders: tickets to link); '-' reads standard input",
      ['-'],
    )
    .addHelpText('before', CHECK_EXAMPLES)
    .option(
      '-t, --threshold <expr>',
      'a check, e.g. "p90(frt) <= 4h" or "fcr >= 70% by team" (repeatable; added to the config\'s checks:)',
      collect,
    )
    .addOption(
      new Option(
        '--fail-on <level>',
        'lowest level that exits 1: error (failed checks, default), warning (also failed warning checks), ' +
          'skip (also results skipped for a small sample or no data)',
      ).choices(['error', 'warning', 'skip']),
    )
    .option(
      '--min-sample <n>',
      'smallest sample judged for checks whose config sets no min_sample (default 10; counts are always judged)',
    )
    .option(
      '--junit <file>',
      'also write the results as JUnit XML for the CI test report (also when the run stops: one <error> case)',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'));
  // The input, window and metric options are report's own, so both commands read exports the same way.
  for (const option of reportCommand.options) {
    if (!REPORT_ONLY_OPTIONS.has(option.attributeName())) check.addOption(option);
  }
  // sql takes the options that decide the definitions and the window, as report names them.
  for (const option of reportCommand.options) {
    const name = option.attributeName();
    if (!REPORT_ONLY_OPTIONS.has(name) && !NOT_SQL_OPTIONS.has(name)) sqlCommand.addOption(option);
  }
  sqlCommand.action(async (file: string | undefined, options: Record<string, unknown>) => {
    const { runSql } = await import('./commands/sql.js');
    process.exitCode = await runSql(file, options, version, process.env);
  });
  check.action(async (files: string[], options: Record<string, unknown>, command: Command) => {
    if (waitsOnTerminal(command.args, options, process.stdin)) return usageOnTerminal(command);
    const { runCheck } = await import('./commands/check.js');
    process.exitCode = await runCheck(files, options, version, process.env);
  });

  program
    .command('init')
    .description('write a commented starter opsmetrics.config.yml (schedules, SLA targets, checks)')
    .argument('[file]', 'where to write it', 'opsmetrics.config.yml')
    .option('--force', 'overwrite an existing file')
    .action(async (file: string, options: { force?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      process.exitCode = await runInit(file, options);
    });

  program
    .command('profiles')
    .description('list the export profiles and their column maps')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (options: { format: 'table' | 'json' }) => {
      const { runProfiles } = await import('./commands/profiles.js');
      process.exitCode = await runProfiles(options);
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  handleEpipe();
  // Ctrl-C, a CI cancel or `timeout` (SIGTERM), a closed terminal (SIGHUP): one line, and exit through
  // process.exit so the exit hook removes standard input's copy and any output's temporary file.
  const signals = [
    ['SIGINT', 'interrupted', ExitCode.interrupted],
    ['SIGTERM', 'terminated', ExitCode.terminated],
    ['SIGHUP', 'hung up', ExitCode.hangup],
  ] as const;
  for (const [signal, what, code] of signals) {
    process.once(signal, () => {
      try {
        process.stderr.write(`\nopsmetrics: ${what}\n`);
      } catch {
        // The terminal is gone (SIGHUP): nothing to tell.
      }
      process.exit(code);
    });
  }
  try {
    await buildProgram().parseAsync(argv as string[]);
  } catch (error) {
    await reportError(error);
  }
}
