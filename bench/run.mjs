#!/usr/bin/env node
/**
 * `npm run bench -- --suite [...]`: every job of the performance issue's table in one run, against
 * DuckDB and the other references; see bench/suite.mjs.
 *
 * `npm run bench [-- --size 100k|1m|10m] [--layout zendesk|generic] [--runs N] [--engine fast|reference|duckdb]
 * [--skip-duckdb] [--parquet] [--engine-memory 4GB]`
 *
 * `--engine duckdb` adds `opsmetrics report --engine duckdb` (the generated SQL on embedded DuckDB,
 * src/sql) beside the JS engine, and checks its figures against the JS engine's (every cell, 1e-9).
 * `--parquet` (with `--engine duckdb`) times the SQL engine alone on a typed Parquet file of the size
 * (bench/generate-parquet.mjs; 100m for the out-of-core run), with `--engine-memory` as DuckDB's limit.
 *
 * Runs `opsmetrics report FILE --by team,priority --format json` and DuckDB's SQL of the same figures
 * (bench/duckdb-report.mjs, 2 threads) on the same generated file, each as a child process measured
 * by /usr/bin/time (wall time, peak RSS); checks that both give the same numbers (relative 1e-6); prints
 * a Markdown table. The file is generated when missing (bench/generate.mjs, seed 42). N runs of each,
 * alternating: best and median wall time, and the ratio both as best against best and as the median
 * of the N pairs' ratios (the steadier one on a machine whose speed drifts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareTickets } from './compare.mjs';
import { dataFile, generate, GENERIC_MAP, parseSize } from './generate.mjs';
import { generateParquet, PARQUET_COLUMNS, parquetFile } from './generate-parquet.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const sizeLabel = option('size', '1m').toLowerCase();
const layout = option('layout', 'zendesk');
const runs = Number(option('runs', '1'));
const engine = option('engine', 'fast');
const skipDuckdb = args.includes('--skip-duckdb');
const rows = parseSize(sizeLabel);
const sqlEngine = engine === 'duckdb';
const engineMemory = option('engine-memory', undefined);

if (args.includes('--suite')) {
  const { suiteMain } = await import('./suite.mjs');
  await suiteMain(args);
  process.exit(process.exitCode ?? 0);
}
if (args.includes('--parquet')) {
  if (!sqlEngine) throw new Error('--parquet times the SQL engine: add --engine duckdb');
  await parquetBench();
  process.exit(process.exitCode ?? 0);
}
const file = option('file', dataFile(layout, sizeLabel));

if (!existsSync(file)) {
  process.stderr.write(`generating ${relative(root, file)} (${rows} rows, ${layout})...\n`);
  await generate({ rows, layout, out: file });
}
const bytes = statSync(file).size;
const scratch = mkdtempSync(join(tmpdir(), 'opsmetrics-bench-'));

/** Runs a command under /usr/bin/time; returns stdout, wall seconds and peak RSS in MB. */
function measure(command, commandArgs, env = {}) {
  const timeFile = join(scratch, 'time.txt');
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', command, ...commandArgs], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}\n${result.stderr}`);
  }
  const [seconds, kilobytes] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { stdout: result.stdout, seconds, rssMB: kilobytes / 1024 };
}

/** One measured run, logged on stderr. */
function timed(label, command, commandArgs, env) {
  const run = measure(command, commandArgs, env);
  process.stderr.write(`  ${label}: ${run.seconds.toFixed(2)} s, ${run.rssMB.toFixed(0)} MB\n`);
  return run;
}

const fastest = (list) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const reportArgs = [
  join('bin', 'opsmetrics.js'),
  'report',
  file,
  '--by',
  'team,priority',
  '--format',
  'json',
  '--quiet',
  '--max-bad-rows',
  String(rows),
];
if (layout === 'generic') reportArgs.push('--profile', 'generic', ...GENERIC_MAP.flatMap((pair) => ['--map', pair]));
process.stderr.write(`benchmark: ${relative(root, file)} (${(bytes / 1e6).toFixed(1)} MB)\n`);
// Runs alternate (ours, DuckDB, ours, ...): on a shared machine whose speed drifts, each pair runs
// under about the same load, and the median of the pairs' ratios is the steadier figure.
const ourRuns = [];
const duckRuns = [];
const sqlRuns = [];
const sqlArgs = [...reportArgs, '--engine', 'duckdb', ...(engineMemory ? ['--engine-memory', engineMemory] : [])];
for (let i = 0; i < runs; i++) {
  ourRuns.push(timed('opsmetrics', process.execPath, reportArgs, { OPSMETRICS_ENGINE: sqlEngine ? 'fast' : engine }));
  if (sqlEngine) sqlRuns.push(timed('opsmetrics --engine duckdb', process.execPath, sqlArgs));
  if (!skipDuckdb) duckRuns.push(timed('duckdb', process.execPath, [join('bench', 'duckdb-report.mjs'), file, layout]));
}
const ours = fastest(ourRuns);
const sqlOurs = sqlEngine ? fastest(sqlRuns) : undefined;
const duck = skipDuckdb ? undefined : fastest(duckRuns);
const pairRatio = skipDuckdb ? undefined : median(ourRuns.map((run, i) => run.seconds / duckRuns[i].seconds));
rmSync(scratch, { recursive: true, force: true });

// Same numbers?
let mismatches = 0;
if (duck !== undefined) {
  const lines = compareTickets(JSON.parse(ours.stdout), JSON.parse(duck.stdout));
  for (const line of lines.slice(0, 20)) process.stderr.write(`  MISMATCH ${line}\n`);
  mismatches += lines.length;
}

