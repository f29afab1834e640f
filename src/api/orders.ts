/**
 * The orders report: reads the order exports (folding Shopify line items and joining split files by
 * order id), reads the tickets when given and links them to orders, and builds the report.
 */
import type { Schedule } from '../calendar/schedule.js';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { linkTicketsToOrders, type CodedText } from '../metrics/orders/linking.js';
import type { OrderContacts } from '../metrics/orders/types.js';
import { OrderTable } from '../model/order.js';
import type { DimView } from '../model/ticket.js';
import { TicketTable } from '../engine/ticket-table.js';
import type { EngineOptions, IngestEngine } from '../engine/options.js';
import { usageError } from '../errors.js';
import type { RowIssue } from '../ingest/issues.js';
import { createRowReader } from '../ingest/normalize.js';
import { TicketBuilder } from '../engine/ticket-builder.js';
import { OrderKeys } from '../engine/order-keys.js';
import { orderRecordSink } from '../engine/order-lane.js';
import { finalizeOrders } from '../ingest/order-finalize.js';
import { createOrderRowReader, OrderBuilder } from '../ingest/orders.js';
import { profileOf, resolveProfile } from '../ingest/profiles/resolve.js';
import type { InputOptions, OrderFlags, WindowOptions } from '../options/resolve.js';
import type { Config } from '../options/schema.js';
import { buildOrderReport, latestOrderInstant } from '../report/build-orders.js';
import type { IngestAccounting } from '../report/build.js';
import type { FileMapping, InputAccounting, Report } from '../report/model.js';
import { openRecords, withEngineFallback, type OpenedRecords, type StdinCopy } from './inputs.js';
import { isHeaderError, sampleWarnings, withHeaderHint } from './samples.js';
import { SAMPLE_ROWS, sampling } from '../ingest/samples.js';
import { encodingWarning } from '../ingest/encoding-note.js';
import { IssueCollector } from './issues.js';

const WEEKDAYS_ONLY = ['00:00-24:00'];

/** The days a configured promise counts: a named schedule, else whole weekdays in the report zone. */
function promiseSchedule(config: Config, name: string | undefined, zone: string): { name: string; schedule: Schedule } {
  if (name !== undefined) return { name, schedule: config.schedules[name] as Schedule };
  const weekdays = {
    mon: WEEKDAYS_ONLY,
    tue: WEEKDAYS_ONLY,
    wed: WEEKDAYS_ONLY,
    thu: WEEKDAYS_ONLY,
    fri: WEEKDAYS_ONLY,
  };
  return {
    name: `Monday-Friday, ${zone}`,
    schedule: compileSchedule({ timezone: zone, hours: weekdays }, 'orders.promise_schedule'),
  };
}

const coded = (column: DimView | undefined, present: boolean): CodedText | null =>
  column && present ? { codes: column.codes, values: column.dictionary.values } : null;

export interface OrderRunOptions {
  input: InputOptions;
  window: WindowOptions;
  orders: OrderFlags;
  engine: EngineOptions;
  version: string;
}

export interface OrdersResult {
  report: Report;
  /** The engine's note when the run was read again on the reference reader. */
  note: string | undefined;
  /** How the tickets were linked, for standard error; null without tickets. */
  linkLine: string | null;
  /** Warnings to print before the accounting summary (a zone to name, a header row that is data). */
  warnings: string[];
}

/** Order exports read once, from which reports of any grouping are built (`check` judges several). */
export interface LoadedOrders {
  /** The orders report grouped by `by` (dimension names as written; default the run's `--by`). */
  build(by?: readonly string[]): Report;
  /** The engine's note when the run was read again on the reference reader. */
  note: string | undefined;
  /** Warnings to print before the accounting summary (a zone to name, a header row that is data). */
  warnings: string[];
}

