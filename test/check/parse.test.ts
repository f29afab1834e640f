/** Threshold expressions: what parses to what, and the exact message for each kind of mistake. */
import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../src/check/parse.js';
import { thresholdSpec } from '../../src/check/config.js';
import { DEFAULT_MIN_SAMPLE, resolveCheck, TICKET_METRIC_ALIASES } from '../../src/check/resolve.js';
import { ALL_TICKET_METRICS } from '../../src/metrics/index.js';
import type { SlaPolicy } from '../../src/derive/sla.js';

describe('parseThreshold: valid expressions', () => {
  it.each([
    [
      'p90(frt) <= 4h',
      {
        stat: 'p90',
        metric: 'frt',
        op: '<=',
        target: { kind: 'duration', ms: 14_400_000, text: '4h' },
        by: null,
        text: 'p90(frt) <= 4h',
      },
    ],
    [
      'fcr >= 70%',
      {
        stat: null,
        metric: 'fcr',
        op: '>=',
        target: { kind: 'percent', fraction: 0.7, text: '70%' },
        by: null,
        text: 'fcr >= 70%',
      },
    ],
    [
      '  MEDIAN( resolution_full )<24h ',
      {
        stat: 'median',
        metric: 'resolution_full',
        op: '<',
        target: { kind: 'duration', ms: 86_400_000, text: '24h' },
        by: null,
        text: 'median(resolution_full) < 24h',
      },
    ],
    [
      'sla.first_reply.achievement >= 95 % by priority',
      {
        stat: null,
        metric: 'sla.first_reply.achievement',
        op: '>=',
        target: { kind: 'percent', fraction: 0.95, text: '95%' },
        by: ['priority'],
        text: 'sla.first_reply.achievement >= 95% by priority',
      },
    ],
    [
      'created != 0 by team, "Order number [txt]"',
      {
        stat: null,
        metric: 'created',
        op: '!=',
        target: { kind: 'number', value: 0, text: '0' },
        by: ['team', 'Order number [txt]'],
        text: 'created != 0 by team,Order number [txt]',
      },
    ],
    [
      'mean(frt) > 1h 30m',
      {
        stat: 'mean',
        metric: 'frt',
        op: '>',
        target: { kind: 'duration', ms: 5_400_000, text: '1h30m' },
        by: null,
        text: 'mean(frt) > 1h30m',
      },
    ],
    [
      'n(frt) == 20',
      {
        stat: 'n',
        metric: 'frt',
        op: '==',
        target: { kind: 'number', value: 20, text: '20' },
        by: null,
        text: 'n(frt) == 20',
      },
    ],
    [
      'max(backlog_age) <= 2d',
      {
        stat: 'max',
        metric: 'backlog_age',
        op: '<=',
        target: { kind: 'duration', ms: 172_800_000, text: '2d' },
        by: null,
        text: 'max(backlog_age) <= 2d',
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseThreshold(text)).toEqual({ ok: true, threshold: expected });
  });
});

describe('parseThreshold: mistakes and their messages', () => {
  it.each([
    ['', 'empty threshold; write a metric, an operator and a target, e.g. "p90(frt) <= 4h"'],
    ['p90(frt) 4h', 'no comparison operator; use one of <= < >= > == !=, e.g. "p90(frt) <= 4h"'],
    ['p90(frt) =< 4h', 'unknown operator "=<" (did you mean "<="?); use one of <= < >= > == !=, e.g. "p90(frt) <= 4h"'],
    ['fcr = 70%', 'unknown operator "=" (did you mean "=="?); use one of <= < >= > == !=, e.g. "p90(frt) <= 4h"'],
    ['fcr <> 70%', 'unknown operator "<>" (did you mean "!="?); use one of <= < >= > == !=, e.g. "p90(frt) <= 4h"'],
    ['<= 4h', 'missing metric before "<=", e.g. "p90(frt) <= 4h"'],
    [
      'p99(frt) <= 4h',
      'unknown statistic "p99"; use one of n, mean, median, p90, ' +
        'p95, min, max, value, count, sum, e.g. "p90(frt) <= 4h"',
    ],
    ['p90(frt <= 4h', 'missing ")" in "p90(frt"; write stat(metric), e.g. "p90(frt) <= 4h"'],
    ['p90 frt) <= 4h', 'unexpected ")" in "p90 frt)"; write stat(metric), e.g. "p90(frt) <= 4h"'],
    ['p90() <= 4h', 'missing metric inside "p90()", e.g. "p90(frt) <= 4h"'],
    [
      'first reply <= 4h',
      '"first reply" is not a metric name (letters, digits, _ and dots, ' +
        'e.g. frt or sla.first_reply.achievement), e.g. "p90(frt) <= 4h"',
    ],
    ['fcr >=', 'missing target after ">=", e.g. "p90(frt) <= 4h" or "fcr >= 70%"'],
    ['fcr >= by team', 'missing target after ">=", e.g. "p90(frt) <= 4h" or "fcr >= 70%"'],
    [
      'fcr >= lots',
      'target "lots" is not a percentage (95%), a duration (45s, 30m, ' +
        '4h, 2d, 1h30m) or a plain number (20), e.g. "p90(frt) <= 4h"',
    ],
    [
      'p90(frt) <= 4 hours',
      'target "4 hours" is not a percentage (95%), a duration (45s, 30m, ' +
        '4h, 2d, 1h30m) or a plain number (20), e.g. "p90(frt) <= 4h"',
    ],
    ['fcr >= 70% per team', 'unexpected "per team" after the target; group with "by", e.g. "fcr >= 70% by team"'],
    ['fcr >= 70% by', '"by" needs one or more dimensions separated by commas, e.g. "fcr >= 70% by team,priority"'],
    [
      'fcr >= 70% by team,',
      '"by" needs one or more dimensions separated by commas, e.g. "fcr >= 70% by team,priority"',
    ],
  ])('%j', (text, message) => {
    expect(parseThreshold(text)).toEqual({ ok: false, error: message });
  });
});

describe('resolveCheck: the metric, its statistic and the target unit', () => {
  const sla: SlaPolicy = {
    first_reply: { byPriority: new Map(), fallback: { targetMs: 3_600_000, clock: { kind: 'calendar' }, text: '1h' } },
  };
  const resolve = (text: string, policy: SlaPolicy | undefined = sla) =>
    resolveCheck(thresholdSpec(text, 'checks[0]'), {
      sla: policy,
      catalogue: ALL_TICKET_METRICS,
      aliases: TICKET_METRIC_ALIASES,
    });

  it.each([
    ['p90(frt) <= 4h', { stat: 'p90', figure: 'p90', target: 240, unit: 'minutes', scale: 1 }],
    // Seconds: 45 s target; frt is in minutes, so a figure is shown times 60.
    ['p90(frt) <= 45s', { metric: { id: 'frt' }, target: 45, unit: 'seconds', scale: 60 }],
    ['p95(resolution_full) < 1m30s', { target: 90, unit: 'seconds', scale: 3600 }],
    // The names of the SLA section and of helpdesk screens.
    ['p90(first_reply) <= 4h', { metric: { id: 'frt' }, target: 240, unit: 'minutes' }],
    ['median(first_reply_time) <= 1h', { metric: { id: 'frt' }, target: 60 }],
    ['p90(resolution_time) <= 1d', { metric: { id: 'resolution_full' }, target: 24, unit: 'hours' }],
    ['median(resolution_full) <= 1h30m', { stat: 'median', figure: 'median', target: 1.5, unit: 'hours' }],
    ['fcr >= 70%', { stat: 'value', figure: 'value', target: 0.7, unit: 'percent' }],
    ['n(fcr) >= 20', { stat: 'n', figure: 'denominator', target: 20, unit: 'number' }],
    ['count(frt) >= 5', { stat: 'count', figure: 'n', target: 5, unit: 'number' }],
    ['created >= 1', { stat: 'value', figure: 'value', target: 1, unit: 'number' }],
    ['sla.first_reply.achievement >= 95%', { stat: 'value', figure: 'value', target: 0.95, unit: 'percent' }],
    ['p90(sla.first_reply.lateness) <= 30m', { stat: 'p90', figure: 'p90', target: 0.5, unit: 'hours' }],
  ])('%s', (text, expected) => {
    expect(resolve(text)).toMatchObject(expected);
  });

  it.each([
    [
      'frt <= 4h',
      'config checks[0]: "frt <= 4h": frt is a duration: name a statistic ' +
        '(n, count, mean, median, p90, p95, min, max), e.g. "p90(frt) <= 4h"',
    ],
    [
      'p90(fcr) >= 70%',
      'config checks[0]: "p90(fcr) >= 70%": fcr is a rate and has no ' +
        'statistic "p90"; use one of value, n, count, e.g. "fcr >= 95%"',
    ],
    [
      'fcr >= 0.7',
      'config checks[0]: "fcr >= 0.7": fcr is a rate: write the target as a percentage, e.g. "fcr >= 95%"',
    ],
    [
      'p90(frt) <= 240',
      'config checks[0]: "p90(frt) <= 240": p90(frt) is a duration: give ' +
        'the target with a unit (45s, 30m, 4h, 2d, 1h30m), e.g. "p90(frt) <= 4h"',
    ],
    [
      'created >= 10%',
      'config checks[0]: "created >= 10%": created is a plain ' +
        'number: write the target without a unit, e.g. "created >= 20"',
    ],
    [
      'sla.resolution.achievement >= 95%',
      'config checks[0]: "sla.resolution.achievement >= 95%": sla.resolution.achievement needs SLA ' +
        'targets under sla.resolution in the config, e.g. sla: { resolution: { high: 4h, default: 8h } }',
    ],
  ])('%s', (text, message) => {
    expect(() => resolve(text)).toThrow(message);
  });

  it('answers an unknown metric with the 3 closest ids, not every id', () => {
    // "resolution" is in resolution_full, resolution_rate (5 letters more) and resolution_first (6);
    // full comes before rate in the report's order.
    expect(() => resolve('p90(resolution) <= 4h')).toThrow(
      'unknown metric "resolution"; did you mean resolution_full, resolution_rate, resolution_first? ' +
        '(every metric id: README "Metrics", docs/events.md, docs/orders.md)',
    );
    // An alias is offered with the id it stands for: "first_reply_tme" contains "first_reply".
    expect(() => resolve('p90(first_reply_tme) <= 4h')).toThrow(/did you mean first_reply \(= frt\), /);
  });

  it('says where an order metric is judged instead of calling it unknown', () => {
    const elsewhere = new Map([['on_time_rate', 'on_time_rate is an order metric: pass --orders FILE']]);
    expect(() =>
      resolveCheck(thresholdSpec('on_time_rate >= 95%', '--threshold'), {
        sla: undefined,
        catalogue: ALL_TICKET_METRICS,
        elsewhere,
      }),
    ).toThrow('--threshold: "on_time_rate >= 95%": on_time_rate is an order metric: pass --orders FILE');
  });

  it('skips samples under 10 unless the check or the run says otherwise', () => {
    expect(resolve('fcr >= 70%').minSample).toBe(DEFAULT_MIN_SAMPLE);
    expect(DEFAULT_MIN_SAMPLE).toBe(10);
    const spec = thresholdSpec('fcr >= 70%', 'checks[0]', { minSample: 3 });
    expect(resolveCheck(spec, { sla: undefined, catalogue: ALL_TICKET_METRICS, minSample: 20 }).minSample).toBe(3);
    expect(
      resolveCheck(thresholdSpec('fcr >= 70%', '--threshold'), {
        sla: undefined,
        catalogue: ALL_TICKET_METRICS,
        minSample: 20,
      }).minSample,
    ).toBe(20);
  });
});
