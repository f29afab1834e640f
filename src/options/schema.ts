/**
 * The config file (`opsmetrics.config.yml` / `.json`, or `--config FILE`): its shape and validation.
 * Every error names the key path, the rule and the value found. Command-line flags override it.
 */
import { createRequire } from 'node:module';
import type { Schedule, ScheduleSpec } from '../calendar/schedule.js';
import { compileSchedule } from '../calendar/schedule-spec.js';
import { configError, configValueError } from '../errors.js';
import type { SlaPolicy } from '../derive/sla.js';
import { checksSection, locateChecks, type CheckSpec } from '../check/config.js';
import { slaSection } from './sla.js';
import type { ComplaintsConfig } from '../complaints/rules.js';
import { complaintsSection } from './complaints.js';
import { unknownSchedule } from './schedules.js';
import { PROFILES } from '../ingest/profiles/index.js';
import { ALL_TICKET_METRICS, type CustomMetricSpec } from '../metrics/index.js';
import { ORDER_METRICS } from '../metrics/orders/index.js';

// The clock of a run needs no config validation: report and check import it from clock.js, and this
// module (with the section validators) only when a config file is read.

export interface InputConfig {
  profile?: string;
  timezone?: string;
  /** One format, or a list tried in order, for every date column. */
  date_format?: string | string[];
  /** Field name or column header -> its own format or list. */
  date_formats?: Record<string, string | string[]>;
  /** The column names of a file without a header row (it is then read as data). */
  columns?: string[];
  delimiter?: string;
  encoding?: string;
  null_tokens?: string[];
  on_bad_value?: 'reject' | 'null';
  max_bad_rows?: number;
  /** Decimal separator of number cells; undeclared, only unambiguous numbers are read (docs/bad-input.md). */
  decimal?: '.' | ',';
  /** Durations longer than this many days are impossible values (default 3650). */
  max_duration_days?: number;
  /** Years a creation time may fall in, `[from, to]` (default [1970, 2100]); outside: `implausible_date`. */
  plausible_years?: [number, number];
  /** Largest CSV record / JSON value accepted, in MiB (default 10). */
  max_field_mib?: number;
  /** Field -> column; null undoes the profile's mapping of the field. */
  map?: Record<string, string | null>;
}

export interface ReportConfig {
  timezone?: string;
  week_start?: 'monday' | 'sunday';
  period?: 'day' | 'week' | 'month';
  by?: string[];
  repeat_window_days?: number;
  repeat_same?: 'category';
  fcr?: 'one_touch_no_reopen' | 'no_customer_followup' | 'no_repeat';
  resolution_rate?: 'cohort' | 'throughput';
  /** Which instant resolves a ticket: solved, else closed (default), or solved only. */
  resolution_instant?: 'solved_or_closed' | 'solved';
  recompute?: boolean;
  /** Name of the schedule (under `schedules:`) that durations are counted in. */
  hours?: string;
  /** A schedule per ticket, chosen by a dimension's value. */
  hours_by?: HoursByConfig;
}

/** `report.hours_by`: tickets whose `field` has a listed value use that schedule, all others `default`. */
export interface HoursByConfig {
  /** A dimension: team, channel, priority..., a mapped extra name, or a column of the file. */
  field: string;
  /** Dimension value -> schedule name. */
  schedules: Record<string, string>;
  /** Schedule of tickets with another or no value; `report.hours` when absent. */
  default?: string;
}

/** `orders:`: how order exports are read and judged (see docs/orders.md). */
export interface OrdersConfig {
  profile?: string;
  timezone?: string;
  date_format?: string | string[];
  date_formats?: Record<string, string | string[]>;
  map?: Record<string, string | null>;
  /** Zone whose day a promised date without a time ends in (default: the report zone). */
  promise_timezone?: string;
  /** Status values that mean cancelled / refunded, added to the profile's. */
  vocabulary?: { cancelled?: string[]; refunded?: string[] };
  /** Per instant field: what a value before the order's creation does (default: input.on_bad_value). */
  before_created?: Record<string, 'reject' | 'null' | 'keep'>;
  /** Review scores at or above are good (default 4), at or below `review_bad_max` bad (default 2). */
  review_good_min?: number;
  review_bad_max?: number;
  /** Promise for orders without a promised value: created + N business days. */
  promise_days?: number;
  /**
   * Schedule (under `schedules:`) whose open days `promise_days` counts; Monday-Friday in the report zone when absent.
   */
  promise_schedule?: string;
  on_time_event?: 'fulfilled' | 'delivered';
  from?: 'created' | 'paid';
  /** Days after an order in which a ticket from the same email is linked to it (default 30). */
  link_window_days?: number;
}

