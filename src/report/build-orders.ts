/**
 * Builds the orders report: groups orders by the `--by` dimensions, cuts the window into periods,
 * and computes every order metric per (period, group), with tickets linked to orders when given.
 * Pure: the tables and options in, the Report out. Same shape as the ticket report, so every
 * renderer prints it; `kind` is 'orders'.
 */
import {
  createOrderContext,
  ORDER_METRICS,
  type OrderContacts,
  type OrderContext,
  type OrderMetricOptions,
} from '../metrics/orders/index.js';
import { Punctuality } from '../metrics/orders/types.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { OrderTable } from '../model/order.js';
import { columnSpecs, type IngestAccounting } from './build.js';
import type {
  Assumption,
  FileMapping,
  MetricValue,
  OrderContactSummary,
  Report,
  ReportRow,
  ReportTotals,
} from './model.js';
import { counted, emptiedOf } from './assumptions.js';
import { formatCount } from './text.js';
import type { OrderVocabulary } from '../ingest/orders.js';
import { orderValueSource } from '../metrics/orders/order-value.js';
import { SCHEMA_VERSION } from './model.js';
import {
  lowerBound,
  periodBuckets,
  reportWindow,
  windowGroups,
  type Bucket,
  type Group,
  type ReportSlicing,
} from './slicing.js';

/** The order metric options plus the report's window and slicing (see ReportSlicing). */
export interface OrderReportOptions extends OrderMetricOptions, ReportSlicing {}

/** What ingest knows that the report states (the `assumptions` section). */
export interface OrderIngestFacts {
  mapping: FileMapping[];
  /** Promised values without a time, read as the end of that day. */
  dateOnlyPromises: number;
  promiseTimezone: string;
  promiseTimezoneGiven: boolean;
  onTimeEventGiven: boolean;
  vocabulary: OrderVocabulary;
  beforeCreated: Readonly<Record<string, string>>;
  policy: 'reject' | 'null';
  /** Warnings printed on standard error (offset-less timestamps...), stated in the report too. */
  warnings: readonly string[];
}

/** The defaults and fallbacks an orders report rests on. */
function orderStatements(ctx: OrderContext, options: OrderReportOptions, facts: OrderIngestFacts): Assumption[] {
  const table = ctx.table;
  const statements: Assumption[] = [];
  if (table.cohortField !== 'created') {
    statements.push(
      counted(
        'order_period',
        `periods: the input has no creation column, so orders are placed in periods by ${table.cohortField} ` +
          `(${formatCount(table.length)} orders)`,
        table.length,
        true,
      ),
    );
  }
  statements.push(
    counted(
      'on_time_event',
      `on time is judged on ${options.onTimeEvent}` +
        (facts.onTimeEventGiven
          ? ''
          : options.onTimeEvent === 'delivered'
            ? ' (the input has a delivered column)'
            : ' (the input has no delivered column)'),
      undefined,
      !facts.onTimeEventGiven,
    ),
    counted('promise', `promise: ${ctx.promiseSource}`, undefined, options.promiseDays === null),
  );
  if (facts.dateOnlyPromises > 0) {
    statements.push(
      counted(
        'date_only_promise',
        `promised dates without a time (${formatCount(facts.dateOnlyPromises)}) last to the end of that day in ` +
          `${facts.promiseTimezone}${facts.promiseTimezoneGiven ? '' : ' (the report zone)'}`,
        facts.dateOnlyPromises,
        !facts.promiseTimezoneGiven,
      ),
    );
  }
  if (table.present.has(options.from === 'paid' ? 'paid' : 'created'))
    statements.push(
      counted(
        'duration_start',
        `durations start at ${options.from === 'paid' ? 'the payment' : 'the creation'}`,
        undefined,
        options.from === 'created',
      ),
    );
  const extra = [...(facts.vocabulary.cancelled ?? [])];
  statements.push(
    counted(
      'cancelled_statuses',
      `cancelled: a cancellation time before as-of, or a status of the profile's list` +
        (extra.length > 0 ? ` or ${extra.join(', ')} (config orders.vocabulary)` : ''),
      undefined,
      extra.length === 0,
    ),
  );
  const value = orderValueSource(ctx);
  if (value !== '') statements.push(counted('order_value', `order value: ${value}`, undefined, true));
  if (table.present.has('review_score')) {
    statements.push(
      counted(
        'review_scale',
        `review scores >= ${options.reviewGoodMin} are good, <= ${options.reviewBadMax} bad, those between neutral`,
        undefined,
        options.reviewGoodMin === 4 && options.reviewBadMax === 2,
      ),
    );
  }
  const rules = Object.entries(facts.beforeCreated);
  if (table.present.has('created'))
    statements.push(
      counted(
        'before_created',
        `an instant before the order's creation is an impossible value ` +
          `(${facts.policy === 'reject' ? 'order rejected' : 'value emptied'})` +
          (rules.length > 0 ? `; per field: ${rules.map(([f, r]) => `${f} ${r}`).join(', ')}` : ''),
        undefined,
        rules.length === 0,
      ),
    );
  for (const warning of facts.warnings) {
    statements.push(counted('warning', warning.replace(/^opsmetrics: warning: /, ''), undefined, true));
  }
  return statements;
}

