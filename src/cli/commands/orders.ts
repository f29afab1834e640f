/**
 * `opsmetrics report --orders FILE [--tickets FILE]`: the orders report. Reads the order exports
 * (folding Shopify line items and joining split files by order id), reads the tickets when given and
 * links them to orders, builds the report and renders it like the ticket report.
 */
import { openRecords } from '../input.js';
import { parseBoundary } from '../../calendar/period.js';
import { compileSchedule, type Schedule } from '../../calendar/schedule.js';
import { assertTimeZone } from '../../calendar/zone.js';
import { unknownSchedule } from '../../config/clock.js';
import type { Config } from '../../config/schema.js';
import { ExitCode, usageError } from '../../errors.js';
import type { RowIssue } from '../../ingest/issues.js';
import { createRowReader, TicketBuilder } from '../../ingest/normalize.js';
import { createOrderRowReader, finalizeOrders, OrderBuilder } from '../../ingest/orders.js';
import { detectOrderProfile, findOrderProfile, type OrderProfile } from '../../ingest/profiles/order-index.js';
import type { IngestEngine } from '../../ingest/fast-csv.js';
import { linkTicketsToOrders, type CodedText } from '../../metrics/orders/linking.js';
import type { OrderContacts } from '../../metrics/orders/types.js';
import { OrderTable } from '../../model/order.js';
import { TicketTable, type DimColumn } from '../../model/ticket.js';
import { buildOrderReport, latestOrderInstant } from '../../report/build-orders.js';
import type { IngestAccounting } from '../../report/build.js';
import type { InputAccounting } from '../../report/model.js';
import { formatFromPath, render, type OutputFormat } from '../../report/render.js';
import { useColor } from '../env.js';
import { withEngineFallback, writeFileAtomic, writeStdout, type StdinCopy } from '../io.js';
import {
  DEFAULT_NULL_TOKENS,
  IssueCollector,
  loadConfig,
  parseMap,
  positiveNumber,
  resolveProfile,
  summaryLines,
  wholeNumber,
  type ReportFlags,
} from './report.js';

const WEEKDAYS_ONLY = ['00:00-24:00'];

/** The days a configured promise counts: a named schedule, else whole weekdays in the report zone. */
function promiseSchedule(config: Config, name: string | undefined, where: string, zone: string): { name: string; schedule: Schedule } {
  if (name !== undefined) {
    if (!Object.hasOwn(config.schedules, name)) unknownSchedule(name, where, config.schedules, where.startsWith('--') ? 'usage' : 'config');
    return { name, schedule: config.schedules[name] as Schedule };
  }
  const weekdays = { mon: WEEKDAYS_ONLY, tue: WEEKDAYS_ONLY, wed: WEEKDAYS_ONLY, thu: WEEKDAYS_ONLY, fri: WEEKDAYS_ONLY };
  return { name: `Monday-Friday, ${zone}`, schedule: compileSchedule({ timezone: zone, hours: weekdays }, 'orders.promise_schedule') };
}

function resolveOrderProfile(name: string, header: readonly string[]): OrderProfile {
  if (name === 'auto') return detectOrderProfile(header);
  const profile = findOrderProfile(name);
  if (!profile) throw usageError('unknown_profile', `unknown orders profile "${name}"`, { where: '--orders-profile', hint: 'Use auto, shopify or orders-generic.' });
  return profile;
}

const coded = (column: DimColumn | undefined, present: boolean): CodedText | null =>
  column && present ? { codes: column.codes, values: column.dictionary.values } : null;

/**
 * Runs the orders report. `files` (the positional arguments) are ticket files like `--tickets`,
 * except the implicit `-`: with --orders, tickets come from stdin only with `--tickets -`.
 */
