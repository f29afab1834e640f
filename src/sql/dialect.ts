/**
 * What differs between the SQL engines the ticket report's SQL runs on, as data: quoting, types,
 * epoch milliseconds, wall time in a zone, period truncation, series of dates and period labels.
 * Everything else the generator writes is standard SQL (CTEs, CASE, window functions, aggregates).
 *
 * Instants are epoch milliseconds (BIGINT) throughout the statement, as in the JS engine: durations
 * are plain differences, and only the periods go through the zone (instant -> local wall time ->
 * truncated -> back to the instant of its first moment; a skipped local midnight gives the day's
 * first instant, as `periodStart` does). DuckDB and PostgreSQL are run in the tests; BigQuery,
 * Snowflake, Trino and Spark are parsed by a parser of their own dialect.
 */
import type { PeriodUnit, WeekStart } from '../calendar/period.js';

export const DIALECTS = ['duckdb', 'postgres', 'bigquery', 'snowflake', 'trino', 'spark'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface Dialect {
  readonly name: DialectName;
  /** An identifier, quoted. */
  ident(name: string): string;
  /**
   * A name as the engine stores it when it was created unquoted (a connector's tables and columns),
   * quoted: Snowflake folds such names to upper case, the others keep them as written.
   */
  stored(name: string): string;
  /** A text literal. */
  text(value: string): string;
  readonly double: string;
  readonly bigint: string;
  readonly textType: string;
  /** Epoch ms (BIGINT) of a TIMESTAMP WITH TIME ZONE (or UTC TIMESTAMP) value. */
  msOf(ts: string): string;
  /** The instant of epoch ms `ms`, as the dialect's zoned timestamp. */
  tsOf(ms: string): string;
  /** The wall time (naive timestamp) in IANA zone `zone` of the instant `ts`. */
  toLocal(ts: string, zone: string): string;
  /** The instant of the naive wall time `local` in `zone`. */
  fromLocal(local: string, zone: string): string;
  /** The date (naive, midnight) of the local day, ISO week, week from Sunday, or month containing `local`. */
  trunc(local: string, unit: PeriodUnit, weekStart: WeekStart): string;
  /** `local` moved by `n` days or months (a naive timestamp). */
  add(local: string, unit: 'day' | 'month', n: number): string;
  /**
   * A FROM item of one column `name`: the naive timestamps from `first` to `last` (inclusive) by the
   * period's step. `first` and `last` read the columns of `bounds`, the FROM item (of one row) the
   * series is joined to: dialects without an implicit lateral join read it inside the series.
   */
  series(first: string, last: string, unit: PeriodUnit, name: string, bounds: string): string;
  /** The period's label: `2025-11-24`, `2025-W48` (ISO week), `2025-11-23` (week from Sunday), `2025-11`. */
  label(local: string, unit: PeriodUnit, weekStart: WeekStart): string;
  /** Text with every run of white space made one space. */
  collapseSpaces(text: string): string;
  /** Text with the first match of `pattern` (a POSIX regular expression) removed. */
  stripPrefix(text: string, pattern: string): string;
  /** Reading values from text (an export loaded as text): only on the engines the tests run. */
  readonly parse?: TextParsing;
  /** Statements to run before the report's (session settings), none for most. */
  readonly preamble: readonly string[];
}

/** What reading text values needs: regular expressions and a checked timestamp. */
export interface TextParsing {
  /** Whether `text` matches `pattern` (anchored by the pattern). */
  matches(text: string, pattern: string): string;
  /** The capture groups 1..n of `pattern` in `text`, as one value (a struct, an array), read by `at`. */
  captures(text: string, pattern: string, n: number): string;
  /** Group `k` (from 1) of `captures`, null when it took no part or the text did not match. */
  at(captures: string, k: number): string;
  /** The naive timestamp of these whole-number fields, null when they name no time (Feb 30, 24:00). */
  timestamp(y: string, mo: string, d: string, h: string, mi: string, s: string): string;
  /** `ts` plus `ms` milliseconds. */
  plusMs(ts: string, ms: string): string;
  /** Text with every match of the character class `chars` removed. */
  strip(text: string, chars: string): string;
}

const quote = (q: string) => (name: string) => `${q}${name.replaceAll(q, q + q)}${q}`;
/** A text literal as standard SQL writes it: a quote doubled, a backslash as it is. */
const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;
/**
 * A literal or quoted identifier where a backslash starts an escape (BigQuery's string literals and
 * quoted identifiers, Spark's string literals): the backslash and the delimiter escaped by a
 * backslash, and line breaks written as escapes (a BigQuery quoted string cannot hold one).
 */
const backslashed = (delimiter: string) => (value: string) =>
  `${delimiter}${value
    .replaceAll('\\', '\\\\')
    .replaceAll(delimiter, `\\${delimiter}`)
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')}${delimiter}`;
/** A Snowflake text literal: a quote doubled, and a backslash (which starts an escape) doubled. */
const snowflakeText = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const monthOrDays = (unit: PeriodUnit): ['day' | 'month', number] =>
  unit === 'month' ? ['month', 1] : unit === 'week' ? ['day', 7] : ['day', 1];

const duckdb: Dialect = {
  name: 'duckdb',
  ident: quote('"'),
  stored: quote('"'),
  text: sqlText,
  double: 'DOUBLE',
  bigint: 'BIGINT',
  textType: 'VARCHAR',
  msOf: (ts) => `epoch_ms(${ts})`,
  tsOf: (ms) => `make_timestamptz(CAST(${ms} AS BIGINT) * 1000)`,
  toLocal: (ts, zone) => `timezone(${sqlText(zone)}, ${ts})`,
  fromLocal: (local, zone) => `timezone(${sqlText(zone)}, ${local})`,
  trunc: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'sunday'
      ? `(date_trunc('week', ${local} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`
      : `date_trunc('${unit}', ${local})`,
  add: (local, unit, n) => `(${local} + INTERVAL ${n} ${unit.toUpperCase()})`,
  series: (first, last, unit, name) => {
    const [step, n] = monthOrDays(unit);
    const interval = `INTERVAL ${n} ${step.toUpperCase()}`;
    return `(SELECT generate_series AS ${name} FROM generate_series(${first}, ${last}, ${interval}))`;
  },
  label: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'monday'
      ? `(CAST(isoyear(${local}) AS VARCHAR) || '-W' || lpad(CAST(week(${local}) AS VARCHAR), 2, '0'))`
      : `strftime(${local}, '${unit === 'month' ? '%Y-%m' : '%Y-%m-%d'}')`,
  collapseSpaces: (text) => `regexp_replace(${text}, '\\s+', ' ', 'g')`,
  stripPrefix: (text, pattern) => `regexp_replace(${text}, ${sqlText(pattern)}, '')`,
  parse: {
    matches: (text, pattern) => `regexp_full_match(${text}, ${sqlText(pattern)})`,
    captures: (text, pattern, n) =>
      `regexp_extract(${text}, ${sqlText(pattern)}, [${[...Array(n).keys()].map((k) => `'g${k + 1}'`).join(', ')}])`,
    at: (captures, k) => `NULLIF(struct_extract(${captures}, 'g${k}'), '')`,
    timestamp: (y, mo, d, h, mi, s) => `TRY(make_timestamp(${y}, ${mo}, ${d}, ${h}, ${mi}, ${s}))`,
    plusMs: (ts, ms) => `(${ts} + to_milliseconds(${ms}))`,
    strip: (text, chars) => `regexp_replace(${text}, ${sqlText(chars)}, '', 'g')`,
  },
  preamble: [],
};

const postgres: Dialect = {
  name: 'postgres',
  ident: quote('"'),
  stored: quote('"'),
  text: sqlText,
  double: 'DOUBLE PRECISION',
  bigint: 'BIGINT',
  textType: 'TEXT',
  msOf: (ts) => `CAST(EXTRACT(EPOCH FROM ${ts}) * 1000 AS BIGINT)`,
  tsOf: (ms) => `(TIMESTAMPTZ 'epoch' + CAST(${ms} AS BIGINT) * INTERVAL '1 millisecond')`,
  toLocal: (ts, zone) => `(${ts} AT TIME ZONE ${sqlText(zone)})`,
  fromLocal: (local, zone) => `(${local} AT TIME ZONE ${sqlText(zone)})`,
  trunc: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'sunday'
      ? `(date_trunc('week', ${local} + INTERVAL '1 day') - INTERVAL '1 day')`
      : `date_trunc('${unit}', ${local})`,
  add: (local, unit, n) => `(${local} + INTERVAL '${n} ${unit}')`,
  series: (first, last, unit, name) => {
    const [step, n] = monthOrDays(unit);
    return `generate_series(${first}, ${last}, INTERVAL '${n} ${step}') AS series(${name})`;
  },
  label: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'monday'
      ? `to_char(${local}, 'IYYY"-W"IW')`
      : `to_char(${local}, '${unit === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'}')`,
  collapseSpaces: (text) => `regexp_replace(${text}, '\\s+', ' ', 'g')`,
  stripPrefix: (text, pattern) => `regexp_replace(${text}, ${sqlText(pattern)}, '')`,
  parse: {
    matches: (text, pattern) => `(${text} ~ ${sqlText(pattern)})`,
    captures: (text, pattern) => `regexp_match(${text}, ${sqlText(pattern)})`,
    at: (captures, k) => `(${captures})[${k}]`,
    // make_timestamp raises on an impossible date: the fields are checked first. make_date and
    // make_timestamp take INTEGER fields (and DOUBLE PRECISION seconds): no BIGINT overload.
    timestamp: (y, mo, d, h, mi, s) => {
      const int = (x: string) => `CAST(${x} AS INTEGER)`;
      return (
        `CASE WHEN ${mo} BETWEEN 1 AND 12 AND ${d} >= 1 AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 59 ` +
        `AND ${d} <= EXTRACT(DAY FROM make_date(${int(y)}, ${int(mo)}, 1) + INTERVAL '1 month' - INTERVAL '1 day') ` +
        `THEN make_timestamp(${int(y)}, ${int(mo)}, ${int(d)}, ${int(h)}, ${int(mi)}, ` +
        `CAST(${s} AS DOUBLE PRECISION)) END`
      );
    },
    plusMs: (ts, ms) => `(${ts} + ${ms} * INTERVAL '1 millisecond')`,
    strip: (text, chars) => `regexp_replace(${text}, ${sqlText(chars)}, '', 'g')`,
  },
  preamble: [],
};

const bigquery: Dialect = {
  name: 'bigquery',
  ident: backslashed('`'),
  stored: backslashed('`'),
  text: backslashed("'"),
  double: 'FLOAT64',
  bigint: 'INT64',
  textType: 'STRING',
  msOf: (ts) => `UNIX_MILLIS(${ts})`,
  tsOf: (ms) => `TIMESTAMP_MILLIS(CAST(${ms} AS INT64))`,
  toLocal: (ts, zone) => `DATETIME(${ts}, ${sqlText(zone)})`,
  fromLocal: (local, zone) => `TIMESTAMP(${local}, ${sqlText(zone)})`,
  trunc: (local, unit, weekStart) =>
    `DATETIME_TRUNC(${local}, ${unit === 'week' ? (weekStart === 'monday' ? 'ISOWEEK' : 'WEEK') : unit.toUpperCase()})`,
  add: (local, unit, n) => `DATETIME_ADD(${local}, INTERVAL ${n} ${unit.toUpperCase()})`,
  // GENERATE_DATE_ARRAY gives DATEs: made DATETIMEs, the type the other functions are given.
  series: (first, last, unit, name, bounds) => {
    const [step, n] = monthOrDays(unit);
    const dates = `GENERATE_DATE_ARRAY(DATE(${first}), DATE(${last}), INTERVAL ${n} ${step.toUpperCase()})`;
    return `(SELECT DATETIME(om_day) AS ${name} FROM ${bounds}, UNNEST(${dates}) AS om_day) om_series`;
  },
  label: (local, unit, weekStart) => {
    const format = unit === 'month' ? '%Y-%m' : unit === 'week' && weekStart === 'monday' ? '%G-W%V' : '%Y-%m-%d';
    return `FORMAT_DATETIME('${format}', ${local})`;
  },
  collapseSpaces: (text) => `REGEXP_REPLACE(${text}, r'\\s+', ' ')`,
  stripPrefix: (text, pattern) => `REGEXP_REPLACE(${text}, ${backslashed("'")(pattern)}, '')`,
  preamble: [],
};

const snowflake: Dialect = {
  name: 'snowflake',
  ident: quote('"'),
  stored: (name) => quote('"')(name.toUpperCase()),
  text: snowflakeText,
  double: 'DOUBLE',
  bigint: 'BIGINT',
  textType: 'VARCHAR',
  msOf: (ts) => `DATE_PART(EPOCH_MILLISECOND, ${ts})`,
  tsOf: (ms) => `TO_TIMESTAMP_NTZ(${ms}, 3)`,
  toLocal: (ts, zone) => `CONVERT_TIMEZONE('UTC', ${sqlText(zone)}, ${ts})`,
  fromLocal: (local, zone) => `CONVERT_TIMEZONE(${sqlText(zone)}, 'UTC', ${local})`,
  trunc: (local, unit, weekStart) =>
    unit === 'week'
      ? weekStart === 'monday'
        ? `DATEADD(DAY, 1 - DAYOFWEEKISO(${local}), DATE_TRUNC('DAY', ${local}))`
        : `DATEADD(DAY, -MOD(DAYOFWEEKISO(${local}), 7), DATE_TRUNC('DAY', ${local}))`
      : `DATE_TRUNC('${unit.toUpperCase()}', ${local})`,
  add: (local, unit, n) => `DATEADD(${unit.toUpperCase()}, ${n}, ${local})`,
  // A subquery of the FROM clause sees no column of the items before it (LATERAL would): it reads
  // `bounds` itself. GENERATOR's row count must be a constant: at most 100,000 periods.
  series: (first, last, unit, name, bounds) => {
    const [step, n] = monthOrDays(unit);
    const count = `DATEDIFF(${step.toUpperCase()}, ${first}, ${last}) / ${n} + 1`;
    const k = 'ROW_NUMBER() OVER (ORDER BY SEQ4())';
    return (
      `(SELECT DATEADD(${step.toUpperCase()}, ${n} * (${k} - 1), ${first}) AS ${name} ` +
      `FROM ${bounds}, TABLE(GENERATOR(ROWCOUNT => 100000)) QUALIFY ${k} <= ${count}) om_series`
    );
  },
  label: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'monday'
      ? `(TO_VARCHAR(YEAROFWEEKISO(${local})) || '-W' || LPAD(TO_VARCHAR(WEEKISO(${local})), 2, '0'))`
      : `TO_VARCHAR(${local}, '${unit === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'}')`,
  collapseSpaces: (text) => `REGEXP_REPLACE(${text}, ${snowflakeText('\\s+')}, ' ')`,
  stripPrefix: (text, pattern) => `REGEXP_REPLACE(${text}, ${snowflakeText(pattern)}, '')`,
  preamble: [],
};

const trino: Dialect = {
  name: 'trino',
  ident: quote('"'),
  stored: quote('"'),
  text: sqlText,
  double: 'DOUBLE',
  bigint: 'BIGINT',
  textType: 'VARCHAR',
  // to_unixtime gives seconds as a DOUBLE: date_diff counts whole milliseconds as a BIGINT.
  msOf: (ts) => `date_diff('millisecond', from_unixtime(0), ${ts})`,
  tsOf: (ms) => `from_unixtime_nanos(CAST(${ms} AS BIGINT) * 1000000)`,
  toLocal: (ts, zone) => `CAST(${ts} AT TIME ZONE ${sqlText(zone)} AS TIMESTAMP(3))`,
  fromLocal: (local, zone) => `with_timezone(${local}, ${sqlText(zone)})`,
  trunc: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'sunday'
      ? `date_add('day', -1, date_trunc('week', date_add('day', 1, ${local})))`
      : `date_trunc('${unit}', ${local})`,
  add: (local, unit, n) => `date_add('${unit}', ${n}, ${local})`,
  series: (first, last, unit, name, bounds) => {
    const [step, n] = monthOrDays(unit);
    const interval = step === 'month' ? `INTERVAL '${n}' MONTH` : `INTERVAL '${n}' DAY`;
    return (
      `(SELECT om_s.${name} FROM ${bounds} CROSS JOIN UNNEST(sequence(${first}, ${last}, ${interval})) ` +
      `AS om_s(${name})) om_series`
    );
  },
  label: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'monday'
      ? `format('%04d-W%02d', year_of_week(${local}), week_of_year(${local}))`
      : `date_format(${local}, '${unit === 'month' ? '%Y-%m' : '%Y-%m-%d'}')`,
  collapseSpaces: (text) => `regexp_replace(${text}, '\\s+', ' ')`,
  stripPrefix: (text, pattern) => `regexp_replace(${text}, ${sqlText(pattern)}, '')`,
  preamble: [],
};

const spark: Dialect = {
  name: 'spark',
  ident: quote('`'),
  stored: quote('`'),
  text: backslashed("'"),
  double: 'DOUBLE',
  bigint: 'BIGINT',
  textType: 'STRING',
  msOf: (ts) => `unix_millis(${ts})`,
  tsOf: (ms) => `timestamp_millis(CAST(${ms} AS BIGINT))`,
  toLocal: (ts, zone) => `from_utc_timestamp(${ts}, ${sqlText(zone)})`,
  fromLocal: (local, zone) => `to_utc_timestamp(${local}, ${sqlText(zone)})`,
  trunc: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'sunday'
      ? `(date_trunc('WEEK', ${local} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`
      : `date_trunc('${unit.toUpperCase()}', ${local})`,
  add: (local, unit, n) => `(${local} + INTERVAL ${n} ${unit.toUpperCase()})`,
  // A subquery of the FROM clause sees no column of the items before it (LATERAL, Spark 3.2+, would):
  // it reads `bounds` itself.
  series: (first, last, unit, name, bounds) => {
    const [step, n] = monthOrDays(unit);
    return (
      `(SELECT explode(sequence(${first}, ${last}, INTERVAL ${n} ${step.toUpperCase()})) AS ${name} ` +
      `FROM ${bounds}) om_series`
    );
  },
  label: (local, unit, weekStart) =>
    unit === 'week' && weekStart === 'monday'
      ? `concat(CAST(extract(YEAROFWEEK FROM ${local}) AS STRING), '-W', ` +
        `lpad(CAST(weekofyear(${local}) AS STRING), 2, '0'))`
      : `date_format(${local}, '${unit === 'month' ? 'yyyy-MM' : 'yyyy-MM-dd'}')`,
  collapseSpaces: (text) => `regexp_replace(${text}, ${backslashed("'")('\\s+')}, ' ')`,
  stripPrefix: (text, pattern) => `regexp_replace(${text}, ${backslashed("'")(pattern)}, '')`,
  preamble: ['SET spark.sql.session.timeZone = UTC'],
};

export const DIALECT: Readonly<Record<DialectName, Dialect>> = { duckdb, postgres, bigquery, snowflake, trino, spark };
