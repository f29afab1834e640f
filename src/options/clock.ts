/**
 * The clock of a run from the config and --hours, and the unknown-schedule error: apart from
 * schema.ts (which re-exports them) so that a run without a config file does not load the config
 * validators (schema.ts, checks, SLA, complaints).
 */
import type { Schedule } from '../calendar/schedule.js';
import type { Clock, NamedSchedule } from '../metrics/types.js';
import type { Config } from './schema.js';
import { unknownSchedule } from './schedules.js';

/**
 * The clock of a run: `--hours NAME` (one schedule for every ticket) over `report.hours_by` over
 * `report.hours`; calendar time when none is given. `dimensionKey` maps the `hours_by` field to the
 * ticket table's dimension key (the CLI knows it after reading the header).
 * @throws AppError (usage) for an unknown `--hours` name
 * @example
 * // `--hours support`: that schedule for every ticket (the config holds compiled schedules; one shortened here)
 * const config = { schedules: { support: { timezone: 'Europe/Berlin' } }, report: {} };
 * resolveClock(config, 'support', (f) => f)
 * // { kind: 'business', schedules: [{ name: 'support', schedule: { timezone: 'Europe/Berlin' } }], by: null }
 */
export function resolveClock(
  config: Config,
  hoursFlag: string | undefined,
  dimensionKey: (field: string) => string,
): Clock {
  const named = (name: string): NamedSchedule => ({ name, schedule: config.schedules[name] as Schedule });
  if (hoursFlag !== undefined) {
    if (!Object.hasOwn(config.schedules, hoursFlag)) unknownSchedule(hoursFlag, '--hours', config.schedules, 'usage');
    return { kind: 'business', schedules: [named(hoursFlag)], by: null };
  }
  const by = config.report.hours_by;
  if (by) {
    const names: string[] = [];
    const indexOf = (name: string) => {
      const k = names.indexOf(name);
      return k >= 0 ? k : names.push(name) - 1;
    };
    const defaultIndex = indexOf((by.default ?? config.report.hours) as string);
    const indexByValue: Record<string, number> = {};
    for (const [value, name] of Object.entries(by.schedules)) indexByValue[value] = indexOf(name);
    return {
      kind: 'business',
      schedules: names.map(named),
      by: { field: by.field, dimension: dimensionKey(by.field), indexByValue, defaultIndex },
    };
  }
  if (config.report.hours !== undefined) return { kind: 'business', schedules: [named(config.report.hours)], by: null };
  return { kind: 'calendar' };
}

/** The dimension `report.hours_by` reads, unless `--hours` overrides it. */
export const hoursByField = (config: Config, hoursFlag: string | undefined): string | null =>
  hoursFlag === undefined ? (config.report.hours_by?.field ?? null) : null;
