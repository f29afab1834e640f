/**
 * A table's columns as the statement's fields (sql/statement.ts SqlSource): the columns found the way
 * the JS reader finds them (the profile's candidates, `--map`, `--by`: ingest/columns.ts), each read
 * by its type. Typed columns (a warehouse's, a Parquet file's) are taken as they are: instants are
 * TIMESTAMP WITH TIME ZONE, or naive TIMESTAMP read in the input zone. Text columns (an export read
 * as text) are parsed as the JS reader parses them, on DuckDB and PostgreSQL: ISO 8601 instants,
 * plain numbers (`1234.5`), `H:MM[:SS]` durations, the null tokens, the profile's vocabularies. A
 * value that does not parse rejects the row (or empties the value, with on_bad_value null), counted
 * by the accounting statement.
 * Over 500 lines on purpose: each field's reading is written for DuckDB and PostgreSQL side by side,
 * so that a change to one dialect's parsing is made next to the other's.
 */
import { planColumns } from '../ingest/columns.js';
import { YES_NO, type MappedField } from '../ingest/fields.js';
import type { TicketProfile } from '../ingest/profiles/types.js';
import { durationUnitMs, maxDurationMs } from '../ingest/values.js';
import type { TicketField } from '../model/ticket.js';
import type { Dialect, TextParsing } from './dialect.js';
import { SqlUnsupported } from './expr.js';
import type { BadValueCheck, SourceField, SqlSource } from './statement.js';

/** How a column stores its values, as far as reading it goes. */
export type ColumnClass = 'text' | 'zoned' | 'naive' | 'date' | 'number' | 'boolean' | 'other';

export interface RelationColumn {
  readonly name: string;
  readonly type: ColumnClass;
}

/**
 * The class of a type as DuckDB or PostgreSQL names it (`TIMESTAMP WITH TIME ZONE`, `timestamptz`,
 * `VARCHAR`, `character varying`, `BIGINT`, `double precision`, ...).
 * @example columnClass('TIMESTAMP WITH TIME ZONE') // 'zoned'
 * @example columnClass('character varying') // 'text'
 */
export function columnClass(type: string): ColumnClass {
  const t = type.toLowerCase();
  if (/with time zone|timestamptz|timestamp_tz/.test(t)) return 'zoned';
  if (t.startsWith('timestamp')) return 'naive';
  if (t === 'date') return 'date';
  if (/char|text|string|uuid|enum/.test(t)) return 'text';
  if (/int|double|float|real|numeric|decimal/.test(t)) return 'number';
  if (t.startsWith('bool')) return 'boolean';
  return 'other';
}

export interface RelationSourceOptions {
  readonly profile: TicketProfile;
  readonly map: Readonly<Record<string, string>>;
  /** Fields the profile must not map (`--unmap`, `--map field=`). */
  readonly unmap?: readonly string[] | undefined;
  /** The number columns of the config's metrics (`metrics:`): id, column header, ms per unit (null: a number). */
  readonly numbers?: readonly { id: string; column: string; unitMs: number | null }[] | undefined;
  readonly by: readonly string[];
  readonly inputTimezone: string;
  readonly nullTokens: readonly string[];
  /** Durations longer than this many days are impossible values (input.max_duration_days). */
  readonly maxDurationDays?: number | undefined;
  /**
   * The declared decimal separator (`input.decimal`, `--decimal-point`, `--decimal-comma`), as
   * ingest/values.ts parseDecimal reads numbers with it; undefined: only the forms no reader misreads.
   */
  readonly decimal?: '.' | ',' | undefined;
  /** The rows' order: a column or expression (the file's row number); null: the id, else the creation. */
  readonly order?: string | undefined;
}

export interface RelationSource {
  readonly source: SqlSource;
  /** Mapping name -> column, as the report's definitions state it. */
  readonly resolved: Record<string, string>;
  /** `--by` name -> table key. */
  readonly dimensions: Record<string, string>;
}

const ISO =
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?)?' +
  ' ?(Z|z|[Uu][Tt][Cc]|[+-][0-9]{2}(?::?[0-9]{2})?)?$';
/**
 * The numbers ingest/values.ts parseDecimal reads without a declared separator: plain (`1234`,
 * `1234.5`, `.5`), grouped by commas with a decimal point (`1,234.5`, `1,234,567`), by dots (`1.234.567`)
 * or by spaces and apostrophes (`1 234`); refused as ambiguous: `1.234` and `1,234`.
 */
