import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressLine, showProgress } from '../../src/cli/progress.js';

describe('progress line', () => {
  it('is shown on a TTY only, never with --quiet, in CI or on a dumb terminal', () => {
    const tty = { isTTY: true };
    expect(showProgress(tty, false, {})).toBe(true);
    expect(showProgress({ isTTY: false }, false, {})).toBe(false);
    expect(showProgress({}, false, {})).toBe(false);
    expect(showProgress(tty, true, {})).toBe(false);
    expect(showProgress(tty, false, { CI: 'true' })).toBe(false);
    expect(showProgress(tty, false, { GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(showProgress(tty, false, { TERM: 'dumb' })).toBe(false);
  });

  it('shows bytes of the total, rows and rows per second', () => {
    // 50 of 200 MB is 25%: 6 of 24 bar cells; 250k rows in 0.5 s is 500k rows/s.
    expect(formatProgress({ bytes: 50e6, total: 200e6, rows: 250_000, elapsedMs: 500, width: 100 })).toBe(
      'reading [######..................]  25%  50.0 MB / 200 MB  250k rows  500k rows/s',
    );
    // Without a known total (stdin, gzip): bytes read only.
    expect(formatProgress({ bytes: 1.5e6, total: null, rows: 900, elapsedMs: 2000, width: 80 })).toBe(
      'reading 1.5 MB  900 rows  450 rows/s',
    );
    // Never wider than the terminal less one column.
    expect(formatProgress({ bytes: 50e6, total: 200e6, rows: 250_000, elapsedMs: 500, width: 80 })).toHaveLength(79);
    expect(formatProgress({ bytes: 50e6, total: 200e6, rows: 250_000, elapsedMs: 500, width: 30 })).toHaveLength(29);
  });

  it('draws at most every interval, falls back to 80 columns when the terminal reports none, and clears itself', () => {
    const writes: string[] = [];
    const stream = { columns: 0, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
    const line = new ProgressLine(stream, 60_000);
    line.update(10e6, 20e6, 1000);
    line.update(15e6, 20e6, 1500);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^\rreading \[#{12}\.{12}\] {2}50% {2}10\.0 MB \/ 20\.0 MB {2}1k rows/);
    expect(writes[0]?.endsWith('\x1b[K')).toBe(true);
    line.clear();
    expect(writes.at(-1)).toBe('\r\x1b[K');
    line.clear();
    expect(writes).toHaveLength(2);
  });
});
