#!/usr/bin/env node
/**
 * DuckDB's side of the benchmark: the same per-(team, priority) figures as
 * `opsmetrics report FILE --by team,priority`, in SQL, printed as JSON rows on stdout.
 *
 *   node bench/duckdb-report.mjs FILE zendesk|generic
 *
 * Definitions mirror opsmetrics' (see its report's `definitions`):
 * - as-of: the latest instant of the input rounded up to the next whole minute; window = all tickets;
 * - first reply (minutes): Zendesk's `First reply time in minutes`, generic: first response - opened;
 *   only when the reply happened before as-of;
 * - full resolution (hours): solved - created, for tickets solved before as-of;
 * - quantiles: quantile_cont (linear interpolation between closest ranks, as opsmetrics states);
 * - resolution rate (cohort): tickets solved before as-of / tickets created;
 * - repeat contact rate: follow-ups of closed tickets (Via "Closed ticket") or tickets whose customer
 *   opened another one in the previous 7 days (LAG over the customer ordered by creation, then file order).
 *   Follow-ups are a Zendesk convention (its profile's `Via: Closed ticket` rule); the generic profile
 *   has none, so the generic layout's "Closed ticket" channel values are ordinary channels here too.
 * - rows opsmetrics rejects are left out: a first response after the resolution (the generic
 *   generator writes a few, replies land up to a minute after quick resolutions) is impossible_value.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [file, layout = 'zendesk'] = process.argv.slice(2);
if (!file) throw new Error('usage: duckdb-report.mjs FILE zendesk|generic');
const path = file.replaceAll("'", "''");

const source =
  layout === 'zendesk'
    ? `SELECT "Group" AS team, "Priority" AS priority, epoch_ms("Created at") AS created, epoch_ms("Solved at") AS solved,
              "First reply time in minutes" * 60000 AS frt_raw, CAST("Requester id" AS VARCHAR) AS customer,
              lower(trim(coalesce("Via", ''))) = 'closed ticket' AS follow_up, "Id" AS ord
         FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', columns = {
           'Id': 'BIGINT', 'Requester id': 'BIGINT', 'Requester': 'VARCHAR', 'Assignee': 'VARCHAR', 'Group': 'VARCHAR',
           'Subject': 'VARCHAR', 'Status': 'VARCHAR', 'Priority': 'VARCHAR', 'Via': 'VARCHAR', 'Ticket type': 'VARCHAR',
           'Created at': 'TIMESTAMP', 'Solved at': 'TIMESTAMP', 'Replies': 'INTEGER', 'First reply time in minutes': 'DOUBLE'})`
    : `SELECT team, priority, epoch_ms(opened_at) AS created, epoch_ms(resolved_at) AS solved,
              epoch_ms(first_response_at) - epoch_ms(opened_at) AS frt_raw, customer_email AS customer,
              false AS follow_up, ticket_id AS ord
         FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', columns = {
           'ticket_id': 'VARCHAR', 'opened_at': 'TIMESTAMPTZ', 'first_response_at': 'TIMESTAMPTZ', 'resolved_at': 'TIMESTAMPTZ',
           'state': 'VARCHAR', 'priority': 'VARCHAR', 'team': 'VARCHAR', 'customer_email': 'VARCHAR', 'topic': 'VARCHAR',
           'channel': 'VARCHAR', 'agent': 'VARCHAR', 'reopen_count': 'INTEGER', 'description': 'VARCHAR', 'region': 'VARCHAR'})
        WHERE NOT coalesce(first_response_at > resolved_at, false)`;

const sql = `
WITH b AS (${source}),
a AS (SELECT floor(greatest(max(created), max(solved)) / 60000) * 60000 + 60000 AS as_of FROM b),
d AS (
  SELECT team, priority, created, as_of,
    CASE WHEN created + frt_raw < as_of THEN frt_raw END AS frt_ms,
    CASE WHEN solved < as_of THEN solved - created END AS res_ms,
    coalesce(solved < as_of, false) AS resolved,
    follow_up OR coalesce(customer IS NOT NULL
      AND LAG(created) OVER (PARTITION BY customer ORDER BY created, ord) >= created - 7 * 86400000, false) AS repeat
  FROM b, a)
SELECT team, priority, count(*) AS created,
  count(frt_ms) AS frt_n, avg(frt_ms) / 60000 AS frt_mean,
  quantile_cont(frt_ms, 0.5) / 60000 AS frt_median, quantile_cont(frt_ms, 0.9) / 60000 AS frt_p90,
  count(res_ms) AS res_n, avg(res_ms) / 3600000 AS res_mean,
  quantile_cont(res_ms, 0.5) / 3600000 AS res_median, quantile_cont(res_ms, 0.9) / 3600000 AS res_p90,
  count(*) FILTER (WHERE resolved) AS resolved, count(*) FILTER (WHERE repeat) AS repeats,
  any_value(as_of) AS as_of
FROM d GROUP BY ALL ORDER BY ALL`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const rows = reader
  .getRowObjectsJS()
  .map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]),
    ),
  );
process.stdout.write(JSON.stringify(rows));
