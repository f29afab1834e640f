/** The ticket report of loaded tickets, with the complaint and insight sections when asked for. */
import { createTicketContext } from '../engine/context.js';
import { evaluateMetric } from '../engine/evaluate.js';
import type { Report } from '../report/model.js';
import { buildTicketReport } from '../report/build.js';
import type { LoadedTickets } from './tickets.js';

export interface TicketReportSections {
  /** The `insights` section (complaint trends, patterns, consistency). */
  insights: boolean;
  /** Every complaint rule match in `complaints.matches`. */
  explain: boolean;
}

export interface TicketReportResult {
  report: Report;
  /** Lines for standard error about the complaint rules (rules that matched nothing, --explain matches). */
  complaintLines: string[];
}

/**
 * Builds the ticket report of `loaded`: the metrics per period and group, then the complaints
 * section when the tickets were classified and the insights when asked for.
 * @example
 * import { loadConfig } from './config.js';
 * import { resolveTicketRun } from '../options/resolve.js';
 * import { loadTickets } from './tickets.js';
 * // fixtures/examples by team: Billing's first replies took 30 and 90 min, Shipping's one 20 min
 * const config = await loadConfig('fixtures/examples/opsmetrics.config.yml');
 * const run = resolveTicketRun({ since: '2025-11-17', until: '2025-11-24', by: 'team' }, config, {});
 * const loaded = await loadTickets(['fixtures/examples/tickets.csv'], run, config, { version: '1.0.0' });
 * const { report } = await ticketReport(loaded, { insights: false, explain: false });
 * report.rows.map((row) => [row.group.team, row.metrics.created.value, row.metrics.frt.median])
 * // [['Billing', 2, 60], ['Shipping', 2, 20]]
 */
export async function ticketReport(loaded: LoadedTickets, sections: TicketReportSections): Promise<TicketReportResult> {
  // One context for the report and its insights: the derivations are made once.
  const context = createTicketContext(loaded.table, loaded.options, loaded.options.engine);
  const report = buildTicketReport(loaded.table, loaded.options, loaded.ingest, { context, facts: loaded.facts });
  const complaintLines: string[] = [];
  const classifier = loaded.classifier;
  if (classifier) {
    const summary = await import('../complaints/summary.js');
    report.complaints = summary.complaintRulesSummary(classifier, loaded.table, sections.explain);
    const configClasses = new Set(classifier.classes.filter((c) => c.origin === 'config').map((c) => c.name));
    complaintLines.push(...summary.complaintLines(report.complaints, sections.explain ? null : configClasses));
  }
  if (sections.insights) {
    const { buildInsights } = await import('../report/insights/index.js');
    report.insights = buildInsights(
      context,
      (metric, cohort, scope) => evaluateMetric(context, metric, cohort, scope),
      loaded.options,
    );
  }
  return { report, complaintLines };
}
