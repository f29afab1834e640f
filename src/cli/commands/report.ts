/**
 * `opsmetrics report`: normalize the options, read the exports once through the API, build the
 * report, write it to stdout or --output, and account for every row on stderr.
 */
// Each from its module, not the API's index: the index would load the SQL engine, the orders, the
// checks and the inspector with every report (most of a small report's start-up). Those load on demand.
import { loadConfig } from '../../api/config.js';
import { loadTickets, type LoadedTickets } from '../../api/tickets.js';
import { ticketReport } from '../../api/report.js';
import {
  resolveOutput,
  resolveTicketRun,
  resolveGoals,
  resolveOrderFlags,
  type OutputOptions,
  type ReportFlags,
} from '../../options/resolve.js';
import { renderPieces, rendererOf, type Goal } from '../../report/renderers/registry.js';
import { rowsProblem, summaryLines, DEFAULT_MAX_DUPLICATE_SHARE, type RowLimits } from '../../report/accounting.js';
import type { Report } from '../../report/model.js';
import { ExitCode, usageError } from '../../errors.js';
import { refuseOutputsOverInputs } from '../../api/output-file.js';
import { safeLines } from '../../report/text.js';
import { resolveEngineLimits } from '../../options/engine.js';
import { nowFrom, useColor } from '../env.js';
import { writeFileAtomic, writeStdout } from '../io.js';
import { progressFor } from '../progress.js';

export type { ReportFlags } from '../../index.js';

/** Writes `lines` to standard error, each made safe for a terminal and a CI log (`safeLine`). */
export function printLines(lines: readonly string[]): void {
  for (const line of lines) process.stderr.write(`${safeLines(line)}\n`);
}

/**
 * Prints the warnings and the row accounting to stderr (only on failure with --quiet) and says
 * whether the rows break a limit (rejected rows over --max-bad-rows, duplicates over
 * --max-duplicate-share): then the run must end with exit 3, writing nothing.
 */
export function printAccounting(
  warnings: readonly string[],
  report: Report,
  limits: RowLimits,
  quiet: boolean,
): boolean {
  const failed = rowsProblem(report.input, limits) !== null;
  if (!quiet || failed) printLines([...warnings, ...summaryLines(report.input, limits)]);
  return failed;
}

/** The report written where `output` says. */
export async function writeReport(report: Report, output: OutputOptions, goals: readonly Goal[] = []): Promise<void> {
  const toFile = output.file !== undefined;
  const stdout = process.stdout;
  if (!toFile && rendererOf(output.format).binary && stdout.isTTY === true) {
    throw usageError('bad_option', `${output.format} is a binary file: not written to a terminal`, {
      where: '--format',
      hint: `Write it to a file: -o report.${output.format}, or redirect standard output.`,
    });
  }
  const data = await renderPieces(report, output.format, {
    color: !toFile && output.format === 'table' && useColor(stdout, output.color),
    width: stdout.columns ?? 100,
    excel: output.excel,
    formulaEscape: output.formulaEscape,
    decimal: output.decimal,
    allColumns: output.allColumns,
    excelDurations: output.excelDurations,
    goals,
    sink: toFile ? 'file' : stdout.isTTY === true ? 'terminal' : 'log',
    ...(output.metrics === undefined ? {} : { metrics: output.metrics }),
    ...(output.delimiter === undefined ? {} : { delimiter: output.delimiter }),
  });
  if (output.file !== undefined) await writeFileAtomic(output.file, data);
  else await writeStdout(data);
}

/** `--variants`: the variant list instead of the report, with the same row accounting on stderr. */
async function writeVariants(
  loaded: LoadedTickets,
  events: { collapseRepeats: boolean; top: number | null },
  output: OutputOptions,
): Promise<number> {
  const { options, table, ingest } = loaded;
  const { variantList, renderVariantList } = await import('../../report/variants.js');
  const list = variantList(table, {
    since: options.since,
    until: options.until,
    asOf: options.asOf,
    collapseRepeats: events.collapseRepeats,
    top: events.top,
  });
  const input = {
    ...ingest,
    used: list?.cases ?? 0,
    skipped: { ...ingest.skipped, outside_period: table.length - (list?.cases ?? 0) },
  };
  const limits = { maxBadRows: loaded.maxBadRows, maxDuplicateShare: loaded.maxDuplicateShare };
  const failed = rowsProblem(input, limits) !== null;
  if (!output.quiet || failed) printLines([...loaded.warnings, ...summaryLines(input, limits)]);
  if (failed || list === null) return ExitCode.input;
  const data = renderVariantList(list, output.format, {
    excel: output.excel,
    formulaEscape: output.formulaEscape,
    ...(output.delimiter === undefined ? {} : { delimiter: output.delimiter }),
  });
  if (output.file !== undefined) await writeFileAtomic(output.file, data);
  else await writeStdout(data);
  return ExitCode.ok;
}

