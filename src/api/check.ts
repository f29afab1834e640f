/**
 * `check`: thresholds resolved against the metric catalogue, judged over reports of loaded tickets
 * (or event logs) or of loaded orders. One report per distinct grouping: for tickets all on one
 * context (the per-ticket arrays and repeat flags do not depend on the grouping), each with only the
 * metrics the checks judge; for orders from one reading of the exports.
 */
import { evaluateChecks } from '../check/evaluate.js';
import type { CheckReport, FailOn } from '../check/model.js';
import { parseThreshold } from '../check/parse.js';
import { resolveCheck, TICKET_METRIC_ALIASES, type ResolvedCheck } from '../check/resolve.js';
import { usageError } from '../errors.js';
import { createTicketContext } from '../engine/context.js';
import { ALL_TICKET_METRICS, customMetrics } from '../metrics/index.js';
import { ORDER_METRICS } from '../metrics/orders/index.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { CheckSpec } from '../check/config.js';
import type { Config } from '../options/schema.js';
import { buildTicketReport } from '../report/build.js';
import type { InputAccounting, Report } from '../report/model.js';
import type { LoadedOrders } from './orders.js';
import type { LoadedTickets } from './tickets.js';

/** `--threshold` texts as checks; a syntax error is a usage error (exit 2) quoting the text. */
export function thresholdChecks(texts: readonly string[]): CheckSpec[] {
  return texts.map((text) => {
    const parsed = parseThreshold(text);
    if (!parsed.ok) {
      throw usageError('bad_threshold', `--threshold "${text}": ${parsed.error}`, {
        where: '--threshold',
        hint: 'Thresholds read [stat(]metric[)] op target [by dim,...], e.g. --threshold "p90(frt) <= 4h".',
      });
    }
    return { threshold: parsed.threshold, severity: 'error', source: '--threshold' };
  });
}

/**
 * The complaint metrics a check may name: `complaints.<class>` for each class of the run (the default
 * classes and the config's `complaints:` classes, in the classifier's order).
 */
async function complaintCatalogue(config: Config): Promise<MetricDefinition[]> {
  const [{ compileComplaintClasses }, { complaintMetric }] = await Promise.all([
    import('../complaints/rules.js'),
    import('../metrics/complaints.js'),
  ]);
  return compileComplaintClasses(config.complaints).map((c) => complaintMetric(c.name, c.bit));
}

export interface PlannedChecks {
  checks: ResolvedCheck[];
  /** The dimensions the checks group by, to read besides `--by`. */
  extraBy: string[];
  /** A check names a complaint class: the tickets must be classified. */
  classify: boolean;
}

export interface PlanOptions {
  /** The run reads order exports (`--orders`): checks judge the orders report's metrics. */
  orders?: boolean;
  /** The smallest sample judged, for checks whose config sets no `min_sample` (`--min-sample`). */
  minSample?: number;
}

/** Why a metric of the other kind of input cannot be judged in this run, by id (aliases included). */
function elsewhere(orders: boolean): Map<string, string> {
  const ticketIds = new Set(ALL_TICKET_METRICS.map((m) => m.id));
  const orderIds = new Set(ORDER_METRICS.map((m) => m.id));
  const map = new Map<string, string>();
  if (orders) {
    for (const id of [...ticketIds, ...Object.keys(TICKET_METRIC_ALIASES)]) {
      if (orderIds.has(id)) continue;
      map.set(
        id,
        `${id} is a ticket metric, and with --orders check judges the orders report ` +
          `(${ORDER_METRICS.map((m) => m.id).join(', ')}); judge ticket metrics in a separate check over the tickets`,
      );
    }
  } else {
    for (const id of orderIds) {
      if (ticketIds.has(id)) continue;
      map.set(
        id,
        `${id} is an order metric: pass the order export with --orders FILE ` +
          '(and ticket exports with --tickets FILE for the contact metrics), ' +
          'e.g. check --orders orders.csv -t "on_time_rate >= 95%"',
      );
    }
  }
  return map;
}

/**
 * Resolves the config's checks and `--threshold` texts before any input is read: a typo is exit 2 at
 * once, not after a long read.
 */
