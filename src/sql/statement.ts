/**
 * The ticket report as one SQL statement, generated from the same definitions the JS engine runs:
 * the derivations (derive/) and the metrics' rules (metrics/) written as SQL by sql/expr.ts, and the
 * cross-ticket steps (repeat contacts, SLA verdicts, metrics across cohorts) as window functions and
 * joins that mirror their JS. One row per period and group, the columns named as the CSV output's.
 *
 * Steps (one CTE each): the source's fields, instants as epoch ms -> the rows kept (an id and a
 * creation instant, the row rules of ingest/row-rules.ts) -> one row per id (the latest, by version,
 * then update time, then row order, at the place of the id's first row) -> the window and as-of (from
 * the data unless given) -> derivations -> repeat flags -> SLA verdicts -> periods x groups -> each
 * metric per cell. Percentiles are R type 7 from the two ranks around (n - 1) p, as the JS engine's.
 *
 * Over 500 lines on purpose: the steps above are one statement whose CTEs name each other's columns;
 * split across files, a reader would follow one query through several of them.
 */
import type { PeriodUnit } from '../calendar/period.js';
import type { Ref } from '../derive/expr.js';
import { refsOf } from '../derive/expr.js';
import { exprDerivation } from '../derive/index.js';
import { SLA_METRIC_NAMES, type SlaMetricName, type SlaTargets } from '../derive/sla-policy.js';
import { plausibleRangeMs } from '../ingest/row-rules.js';
import { DEFAULT_MAX_DURATION_DAYS } from '../ingest/values.js';
import { calendarReconciliations } from '../metrics/reconciliation.js';
import type { MetricContext, MetricDefinition, TicketMetricOptions, TicketRule } from '../metrics/types.js';
import {
  COUNT_FIELDS,
  DURATION_FIELDS,
  INSTANT_FIELDS,
  VERDICT_FIELDS,
  type TicketField,
  type Tickets,
} from '../model/ticket.js';
import { DIALECT, type Dialect, type DialectName } from './dialect.js';
import { columnName, SqlUnsupported, sqlCond, sqlValue } from './expr.js';

const DAY_MS = 86_400_000;

/** A field of the source: a ticket field, the follow-up flag, or a configured metric's number (`number:<id>`). */
export type SourceField = TicketField | 'follow_up' | `number:${string}`;

/** The relation the statement reads, and each field's SQL over its columns. */
export interface SqlSource {
  /** The FROM item: a table or view name, or a table function reading a file. */
  readonly relation: string;
  /**
   * Per field the input has: its SQL, in the statement's units (instants as epoch ms BIGINT,
   * durations in ms, counts as whole numbers, dimensions as text, satisfaction and verdicts as their
   * codes: 1 good or met, 0 bad or violated), null where the row has no value. `follow_up`: 1 for a
   * follow-up of a closed ticket. `number:<id>`: the value of a configured metric (config `metrics:`),
   * in ms for a time unit.
   */
  readonly fields: Readonly<Partial<Record<SourceField, string>>>;
  /** Extra dimension columns (columns kept for `--by` that are no field) by their table key, as text. */
  readonly extras: Readonly<Record<string, string>>;
  /** The rows' order (file order), unique per row: ties of creation and an id's rows are broken by it. */
  readonly order: string;
  /** Values that did not read (a text column's): they reject the row, or are emptied (on_bad_value null). */
  readonly badValues?: readonly BadValueCheck[];
  /**
   * Rows left out before any rule, as stated exclusions the accounting counts (never rejected):
   * `blank`, a row whose cells are all empty (a CSV's `,,,,` line, as the JS reader skips it);
   * `deleted`, a ticket the connector marks deleted.
   */
  readonly skip?: readonly SkipRule[];
}

/** A row left out: why (the accounting's key) and the condition over the source's relation. */
export interface SkipRule {
  readonly reason: 'blank' | 'deleted';
  readonly cond: string;
}

/** A value of a row that did not read: `cond` holds for the row; its issue code and column. */
export interface BadValueCheck {
  readonly column: string;
  /** The field (or mapping name) the column feeds. */
  readonly field: string;
  readonly code: 'bad_date' | 'bad_number' | 'impossible_value' | 'unknown_value';
  readonly cond: string;
  /** What is wrong, after the value: `is not a number`. */
  readonly message: string;
  /** The value is emptied whatever the policy, the row kept (an unknown vendor verdict). */
  readonly nullOnly?: boolean;
}

export interface SqlReportOptions extends TicketMetricOptions, RowOptions {
  /** null: from the data, as the JS engine does (the minute after the latest instant). */
  readonly asOfGiven: number | null;
  readonly since: number | null;
  readonly until: number | null;
  readonly timezone: string;
  readonly period: PeriodUnit | null;
  readonly weekStart: 'monday' | 'sunday';
  /** Groupings: the name written, and the table key (a field, or an extra column's key). */
  readonly by: readonly { name: string; key: string }[];
}

export interface SqlStatement {
  readonly dialect: DialectName;
  /** Statements to run first (session settings), then `sql`. */
  readonly preamble: readonly string[];
  readonly sql: string;
  /** The metrics the statement computes, in report order. */
  readonly metrics: readonly MetricDefinition[];
  /** Metrics left out, and why (unavailable for this input, or not computable in SQL). */
  readonly skipped: readonly { id: string; reason: string }[];
}

/** Fields carried as numbers; text fields are carried as text. */
const NUMERIC_FIELDS = [
  ...INSTANT_FIELDS,
  ...DURATION_FIELDS,
  ...COUNT_FIELDS,
  ...VERDICT_FIELDS,
  'satisfaction',
  'follow_up',
] as const;
const TEXT_FIELDS = ['id', 'customer', 'category', 'priority'] as const;

const DURATION_FIGURES = [
  ['median', 0.5],
  ['p90', 0.9],
  ['p95', 0.95],
] as const;

/** What `unavailable` reads of a context: the fields present (configured metrics' numbers too) and the options. */
function presenceContext(present: ReadonlySet<string>, options: TicketMetricOptions): MetricContext {
  const numbers = new Map(
    [...present].flatMap((f) => (f.startsWith('number:') ? [[f.slice('number:'.length), new Float64Array(0)]] : [])),
  );
  const table = { present, numbers, events: undefined } as unknown as Tickets;
  return { table, options } as MetricContext;
}

