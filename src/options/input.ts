/**
 * How the inputs are read, from the flags and the config's `input:` section: profile, mapping (and
 * the fields switched off), zones, date formats, a header-less file's columns, null tokens, numbers,
 * the row policy. Every value is checked here (the options normalizer's rule).
 */
import { assertTimeZone } from '../calendar/zone.js';
import { refuseAbbreviation } from './relative.js';
import { usageError } from '../errors.js';
import { mergeDateFormats, parseDateFormatFlags, type DateFormats } from '../ingest/date-columns.js';
import {
  type MapScope,
  percentFlag,
  scopedMaps,
  positiveNumber,
  splitList,
  wholeNumber,
  yearRangeFlag,
  type ReportFlags,
} from './flags.js';
import type { Config } from './schema.js';

/** Cell values that always mean "no value". */
export const DEFAULT_NULL_TOKENS: readonly string[] = ['', 'NULL', 'null', 'N/A', 'n/a', '#N/A'];

/**
 * A mapping with its undone fields apart: `field=` (flag) or `field: null` (config) maps the field to
 * no column, and `unmap` names more; a later mapping of the same field wins over an earlier undoing.
 * @example
 * splitUnmapped({ agent: '', team: 'Queue' }, ['category'])
 * // { map: { team: 'Queue' }, unmap: ['category', 'agent'] }
 */
export function splitUnmapped(
  mapping: Readonly<Record<string, string | null>>,
  unmap: readonly string[] = [],
): { map: Record<string, string>; unmap: string[] } {
  const map: Record<string, string> = {};
  const undone = new Set(unmap);
  for (const [field, column] of Object.entries(mapping)) {
    if (column === null || column.trim() === '') {
      undone.add(field);
      delete map[field];
    } else {
      map[field] = column;
      undone.delete(field);
    }
  }
  return { map, unmap: [...undone] };
}

/**
 * An event log's mapping: config `events.map`, then the `--map` flags; a field mapped to null or to
 * nothing (`--map agent=`) is kept as `''`, which switches off the column the profile would pick.
 * @example eventFieldMap({ team: null, agent: 'Owner' }, { agent: 'Resource' }) // { team: '', agent: 'Resource' }
 */
export function eventFieldMap(
  config: Readonly<Record<string, string | null>> | undefined,
  flags: Readonly<Record<string, string>>,
): Record<string, string> {
  // Without a prototype: a field named `__proto__` is a key like any other.
  const map = Object.create(null) as Record<string, string>;
  for (const [field, column] of [...Object.entries(config ?? {}), ...Object.entries(flags)]) map[field] = column ?? '';
  return map;
}

/** Date formats from a config value: one text or a list. */
const formatList = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : [...value];

/**
 * The date formats of a run: flags (`--date-format`, repeatable, `NAME=FORMAT` per field or column)
 * over the config's `date_format` (one format or a list) and `date_formats` (per field or column).
 * @example resolveDateFormats(['created=d/M/yyyy'], 'yyyy-MM-dd', undefined).byColumn.created // ['d/M/yyyy']
 */
export function resolveDateFormats(
  flags: readonly string[] | undefined,
  configFormat: string | readonly string[] | undefined,
  configByColumn: Readonly<Record<string, string | readonly string[]>> | undefined,
): DateFormats {
  const fromConfig: DateFormats = {
    formats: formatList(configFormat),
    byColumn: Object.fromEntries(Object.entries(configByColumn ?? {}).map(([name, v]) => [name, formatList(v)])),
  };
  return mergeDateFormats(parseDateFormatFlags(flags ?? []), fromConfig);
}

