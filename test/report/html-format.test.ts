/** The HTML page's wording of numbers, durations, periods and windows, worked out by hand. */
import { describe, expect, it } from 'vitest';
import {
  displayUnit,
  humanDuration,
  humanSpan,
  periodFacts,
  plainNumber,
} from '../../src/report/renderers/html/format.js';
import { niceTicks } from '../../src/report/renderers/html/svg.js';
import { sampleReport } from './sample-report.js';

describe('plainNumber', () => {
  it.each([
    [45, '45'],
    [329.5, '329.5'],
    [2.5, '2.5'],
    [2.04, '2'],
    [1234.56, '1,234.6'],
    [-0.04, '0'],
  ])('%d -> %s', (value, text) => {
    expect(plainNumber(value)).toBe(text);
  });
});

describe('humanDuration', () => {
  it.each<[number, 'minutes' | 'hours', string]>([
    [45, 'minutes', '45 min'],
    [75, 'minutes', '1 h 15 min'],
    [120, 'minutes', '2 h'],
    [0.2, 'minutes', '< 1 min'],
    [51.5, 'hours', '2 d 4 h'],
    [48, 'hours', '2 d'],
    [9.8333, 'hours', '9 h 50 min'],
  ])('%d %s -> %s', (value, unit, text) => {
    expect(humanDuration(value, unit)).toBe(text);
  });
});

describe('displayUnit', () => {
  it('picks one unit per metric from its typical size', () => {
    expect(displayUnit([45, 120, 30], 'minutes')).toBe('min');
    expect(displayUnit([95, 200], 'minutes')).toBe('h');
    expect(displayUnit([80, 100], 'hours')).toBe('d');
    expect(displayUnit([], 'hours')).toBe('h');
  });
});

describe('niceTicks', () => {
  it('gives round ticks from zero, whole numbers for counts', () => {
    expect(niceTicks(37, 4, true)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(3, 4, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0.9, 4, false)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0, 4, true)).toEqual([0, 1]);
  });
});

describe('periodFacts', () => {
  const report = sampleReport({ window: { period: 'week', as_of: '2025-11-27T12:00:00+01:00' } });
  it('says a week cut by the window is partial, with its days', () => {
    // Thursday 30 October 14:05:31 EDT (18:05:31 UTC) to Monday 3 November 00:00 EST (05:00 UTC):
    // 3 days 10 h 54 min 29 s = 3.45 days, 3.5 to one decimal.
    expect(
      periodFacts(report, { label: '2025-W44', start: '2025-10-30T14:05:31-04:00', end: '2025-11-03T00:00:00-05:00' }),
    ).toEqual({
      label: '2025-W44',
      partial: true,
      note: 'partial week: 3.5 of 7 days',
    });
    expect(
      periodFacts(report, { label: '2025-W46', start: '2025-11-10T00:00:00+01:00', end: '2025-11-17T00:00:00+01:00' })
        .partial,
    ).toBe(false);
  });

  it('says a week still running at as-of is partial', () => {
    // As of Thursday 27 November 12:00: Monday 00:00 to Thursday 12:00, 3.5 of 7 days.
    expect(
      periodFacts(report, { label: '2025-W48', start: '2025-11-24T00:00:00+01:00', end: '2025-12-01T00:00:00+01:00' })
        .note,
    ).toBe('partial week: 3.5 of 7 days');
  });
});

describe('humanSpan', () => {
  it('writes the window with its last day included', () => {
    expect(humanSpan('2025-11-17T00:00:00-05:00', '2025-11-24T00:00:00-05:00')).toBe('17 Nov – 23 Nov 2025');
    expect(humanSpan('2025-10-30T14:05:31-04:00', '2025-11-23T22:34:00-05:00')).toBe(
      '30 Oct 2025 14:05 – 23 Nov 2025 22:34',
    );
    expect(humanSpan('2025-11-17T00:00:00Z', '2025-11-18T00:00:00Z')).toBe('17 Nov 2025');
  });
});