export async function runReport(
  files: string[],
  flags: ReportFlags,
  version: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  refuseOutputsOverInputs({ '--output': flags.output, '--rejects': flags.rejects }, [
    ...files,
    ...(flags.orders ?? []),
    ...(flags.events ?? []),
    ...(flags.config === undefined ? [] : [flags.config]),
  ]);
  // Checked before anything runs: a size DuckDB cannot take is a usage error, not an engine failure.
  const engineLimits = resolveEngineLimits(flags);
  const config = await loadConfig(flags.config);
  const output = resolveOutput(flags);
  if (!output.quiet) printLines(output.warnings);
  const now = nowFrom(env);
  const goals = resolveGoals(config);
  // The page's tiles and the workbook's summary sheets need the window's totals.
  const totals = output.format === 'html' || output.format === 'xlsx';
  if (flags.orders !== undefined && flags.orders.length > 0) {
    const run = resolveTicketRun({ ...flags, totals }, config, env, now);
    const { loadOrdersReport } = await import('../../api/orders.js');
    const orders = resolveOrderFlags(flags, config, files);
    const { report, note, linkLine, warnings } = await loadOrdersReport(
      flags.orders,
      { input: run.input, window: run.window, orders, engine: run.engine, version },
      config,
    );
    const limits = {
      maxBadRows: run.input.maxBadRows,
      maxDuplicateShare: run.input.maxDuplicateShare ?? DEFAULT_MAX_DUPLICATE_SHARE,
    };
    const failed = printAccounting([...(note === undefined ? [] : [note]), ...warnings], report, limits, output.quiet);
    if (!output.quiet && linkLine !== null) printLines([linkLine]);
    if (failed) return ExitCode.input;
    await writeReport(report, output, goals);
    return ExitCode.ok;
  }
  // The HTML page shows the complaint classes and the insights.
  const html = output.format === 'html';
  if (flags.engine !== undefined && flags.engine !== 'js') {
    // The SQL path returns the same report model: every output option (--format xlsx, --metrics,
    // --all-columns, --output-decimal) and window option (--last) applies as on the JS engine.
    const run = resolveTicketRun({ ...flags, totals }, config, env, now);
    // Without files named, `report` reads standard input: with --db the table is the input.
    const named = flags.db !== undefined && files.length === 1 && files[0] === '-' ? [] : files;
    const { sqlTicketReport } = await import('../../api/sql.js');
    const result = await sqlTicketReport(
      {
        engine: flags.engine,
        files: named,
        db: flags.db,
        table: flags.table,
        source: flags.source,
        schema: flags.schema,
        memoryLimit: engineLimits.memoryLimit,
        threads: engineLimits.threads,
      },
      run,
      config,
      version,
      { html },
    );
    const limits = {
      maxBadRows: result.maxBadRows,
      maxDuplicateShare: result.maxDuplicateShare,
      rejectsList: result.rejectsList,
    };
    if (printAccounting(result.warnings, result.report, limits, output.quiet)) return ExitCode.input;
    await writeReport(result.report, output, goals);
    return ExitCode.ok;
  }
  const run = resolveTicketRun({ ...flags, totals, ...(html ? { complaints: true } : {}) }, config, env, now);
  const loaded = await loadTickets(files, run, config, { version, ...progressFor(output.quiet, env) });
  if (run.eventLog.variants) return writeVariants(loaded, run.eventLog, output);
  const { report, complaintLines } = await ticketReport(loaded, {
    insights: run.insights || html,
    explain: run.explain,
  });
  const limits = { maxBadRows: loaded.maxBadRows, maxDuplicateShare: loaded.maxDuplicateShare };
  if (printAccounting(loaded.warnings, report, limits, output.quiet)) return ExitCode.input;
  printLines(complaintLines);
  await writeReport(report, output, goals);
  return ExitCode.ok;
}