/** The fields the cross-ticket steps read (creation, resolution, repeats, SLA, deduplication). */
const STEP_FIELDS = [
  'id',
  'created',
  'first_reply',
  'first_solved',
  'solved',
  'closed',
  'updated',
  'customer',
  'category',
  'priority',
  'follow_up',
] as const;

/** The ticket fields the metrics read (configured metrics' numbers too), their derivations expanded, and the steps'. */
function fieldsRead(metrics: readonly MetricDefinition[], options: TicketMetricOptions): string[] {
  const fields = new Set<string>(STEP_FIELDS);
  const visit = (name: Ref, seen: Set<Ref>) => {
    if (seen.has(name)) return;
    seen.add(name);
    const derivation = exprDerivation(name);
    if (derivation !== undefined) {
      for (const ref of refsOf(derivation.expr(options))) visit(ref, seen);
    } else if (
      (NUMERIC_FIELDS as readonly string[]).includes(name) ||
      (TEXT_FIELDS as readonly string[]).includes(name) ||
      name.startsWith('number:')
    ) {
      fields.add(name);
    }
  };
  // The derivations the steps compute as columns (statement step 5).
  for (const name of ['resolved_at', 'sla.first_reply.done_at']) visit(name, new Set());
  for (const m of metrics) {
    const rule = m.rule?.(options);
    const across = m.across?.(options);
    const refs = rule
      ? refsOfRule(rule)
      : across?.kind === 'distinct'
        ? refsOf(across.hit, new Set([across.key]))
        : new Set<Ref>();
    for (const ref of refs) visit(ref, new Set());
  }
  // A configured metric's numbers (`number:<id>`) after the ticket fields.
  const numbers = [...fields].filter((f) => f.startsWith('number:')).sort();
  return [...([...NUMERIC_FIELDS, ...TEXT_FIELDS] as string[]).filter((f) => fields.has(f)), ...numbers];
}

/** Every name a rule reads. */
function refsOfRule(rule: TicketRule): Set<Ref> {
  if (rule.kind === 'rate') return refsOf(rule.hit, refsOf(rule.counted));
  if (rule.kind === 'count') return refsOf(rule.counted);
  if (rule.kind === 'total' || rule.kind === 'stats') return refsOf(rule.value);
  return refsOf(rule.valueMs);
}

/** Throws SqlUnsupported when a rule cannot be written in SQL. */
function checkRule(rule: TicketRule, d: Dialect, options: TicketMetricOptions): void {
  for (const name of refsOfRule(rule)) {
    if (name.startsWith('case.')) throw new SqlUnsupported('it reads event data (--events)');
  }
  const ctx = { dialect: d, options };
  if (rule.kind === 'rate') {
    sqlCond(rule.counted, ctx);
    sqlCond(rule.hit, ctx);
  } else if (rule.kind === 'count') sqlCond(rule.counted, ctx);
  else if (rule.kind === 'total' || rule.kind === 'stats') sqlValue(rule.value, ctx);
  else sqlValue(rule.valueMs, ctx);
}

/** The metrics the statement computes, and the others with the reason. */
export function planMetrics(
  d: Dialect,
  present: ReadonlySet<string>,
  metrics: readonly MetricDefinition[],
  options: TicketMetricOptions,
): { kept: MetricDefinition[]; skipped: { id: string; reason: string }[] } {
  const ctx = presenceContext(present, options);
  const kept: MetricDefinition[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const m of metrics) {
    const reason = m.unavailable(ctx);
    if (reason !== null) {
      skipped.push({ id: m.id, reason: `unavailable: ${reason}` });
      continue;
    }
    const rule = m.rule?.(options) ?? null;
    if (rule === null && (m.across?.(options) ?? null) === null) {
      const why = m.id.startsWith('complaints.')
        ? 'complaint classes are set by text rules the SQL path does not run'
        : 'it needs event data or a computation the SQL path does not have';
      skipped.push({ id: m.id, reason: `not computable in SQL: ${why}` });
      continue;
    }
    try {
      if (rule !== null) checkRule(rule, d, options);
      kept.push(m);
    } catch (error) {
      if (!(error instanceof SqlUnsupported)) throw error;
      skipped.push({ id: m.id, reason: `not computable in SQL: ${error.message}` });
    }
  }
  return { kept, skipped };
}

/** Builds the CTE list. */
class Ctes {
  readonly list: [string, string][] = [];
  add(name: string, body: string): string {
    this.list.push([name, body]);
    return name;
  }
  toString(): string {
    return `WITH\n${this.list.map(([name, body]) => `${name} AS (\n  ${body}\n)`).join(',\n')}\n`;
  }
}

/**
 * Steps 1-3: the source's fields (om_src), each row's verdict (om_rows: `ok`, or why it is rejected;
 * om_nulled 1 when a value was emptied), one row per id (om_t).
 */
