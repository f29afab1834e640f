/**
 * The sla.* metrics over plain tickets, verdicts worked out by hand (as-of Thu 2025-11-20 12:00 UTC).
 * first_reply: urgent 1h, default 4h (calendar); resolution: high 8h, no default.
 *
 * | id | priority | created | first reply       | solved | first_reply                    | resolution            |
 * |----|----------|---------|-------------------|--------|--------------------------------|-----------------------|
 * | P1 | urgent   | 09:00   | 09:45             | —      | due 10:00: achieved            | no target             |
 * | P2 | Urgent   | 09:00   | 10:00             | —      | at the due instant: achieved   | no target             |
 * | P3 | Low      | 07:00   | 11:30             | —      | default, due 11:00: late 0.5 h | no target             |
 * | P4 | normal   | 10:00   | —                 | —      | due 14:00 > as-of: active      | no target             |
 * | P5 | Urgent   | 08:00   | —                 | —      | due 09:00 < as-of: late 3 h    | no target             |
 * | P6 | —        | 11:00   | 30 min (column)   | —      | 11:30, due 15:00: achieved     | no target             |
 * | P7 | 2 - High | 00:00   | 00:30             | 07:00  | achieved                       | due 08:00: achieved   |
 * | P8 | High     | 01:00   | 01:10             | 10:00  | achieved                       | due 09:00: late 1 h   |
 */
import { describe, expect, it } from 'vitest';
import type { SlaPolicy } from '../derive/sla.js';
import { slaSection } from '../options/sla.js';
import { MIN, metricOver, referenceOptions } from './reference.js';
import { SLA_METRICS, slaMetricsFor } from './sla-metrics.js';
import type { MetricDefinition } from './types.js';

const sla = slaSection({ first_reply: { urgent: '1h', default: '4h' }, resolution: { high: '8h' } }, {}) as SlaPolicy;
const options = referenceOptions({ sla, asOf: Date.parse('2025-11-20T12:00:00Z') });
const at = (hhmm: string) => Date.parse(`2025-11-20T${hhmm}:00Z`);
const tickets = [
  { id: 'P1', priority: 'urgent', created: at('09:00'), first_reply: at('09:45') },
  { id: 'P2', priority: 'Urgent', created: at('09:00'), first_reply: at('10:00') },
  { id: 'P3', priority: 'Low', created: at('07:00'), first_reply: at('11:30') },
  { id: 'P4', priority: 'normal', created: at('10:00') },
  { id: 'P5', priority: 'Urgent', created: at('08:00') },
  { id: 'P6', created: at('11:00'), first_reply_duration: 30 * MIN },
  { id: 'P7', priority: '2 - High', created: at('00:00'), first_reply: at('00:30'), solved: at('07:00') },
  { id: 'P8', priority: 'High', created: at('01:00'), first_reply: at('01:10'), solved: at('10:00') },
];
const metric = (id: string): MetricDefinition => {
  const found = SLA_METRICS.find((m) => m.id === id);
  if (found === undefined) throw new Error(id);
  return found;
};

describe('sla.first_reply.*', () => {
  it('achievement = achieved / (achieved + breached); active and no-target tickets left out', () => {
    // achieved P1, P2, P6, P7, P8; breached P3, P5 -> 5 / 7
    expect(metricOver(metric('sla.first_reply.achievement'), tickets, options)).toEqual({
      kind: 'rate',
      numerator: 5,
      denominator: 7,
      value: 5 / 7,
    });
  });

  it('counts breached, active and no-target tickets', () => {
    expect(metricOver(metric('sla.first_reply.breached'), tickets, options)).toEqual({ kind: 'count', value: 2 });
    expect(metricOver(metric('sla.first_reply.active'), tickets, options)).toEqual({ kind: 'count', value: 1 });
    expect(metricOver(metric('sla.first_reply.no_target'), tickets, options)).toEqual({ kind: 'count', value: 0 });
  });

  it('lateness: hours from the due instant to the reply, or to as-of while unanswered', () => {
    // P3 0.5 h, P5 3 h -> n 2, mean 1.75, median 1.75, p90 0.5 + 0.9 * 2.5 = 2.75, p95 0.5 + 0.95 * 2.5 = 2.875
    expect(metricOver(metric('sla.first_reply.lateness'), tickets, options)).toEqual({
      kind: 'duration',
      unit: 'hours',
      n: 2,
      mean: 1.75,
      median: 1.75,
      p90: 2.75,
      p95: 2.875,
      min: 0.5,
      max: 3,
    });
  });
});