function computeMetrics(
  ctx: OrderContext,
  group: Group,
  start: number,
  end: number,
  grouped: boolean,
  unavailable: Map<string, string>,
): Record<string, MetricValue> {
  const created = ctx.table.cohortAt;
  const cohort = group.members.subarray(
    lowerBound(group.members, created, start),
    lowerBound(group.members, created, end),
  );
  const metrics: Record<string, MetricValue> = {};
  for (const m of ORDER_METRICS) {
    const reason = unavailable.get(m.id);
    metrics[m.id] =
      reason === undefined ? m.compute(ctx, cohort, { start, end, grouped }) : { kind: 'unavailable', reason };
  }
  return metrics;
}

/** The latest instant of the orders (and tickets), rounded up to the next whole minute: the default as-of. */
export function latestOrderInstant(table: OrderTable, ticketInstants: readonly Float64Array[] = []): number | null {
  let latest = -Infinity;
  for (const [field, column] of Object.entries(table.instants)) {
    // A promise lies in the future of the data; it says nothing about when the export was taken.
    if (field === 'promised') continue;
    for (let i = 0; i < table.length; i++) if ((column[i] as number) > latest) latest = column[i] as number;
  }
  for (const column of ticketInstants) for (const v of column) if (v > latest) latest = v;
  return latest === -Infinity ? null : Math.floor(latest / 60_000) * 60_000 + 60_000;
}

/** Ticket categories over the tickets linked to orders of the window that pass `select`, most frequent first. */
function categoriesOf(
  ctx: OrderContext,
  inWindow: Uint8Array,
  select: (order: number) => boolean,
): { category: string | null; tickets: number }[] {
  const contacts = ctx.contacts as OrderContacts;
  const counts = new Map<number, number>();
  const orderOf = contacts.links.orderOf;
  for (let t = 0; t < orderOf.length; t++) {
    const o = orderOf[t] as number;
    if (o < 0 || inWindow[o] !== 1 || !select(o)) continue;
    const code = contacts.category ? (contacts.category.codes[t] as number) : 0;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([code, tickets]) => ({ category: contacts.category?.dictionary.value(code) ?? null, tickets }))
    .sort((a, b) => b.tickets - a.tickets || (a.category ?? '\uffff').localeCompare(b.category ?? '\uffff', 'en'));
}

