/**
 * SLA targets and per-ticket verdicts (pure).
 *
 * A target is a duration per metric and ticket priority, counted on the calendar or on a named
 * business-hours schedule. The due instant is creation plus the target (on a schedule: the instant
 * at which that much open time has passed, `addBusinessMs`). A ticket's verdict for a metric is
 * - `achieved`: the event (first reply, resolution) happened at or before the due instant;
 * - `breached`: it happened after the due instant, or it has not happened and the due instant lies
 *   before as-of (open past target);
 * - `active`: it has not happened and is not yet due at as-of;
 * - `no_target`: the ticket's priority has no target and there is no `default`.
 * Achievement = achieved / (achieved + breached); active and no_target tickets are left out.
 */
import { addBusinessMs } from '../calendar/schedule.js';
import { add, coalesce, ref } from './expr.js';
import { beforeAsOf } from './resolution.js';
import type { ComputedDerivation, ExprDerivation } from './types.js';

export {
  SLA_METRIC_NAMES,
  type SlaClock,
  type SlaMetricName,
  type SlaPolicy,
  type SlaTarget,
  type SlaTargets,
} from './sla-policy.js';
import type { SlaMetricName, SlaTarget, SlaTargets } from './sla-policy.js';

/** Verdict codes stored per ticket (a Uint8Array). */
export const SlaVerdict = { no_target: 0, active: 1, achieved: 2, breached: 3 } as const;
export type SlaVerdictCode = (typeof SlaVerdict)[keyof typeof SlaVerdict];

/**
 * The lookup keys of a priority value, most specific first: the value lower-cased with spaces
 * collapsed, and for ServiceNow-style `3 - Moderate` also the words after the number.
 * @example priorityKeys('3 - Moderate') // ['3 - moderate', 'moderate']
 * @example priorityKeys(' High ') // ['high']
 */
export function priorityKeys(value: string): string[] {
  const key = value.trim().toLowerCase().replace(/\s+/g, ' ');
  const words = /^\d+\s*-\s*(.+)$/.exec(key)?.[1];
  return words === undefined ? [key] : [key, words];
}

/**
 * The target for a ticket's priority value (null when the ticket has none): the first matching
 * priority key, else the `default`, else null (no target).
 * @example
 * const calendar = { kind: 'calendar' };
 * const high = { targetMs: 4 * HOUR, clock: calendar, text: '4h' };
 * const targets = { byPriority: new Map([['urgent', { targetMs: HOUR, clock: calendar, text: '1h' }], ['high', high]]),
 *   fallback: null };
 * // `2 - High` is looked up as `2 - high`, then `high`; `low` has no target and there is no default
 * [targetFor(targets, '2 - High') === high, targetFor(targets, 'Low')] // [true, null]
 */
export function targetFor(targets: SlaTargets, priority: string | null): SlaTarget | null {
  if (priority !== null) {
    for (const key of priorityKeys(priority)) {
      const target = targets.byPriority.get(key);
      if (target !== undefined) return target;
    }
  }
  return targets.fallback;
}

/**
 * The due instant (epoch ms) of a ticket created at `createdMs`: created + target on the calendar,
 * or the instant when `targetMs` of open time has passed on the target's schedule (a ticket created
 * outside hours starts counting at the next opening).
 * @example
 * dueAt({ targetMs: 3_600_000, clock: { kind: 'calendar' }, text: '1h' }, Date.UTC(2025, 10, 17, 9))
 * // Date.UTC(2025, 10, 17, 10)
 */
export function dueAt(target: SlaTarget, createdMs: number): number {
  return target.clock.kind === 'calendar'
    ? createdMs + target.targetMs
    : addBusinessMs(target.clock.schedule, createdMs, target.targetMs);
}

export interface TicketSlaVerdict {
  verdict: SlaVerdictCode;
  /** NaN without a target. */
  dueMs: number;
  /** Breached only: calendar ms from the due instant to the event, or to as-of while still open; else NaN. */
  latenessMs: number;
}

