/** The options of `report --orders` (and `inspect --orders`) from the flags and the config's `orders:` section. */
import { assertTimeZone } from '../calendar/zone.js';
import { configError } from '../errors.js';
import type { DateFormats } from '../ingest/date-columns.js';
import type { BeforeCreatedRule } from '../ingest/order-finalize.js';
import type { OrderVocabulary } from '../ingest/orders.js';
import { parseMap, positiveNumber, scopedMaps, wholeNumber, type ReportFlags } from './flags.js';
import { checkZone, resolveDateFormats, splitUnmapped } from './input.js';
import { unknownSchedule } from './schedules.js';
import type { Config } from './schema.js';

/** The order options of `report --orders`. */
export interface OrderFlags {
  profileName: string;
  map: Record<string, string>;
  /** Order fields no profile may map (`--orders-map field=`, config `orders.map: { field: null }`). */
  unmap: string[];
  userInputTz: string | undefined;
  dateFormats: DateFormats;
  /** The zone a date-only promise ends in (`--promise-tz`, `orders.promise_timezone`; default: the report zone). */
  promiseTimezone: string;
  /** Whether the user named `promiseTimezone` (else it is the report zone). */
  promiseTimezoneGiven: boolean;
  /** Status values meaning cancelled / refunded, added to the profile's (config `orders.vocabulary`). */
  vocabulary: OrderVocabulary;
  /** Per instant field, what a value before the order's creation does (config `orders.before_created`). */
  beforeCreated: Record<string, BeforeCreatedRule>;
  /** Review scores at or above this are good, at or below `reviewBadMax` bad (config `orders.review_good_min`). */
  reviewGoodMin: number;
  reviewBadMax: number;
  promiseDays: number | null;
  /** Schedule name whose open days the promise counts; undefined: Monday-Friday in the report zone. */
  promiseSchedule: string | undefined;
  promiseWhere: string;
  linkWindowDays: number;
  /** `--hours` / `report.hours`: order durations in business hours. */
  hours: string | undefined;
  onTimeEvent: 'fulfilled' | 'delivered' | undefined;
  from: 'created' | 'paid';
  /** Ticket files to link (`--tickets` and the positional files but the implicit `-`). */
  ticketFiles: string[];
}

export function resolveOrderFlags(flags: ReportFlags, config: Config, files: readonly string[]): OrderFlags {
  const orders = config.orders ?? {};
  const userInputTz = flags.ordersInputTz ?? orders.timezone;
  if (userInputTz) checkZone(userInputTz, flags.ordersInputTz ? '--orders-input-tz' : 'orders.timezone', flags);
  const hours = flags.hours ?? config.report.hours;
  if (hours !== undefined && !Object.hasOwn(config.schedules, hours)) {
    unknownSchedule(
      hours,
      flags.hours ? '--hours' : 'report.hours',
      config.schedules,
      flags.hours ? 'usage' : 'config',
    );
  }
  const promiseWhere = flags.promiseHours !== undefined ? '--promise-hours' : 'orders.promise_schedule';
  const promiseSchedule = flags.promiseHours ?? orders.promise_schedule;
  if (promiseSchedule !== undefined && !Object.hasOwn(config.schedules, promiseSchedule)) {
    unknownSchedule(
      promiseSchedule,
      promiseWhere,
      config.schedules,
      promiseWhere.startsWith('--') ? 'usage' : 'config',
    );
  }
  const ticketFiles = [...(flags.tickets ?? []), ...files.filter((f) => f !== '-')];
  // `--map orders.field=Column`, or `--map field=Column` when the orders are the only export read; the
  // older `--orders-map field=Column` last.
  const maps = scopedMaps(flags.map);
  const { map, unmap } = splitUnmapped({
    ...(orders.map ?? {}),
    ...(ticketFiles.length === 0 ? maps.main : {}),
    ...maps.orders,
    ...parseMap(flags.ordersMap, '--orders-map'),
  });
  const promiseTimezone = flags.promiseTz ?? orders.promise_timezone;
  if (promiseTimezone) assertTimeZone(promiseTimezone, flags.promiseTz ? '--promise-tz' : 'orders.promise_timezone');
  const reviewGoodMin = orders.review_good_min ?? 4;
  const reviewBadMax = orders.review_bad_max ?? 2;
  if (!(reviewBadMax < reviewGoodMin)) {
    throw configError(
      'bad_config',
      `config orders.review_bad_max (${reviewBadMax}) must be below orders.review_good_min (${reviewGoodMin})`,
      {
        where: 'orders.review_bad_max',
        hint: 'For a 1-5 score: review_good_min: 4, review_bad_max: 2 (3 is neutral).',
      },
    );
  }
  return {
    profileName: flags.ordersProfile ?? orders.profile ?? 'auto',
    map,
    unmap,
    userInputTz,
    dateFormats: resolveDateFormats(flags.ordersDateFormat, orders.date_format, orders.date_formats),
    promiseTimezone: promiseTimezone ?? reportZone(flags, config),
    promiseTimezoneGiven: promiseTimezone !== undefined,
    vocabulary: orders.vocabulary ?? {},
    beforeCreated: orders.before_created ?? {},
    reviewGoodMin,
    reviewBadMax,
    promiseDays:
      flags.promiseDays === undefined
        ? (orders.promise_days ?? null)
        : wholeNumber(flags.promiseDays, '--promise-days', 0),
    promiseSchedule,
    promiseWhere,
    linkWindowDays: positiveNumber(flags.linkWindow, '--link-window', orders.link_window_days ?? 30),
    hours,
    onTimeEvent: flags.onTimeEvent ?? orders.on_time_event,
    from: flags.ordersFrom ?? orders.from ?? 'created',
    ticketFiles,
  };
}

/** The report zone (`--tz`, else `report.timezone`, else UTC), checked: a date-only promise ends in it by default. */
function reportZone(flags: ReportFlags, config: Config): string {
  const zone = flags.tz ?? config.report.timezone ?? 'UTC';
  assertTimeZone(zone, flags.tz ? '--tz' : 'report.timezone');
  return zone;
}
