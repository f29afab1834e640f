#!/usr/bin/env node
/**
 * DuckDB's side of the order benchmark: the figures of `opsmetrics report --orders FILE` (one period,
 * no grouping) for a Shopify-style export (bench/generate-orders.mjs), in SQL, printed as one JSON row.
 *
 *   node bench/duckdb-orders.mjs FILE
 *
 * Line-item rows fold into their order by Name (the first row carries the order's fields), as opsmetrics
 * folds them. Definitions mirror opsmetrics' (see its report's `definitions`), on the generator's
 * unambiguous statuses: fulfillment time = fulfilled - created, hours, not cancelled (type-7 quantiles);
 * cancelled = a cancellation time or a voided status; refunded = a refunded amount > 0 or a refunded
 * status; order value = the Total column; items = line-item rows; repeat customers (one period) =
 * customers with more than one order / customers.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: duckdb-orders.mjs FILE');
const path = file.replaceAll("'", "''");
const sql = `
WITH raw AS (
  SELECT * FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)),
lines AS (SELECT "Name" AS name, count(*) AS items FROM raw GROUP BY ALL),
heads AS (
  SELECT "Name" AS name, "Email" AS email, "Financial Status" AS financial,
         CAST(strptime("Created at", '%Y-%m-%d %H:%M:%S %z') AS TIMESTAMPTZ) AS created,
         CAST(strptime("Fulfilled at", '%Y-%m-%d %H:%M:%S %z') AS TIMESTAMPTZ) AS fulfilled,
         "Cancelled at" IS NOT NULL OR "Financial Status" = 'voided' AS cancelled,
         CAST("Total" AS DOUBLE) AS total, CAST("Refunded Amount" AS DOUBLE) AS refunded
    FROM raw WHERE "Financial Status" IS NOT NULL),
o AS (
  SELECT h.*, l.items,
         CASE WHEN NOT cancelled AND fulfilled IS NOT NULL
              THEN (epoch_ms(fulfilled) - epoch_ms(created)) / 3600000 END AS fulfillment_hours
    FROM heads h JOIN lines l USING (name)),
c AS (SELECT email, count(*) AS n FROM o GROUP BY email)
SELECT count(*) AS orders,
  count(fulfillment_hours) AS ft_n, avg(fulfillment_hours) AS ft_mean,
  quantile_cont(fulfillment_hours, 0.5) AS ft_median, quantile_cont(fulfillment_hours, 0.9) AS ft_p90,
  count(*) FILTER (WHERE cancelled) AS cancelled,
  count(*) FILTER (WHERE refunded > 0 OR financial IN ('refunded', 'partially_refunded')) AS refunded,
  sum(refunded) FILTER (WHERE refunded > 0) AS refunded_value,
  sum(total) AS order_value, sum(items) AS items,
  (SELECT count(*) FILTER (WHERE n > 1) FROM c) AS repeat_customers, (SELECT count(*) FROM c) AS customers
FROM o`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const [row] = reader.getRowObjectsJS();
process.stdout.write(
  JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))),
);
