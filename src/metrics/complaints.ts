import type { TicketTable } from '../engine/ticket-table.js';
import { rate } from './summarize.js';
import type { MetricDefinition } from './types.js';

/**
 * Complaint class share, one metric per class: `complaints.<class>` = tickets of the cohort with the
 * class / tickets created. The numerator is the class's count, the value its share. A ticket can
 * have several classes, so the shares of a period may add up to more than 100%. Classes are set at
 * ingest by rules over subject, category and tags (src/complaints, docs/weekly-report.md).
 * @example 10 tickets created, 2 of them matched by a `delay` rule -> complaints.delay 20% (2/10)
 */
export function complaintMetric(name: string, bit: number): MetricDefinition {
  const mask = (1 << bit) >>> 0;
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
    compute: (ctx, cohort) => {
      const complaints = ctx.table.complaints;
      let numerator = 0;
      for (let j = 0; j < cohort.length; j++) if (((complaints[cohort[j] as number] as number) & mask) !== 0) numerator++;
      return rate(numerator, cohort.length);
    },
  };
}

/** The complaint metrics of a table: one per class the classifier declared, in class order. */
export function complaintMetrics(table: TicketTable): MetricDefinition[] {
  return table.complaintClasses.map((name, bit) => complaintMetric(name, bit));
}