/**
 * The verdict of one ticket. `doneMs` is the event instant, NaN when it has not happened before
 * as-of. An event exactly at the due instant is achieved; an open ticket is breached once its due
 * instant lies before as-of.
 * @example
 * // target 1h calendar, created 09:00, no reply, as-of 11:00 -> breached (due 10:00), 1 h late
 * const oneHour = { targetMs: HOUR, clock: { kind: 'calendar' }, text: '1h' };
 * const at = (hour) => Date.UTC(2025, 10, 17, hour);
 * slaVerdict(oneHour, at(9), NaN, at(11))
 * // { verdict: SlaVerdict.breached, dueMs: Date.UTC(2025, 10, 17, 10), latenessMs: HOUR }
 */
export function slaVerdict(
  target: SlaTarget | null,
  createdMs: number,
  doneMs: number,
  asOfMs: number,
): TicketSlaVerdict {
  if (target === null || Number.isNaN(createdMs)) return { verdict: SlaVerdict.no_target, dueMs: NaN, latenessMs: NaN };
  const dueMs = dueAt(target, createdMs);
  if (!Number.isNaN(doneMs)) {
    return doneMs <= dueMs
      ? { verdict: SlaVerdict.achieved, dueMs, latenessMs: NaN }
      : { verdict: SlaVerdict.breached, dueMs, latenessMs: doneMs - dueMs };
  }
  return dueMs < asOfMs
    ? { verdict: SlaVerdict.breached, dueMs, latenessMs: asOfMs - dueMs }
    : { verdict: SlaVerdict.active, dueMs, latenessMs: NaN };
}

export interface SlaVerdictsInput {
  /** Creation instants by ticket. */
  readonly created: Float64Array;
  /** Event instants by ticket, NaN when not happened before as-of. */
  readonly done: Float64Array;
  /** Priority dictionary code per ticket (0 = none), or null when the input has no priority. */
  readonly priorityCodes: Uint32Array | null;
  /** Dictionary values by code (index 0 unused). */
  readonly priorityValues: readonly string[];
  readonly targets: SlaTargets;
  readonly asOfMs: number;
  readonly length: number;
}

/** Per-ticket verdicts and lateness (ms, NaN unless breached), in typed arrays indexed by ticket. */
export interface SlaTicketVerdicts {
  readonly verdict: Uint8Array;
  readonly latenessMs: Float64Array;
}

/**
 * Verdicts of every ticket for one metric. The target is looked up once per distinct priority
 * value, not per ticket. Inputs are not modified.
 * @example
 * // urgent 1h, high 4h; three tickets created 09:00, as-of 11:00: urgent replied 09:30 (achieved), urgent
 * // replied 10:30 (breached, 30 min late), high not replied and due 13:00 (active)
 * const calendar = { kind: 'calendar' };
 * const byPriority = new Map([
 *   ['urgent', { targetMs: HOUR, clock: calendar, text: '1h' }],
 *   ['high', { targetMs: 4 * HOUR, clock: calendar, text: '4h' }],
 * ]);
 * const nine = Date.UTC(2025, 10, 17, 9);
 * const { verdict, latenessMs } = slaVerdicts({
 *   created: Float64Array.of(nine, nine, nine),
 *   done: Float64Array.of(nine + 30 * MIN, nine + 90 * MIN, NaN),
 *   priorityCodes: Uint32Array.of(1, 1, 2),
 *   priorityValues: ['', 'Urgent', '2 - High'],
 *   targets: { byPriority, fallback: null },
 *   asOfMs: nine + 2 * HOUR,
 *   length: 3,
 * });
 * [verdict, latenessMs] // [Uint8Array.of(2, 3, 1), Float64Array.of(NaN, 30 * MIN, NaN)]
 */