/**
 * Reads the order files (and ticket files, for contacts) of a run and builds the orders report.
 * @example
 * import { loadConfig } from './config.js';
 * import { resolveOrderFlags, resolveTicketRun } from '../options/resolve.js';
 * // fixtures/orders (worked out in fixtures/orders/expected.md): 10 orders, #1003 cancelled; of the 6 fulfilled
 * // with a promise, 4 on time (#1002 and #1006 late)
 * const config = await loadConfig('fixtures/orders/opsmetrics.config.yml');
 * const flags = { orders: ['fixtures/orders/shopify_orders.csv'], tickets: ['fixtures/orders/tickets.csv'] };
 * const { input, window, engine } = resolveTicketRun(flags, config, {});
 * const orders = resolveOrderFlags(flags, config, []);
 * const { report } = await loadOrdersReport(flags.orders, { input, window, orders, engine, version: '1.0.0' }, config);
 * const { cancellation_rate, on_time_rate } = report.rows[0].metrics;
 * [cancellation_rate.numerator, cancellation_rate.denominator, on_time_rate.numerator, on_time_rate.denominator]
 * // [1, 10, 4, 6]
 */
export async function loadOrdersReport(
  orderFiles: readonly string[],
  run: OrderRunOptions,
  config: Config,
): Promise<OrdersResult> {
  const loaded = await loadOrders(orderFiles, run, config);
  const report = loaded.build();
  const linked = report.order_contacts;
  const linkLine = linked
    ? `opsmetrics: linked ${linked.tickets - linked.unlinked} of ${linked.tickets} tickets to orders (order number ` +
      `${linked.linked.order_number}, subject ${linked.linked.subject}, ` +
      `email ${linked.linked.email}); ${linked.unlinked} unlinked`
    : null;
  return { report, note: loaded.note, linkLine, warnings: loaded.warnings };
}

/**
 * Reads the order files (and ticket files, for contacts) of a run once, with the dimensions of
 * `--by` and of `extraBy` (the groupings of checks).
 * @example
 * import { loadConfig } from './config.js';
 * import { resolveOrderFlags, resolveTicketRun } from '../options/resolve.js';
 * // fixtures/orders read once, then grouped by carrier (see fixtures/orders/expected.md): DHL Paket has 8 of the 10
 * // orders, 2 of its 4 with a promise on time (#1002, #1006 late); DPD Classic has #1005 and #1008, both on time
 * const config = await loadConfig('fixtures/orders/opsmetrics.config.yml');
 * const flags = { orders: ['fixtures/orders/shopify_orders.csv'], tickets: ['fixtures/orders/tickets.csv'] };
 * const { input, window, engine } = resolveTicketRun(flags, config, {});
 * const run = { input, window, orders: resolveOrderFlags(flags, config, []), engine, version: '1.0.0' };
 * const loaded = await loadOrders(flags.orders, run, config, { extraBy: ['carrier'] });
 * loaded.build(['carrier']).rows.map(({ group, metrics }) => [
 *   group.carrier,
 *   metrics.orders.value,
 *   metrics.on_time_rate.numerator,
 *   metrics.on_time_rate.denominator,
 * ])
 * // [['DHL Paket', 8, 2, 4], ['DPD Classic', 2, 2, 2]]
 */
