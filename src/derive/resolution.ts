/**
 * When a ticket was resolved. The resolution instant is the last time it was solved, else the time
 * it was closed (a ticket closed without being solved counts as solved at close), else creation plus
 * the export's full resolution duration; only an instant before as-of counts (the report is a
 * snapshot at as-of). Zendesk and dbt_zendesk use the same order. With `resolutionInstant: solved`
 * (the service desk's view, where closure lags resolution by days) the closed time never stands in:
 * a ticket closed without a resolution time is not resolved (nor is it in the backlog: see backlog.ts).
 */
import {
  add,
  asOfParam,
  coalesce,
  isNotNull,
  isNull,
  le,
  lt,
  num,
  or,
  ref,
  when,
  type Cond,
  type Expr,
} from './expr.js';
import type { DeriveOptions, ExprDerivation } from './types.js';

/**
 * The last resolution the timestamps give: solved, else closed.
 * @example evaluate(lastResolutionStamp, { solved: null, closed: 5 }) // 5
 */
export const lastResolutionStamp: Expr = coalesce(ref('solved'), ref('closed'));

/**
 * The first resolution the timestamps give: first solved, else the last resolution when the ticket
 * was never reopened (an unknown reopen count counts as not reopened).
 * @example evaluate(firstResolutionStamp, { solved: 9, reopens: 0 }) // 9
 * @example evaluate(firstResolutionStamp, { solved: 9, reopens: 2 }) // null
 */
export const firstResolutionStamp: Expr = coalesce(
  ref('first_solved'),
  when(or(isNull(ref('reopens')), le(ref('reopens'), num(0))), lastResolutionStamp),
);

/**
 * The last resolution the timestamps give under the run's choice: solved, else closed (default), or
 * solved alone.
 * @example evaluate(lastResolutionOf({ resolutionInstant: 'solved' }), { closed: 5 }) // null
 */
export const lastResolutionOf = (options: Pick<DeriveOptions, 'resolutionInstant'>): Expr =>
  options.resolutionInstant === 'solved' ? ref('solved') : lastResolutionStamp;

/**
 * The first resolution under the run's choice (see firstResolutionStamp).
 * @example evaluate(firstResolutionOf({ resolutionInstant: 'solved' }), { closed: 5, reopens: 0 }) // null
 */
export const firstResolutionOf = (options: Pick<DeriveOptions, 'resolutionInstant'>): Expr =>
  options.resolutionInstant === 'solved'
    ? coalesce(ref('first_solved'), when(or(isNull(ref('reopens')), le(ref('reopens'), num(0))), ref('solved')))
    : firstResolutionStamp;

/** `at` when it lies before as-of, else no value. */
export const beforeAsOf = (at: Expr, options: Pick<DeriveOptions, 'asOf'>): Expr =>
  when(lt(at, asOfParam(options.asOf)), at);

/**
 * `resolved_at`: the resolution instant before as-of (see the module's comment).
 * @example evaluate(resolvedAt.expr({ ...options, asOf: 100 }), { created: 1, closed: 50 }) // 50
 * @example evaluate(resolvedAt.expr({ ...options, asOf: 100 }), { created: 1, full_resolution_duration: 20 }) // 21
 * @example evaluate(resolvedAt.expr({ ...options, asOf: 100 }), { created: 1, solved: 150 }) // null
 */
export const resolvedAt: ExprDerivation = {
  name: 'resolved_at',
  kind: 'instant',
  describe: 'last time solved, else closed, else created + the export full resolution duration; before as-of only',
  expr: (options) =>
    beforeAsOf(coalesce(lastResolutionOf(options), add(ref('created'), ref('full_resolution_duration'))), options),
};

/**
 * The ticket is resolved before as-of.
 * @example holds(isResolved, { resolved_at: 5 }) // true
 */
export const isResolved: Cond = isNotNull(ref('resolved_at'));
