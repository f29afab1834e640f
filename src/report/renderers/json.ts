/**
 * JSON and NDJSON output. JSON is the Report object as it is: the documented, versioned schema
 * (docs/json.md, `schema_version`). NDJSON splits the same content into one object per line
 * for line-based tools (`jq -c`, log shippers, `grep`).
 */

import type { Report, ReportRow } from '../model.js';
import { jsonPieces } from './json-stream.js';

/**
 * The report as pretty JSON (two-space indent) with a trailing newline.
 *
 * @example
 * const text = renderJson(fixture('examples/report.json'));
 * [text.split('\n').slice(0, 3), text.endsWith('}\n'), JSON.parse(text).rows[0].group]
 * // [['{', '  "schema_version": 1,', '  "tool": {'], true, { team: 'Billing' }]
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * {@link renderJson}'s text in pieces (see json-stream.ts): what the command line writes, so that a
 * report too large for one string (about 130,000 groups) is written all the same.
 */
export function* renderJsonPieces(report: Report): Generator<string> {
  yield* jsonPieces(report, 2);
  yield '\n';
}

/** An NDJSON line for one report row. */
export interface NdjsonRowLine extends ReportRow {
  type: 'row';
  schema_version: number;
}

/** The last NDJSON line: everything in the report except its rows. */
export interface NdjsonSummaryLine extends Omit<Report, 'rows'> {
  type: 'summary';
  /** Number of `row` lines before this one. */
  row_count: number;
}

/**
 * The report as NDJSON: one compact JSON object per line, each line ends with `\n`.
 *
 * Every line has `type` first and `schema_version`, so a line can be read alone:
 * - `{"type":"row","schema_version":1,"period":…,"group":…,"metrics":…,"previous"?:…}`: one per
 *   report row, in report order; the fields are those of `ReportRow`.
 * -
 * `{"type":"summary","schema_version":1,"row_count":N,"tool":…,"kind":…,"window":…,"definitions":…,…}`:
 *   exactly one, the LAST line: the rest of the report. Being last, its presence tells a consumer
 *   that the output is complete (a producer killed midway leaves no summary).
 *
 * Select with `jq -c 'select(.type == "row")'`.
 *
 * @example
 * // fixtures/examples by team: two rows, then the summary
 * const lines = renderNdjson(fixture('examples/report.json')).split('\n');
 * [lines.slice(0, 3).map((line) => JSON.parse(line)).map((o) => [o.type, o.group ?? o.row_count]), lines[3]]
 * // [[['row', { team: 'Billing' }], ['row', { team: 'Shipping' }], ['summary', 2]], '']
 */
export function renderNdjson(report: Report): string {
  const { rows, schema_version, ...rest } = report;
  const lines = rows.map((row) => {
    const line: NdjsonRowLine = { type: 'row', schema_version, ...row };
    return JSON.stringify(line);
  });
  const summary: NdjsonSummaryLine = { type: 'summary', schema_version, row_count: rows.length, ...rest };
  lines.push(JSON.stringify(summary));
  return lines.map((line) => `${line}\n`).join('');
}

/** {@link renderNdjson}'s text in pieces: a piece per row line, the summary line in pieces. */
export function* renderNdjsonPieces(report: Report): Generator<string> {
  const { rows, schema_version, ...rest } = report;
  for (const row of rows) {
    const line: NdjsonRowLine = { type: 'row', schema_version, ...row };
    yield `${JSON.stringify(line)}\n`;
  }
  const summary: NdjsonSummaryLine = { type: 'summary', schema_version, row_count: rows.length, ...rest };
  yield* jsonPieces(summary, 0);
  yield '\n';
}
