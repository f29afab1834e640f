import type { CellValues } from '../engine/cell-values.js';
import type { Schedule } from '../calendar/schedule.js';
import type { TicketTable } from '../engine/ticket-table.js';
import type { SlaPolicy } from './sla.js';
import type { MetricValue } from '../report/model.js';

export type FcrVariant = 'one_touch_no_reopen' | 'no_customer_followup' | 'no_repeat';
export type ResolutionRateVariant = 'cohort' | 'throughput';

/** A compiled business-hours schedule with the config name it was given. */
export interface NamedSchedule {
  readonly name: string;
  readonly schedule: Schedule;
}

/**
 * The clock durations are measured on. `calendar`: wall time, every millisecond counts. `business`:
 * only the open hours of a schedule count (`businessMs`). Which schedule a ticket uses is data:
 * `schedules[0]` for every ticket when `by` is null, else the schedule listed for the ticket's value
 * of the dimension `by.dimension` (a table dimension key), `schedules[by.defaultIndex]` otherwise.
 */
export type Clock =
  | { readonly kind: 'calendar' }
  | {
      readonly kind: 'business';
      readonly schedules: readonly NamedSchedule[];
      readonly by: {
        /** Field name as the user wrote it, for the report. */
        readonly field: string;
        /** Dimension key of the ticket table. */
        readonly dimension: string;
        /** Dimension value -> index in `schedules` (exact match). */
        readonly indexByValue: Readonly<Record<string, number>>;
        readonly defaultIndex: number;
      } | null;
    };

export const CALENDAR_CLOCK: Clock = Object.freeze({ kind: 'calendar' });

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
  /** Calendar time when absent. */
  clock?: Clock;
  /** SLA targets (config `sla:`); the `sla.*` metrics are reported only for the metrics it has targets for. */
  sla?: SlaPolicy;
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
  /**
   * Time elapsed for ticket `ticket` between two instants on the run's clock (calendar, or the
   * ticket's business-hours schedule), ms; NaN when either instant is NaN.
   */
  readonly elapsedMs: (ticket: number, startMs: number, endMs: number) => number;
  /**
   * With a business clock only: each duration of a ticket from timestamps alone (NaN where they are
   * missing), for setting our figure beside the export's business-hours column.
   */
  readonly businessFromTimestamps: { readonly frt: (ticket: number) => number; readonly resolution_first: (ticket: number) => number; readonly resolution_full: (ticket: number) => number } | null;
  /** 1 when the ticket is a repeat contact (see repeat_contact_rate). */
  readonly isRepeat: Uint8Array;
  /** 1 when the same customer opened another ticket within the window after this one was resolved. */
  readonly repeatAfterResolve: Uint8Array;
  /**
   * Ticket indices ascending by creation, ties in file order (as `orderByValue` gives it); null when a
   * creation instant is NaN. Shared by the context and the report's grouping, which both need it.
   */
  readonly createdOrder?: Int32Array | null;
  /** How each duration was obtained, for the report's definitions. */
  readonly sources: Record<string, string>;
  /** A scratch buffer of at least `size` values (one buffer, reused: valid until the next call). */
  scratchFor(size: number): Float64Array;
  /**
   * The cells being computed, laid out for gathering a per-ticket array over all of them in one
   * pass (see cell-values.ts): set by the report around each period's cells, else undefined.
   */
  cells?: CellValues | undefined;
}

/** The part of the report a row covers. */
export interface RowScope {
  /** Period bounds, epoch ms, half-open. */
  start: number;
  end: number;
  /** Every ticket of the row's group (any creation date), ascending by creation. */
  groupTickets: Int32Array;
  /**
   * Work the metrics of one row share (one pass for several metrics), by name; a report makes one per
   * row (and per --compare previous row). Without it each metric computes alone.
   */
  shared?: Map<string, unknown>;
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