export function slaVerdicts(input: SlaVerdictsInput): SlaTicketVerdicts {
  const { created, done, priorityCodes, priorityValues, targets, asOfMs, length } = input;
  const targetByCode = priorityValues.map((value, code) => targetFor(targets, code === 0 ? null : value));
  const verdict = new Uint8Array(length);
  const latenessMs = new Float64Array(length).fill(NaN);
  for (let i = 0; i < length; i++) {
    const target = priorityCodes === null ? targets.fallback : (targetByCode[priorityCodes[i] as number] ?? null);
    const v = slaVerdict(target, created[i] as number, done[i] as number, asOfMs);
    verdict[i] = v.verdict;
    latenessMs[i] = v.latenessMs;
  }
  return { verdict, latenessMs };
}

/**
 * The targets as the report states them: `urgent 1h, high 4h, default 72h (business hours: support)`.
 * @example
 * const calendar = { kind: 'calendar' };
 * const byPriority = new Map([
 *   ['urgent', { targetMs: HOUR, clock: calendar, text: '1h' }],
 *   ['high', { targetMs: 4 * HOUR, clock: calendar, text: '4h' }],
 * ]);
 * describeTargets({ byPriority, fallback: null }) // 'urgent 1h, high 4h (calendar time)'
 */
export function describeTargets(targets: SlaTargets): string {
  const clockText = (t: SlaTarget) =>
    t.clock.kind === 'calendar' ? 'calendar time' : `business hours: ${t.clock.name}`;
  const entries = [...targets.byPriority.entries()].map(([key, t]) => [key, t] as const);
  if (targets.fallback) entries.push(['default', targets.fallback]);
  const clocks = new Set(entries.map(([, t]) => clockText(t)));
  if (clocks.size <= 1)
    return `${entries.map(([key, t]) => `${key} ${t.text}`).join(', ')} (${[...clocks][0] ?? 'calendar time'})`;
  return entries.map(([key, t]) => `${key} ${t.text} (${clockText(t)})`).join(', ');
}

/**
 * The instant of each ticket's SLA event, before as-of: the first reply (its timestamp, else
 * created + the export's calendar first-reply duration, as Zendesk has only the minutes), or the
 * resolution (`resolved_at`).
 */
export const slaEvent: Readonly<Record<SlaMetricName, ExprDerivation>> = {
  first_reply: {
    name: 'sla.first_reply.done_at',
    kind: 'instant',
    describe: "first reply (timestamp, else created + the export's calendar first-reply duration), before as-of",
    expr: (options) =>
      beforeAsOf(coalesce(ref('first_reply'), add(ref('created'), ref('first_reply_duration'))), options),
  },
  resolution: {
    name: 'sla.resolution.done_at',
    kind: 'instant',
    describe: 'resolution (resolved_at: last solved, else closed, or as --resolution-instant says), before as-of',
    expr: () => ref('resolved_at'),
  },
};

/**
 * `sla.<metric>.verdict` (a SlaVerdict code per ticket) and `sla.<metric>.lateness_ms` (breached
 * tickets only), from the config's targets and the ticket's priority.
 */
export function slaVerdictDerivation(metric: SlaMetricName): ComputedDerivation {
  const done = slaEvent[metric].name;
  return {
    provides: {
      [`sla.${metric}.verdict`]: `the ${metric.replace('_', ' ')} SLA verdict: achieved, breached, active or no target`,
      [`sla.${metric}.lateness_ms`]:
        'breached tickets: calendar ms from the due instant to the event, or to as-of while open',
    },
    reads: [done],
    compute: ({ tickets, options, values }) => {
      const priority = tickets.present.has('priority') ? tickets.dim('priority') : undefined;
      const verdicts = slaVerdicts({
        created: tickets.instants.created,
        done: values(done),
        priorityCodes: priority ? priority.codes : null,
        priorityValues: priority ? priority.dictionary.values : [''],
        targets: options.sla?.[metric] ?? { byPriority: new Map(), fallback: null },
        asOfMs: options.asOf,
        length: tickets.length,
      });
      return { [`sla.${metric}.verdict`]: verdicts.verdict, [`sla.${metric}.lateness_ms`]: verdicts.latenessMs };
    },
  };
}
