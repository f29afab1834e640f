/** Complaint class shares: one metric per class, a ticket may have several classes. */
import { describe, expect, it } from 'vitest';
import { plainTickets } from './reference.js';
import { complaintMetric, complaintMetrics } from './complaints.js';
import { metricOver } from './reference.js';

// Classes as the classifier numbers them: bit 0 delay, bit 1 billing, bit 2 lost_data.
const tickets = [0b001, 0b011, 0b000, 0b110, 0b010].map((complaints) => ({ created: 0, category: 'x', complaints }));

describe('complaints.<class>', () => {
  it('is the tickets of the class / tickets created', () => {
    // delay: tickets 1, 2 -> 2 / 5; billing: 2, 4, 5 -> 3 / 5; lost_data: 4 -> 1 / 5
    expect(metricOver(complaintMetric('delay', 0), tickets)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 5,
      value: 0.4,
    });
    expect(metricOver(complaintMetric('billing', 1), tickets)).toMatchObject({ numerator: 3, denominator: 5 });
    expect(metricOver(complaintMetric('lost_data', 2), tickets)).toMatchObject({ numerator: 1, denominator: 5 });
  });

  it('shares may add up to more than 100%: a ticket counts in each of its classes', () => {
    const numerators = [0, 1, 2].map((bit) => {
      const value = metricOver(complaintMetric(`c${bit}`, bit), tickets);
      return value.kind === 'rate' ? value.numerator : 0;
    });
    // 2 + 3 + 1 = 6 class memberships over 5 tickets
    expect(numerators.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('is named after its class', () => {
    const metric = complaintMetric('missed_appointment', 3);
    expect([metric.id, metric.label]).toEqual(['complaints.missed_appointment', 'Complaints: missed appointment']);
  });

  it('is unavailable without a subject, category or tags column to classify', () => {
    expect(metricOver(complaintMetric('delay', 0), [{ created: 0, complaints: 1 }])).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('complaintMetrics: one metric per class of the table, in class order', () => {
    const table = { ...plainTickets([]), complaintClasses: ['delay', 'billing'] };
    expect(complaintMetrics(table).map((m) => m.id)).toEqual(['complaints.delay', 'complaints.billing']);
  });
});