const NUMBER_FORMS = {
  plain: '^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)$',
  ambiguous: '^[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}$',
  commas: '^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]*)?$',
  dots: '^[+-]?[1-9][0-9]{0,2}(\\.[0-9]{3}){2,}$',
  spaces: "^[+-]?[1-9][0-9]{0,2}(( [0-9]{3})+|('[0-9]{3})+|(\u00a0[0-9]{3})+|(\u202f[0-9]{3})+)(\\.[0-9]*)?$",
} as const;

/**
 * The numbers parseDecimal reads with a declared decimal separator (`input.decimal`, `--decimal-point`,
 * `--decimal-comma`): an optional sign, digits either plain or grouped by thousands with one kind of
 * separator (the other mark, a space, a no-break space or an apostrophe; the first group 1-3 digits not
 * starting with 0, the others exactly 3), then optionally the decimal separator and digits; at least
 * one digit. `1.000` is 1 with a decimal point and 1000 with a decimal comma; `1,5` is refused with a
 * decimal point (a group of one digit), 1.5 with a decimal comma.
 */
function declaredNumberForm(decimal: '.' | ','): string {
  const group = decimal === '.' ? ',' : '\\.';
  const groups = [group, ' ', "'", '\u00a0', '\u202f'].map((g) => `(${g}[0-9]{3})+`).join('|');
  return `^[+-]?([0-9]+|[1-9][0-9]{0,2}(${groups}))?(${decimal === '.' ? '\\.' : ','}[0-9]*)?$`;
}
const HMS = '^([0-9]+):([0-5][0-9])(?::([0-5][0-9])(?:[.,]([0-9]{1,3}))?)?$';

/**
 * The statement's source over `relation` whose columns are `columns`: each mapped field's SQL, and the
 * checks that reject a row whose value does not read.
 */
