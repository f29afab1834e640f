#!/usr/bin/env node
/**
 * Seeded Parquet tickets for the SQL engine's benchmark, written by DuckDB itself (a CSV of 100M rows
 * would be 20 GB): typed columns named as the normalized fields (id, created, first_reply, solved as
 * TIMESTAMP WITH TIME ZONE; team, priority, channel, customer, category as text; reopens and
 * agent_replies as integers). Values come from DuckDB's hash of the row number, so the same size gives
 * the same file. Skewed customers (repeat contacts), unanswered and unresolved tickets, empty teams.
 *
 *   node bench/generate-parquet.mjs --size 100m [--out FILE]
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseSize } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export const parquetFile = (sizeLabel) => resolve(here, 'data', `tickets-typed-${sizeLabel.toLowerCase()}.parquet`);

/** The mapping of the file's columns (they are the normalized field names). */
export const PARQUET_COLUMNS = [
  'id',
  'created',
  'first_reply',
  'solved',
  'team',
  'priority',
  'channel',
  'customer',
  'category',
  'reopens',
  'agent_replies',
];

export async function generateParquet({ rows, out }) {
  mkdirSync(dirname(out), { recursive: true });
  const db = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
  // 300 days from 2025-01-01 UTC, in creation order with up to 10 minutes of jitter.
  const h = (k) => `CAST(hash(i, ${k}) % 1000000 AS BIGINT)`;
  const pick = (list, k) => `[${list.map((v) => `'${v}'`).join(', ')}][${h(k)} % ${list.length} + 1]`;
  const created = `(1735689600000 + CAST(i * (25920000000.0 / ${rows}) AS BIGINT) + ${h(1)} % 600000)`;
  const reply = `CASE WHEN ${h(2)} % 10 < 8 THEN ${created} + (${h(3)} % 1800) * 60000 END`;
  const solved = `CASE WHEN ${h(4)} % 10 < 7 THEN ${created} + 1800 * 60000 + (${h(5)} % 12960) * 60000 END`;
  const ts = (ms) => `make_timestamptz(CAST(${ms} AS BIGINT) * 1000)`;
  const sql = `COPY (SELECT 'T' || i AS id, ${ts(created)} AS created, ${ts(reply)} AS first_reply, ${ts(solved)} AS solved,
      NULLIF(${pick(['Billing', 'Shipping', 'Technical', 'Returns', 'Sales', ''], 6)}, '') AS team,
      ${pick(['Normal', 'Normal', 'High', 'Low', 'Urgent'], 7)} AS priority,
      ${pick(['Web form', 'Mail', 'Chat', 'Phone', 'API'], 8)} AS channel,
      'c' || CAST(FLOOR(POWER(${h(9)} / 1000000.0, 2) * ${Math.max(1, Math.round(rows / 4))}) AS BIGINT) AS customer,
      ${pick(['question', 'incident', 'problem', 'task'], 10)} AS category,
      CAST(${h(11)} % 10 = 0 AS INTEGER) AS reopens, CAST(${h(12)} % 5 AS INTEGER) AS agent_replies
    FROM range(${rows}) r(i)) TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`;
  await db.run(sql);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const size = option('size', '1m');
  const out = option('out', parquetFile(size));
  const t = Date.now();
  await generateParquet({ rows: parseSize(size), out });
  process.stderr.write(`wrote ${out} in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
}