function rowSteps(
  d: Dialect,
  source: SqlSource,
  options: RowOptions,
  groupKeys: readonly { column: string; key: string }[],
  ctes: Ctes,
  keep?: readonly string[],
): void {
  const q = (name: string) => d.ident(name);
  // The statement's own columns (om_ord, om_bad0, ...) are written unquoted wherever they are read:
  // so where they are made too (a quoted lower-case name is another name where unquoted names fold
  // to upper case, as in Snowflake).
  const col = (name: string) =>
    name === 'om_ord' || name.startsWith('om_bad') || name.startsWith('om_skip') ? name : q(name);
  const present = new Set(Object.keys(source.fields));
  const checks = source.badValues ?? [];
  const columns: [string, string][] = [];
  for (const f of NUMERIC_FIELDS) columns.push([f, source.fields[f] ?? `CAST(NULL AS ${d.bigint})`]);
  for (const f of TEXT_FIELDS) columns.push([f, source.fields[f] ?? `CAST(NULL AS ${d.textType})`]);
  for (const [f, sql] of Object.entries(source.fields)) if (f.startsWith('number:')) columns.push([f, sql as string]);
  for (const g of groupKeys) {
    columns.push([
      g.column,
      source.fields[g.key as TicketField] ?? source.extras[g.key] ?? `CAST(NULL AS ${d.textType})`,
    ]);
  }
  checks.forEach((c, k) => {
    columns.push([`om_bad${k}`, `CASE WHEN ${c.cond} THEN 1 ELSE 0 END`]);
  });
  (source.skip ?? []).forEach((rule, k) => {
    columns.push([`om_skip${k}`, `CASE WHEN ${rule.cond} THEN 1 ELSE 0 END`]);
  });
  columns.push(['om_ord', source.order]);
  ctes.add(
    'om_src',
    `SELECT ${columns.map(([name, sql]) => `${sql} AS ${col(name)}`).join(',\n    ')}\n  FROM ${source.relation}`,
  );
  // The row rules (ingest/row-rules.ts): 1. no instant but created and updated before the creation;
  // 2. none longer after it than the longest duration; 3. the first reply not after the first
  // resolution (first solved, else solved, else closed).
  const longestMs = (options.maxDurationDays ?? DEFAULT_MAX_DURATION_DAYS) * DAY_MS;
  const checked = INSTANT_FIELDS.filter((f) => f !== 'created' && f !== 'updated' && present.has(f));
  const resolutions = (['first_solved', 'solved', 'closed'] as const).filter((f) => present.has(f));
  const broken = (f: string) => `(${q(f)} < ${q('created')} OR ${q(f)} - ${q('created')} > ${longestMs})`;
  const firstResolution = (cols: readonly string[]) =>
    cols.length === 1 ? (cols[0] as string) : `COALESCE(${cols.join(', ')})`;
  const replyRule = present.has('first_reply') && resolutions.length > 0;
  const badCreated = checks.findIndex((c) => c.field === 'created');
  const nullOnly = checks.flatMap((c, k) => (c.nullOnly ? [`om_bad${k} = 1`] : []));
  // Rows left out before any rule (blank rows, deleted tickets): a verdict of their own, counted apart.
  const skips = (source.skip ?? []).map((rule, k) => `WHEN om_skip${k} = 1 THEN 'skip:${rule.reason}'`);
  const missing = [
    ...skips,
    `WHEN ${present.has('id') ? `${q('id')} IS NULL` : 'FALSE'} THEN 'missing_required:id'`,
    ...(badCreated >= 0 ? [`WHEN om_bad${badCreated} = 1 THEN 'bad_date:created'`] : []),
    `WHEN ${q('created')} IS NULL THEN 'missing_required:created'`,
  ];
  // Row rule 0: a creation outside the plausible years rejects the row, whatever --on-bad-value says
  // (a year 0201 is a typo, and would make a weekly report of 95,000 periods).
  const [earliestMs, latestMs] = plausibleRangeMs(options.plausibleYears);
  const outside = `${q('created')} < ${earliestMs} OR ${q('created')} > ${latestMs}`;
  const implausible = `WHEN ${outside} THEN 'implausible_date:created'`;
  if (options.onBadValue === 'null') {
    // Unreadable values are empty already; values breaking a rule are emptied (not rejected), as the
    // JS reader does with --on-bad-value null.
    const cleaned = new Map<string, string>();
    for (const f of checked) cleaned.set(f, `CASE WHEN ${broken(f)} THEN NULL ELSE ${q(f)} END`);
    const fixed = columns.map(([name]) => (cleaned.has(name) ? `${cleaned.get(name)} AS ${q(name)}` : col(name)));
    const anyBad = checks.flatMap((_, k) => (k === badCreated ? [] : [`om_bad${k} = 1`]));
    const nulled = [...anyBad, ...checked.map((f) => `COALESCE(${broken(f)}, FALSE)`)];
    ctes.add(
      'om_fix',
      `SELECT ${fixed.join(', ')},\n    ` +
        `${nulled.length ? `CASE WHEN ${nulled.join(' OR ')} THEN 1 ELSE 0 END` : '0'} AS om_nulled\n  FROM om_src`,
    );
    const reply = replyRule
      ? `CASE WHEN ${q('first_reply')} > ${firstResolution(resolutions.map(q))} THEN NULL ELSE ${q('first_reply')} END`
      : q('first_reply');
    const replyNulled = replyRule
      ? `CASE WHEN ${q('first_reply')} > ${firstResolution(resolutions.map(q))} THEN 1 ELSE om_nulled END`
      : 'om_nulled';
    const rest = columns
      .map(([name]) => name)
      .filter((name) => name !== 'first_reply')
      .map(col);
    ctes.add(
      'om_rows',
      `SELECT ${rest.join(', ')}, ${reply} AS ${q('first_reply')}, ${replyNulled} AS om_nulled,\n` +
        `    CASE ${[...missing, implausible].join(' ')} ELSE 'ok' END AS om_verdict\n  FROM om_fix`,
    );
  } else {
    const verdicts = [
      ...missing,
      ...checks.flatMap((c, k) =>
        k === badCreated || c.nullOnly ? [] : [`WHEN om_bad${k} = 1 THEN ${d.text(`${c.code}:${c.column}`)}`],
      ),
      // As the JS reader: a row rejected for a value is not checked further; rule 0 comes before 1-3.
      implausible,
      ...checked.map((f) => `WHEN ${q(f)} < ${q('created')} THEN 'impossible_value:${f}'`),
      ...checked.map((f) => `WHEN ${q(f)} - ${q('created')} > ${longestMs} THEN 'impossible_value:${f}'`),
    ];
    if (replyRule) {
      verdicts.push(
        `WHEN ${q('first_reply')} > ${firstResolution(resolutions.map(q))} THEN 'impossible_value:first_reply'`,
      );
    }
    const nulled = nullOnly.length ? `CASE WHEN ${nullOnly.join(' OR ')} THEN 1 ELSE 0 END` : '0';
    ctes.add(
      'om_rows',
      `SELECT *, ${nulled} AS om_nulled, CASE ${verdicts.join(' ')} ELSE 'ok' END AS om_verdict\n  FROM om_src`,
    );
  }
  // One row per id: the latest (a higher version, then a later update, then the later row), at the
  // place of the id's first row (om_first orders ties of creation).
  const [first, take] = present.has('id')
    ? [
        `MIN(om_ord) OVER (PARTITION BY ${q('id')})`,
        `ROW_NUMBER() OVER (PARTITION BY ${q('id')} ORDER BY ${descNullsLast(q('version'))}, ` +
          `${descNullsLast(q('updated'))}, om_ord DESC)`,
      ]
    : ['om_ord', '1'];
  ctes.add('om_kept', `SELECT *, ${first} AS om_first, ${take} AS om_take\n  FROM om_rows WHERE om_verdict = 'ok'`);
  // The rows carry on with the columns the statement reads only: a row narrower by the export's
  // unused fields is cheaper in every later step.
  const carried =
    keep === undefined ? '*' : [...keep.map(q), ...groupKeys.map((g) => q(g.column)), 'om_ord', 'om_first'].join(', ');
  ctes.add('om_t', `SELECT ${carried} FROM om_kept WHERE om_take = 1`);
}