export function relationSource(
  d: Dialect,
  relation: string,
  columns: readonly RelationColumn[],
  options: RelationSourceOptions,
): RelationSource {
  const header = columns.map((c) => c.name);
  const { fields: planned, plan, extraDimColumns } = planColumns(header, options);
  const fields: Record<string, string> = {};
  const extras: Record<string, string> = {};
  const badValues: BadValueCheck[] = [];
  // Compared without case: listed once each after lower-casing (`NULL` and `null` are one token).
  const nullTokens = [
    ...new Set(
      [...options.nullTokens, ...(options.profile.nullTokens ?? [])]
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
    ),
  ];
  // The cells as trimmed text (null when empty or a null token), then the parts of each parsed text,
  // each a column of a subquery: an expression names them instead of repeating their SQL.
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  /** Expressions by level: level 1 reads the texts, level k reads level k - 1. */
  const levels: string[][] = [];
  let partCount = 0;
  /** The cell as trimmed text, null when empty or a null token: a column of the first subquery. */
  const textOf = (column: RelationColumn): string => {
    let k = textIndex.get(column.name);
    if (k === undefined) {
      const trimmed = `NULLIF(TRIM(CAST(${d.ident(column.name)} AS ${d.textType})), '')`;
      texts.push(
        nullTokens.length === 0
          ? trimmed
          : `CASE WHEN LOWER(${trimmed}) IN (${nullTokens.map(d.text).join(', ')}) THEN NULL ELSE ${trimmed} END`,
      );
      k = texts.length - 1;
      textIndex.set(column.name, k);
    }
    return d.ident(`om_txt${k}`);
  };
  /** An expression over the texts, as a column of the second subquery. */
  const part = (sql: string, level = 1): string => {
    while (levels.length < level) levels.push([]);
    const name = `om_part${partCount++}`;
    (levels[level - 1] as string[]).push(`${sql} AS ${d.ident(name)}`);
    return d.ident(name);
  };
  const needsText = (column: RelationColumn, what: string): TextReader => {
    // A profile whose export writes its own date format (Jira's `dd/MMM/yy h:mm a`): the statement
    // reads ISO 8601 text only, and would leave out every row (report --engine and sql alike).
    if (what === 'instants' && options.profile.dateFormat !== undefined) {
      throw new SqlUnsupported(
        `the ${options.profile.name} export writes dates as ${options.profile.dateFormat} (column "${column.name}"); ` +
          'SQL reads ISO 8601 text and typed timestamp columns only',
        'dates',
      );
    }
    if (d.parse === undefined) {
      throw new SqlUnsupported(
        `column "${column.name}" holds ${what} as text, which the ${d.name} statement does not parse; ` +
          'give the column its type (a timestamp or number column) in the warehouse',
        'text_column',
      );
    }
    return textReader(d, d.parse, part, options.decimal);
  };
  const set = (field: SourceField, sql: string) => {
    fields[field] = sql;
  };
  // A flag (reopened yes/no, a reopen time) gives a count of the same field unless a count column does.
  const flags: { field: TicketField; sql: string; checks: number[] }[] = [];
  for (const f of planned) {
    const column = columns[f.column] as RelationColumn;
    const target: MappedField = f.target;
    // The cell as text, registered only when a field reads it (a typed column's value is read as it is).
    let textSql: string | undefined;
    const textValue = () => (textSql ??= textOf(column));
    const bad = (code: BadValueCheck['code'], parsed: string, message: string) =>
      badValues.push({
        column: column.name,
        field: fieldName(target),
        code,
        cond: `${textValue()} IS NOT NULL AND ${parsed} IS NULL`,
        message,
      });
    switch (target.kind) {
      case 'id':
        set('id', textValue());
        break;
      case 'instant': {
        let sql: string;
        if (column.type === 'zoned') sql = d.msOf(d.ident(column.name));
        else if (column.type === 'naive') sql = wallMs(d, d.ident(column.name), options.inputTimezone, part, 1);
        else if (column.type === 'date') {
          sql = wallMs(d, `CAST(${d.ident(column.name)} AS TIMESTAMP)`, options.inputTimezone, part, 1);
        } else if (column.type === 'text') {
          sql = needsText(column, 'instants').iso(textValue(), ISO, options.inputTimezone);
          bad('bad_date', sql, `is not an ISO 8601 date (YYYY-MM-DD[ HH:MM[:SS]][zone])`);
        } else throw new SqlUnsupported(`column "${column.name}" (${target.field}) is no timestamp`, 'column_type');
        set(target.field, sql);
        break;
      }
      case 'duration': {
        let sql: string;
        if (target.unit === 'hms') {
          const p = needsText(column, 'H:MM:SS durations');
          sql = p.hms(textValue(), HMS);
        } else {
          const unit = durationUnitMs(target.unit);
          if (column.type === 'number') sql = `(CAST(${d.ident(column.name)} AS ${d.double}) * ${unit})`;
          else if (column.type === 'text') sql = `(${needsText(column, 'numbers').number(textValue())} * ${unit})`;
          else throw new SqlUnsupported(`column "${column.name}" (${f.name}) is no number`, 'column_type');
        }
        if (column.type === 'text') bad('bad_number', sql, `is not a number (a duration in ${target.unit})`);
        // Negative durations and those over the longest plausible one are impossible values
        // (ingest/values.ts parseDurationMs).
        const longest = maxDurationMs(options.maxDurationDays);
        const checked = `CASE WHEN ${sql} < 0 OR ${sql} > ${longest} THEN NULL ELSE ${sql} END`;
        badValues.push({
          column: column.name,
          field: target.field,
          code: 'impossible_value',
          cond: `(${sql} < 0 OR ${sql} > ${longest})`,
          message: 'is a negative duration, or one longer than input.max_duration_days',
        });
        set(target.field, checked);
        break;
      }
      case 'count': {
        let sql: string;
        if (column.type === 'number') sql = `CAST(${d.ident(column.name)} AS ${d.bigint})`;
        else if (column.type === 'text') {
          const value = needsText(column, 'numbers').number(textValue());
          // Whole numbers within 32 bits (ingest/values.ts parseCount), negatives left to the check below.
          sql =
            `CASE WHEN ${value} = FLOOR(${value}) AND ${value} <= 2147483647 ` +
            `THEN CAST(${value} AS ${d.bigint}) END`;
          bad('bad_number', sql, 'is not a whole number');
        } else throw new SqlUnsupported(`column "${column.name}" (${target.field}) is no number`, 'column_type');
        badValues.push({
          column: column.name,
          field: target.field,
          code: 'impossible_value',
          cond: `${sql} < 0`,
          message: 'is a negative count',
        });
        set(target.field, `CASE WHEN ${sql} < 0 THEN NULL ELSE ${sql} END`);
        break;
      }
      case 'dim':
        set(target.field, target.field === 'requester_email' ? `LOWER(${textValue()})` : textValue());
        if (options.profile.followUp?.field === target.field) {
          const values = options.profile.followUp.values.map((v) => d.text(v.toLowerCase()));
          set('follow_up', `CASE WHEN LOWER(${textValue()}) IN (${values.join(', ')}) THEN 1 ELSE 0 END`);
        }
        break;
      case 'satisfaction': {
        const prefixes = (list: readonly string[]) =>
          list
            .map((p) => `LOWER(${textValue()}) LIKE ${d.text(`${p.toLowerCase().replaceAll('%', '')}%`)}`)
            .join(' OR ');
        const good = options.profile.satisfaction?.good ?? ['good'];
        const badWords = options.profile.satisfaction?.bad ?? ['bad'];
        set('satisfaction', `CASE WHEN ${prefixes(good)} THEN 1 WHEN ${prefixes(badWords)} THEN 0 ELSE NULL END`);
        break;
      }
      case 'verdict': {
        const list = (values: readonly string[]) =>
          [...new Set(values.map((v) => v.toLowerCase()))].map((v) => d.text(v)).join(', ') || 'NULL';
        // A profile without SLA verdict spellings (a mapping) reads yes/no words (ingest/normalize.ts).
        const met = list(options.profile.slaVerdicts?.met ?? YES_NO.yes);
        const violated = list(options.profile.slaVerdicts?.violated ?? YES_NO.no);
        const verdict =
          `CASE WHEN LOWER(${textValue()}) IN (${met}) THEN 1 ` +
          `WHEN LOWER(${textValue()}) IN (${violated}) THEN 0 ELSE NULL END`;
        set(target.field, verdict);
        // An unknown verdict is emptied and the row kept, whatever the policy (ingest: unknown_value).
        badValues.push({
          column: column.name,
          field: target.field,
          code: 'unknown_value',
          cond: `${textValue()} IS NOT NULL AND (${verdict}) IS NULL`,
          message: 'is no SLA verdict the profile knows',
          nullOnly: true,
        });
        break;
      }
      case 'flag': {
        const firstCheck = badValues.length;
        let sql: string;
        if (target.from === 'timestamp') {
          // A reopen time: 1 when there is one, 0 when the cell is empty (never reopened).
          let at: string;
          if (column.type === 'zoned' || column.type === 'naive' || column.type === 'date') at = d.ident(column.name);
          else if (column.type === 'text') {
            at = needsText(column, 'instants').iso(textValue(), ISO, options.inputTimezone);
            bad('bad_date', at, `is not an ISO 8601 date (YYYY-MM-DD[ HH:MM[:SS]][zone])`);
          } else throw new SqlUnsupported(`column "${column.name}" (${f.name}) is no timestamp`, 'column_type');
          const empty = column.type === 'text' ? `${textValue()} IS NULL` : `${d.ident(column.name)} IS NULL`;
          sql = `CASE WHEN ${empty} THEN 0 WHEN ${at} IS NOT NULL THEN 1 END`;
        } else {
          // yes -> 1, no -> 0; another spelling empties the value and keeps the row, as an SLA verdict.
          const words = (values: readonly string[]) => values.map((v) => d.text(v)).join(', ');
          sql =
            `CASE WHEN LOWER(${textValue()}) IN (${words(YES_NO.yes)}) THEN 1 ` +
            `WHEN LOWER(${textValue()}) IN (${words(YES_NO.no)}) THEN 0 ELSE NULL END`;
          badValues.push({
            column: column.name,
            field: target.field,
            code: 'unknown_value',
            cond: `${textValue()} IS NOT NULL AND (${sql}) IS NULL`,
            message: 'is neither yes nor no',
            nullOnly: true,
          });
        }
        flags.push({ field: target.field, sql, checks: [...badValues.keys()].slice(firstCheck) });
        break;
      }
      case 'number': {
        // A configured metric's column: a number, in ms for a time unit (ingest/values.ts parseDurationMsBy).
        let value: string;
        if (column.type === 'number') value = `CAST(${d.ident(column.name)} AS ${d.double})`;
        else if (column.type === 'text') {
          value = needsText(column, 'numbers').number(textValue());
          bad('bad_number', value, 'is not a number');
        } else throw new SqlUnsupported(`column "${column.name}" (${f.name}) is no number`, 'column_type');
        if (target.unitMs === null) {
          set(`number:${target.name}`, value);
          break;
        }
        const sql = `(${value} * ${target.unitMs})`;
        const longest = maxDurationMs(options.maxDurationDays);
        badValues.push({
          column: column.name,
          field: f.name,
          code: 'impossible_value',
          cond: `(${sql} < 0 OR ${sql} > ${longest})`,
          message: 'is a negative duration, or one longer than input.max_duration_days',
        });
        set(`number:${target.name}`, `CASE WHEN ${sql} < 0 OR ${sql} > ${longest} THEN NULL ELSE ${sql} END`);
        break;
      }
      case 'subject':
      case 'extra':
        break;
    }
  }
  for (const flag of flags) {
    const count = fields[flag.field];
    if (count === undefined) {
      set(flag.field, flag.sql);
      continue;
    }
    // The count wins; the flag's cell is not read where the count has a value (nor checked).
    set(flag.field, `COALESCE(${count}, ${flag.sql})`);
    for (const k of flag.checks) {
      const check = badValues[k] as BadValueCheck;
      badValues[k] = { ...check, cond: `(${count}) IS NULL AND ${check.cond}` };
    }
  }
  for (const e of extraDimColumns) extras[e.key] = textOf(columns[e.column] as RelationColumn);
  // A zero duration that means "none" unless an instant says otherwise (Freshdesk's 00:00:00):
  // ingest/row-rules.ts applyZeroRules.
  for (const [name, unless] of Object.entries(options.profile.zeroMeansMissingUnless ?? {})) {
    const f = planned.find((p) => p.name === name);
    if (f?.target.kind !== 'duration') continue;
    const value = fields[f.target.field] as string;
    const absent = unless.map((at) => `${fields[at] ?? 'NULL'} IS NULL`).join(' AND ') || 'TRUE';
    fields[f.target.field] = `CASE WHEN ${value} = 0 AND ${absent} THEN NULL ELSE ${value} END`;
  }
  const created = fields.created as string;
  // Without a row order (a table), rows are numbered by id and creation: unique, and stable for a run.
  const order =
    options.order ?? `ROW_NUMBER() OVER (ORDER BY ${fields.id !== undefined ? `${fields.id}, ` : ''}${created})`;
  const textColumns = texts.map((sql, k) => `,\n    ${sql} AS ${d.ident(`om_txt${k}`)}`).join('');
  let layered = `(SELECT om_l0.*${textColumns}\n  FROM ${relation} om_l0)`;
  levels.forEach((list, k) => {
    layered = `(SELECT om_l${k + 1}.*${list.map((sql) => `,\n    ${sql}`).join('')}\n  FROM ${layered} om_l${k + 1})`;
  });
  layered = `${layered} om_src_in`;
  // An export read as text: a row whose cells are all empty or spaces (`,,,,`, as spreadsheets write
  // at the end) is a blank line to the JS reader, skipped and counted apart, not a row without an id.
  // A typed table's rows are rows, whatever they hold (and the dialects that parse no text read none).
  const parse = d.parse;
  const blank =
    parse !== undefined && columns.every((c) => c.type === 'text')
      ? columns
          .map((c) => {
            const cell = `CAST(${d.ident(c.name)} AS ${d.textType})`;
            return `(${cell} IS NULL OR ${parse.matches(cell, '^\\s*$')})`;
          })
          .join(' AND ')
      : undefined;
  return {
    source: {
      relation: layered,
      fields,
      extras,
      order,
      badValues,
      ...(blank === undefined || columns.length === 0 ? {} : { skip: [{ reason: 'blank' as const, cond: blank }] }),
    },
    resolved: plan.resolved,
    dimensions: plan.dimensions,
  };
}

