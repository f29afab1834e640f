/** The `sla:` section's targets, as data (validated in options/sla.ts, judged in sla.ts). */
import type { Schedule } from '../calendar/schedule.js';

/** The SLA metrics targets can be set for. `next_reply` needs reply events, which no export provides yet. */
export const SLA_METRIC_NAMES = ['first_reply', 'resolution'] as const;
export type SlaMetricName = (typeof SLA_METRIC_NAMES)[number];

/** Where a target's time runs: wall-clock time, or only the open hours of a named schedule. */
export type SlaClock =
  | { readonly kind: 'calendar' }
  | { readonly kind: 'business'; readonly name: string; readonly schedule: Schedule };

export interface SlaTarget {
  /** The target duration on `clock`, ms. */
  readonly targetMs: number;
  readonly clock: SlaClock;
  /** The target as written in the config (`4h`), for the report's definitions. */
  readonly text: string;
}

/** The targets of one metric: by priority key (see `priorityKeys`), and the `default` for other priorities. */
export interface SlaTargets {
  readonly byPriority: ReadonlyMap<string, SlaTarget>;
  readonly fallback: SlaTarget | null;
}

/** The `sla:` section after validation: targets per metric; a metric without targets is absent. */
export type SlaPolicy = Readonly<Partial<Record<SlaMetricName, SlaTargets>>>;