// The SQL engine's figures against the JS engine's: every metric of every row.
if (sqlOurs !== undefined) {
  const a = JSON.parse(ours.stdout);
  const b = JSON.parse(sqlOurs.stdout);
  const close = (x, y) =>
    x === null || y === null ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  let sqlMismatches = 0;
  if (a.rows.length !== b.rows.length) sqlMismatches++;
  a.rows.forEach((row, i) => {
    for (const [id, value] of Object.entries(row.metrics)) {
      for (const [figure, x] of Object.entries(value)) {
        if (typeof x === 'number' && !close(x, b.rows[i]?.metrics[id]?.[figure] ?? null)) {
          if (++sqlMismatches <= 20)
            process.stderr.write(
              `  MISMATCH row ${i} ${id}.${figure}: js ${x}, sql ${b.rows[i]?.metrics[id]?.[figure]}\n`,
            );
        }
      }
    }
  });
  for (const key of ['read', 'used', 'rejected']) if (a.input[key] !== b.input[key]) sqlMismatches++;
  mismatches += sqlMismatches;
  process.stderr.write(
    `  SQL engine against the JS engine: ${sqlMismatches === 0 ? 'every figure equal (1e-9)' : `${sqlMismatches} MISMATCHES`}\n`,
  );
}

const mb = bytes / 1e6;
const line = (tool, r, all) =>
  `| ${tool} | ${r.seconds.toFixed(2)} s | ${median(all.map((x) => x.seconds)).toFixed(2)} s | ` +
  `${Math.round(rows / r.seconds).toLocaleString('en-US')} | ` +
  `${(mb / r.seconds).toFixed(0)} | ${r.rssMB.toFixed(0)} MB |`;
const table = [
  `Benchmark: ${sizeLabel} tickets (${rows.toLocaleString('en-US')} ` +
    `rows, ${layout} layout, ${mb.toFixed(0)} MB CSV), ` +
    `\`report --by team,priority --format json\`; ${cpus().length} cores, Node ` +
    `${process.version}, ${new Date().toISOString().slice(0, 10)}, ${runs} alternating runs each`,
  '',
  '| tool | wall (best) | wall (median) | rows/s | MB/s | peak RSS |',
  '|---|---:|---:|---:|---:|---:|',
  line(`opsmetrics (${sqlEngine ? 'fast' : engine})`, ours, ourRuns),
  ...(sqlOurs === undefined ? [] : [line('opsmetrics --engine duckdb', sqlOurs, sqlRuns)]),
  ...(duck === undefined ? [] : [line('DuckDB 1.5, 2 threads', duck, duckRuns)]),
  '',
  duck === undefined
    ? ''
    : `ratio opsmetrics / DuckDB: wall ${(ours.seconds / duck.seconds).toFixed(2)} (best ` +
      `against best), ${pairRatio.toFixed(2)} (median of the ${runs} alternating pairs); ` +
      `peak RSS ${(ours.rssMB / duck.rssMB).toFixed(2)}; ` +
      (mismatches === 0 ? 'figures identical (to 1e-6)' : `${mismatches} MISMATCHES`),
];
process.stdout.write(`${table.join('\n')}\n`);
if (mismatches > 0) process.exitCode = 1;

/** The SQL engine alone on a typed Parquet file: wall time, peak RSS, rows/s. */
async function parquetBench() {
  const parquet = option('file', parquetFile(sizeLabel));
  if (!existsSync(parquet)) {
    process.stderr.write(`generating ${relative(root, parquet)} (${rows} rows, typed Parquet)...\n`);
    const t = Date.now();
    await generateParquet({ rows, out: parquet });
    process.stderr.write(`  written in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  }
  const size = statSync(parquet).size;
  const scratchDir = mkdtempSync(join(tmpdir(), 'opsmetrics-bench-'));
  const timeFile = join(scratchDir, 'time.txt');
  const commandArgs = [
    join('bin', 'opsmetrics.js'),
    'report',
    parquet,
    '--engine',
    'duckdb',
    ...(engineMemory ? ['--engine-memory', engineMemory] : []),
    '--profile',
    'generic',
    ...PARQUET_COLUMNS.flatMap((c) => ['--map', `${c}=${c}`]),
    '--by',
    'team,priority',
    '--format',
    'json',
    '--quiet',
  ];
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', process.execPath, ...commandArgs], {
    cwd: root,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`report --engine duckdb exited ${result.status}\n${result.stderr}`);
  const [seconds, kilobytes] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  rmSync(scratchDir, { recursive: true, force: true });
  const report = JSON.parse(result.stdout);
  process.stdout.write(
    `${[
      `Benchmark: ${sizeLabel} tickets (${rows.toLocaleString('en-US')} rows, typed Parquet, ` +
        `${(size / 1e9).toFixed(2)} GB), \`report --engine duckdb --by team,priority --format json\`` +
        `${engineMemory ? `, DuckDB memory limit ${engineMemory}` : ''}; ${cpus().length} cores, ` +
        `${new Date().toISOString().slice(0, 10)}`,
      '',
      '| tool | wall | rows/s | peak RSS | tickets read | groups |',
      '|---|---:|---:|---:|---:|---:|',
      `| opsmetrics --engine duckdb | ${seconds.toFixed(1)} s | ${Math.round(rows / seconds).toLocaleString('en-US')} | ` +
        `${(kilobytes / 1024).toFixed(0)} MB | ${report.input.read.toLocaleString('en-US')} | ${report.rows.length} |`,
    ].join('\n')}\n`,
  );
}