function fieldName(target: MappedField): string {
  if (target.kind === 'id' || target.kind === 'satisfaction' || target.kind === 'subject') return target.kind;
  if (target.kind === 'extra' || target.kind === 'number') return target.name;
  return target.field;
}

interface TextReader {
  /** Epoch ms of ISO 8601 text (ingest's parseIso: offset-less text in `zone`), null when it does not read. */
  iso(text: string, pattern: string, zone: string): string;
  /** The number the text writes (NUMBER_FORMS, or the declared separator's form), else null. */
  number(text: string): string;
  /** Milliseconds of `H:MM[:SS[.fff]]` text, else null. */
  hms(text: string, pattern: string): string;
}

type Part = (sql: string, level?: number) => string;

/**
 * Epoch ms of the naive wall time `local` (an expression of level `level - 1`) in `zone`, as
 * calendar/zone.ts wallToEpoch: a time skipped by a spring-forward gap moves forward by the gap (every
 * engine does so), a time repeated by a fall-back overlap takes the earlier instant (engines differ:
 * the instant an hour, or half an hour, earlier is taken when it shows the same wall time).
 */
function wallMs(d: Dialect, local: string, zone: string, part: Part, level: number): string {
  const t = part(d.msOf(d.fromLocal(local, zone)), level);
  const same = (shift: number) => `${d.toLocal(d.tsOf(`${t} - ${shift}`), zone)} = ${local}`;
  return `CASE WHEN ${same(3_600_000)} THEN ${t} - 3600000 WHEN ${same(1_800_000)} THEN ${t} - 1800000 ELSE ${t} END`;
}

