#!/usr/bin/env node
/**
 * DuckDB's side of the event-log benchmark: figures of `opsmetrics report --events FILE` (one period,
 * no grouping) for a log of bench/generate-events.mjs, in SQL, printed as one JSON row.
 *
 *   node bench/duckdb-events.mjs FILE
 *
 * Definitions mirror opsmetrics' (see its report's `definitions`): cases = distinct case ids (each has a
 * created event); events per case = events of the case; case duration = last event - first event, hours
 * (type-7 quantiles); teams per case = distinct non-empty teams of the case; rework = cases in which an
 * activity occurs more than once.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: duckdb-events.mjs FILE');
const path = file.replaceAll("'", "''");
const sql = `
WITH e AS (
  SELECT "case" AS c, epoch_ms(timestamp) AS ts, activity, team
    FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"', columns = {
      'case': 'VARCHAR', 'timestamp': 'TIMESTAMPTZ', 'activity': 'VARCHAR', 'status': 'VARCHAR',
      'resource': 'VARCHAR', 'team': 'VARCHAR', 'priority': 'VARCHAR'})),
k AS (
  SELECT c, count(*) AS events, (max(ts) - min(ts)) / 3600000 AS hours,
         count(DISTINCT team) AS teams, count(DISTINCT activity) < count(activity) AS rework
    FROM e GROUP BY c)
SELECT count(*) AS cases, sum(events) AS events, count(hours) AS cd_n, avg(hours) AS cd_mean,
  quantile_cont(hours, 0.5) AS cd_median, quantile_cont(hours, 0.9) AS cd_p90,
  sum(teams) FILTER (WHERE teams > 0) AS teams, count(*) FILTER (WHERE rework) AS rework
FROM k`;

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const [row] = reader.getRowObjectsJS();
process.stdout.write(
  JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))),
);