/**
 * `x DESC NULLS LAST` written without NULLS LAST, which BigQuery's window ORDER BY does not take: the
 * rows without a value after those with one, then by the value, descending.
 */
const descNullsLast = (x: string) => `CASE WHEN ${x} IS NULL THEN 1 ELSE 0 END, ${x} DESC`;

/** What the row steps read of the options. */
export interface RowOptions {
  /** Row rule 2 (ingest/row-rules.ts); DEFAULT_MAX_DURATION_DAYS when absent. */
  readonly maxDurationDays?: number | undefined;
  /** `reject` (default): a row with an unreadable or impossible value is rejected; `null`: the value is emptied. */
  readonly onBadValue?: 'reject' | 'null' | undefined;
  /** Row rule 0: the years a creation may fall in (`--plausible-years`); DEFAULT_PLAUSIBLE_YEARS when absent. */
  readonly plausibleYears?: readonly [number, number] | undefined;
}

/**
 * The statement's row accounting: per verdict (`ok`, or `<issue code>:<column>` of the rejected),
 * the rows, those folded into a later row of the same id, and those kept with a value emptied.
 */
export function accountingStatement(dialectName: DialectName, source: SqlSource, options: RowOptions = {}): string {
  const d = DIALECT[dialectName];
  const ctes = new Ctes();
  rowSteps(d, source, options, [], ctes);
  ctes.add(
    'om_counts',
    'SELECT om_verdict, COUNT(*) AS om_n, SUM(CASE WHEN om_take > 1 THEN 1 ELSE 0 END) AS om_folded,\n' +
      "    SUM(CASE WHEN om_verdict = 'ok' THEN om_nulled ELSE 0 END) AS om_nulled_kept\n" +
      '  FROM om_rows LEFT JOIN (SELECT om_ord AS om_o, om_take FROM om_kept) k ON k.om_o = om_rows.om_ord\n' +
      '  GROUP BY om_verdict',
  );
  const columns = [
    `om_verdict AS ${d.ident('verdict')}`,
    `om_n AS ${d.ident('rows')}`,
    `COALESCE(om_folded, 0) AS ${d.ident('folded')}`,
    `COALESCE(om_nulled_kept, 0) AS ${d.ident('nulled')}`,
  ];
  return `${ctes}SELECT ${columns.join(', ')} FROM om_counts ORDER BY om_verdict`;
}

/**
 * The statement of the report's reconciliation (metrics/reconciliation.ts, calendar clock): for each
 * duration whose export column and timestamps the source has, over the tickets created in the window
 * [`windowStart`, `windowEnd`) with both values, n, the tickets within a minute, and the values at the
 * two ranks around the median of ours, theirs and |ours - theirs| (ms; R type 7 of p = 0.5, as the
 * report's medians). One row, the columns `<metric>_n`, `_within`, `_ours_lo`, `_ours_hi`, `_theirs_lo`,
 * `_theirs_hi`, `_diff_lo`, `_diff_hi`; null when no duration is compared.
 */
export function reconciliationStatement(
  dialectName: DialectName,
  source: SqlSource,
  options: RowOptions & TicketMetricOptions & { windowStart: number; windowEnd: number },
): { sql: string; compared: { metric: string; theirs: string }[] } | null {
  const d = DIALECT[dialectName];
  const q = (name: string) => d.ident(name);
  const compared = calendarReconciliations(new Set(Object.keys(source.fields)), options);
  if (compared.length === 0) return null;
  const ctes = new Ctes();
  rowSteps(d, source, options, [], ctes);
  const ctx = { dialect: d, options };
  const pairs = compared.map(
    (c, k) => `${sqlValue(c.ours, ctx)} AS om_o${k}, ${sqlValue(c.theirsBeforeAsOf, ctx)} AS om_h${k}`,
  );
  ctes.add(
    'om_w',
    `SELECT ${pairs.join(',\n    ')}\n  FROM om_t WHERE ${q('created')} >= ${options.windowStart} ` +
      `AND ${q('created')} < ${options.windowEnd}`,
  );
  const columns: string[] = [];
  compared.forEach((c, k) => {
    ctes.add(
      `om_p${k}`,
      `SELECT CAST(om_o${k} AS ${d.double}) AS om_o, CAST(om_h${k} AS ${d.double}) AS om_h,\n` +
        `    CAST(ABS(om_o${k} - om_h${k}) AS ${d.double}) AS om_d, COUNT(*) OVER () AS om_n\n` +
        `  FROM om_w WHERE om_o${k} IS NOT NULL AND om_h${k} IS NOT NULL`,
    );
    ctes.add(
      `om_q${k}`,
      'SELECT om_o, om_h, om_d, om_n, ROW_NUMBER() OVER (ORDER BY om_o) AS om_ro,\n' +
        '    ROW_NUMBER() OVER (ORDER BY om_h) AS om_rh, ROW_NUMBER() OVER (ORDER BY om_d) AS om_rd\n' +
        `  FROM om_p${k}`,
    );
    const rank = (r: string, v: string, edge: 'FLOOR' | 'CEIL') =>
      `MAX(CASE WHEN ${r} = ${edge}((om_n - 1) * 0.5) + 1 THEN ${v} END)`;
    const figures = [
      `COUNT(*) AS ${q(`${c.metric}_n`)}`,
      `SUM(CASE WHEN om_d <= 60000 THEN 1 ELSE 0 END) AS ${q(`${c.metric}_within`)}`,
      `${rank('om_ro', 'om_o', 'FLOOR')} AS ${q(`${c.metric}_ours_lo`)}`,
      `${rank('om_ro', 'om_o', 'CEIL')} AS ${q(`${c.metric}_ours_hi`)}`,
      `${rank('om_rh', 'om_h', 'FLOOR')} AS ${q(`${c.metric}_theirs_lo`)}`,
      `${rank('om_rh', 'om_h', 'CEIL')} AS ${q(`${c.metric}_theirs_hi`)}`,
      `${rank('om_rd', 'om_d', 'FLOOR')} AS ${q(`${c.metric}_diff_lo`)}`,
      `${rank('om_rd', 'om_d', 'CEIL')} AS ${q(`${c.metric}_diff_hi`)}`,
    ];
    ctes.add(`om_r${k}`, `SELECT ${figures.join(',\n    ')}\n  FROM om_q${k}`);
    columns.push(`om_r${k}.*`);
  });
  const from = compared.map((_, k) => `om_r${k}`).join(' CROSS JOIN ');
  return {
    sql: `${ctes}SELECT ${columns.join(', ')} FROM ${from}`,
    compared: compared.map(({ metric, theirs }) => ({ metric, theirs })),
  };
}

