/**
 * The fuzz properties' pipeline: a generated export (test/fuzz/exports.ts) written as CSV, CSV.gz,
 * JSON or NDJSON and a generated config (YAML or JSON) go through the programmatic API exactly as
 * `opsmetrics report` and `opsmetrics check` run them (loadConfig -> resolveTicketRun -> loadTickets
 * -> ticketReport -> render; planChecks -> runChecks), in-process for speed.
 *
 * It runs the built engine (dist/, which `npm test` and `npm run fuzz` build first): the fast
 * engine's reading thread is a worker that cannot start from src/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import * as api from '../../dist/index.js';
import type { Report } from '../../dist/index.js';

export { api };

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-fuzz-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Writes `bytes` under a new name ending in `extension` in the run's temp folder; returns its path. */
export function save(bytes: Uint8Array | string, extension: string): string {
  const path = join(dir, `f${process.pid}-${files++}.${extension}`);
  writeFileSync(path, bytes);
  return path;
}

export type InputFormat = 'csv' | 'csv.gz' | 'json' | 'ndjson';
export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'csv.gz', 'json', 'ndjson'];

/** A table of text cells under a header: what a generated export is before it is written in a format. */
export interface Table {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

/** One CSV cell, quoted when it must be (RFC 4180). */
export const csvCell = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** A cell JSON can hold as a number literal, written as it is (`007` cannot: JSON has no leading zeros). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * The table in `format`'s bytes. In JSON and NDJSON an empty cell is null, and with `numbers` a cell
 * that is a JSON number literal is written as that literal (`"Id": 9007199254740993`, `"Replies": 2`),
 * as API exports do; else every cell is a string.
 */
export function encode(table: Table, format: InputFormat, lineEnd = '\n', numbers = false): Buffer {
  if (format === 'csv' || format === 'csv.gz') {
    const lines = [table.header, ...table.rows].map((cells) => cells.map(csvCell).join(','));
    const text = Buffer.from(lines.join(lineEnd) + lineEnd, 'utf8');
    return format === 'csv' ? text : gzipSync(text);
  }
  const objects = table.rows.map((cells) => {
    const object: Record<string, string | null> = {};
    table.header.forEach((name, i) => {
      const cell = cells[i] ?? '';
      object[name] = cell === '' ? null : cell;
    });
    return object;
  });
  const literal = (o: Record<string, string | null>) =>
    numbers
      ? `{${Object.entries(o)
          .map(([k, v]) => `${JSON.stringify(k)}:${v !== null && JSON_NUMBER.test(v) ? v : JSON.stringify(v)}`)
          .join(',')}}`
      : JSON.stringify(o);
  const text =
    format === 'json' ? `[\n${objects.map(literal).join(`,${lineEnd}`)}\n]` : objects.map(literal).join(lineEnd);
  return Buffer.from(`${text}\n`, 'utf8');
}

/** How the engine reads: the CSV reader, the reading thread, the bytes the thread reads at a time. */
export interface EngineChoice {
  reader: 'fast' | 'reference';
  thread: 'on' | 'off';
  /** Bytes per read of the reading thread (small values cut records across reads). */
  chunk?: number;
}

export interface RunInput {
  /** The exports: bytes and the extension that names their format. */
  files: readonly { bytes: Uint8Array; format: InputFormat }[];
  /** The config object, written as YAML or JSON; undefined: no config file. */
  config?: Record<string, unknown>;
  configFormat?: 'yaml' | 'json';
  flags?: api.ReportFlags;
  engine?: EngineChoice;
  /** Overrides the largest field (bytes) after the options are resolved. */
  maxFieldBytes?: number;
  /** Render the JSON report (default true; properties that compare the report object skip it). */
  json?: boolean;
}

export interface RunOutcome {
  /** The JSON report (`--format json`), when the run got that far. */
  json?: string;
  report?: Report;
  /** A run that ended in an AppError: its code and exit code. Anything else thrown is a crash. */
  error?: { code: string; exit: number; message: string };
  warnings: string[];
  /** The rows broke a limit (--max-bad-rows, --max-duplicate-share): the CLI exits 3 writing nothing. */
  rowsProblem: boolean;
  loaded?: api.LoadedTickets;
}

const VERSION = '0.0.0-fuzz';

const loadedConfigs = new WeakMap<object, Promise<api.Config>>();

/**
 * Writes the config object as a file and loads it as `--config` would (once per object: a property
 * that runs one input several ways reads its config once).
 */
export function configOf(config: Record<string, unknown> | undefined, format: 'yaml' | 'json' = 'yaml') {
  if (config === undefined) return Promise.resolve(api.emptyConfig());
  let loaded = loadedConfigs.get(config);
  if (loaded === undefined) {
    const path = format === 'yaml' ? save(stringify(config), 'yml') : save(JSON.stringify(config), 'json');
    loaded = api.loadConfig(path);
    loadedConfigs.set(config, loaded);
  }
  return loaded;
}

/** Paths of the run's inputs, each written to a file named by its format. */
export const pathsOf = (input: RunInput): string[] => input.files.map((f) => save(f.bytes, f.format));

function engineOf(choice: EngineChoice | undefined): Record<string, string> {
  const c = choice ?? { reader: 'fast', thread: 'off' };
  return {
    OPSMETRICS_ENGINE: c.reader,
    OPSMETRICS_SCAN_THREAD: c.thread,
    OPSMETRICS_METRICS_THREAD: 'off',
    ...(c.chunk === undefined ? {} : { OPSMETRICS_SCAN_CHUNK_BYTES: String(c.chunk) }),
  };
}

/** Runs `fn`, turning an AppError into an outcome and letting anything else (a crash) through. */
async function guarded(fn: (outcome: RunOutcome) => Promise<void>): Promise<RunOutcome> {
  const outcome: RunOutcome = { warnings: [], rowsProblem: false };
  try {
    await fn(outcome);
  } catch (error) {
    if (error instanceof api.AppError) {
      const e = error as api.AppError & { code: string; exitCode: number };
      if (e.exitCode !== 2 && e.exitCode !== 3) throw error;
      outcome.error = { code: e.code, exit: e.exitCode, message: e.message };
    } else throw error;
  }
  return outcome;
}

/** `opsmetrics report FILES --format json` in-process. */
export async function runReport(input: RunInput): Promise<RunOutcome> {
  return guarded(async (outcome) => {
    const config = await configOf(input.config, input.configFormat);
    const run = api.resolveTicketRun({ ...(input.flags ?? {}), totals: true }, config, engineOf(input.engine));
    if (input.maxFieldBytes !== undefined) run.input.maxFieldBytes = input.maxFieldBytes;
    const loaded = await api.loadTickets(pathsOf(input), run, config, { version: VERSION });
    outcome.loaded = loaded;
    outcome.warnings = loaded.warnings;
    const { report } = await api.ticketReport(loaded, { insights: false, explain: false });
    outcome.report = report;
    outcome.rowsProblem =
      api.rowsProblem(report.input, { maxBadRows: loaded.maxBadRows, maxDuplicateShare: loaded.maxDuplicateShare }) !==
      null;
    if (input.json !== false) outcome.json = (await api.render(report, 'json')) as string;
  });
}

export interface CheckOutcome {
  check?: api.CheckRun;
  error?: { code: string; exit: number; message: string };
}

/** `opsmetrics check FILES --threshold ... --min-sample N` in-process: the judged results and the exit code. */
export async function runCheck(input: RunInput, thresholds: readonly string[], minSample: number) {
  const outcome: CheckOutcome = {};
  const run = await guarded(async () => {
    const config = await configOf(input.config, input.configFormat);
    const planned = await api.planChecks(config, thresholds, { minSample });
    const run = api.resolveTicketRun(input.flags ?? {}, config, engineOf(input.engine));
    const loaded = await api.loadTickets(pathsOf(input), run, config, { version: VERSION, extraBy: planned.extraBy });
    outcome.check = api.runChecks(loaded, planned.checks, 'error', VERSION);
  });
  if (run.error !== undefined) outcome.error = run.error;
  return outcome;
}

/** The JSON report without what names the files (their temp paths differ from run to run). */
export function comparable(outcome: RunOutcome): string {
  if (outcome.error !== undefined) return `error ${outcome.error.code} (exit ${outcome.error.exit})`;
  return (outcome.json ?? '').replace(/f\d+-\d+\.(csv\.gz|csv|ndjson|json)/g, 'FILE.$1');
}
