/**
 * What derivations are: named per-ticket quantities (a resolution instant, a first reply time with
 * its as-of cut-off, a repeat flag) that metrics read like ticket fields. Most are expressions over
 * the ticket's fields (see expr.ts); a few are computed across tickets (repeat contacts) or by a
 * procedure (SLA verdicts on a schedule), with a function of their own.
 */
import type { Schedule } from '../calendar/schedule.js';
import type { Tickets } from '../model/ticket.js';
import type { Expr, Ref } from './expr.js';
import type { SlaPolicy } from './sla-policy.js';

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

/** The options derivations depend on. */
export interface DeriveOptions {
  /** Instant (epoch ms, exclusive) at which "resolved by the report's end" and backlogs are judged. */
  asOf: number;
  /** Repeat-contact window in days (calendar days of 24 h). */
  repeatWindowDays: number;
  /** Also require the same category for a repeat. */
  repeatSame: 'category' | null;
  /** Prefer durations recomputed from timestamps over the export's own duration columns. */
  recompute: boolean;
  /**
   * What resolves a ticket: its solved time, else its closed time (`solved_or_closed`, the default),
   * or its solved time alone (`solved`).
   */
  resolutionInstant?: 'solved_or_closed' | 'solved' | undefined;
  /** Calendar time when absent. */
  clock?: Clock;
  /** SLA targets (config `sla:`). */
  sla?: SlaPolicy;
}

/** True when durations are measured in business hours. */
export const isBusinessClock = (options: Pick<DeriveOptions, 'clock'>): boolean => options.clock?.kind === 'business';

/** A derivation that is an expression over one ticket's fields and other derivations. */
export interface ExprDerivation {
  readonly name: Ref;
  readonly kind: 'instant' | 'duration';
  /** What it is, for the report's definitions and the docs. */
  readonly describe: string;
  expr(options: DeriveOptions): Expr;
}

/** The values another derivation may read: ticket fields and derivations by name. */
export interface DeriveInput {
  readonly tickets: Tickets;
  readonly options: DeriveOptions;
  /** A field or derivation's values by ticket (NaN: none). */
  values(name: Ref): Float64Array;
}

/**
 * Derivations computed together by a function of all tickets (across tickets, or by a procedure):
 * one array per name it provides, indexed by ticket.
 */
export interface ComputedDerivation {
  /** The names it provides, and what each is. */
  readonly provides: Readonly<Record<Ref, string>>;
  /** The names it reads (computed first). */
  readonly reads: readonly Ref[];
  compute(input: DeriveInput): Readonly<Record<Ref, Float64Array | Uint8Array>>;
}