/** `events:`: how event logs (`--events`) are read: column mapping and vocabulary (docs/events.md). */
export interface EventsConfig {
  /**
   * Event field (case, timestamp, activity, status, agent, team, role, public, priority, ...) -> column;
   * null switches off a column the profile would pick, as in `input.map`.
   */
  map?: Record<string, string | null>;
  /** Meaning (created, waiting, resolved, agent_reply, ...) -> activity or status texts, added to the defaults. */
  vocabulary?: Record<string, string[]>;
  /** Events of a case may come in any order: fold them in time order instead of rejecting (--sort-events). */
  sort?: boolean;
  /** Case attributes from the first (default) or the last event with a value (--case-attributes). */
  case_attributes?: 'first' | 'last';
  /** A cancellation is a close (default) or an end without resolution. */
  cancelled?: 'closed' | 'unresolved';
  /** End activity of case_duration_to_end (--case-end). */
  case_end?: string;
  /** Transitions seen in fewer cases are left out of the bottlenecks (--bottleneck-min-cases, default 30). */
  bottleneck_min_cases?: number;
  /** The variant list counts consecutive repeats once (--variants-collapse-repeats). */
  variants_collapse_repeats?: boolean;
}

export interface Config {
  input: InputConfig;
  report: ReportConfig;
  /** Absent unless the config has an `orders:` section. */
  orders?: OrdersConfig;
  /** Absent unless the config has an `events:` section (event logs, docs/events.md). */
  events?: EventsConfig;
  /** Compiled business-hours schedules by name (config `schedules:`). */
  schedules: Record<string, Schedule>;
  /** Complaint classes (config `complaints:`, see docs/weekly-report.md); the defaults when absent. */
  complaints?: ComplaintsConfig;
  /** SLA targets (config `sla:`); absent without the section. */
  sla?: SlaPolicy;
  /** Thresholds for `opsmetrics check` (config `checks:`); absent without the section. */
  checks?: CheckSpec[];
  /** The config's own numeric metrics (`metrics:`), each from a number column; absent without the section. */
  metrics?: CustomMetricSpec[];
}

type Rule = (value: unknown, path: string) => unknown;

const fail = (path: string, rule: string, value: unknown): never => {
  throw configValueError(path, rule, value);
};

const string: Rule = (v, p) => (typeof v === 'string' && v.trim() !== '' ? v : fail(p, 'must be a non-empty text', v));
const oneOf =
  (...allowed: string[]): Rule =>
  (v, p) =>
    typeof v === 'string' && allowed.includes(v) ? v : fail(p, `must be one of ${allowed.join(', ')}`, v);
const wholeNumber =
  (min: number): Rule =>
  (v, p) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fail(p, `must be a whole number >= ${min}`, v);
const positive: Rule = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(p, 'must be a number > 0', v);
/** `[from, to]`: two whole years, 1 to 9999, from <= to. */
const yearRange: Rule = (v, p) =>
  Array.isArray(v) &&
  v.length === 2 &&
  v.every((y) => typeof y === 'number' && Number.isInteger(y) && y >= 1 && y <= 9999) &&
  (v[0] as number) <= (v[1] as number)
    ? v
    : fail(p, 'must be [from, to], two years from 1 to 9999, from <= to', v);
const boolean: Rule = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'must be true or false', v));
const stringList =
  (allowEmpty: boolean): Rule =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'must be a list of texts', v);
    return v.map((item, i) =>
      typeof item === 'string' && (allowEmpty || item.trim() !== '')
        ? item
        : fail(`${p}[${i}]`, 'must be a text', item),
    );
  };
