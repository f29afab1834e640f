/**
 * The benchmark's figure checks: opsmetrics' JSON report against the DuckDB reference scripts' rows
 * (bench/duckdb-*.mjs), relative 1e-6. Each returns the mismatches as lines (empty: every figure equal).
 */

const close = (a, b) =>
  a === null || b === null || a === undefined || b === undefined
    ? (a ?? null) === (b ?? null)
    : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

function checker() {
  const lines = [];
  const check = (where, a, b) => {
    if (!close(a, b)) lines.push(`${where}: opsmetrics ${a}, duckdb ${b}`);
  };
  return { lines, check };
}

/** `report --by team,priority --format json` against bench/duckdb-report.mjs' rows. */
export function compareTickets(report, theirs) {
  const { lines, check } = checker();
  const key = (team, priority) => `${team ?? '(none)'} | ${priority ?? '(none)'}`;
  const ours = new Map(report.rows.map((row) => [key(row.group.team, row.group.priority), row.metrics]));
  check('window as_of', Date.parse(report.window.as_of), theirs[0]?.as_of ?? null);
  if (ours.size !== theirs.length) lines.push(`groups: opsmetrics ${ours.size}, duckdb ${theirs.length}`);
  for (const row of theirs) {
    const where = key(row.team, row.priority);
    const m = ours.get(where);
    if (m === undefined) {
      lines.push(`group ${where} missing from opsmetrics`);
      continue;
    }
    check(`${where} created`, m.created.value, row.created);
    for (const [metric, prefix] of [
      ['frt', 'frt'],
      ['resolution_full', 'res'],
    ]) {
      for (const figure of ['n', 'mean', 'median', 'p90'])
        check(`${where} ${metric}.${figure}`, m[metric][figure], row[`${prefix}_${figure}`]);
    }
    check(`${where} resolution_rate`, m.resolution_rate.value, row.resolved / row.created);
    check(`${where} repeat_contact_rate`, m.repeat_contact_rate.value, row.repeats / row.created);
  }
  return lines;
}

/** `report --orders FILE --format json` (one period) against bench/duckdb-orders.mjs' row. */
export function compareOrders(report, row) {
  const { lines, check } = checker();
  if (report.rows.length !== 1) lines.push(`rows: ${report.rows.length}, want 1`);
  const m = report.rows[0]?.metrics ?? {};
  check('orders', m.orders?.value, row.orders);
  for (const figure of ['n', 'mean', 'median', 'p90'])
    check(`fulfillment_time.${figure}`, m.fulfillment_time?.[figure], row[`ft_${figure}`]);
  check('cancellation_rate', m.cancellation_rate?.numerator, row.cancelled);
  check('refund_rate', m.refund_rate?.numerator, row.refunded);
  check('refunded_value', m.refunded_value?.sum, row.refunded_value);
  check('order_value', m.order_value?.sum, row.order_value);
  check('items_per_order', m.items_per_order?.sum, row.items);
  check('repeat_customer_rate', m.repeat_customer_rate?.numerator, row.repeat_customers);
  check('repeat_customer_rate.denominator', m.repeat_customer_rate?.denominator, row.customers);
  return lines;
}

/** `report --events FILE --format json` (one period) against bench/duckdb-events.mjs' row. */
export function compareEvents(report, row) {
  const { lines, check } = checker();
  if (report.rows.length !== 1) lines.push(`rows: ${report.rows.length}, want 1`);
  const m = report.rows[0]?.metrics ?? {};
  check('cases', m.created?.value, row.cases);
  check('events_per_case', m.events_per_case?.sum, row.events);
  for (const figure of ['n', 'mean', 'median', 'p90'])
    check(`case_duration.${figure}`, m.case_duration?.[figure], row[`cd_${figure}`]);
  check('teams_per_case', m.teams_per_case?.sum, row.teams);
  check('rework', m.rework?.numerator, row.rework);
  return lines;
}