export async function runOrdersReport(files: string[], flags: ReportFlags, version: string): Promise<number> {
  const config = await loadConfig(flags.config);
  const inputCfg = config.input;
  const reportCfg = config.report;
  const ordersCfg = config.orders ?? {};

  const timezone = flags.tz ?? reportCfg.timezone ?? 'UTC';
  assertTimeZone(timezone, flags.tz ? '--tz' : 'report.timezone');
  const userOrdersTz = flags.ordersInputTz ?? ordersCfg.timezone;
  if (userOrdersTz) assertTimeZone(userOrdersTz, flags.ordersInputTz ? '--orders-input-tz' : 'orders.timezone');
  const userTicketsTz = flags.inputTz ?? inputCfg.timezone;
  if (userTicketsTz) assertTimeZone(userTicketsTz, flags.inputTz ? '--input-tz' : 'input.timezone');
  const nullTokens = [...(inputCfg.null_tokens ?? DEFAULT_NULL_TOKENS), ...(flags.nullToken ?? [])];
  const onBadValue = flags.onBadValue ?? inputCfg.on_bad_value ?? 'reject';
  const maxBadRows = wholeNumber(flags.maxBadRows, '--max-bad-rows', inputCfg.max_bad_rows ?? 0);
  const byNames = flags.by !== undefined ? flags.by.split(',').map((s) => s.trim()).filter(Boolean) : (reportCfg.by ?? []);
  const since = flags.since === undefined ? null : parseBoundary(flags.since, timezone, '--since');
  const until = flags.until === undefined ? null : parseBoundary(flags.until, timezone, '--until');
  if (since !== null && until !== null && !(until > since)) {
    throw usageError('empty_window', `--until (${flags.until}) must come after --since (${flags.since})`, { where: '--until', hint: 'The window is half-open: since <= created < until.' });
  }
  const asOfFlag = flags.asOf === undefined ? null : parseBoundary(flags.asOf, timezone, '--as-of');
  const promiseDays = flags.promiseDays === undefined ? (ordersCfg.promise_days ?? null) : wholeNumber(flags.promiseDays, '--promise-days', 0);
  const linkWindowDays = positiveNumber(flags.linkWindow, '--link-window', ordersCfg.link_window_days ?? 30);
  const hoursName = flags.hours ?? reportCfg.hours;
  if (hoursName !== undefined && !Object.hasOwn(config.schedules, hoursName)) unknownSchedule(hoursName, flags.hours ? '--hours' : 'report.hours', config.schedules, flags.hours ? 'usage' : 'config');
  const schedule = hoursName === undefined ? null : { name: hoursName, schedule: config.schedules[hoursName] as Schedule };
  const promiseWhere = flags.promiseHours !== undefined ? '--promise-hours' : 'orders.promise_schedule';
  const promise = promiseSchedule(config, flags.promiseHours ?? ordersCfg.promise_schedule, promiseWhere, timezone);
  let format: OutputFormat = flags.format ?? 'table';
  if (!flags.format && flags.output && flags.output !== '-') format = formatFromPath(flags.output) ?? 'table';

  // Reads every input; again on the reference reader when the fast one gives way mid-file.
  const load = async (engine: IngestEngine, stdin: StdinCopy, issues: IssueCollector) => {
    const sourceIssue = (issue: RowIssue) => {
      if (issue.action === 'rejected') issues.sourceRejected += issue.rows ?? 1;
      issues.add(issue);
    };
    // Orders and tickets files alike: the run's delimiter and encoding options.
    const open = (file: string) => openRecords(file, {
      name: file,
      ...(inputCfg.delimiter || flags.delimiter ? { delimiter: flags.delimiter ?? inputCfg.delimiter } : {}),
      encoding: (flags.encoding ?? inputCfg.encoding ?? 'auto') as 'auto',
      onIssue: sourceIssue,
    }, engine, stdin);
    const fileAccounts: InputAccounting['files'] = [];
    let read = 0;
    let blank = 0;

    // Orders: every file merges into one table, joined by order id.
    const orderTable = new OrderTable();
    const orderBuilder = new OrderBuilder(orderTable);
    const orderMap = { ...(ordersCfg.map ?? {}), ...parseMap(flags.ordersMap) };
    const orderFiles = flags.orders ?? [];
    const dimensionKeys = new Map<string, string>();
    let ordersInputTz = userOrdersTz ?? timezone;
    for (const [fileIndex, file] of orderFiles.entries()) {
      const source = await open(file);
      const profile = resolveOrderProfile(flags.ordersProfile ?? ordersCfg.profile ?? 'auto', source.header);
      ordersInputTz = userOrdersTz ?? profile.inputTimezone ?? timezone;
      const dateFormat = flags.ordersDateFormat ?? ordersCfg.date_format ?? profile.dateFormat;
      const reader = createOrderRowReader(source.header, orderBuilder, {
        file,
        fileIndex,
        profile,
        map: orderMap,
        by: byNames,
        inputTimezone: ordersInputTz,
        ...(dateFormat === undefined ? {} : { dateFormat }),
        nullTokens,
        onBadValue,
        onIssue: (issue) => issues.add(issue),
      });
      for (const [name, key] of Object.entries(reader.plan.dimensions)) if (!dimensionKeys.has(name)) dimensionKeys.set(name, key);
      const fed = await source.feed(reader.read, profile.name);
      blank += fed.blank;
      read += fed.rows;
      fileAccounts.push(fed.account);
    }
    finalizeOrders(orderBuilder, onBadValue, (issue) => issues.add(issue), orderFiles[0] ?? '-');
    for (const name of byNames) {
      if (!dimensionKeys.has(name)) {
        throw usageError('unknown_dimension', `--by ${name}: no such order field or column`, {
          where: '--by',
          hint: 'Use an order field (status, financial_status, fulfillment_status, channel, location, carrier, currency, customer), a mapped name, or a column of an orders file.',
        });
      }
    }

    // Tickets: read with the ticket profiles; only creation, category and the link fields matter here.
    const ticketFiles = [...(flags.tickets ?? []), ...files.filter((f) => f !== '-')];
    let contacts: OrderContacts | null = null;
    const ticketTable = new TicketTable();
    const ticketBuilder = new TicketBuilder(ticketTable);
    if (ticketFiles.length > 0) {
      const map = { ...(inputCfg.map ?? {}), ...parseMap(flags.map) };
      for (const file of ticketFiles) {
        const source = await open(file);
        const profile = resolveProfile(flags.profile ?? inputCfg.profile ?? 'auto', source.header, Object.keys(map).length > 0, file, 'report --orders <orders file> --tickets');
        const dateFormat = flags.dateFormat ?? inputCfg.date_format ?? profile.dateFormat;
        const reader = createRowReader(source.header, ticketBuilder, {
          file,
          profile,
          map,
          by: [],
          inputTimezone: userTicketsTz ?? profile.inputTimezone ?? timezone,
          ...(dateFormat === undefined ? {} : { dateFormat }),
          nullTokens,
          onBadValue,
          onIssue: (issue) => issues.add(issue),
        });
        const fed = await source.feed(reader.read, profile.name);
        blank += fed.blank;
        read += fed.rows;
        fileAccounts.push(fed.account);
      }
      const present = ticketTable.present;
      if (!present.has('order_number') && !present.has('order_ref') && !present.has('requester_email')) {
        throw usageError('no_link_fields', 'the ticket files have nothing to link them to orders', {
          where: ticketFiles.join(', '),
          hint: 'Map an order-number column, the subject or the requester email: --map order_number="Order" --map subject=Subject --map requester_email=Email.',
        });
      }
      const customerEmail = orderTable.dim('customer');
      const links = linkTicketsToOrders(
        { ids: orderTable.ids, created: orderTable.instants.created, email: coded(customerEmail, orderTable.present.has('customer')) },
        {
          length: ticketTable.length,
          created: ticketTable.instants.created,
          orderNumber: coded(ticketTable.dim('order_number'), present.has('order_number')),
          subjectRef: coded(ticketTable.dim('order_ref'), present.has('order_ref')),
          email: coded(ticketTable.dim('requester_email'), present.has('requester_email')),
        },
        { windowDays: linkWindowDays },
      );
      contacts = {
        links,
        ticketCreated: ticketTable.instants.created.subarray(0, ticketTable.length),
        category: present.has('category') ? (ticketTable.dim('category') ?? null) : null,
      };
    }
    read += issues.sourceRejected;
    return { issues, fileAccounts, read, blank, orderTable, orderBuilder, ticketTable, ticketBuilder, contacts, ordersInputTz, dimensionKeys };
  };
  const { result: loaded, note } = await withEngineFallback(async (engine, stdin) => {
    const issues = new IssueCollector(flags.rejects);
    try {
      return await load(engine, stdin, issues);
    } finally {
      await issues.close();
    }
  });
  const { issues, fileAccounts, read, blank, orderTable, orderBuilder, ticketTable, ticketBuilder, contacts, ordersInputTz, dimensionKeys } = loaded;

  const asOf = asOfFlag ?? until ?? latestOrderInstant(orderTable, [ticketTable.instants.created.subarray(0, ticketTable.length)]) ?? since ?? 0;
  const ticketCounts = ticketBuilder.counts;
  const ingest: IngestAccounting = {
    files: fileAccounts,
    read,
    rejected: orderBuilder.counts.rejected + orderBuilder.counts.rejectedOrders + ticketCounts.rejected + issues.sourceRejected,
    nulled: orderBuilder.counts.nulled + ticketCounts.nulled,
    skipped: { duplicate: orderBuilder.counts.duplicate + ticketCounts.duplicate, blank },
    issues: issues.list(),
  };
  const report = buildOrderReport(orderTable, contacts, {
    asOf,
    from: flags.ordersFrom ?? ordersCfg.from ?? 'created',
    schedule,
    onTimeEvent: flags.onTimeEvent ?? ordersCfg.on_time_event ?? (orderTable.present.has('delivered') ? 'delivered' : 'fulfilled'),
    promiseDays,
    promiseSchedule: promise,
    linkWindowDays,
    since,
    until,
    timezone,
    inputTimezone: ordersInputTz,
    period: flags.period ?? reportCfg.period ?? null,
    weekStart: flags.weekStart ?? reportCfg.week_start ?? 'monday',
    by: byNames.map((name) => ({ name, key: dimensionKeys.get(name) ?? name })),
    compare: flags.compare ?? null,
    version,
  }, ingest);
  // Every accepted ticket row is used: linked, or counted among the unlinked.
  report.input.used += ticketCounts.accepted - ticketCounts.duplicate;

  const failed = report.input.rejected > maxBadRows;
  if (!flags.quiet || failed) {
    for (const line of [...(note === undefined ? [] : [note]), ...summaryLines(report.input, maxBadRows)]) process.stderr.write(`${line}\n`);
    const linked = report.order_contacts;
    if (linked) {
      process.stderr.write(`opsmetrics: linked ${linked.tickets - linked.unlinked} of ${linked.tickets} tickets to orders (order number ${linked.linked.order_number}, subject ${linked.linked.subject}, email ${linked.linked.email}); ${linked.unlinked} unlinked\n`);
    }
  }
  if (failed) return ExitCode.input;

  const toFile = flags.output !== undefined && flags.output !== '-';
  const text = await render(report, format, {
    color: !toFile && format === 'table' && useColor(process.stdout, flags.color),
    width: process.stdout.columns ?? 100,
    excel: flags.excel ?? false,
    formulaEscape: flags.formulaEscape ?? true,
  });
  if (toFile) await writeFileAtomic(flags.output as string, text);
  else await writeStdout(text);
  return ExitCode.ok;
}
