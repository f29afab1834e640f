/**
 * The `sla:` config section: targets per metric and priority, validated up front. Every error names
 * the key path, the rule and the value found (exit 2), like the rest of the config.
 *
 * ```yaml
 * sla:
 *   first_reply: { urgent: 1h, high: 4h, normal: 8h, low: 24h, clock: business, schedule: support }
 *   resolution:
 *     urgent: { target: 8h, clock: calendar }   # a per-target object overrides the metric's clock
 *     default: 72h                              # priorities without their own target
 * ```
 */
import type { Schedule } from '../calendar/schedule.js';
import { configError, configValueError } from '../errors.js';
import {
  priorityKeys,
  SLA_METRIC_NAMES,
  type SlaClock,
  type SlaMetricName,
  type SlaPolicy,
  type SlaTarget,
} from '../derive/sla.js';
import { parseDuration } from '../calendar/duration.js';

const DURATION_RULE = 'must be a duration with a unit, e.g. 30m, 4h, 2d or 1h30m';

/** A config error `config <path>: <rule>, found <value>`; shared with the `checks:` section. */
function configFail(path: string, rule: string, value: unknown, hint?: string): never {
  throw configValueError(path, rule, value, hint);
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function targetDuration(value: unknown, path: string): number {
  const ms = typeof value === 'string' ? parseDuration(value) : null;
  if (ms === null || ms <= 0) return configFail(path, DURATION_RULE, value);
  return ms;
}

/** `clock:` and `schedule:` of a metric or a target; `inherited` is the metric's clock for a target. */
function clockOf(
  clock: unknown,
  scheduleName: unknown,
  path: string,
  schedules: Record<string, Schedule>,
  inherited: SlaClock,
): SlaClock {
  if (clock !== undefined && clock !== 'calendar' && clock !== 'business')
    return configFail(`${path}.clock`, 'must be one of calendar, business', clock);
  if (scheduleName !== undefined && (typeof scheduleName !== 'string' || scheduleName.trim() === ''))
    return configFail(`${path}.schedule`, 'must be the name of a schedule under schedules:', scheduleName);
  if (clock === 'calendar') {
    if (scheduleName !== undefined)
      return configFail(
        `${path}.schedule`,
        'cannot be combined with clock: calendar (a schedule means business hours)',
        scheduleName,
      );
    return { kind: 'calendar' };
  }
  if (scheduleName === undefined) {
    if (clock === 'business') {
      if (inherited.kind === 'business') return inherited;
      return configFail(
        `${path}.schedule`,
        'is required with clock: business (the name of a schedule under schedules:)',
        undefined,
      );
    }
    return inherited;
  }
  const name = scheduleName as string;
  const schedule = schedules[name];
  if (!Object.hasOwn(schedules, name) || schedule === undefined) {
    const known = Object.keys(schedules);
    return configFail(
      `${path}.schedule`,
      `must name a schedule under schedules: ` +
        `(${known.length ? `known: ${known.join(', ')}` : 'the config defines none'})`,
      name,
    );
  }
  return { kind: 'business', name, schedule };
}

function metricTargets(value: unknown, path: string, schedules: Record<string, Schedule>) {
  if (!isMapping(value))
    return configFail(path, 'must be a mapping of priority: target, e.g. { urgent: 1h, high: 4h, default: 8h }', value);
  const metricClock = clockOf(value.clock, value.schedule, path, schedules, { kind: 'calendar' });
  const byPriority = new Map<string, SlaTarget>();
  const seen = new Map<string, string>();
  let fallback: SlaTarget | null = null;
  for (const [priority, spec] of Object.entries(value)) {
    if (priority === 'clock' || priority === 'schedule') continue;
    const where = `${path}.${priority}`;
    let target: SlaTarget;
    if (isMapping(spec)) {
      for (const key of Object.keys(spec)) {
        if (!['target', 'clock', 'schedule'].includes(key))
          configFail(`${where}.${key}`, 'unknown key (known: target, clock, schedule)', spec[key]);
      }
      target = {
        targetMs: targetDuration(spec.target, `${where}.target`),
        clock: clockOf(spec.clock, spec.schedule, where, schedules, metricClock),
        text: String(spec.target).trim(),
      };
    } else {
      target = { targetMs: targetDuration(spec, where), clock: metricClock, text: String(spec).trim() };
    }
    if (priority.trim().toLowerCase() === 'default') {
      fallback = target;
      continue;
    }
    const key = priorityKeys(priority)[0] as string;
    const previous = seen.get(key);
    if (previous !== undefined)
      configFail(where, `repeats priority ${JSON.stringify(previous)} (priorities match case-insensitively)`, priority);
    seen.set(key, priority);
    byPriority.set(key, target);
  }
  if (byPriority.size === 0 && fallback === null)
    return configFail(path, 'needs at least one target, e.g. { high: 4h, default: 8h }', value);
  return { byPriority, fallback };
}

/**
 * Validates and compiles `sla:` against the compiled `schedules:`. Absent or null gives undefined.
 * @throws AppError (config, exit 2) naming the key path, e.g. `config sla.first_reply.high: must be a duration with a
 * unit, e.g. 30m, 4h, 2d or 1h30m, found "4 hours"`
 * @example slaSection({ first_reply: { high: '4h' } }, {}).first_reply?.byPriority.get('high')?.targetMs // 14_400_000
 */
export function slaSection(value: unknown, schedules: Record<string, Schedule>): SlaPolicy | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value))
    return configFail('sla', 'must be a mapping of metric: targets (first_reply, resolution)', value);
  const policy: Partial<Record<SlaMetricName, ReturnType<typeof metricTargets>>> = {};
  for (const [metric, targets] of Object.entries(value)) {
    if (metric === 'next_reply') {
      configFail(
        'sla.next_reply',
        'is not supported yet: it needs the reply events of each ticket, which no export profile provides',
        targets,
        'Remove sla.next_reply; first_reply and resolution are supported.',
      );
    }
    if (!(SLA_METRIC_NAMES as readonly string[]).includes(metric)) {
      throw configError('unknown_config_key', `config sla.${metric}: unknown SLA metric`, {
        where: `sla.${metric}`,
        hint: `Known SLA metrics: ${SLA_METRIC_NAMES.join(', ')}.`,
      });
    }
    policy[metric as SlaMetricName] = metricTargets(targets, `sla.${metric}`, schedules);
  }
  return policy;
}
