#!/usr/bin/env node
/**
 * `node bench/events.mjs [--size 1m] [--runs 3]`: event mode against the ticket report of as many
 * input rows (issue #20: within 1.5x). Each run is a child process measured by /usr/bin/time (wall
 * time, peak RSS), in this order per round so that every configuration meets about the same load on
 * a shared machine: the ticket report (`report tickets.csv --format json`), the event report of a
 * CSV log (`report --events log.csv --format json`), its variant list (`--variants --format csv`),
 * the same log as XES, and the log split into two files (messages, status changes) merged. Files are
 * generated when missing (bench/generate.mjs, bench/generate-events.mjs, seed 42). Prints a Markdown
 * table: best and median wall time, peak RSS, and the median of the per-round ratios to the tickets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventsFile, generateEvents } from './generate-events.mjs';
import { dataFile, generate, parseSize } from './generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const sizeLabel = option('size', '1m').toLowerCase();
const rows = parseSize(sizeLabel);
const runs = Number(option('runs', '3'));

const tickets = dataFile('zendesk', sizeLabel);
const csv = eventsFile(sizeLabel, 'csv');
const xes = eventsFile(sizeLabel, 'xes');
const parts = [eventsFile(sizeLabel, 'csv', 1), eventsFile(sizeLabel, 'csv', 2)];
if (!existsSync(tickets)) await generate({ rows, layout: 'zendesk', out: tickets });
if (!existsSync(csv)) await generateEvents({ events: rows, out: [csv] });
if (!existsSync(xes)) await generateEvents({ events: rows, format: 'xes', out: [xes] });
if (!parts.every((p) => existsSync(p))) await generateEvents({ events: rows, split: 2, out: parts });

const scratch = mkdtempSync(join(tmpdir(), 'opsmetrics-bench-'));
function measure(commandArgs) {
  const timeFile = join(scratch, 'time.txt');
  const result = spawnSync(
    '/usr/bin/time',
    ['-o', timeFile, '-f', '%e %M', process.execPath, join(root, 'bin', 'opsmetrics.js'), ...commandArgs],
    { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`opsmetrics ${commandArgs.join(' ')} exited ${result.status}\n${result.stderr}`);
  const [seconds, kilobytes] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, rssMB: kilobytes / 1024 };
}

const all = ['--quiet', '--max-bad-rows', String(rows)];
const configs = [
  { name: 'tickets (report, json)', file: tickets, args: ['report', tickets, '--format', 'json', ...all] },
  { name: 'events CSV (report, json)', file: csv, args: ['report', '--events', csv, '--format', 'json', ...all] },
  {
    name: 'events CSV (--variants, csv)',
    file: csv,
    args: ['report', '--events', csv, '--variants', '--format', 'csv', ...all],
  },
  { name: 'events XES (report, json)', file: xes, args: ['report', '--events', xes, '--format', 'json', ...all] },
  {
    name: 'events CSV in 2 files (report, json)',
    file: parts,
    args: ['report', '--events', parts[0], '--events', parts[1], '--format', 'json', ...all],
  },
];
const results = configs.map(() => []);
for (let round = 0; round < runs; round++) {
  configs.forEach((config, k) => {
    const run = measure(config.args);
    results[k].push(run);
    process.stderr.write(`  ${config.name}: ${run.seconds.toFixed(2)} s, ${run.rssMB.toFixed(0)} MB\n`);
  });
}
rmSync(scratch, { recursive: true, force: true });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const size = (file) => (Array.isArray(file) ? file : [file]).reduce((sum, f) => sum + statSync(f).size, 0);
const lines = [
  `Event mode against the ticket report, ${rows.toLocaleString('en-US')} input rows each (${cpus().length} cores, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${runs} rounds)`,
  '',
  '| run | input | wall (best) | wall (median) | peak RSS (max) | time / tickets (median of rounds) |',
  '|---|---:|---:|---:|---:|---:|',
  ...configs.map((config, k) => {
    const list = results[k];
    const ratio = median(list.map((run, round) => run.seconds / results[0][round].seconds));
    return (
      `| ${config.name} | ${(size(config.file) / 1e6).toFixed(0)} MB | ` +
      `${Math.min(...list.map((r) => r.seconds)).toFixed(2)} s | ` +
      `${median(list.map((r) => r.seconds)).toFixed(2)} s | ` +
      `${Math.max(...list.map((r) => r.rssMB)).toFixed(0)} MB | ${ratio.toFixed(2)} |`
    );
  }),
  '',
  `Files: ${[tickets, csv, xes, ...parts].map((f) => relative(root, f)).join(', ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