/** How the inputs are read: the same for every command that reads exports. */
export interface InputOptions {
  /** `auto` detects the profile from the header. */
  profileName: string;
  /** User mapping, field -> column (config `input.map`, then `--map`). */
  map: Record<string, string>;
  /**
   * The `--map` flags' mapping alone, as given: an event log's mapping adds them to config `events.map`
   * (a field mapped to `''` is switched off, as `field=` is for tickets and orders).
   */
  flagMap: Record<string, string>;
  /** Fields no profile or detection may map (`--map field=`, `--unmap`, config `input.map: { field: null }`). */
  unmap: string[];
  /** The zone the user named for offset-less times (flag, else config); the profile's or the report zone otherwise. */
  userInputTz: string | undefined;
  /** The first run-wide date format (what the event-log reader takes), undefined for ISO 8601. */
  dateFormat: string | undefined;
  /** Every date format of the run: lists tried in order, per field or column. */
  dateFormats: DateFormats;
  /** The column names of a header-less file (`--no-header --columns`, config `input.columns`); undefined: a header. */
  columns: string[] | undefined;
  nullTokens: string[];
  delimiter: string | undefined;
  encoding: string;
  onBadValue: 'reject' | 'null';
  decimal: '.' | ',' | undefined;
  maxFieldBytes: number;
  maxBadRows: number;
  /**
   * `--max-duplicate-share` as a fraction (0..1); undefined: the default, DEFAULT_MAX_DUPLICATE_SHARE,
   * except for exports of updates (a version column), which have no limit.
   */
  maxDuplicateShare: number | undefined;
  maxDurationDays: number | undefined;
  /** Years a creation time may fall in (`--plausible-years`, input.plausible_years); undefined: 1970-2100. */
  plausibleYears: readonly [number, number] | undefined;
  /** `--max-gzip-ratio`; undefined: 300. */
  maxGzipRatio: number | undefined;
  /** `--max-stdin-mib` in bytes: the largest copy of standard input or a pipe; undefined: 4096 MiB. */
  maxStdinBytes: number | undefined;
  /** Where rejected and altered rows are listed (`--rejects`). */
  rejects: string | undefined;
  formulaEscape: boolean;
}

/** A zone the user named: an IANA zone the runtime knows, and no abbreviation unless allowed. */
export function checkZone(zone: string, where: string, flags: ReportFlags): void {
  refuseAbbreviation(zone, where, flags.allowFixedOffset === true);
  assertTimeZone(zone, where);
}

/**
 * The input options of a run from its flags and the config's `input:` section.
 * @example resolveInputOptions({ nullToken: ['?'] }, { input: {}, report: {}, schedules: {} }).nullTokens.at(-1) // '?'
 */
