/**
 * `npm run bench -- --suite [--pairs N] [--large] [--quick] [--size 1m] [--only a,b] [--data-dir DIR]
 * [--startup-pairs N] [--strict]`: every job of issue #25's table in one run, each as alternating pairs
 * (opsmetrics, reference, opsmetrics, ...; on a shared machine each pair meets about the same load) of
 * child processes measured by /usr/bin/time (wall time, peak RSS). Per job: opsmetrics' median wall
 * time and peak RSS, the reference's median, the median of the pairs' ratios (the figure the targets
 * are stated in), the target, whether the figures agree, pass or fail. Prints one Markdown table with
 * the machine, versions and date; the raw runs go to stderr as they come.
 *
 * Jobs (sizes from `--size`, default 1m; files generated when missing, seed 42):
 * - zendesk, generic: `report --by team,priority --format json` against DuckDB SQL of the same figures
 *   (bench/duckdb-report.mjs, 2 threads), figures checked (bench/compare.mjs);
 * - zendesk-10m (`--large`): the same at 10M rows, with a peak-RSS target;
 * - html, insights, xlsx: `--format html`, `--insights` and `--format xlsx --output FILE` against the JSON
 *   report of the same file (the workbook checked to be a zip holding the workbook's parts);
 * - orders: a Shopify-style export (bench/generate-orders.mjs, line items folded) against
 *   bench/duckdb-orders.mjs; events: an event log (bench/generate-events.mjs) against bench/duckdb-events.mjs;
 * - day: `--period day` over the file's year against the one-period report (linear in tickets + days);
 * - version, help, report-100: start-up against a bare `node -e ''`.
 *
 * `--quick` (smoke use): 20k rows, 1 pair, 3 start-up pairs. Exit 1 when a figure differs from the
 * reference's or a run fails (its job's row says ERROR, the others are measured); with `--strict`, also
 * when a target is missed. Do not rebuild (`npm run build`) while it runs: the runs load the bundle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareEvents, compareOrders, compareTickets } from './compare.mjs';
import { eventsFile, generateEvents } from './generate-events.mjs';
import { generateOrders, ordersFile } from './generate-orders.mjs';
import { dataFile, GENERIC_MAP, generate, parseSize } from './generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'opsmetrics.js');

/** The suite's options from its command-line arguments. */
export function suiteOptions(args) {
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const quick = args.includes('--quick');
  const pairs = Number(option('pairs', quick ? '1' : '5'));
  const startupPairs = Number(option('startup-pairs', quick ? '3' : String(Math.max(15, 3 * pairs))));
  for (const [name, value] of [
    ['--pairs', pairs],
    ['--startup-pairs', startupPairs],
  ]) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1; got ${value}`);
  }
  const only = option('only', undefined);
  return {
    size: option('size', quick ? '20k' : '1m').toLowerCase(),
    pairs,
    startupPairs,
    large: args.includes('--large'),
    strict: args.includes('--strict'),
    only: only === undefined ? null : new Set(only.split(',')),
    dataDir: resolve(option('data-dir', join(root, 'bench', 'data'))),
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The jobs of the suite, their files to make, and how to check their figures. */
function jobs(options, scratch) {
  const { size, dataDir } = options;
  const rows = parseSize(size);
  const inDir = (path) => join(dataDir, basename(path));
  const zendesk = inDir(dataFile('zendesk', size));
  const generic = inDir(dataFile('generic', size));
  const large = inDir(dataFile('zendesk', '10m'));
  const orders = inDir(ordersFile(size));
  const events = inDir(eventsFile(size, 'csv'));
  const small = inDir(dataFile('zendesk', '100'));
  const files = [
    { path: zendesk, make: () => generate({ rows, layout: 'zendesk', out: zendesk }) },
    { path: generic, make: () => generate({ rows, layout: 'generic', out: generic }) },
    { path: orders, make: () => generateOrders({ orders: rows, out: orders }) },
    { path: events, make: () => generateEvents({ events: rows, out: [events] }) },
    { path: small, make: () => generate({ rows: 100, layout: 'zendesk', out: small }) },
    ...(options.large
      ? [{ path: large, make: () => generate({ rows: 10_000_000, layout: 'zendesk', out: large }) }]
      : []),
  ];
  const quiet = (n) => ['--quiet', '--max-bad-rows', String(n)];
  const byTeam = ['--by', 'team,priority', '--format', 'json'];
  const genericMap = ['--profile', 'generic', ...GENERIC_MAP.flatMap((pair) => ['--map', pair])];
  const json = (text) => JSON.parse(text);
  const duck = (script, ...args) => ({ label: 'DuckDB SQL, 2 threads', args: [join(root, 'bench', script), ...args] });
  const report = (...args) => [bin, 'report', ...args];
  const jsonReport = { label: 'JSON report', args: report(zendesk, '--format', 'json', ...quiet(rows)) };
  const bare = { label: "node -e ''", args: ['-e', ''] };
  const workbook = join(scratch, 'report.xlsx');
  const list = [
    {
      id: 'zendesk',
      label: `${size} zendesk, \`--by team,priority --format json\``,
      ours: report(zendesk, ...byTeam, ...quiet(rows)),
      reference: duck('duckdb-report.mjs', zendesk, 'zendesk'),
      check: (ours, theirs) => compareTickets(json(ours), json(theirs)),
      target: 0.8,
    },
    {
      id: 'generic',
      label: `${size} generic (e-mail customers, ISO times with offsets)`,
      ours: report(generic, ...byTeam, ...genericMap, ...quiet(rows)),
      reference: duck('duckdb-report.mjs', generic, 'generic'),
      check: (ours, theirs) => compareTickets(json(ours), json(theirs)),
      target: 1.0,
    },
    ...(options.large
      ? [
          {
            id: 'zendesk-10m',
            label: '10m zendesk, `--by team,priority --format json`',
            ours: report(large, ...byTeam, ...quiet(10_000_000)),
            reference: duck('duckdb-report.mjs', large, 'zendesk'),
            check: (ours, theirs) => compareTickets(json(ours), json(theirs)),
            target: 1.0,
            rssTargetMB: 1600,
          },
        ]
      : []),
    {
      id: 'html',
      outputOnly: true,
      label: `${size} zendesk \`--format html\``,
      ours: report(zendesk, '--format', 'html', ...quiet(rows)),
      reference: jsonReport,
      check: (ours) => (ours.includes('<html') ? [] : ['no HTML page written']),
      target: 1.5,
    },
    {
      id: 'insights',
      outputOnly: true,
      label: `${size} zendesk \`--insights --format json\``,
      ours: report(zendesk, '--insights', '--format', 'json', ...quiet(rows)),
      reference: jsonReport,
      check: (ours) => (json(ours).insights === undefined ? ['no insights in the report'] : []),
      target: 1.5,
    },
    {
      id: 'xlsx',
      outputOnly: true,
      label: `${size} zendesk \`--format xlsx\``,
      ours: report(zendesk, '--format', 'xlsx', '--output', workbook, ...quiet(rows)),
      reference: jsonReport,
      check: () => checkWorkbook(workbook),
      target: 1.5,
    },
    {
      id: 'orders',
      label: `${size} Shopify-style orders (line items folded), \`--orders --format json\``,
      ours: report('--orders', orders, '--format', 'json', ...quiet(3 * rows)),
      reference: duck('duckdb-orders.mjs', orders),
      check: (ours, theirs) => compareOrders(json(ours), json(theirs)),
      target: 1.0,
    },
    {
      id: 'events',
      label: `${size}-event log, \`--events --format json\``,
      ours: report('--events', events, '--format', 'json', ...quiet(rows)),
      reference: duck('duckdb-events.mjs', events),
      check: (ours, theirs) => compareEvents(json(ours), json(theirs)),
      target: 1.0,
    },
    {
      id: 'day',
      outputOnly: true,
      label: `${size} zendesk \`--period day\` (a year of days)`,
      ours: report(zendesk, '--period', 'day', '--format', 'json', ...quiet(rows)),
      reference: { label: 'one-period JSON report', args: jsonReport.args },
      check: (ours) => (json(ours).rows.length >= 300 ? [] : [`${json(ours).rows.length} day rows, want a year`]),
      target: 1.5,
    },
    {
      id: 'version',
      outputOnly: true,
      label: 'start-up: `--version`',
      ours: [bin, '--version'],
      reference: bare,
      check: (ours) => (/^\d+\.\d+\.\d+/.test(ours) ? [] : ['no version printed']),
      target: 1.3,
      startup: true,
    },
    {
      id: 'help',
      outputOnly: true,
      label: 'start-up: `--help`',
      ours: [bin, '--help'],
      reference: bare,
      check: (ours) => (ours.includes('Usage') ? [] : ['no help printed']),
      target: 1.3,
      startup: true,
    },
    {
      id: 'report-100',
      outputOnly: true,
      label: 'start-up: 100-row report (`--format json`)',
      ours: report(small, '--format', 'json', ...quiet(100)),
      reference: bare,
      check: (ours) => (json(ours).rows.length === 1 ? [] : ['not a one-row report']),
      target: 1.3,
      startup: true,
    },
  ];
  return { files, list: options.only === null ? list : list.filter((job) => options.only.has(job.id)) };
}

