/**
 * The flags of the commands that read exports, as commander gives them, and the parsing every
 * flag value shares (numbers, lists, `field=Column` mappings): errors name the flag, the value and
 * an example.
 */
import { usageError } from '../errors.js';
import type { FcrVariant, ResolutionRateVariant } from '../metrics/types.js';

/** The flags of `report` (and, without the output ones, of `check` and `inspect`), as commander gives them. */
export interface ReportFlags {
  config?: string;
  /** Event logs (docs/events.md), read instead of ticket exports. */
  events?: string[];
  profile?: string;
  map?: string[];
  /** Fields no profile or detection may map (`--unmap agent`, comma lists too). */
  unmap?: string[];
  inputTz?: string;
  tz?: string;
  /** Repeatable: `FORMAT` for every date column, `NAME=FORMAT` for one field or column; tried in order. */
  dateFormat?: string[];
  /** `--no-header`: the file's first row is data (commander sets `header: false`). */
  header?: boolean;
  /** The column names of a header-less file, comma-separated. */
  columns?: string;
  /** Which instant resolves a ticket: `solved_or_closed` (default) or `solved` only. */
  resolutionInstant?: 'solved_or_closed' | 'solved';
  nullToken?: string[];
  delimiter?: string;
  encoding?: string;
  since?: string;
  until?: string;
  asOf?: string;
  period?: 'day' | 'week' | 'month';
  weekStart?: 'monday' | 'sunday';
  by?: string;
  compare?: 'previous';
  resolutionRate?: ResolutionRateVariant;
  fcr?: FcrVariant;
  repeatWindow?: string;
  repeatSame?: 'category';
  recompute?: boolean;
  hours?: string;
  format?: string;
  output?: string;
  excel?: boolean;
  formulaEscape?: boolean;
  maxBadRows?: string;
  /** Largest share of rows, in percent, that may repeat another row's id (report/accounting.ts). */
  maxDuplicateShare?: string;
  /** `--plausible-years FROM-TO`: the years a creation time may fall in. */
  plausibleYears?: string;
  /** `--max-gzip-ratio N`: how many times its size a gzip input may inflate to. */
  maxGzipRatio?: string;
  /** `--max-stdin-mib N`: the largest copy of standard input (or a pipe) made, in MiB. */
  maxStdinMib?: string;
  rejects?: string;
  onBadValue?: 'reject' | 'null';
  quiet?: boolean;
  color?: boolean;
  /** Add `Report.totals`: the whole window over every group (the CLI sets it for html and xlsx). */
  totals?: boolean;
  /** Add the `insights` section (always with --format html). */
  insights?: boolean;
  /** Print which complaint rule matched each ticket (stderr, and `complaints.matches` in JSON). */
  explain?: boolean;
  /** Fold each case's events in time order instead of rejecting backwards events (config events.sort). */
  sortEvents?: boolean;
  /** Event logs: the variant list (one row per distinct activity sequence) is the output. */
  variants?: boolean;
  /** With --variants: consecutive repeats of an activity count once (config events.variants_collapse_repeats). */
  variantsCollapseRepeats?: boolean;
  /** With --variants: only the N most frequent variants. */
  top?: string;
  /** Event logs: transitions seen in fewer cases leave the bottlenecks (config events.bottleneck_min_cases). */
  bottleneckMinCases?: string;
  /** Event logs: the end activity of case_duration_to_end (config events.case_end). */
  caseEnd?: string;
  /** Event logs: case attributes from the first or the last event with a value (config events.case_attributes). */
  caseAttributes?: 'first' | 'last';
  /** Classify tickets into complaint classes (also on with --insights, --explain, html, or a `complaints:` config). */
  complaints?: boolean;
  /** Orders report: order exports; the ticket files then only feed contacts. */
  orders?: string[];
  tickets?: string[];
  ordersProfile?: string;
  ordersMap?: string[];
  ordersInputTz?: string;
  ordersDateFormat?: string[];
  /** Zone whose day a promised date without a time ends in (default: the report zone). */
  promiseTz?: string;
  promiseDays?: string;
  promiseHours?: string;
  onTimeEvent?: 'fulfilled' | 'delivered';
  ordersFrom?: 'created' | 'paid';
  linkWindow?: string;
  /** Number cells use a decimal comma (1.234,5) / a decimal point (1,234.5); see values.ts. */
  decimalComma?: boolean;
  decimalPoint?: boolean;
  /** Where the figures are computed: the JS engine (default), or SQL on DuckDB or PostgreSQL (api/sql.ts). */
  engine?: 'js' | 'duckdb' | 'postgres';
  /** With a SQL engine: a DuckDB database file or a PostgreSQL URL. */
  db?: string;
  /** With `db`: the table or view of tickets. */
  table?: string;
  /** With `db`: a connector's schema instead of a table (`fivetran-zendesk`), in `schema`. */
  source?: 'fivetran-zendesk';
  schema?: string;
  /** With --engine duckdb: DuckDB's memory limit (`4GB`) and worker threads. */
  engineMemory?: string;
  engineThreads?: string;
  /** CSV output delimiter (`;` for European Excel). */
  outputDelimiter?: string;
  /** CSV/TSV output decimal separator: `comma` (72,5, for European Excel) or `point` (default). */
  outputDecimal?: string;
  /** CSV/TSV/XLSX: every column of the report kind, also those this input can never fill. */
  allColumns?: boolean;
  /** XLSX: durations as Excel durations ([h]:mm) instead of numbers in the unit the header names. */
  excelDurations?: boolean;
  /** Only these metrics, comma-separated ids or prefixes (`frt,resolution_full,fcr`, `sla.*`). */
  metrics?: string;
  /** Largest CSV record / JSON value accepted, in MiB. */
  maxFieldMib?: string;
  /** The window: the last whole day(s), week(s) or month(s) before now (`week`, `7d`, `4w`, `month`). */
  last?: string;
  /** Accept zone abbreviations (`EST`) as the runtime reads them. */
  allowFixedOffset?: boolean;
}

