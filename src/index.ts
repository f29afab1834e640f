/**
 * opsmetrics' programmatic API: what the command line calls, usable from any Node program.
 *
 * 1. Options: {@link loadConfig} reads a config file; the `resolve*` functions turn flags (as the
 *    command line names them) and the config into validated options.
 * 2. Inputs: {@link loadTickets} reads ticket exports or event logs into the ticket table;
 *    {@link loadOrdersReport} reads order exports (and tickets to link); {@link inspectFile} shows how
 *    one export is read.
 * 3. Reports: {@link ticketReport} builds the report of loaded tickets.
 * 4. Checks: {@link planChecks} resolves thresholds, {@link runChecks} (tickets, events) and
 *    {@link runOrderChecks} (orders, read with {@link loadOrders}) judge them.
 * 5. Output: {@link render} writes a report in any of {@link OUTPUT_FORMATS}.
 *
 * @example
 * import { loadConfig, resolveTicketRun, loadTickets, ticketReport, render } from 'opsmetrics';
 * const config = await loadConfig('fixtures/examples/opsmetrics.config.yml');
 * const run = resolveTicketRun({ since: '2025-11-17', until: '2025-11-24', period: 'week' }, config, {});
 * const loaded = await loadTickets(['fixtures/examples/tickets.csv'], run, config, { version: '1.0.0' });
 * const { report } = await ticketReport(loaded, { insights: false, explain: false });
 * const csv = await render(report, 'csv');
 * // the four tickets of fixtures/examples, created in ISO week 2025-W47
 * csv.split('\n')[1].split(',').slice(0, 4)
 * // ['2025-W47', '2025-11-17T00:00:00+00:00', '2025-11-24T00:00:00+00:00', '4']
 */
export { loadConfig, emptyConfig, CONFIG_FILES } from './api/config.js';
export {
  resolveTicketRun,
  resolveInputOptions,
  resolveWindow,
  resolveOutput,
  resolveOrderFlags,
  resolveGoals,
  engineFromEnv,
  parseMap,
  DEFAULT_NULL_TOKENS,
  type ReportFlags,
  type TicketRunOptions,
  type InputOptions,
  type WindowOptions,
  type OutputOptions,
  type OrderFlags,
} from './options/resolve.js';
export type { Config } from './options/schema.js';
export { loadTickets, type LoadedTickets, type LoadTicketsOptions } from './api/tickets.js';
export { ticketReport, type TicketReportResult, type TicketReportSections } from './api/report.js';
export { variantList, renderVariantList, type VariantList } from './report/variants.js';
export { sqlTicketReport, type SqlInput, type SqlReportResult } from './api/sql.js';
export { readHeader, ticketReportSql, type ColumnTypes, type SqlText, type SqlTextSpec } from './api/sql-text.js';
export {
  loadOrdersReport,
  loadOrders,
  type LoadedOrders,
  type OrderRunOptions,
  type OrdersResult,
} from './api/orders.js';
export { inspectFile, inspectEventFiles, type Inspection, type EventFileInspection } from './api/inspect.js';
export {
  planChecks,
  runChecks,
  runOrderChecks,
  thresholdChecks,
  type PlannedChecks,
  type PlanOptions,
  type CheckRun,
} from './api/check.js';
export { DEFAULT_MIN_SAMPLE, TICKET_METRIC_ALIASES } from './check/resolve.js';
export {
  render,
  formatFromPath,
  rendererOf,
  OUTPUT_FORMATS,
  RENDERERS,
  type Goal,
  type OutputFormat,
  type OutputSink,
  type RenderOptions,
} from './report/renderers/registry.js';
export { selectMetrics, writtenColumns } from './report/select.js';
export { lastWindow, relativeInstant } from './options/relative.js';
export {
  summaryLines,
  rowsProblem,
  DEFAULT_MAX_DUPLICATE_SHARE,
  type RowLimits,
  type RowsProblem,
} from './report/accounting.js';
export { DEFAULT_ENGINE, type EngineOptions } from './engine/options.js';
export { AppError, ExitCode } from './errors.js';
export type { Report, ReportRow, ReportTotals, MetricValue } from './report/model.js';
export type { CheckReport, CheckResult, CheckRunFailure, FailOn } from './check/model.js';