/**
 * What is wrong with the workbook at `path` ([] when nothing): an XLSX file is a zip archive (local
 * header `PK\x03\x04` first, end of central directory `PK\x05\x06` in its last 64 KiB + 22 bytes)
 * whose central directory names `[Content_Types].xml` and `xl/workbook.xml`.
 */
export function checkWorkbook(path) {
  if (!existsSync(path)) return [`no workbook written at ${path}`];
  const bytes = readFileSync(path);
  if (bytes.length === 0) return [`empty workbook ${path}`];
  const problems = [];
  if (bytes.readUInt32LE(0) !== 0x04034b50) problems.push(`${path} does not start as a zip archive (PK\\3\\4)`);
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) problems.push(`${path} has no zip end of central directory`);
  for (const part of ['[Content_Types].xml', 'xl/workbook.xml']) {
    if (!bytes.includes(Buffer.from(part))) problems.push(`${path} holds no ${part}`);
  }
  return problems;
}

/** Runs `node ARGS` under /usr/bin/time: stdout, wall seconds, peak RSS in MB. */
function measure(args, scratch) {
  const timeFile = join(scratch, 'time.txt');
  const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', process.execPath, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}\n${result.stderr.slice(0, 2000)}`);
  }
  const [seconds, kilobytes] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { stdout: result.stdout, seconds, rssMB: kilobytes / 1024 };
}