/**
 * A mapping of the config as an object without a prototype: a key named `constructor`, `toString` or
 * `__proto__` is a key like any other, and looking up a field or column of that name finds nothing
 * rather than an Object.prototype member.
 */
const ownMap = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
};
/** A mapping of field: column where null (or an empty text) undoes the profile's mapping of the field. */
const mappingRule: Rule = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'must be a mapping of field: column', v);
  return ownMap(
    Object.entries(v).map(([k, item]) => [k, item === null || item === '' ? null : string(item, `${p}.${k}`)]),
  );
};
/** One text or a non-empty list of texts. */
const textOrList: Rule = (v, p) =>
  typeof v === 'string'
    ? string(v, p)
    : Array.isArray(v) && v.length > 0
      ? stringList(false)(v, p)
      : fail(p, 'must be a text or a list of texts', v);
const formatsMap: Rule = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return fail(p, 'must be a mapping of field or column: format (or a list of formats)', v);
  return ownMap(Object.entries(v).map(([k, item]) => [k, textOrList(item, `${p}.${k}`)]));
};

/**
 * `events.vocabulary`: meaning -> texts. A status code YAML read as a whole number (`closed: [7]`) is
 * its decimal text; any other number is refused, as its text is lost (`1.10` reads as 1.1).
 */
const vocabularyRule: Rule = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return fail(p, 'must be a mapping of meaning: [texts]', v);
  return Object.fromEntries(
    Object.entries(v).map(([meaning, texts]) => {
      const path = `${p}.${meaning}`;
      if (!Array.isArray(texts)) return [meaning, fail(path, 'must be a list of texts', texts)];
      return [
        meaning,
        texts.map((item, i) => {
          if (typeof item === 'number' && Number.isSafeInteger(item)) return String(item);
          if (typeof item === 'number') {
            throw configValueError(
              `${path}[${i}]`,
              'must be a text (YAML read a number, whose spelling is lost)',
              item,
              `Quote it: "${item}" would read the same, but a value such as 1.10 must be written "1.10".`,
            );
          }
          return typeof item === 'string' && item.trim() !== '' ? item : fail(`${path}[${i}]`, 'must be a text', item);
        }),
      ];
    }),
  );
};

function section<T>(value: unknown, path: string, rules: Record<string, Rule>): T {
  if (value === undefined || value === null) return {} as T;
  if (typeof value !== 'object' || Array.isArray(value)) return fail(path, 'must be a mapping', value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Own keys only: `toString` or `__proto__` under a section is unknown, not Object.prototype's.
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (!rule) {
      throw configError('unknown_config_key', `config ${path}.${key}: unknown key`, {
        where: `${path}.${key}`,
        hint: `Known keys under ${path}: ${Object.keys(rules).join(', ')}.`,
      });
    }
    out[key] = rule(item, `${path}.${key}`);
  }
  return out as T;
}

const UNITS = ['number', 'seconds', 'minutes', 'hours', 'days'] as const;
const DURATION_STATS = ['n', 'mean', 'median', 'p90', 'p95', 'min', 'max'];
const NUMBER_STATS = ['n', 'sum', ...DURATION_STATS.slice(1)];

/**
 * `metrics:`: id -> { column, unit, stat, label }, the config's own numeric metrics. An id is
 * lower-case with underscores and no built-in metric's; the statistics are those of the metric's
 * kind (a duration for a time unit, a number otherwise).
 */
function metricsSection(value: unknown): CustomMetricSpec[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('metrics', 'must be a mapping of id: { column, unit, stat }', value);
  const builtIn = new Set([...ALL_TICKET_METRICS, ...ORDER_METRICS].map((m) => m.id));
  return Object.entries(value).map(([id, spec]) => {
    const path = `metrics.${id}`;
    if (!/^[a-z][a-z0-9_]*$/.test(id)) fail(path, 'must be an id of lower-case letters, digits and _', id);
    if (builtIn.has(id)) fail(path, `is a built-in metric; name yours differently (e.g. my_${id})`, id);
    const out = section<{ column?: string; unit?: CustomMetricSpec['unit']; stat?: string[]; label?: string }>(
      spec,
      path,
      { column: string, unit: oneOf(...UNITS), stat: stringList(false), label: string },
    );
    if (out.column === undefined)
      return fail(`${path}.column`, 'is required (the header of the number column)', undefined);
    const unit = out.unit ?? 'number';
    const allowed = unit === 'number' ? NUMBER_STATS : DURATION_STATS;
    const stat = out.stat ?? ['mean'];
    stat.forEach((s, i) => {
      if (!allowed.includes(s)) fail(`${path}.stat[${i}]`, `must be one of ${allowed.join(', ')}`, s);
    });
    return { id, column: out.column, unit, stat, ...(out.label === undefined ? {} : { label: out.label }) };
  });
}

