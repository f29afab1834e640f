/**
 * The progress line of long reads, on stderr: bytes read (of the total when known) and rows per
 * second. Shown only on a TTY stderr, never in CI, never with --quiet; at most ~10 updates a second;
 * the line is cleared at the end so the summary starts on a clean line.
 */
import { inCi } from './env.js';

export interface ProgressState {
  /** Bytes read so far. */
  bytes: number;
  /** Total bytes, when known (a plain file); null for stdin or gzip. */
  total: number | null;
  rows: number;
  elapsedMs: number;
  /** Terminal width in columns. */
  width: number;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0)} MB`;
}

function compact(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n));
}

/**
 * The progress line (no line break), at most `width - 1` characters.
 * @example formatProgress({ bytes: 50e6, total: 200e6, rows: 250_000, elapsedMs: 500, width: 100 })
 * // 'reading [######..................]  25%  50.0 MB / 200 MB  250k rows  500k rows/s'
 */
export function formatProgress(state: ProgressState): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? `  ${compact(state.rows / seconds)} rows/s` : '';
  const rows = `  ${compact(state.rows)} rows`;
  let line: string;
  if (state.total !== null && state.total > 0) {
    const fraction = Math.min(1, state.bytes / state.total);
    const barWidth = 24;
    const filled = Math.round(fraction * barWidth);
    const percent = `${Math.floor(fraction * 100)}`.padStart(3);
    line =
      `reading [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${percent}% ` +
      ` ${megabytes(state.bytes)} / ${megabytes(state.total)}${rows}${rate}`;
  } else {
    line = `reading ${megabytes(state.bytes)}${rows}${rate}`;
  }
  return line.length >= state.width ? line.slice(0, Math.max(0, state.width - 1)) : line;
}

/** Whether to show progress: a TTY stderr, not CI, not --quiet. */
export function showProgress(
  stream: { isTTY?: boolean },
  quiet: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && quiet !== true && !inCi(env) && env.TERM !== 'dumb';
}

/** Draws the line on a TTY stream, throttled. */
export class ProgressLine {
  /** When the line was last drawn (the first update draws at once). */
  private last = -Infinity;
  private drawn = false;
  private readonly started = performance.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 100,
  ) {}

  update(bytes: number, total: number | null, rows: number): void {
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    const line = formatProgress({
      bytes,
      total,
      rows,
      elapsedMs: now - this.started,
      width: this.stream.columns || 80,
    });
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** The progress callbacks of a read for the API (none when progress is not shown). */
export function progressFor(
  quiet: boolean,
  env: NodeJS.ProcessEnv,
): { progress?: (bytes: number, total: number | null, rows: number) => void; fileDone?: () => void } {
  if (!showProgress(process.stderr, quiet, env)) return {};
  const line = new ProgressLine(process.stderr);
  return { progress: (bytes, total, rows) => line.update(bytes, total, rows), fileDone: () => line.clear() };
}