/** The machine, versions and date the table was measured on. */
function setting() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const duckdb = JSON.parse(readFileSync(join(root, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'));
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const commit = git.status === 0 ? ` (${git.stdout.trim()})` : '';
  const cpu = cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB; ` +
    `Node ${process.version}, opsmetrics ${manifest.version}${commit}, DuckDB node-api ${duckdb.version}; ` +
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`
  );
}

/**
 * Runs the suite; resolves with the result rows and the Markdown table. `log` receives the raw runs.
 * @param {ReturnType<typeof suiteOptions>} options
 */
export async function runSuite(options, log = (line) => process.stderr.write(`${line}\n`)) {
  const scratch = mkdtempSync(join(tmpdir(), 'opsmetrics-suite-'));
  const results = [];
  try {
    const { files, list } = jobs(options, scratch);
    const used = new Set(list.flatMap((job) => [...job.ours, ...job.reference.args]));
    for (const file of files) {
      if (!used.has(file.path) || existsSync(file.path)) continue;
      log(`generating ${file.path}...`);
      await file.make();
    }
    for (const job of list) {
      const pairs = job.startup ? options.startupPairs : options.pairs;
      const ours = [];
      const theirs = [];
      for (let i = 0; i < pairs; i++) {
        try {
          ours.push(measure(job.ours, scratch));
          theirs.push(measure(job.reference.args, scratch));
        } catch (error) {
          // A run that fails fails its job, not the suite: the other jobs' figures still count.
          log(`  ${job.id} ERROR ${error.message}`);
          results.push({ id: job.id, label: job.label, reference: job.reference.label, error: error.message });
          break;
        }
        const [a, b] = [ours.at(-1), theirs.at(-1)];
        log(
          `  ${job.id} pair ${i + 1}: opsmetrics ${a.seconds.toFixed(2)} s ${a.rssMB.toFixed(0)} MB, ` +
            `${job.reference.label} ${b.seconds.toFixed(2)} s ${b.rssMB.toFixed(0)} MB`,
        );
      }
      if (results.at(-1)?.id === job.id) continue;
      const mismatches = job.check(ours[0].stdout, theirs[0].stdout);
      for (const line of mismatches.slice(0, 20)) log(`  ${job.id} MISMATCH ${line}`);
      // /usr/bin/time reports hundredths: a start-up pair of 0.00 s is counted as 0.01 s.
      const ratio = median(ours.map((run, i) => run.seconds / Math.max(0.01, theirs[i].seconds)));
      const peak = Math.max(...ours.map((run) => run.rssMB));
      const pass = ratio <= job.target && (job.rssTargetMB === undefined || peak <= job.rssTargetMB);
      results.push({
        id: job.id,
        label: job.label,
        reference: job.reference.label,
        pairs,
        oursSeconds: median(ours.map((run) => run.seconds)),
        oursRssMB: peak,
        referenceSeconds: median(theirs.map((run) => run.seconds)),
        referenceRssMB: Math.max(...theirs.map((run) => run.rssMB)),
        ratio,
        target: job.target,
        rssTargetMB: job.rssTargetMB,
        mismatches: mismatches.length,
        checked: job.outputOnly ? 'output' : 'figures',
        pass: pass && mismatches.length === 0,
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { results, table: table(results, options) };
}

/** The figures column: the reference's figures the same, or (no figures to compare) the output sane. */
const figures = (r) =>
  r.checked === 'output'
    ? r.mismatches === 0
      ? 'output ok'
      : 'OUTPUT WRONG'
    : r.mismatches === 0
      ? 'same'
      : `${r.mismatches} differ`;

function table(results, options) {
  const target = (r) => `≤ ${r.target.toFixed(2)}${r.rssTargetMB === undefined ? '' : `, ≤ ${r.rssTargetMB} MB`}`;
  return [
    `Benchmark suite (\`npm run bench -- --suite${options.large ? ' --large' : ''}\`): ${setting()}; ` +
      `${options.pairs} alternating pairs per job, ${options.startupPairs} for start-up; ` +
      'ratio = median of the pairs\u2019 ratios (opsmetrics / reference)',
    '',
    '| job | opsmetrics (median) | peak RSS | reference | reference (median) | ratio | target | check | result |',
    '|---|---:|---:|---|---:|---:|---|---|---|',
    ...results.map((r) =>
      r.error !== undefined
        ? `| ${r.label} | | | ${r.reference} | | | | | ERROR (see the log) |`
        : `| ${r.label} | ${r.oursSeconds.toFixed(2)} s | ${r.oursRssMB.toFixed(0)} MB | ${r.reference} | ` +
          `${r.referenceSeconds.toFixed(2)} s | ${r.ratio.toFixed(2)} | ${target(r)} | ` +
          `${figures(r)} | ${r.pass ? 'pass' : 'FAIL'} |`,
    ),
  ].join('\n');
}

/** The command line: `node bench/run.mjs --suite ...` lands here. */
export async function suiteMain(args) {
  const options = suiteOptions(args);
  const { results, table: text } = await runSuite(options);
  process.stdout.write(`${text}\n`);
  const wrong = results.some((r) => r.error !== undefined || r.mismatches > 0);
  if (wrong || (options.strict && results.some((r) => !r.pass))) process.exitCode = 1;
}