/** Builds the statement. Throws SqlUnsupported for options the SQL path cannot honour. */
export function reportStatement(
  dialectName: DialectName,
  source: SqlSource,
  metrics: readonly MetricDefinition[],
  options: SqlReportOptions,
): SqlStatement {
  const d = DIALECT[dialectName];
  if (options.clock?.kind === 'business') {
    throw new SqlUnsupported(
      'business hours (the SQL path counts calendar time only; leave out --hours and report.hours)',
      'business_hours',
    );
  }
  const q = (name: string) => d.ident(name);
  const present = new Set(Object.keys(source.fields) as TicketField[]);
  const { kept, skipped } = planMetrics(d, present, metrics, options);
  const groupKeys = options.by.map((b, k) => ({ ...b, column: `om_g${k}` }));
  const gcols = groupKeys.map((g) => q(g.column));
  const ctes = new Ctes();
  rowSteps(d, source, options, groupKeys, ctes, fieldsRead(kept, options));

  // 4. The window and as-of (report/build.ts): as-of given, else the window's end, else the minute
  //    after the latest instant; the window from the first creation unless given.
  const presentInstants = INSTANT_FIELDS.filter((f) => present.has(f));
  const latest = `(SELECT MAX(om_x) FROM (${presentInstants
    .map((f) => `SELECT MAX(${q(f)}) AS om_x FROM om_t`)
    .join(' UNION ALL ')}) om_m)`;
  const literal = (ms: number | null) => `CAST(${ms ?? 'NULL'} AS ${d.bigint})`;
  const asOf =
    `COALESCE(${literal(options.asOfGiven)}, ${literal(options.until)}, ` +
    `CAST(FLOOR(${latest} / CAST(60000 AS ${d.double})) AS ${d.bigint}) * 60000 + 60000, ${literal(options.since)}, 0)`;
  ctes.add('om_asof', `SELECT ${asOf} AS as_of`);
  ctes.add(
    'om_bounds',
    `SELECT as_of,\n    COALESCE(${literal(options.since)}, (SELECT MIN(${q('created')}) FROM om_t), as_of) ` +
      'AS om_ws,\n' +
      `    COALESCE(${literal(options.until)}, as_of) AS om_we\n  FROM om_asof`,
  );

  // 5. The derivations the cross-ticket steps read, as columns (the metrics write the others in place).
  const exprCtx = {
    dialect: d,
    options,
    column: (name: Ref) => (name === '$as_of' ? 'om_b.as_of' : q(columnName(name))),
  };
  const derived = ['resolved_at', 'sla.first_reply.done_at'].map(
    (name) => `${sqlValue({ op: 'ref', name }, exprCtx)} AS ${q(columnName(name))}`,
  );
  ctes.add(
    'om_d',
    `SELECT om_t.*, om_b.as_of, om_b.om_ws, om_b.om_we,\n    ${derived.join(',\n    ')}\n` +
      '  FROM om_t CROSS JOIN om_bounds om_b',
  );

  // 6. Repeat contacts (derive/repeat-contact.ts), per run of a customer (and category): a repeat
  //    when the run's previous ticket (by creation, then row order) opened within the window before,
  //    or a follow-up; a repeat after resolution when the run's first ticket created after the
  //    resolution is within the window after it (the running minimum over the run's later events).
  const windowMs = options.repeatWindowDays * DAY_MS;
  const runCols = options.repeatSame === 'category' ? [q('customer'), q('category')] : [q('customer')];
  ctes.add(
    'om_events',
    `SELECT ${runCols.join(', ')}, ${q('created')} AS om_at, 0 AS om_kind, ${q('created')} AS om_c, om_ord FROM om_d ` +
      `WHERE ${q('customer')} IS NOT NULL\n  UNION ALL\n  SELECT ${runCols.join(', ')}, ${q('resolved_at')}, 1, ` +
      `CAST(NULL AS ${d.bigint}), om_ord FROM om_d ` +
      `WHERE ${q('customer')} IS NOT NULL AND ${q('resolved_at')} IS NOT NULL`,
  );
  ctes.add(
    'om_next',
    `SELECT om_ord, om_kind, MIN(om_c) OVER (PARTITION BY ${runCols.join(', ')} ORDER BY om_at DESC, om_kind DESC ` +
      `ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS om_next_created\n  FROM om_events`,
  );
  const previous = `LAG(${q('created')}) OVER (PARTITION BY ${runCols.join(', ')} ORDER BY ${q('created')}, om_first)`;
  ctes.add(
    'om_prev',
    `SELECT *, CASE WHEN ${q('customer')} IS NULL THEN NULL ELSE ${previous} END AS om_previous FROM om_d`,
  );
  ctes.add(
    'om_r',
    `SELECT r.*,\n    CASE WHEN COALESCE(r.${q('follow_up')}, 0) = 1 ` +
      `OR r.om_previous >= r.${q('created')} - ${windowMs} ` +
      `THEN 1 ELSE 0 END AS ${q('is_repeat')},\n` +
      `    CASE WHEN n.om_next_created <= r.${q('resolved_at')} + ${windowMs} THEN 1 ELSE 0 END ` +
      `AS ${q('repeat_after_resolve')}\n` +
      `  FROM om_prev r LEFT JOIN (SELECT om_ord, om_next_created FROM om_next WHERE om_kind = 1) n\n` +
      '    ON n.om_ord = r.om_ord',
  );
  // 7. SLA verdicts (derive/sla.ts) on calendar targets looked up by priority key.
  const slaColumns = SLA_METRIC_NAMES.filter((m) => options.sla?.[m] !== undefined).map((m) =>
    slaColumnsOf(m, options.sla?.[m] as SlaTargets, d),
  );
  ctes.add('om_x', `SELECT om_r.*${slaColumns.map((c) => `,\n    ${c}`).join('')}\n  FROM om_r`);

  // 8. Periods (report/slicing.ts periodBuckets), groups with a ticket created in the window, cells.
  ctes.add('om_periods', periodsSql(d, options));
  ctes.add(
    'om_groups',
    groupKeys.length
      ? `SELECT DISTINCT ${gcols.join(', ')} FROM om_x WHERE ${q('created')} >= om_ws AND ${q('created')} < om_we`
      : 'SELECT 1 AS om_one',
  );
  ctes.add('om_cells', 'SELECT p.*, g.* FROM om_periods p CROSS JOIN om_groups g');
  ctes.add(
    'om_cohort',
    `SELECT p.om_start, t.*\n  FROM om_x t JOIN om_periods p ` +
      `ON t.${q('created')} >= p.om_start AND t.${q('created')} < p.om_end`,
  );
  const sameGroup = (a: string, b: string) =>
    groupKeys.length ? gcols.map((g) => `${a}.${g} IS NOT DISTINCT FROM ${b}.${g}`).join(' AND ') : 'TRUE';
  const keyCols = ['om_start', ...gcols];
  const joins: string[] = [];
  const joinCell = (name: string) =>
    joins.push(`LEFT JOIN ${name} ON c.om_start = ${name}.om_start AND ${sameGroup('c', name)}`);

  // 9. The metrics per cell.
  const rowCtx = { dialect: d, options, column: (name: Ref) => (name === '$as_of' ? 'as_of' : q(columnName(name))) };
  const sums: string[] = [];
  const outputs: string[] = [];
  let next = 0;
  /** The order statistics of `values` per cell (n, sum, min, max, the ranks of each quantile): a joined CTE. */
  const orderStatistics = (values: string, from: string): string => {
    const k = next++;
    ctes.add(
      `om_v${k}`,
      `SELECT ${keyCols.join(', ')}, CAST(om_val AS ${d.double}) AS om_val,\n` +
        `    ROW_NUMBER() OVER (PARTITION BY ${keyCols.join(', ')} ORDER BY om_val) AS om_rn,\n` +
        `    COUNT(*) OVER (PARTITION BY ${keyCols.join(', ')}) AS om_n\n` +
        `  FROM (SELECT ${keyCols.join(', ')}, ${values} AS om_val FROM ${from}) om_in WHERE om_val IS NOT NULL`,
    );
    // R type 7: the values at ranks floor((n - 1) p) and ceil((n - 1) p), interpolated below.
    const ranks = DURATION_FIGURES.flatMap(([name, p]) => [
      `MAX(CASE WHEN om_rn = FLOOR((om_n - 1) * ${p}) + 1 THEN om_val END) AS om_${name}_lo`,
      `MAX(CASE WHEN om_rn = CEIL((om_n - 1) * ${p}) + 1 THEN om_val END) AS om_${name}_hi`,
    ]);
    const s = ctes.add(
      `om_s${k}`,
      `SELECT ${keyCols.join(', ')}, MAX(om_n) AS om_n, SUM(om_val) AS om_sum, MIN(om_val) AS om_min, ` +
        `MAX(om_val) AS om_max,\n    ${ranks.join(',\n    ')}\n  FROM om_v${k} GROUP BY ${keyCols.join(', ')}`,
    );
    joinCell(s);
    return s;
  };
  /** R type 7 of the statistics CTE `s`: the two ranks around (n - 1) p, interpolated. */
  const quantileOf = (s: string, name: string, p: number) => {
    const h = `(CAST(${s}.om_n - 1 AS ${d.double}) * ${p})`;
    return `(${s}.om_${name}_lo + (${h} - FLOOR(${h})) * (${s}.om_${name}_hi - ${s}.om_${name}_lo))`;
  };
  const durationFigures = (values: string, from: string, unit: 'minutes' | 'hours', id: string) => {
    const s = orderStatistics(values, from);
    const scale = unit === 'hours' ? 3_600_000 : 60_000;
    const suffix = unit === 'hours' ? 'h' : 'min';
    const quantile = (name: string, p: number) => `${quantileOf(s, name, p)} / ${scale}`;
    outputs.push(
      `COALESCE(${s}.om_n, 0) AS ${q(`${id}_n`)}`,
      `${s}.om_sum / ${s}.om_n / ${scale} AS ${q(`${id}_mean_${suffix}`)}`,
      ...DURATION_FIGURES.map(([name, p]) => `${quantile(name, p)} AS ${q(`${id}_${name}_${suffix}`)}`),
      `${s}.om_min / ${scale} AS ${q(`${id}_min_${suffix}`)}`,
      `${s}.om_max / ${scale} AS ${q(`${id}_max_${suffix}`)}`,
    );
  };
  const rateOut = (id: string, num: string, den: string) =>
    outputs.push(
      `CASE WHEN COALESCE(${den}, 0) = 0 THEN NULL ` +
        `ELSE CAST(100 AS ${d.double}) * COALESCE(${num}, 0) / ${den} END AS ${q(`${id}_pct`)}`,
      `COALESCE(${num}, 0) AS ${q(`${id}_num`)}`,
      `COALESCE(${den}, 0) AS ${q(`${id}_den`)}`,
    );
  const countIf = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  for (const m of kept) {
    const rule = m.rule?.(options) ?? null;
    if (rule?.kind === 'duration') {
      durationFigures(sqlValue(rule.valueMs, rowCtx), 'om_cohort', m.unit ?? 'minutes', m.id);
      continue;
    }
    if (rule?.kind === 'stats') {
      // A total with its order statistics (metrics/summarize.ts summarizeStats): n, sum (0 without
      // values), mean, median, p90, p95, min, max, as the CSV's columns. The distribution over
      // buckets is a figure of the JSON report only; the SQL path leaves it out.
      const s = orderStatistics(sqlValue(rule.value, rowCtx), 'om_cohort');
      outputs.push(
        `COALESCE(${s}.om_n, 0) AS ${q(`${m.id}_n`)}`,
        `COALESCE(${s}.om_sum, 0) AS ${q(`${m.id}_sum`)}`,
        `${s}.om_sum / ${s}.om_n AS ${q(`${m.id}_mean`)}`,
        ...DURATION_FIGURES.map(([name, p]) => `${quantileOf(s, name, p)} AS ${q(`${m.id}_${name}`)}`),
        `${s}.om_min AS ${q(`${m.id}_min`)}`,
        `${s}.om_max AS ${q(`${m.id}_max`)}`,
      );
      continue;
    }
    const base = `om_f${sums.length}`;
    if (rule?.kind === 'rate') {
      const counted = sqlCond(rule.counted, rowCtx);
      sums.push(
        `${countIf(counted)} AS ${base}_den`,
        `${countIf(`${counted} AND ${sqlCond(rule.hit, rowCtx)}`)} AS ${base}_num`,
      );
      rateOut(m.id, `om_a.${base}_num`, `om_a.${base}_den`);
      continue;
    }
    if (rule?.kind === 'count') {
      sums.push(`${countIf(sqlCond(rule.counted, rowCtx))} AS ${base}`);
      outputs.push(`COALESCE(om_a.${base}, 0) AS ${q(m.id)}`);
      continue;
    }
    if (rule?.kind === 'total') {
      const value = sqlValue(rule.value, rowCtx);
      sums.push(`COUNT(${value}) AS ${base}_n`, `SUM(${value}) AS ${base}_sum`);
      outputs.push(
        `COALESCE(om_a.${base}_n, 0) AS ${q(`${m.id}_n`)}`,
        `COALESCE(om_a.${base}_sum, 0) AS ${q(`${m.id}_sum`)}`,
        `CASE WHEN COALESCE(om_a.${base}_n, 0) = 0 THEN NULL ` +
          `ELSE CAST(om_a.${base}_sum AS ${d.double}) / om_a.${base}_n END AS ${q(`${m.id}_mean`)}`,
      );
      continue;
    }
    const across = m.across?.(options);
    if (!across) continue;
    if (across.kind === 'distinct') {
      // The cohort's distinct values of a field, and those with a ticket the condition holds for.
      const key = q(columnName(across.key));
      sums.push(
        `COUNT(DISTINCT ${key}) AS ${base}_den`,
        `COUNT(DISTINCT CASE WHEN ${sqlCond(across.hit, rowCtx)} THEN ${key} END) AS ${base}_num`,
      );
      rateOut(m.id, `om_a.${base}_num`, `om_a.${base}_den`);
    } else if (across.kind === 'resolved_in_period') {
      // The group's tickets resolved in the period (any creation date) over the tickets created in it.
      const k = next++;
      const name = ctes.add(
        `om_c${k}`,
        `SELECT p.om_start, ${gcols.map((g) => `t.${g}`).join(', ')}${gcols.length ? ', ' : ''}COUNT(*) AS om_num\n` +
          `  FROM om_x t JOIN om_periods p\n` +
          `    ON t.${q('resolved_at')} >= p.om_start AND t.${q('resolved_at')} < p.om_end\n` +
          `  GROUP BY p.om_start${gcols.map((g) => `, t.${g}`).join('')}`,
      );
      joinCell(name);
      rateOut(m.id, `${name}.om_num`, 'om_a.om_created');
    } else {
      // The group's tickets open at the period's end (or at as-of, when earlier): created before it,
      // not resolved before it (with the resolution instant `solved` alone, not closed before it either:
      // metrics/backlog.ts).
      const at = 'CASE WHEN c.om_end < t.as_of THEN c.om_end ELSE t.as_of END';
      const closed = options.resolutionInstant === 'solved' ? ` AND NOT COALESCE(t.${q('closed')} < ${at}, FALSE)` : '';
      const open =
        `(SELECT c.om_start, ${gcols.map((g) => `c.${g}`).join(', ')}${gcols.length ? ', ' : ''}` +
        `${at} - t.${q('created')} AS om_age\n    FROM om_cells c JOIN om_x t ON ${sameGroup('c', 't')} ` +
        `AND t.${q('created')} < ${at} AND NOT COALESCE(t.${q('resolved_at')} < ${at}, FALSE)${closed}) om_o`;
      if (across.figure === 'age') {
        durationFigures('om_age', open, m.unit ?? 'hours', m.id);
      } else {
        const name = ctes.add(
          `om_c${next++}`,
          `SELECT ${keyCols.join(', ')}, COUNT(*) AS om_num FROM ${open} GROUP BY ${keyCols.join(', ')}`,
        );
        joinCell(name);
        outputs.push(`COALESCE(${name}.om_num, 0) AS ${q(m.id)}`);
      }
    }
  }
  ctes.add(
    'om_a',
    `SELECT ${keyCols.join(', ')}, COUNT(*) AS om_created${sums.map((s) => `,\n    ${s}`).join('')}\n` +
      `  FROM om_cohort GROUP BY ${keyCols.join(', ')}`,
  );
  joins.unshift(`LEFT JOIN om_a ON c.om_start = om_a.om_start AND ${sameGroup('c', 'om_a')}`);
  const select = [
    `c.om_label AS ${q('period')}`,
    `c.om_start AS ${q('period_start_ms')}`,
    `c.om_end AS ${q('period_end_ms')}`,
    `(SELECT as_of FROM om_asof) AS ${q('as_of_ms')}`,
    ...groupKeys.map((g) => `c.${q(g.column)} AS ${q(g.name)}`),
    ...outputs,
  ];
  const order = ['c.om_start', ...gcols.map((g) => `c.${g}`)];
  const sql =
    `${ctes}SELECT ${select.join(',\n  ')}\nFROM om_cells c\n  ${joins.join('\n  ')}\n` +
    `ORDER BY ${order.join(', ')}`;
  return { dialect: dialectName, preamble: d.preamble, sql, metrics: kept, skipped };
}

