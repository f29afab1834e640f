/**
 * The workbook of every fixture, written by the built CLI and read back: every XML part well-formed,
 * and every figure of the report's rows equal to the JSON report's (the JSON figures are checked
 * against independent expectations elsewhere; here the question is that the workbook carries them
 * over exactly, in native types).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { figureOf } from '../../src/report/flatten.js';
import type { Report } from '../../src/report/model.js';
import { cellFormats, readSheets, workbookProblems, xlsxParts } from '../helpers/xlsx.js';
import { FIXTURE_RUNS } from './fixture-runs.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-xlsx-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sheet that holds the report's rows, by the report's slicing. */
function rowsSheet(report: Report): string {
  const { period, by } = report.window;
  if (period !== null && by.length > 0) return 'By period and group';
  if (period !== null) return 'By period';
  return by.length > 0 ? 'By group' : 'All figures';
}

// The fixtures run side by side (each writes its own file), and so do each one's two runs: most of a run is
// waiting for its command line.
describe.concurrent.each(FIXTURE_RUNS)('xlsx of $name', ({ name, args }) => {
  it('reads back with the JSON report figures, native types and formats, valid XML', async () => {
    const file = join(dir, `${name}.xlsx`);
    const [json, written] = await Promise.all([
      runCli([...args, '--format', 'json', '-q']),
      runCli([...args, '-o', file, '-q']),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    const bytes = new Uint8Array(readFileSync(file));
    expect(workbookProblems(bytes)).toEqual([]);

    const sheets = await readSheets(bytes);
    expect([...sheets.keys()]).toEqual(expect.arrayContaining(['Summary', rowsSheet(report), 'Checks', 'Definitions']));
    const rows = sheets.get(rowsSheet(report)) ?? [];
    const head = rows[0] as string[];
    expect(rows).toHaveLength(report.rows.length + 1);
    const formats = cellFormats(xlsxParts(bytes), rowsSheet(report));
    const letter = (c: number) =>
      (c < 26 ? '' : String.fromCharCode(64 + Math.floor(c / 26))) + String.fromCharCode(65 + (c % 26));
    let checked = 0;
    for (const spec of report.columns) {
      const column = head.indexOf(spec.label);
      const unavailable = report.rows.every((row) => row.metrics[spec.metric]?.kind === 'unavailable');
      // Columns of metrics this input can never fill are left out (--all-columns keeps them).
      expect(column === -1, spec.key).toBe(unavailable);
      if (column === -1) continue;
      report.rows.forEach((row, r) => {
        const expected = figureOf(row.metrics[spec.metric], spec.figure);
        const cell = rows[r + 1]?.[column];
        if (expected === null) expect(cell ?? null, `${spec.key} row ${r}`).toBeNull();
        else {
          expect(typeof cell, `${spec.key} row ${r}`).toBe('number');
          expect(cell as number).toBeCloseTo(expected, 9);
          const format = formats[`${letter(column)}${r + 2}`];
          if (spec.percent && spec.figure === 'value') expect(format).toBe('0.0%');
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(0);
    // The Summary's tickets (or orders) created over the window are the sum of the rows' (a count adds up).
    const volume = report.kind === 'orders' ? 'orders' : 'created';
    const summaryRow = (sheets.get('Summary') ?? []).find((row) => row[8] === volume);
    const sum = report.rows.reduce((total, row) => {
      const value = row.metrics[volume];
      return total + (value?.kind === 'count' ? value.value : 0);
    }, 0);
    expect(summaryRow?.[2], name).toBe(sum);
    // Period bounds are Excel dates (read back as Date), the wall time of the report zone.
    if (report.window.period !== null) {
      const start = rows[1]?.[1];
      expect(start).toBeInstanceOf(Date);
      // A serial day number holds the time to about a microsecond: compare within a second.
      const wall = Date.parse(`${report.rows[0]?.period.start.slice(0, 19)}Z`);
      expect(Math.abs((start as Date).getTime() - wall)).toBeLessThan(1000);
    }
  });
});
