import type { TicketTable } from '../model/ticket.js';
import type { MetricValue } from '../report/model.js';

export type FcrVariant = 'one_touch_no_reopen' | 'no_customer_followup' | 'no_repeat';
export type ResolutionRateVariant = 'cohort' | 'throughput';

export interface TicketMetricOptions {
  /** Instant (epoch ms, exclusive) at which "resolved by the report's end" and backlogs are judged. */
  asOf: number;
  /** Repeat-contact window in days (calendar days of 24 h). */
  repeatWindowDays: number;
  /** Also require the same category for a repeat. */
  repeatSame: 'category' | null;
  fcrVariant: FcrVariant;
  resolutionRate: ResolutionRateVariant;
  /** Prefer durations recomputed from timestamps over the export's own duration columns. */
  recompute: boolean;
}

/** Per-ticket values derived once per run, shared by every metric. Typed arrays indexed by ticket. */
export interface TicketContext {
  readonly table: TicketTable;
  readonly options: TicketMetricOptions;
  /** When the ticket was (last) resolved: solved, else closed, else created + full resolution duration. NaN if not. */
  readonly resolvedAt: Float64Array;
  /** First reply time in ms, NaN when there is none (or it happened at/after as-of). */
  readonly frtMs: Float64Array;
  readonly resolutionFirstMs: Float64Array;
  readonly resolutionFullMs: Float64Array;
  /** 1 when the ticket is a repeat contact (see repeat_contact_rate). */
  readonly isRepeat: Uint8Array;
  /** 1 when the same customer opened another ticket within the window after this one was resolved. */
  readonly repeatAfterResolve: Uint8Array;
  /** How each duration was obtained, for the report's definitions. */
  readonly sources: Record<string, string>;
  /** Scratch buffer for duration values (avoids an allocation per row). */
  scratch: Float64Array;
}

/** The part of the report a row covers. */
export interface RowScope {
  /** Period bounds, epoch ms, half-open. */
  start: number;
  end: number;
  /** Every ticket of the row's group (any creation date), ascending by creation. */
  groupTickets: Int32Array;
}

export interface MetricDefinition {
  id: string;
  kind: 'duration' | 'rate' | 'count' | 'total';
  unit?: 'minutes' | 'hours';
  /** Figures shown in compact tables and compared with --compare. */
  headline: readonly ('value' | 'median' | 'p90' | 'sum' | 'mean')[];
  /** Human label: "First reply time". */
  label: string;
  /** The definition as used with these options (stated in every report). */
  describe(options: TicketMetricOptions): string;
  /** Why it cannot be computed from this input, or null. */
  unavailable(ctx: TicketContext): string | null;
  /** The value over `cohort` (tickets created in the row's period and group). */
  compute(ctx: TicketContext, cohort: Int32Array, scope: RowScope): MetricValue;
}