describe('sla.resolution.*', () => {
  it('judges only the priorities with a target; the rest have none (no default)', () => {
    // P7 achieved, P8 breached 1 h late; six tickets have no target
    expect(metricOver(metric('sla.resolution.achievement'), tickets, options)).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
    expect(metricOver(metric('sla.resolution.breached'), tickets, options)).toEqual({ kind: 'count', value: 1 });
    expect(metricOver(metric('sla.resolution.active'), tickets, options)).toEqual({ kind: 'count', value: 0 });
    expect(metricOver(metric('sla.resolution.no_target'), tickets, options)).toEqual({ kind: 'count', value: 6 });
    expect(metricOver(metric('sla.resolution.lateness'), tickets, options)).toMatchObject({ n: 1, median: 1 });
  });

  it('an open ticket becomes breached once its due instant passes as-of', () => {
    // (the second ticket, without a target, gives the export its solved column)
    const open = [
      { priority: 'high', created: at('00:00') },
      { priority: 'low', created: at('00:00'), solved: at('01:00') },
    ];
    // due 08:00: active at 07:59, breached at 12:00 (4 h late)
    const early = referenceOptions({ sla, asOf: at('07:59') });
    expect(metricOver(metric('sla.resolution.active'), open, early)).toEqual({ kind: 'count', value: 1 });
    expect(metricOver(metric('sla.resolution.lateness'), open, options)).toMatchObject({ n: 1, median: 4 });
  });
});

describe('availability and the catalogue', () => {
  it('slaMetricsFor lists the five metrics of each SLA metric with targets', () => {
    expect(slaMetricsFor(undefined)).toEqual([]);
    const onlyFirstReply = slaSection({ first_reply: { default: '1h' } }, {}) as SlaPolicy;
    expect(slaMetricsFor(onlyFirstReply).map((m) => m.id)).toEqual([
      'sla.first_reply.achievement',
      'sla.first_reply.breached',
      'sla.first_reply.active',
      'sla.first_reply.no_target',
      'sla.first_reply.lateness',
    ]);
    expect(SLA_METRICS).toHaveLength(10);
  });

  it('is unavailable without targets, or without a priority column and a default', () => {
    expect(metricOver(metric('sla.first_reply.achievement'), tickets, referenceOptions())).toEqual({
      kind: 'unavailable',
      reason: 'no sla.first_reply targets in the config',
    });
    const noPriority = [{ created: at('01:00'), solved: at('02:00') }];
    expect(metricOver(metric('sla.resolution.achievement'), noPriority, options)).toEqual({
      kind: 'unavailable',
      reason: 'no priority column and no sla.resolution.default target: map priority, or add default: <duration>',
    });
  });

  it('first_reply needs a reply column; resolution a resolution column', () => {
    const bare = [{ created: at('01:00'), priority: 'urgent' }];
    expect(metricOver(metric('sla.first_reply.breached'), bare, options)).toMatchObject({
      reason: 'no first reply column: map first_reply (timestamp) or first_reply_minutes',
    });
    expect(metricOver(metric('sla.resolution.breached'), bare, options)).toMatchObject({ kind: 'unavailable' });
  });

  it('states its targets', () => {
    expect(metric('sla.first_reply.achievement').describe(options)).toContain('urgent 1h, default 4h (calendar time)');
  });
});