/** `schedules:`: a mapping of name -> schedule spec, each validated and compiled with its key path. */
function schedulesSection(value: unknown): Record<string, Schedule> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    return fail('schedules', 'must be a mapping of name: { timezone, hours, holidays }', value);
  // No prototype: a schedule named `toString` or `__proto__` is a schedule like any other.
  const out = Object.create(null) as Record<string, Schedule>;
  for (const [name, spec] of Object.entries(value))
    out[name] = compileSchedule(spec as ScheduleSpec, `schedules.${name}`);
  return out;
}

const hoursByRule: Rule = (v, p) => {
  const valueToSchedule: Rule = (m, q) =>
    typeof m === 'object' && m !== null && !Array.isArray(m)
      ? Object.fromEntries(Object.entries(m).map(([k, item]) => [k, string(item, `${q}.${k}`)]))
      : fail(q, 'must be a mapping of value: schedule name, e.g. { Billing: eu_support }', m);
  const out = section<HoursByConfig>(v, p, { field: string, schedules: valueToSchedule, default: string });
  if (v === undefined || v === null) return fail(p, 'must be a mapping with field, schedules and default', v);
  if (out.field === undefined) return fail(`${p}.field`, 'is required (a dimension such as team)', undefined);
  if (out.schedules === undefined)
    return fail(`${p}.schedules`, 'is required (a mapping of value: schedule name)', undefined);
  return out;
};

/** Checks every schedule name the report section uses against `schedules:`. */
function checkScheduleNames(report: ReportConfig, schedules: Record<string, Schedule>): void {
  const check = (name: string | undefined, where: string) => {
    if (name !== undefined && !Object.hasOwn(schedules, name)) unknownSchedule(name, where, schedules);
  };
  check(report.hours, 'report.hours');
  const by = report.hours_by;
  if (!by) return;
  for (const [value, name] of Object.entries(by.schedules)) check(name, `report.hours_by.schedules.${value}`);
  check(by.default, 'report.hours_by.default');
  if (by.default === undefined && report.hours === undefined) {
    throw configError(
      'bad_config',
      'config report.hours_by.default: required unless report.hours ' +
        'is set (tickets with another or no value need a schedule)',
      {
        where: 'report.hours_by.default',
        hint: 'Add default: <schedule name> under report.hours_by, or set report.hours.',
      },
    );
  }
}

/**
 * Validates a parsed config object. @example validateConfig({ report: { repeat_window_days: 7 }
 * }).report.repeat_window_days // 7
 */