/**
 * A whole-number flag, or `fallback` when it is absent.
 * @example wholeNumber('10', '--max-bad-rows', 0) // 10
 */
export function wholeNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) {
    throw usageError('bad_option', `${option} must be a whole number, found "${text}"`, {
      where: option,
      hint: `For example ${option} 10.`,
    });
  }
  return Number(text);
}

/**
 * `--plausible-years FROM-TO` as `[from, to]`, or undefined when it is absent.
 * @example yearRangeFlag('1990-2040') // [1990, 2040]
 */
export function yearRangeFlag(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match === null || from < 1 || from > to) {
    throw usageError('bad_option', `--plausible-years must be FROM-TO, two years from 1 to 9999, found "${text}"`, {
      where: '--plausible-years',
      hint: 'For example --plausible-years 1990-2040.',
    });
  }
  return [from, to];
}

/**
 * A percentage flag (0 to 100, `%` optional) as a fraction, or undefined when it is absent.
 * @example percentFlag('50', '--max-duplicate-share') // 0.5
 */
export function percentFlag(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw usageError('bad_option', `${option} must be a percentage from 0 to 100, found "${text}"`, {
      where: option,
      hint: `For example ${option} 50.`,
    });
  }
  return value / 100;
}

/**
 * A number-of-days flag above 0, or `fallback` when it is absent.
 * @example positiveNumber('1.5', '--repeat-window', 7) // 1.5
 */
export function positiveNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw usageError('bad_option', `${option} must be a number of days > 0, found "${text}"`, {
      where: option,
      hint: `For example ${option} 7.`,
    });
  }
  return value;
}

/** A comma-separated flag value as a list, blanks dropped; undefined when the flag is absent. */
export const splitList = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/** The inputs a `--map` pair can name with a prefix: `orders.promised=…`. */
export const MAP_SCOPES = ['tickets', 'events', 'orders'] as const;
export type MapScope = (typeof MAP_SCOPES)[number];

/**
 * `--map` values: `field=Column`, several in one value separated by commas where a comma is followed
 * by `name=` (`case=Id,timestamp=At`); any other comma is part of the column name. One syntax for
 * tickets, orders and events. `field=` (nothing after the `=`) maps the field to no column: it undoes
 * a profile's or the detection's mapping (see {@link splitUnmapped}). A name may carry its input as a
 * prefix (`orders.promised=…`): see {@link scopedMaps}; here the prefix stays part of the name.
 * @example
 * parseMap(['case=Case ID,timestamp=Time', 'team=Queue, EU'])
 * // { case: 'Case ID', timestamp: 'Time', team: 'Queue, EU' }
 */
export function parseMap(values: readonly string[] | undefined, option = '--map'): Record<string, string> {
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const value of values ?? []) {
    for (const pair of value.split(/,(?=\s*(?:(?:tickets|events|orders)\.)?[a-z_][a-z0-9_]*\s*=)/)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        throw usageError('bad_mapping', `${option} ${pair}: expected field=Column`, {
          where: option,
          hint: `For example ${option} created="Opened at" ${option} team=Queue.`,
        });
      }
      map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return { ...map };
}

/**
 * `--map` values by the input they name. `tickets.team=Queue`, `events.case=Id` and
 * `orders.promised=Due` name their input whatever else the run reads; a name without a prefix
 * (`team=Queue`) names the run's main input (`main`: the ticket export or the event log, or the order
 * export when it is the only one read). `--orders-map field=Column` is `--map orders.field=Column`.
 * @example
 * scopedMaps(['team=Queue,orders.promised=Due'])
 * // { main: { team: 'Queue' }, tickets: {}, events: {}, orders: { promised: 'Due' } }
 */
export function scopedMaps(values: readonly string[] | undefined): Record<MapScope | 'main', Record<string, string>> {
  // Without prototypes: a field named `__proto__` is a key like any other (then copied as own keys).
  const empty = () => Object.create(null) as Record<string, string>;
  const maps: Record<MapScope | 'main', Record<string, string>> = {
    main: empty(),
    tickets: empty(),
    events: empty(),
    orders: empty(),
  };
  for (const [name, column] of Object.entries(parseMap(values))) {
    const dot = name.indexOf('.');
    const scope = dot < 0 ? 'main' : name.slice(0, dot);
    if (scope !== 'main' && !(MAP_SCOPES as readonly string[]).includes(scope)) {
      throw usageError('bad_mapping', `--map ${name}=${column}: "${scope}" names no input`, {
        where: '--map',
        hint: `Name the field alone (--map team=Queue), or with its input: ${MAP_SCOPES.join('., ')}.`,
      });
    }
    maps[scope as MapScope | 'main'][dot < 0 ? name : name.slice(dot + 1)] = column;
  }
  return {
    main: { ...maps.main },
    tickets: { ...maps.tickets },
    events: { ...maps.events },
    orders: { ...maps.orders },
  };
}
