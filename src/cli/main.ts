/**
 * The command line. Only this folder reads argv, env, the clock, files and the TTY, and sets the exit code.
 * Commands are imported lazily so `--help` and `--version` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { AppError, ExitCode } from '../errors.js';
import { handleEpipe } from './io.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function reportError(error: unknown): void {
  if (error instanceof AppError) {
    const where = error.where ? ` (${error.where})` : '';
    process.stderr.write(`opsmetrics: error: ${error.message}${where}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
    return;
  }
  process.stderr.write(`opsmetrics: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.stderr.write('  This is a bug in opsmetrics; please report it with the command you ran.\n');
  process.exitCode = ExitCode.internal;
}

const REPORT_EXAMPLES = `
Examples:
  $ opsmetrics report tickets.csv --input-tz America/New_York --period week
  $ opsmetrics report tickets.csv --since 2025-11-17 --until 2025-11-24 --by team,priority --format csv -o week.csv
  $ opsmetrics report export.csv.gz --profile generic --map created="Opened" --map solved="Closed" --format json
  $ zcat tickets.csv.gz | opsmetrics report - --compare previous --period week
`;

export function buildProgram(): Command {
  const program = new Command('opsmetrics')
    .description('Process metrics from helpdesk ticket exports: response and resolution times, FCR, reopens, handoffs, repeat contacts, backlog, CSAT.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.addHelpText('beforeAll', `opsmetrics ${version}\n${REPORT_EXAMPLES}`);

  program
    .command('report')
    .description('compute the ticket metrics of one or more exports and print the report')
    .argument('[files...]', "ticket exports (CSV, TSV, JSON, NDJSON, optionally .gz); '-' reads standard input", ['-'])
    .addHelpText('before', REPORT_EXAMPLES)
    .option('-c, --config <file>', 'config file (default: opsmetrics.config.yml or .json in the working directory)')
    .addOption(new Option('-p, --profile <name>', 'export profile; auto detects it from the header').choices(['auto', 'zendesk', 'generic']))
    .option('-m, --map <field=column>', 'map a field to a column (repeatable), e.g. --map created="Opened at"', collect)
    .option('--input-tz <zone>', 'IANA zone of timestamps without an offset (default: the profile\'s, else the report zone)')
    .option('--tz <zone>', 'IANA zone of the report: days, weeks, months, --since/--until (default UTC)')
    .option('--date-format <format>', "format of non-ISO dates, date-fns tokens, e.g. 'dd/MM/yyyy HH:mm'")
    .option('--null-token <text>', 'a cell value meaning "no value" (repeatable; added to "", NULL, N/A, #N/A)', collect)
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed from the header)')
    .addOption(new Option('--encoding <name>', 'input encoding').choices(['auto', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be']))
    .option('--since <date>', 'start of the window, inclusive (report zone), e.g. 2025-11-17')
    .option('--until <date>', 'end of the window, exclusive (report zone), e.g. 2025-11-24')
    .option('--as-of <instant>', 'judge resolutions and backlogs at this instant (default: --until, else the latest time in the input)')
    .addOption(new Option('--period <unit>', 'one row per day, ISO week or month').choices(['day', 'week', 'month']))
    .addOption(new Option('--week-start <day>', 'first day of a week').choices(['monday', 'sunday']))
    .option('--by <dimensions>', 'group rows by fields or columns, comma-separated: team,priority,channel,"Order number [txt]"')
    .addOption(new Option('--compare <what>', 'add the previous period of equal length beside each figure').choices(['previous']))
    .addOption(new Option('--resolution-rate <variant>', 'cohort (default) or throughput').choices(['cohort', 'throughput']))
    .addOption(new Option('--fcr <variant>', 'first-contact resolution variant').choices(['one_touch_no_reopen', 'no_customer_followup', 'no_repeat']))
    .option('--repeat-window <days>', 'repeat-contact window in days (default 7)')
    .addOption(new Option('--repeat-same <field>', 'count a repeat only within the same category').choices(['category']))
    .option('--recompute', 'compute durations from timestamps even where the export has its own duration columns')
    .option('--hours <name>', 'count durations in business hours of this schedule (config schedules:); overrides report.hours and report.hours_by')
    .addOption(new Option('-f, --format <format>', 'output format (default: table, or the --output extension)').choices(['table', 'csv', 'tsv', 'json', 'ndjson', 'markdown']))
    .option('-o, --output <file>', "write the report to a file ('-' = stdout)")
    .option('--excel', 'CSV for Excel: UTF-8 BOM and CRLF line ends')
    .option('--no-formula-escape', 'do not neutralize CSV cells starting with = + - @')
    .option('--max-bad-rows <n>', 'rejected rows allowed before the run fails with exit 3 (default 0)')
    .option('--rejects <file>', 'write rejected and altered rows with their reasons to this CSV')
    .addOption(new Option('--on-bad-value <policy>', 'reject the row (default) or keep it with the field emptied').choices(['reject', 'null']))
    .option('-q, --quiet', 'no accounting summary on stderr (errors still print)')
    .option('--no-color', 'no color in the terminal table')
    .action(async (files: string[], options: Record<string, unknown>) => {
      const { runReport } = await import('./commands/report.js');
      process.exitCode = await runReport(files, options, version);
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
  process.once('SIGINT', () => {
    process.stderr.write('\nopsmetrics: interrupted\n');
    process.exit(ExitCode.interrupted);
  });
  try {
    await buildProgram().parseAsync(argv as string[]);
  } catch (error) {
    reportError(error);
  }
}

await main(process.argv);
