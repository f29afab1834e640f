/**
 * The three duration quantities of a ticket, in ms: first reply time, first and full resolution time.
 * Each is measured from creation, and only when its event happened before as-of.
 *
 * Calendar time: the export's own duration column (Zendesk `First reply time in minutes`) when it
 * has one, else the timestamps; `recompute` prefers the timestamps. Business hours: the open time of
 * the ticket's schedule between the timestamps; a ticket without the timestamp falls back to the
 * export's business-hours column (the vendor's own schedule) when its event (found from the calendar
 * column, else as the earliest instant that much business time allows) precedes as-of. The calendar
 * columns cannot be converted to business hours (they do not say when the time passed).
 */
import type { TicketField } from '../model/ticket.js';
import { add, after, asOfParam, coalesce, elapsed, isNotNull, lt, ref, when, type Expr } from './expr.js';
import { firstResolutionOf, lastResolutionOf } from './resolution.js';
import { isBusinessClock, type DeriveOptions, type ExprDerivation } from './types.js';

const created = ref('created');

type VendorField = 'first_reply_duration' | 'first_resolution_duration' | 'full_resolution_duration';
const BUSINESS_COLUMN = {
  first_reply_duration: 'first_reply_business_duration',
  first_resolution_duration: 'first_resolution_business_duration',
  full_resolution_duration: 'full_resolution_business_duration',
} as const satisfies Record<VendorField, TicketField>;

/** The duration from creation to `stamp`, else the export's column, on the run's clock, before as-of. */
function durationTo(stamp: Expr, vendor: VendorField, options: DeriveOptions): Expr {
  const asOf = asOfParam(options.asOf);
  if (isBusinessClock(options)) {
    const business = ref(BUSINESS_COLUMN[vendor]);
    const happened = coalesce(add(created, ref(vendor)), after(created, business));
    return when(isNotNull(stamp), when(lt(stamp, asOf), elapsed(created, stamp)), when(lt(happened, asOf), business));
  }
  const fromStamps = elapsed(created, stamp);
  const picked = options.recompute ? coalesce(fromStamps, ref(vendor)) : coalesce(ref(vendor), fromStamps);
  return when(lt(add(created, picked), asOf), picked);
}

/**
 * `frt_ms`: first public agent reply minus creation.
 * @example evaluate(frtMs.expr(options), { created: 0, first_reply: 1_800_000 }) // 1800000
 */
export const frtMs: ExprDerivation = {
  name: 'frt_ms',
  kind: 'duration',
  describe: 'first reply minus creation (the export column when present), before as-of',
  expr: (options) => durationTo(ref('first_reply'), 'first_reply_duration', options),
};

/**
 * `resolution_first_ms`: first resolution minus creation (see firstResolutionOf).
 * @example evaluate(resolutionFirstMs.expr(options), { created: 0, solved: 21_600_000, reopens: 0 }) // 21600000
 */
export const resolutionFirstMs: ExprDerivation = {
  name: 'resolution_first_ms',
  kind: 'duration',
  describe: 'first solved (else the last resolution of a ticket never reopened) minus creation, before as-of',
  expr: (options) => durationTo(firstResolutionOf(options), 'first_resolution_duration', options),
};

/**
 * `resolution_full_ms`: last resolution (solved, else closed) minus creation.
 * @example evaluate(resolutionFullMs.expr(options), { created: 0, closed: 86_400_000 }) // 86400000
 */
export const resolutionFullMs: ExprDerivation = {
  name: 'resolution_full_ms',
  kind: 'duration',
  describe: 'last time solved (else closed) minus creation, before as-of',
  expr: (options) => durationTo(lastResolutionOf(options), 'full_resolution_duration', options),
};

/** The report's statement of where each duration came from, for the fields the input has. */
export function durationSources(present: ReadonlySet<TicketField>, options: DeriveOptions): Record<string, string> {
  const recompute = options.recompute;
  const source = (vendorField: VendorField, stamps: string) => {
    const vendor = present.has(vendorField);
    if (vendor && (!recompute || stamps === '')) {
      return recompute
        ? 'export duration column (no timestamps to recompute from)'
        : 'export duration column, timestamps where it is empty';
    }
    if (vendor) return 'timestamps (--recompute), export duration column where timestamps are missing';
    return stamps === '' ? 'unavailable' : `timestamps: ${stamps}`;
  };
  const businessSource = (vendorField: VendorField, stamps: string, missing: string) => {
    const vendor = present.has(BUSINESS_COLUMN[vendorField]);
    if (stamps !== '') {
      return (
        `business hours from timestamps: ` +
        `${stamps}${vendor ? "; the export's business-hours column where timestamps are missing" : ''}`
      );
    }
    if (vendor) {
      return (
        `export business-hours column (${BUSINESS_COLUMN[vendorField]}), ` +
        `the vendor's own schedule: the input has no ${missing} timestamp`
      );
    }
    return (
      `unavailable: the input has no ${missing} timestamp and no ` +
      `business-hours column (the calendar column cannot be converted)`
    );
  };
  const has = (f: 'first_reply' | 'solved' | 'closed' | 'first_solved') => present.has(f);
  const stampTexts = {
    frt: has('first_reply') ? 'first reply - created' : '',
    resolution_first: has('first_solved')
      ? 'first solved - created'
      : has('solved') || has('closed')
        ? 'solved (else closed) - created, when never reopened'
        : '',
    resolution_full: has('solved') || has('closed') ? 'solved (else closed) - created' : '',
  };
  if (isBusinessClock(options)) {
    return {
      frt: businessSource('first_reply_duration', stampTexts.frt, 'first reply'),
      resolution_first: businessSource('first_resolution_duration', stampTexts.resolution_first, 'first solved'),
      resolution_full: businessSource('full_resolution_duration', stampTexts.resolution_full, 'solved or closed'),
      backlog_age: 'business hours from timestamps: backlog instant - created',
    };
  }
  return {
    frt: source('first_reply_duration', stampTexts.frt),
    resolution_first: source('first_resolution_duration', stampTexts.resolution_first),
    resolution_full: source('full_resolution_duration', stampTexts.resolution_full),
  };
}
