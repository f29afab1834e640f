/** What a change means to a reader, and the narrowing of a report to some metrics. Expected by hand. */
import { describe, expect, it } from 'vitest';
import { betterOf, judgeChange, mainColumn, metricLabel } from '../../src/report/meaning.js';
import { neverFilled, selectMetrics, writtenColumns } from '../../src/report/select.js';
import { sampleReport, sampleRow, unavailable } from './sample-report.js';

describe('betterOf and judgeChange', () => {
  it.each([
    ['frt', 'lower'],
    ['resolution_full', 'lower'],
    ['backlog', 'lower'],
    ['reopened', 'lower'],
    ['resolution_rate', 'higher'],
    ['fcr', 'higher'],
    ['csat', 'higher'],
    ['sla.first_reply.achievement', 'higher'],
    ['sla.resolution.breached', 'lower'],
    ['sla.resolution.active', 'neutral'],
    ['created', 'neutral'],
    ['orders', 'neutral'],
    ['on_time_rate', 'higher'],
    ['complaints.delay', 'lower'],
  ])('%s: %s is better', (metric, better) => {
    expect(betterOf(metric)).toBe(better);
  });

  it('judges a change by the direction that is good', () => {
    expect(judgeChange('frt', -12)).toBe('good');
    expect(judgeChange('frt', 12)).toBe('bad');
    expect(judgeChange('resolution_rate', -3.2)).toBe('bad');
    expect(judgeChange('created', 50)).toBe('neutral');
    expect(judgeChange('fcr', 0)).toBe('neutral');
    expect(judgeChange('fcr', null)).toBe('neutral');
  });
});

describe('labels and main columns', () => {
  it('drops the figure and unit from a column label', () => {
    expect(metricLabel(sampleReport(), 'frt')).toBe('FRT');
    expect(metricLabel(sampleReport(), 'resolution_rate')).toBe('Resolution rate');
    expect(metricLabel(sampleReport(), 'nope')).toBe('nope');
    expect(mainColumn(sampleReport(), 'frt')?.key).toBe('frt_median_min');
    expect(mainColumn(sampleReport(), 'resolution_time')?.key).toBe('resolution_median_h');
  });
});

describe('selectMetrics', () => {
  it('keeps the named metrics in that order and gives each a headline figure', () => {
    const narrowed = selectMetrics(sampleReport(), ['resolution_time', 'frt']);
    expect([...new Set(narrowed.columns.map((c) => c.metric))]).toEqual(['resolution_time', 'frt']);
    expect(narrowed.columns.find((c) => c.key === 'resolution_median_h')?.headline).toBe(true);
    expect(Object.keys(narrowed.rows[0]?.metrics ?? {})).toEqual(['resolution_time', 'frt']);
  });

  it("refuses an unknown metric, listing the report's", () => {
    expect(() => selectMetrics(sampleReport(), ['frt', 'frist'])).toThrow(
      expect.objectContaining({ code: 'unknown_metric', where: '--metrics', hint: expect.stringContaining('frt, ') }),
    );
  });

  it('takes a prefix ending in .*', () => {
    const report = sampleReport();
    report.columns = [...report.columns, { ...report.columns[0], key: 'sla_a', metric: 'sla.a.achievement' } as never];
    expect(selectMetrics(report, ['sla.*']).columns.map((c) => c.metric)).toEqual(['sla.a.achievement']);
  });
});

describe('neverFilled and writtenColumns', () => {
  it('leaves out a metric unavailable in every row, keeps it with allColumns', () => {
    const report = sampleReport();
    expect([...neverFilled(report)]).toEqual(['csat']);
    expect(writtenColumns(report, false).map((c) => c.metric)).not.toContain('csat');
    expect(writtenColumns(report, true).map((c) => c.metric)).toContain('csat');
  });

  it('keeps a metric that has a value in some row', () => {
    const report = sampleReport({
      rows: [
        sampleRow(),
        sampleRow({
          metrics: { ...sampleRow().metrics, csat: { kind: 'rate', numerator: 1, denominator: 2, value: 0.5 } },
        }),
      ],
    });
    expect(neverFilled(report).has('csat')).toBe(false);
    const none = sampleReport({ rows: [sampleRow({ metrics: { csat: unavailable('x') } })] });
    expect(neverFilled(none).has('csat')).toBe(true);
  });
});