export function buildOrderReport(
  table: OrderTable,
  contacts: OrderContacts | null,
  options: OrderReportOptions,
  ingest: IngestAccounting,
  facts?: OrderIngestFacts,
): Report {
  const ctx = createOrderContext(table, options, contacts);
  // Orders are placed in periods by their creation, or by the input's cohort instant (see OrderTable.cohortAt).
  const created = table.cohortAt.length === table.length ? table.cohortAt : table.instants.created;
  const slicing = { length: table.length, instants: { created }, dim: (name: string) => table.dim(name) };
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, created[i] as number);
  const windowStart = options.since ?? (first === Infinity ? options.asOf : first);
  const windowEnd = options.until ?? options.asOf;

  // Accounting is by input row: an order's rows (line items, joined files) are used or skipped together.
  const inWindow = new Uint8Array(table.length);
  let usedRows = 0;
  let outsideRows = 0;
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (c >= windowStart && c < windowEnd) {
      inWindow[i] = 1;
      usedRows += table.rows[i] as number;
    } else {
      outsideRows += table.rows[i] as number;
    }
  }

  const unavailable = new Map<string, string>();
  for (const m of ORDER_METRICS) {
    const reason = m.unavailable(ctx);
    if (reason !== null) unavailable.set(m.id, reason);
  }
  const grouped = options.by.length > 0;
  const groups = windowGroups(slicing, options.by, windowStart, windowEnd);
  const rows: ReportRow[] = [];
  for (const bucket of periodBuckets(windowStart, windowEnd, options)) {
    for (const group of groups) {
      const row: ReportRow = {
        period: bucket.ref,
        group: Object.fromEntries(options.by.map((d, k) => [d.name, group.values[k] ?? null])),
        metrics: computeMetrics(ctx, group, bucket.start, bucket.end, grouped, unavailable),
      };
      if (options.compare === 'previous') {
        row.previous = {
          period: bucket.previous.ref,
          metrics: computeMetrics(ctx, group, bucket.previous.start, bucket.previous.end, grouped, unavailable),
        };
      }
      rows.push(row);
    }
  }

  const totals = options.totals === true ? orderTotals(ctx, unavailable, windowStart, windowEnd, options) : undefined;

  let orderContacts: OrderContactSummary | undefined;
  if (contacts) {
    const { counts } = contacts.links;
    const late = (o: number) => ctx.punctuality[o] === Punctuality.late || ctx.punctuality[o] === Punctuality.openLate;
    orderContacts = {
      tickets: contacts.links.orderOf.length,
      linked: { order_number: counts.order_number, subject: counts.subject, email: counts.email },
      unlinked: counts.unlinked,
      email_window_days: options.linkWindowDays,
      categories_after_late: categoriesOf(ctx, inWindow, late),
      categories_after_on_time: categoriesOf(ctx, inWindow, (o) => ctx.punctuality[o] === Punctuality.onTime),
    };
  }

  return {
    schema_version: SCHEMA_VERSION,
    tool: { name: 'opsmetrics', version: options.version },
    kind: 'orders',
    window: reportWindow(options),
    definitions: {
      metrics: Object.fromEntries(ORDER_METRICS.map((m) => [m.id, m.describe(options)])),
      // The ticket-report variants do not apply to orders; the fields stay for the shared model.
      fcr_variant: 'n/a (orders report)',
      resolution_rate_variant: 'cohort',
      repeat_window_days: options.linkWindowDays,
      repeat_same: null,
      sources: {
        promise: ctx.promiseSource,
        on_time_event: options.onTimeEvent,
        duration_start: options.from,
        ticket_link:
          `order number, else #reference in the subject, else requester ` +
          `email within ${options.linkWindowDays} days after the order`,
      },
      quantile_method: QUANTILE_METHOD,
      clock: options.schedule
        ? `business hours: ${options.schedule.name} (${options.schedule.schedule.timezone})`
        : 'calendar time',
    },
    input: {
      ...ingest,
      used: usedRows,
      skipped: { outside_period: outsideRows, duplicate: ingest.skipped.duplicate, blank: ingest.skipped.blank },
    },
    ...(facts === undefined
      ? {}
      : {
          assumptions: {
            mapping: facts.mapping,
            statements: orderStatements(ctx, options, facts),
            emptied: emptiedOf(ingest.issues),
          },
        }),
    // columnSpecs reads only id, kind, unit, headline and label, which order metrics share with ticket metrics.
    columns: columnSpecs(ORDER_METRICS as unknown as readonly MetricDefinition[]),
    rows,
    ...(orderContacts ? { order_contacts: orderContacts } : {}),
    ...(totals === undefined ? {} : { totals }),
  };
}

/** `Report.totals` of an orders report: as the ticket report's (see build.ts). */
function orderTotals(
  ctx: OrderContext,
  unavailable: Map<string, string>,
  windowStart: number,
  windowEnd: number,
  options: OrderReportOptions,
): ReportTotals {
  const [whole] = periodBuckets(windowStart, windowEnd, { ...options, period: null }) as [Bucket];
  const [all] = windowGroups(ctx.table, [], windowStart, windowEnd) as [Group];
  const metrics = (group: Group, start: number, end: number, grouped: boolean) =>
    computeMetrics(ctx, group, start, end, grouped, unavailable);
  const window: ReportRow = {
    period: whole.ref,
    group: {},
    metrics: metrics(all, whole.start, whole.end, false),
    previous: { period: whole.previous.ref, metrics: metrics(all, whole.previous.start, whole.previous.end, false) },
  };
  if (options.by.length === 0 || options.period === null) return { window };
  const groups = windowGroups(ctx.table, options.by, windowStart, windowEnd);
  return {
    window,
    periods: periodBuckets(windowStart, windowEnd, options).map((b) => ({
      period: b.ref,
      group: {},
      metrics: metrics(all, b.start, b.end, false),
    })),
    groups: groups.map((g) => ({
      period: whole.ref,
      group: Object.fromEntries(options.by.map((d, k) => [d.name, g.values[k] ?? null])),
      metrics: metrics(g, whole.start, whole.end, true),
    })),
  };
}
