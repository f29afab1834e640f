/** The error of a schedule name the config does not define. */
import type { Schedule } from '../calendar/schedule.js';
import { configError, usageError } from '../errors.js';

/** The error for a schedule name not under `schedules:`; `where` is a config key path or an option. */
export function unknownSchedule(
  name: string,
  where: string,
  schedules: Record<string, Schedule>,
  kind: 'config' | 'usage' = 'config',
): never {
  const known = Object.keys(schedules);
  const make = kind === 'config' ? configError : usageError;
  throw make(
    'unknown_schedule',
    `${where}: no schedule named ${JSON.stringify(name)}; ` +
      `${known.length ? `known schedules: ${known.join(', ')}` : 'the config defines no schedules'}`,
    {
      where,
      hint: known.length
        ? `Use one of ${known.join(', ')}, or add it under schedules: in the config.`
        : 'Define it under schedules: in the config, e.g. schedules: { support: ' +
          '{ timezone: Europe/Berlin, hours: { mon: ["09:00-17:00"] } } }.',
    },
  );
}
