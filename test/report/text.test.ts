import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec, MetricValue } from '../../src/report/model.js';
import {
  describeRun,
  formatChange,
  formatCount,
  formatDuration,
  formatFigure,
  formatNumber,
  formatRate,
  listUnavailable,
  stripControl,
} from '../../src/report/text.js';
import {
  COLUMN,
  compareReport,
  count,
  duration,
  rate,
  sampleReport,
  sampleRow,
  total,
  unavailable,
} from './sample-report.js';

const col = (key: string): ColumnSpec => {
  const spec = COLUMN[key];
  if (spec === undefined) throw new Error(`no sample column ${key}`);
  return spec;
};

describe('formatNumber and formatCount', () => {
  it.each<[number, number, string]>([
    [1234.56, 1, '1,234.6'],
    [-0.04, 1, '0.0'],
    [-0, 0, '0'],
    [0.125, 2, '0.13'],
    [-12.25, 1, '-12.3'],
    [Number.NaN, 1, '—'],
    [Number.POSITIVE_INFINITY, 0, '—'],
  ])('formatNumber(%d, %d) = %j', (value, decimals, expected) => {
    expect(formatNumber(value, decimals)).toBe(expected);
  });

  it('counts get separators, no decimals', () => {
    expect(formatCount(12345)).toBe('12,345');
  });

  it('prints what Intl.NumberFormat en-US prints, with or without its help', () => {
    // formatNumber groups the digits itself below 1e9 with up to 6 decimals; Intl beyond.
    const intl = (value: number, decimals: number) =>
      new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(
        Number(value.toFixed(decimals)) || 0,
      );
    const values = fc.oneof(
      fc.double({ min: -2e9, max: 2e9, noNaN: true }),
      fc.integer({ min: -2e9, max: 2e9 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((shift) => n / 10 ** shift)),
      fc.constantFrom(0.125, -0.04, 999_999_999.95, -999_999_999.95, 1e21, 2 ** 60, 0.5, 1.5, 2.5, -2.5),
    );
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 8 }), (value, decimals) => {
        expect(formatNumber(value, decimals)).toBe(intl(value, decimals));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatDuration', () => {
  it.each<[number | null, 'minutes' | 'hours', string]>([
    [42, 'minutes', '42.0 min'],
    [0, 'minutes', '0.0 min'],
    [59.94, 'minutes', '59.9 min'],
    [59.96, 'minutes', '1.0 h'],
    [186, 'minutes', '3.1 h'],
    [0.5, 'hours', '30.0 min'],
    [47.9, 'hours', '47.9 h'],
    [60, 'hours', '2.5 d'],
    [null, 'minutes', '—'],
    [Number.NaN, 'hours', '—'],
  ])('%d %s -> %j', (value, unit, expected) => {
    expect(formatDuration(value, unit)).toBe(expected);
  });

  it('keeps the unit when asked', () => {
    expect(formatDuration(186, 'minutes', { keepUnit: true })).toBe('186.0 min');
    expect(formatDuration(60, 'hours', { keepUnit: true })).toBe('60.0 h');
  });
});

describe('formatRate', () => {
  it('shows the percentage and its parts', () => {
    expect(formatRate(rate(29, 40))).toBe('72.5% (29/40)');
    expect(formatRate(rate(1, 3))).toBe('33.3% (1/3)');
    expect(formatRate(rate(0, 0))).toBe('— (0/0)');
    expect(formatRate(rate(1500, 1000))).toBe('150.0% (1,500/1,000)');
  });
});

describe('formatFigure', () => {
  const cases: [MetricValue | undefined, string, string][] = [
    [rate(29, 40), 'resolution_rate_pct', '72.5% (29/40)'],
    [rate(29, 40), 'resolution_rate_resolved', '29'],
    [duration('minutes', { n: 37, median: 42, p90: 186 }), 'frt_p90_min', '186.0 min'],
    [duration('minutes', { n: 37, median: 42 }), 'frt_n', '37'],
    [duration('hours', { n: 2, median: 5.5 }), 'resolution_median_h', '5.5 h'],
    [duration('minutes', { n: 0 }), 'frt_median_min', '—'],
    [count(1234), 'reopened', '1,234'],
    [total(12, 40), 'transfers_mean', '0.30'],
    [unavailable('no column'), 'csat_pct', '—'],
    [undefined, 'frt_median_min', '—'],
  ];
  it.each(cases)('%j in %s -> %j', (value, key, expected) => {
    expect(formatFigure(value, col(key))).toBe(expected);
  });
});

describe('formatChange', () => {
  it.each<[MetricValue, MetricValue | undefined, string, string | null]>([
    [rate(29, 40), rate(28, 40), 'resolution_rate_pct', '▲ +2.5 pp'],
    [rate(28, 40), rate(29, 40), 'resolution_rate_pct', '▼ -2.5 pp'],
    [rate(29, 40), rate(29, 40), 'resolution_rate_pct', '= 0.0 pp'],
    [duration('minutes', { n: 1, median: 42 }), duration('minutes', { n: 1, median: 40 }), 'frt_median_min', '▲ +5.0%'],
    [duration('minutes', { n: 1, median: 22 }), duration('minutes', { n: 1, median: 25 }), 'frt_median_min', '▼ -12%'],
    [count(3), count(0), 'reopened', null],
    [count(3), undefined, 'reopened', null],
    [count(3), unavailable('gone'), 'reopened', null],
  ])('%j vs %j in %s -> %j', (now, before, key, expected) => {
    expect(formatChange(now, before, col(key))).toBe(expected);
  });
});

describe('stripControl', () => {
  it.each<[string, string]>([
    ['\u001b[31mRed\u001b[0m', 'Red'],
    ['\u001b[1;38;5;196mbold\u001b[m', 'bold'],
    ['\u009b31mRed', 'Red'],
    ['\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007', 'click'],
    ['\u001b]0;new title\u001b\\x', 'x'],
    ['\u001b(Bplain', 'plain'],
    ['\u001bcreset', 'reset'],
    ['a\u0007b\u0000c\u007fd\u0085e', 'abcd e'],
    ['line 1\r\nline 2\tend', 'line 1  line 2 end'],
    ['abc\u202edcba', 'abcdcba'],
    ['Zoë ＝ 😀', 'Zoë ＝ 😀'],
    ['trailing \u001b', 'trailing '],
  ])('%j -> %j', (text, expected) => {
    expect(stripControl(text)).toBe(expected);
  });
});

describe('describeRun', () => {
  it('lists window and definition facts', () => {
    const run = describeRun(compareReport());
    expect(run.window).toEqual([
      { label: 'Window', value: '2025-11-17 → 2025-11-24 (as of 2025-11-24T09:00:00+01:00)' },
      { label: 'Zone', value: 'Europe/Berlin (input America/New_York)' },
      { label: 'Period', value: 'week (starting monday)' },
      { label: 'Compared with', value: 'the previous window of equal length' },
    ]);
    expect(run.definitions).toEqual([
      { label: 'FCR', value: 'one-touch' },
      { label: 'Resolution rate', value: 'cohort' },
      { label: 'Repeat window', value: '7 days, same requester' },
    ]);
  });

  it('says when the window is open and there are no periods', () => {
    const report = sampleReport({
      window: { since: null, until: null, period: null, input_timezone: 'Europe/Berlin' },
    });
    report.definitions.repeat_window_days = 1;
    report.definitions.repeat_same = null;
    const run = describeRun(report);
    expect(run.window).toEqual([
      { label: 'Window', value: 'first ticket → last ticket (as of 2025-11-24T09:00:00+01:00)' },
      { label: 'Zone', value: 'Europe/Berlin' },
    ]);
    expect(run.definitions[2]).toEqual({ label: 'Repeat window', value: '1 day' });
  });
});

describe('listUnavailable', () => {
  it('lists each (metric, reason) once, current and previous windows', () => {
    const report = compareReport();
    report.rows.push(sampleRow({ metrics: { frt: unavailable('no reply column') } }));
    expect(listUnavailable(report)).toEqual([
      { metrics: ['csat'], reason: 'no satisfaction column; map one with --column csat=<name>' },
      { metrics: ['frt'], reason: 'no reply column' },
    ]);
  });

  it('groups the metrics that miss the same input into one entry', () => {
    const report = compareReport();
    report.rows.push(
      sampleRow({ metrics: { frt: unavailable('needs event data'), csat: unavailable('needs event data') } }),
    );
    expect(listUnavailable(report)).toContainEqual({ metrics: ['frt', 'csat'], reason: 'needs event data' });
  });
});