/** The verdict and lateness columns of one SLA metric: calendar targets looked up by priority keys. */
function slaColumnsOf(metric: SlaMetricName, targets: SlaTargets, d: Dialect): string {
  const q = (name: string) => d.ident(name);
  const all = [...targets.byPriority.values(), ...(targets.fallback ? [targets.fallback] : [])];
  if (all.some((t) => t.clock.kind !== 'calendar')) {
    throw new SqlUnsupported(
      `sla.${metric} targets in business hours (the SQL path counts calendar time only)`,
      'sla_clock',
    );
  }
  // derive/sla.ts priorityKeys: lower case, spaces collapsed; then the words after `3 - `.
  const key1 = `lower(trim(${d.collapseSpaces(q('priority'))}))`;
  const key2 = d.stripPrefix(key1, '^[0-9]+\\s*-\\s*');
  const cases = [...targets.byPriority.entries()];
  const fallback = targets.fallback?.targetMs ?? 'NULL';
  const target =
    `CASE WHEN ${q('priority')} IS NULL THEN ${fallback}` +
    cases.map(([key, t]) => ` WHEN ${key1} = ${d.text(key)} THEN ${t.targetMs}`).join('') +
    cases.map(([key, t]) => ` WHEN ${key2} = ${d.text(key)} THEN ${t.targetMs}`).join('') +
    ` ELSE ${fallback} END`;
  const done = metric === 'first_reply' ? q(columnName('sla.first_reply.done_at')) : q('resolved_at');
  const due = `(${q('created')} + ${target})`;
  // derive/sla.ts verdict codes: 0 no target, 1 pending, 2 met, 3 breached.
  const verdict =
    `CASE WHEN ${target} IS NULL THEN 0 WHEN ${done} IS NOT NULL THEN CASE WHEN ${done} <= ${due} THEN 2 ELSE 3 END ` +
    `WHEN ${due} < as_of THEN 3 ELSE 1 END`;
  const lateness =
    `CASE WHEN ${target} IS NULL THEN NULL WHEN ${done} IS NOT NULL THEN CASE WHEN ${done} <= ${due} THEN NULL ` +
    `ELSE ${done} - ${due} END WHEN ${due} < as_of THEN as_of - ${due} ELSE NULL END`;
  return (
    `${verdict} AS ${q(columnName(`sla.${metric}.verdict`))},\n` +
    `    ${lateness} AS ${q(columnName(`sla.${metric}.lateness_ms`))}`
  );
}

