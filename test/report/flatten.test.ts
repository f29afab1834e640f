import { describe, expect, it } from 'vitest';
import { cellValue, changeKey, changeValue, tableRows } from '../../src/report/flatten.js';
import type { ColumnSpec, MetricValue } from '../../src/report/model.js';
import {
  COLUMN,
  compareReport,
  count,
  duration,
  groupedReport,
  rate,
  sampleReport,
  total,
  unavailable,
} from './sample-report.js';

const col = (key: string): ColumnSpec => {
  const spec = COLUMN[key];
  if (spec === undefined) throw new Error(`no sample column ${key}`);
  return spec;
};

describe('cellValue', () => {
  const cases: [string, MetricValue | undefined, string, number | null][] = [
    ['rate value as percent', rate(29, 40), 'resolution_rate_pct', 72.5],
    ['rate numerator as is, even on a percent column', rate(29, 40), 'resolution_rate_resolved', 29],
    ['rate denominator as is', rate(29, 40), 'resolution_rate_tickets', 40],
    ['rate over zero tickets', rate(0, 0), 'resolution_rate_pct', null],
    ['duration median in minutes', duration('minutes', { n: 3, median: 42 }), 'frt_median_min', 42],
    ['duration n', duration('minutes', { n: 3, median: 42 }), 'frt_n', 3],
    ['duration in hours stays in hours', duration('hours', { n: 2, median: 5.5 }), 'resolution_median_h', 5.5],
    ['duration over zero tickets', duration('minutes', { n: 0 }), 'frt_median_min', null],
    ['count', count(3), 'reopened', 3],
    ['total mean', total(12, 40), 'transfers_mean', 0.3],
    ['unavailable', unavailable('no column'), 'csat_pct', null],
    ['missing metric', undefined, 'frt_median_min', null],
    ['figure the kind does not have', count(3), 'frt_median_min', null],
    ['NaN', duration('minutes', { n: 1, median: Number.NaN }), 'frt_median_min', null],
    [
      'Infinity',
      { kind: 'rate', numerator: 1, denominator: 0, value: Number.POSITIVE_INFINITY },
      'resolution_rate_pct',
      null,
    ],
  ];
  it.each(cases)('%s', (_name, value, key, expected) => {
    expect(cellValue(value, col(key))).toBe(expected);
  });
});

describe('changeValue and changeKey', () => {
  it('percentage columns change in percentage points', () => {
    expect(changeValue(72.5, 70, col('resolution_rate_pct'))).toBe(2.5);
    expect(changeKey(col('resolution_rate_pct'))).toBe('resolution_rate_pct_change_pp');
  });

  it('other columns change relatively, in percent', () => {
    expect(changeValue(30, 40, col('frt_median_min'))).toBe(-25);
    expect(changeValue(3, 0, col('reopened'))).toBeNull();
    expect(changeValue(null, 40, col('frt_median_min'))).toBeNull();
    expect(changeKey(col('frt_median_min'))).toBe('frt_median_min_change_pct');
    // A numerator is a count, even when its column is flagged percent.
    expect(changeKey(col('resolution_rate_resolved'))).toBe('resolution_rate_resolved_change_pct');
  });
});

describe('tableRows', () => {
  const metricKeys = [
    'frt_median_min',
    'frt_p90_min',
    'frt_n',
    'resolution_rate_pct',
    'resolution_rate_resolved',
    'resolution_rate_tickets',
    'resolution_median_h',
    'reopened',
    'transfers_mean',
    'csat_pct',
  ];

  it('lists period, dimensions, then every column key', () => {
    const { keys, rows } = tableRows(groupedReport(['Billing', null]));
    expect(keys).toEqual(['period', 'period_start', 'period_end', 'team', ...metricKeys]);
    expect(rows).toEqual([
      [
        '2025-W47',
        '2025-11-17T00:00:00+01:00',
        '2025-11-24T00:00:00+01:00',
        'Billing',
        42,
        186,
        37,
        72.5,
        29,
        40,
        5.5,
        3,
        0.3,
        null,
      ],
      [
        '2025-W47',
        '2025-11-17T00:00:00+01:00',
        '2025-11-24T00:00:00+01:00',
        null,
        42,
        186,
        37,
        72.5,
        29,
        40,
        5.5,
        3,
        0.3,
        null,
      ],
    ]);
  });

  it('adds _prev and _change after each headline column with compare', () => {
    const { keys, rows } = tableRows(compareReport());
    expect(keys).toEqual([
      'period',
      'period_start',
      'period_end',
      'frt_median_min',
      'frt_median_min_prev',
      'frt_median_min_change_pct',
      'frt_p90_min',
      'frt_n',
      'resolution_rate_pct',
      'resolution_rate_pct_prev',
      'resolution_rate_pct_change_pp',
      'resolution_rate_resolved',
      'resolution_rate_tickets',
      'resolution_median_h',
      'reopened',
      'reopened_prev',
      'reopened_change_pct',
      'transfers_mean',
      'csat_pct',
      'csat_pct_prev',
      'csat_pct_change_pp',
    ]);
    // FRT 40 -> 42 min is +5%; 28/40 -> 29/40 is 70% -> 72.5%, +2.5 pp; reopened 0 -> 3 has no relative change.
    expect(rows[0]?.slice(3)).toEqual([
      42,
      40,
      5,
      186,
      37,
      72.5,
      70,
      2.5,
      29,
      40,
      5.5,
      3,
      0,
      null,
      0.3,
      null,
      null,
      null,
    ]);
  });

  it('leaves previous cells empty when a row has no previous window', () => {
    const report = sampleReport({ window: { compare: 'previous' } });
    const { keys, rows } = tableRows(report);
    const at = (key: string) => rows[0]?.[keys.indexOf(key)];
    expect(at('frt_median_min')).toBe(42);
    expect(at('frt_median_min_prev')).toBeNull();
    expect(at('frt_median_min_change_pct')).toBeNull();
  });

  it('does not mutate the report', () => {
    const report = compareReport();
    const before = structuredClone(report);
    tableRows(Object.freeze(report));
    expect(report).toEqual(before);
  });
});
