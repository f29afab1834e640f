/** `resolveOutput`: the format an output file implies, the flags a format ignores, the CSV separators. */
import { describe, expect, it } from 'vitest';
import { resolveOutput } from '../../src/options/resolve.js';

describe('resolveOutput', () => {
  it.each([
    ['weekly.xlsx', 'xlsx'],
    ['weekly.CSV', 'csv'],
    ['out/weekly.html', 'html'],
  ])('%s is written as %s', (output, format) => {
    expect(resolveOutput({ output }).format).toBe(format);
  });

  it.each(['report.xls', 'report.txt', 'report.pdf', 'report'])(
    '%s is an error naming the formats, never a silent terminal table',
    (output) => {
      const attempt = () => resolveOutput({ output });
      expect(attempt).toThrow(expect.objectContaining({ code: 'unknown_output_format', exitCode: 2 }));
      expect(attempt).toThrow(/--output report/);
      try {
        attempt();
      } catch (error) {
        expect((error as { hint: string }).hint).toContain('xlsx');
        expect((error as { hint: string }).hint).toContain('.csv');
      }
    },
  );

  it('writes a named format into any file name', () => {
    expect(resolveOutput({ output: 'report.txt', format: 'table' }).format).toBe('table');
    expect(resolveOutput({ output: 'report.txt', format: 'table' }).warnings).toEqual([]);
  });

  it('warns about an option the format does not read', () => {
    expect(resolveOutput({ format: 'json', excel: true }).warnings).toEqual([
      'opsmetrics: warning: --excel does not apply to json output (it applies to csv, tsv); ignored',
    ]);
    expect(resolveOutput({ output: 'r.xlsx', excel: true }).warnings[0]).toContain('--excel does not apply to xlsx');
    expect(resolveOutput({ format: 'csv', excelDurations: true }).warnings[0]).toContain(
      '--excel-durations does not apply to csv output (it applies to xlsx)',
    );
    expect(resolveOutput({ format: 'csv', excel: true, allColumns: true }).warnings).toEqual([]);
  });

  it('takes a decimal comma for CSV, which refuses a comma delimiter', () => {
    expect(resolveOutput({ format: 'csv', outputDecimal: 'comma' }).decimal).toBe(',');
    expect(resolveOutput({ format: 'csv' }).decimal).toBe('.');
    expect(() => resolveOutput({ format: 'csv', outputDecimal: 'comma', outputDelimiter: ',' })).toThrow(
      expect.objectContaining({ code: 'invalid_delimiter', where: '--output-delimiter' }),
    );
    expect(() => resolveOutput({ outputDecimal: 'komma' })).toThrow(
      expect.objectContaining({ code: 'bad_option', where: '--output-decimal' }),
    );
  });

  it('splits --metrics and refuses an empty list', () => {
    expect(resolveOutput({ metrics: 'frt, resolution_full ,fcr' }).metrics).toEqual(['frt', 'resolution_full', 'fcr']);
    expect(() => resolveOutput({ metrics: ' , ' })).toThrow(expect.objectContaining({ where: '--metrics' }));
  });
});