/** The report's periods: one over the window, or the calendar periods of the zone clipped to it. */
function periodsSql(d: Dialect, options: SqlReportOptions): string {
  const unit = options.period;
  if (unit === null) return `SELECT 'all' AS om_label, om_ws AS om_start, om_we AS om_end FROM om_bounds`;
  const zone = options.timezone;
  const first = d.trunc(d.toLocal(d.tsOf('om_ws'), zone), unit, options.weekStart);
  const last = d.toLocal(d.tsOf('om_we'), zone);
  const natural = d.msOf(d.fromLocal('om_local', zone));
  const [step, n] = unit === 'month' ? (['month', 1] as const) : (['day', unit === 'week' ? 7 : 1] as const);
  const following = d.msOf(d.fromLocal(d.add('om_local', step, n), zone));
  return (
    `SELECT om_label, CASE WHEN om_natural > om_ws THEN om_natural ELSE om_ws END AS om_start,\n` +
    `    CASE WHEN om_next < om_we THEN om_next ELSE om_we END AS om_end\n` +
    `  FROM (SELECT ${d.label('om_local', unit, options.weekStart)} AS om_label, ${natural} AS om_natural, ` +
    `${following} AS om_next, om_ws, om_we\n` +
    `    FROM om_bounds, ${d.series(first, last, unit, 'om_local', 'om_bounds')}) om_p\n` +
    `  WHERE om_natural < om_we AND om_we > om_ws\n` +
    `  UNION ALL SELECT 'all', om_ws, om_we FROM om_bounds WHERE NOT (om_we > om_ws)`
  );
}

