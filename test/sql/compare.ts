/**
 * Test support: the rows of a generated statement against the JS engine's report, cell by cell.
 * Counts (n, numerators, denominators, count metrics) must be equal; durations, means, rates and
 * percentiles within 1e-9 relative.
 */
import { tableRows } from '../../src/report/flatten.js';
import type { Report } from '../../src/report/model.js';
import { columnSpecs } from '../../src/report/columns.js';
import type { SqlRow } from '../../src/sql/run.js';
import type { SqlStatement } from '../../src/sql/statement.js';

const EXACT = new Set(['n', 'numerator', 'denominator']);

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every difference between the report and the statement's rows, as lines (none when equal). */
export function differences(report: Report, rows: readonly SqlRow[], statement: SqlStatement): string[] {
  const out: string[] = [];
  const js = tableRows(report);
  const by = report.window.by;
  const keyOf = (period: unknown, groups: unknown[]) => JSON.stringify([period, ...groups]);
  const jsRows = new Map<string, Record<string, unknown>>();
  for (const cells of js.rows) {
    const row = Object.fromEntries(js.keys.map((k, i) => [k, cells[i]]));
    jsRows.set(
      keyOf(
        row.period,
        by.map((b) => row[b] ?? null),
      ),
      row,
    );
  }
  const sqlRows = new Map<string, SqlRow>();
  for (const row of rows)
    sqlRows.set(
      keyOf(
        row.period,
        by.map((b) => row[b] ?? null),
      ),
      row,
    );
  for (const key of jsRows.keys()) if (!sqlRows.has(key)) out.push(`row ${key}: in the JS report only`);
  for (const key of sqlRows.keys()) if (!jsRows.has(key)) out.push(`row ${key}: in the SQL rows only`);
  const specs = columnSpecs(statement.metrics);
  for (const [key, j] of jsRows) {
    const s = sqlRows.get(key);
    if (!s) continue;
    if (Date.parse(String(j.period_start)) !== s.period_start_ms) {
      out.push(`row ${key} period_start: JS ${j.period_start}, SQL ${s.period_start_ms}`);
    }
    if (Date.parse(String(j.period_end)) !== s.period_end_ms)
      out.push(`row ${key} period_end: JS ${j.period_end}, SQL ${s.period_end_ms}`);
    for (const spec of specs) {
      const a = j[spec.key] ?? null;
      const b = s[spec.key] ?? null;
      if (a === null || b === null) {
        if (a !== b) out.push(`row ${key} ${spec.key}: JS ${a}, SQL ${b}`);
        continue;
      }
      const equal =
        EXACT.has(spec.figure) || (spec.figure === 'value' && !spec.percent)
          ? a === b
          : close(a as number, b as number);
      if (!equal) out.push(`row ${key} ${spec.key}: JS ${a}, SQL ${b}`);
    }
  }
  // What the statement leaves out must be unavailable in the JS report too, or said why.
  const kept = new Set(statement.metrics.map((m) => m.id));
  for (const [id] of Object.entries(report.definitions.metrics)) {
    if (kept.has(id)) continue;
    const skip = statement.skipped.find((s) => s.id === id);
    if (!skip) out.push(`metric ${id}: neither computed nor skipped`);
  }
  return out;
}