export async function loadOrders(
  orderFiles: readonly string[],
  run: OrderRunOptions,
  config: Config,
  options: { extraBy?: readonly string[] } = {},
): Promise<LoadedOrders> {
  const { input, window, orders } = run;
  const timezone = window.timezone;
  const byNames = window.by;
  const wanted = [...byNames, ...(options.extraBy ?? []).filter((name) => !byNames.includes(name))];
  const load = async (reader: IngestEngine, stdin: StdinCopy, issues: IssueCollector) => {
    const sourceIssue = (issue: RowIssue) => {
      if (issue.action === 'rejected') issues.sourceRejected += issue.rows ?? 1;
      issues.add(issue);
    };
    // Orders and tickets files alike: the run's delimiter and encoding options.
    const open = (file: string) =>
      openRecords(
        file,
        {
          name: file,
          ...(input.delimiter ? { delimiter: input.delimiter } : {}),
          encoding: input.encoding as 'auto',
          onIssue: sourceIssue,
        },
        reader,
        stdin,
        run.engine,
      );
    const fileAccounts: InputAccounting['files'] = [];
    const mapping: FileMapping[] = [];
    const warnings: string[] = [];
    let read = 0;
    let blank = 0;

    // Orders: every file merges into one table, joined by order id. The headers come first: a
    // mapping names a column of one of the files (split exports), and one that no file has is an
    // error before any row is read.
    const orderTable = new OrderTable();
    // On the fast reader, an index that its byte lane reads and fills from bytes (engine/order-lane.ts).
    const keys = reader === 'fast' ? new OrderKeys() : undefined;
    const orderBuilder = new OrderBuilder(orderTable, keys);
    const dimensionKeys = new Map<string, string>();
    let ordersInputTz = orders.userInputTz ?? timezone;
    const sources: { file: string; source: OpenedRecords }[] = [];
    for (const file of orderFiles) sources.push({ file, source: await open(file) });
    const readers: {
      file: string;
      source: OpenedRecords;
      profile: ReturnType<typeof profileOf<'orders'>>;
      rowReader: ReturnType<typeof createOrderRowReader>;
    }[] = [];
    for (const [fileIndex, { file, source }] of sources.entries()) {
      const profile = profileOf('orders', orders.profileName, source.header);
      ordersInputTz = orders.userInputTz ?? profile.inputTimezone ?? timezone;
      let rowReader: ReturnType<typeof createOrderRowReader>;
      try {
        rowReader = createOrderRowReader(source.header, orderBuilder, {
          file,
          fileIndex,
          profile,
          map: orders.map,
          unmap: orders.unmap,
          by: wanted,
          inputTimezone: ordersInputTz,
          from: orders.from,
          dateFormats: orders.dateFormats,
          deadlineZone: orders.promiseTimezone,
          vocabulary: orders.vocabulary,
          nullTokens: input.nullTokens,
          onBadValue: input.onBadValue,
          onIssue: (issue) => issues.add(issue),
        });
      } catch (error) {
        if (!isHeaderError(error)) throw error;
        throw withHeaderHint(error, file, source.header, await source.peek(SAMPLE_ROWS), 'report --orders');
      }
      for (const [name, key] of Object.entries(rowReader.plan.dimensions)) {
        if (!dimensionKeys.has(name)) dimensionKeys.set(name, key);
      }
      readers.push({ file, source, profile, rowReader });
    }
    // Every file's fields are declared: the others share one array of "missing" (no memory per order).
    orderTable.useOnlyPresent();
    for (const [name, column] of Object.entries(orders.map)) {
      if (readers.some((r) => !r.rowReader.plan.missing.includes(name))) continue;
      throw usageError(
        'mapped_column_missing',
        `the orders mapping ${name}=${column} names a column that no orders file has`,
        {
          where: `--map orders.${name}=${column}`,
          hint: readers
            .map(({ file, source }) => `Columns in ${file}: ${source.header.slice(0, 30).join(', ')}`)
            .join('\n  '),
        },
      );
    }
    for (const { file, source, profile, rowReader } of readers) {
      const sample: string[][] = [];
      const sink =
        keys === undefined ? undefined : orderRecordSink(rowReader.lane, rowReader.read, orderBuilder, keys, sample);
      const fed = await source.feed(sampling(rowReader.read, sample), profile.name, sink);
      const guess = encodingWarning(file, input.encoding, fed.account.encoding, fed.encodingReason, [
        source.header,
        ...sample,
      ]);
      if (guess !== null) warnings.push(guess);
      warnings.push(
        ...sampleWarnings(file, source.header, sample, rowReader.dateColumns, {
          columnsGiven: input.columns !== undefined,
          zoneGiven: orders.userInputTz !== undefined || profile.inputTimezone !== undefined,
          zone: ordersInputTz,
          option: '--orders-input-tz',
          command: `report --orders`,
        }),
      );
      blank += fed.blank;
      read += fed.rows;
      fileAccounts.push({ ...fed.account, path: file });
      mapping.push({
        file,
        kind: 'orders',
        profile: profile.name,
        columns: rowReader.plan.resolved,
        auto: rowReader.plan.auto,
        unmapped: rowReader.plan.unmapped,
      });
    }
    finalizeOrders(
      orderBuilder,
      {
        policy: input.onBadValue,
        beforeCreated: orders.beforeCreated,
        from: orders.from,
        firstFile: orderFiles[0] ?? '-',
      },
      (issue) => issues.add(issue),
    );
    for (const name of wanted) {
      if (!dimensionKeys.has(name)) {
        throw usageError('unknown_dimension', `--by ${name}: no such order field or column`, {
          where: '--by',
          hint:
            'Use an order field (status, financial_status, fulfillment_status, channel, location, carrier, currency, ' +
            'customer), a mapped name, or a column of an orders file.',
        });
      }
    }

    // Tickets: read with the ticket profiles; only creation, category and the link fields matter here.
    const ticketFiles = orders.ticketFiles;
    let contacts: OrderContacts | null = null;
    const ticketTable = new TicketTable();
    const ticketBuilder = new TicketBuilder(ticketTable);
    if (ticketFiles.length > 0) {
      for (const file of ticketFiles) {
        const source = await open(file);
        const profile = resolveProfile(
          input.profileName,
          source.header,
          Object.keys(input.map).length > 0,
          file,
          'report --orders <orders file> --tickets',
        );
        const ticketZone = input.userInputTz ?? profile.inputTimezone ?? timezone;
        const rowReader = createRowReader(source.header, ticketBuilder, {
          file,
          profile,
          map: input.map,
          unmap: input.unmap,
          by: [],
          inputTimezone: ticketZone,
          ...(profile.dateFormat === undefined ? {} : { dateFormat: profile.dateFormat }),
          dateFormats: input.dateFormats,
          nullTokens: input.nullTokens,
          onBadValue: input.onBadValue,
          onIssue: (issue) => issues.add(issue),
        });
        const sample: string[][] = [];
        const fed = await source.feed(sampling(rowReader.read, sample), profile.name);
        const guess = encodingWarning(file, input.encoding, fed.account.encoding, fed.encodingReason, [
          source.header,
          ...sample,
        ]);
        if (guess !== null) warnings.push(guess);
        warnings.push(
          ...sampleWarnings(file, source.header, sample, rowReader.dateColumns, {
            columnsGiven: input.columns !== undefined,
            zoneGiven: input.userInputTz !== undefined || profile.inputTimezone !== undefined,
            zone: ticketZone,
            advice: profile.inputTimezoneAdvice,
            command: 'report --orders <orders file> --tickets',
          }),
        );
        mapping.push({
          file,
          kind: 'tickets',
          profile: profile.name,
          columns: rowReader.plan.resolved,
          auto: rowReader.plan.auto,
          unmapped: rowReader.plan.unmapped,
        });
        blank += fed.blank;
        read += fed.rows;
        fileAccounts.push(fed.account);
      }
      const present = ticketTable.present;
      if (!present.has('order_number') && !present.has('order_ref') && !present.has('requester_email')) {
        throw usageError('no_link_fields', 'the ticket files have nothing to link them to orders', {
          where: ticketFiles.join(', '),
          hint:
            'Map an order-number column, the subject or the requester email: ' +
            '--map order_number="Order" --map subject=Subject --map requester_email=Email.',
        });
      }
      const customerEmail = orderTable.dim('customer');
      const links = linkTicketsToOrders(
        {
          ids: orderTable.ids,
          created: orderTable.instants.created,
          email: coded(customerEmail, orderTable.present.has('customer')),
        },
        {
          length: ticketTable.length,
          created: ticketTable.instants.created,
          orderNumber: coded(ticketTable.dim('order_number'), present.has('order_number')),
          subjectRef: coded(ticketTable.dim('order_ref'), present.has('order_ref')),
          email: coded(ticketTable.dim('requester_email'), present.has('requester_email')),
        },
        { windowDays: orders.linkWindowDays },
      );
      contacts = {
        links,
        ticketCreated: ticketTable.instants.created.subarray(0, ticketTable.length),
        category: present.has('category') ? (ticketTable.dim('category') ?? null) : null,
      };
    }
    read += issues.sourceRejected;
    return {
      fileAccounts,
      read,
      blank,
      orderTable,
      orderBuilder,
      ticketTable,
      ticketBuilder,
      contacts,
      ordersInputTz,
      dimensionKeys,
      mapping,
      warnings,
    };
  };
  const { result: loaded, note } = await withEngineFallback(
    run.engine,
    async (reader, stdin) => {
      const issues = new IssueCollector(input.rejects, input.formulaEscape);
      let result: { issues: IssueCollector } & Awaited<ReturnType<typeof load>>;
      try {
        result = { issues, ...(await load(reader, stdin, issues)) };
      } catch (error) {
        // A failed read keeps the previous rejects file rather than leaving a partial one.
        await issues.discard();
        throw error;
      }
      await issues.close();
      return result;
    },
    input.maxStdinBytes,
  );
  const { issues, fileAccounts, read, blank, orderTable, orderBuilder, ticketTable, ticketBuilder, contacts } = loaded;

  const ticketsCreated = ticketTable.instants.created.subarray(0, ticketTable.length);
  const asOf = window.asOf ?? window.until ?? latestOrderInstant(orderTable, [ticketsCreated]) ?? window.since ?? 0;
  const ticketCounts = ticketBuilder.counts;
  const ingest: IngestAccounting = {
    files: fileAccounts,
    read,
    rejected:
      orderBuilder.counts.rejected + orderBuilder.counts.rejectedOrders + ticketCounts.rejected + issues.sourceRejected,
    nulled: orderBuilder.counts.nulled + ticketCounts.nulled,
    skipped: { duplicate: orderBuilder.counts.duplicate + ticketCounts.duplicate, blank },
    issues: issues.list(),
  };
  const schedule =
    orders.hours === undefined ? null : { name: orders.hours, schedule: config.schedules[orders.hours] as Schedule };
  const build = (by: readonly string[] = byNames): Report => {
    const report = buildOrderReport(
      orderTable,
      contacts,
      {
        asOf,
        from: orders.from,
        schedule,
        onTimeEvent: orders.onTimeEvent ?? (orderTable.present.has('delivered') ? 'delivered' : 'fulfilled'),
        promiseDays: orders.promiseDays,
        promiseSchedule: promiseSchedule(config, orders.promiseSchedule, timezone),
        linkWindowDays: orders.linkWindowDays,
        reviewGoodMin: orders.reviewGoodMin,
        reviewBadMax: orders.reviewBadMax,
        since: window.since,
        until: window.until,
        timezone,
        inputTimezone: loaded.ordersInputTz,
        period: window.period,
        weekStart: window.weekStart,
        by: by.map((name) => ({ name, key: loaded.dimensionKeys.get(name) ?? name })),
        compare: window.compare,
        totals: window.totals,
        version: run.version,
      },
      ingest,
      {
        mapping: loaded.mapping,
        dateOnlyPromises: orderBuilder.dateOnlyPromises,
        promiseTimezone: orders.promiseTimezone,
        promiseTimezoneGiven: orders.promiseTimezoneGiven,
        onTimeEventGiven: orders.onTimeEvent !== undefined,
        vocabulary: orders.vocabulary,
        beforeCreated: orders.beforeCreated,
        policy: input.onBadValue,
        warnings: loaded.warnings,
      },
    );
    // Every accepted ticket row is used: linked, or counted among the unlinked.
    report.input.used += ticketCounts.accepted - ticketCounts.duplicate;
    return report;
  };
  return { build, note, warnings: loaded.warnings };
}