/**
 * The source read once into a temporary table `name` (its fields typed, its bad-value checks as
 * 0/1 columns), and the source over that table: what an engine runs when several statements read
 * the same input (the accounting and the report), so that a CSV is parsed once. DuckDB spills such a
 * table to disk past its memory limit.
 */
export function materializedSource(
  dialectName: DialectName,
  source: SqlSource,
  name: string,
): { create: readonly string[]; source: SqlSource } {
  const d = DIALECT[dialectName];
  const q = d.ident;
  const columns: string[] = [];
  const fields: Record<string, string> = {};
  const extras: Record<string, string> = {};
  Object.entries(source.fields).forEach(([field, sql], k) => {
    columns.push(`${sql} AS ${q(`om_f${k}`)}`);
    fields[field] = q(`om_f${k}`);
  });
  Object.entries(source.extras).forEach(([key, sql], k) => {
    columns.push(`${sql} AS ${q(`om_e${k}`)}`);
    extras[key] = q(`om_e${k}`);
  });
  const badValues = (source.badValues ?? []).map((check, k) => {
    columns.push(`CASE WHEN ${check.cond} THEN 1 ELSE 0 END AS ${q(`om_b${k}`)}`);
    return { ...check, cond: `${q(`om_b${k}`)} = 1` };
  });
  const skip = (source.skip ?? []).map((rule, k) => {
    columns.push(`CASE WHEN ${rule.cond} THEN 1 ELSE 0 END AS ${q(`om_k${k}`)}`);
    return { ...rule, cond: `${q(`om_k${k}`)} = 1` };
  });
  columns.push(`${source.order} AS om_order`);
  return {
    create: [
      `DROP TABLE IF EXISTS ${q(name)}`,
      `CREATE TEMPORARY TABLE ${q(name)} AS SELECT ${columns.join(',\n  ')}\nFROM ${source.relation}`,
    ],
    source: { relation: q(name), fields, extras, order: 'om_order', badValues, skip },
  };
}