function textReader(d: Dialect, p: TextParsing, part: Part, decimal: '.' | ',' | undefined): TextReader {
  const int = (sql: string) => `CAST(${sql} AS ${d.bigint})`;
  /** Up to three fraction digits as milliseconds (truncated, as parseIso). */
  const millis = (digits: string) => `COALESCE(CAST(RPAD(SUBSTR(${digits}, 1, 3), 3, '0') AS ${d.bigint}), 0)`;
  return {
    iso(text, pattern, zone) {
      const captured = part(p.captures(text, pattern, 8));
      const groups = [...Array(9).keys()].map((k) => (k === 0 ? '' : part(p.at(captured, k), 2)));
      const g = (k: number) => groups[k] as string;
      const local = part(
        p.plusMs(
          p.timestamp(
            int(g(1)),
            int(g(2)),
            int(g(3)),
            `COALESCE(${int(g(4))}, 0)`,
            `COALESCE(${int(g(5))}, 0)`,
            `COALESCE(${int(g(6))}, 0)`,
          ),
          millis(g(7)),
        ),
        3,
      );
      const z = g(8);
      // The zone designator: Z, UTC, +HH, +HHMM, +HH:MM (minutes east of UTC).
      const hours = int(`SUBSTR(${z}, 2, 2)`);
      const minutes = `CASE WHEN LENGTH(${z}) > 3 THEN ${int(`SUBSTR(${z}, LENGTH(${z}) - 1, 2)`)} ELSE 0 END`;
      const offsetMs = `(CASE WHEN ${z} LIKE '-%' THEN -1 ELSE 1 END) * (${hours} * 60 + ${minutes}) * 60000`;
      const zoned =
        `CASE WHEN UPPER(${z}) IN ('Z', 'UTC') THEN ${d.msOf(d.fromLocal(local, 'UTC'))} ` +
        `WHEN ${hours} <= 23 AND ${minutes} <= 59 THEN ${d.msOf(d.fromLocal(local, 'UTC'))} - ${offsetMs} END`;
      return (
        // Group 1 (the year) takes part in every match: null means the text is no ISO 8601.
        `(CASE WHEN ${g(1)} IS NULL THEN NULL ` +
        `WHEN ${z} IS NULL THEN ${wallMs(d, local, zone, part, 4)} ELSE ${zoned} END)`
      );
    },
    number(text) {
      const digits = (strip: string) => `CAST(${p.strip(text, strip)} AS ${d.double})`;
      if (decimal !== undefined) {
        // A declared separator: one form, its groups stripped and its decimal mark made a point.
        const form = part(p.matches(text, declaredNumberForm(decimal)));
        const digit = part(p.matches(text, '.*[0-9].*'));
        const stripped = p.strip(text, decimal === '.' ? "[, '\u00a0\u202f]" : "[. '\u00a0\u202f]");
        const value = decimal === '.' ? stripped : `REPLACE(${stripped}, ',', '.')`;
        return `(CASE WHEN ${form} AND ${digit} THEN CAST(${value} AS ${d.double}) END)`;
      }
      const is = (form: keyof typeof NUMBER_FORMS) => part(p.matches(text, NUMBER_FORMS[form]));
      return (
        `(CASE WHEN ${is('ambiguous')} THEN NULL WHEN ${is('plain')} THEN CAST(${text} AS ${d.double}) ` +
        `WHEN ${is('dots')} THEN ${digits('[.]')} ` +
        `WHEN ${is('commas')} OR ${is('spaces')} THEN ${digits("[, '\u00a0\u202f]")} END)`
      );
    },
    hms(text, pattern) {
      const captured = part(p.captures(text, pattern, 4));
      const groups = [...Array(5).keys()].map((k) => (k === 0 ? '' : part(p.at(captured, k), 2)));
      const g = (k: number) => groups[k] as string;
      return (
        `(CASE WHEN ${g(1)} IS NOT NULL THEN ` +
        `((${int(g(1))} * 60 + ${int(g(2))}) * 60 + COALESCE(${int(g(3))}, 0)) * 1000 + ${millis(g(4))} END)`
      );
    },
  };
}
