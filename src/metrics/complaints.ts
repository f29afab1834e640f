import { hasBit, ref, TRUE } from '../derive/expr.js';
import type { Tickets } from '../model/ticket.js';
import type { MetricDefinition } from './types.js';

/**
 * Complaint class share, one metric per class: `complaints.<class>` = tickets of the cohort with the
 * class / tickets created. The numerator is the class's count, the value its share. A ticket can
 * have several classes, so the shares of a period may add up to more than 100%. Classes are set at
 * ingest by rules over subject, category and tags (src/complaints, docs/weekly-report.md).
 * @example metricOver(complaintMetric('delay', 1), [0b10, 0, 0b11, 0b01].map((c) => ({ created: 0, category: 'x',
 * complaints: c })), options).value // 0.5
 */
export function complaintMetric(name: string, bit: number): MetricDefinition {
  return {
    id: `complaints.${name}`,
    kind: 'rate',
    headline: [],
    label: `Complaints: ${name.replace(/_/g, ' ')}`,
    describe: () => `tickets classified as ${name} by the complaint rules (subject, category, tags) / tickets created`,
    unavailable: (ctx) =>
      // A mapped subject marks `order_ref` present (the subject itself is not kept).
      ctx.table.present.has('category') || ctx.table.present.has('tags') || ctx.table.present.has('order_ref')
        ? null
        : 'no subject, category or tags column to classify: map subject, category or tags',
    rule: () => ({ kind: 'rate', counted: TRUE, hit: hasBit(ref('complaints'), bit) }),
  };
}

/** The complaint metrics of a table: one per class the classifier declared, in class order. */
export function complaintMetrics(table: Tickets): MetricDefinition[] {
  return table.complaintClasses.map((name, bit) => complaintMetric(name, bit));
}
