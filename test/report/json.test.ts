import { describe, expect, it } from 'vitest';
import { renderJson, renderNdjson } from '../../src/report/renderers/json.js';
import { compareReport, groupedReport, sampleReport } from './sample-report.js';

describe('renderJson', () => {
  it('is the report as it is, two-space indented, with a trailing newline', () => {
    const report = compareReport();
    const json = renderJson(report);
    expect(json.startsWith('{\n  "schema_version": 1,\n  "tool": {\n    "name": "opsmetrics",')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
  });
});

describe('renderNdjson', () => {
  it('writes one row line per report row, then one summary line', () => {
    const report = groupedReport(['Billing', 'line\nbreak', null]);
    const text = renderNdjson(report);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(4);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line['type'])).toEqual(['row', 'row', 'row', 'summary']);
    expect(lines[0]?.startsWith('{"type":"row","schema_version":1,"period":{"label":"2025-W47"')).toBe(true);
    expect(parsed[1]).toEqual({ type: 'row', schema_version: 1, ...report.rows[1] });
    expect(parsed[2]?.['group']).toEqual({ team: null });
  });

  it('puts everything but the rows in the summary line', () => {
    const report = compareReport();
    const lines = renderNdjson(report).trimEnd().split('\n');
    const { rows, ...rest } = report;
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ type: 'summary', row_count: rows.length, ...rest });
    expect(lines[0]).toContain('"previous":{"period":{"label":"2025-W46"');
  });

  it('writes only the summary for a report without rows', () => {
    const lines = renderNdjson(sampleReport({ rows: [] }))
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ type: 'summary', row_count: 0 });
  });
});