export async function planChecks(
  config: Config,
  thresholds: readonly string[],
  options: PlanOptions = {},
): Promise<PlannedChecks> {
  const specs = [...(config.checks ?? []), ...thresholdChecks(thresholds)];
  if (specs.length === 0) {
    throw usageError('no_checks', 'no checks to run', {
      where: '--threshold',
      hint: 'Add checks: to the config (see `opsmetrics init`), or pass --threshold "p90(frt) <= 4h".',
    });
  }
  const orders = options.orders === true;
  const catalogue = orders
    ? ORDER_METRICS
    : [...ALL_TICKET_METRICS, ...customMetrics(config.metrics), ...(await complaintCatalogue(config))];
  const checks = specs.map((spec) =>
    resolveCheck(spec, {
      sla: config.sla,
      catalogue,
      ...(orders ? {} : { aliases: TICKET_METRIC_ALIASES }),
      elsewhere: elsewhere(orders),
      ...(options.minSample === undefined ? {} : { minSample: options.minSample }),
    }),
  );
  return {
    checks,
    extraBy: [...new Set(checks.flatMap((c) => c.spec.threshold.by ?? []))],
    classify: checks.some((c) => c.metric.id.startsWith('complaints.')),
  };
}

export interface CheckRun {
  outcome: CheckReport;
  /** The input accounting of the reports judged. */
  input: InputAccounting;
}

/** Judges `checks` over reports of `loaded`. */
export function runChecks(
  loaded: LoadedTickets,
  checks: readonly ResolvedCheck[],
  failOn: FailOn,
  version: string,
): CheckRun {
  const reports = new Map<string, Report>();
  const context = createTicketContext(loaded.table, loaded.options, loaded.options.engine);
  const only = new Set(['created', ...checks.map((c) => c.metric.id)]);
  const reportFor = (check: ResolvedCheck): Report => {
    const by = check.spec.threshold.by ?? loaded.options.by.map((d) => d.name);
    const key = by.join('\u0000');
    let report = reports.get(key);
    if (!report) {
      const options = {
        ...loaded.options,
        by: by.map((name) => ({ name, key: loaded.dimensionKey(name) })),
        compare: null,
      };
      report = buildTicketReport(loaded.table, options, loaded.ingest, { context, only });
      reports.set(key, report);
    }
    return report;
  };
  const first = reportFor(checks[0] as ResolvedCheck);
  const outcome = evaluateChecks(checks, { failOn, reportFor, window: first.window, version });
  return { outcome, input: first.input };
}

/**
 * Judges `checks` (resolved with `orders: true`) over orders reports of `loaded`, one per grouping.
 * @example
 * import { loadConfig } from './config.js';
 * import { loadOrders } from './orders.js';
 * import { resolveOrderFlags, resolveTicketRun } from '../options/resolve.js';
 * // fixtures/orders (expected.md): on time 4 of 6 (67%) fails >= 95%; cancelled by carrier: DHL Paket 1 of 8
 * // (12.5%) and DPD Classic 0 of 2 pass <= 20% (min_sample 1: these samples are under the default 10)
 * const config = await loadConfig('fixtures/orders/opsmetrics.config.yml');
 * const flags = { orders: ['fixtures/orders/shopify_orders.csv'], tickets: ['fixtures/orders/tickets.csv'] };
 * const { input, window, engine } = resolveTicketRun(flags, config, {});
 * const run = { input, window, orders: resolveOrderFlags(flags, config, []), engine, version: '1.0.0' };
 * const thresholds = ['on_time_rate >= 95%', 'cancellation_rate <= 20% by carrier'];
 * const planned = await planChecks(config, thresholds, { orders: true, minSample: 1 });
 * const loaded = await loadOrders(flags.orders, run, config, { extraBy: planned.extraBy });
 * const { outcome } = runOrderChecks(loaded, planned.checks, 'error', '1.0.0');
 * [outcome.exit_code, outcome.input_kind, outcome.results.map((r) => [r.name, r.status, r.value])]
 * // [1, 'orders', [['on_time_rate >= 95%', 'fail', 4 / 6],
 * //   ['cancellation_rate <= 20% by carrier [carrier=DHL Paket]', 'pass', 1 / 8],
 * //   ['cancellation_rate <= 20% by carrier [carrier=DPD Classic]', 'pass', 0]]]
 */
export function runOrderChecks(
  loaded: LoadedOrders,
  checks: readonly ResolvedCheck[],
  failOn: FailOn,
  version: string,
): CheckRun {
  const reports = new Map<string, Report>();
  const reportFor = (check: ResolvedCheck): Report => {
    const by = check.spec.threshold.by ?? undefined;
    const key = by === undefined ? '\u0001run' : by.join('\u0000');
    let report = reports.get(key);
    if (!report) {
      report = loaded.build(by);
      reports.set(key, report);
    }
    return report;
  };
  const first = reportFor(checks[0] as ResolvedCheck);
  const outcome = evaluateChecks(checks, { failOn, reportFor, window: first.window, version, inputKind: 'orders' });
  return { outcome, input: first.input };
}