export function validateConfig(raw: unknown): Config {
  if (raw === null || raw === undefined) return { input: {}, report: {}, schedules: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) fail('(root)', 'must be a mapping with input: and report:', raw);
  const known = ['input', 'report', 'schedules', 'orders', 'complaints', 'sla', 'checks', 'events', 'metrics'];
  for (const key of Object.keys(raw as object)) {
    if (!known.includes(key)) {
      throw configError('unknown_config_key', `config ${key}: unknown section`, {
        where: key,
        hint: `Sections: ${known.join(', ')}.`,
      });
    }
  }
  const r = raw as Record<string, unknown>;
  const schedules = schedulesSection(r.schedules);
  const config: Config = {
    schedules,
    input: section<InputConfig>(r.input, 'input', {
      profile: string,
      timezone: string,
      date_format: textOrList,
      date_formats: formatsMap,
      columns: stringList(false),
      delimiter: string,
      encoding: oneOf('auto', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'),
      null_tokens: stringList(true),
      on_bad_value: oneOf('reject', 'null'),
      max_bad_rows: wholeNumber(0),
      decimal: oneOf('.', ','),
      max_duration_days: positive,
      plausible_years: yearRange,
      max_field_mib: positive,
      map: mappingRule,
    }),
    report: section<ReportConfig>(r.report, 'report', {
      timezone: string,
      week_start: oneOf('monday', 'sunday'),
      period: oneOf('day', 'week', 'month'),
      by: stringList(false),
      repeat_window_days: positive,
      repeat_same: oneOf('category'),
      fcr: oneOf('one_touch_no_reopen', 'no_customer_followup', 'no_repeat'),
      resolution_rate: oneOf('cohort', 'throughput'),
      resolution_instant: oneOf('solved_or_closed', 'solved'),
      recompute: boolean,
      hours: string,
      hours_by: hoursByRule,
    }),
  };
  checkScheduleNames(config.report, schedules);
  const sla = slaSection(r.sla, schedules);
  if (sla !== undefined) config.sla = sla;
  const checks = checksSection(r.checks);
  if (checks !== undefined) config.checks = checks;
  if (r.metrics !== undefined && r.metrics !== null) config.metrics = metricsSection(r.metrics);
  if (r.complaints !== undefined && r.complaints !== null) config.complaints = complaintsSection(r.complaints);
  if (r.events !== undefined && r.events !== null) {
    config.events = section<EventsConfig>(r.events, 'events', {
      map: mappingRule,
      vocabulary: vocabularyRule,
      sort: boolean,
      case_attributes: oneOf('first', 'last'),
      cancelled: oneOf('closed', 'unresolved'),
      case_end: string,
      bottleneck_min_cases: wholeNumber(1),
      variants_collapse_repeats: boolean,
    });
  }
  if (r.orders !== undefined && r.orders !== null) {
    config.orders = section<OrdersConfig>(r.orders, 'orders', {
      profile: oneOf('auto', ...PROFILES.orders.map((p) => p.name)),
      timezone: string,
      date_format: textOrList,
      date_formats: formatsMap,
      map: mappingRule,
      promise_timezone: string,
      vocabulary: (v, p) => section(v, p, { cancelled: stringList(false), refunded: stringList(false) }),
      before_created: (v, p) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          return fail(p, 'must be a mapping of field: reject | null | keep', v);
        const fields = ['paid', 'fulfilled', 'shipped', 'delivered', 'promised', 'cancelled'];
        return Object.fromEntries(
          Object.entries(v).map(([k, item]) => {
            if (!fields.includes(k)) {
              throw configError('unknown_key', `config ${p}.${k}: no order instant of that name`, {
                where: `${p}.${k}`,
                hint: `Order instants: ${fields.join(', ')}.`,
              });
            }
            return [k, oneOf('reject', 'null', 'keep')(item, `${p}.${k}`)];
          }),
        );
      },
      review_good_min: positive,
      review_bad_max: positive,
      promise_days: wholeNumber(0),
      promise_schedule: string,
      on_time_event: oneOf('fulfilled', 'delivered'),
      from: oneOf('created', 'paid'),
      link_window_days: positive,
    });
    const name = config.orders.promise_schedule;
    if (name !== undefined && !Object.hasOwn(schedules, name))
      unknownSchedule(name, 'orders.promise_schedule', schedules);
  }
  return config;
}

/**
 * The YAML parser, loaded on first use: it takes longer to load than a small report takes to run, and
 * most runs have no config file. (`yaml` ships CommonJS, so a synchronous require loads it.)
 */
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') =>
  (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
const parseYaml = (text: string): unknown => yaml().parse(text);

/** Parses config text (YAML is a superset of JSON, so one parser reads both). */
export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const e = error as { message?: string; linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    throw configError('config_syntax', `cannot read config ${source}: ${(e.message ?? String(error)).split('\n')[0]}`, {
      where: pos ? `${source}:${pos.line}:${pos.col}` : source,
      hint: 'Check the YAML/JSON syntax at that line.',
    });
  }
  const config = validateConfig(raw);
  // CI annotations point at the line of a failed check in the config file.
  if (config.checks !== undefined) config.checks = locateChecks(config.checks, text, source, yaml());
  return config;
}