export function resolveInputOptions(flags: ReportFlags, config: Config): InputOptions {
  const input = config.input;
  const userInputTz = flags.inputTz ?? input.timezone;
  if (userInputTz) checkZone(userInputTz, flags.inputTz ? '--input-tz' : 'input.timezone', flags);
  if (flags.decimalComma && flags.decimalPoint) {
    throw usageError('bad_option', '--decimal-comma and --decimal-point exclude each other', {
      where: '--decimal-comma',
      hint: 'Name the one decimal separator the file uses.',
    });
  }
  const maxFieldMib =
    flags.maxFieldMib === undefined
      ? (input.max_field_mib ?? 10)
      : positiveNumber(flags.maxFieldMib, '--max-field-mib', 10);
  const maps = scopedMaps(flags.map);
  const eventRun = (flags.events?.length ?? 0) > 0;
  const reads: Record<MapScope, boolean> = {
    tickets: !eventRun,
    events: eventRun,
    orders: (flags.orders?.length ?? 0) > 0,
  };
  for (const scope of ['tickets', 'events', 'orders'] as const) {
    const [name] = Object.keys(maps[scope]);
    if (name !== undefined && !reads[scope]) {
      const what = { tickets: 'ticket export', events: 'event log', orders: 'order export' }[scope];
      throw usageError('bad_mapping', `--map ${scope}.${name}=…: this run reads no ${what}`, {
        where: '--map',
        hint:
          scope === 'orders'
            ? 'Give the order export with --orders FILE, or map a field of this run without the prefix.'
            : `Name the field without the prefix (--map ${name}=…): it maps the run's ` +
              `${eventRun ? 'event log' : 'export'}.`,
      });
    }
  }
  // Orders take theirs in resolveOrderFlags (options/orders.ts).
  const rawFlagMap = { ...maps.main, ...(eventRun ? maps.events : maps.tickets) };
  const unmapFlags = (flags.unmap ?? []).flatMap((v) => splitList(v) ?? []);
  for (const name of unmapFlags) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      throw usageError('bad_mapping', `--unmap ${name}: not a field name`, {
        where: '--unmap',
        hint: 'Name the fields to switch off as `opsmetrics profiles` lists them, e.g. --unmap agent,team.',
      });
    }
  }
  const { map, unmap } = splitUnmapped({ ...(input.map ?? {}), ...rawFlagMap }, unmapFlags);
  const flagMap = rawFlagMap;
  const dateFormats = resolveDateFormats(flags.dateFormat, input.date_format, input.date_formats);
  return {
    profileName: flags.profile ?? input.profile ?? 'auto',
    map,
    flagMap,
    unmap,
    userInputTz,
    dateFormat: dateFormats.formats[0],
    dateFormats,
    columns: resolveColumns(flags, input.columns),
    nullTokens: [...(input.null_tokens ?? DEFAULT_NULL_TOKENS), ...(flags.nullToken ?? [])],
    delimiter: flags.delimiter ?? input.delimiter,
    encoding: flags.encoding ?? input.encoding ?? 'auto',
    onBadValue: flags.onBadValue ?? input.on_bad_value ?? 'reject',
    decimal: flags.decimalComma ? ',' : flags.decimalPoint ? '.' : input.decimal,
    maxFieldBytes: Math.round(maxFieldMib * 1024 * 1024),
    maxBadRows: wholeNumber(flags.maxBadRows, '--max-bad-rows', input.max_bad_rows ?? 0),
    maxDuplicateShare: percentFlag(flags.maxDuplicateShare, '--max-duplicate-share'),
    maxDurationDays: input.max_duration_days,
    plausibleYears: yearRangeFlag(flags.plausibleYears) ?? input.plausible_years,
    maxGzipRatio:
      flags.maxGzipRatio === undefined ? undefined : wholeNumber(flags.maxGzipRatio, '--max-gzip-ratio', 0) || 1,
    maxStdinBytes:
      flags.maxStdinMib === undefined
        ? undefined
        : (wholeNumber(flags.maxStdinMib, '--max-stdin-mib', 0) || 1) * 2 ** 20,
    rejects: flags.rejects,
    formulaEscape: flags.formulaEscape ?? true,
  };
}

/**
 * The column names of a header-less file: `--no-header` with `--columns a,b,c`, or config
 * `input.columns`; undefined for a file with a header.
 * @example resolveColumns({ header: false, columns: 'number,opened_at' }, undefined) // ['number', 'opened_at']
 */
export function resolveColumns(
  flags: Pick<ReportFlags, 'header' | 'columns'>,
  configColumns?: string[],
): string[] | undefined {
  const listed = splitList(flags.columns);
  if (listed !== undefined && flags.header !== false) {
    throw usageError('bad_option', '--columns names the columns of a file without a header: add --no-header', {
      where: '--columns',
      hint: 'For example --no-header --columns number,opened_at,state. A file with a header is mapped with --map.',
    });
  }
  if (flags.header === false) {
    const columns = listed ?? configColumns;
    if (columns === undefined || columns.length === 0) {
      throw usageError('bad_option', '--no-header needs the column names: --columns a,b,c (or config input.columns)', {
        where: '--no-header',
        hint: 'Name every column in file order, e.g. --no-header --columns number,opened_at,state,closed_at.',
      });
    }
    return columns;
  }
  return configColumns;
}
