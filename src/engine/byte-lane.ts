/**
 * The row reader's byte lane, used by the fast CSV engine: the common row (a new id, every mapped
 * value clean and valid) goes from bytes straight into the ticket table. Any other row (an issue, a
 * duplicate id, an escaped or padded cell, a value a byte check cannot decide) is handed whole to the
 * reference `read` of normalize.ts, so each rule and each issue has one implementation.
 *
 * Built once per file by `createRowReader`, which owns the parsing functions it passes in.
 */
import { NextByte, type ByteRecord } from './byte-record.js';
import { CellState, createCellPass, PassKind, type CellPlan } from './cell-pass.js';
import type { MappedField } from '../ingest/fields.js';
import type { ColumnDates } from '../ingest/date-columns.js';
import { durationUnitMs, nullTest } from '../ingest/values.js';
import { applyZeroRules, breaksRule, instantRules } from '../ingest/row-rules.js';
import type { LanePlan } from '../ingest/normalize.js';
import type { TicketBuilder } from './ticket-builder.js';
import { ByteInterner } from './byte-interner.js';
import { idHashBytes } from './ticket-ids.js';
import type { DimColumn } from './ticket-table.js';
import { SubjectPass, type SubjectPlan } from './subject-pass.js';
import type { FieldResult } from '../complaints/classifier.js';
import type { LaneClassifier } from '../ingest/sink.js';

/** The lane of one file: the reader's plan, the sink, and the reader that takes any other row. */
export interface ByteLaneContext extends LanePlan {
  builder: TicketBuilder;
  read: (cells: readonly string[], line: number) => void;
}

type LaneField = LanePlan['fields'][number];

const SUPPORTED = new Set<MappedField['kind']>([
  'id',
  'instant',
  'duration',
  'count',
  'dim',
  'subject',
  'extra',
  'number',
]);
const HASH = 0x23;

const enum Kind {
  instant = 0,
  duration = 1,
  count = 2,
  dim = 3,
  subject = 4,
  skip = 5,
}

/**
 * The byte lane's per-record function and the plan of its cell pass (which the reading thread runs
 * ahead when there is one), or undefined when every row must go to `read`.
 */
export function createByteLane(
  ctx: ByteLaneContext,
): { readBytes: (record: ByteRecord) => void; cellPlan: CellPlan } | undefined {
  if (!ctx.fields.every((f) => SUPPORTED.has(f.target.kind))) return undefined;
  const nullTokens = [...ctx.nulls].filter((t) => t !== '').map((t) => Buffer.from(t, 'utf8'));
  if (nullTokens.some((t) => t.some((b) => b >= 0x80))) return undefined;
  const isNullText = nullTest(ctx.nulls);
  const longestNullText = Math.max(0, ...[...ctx.nulls].map((t) => t.length));
  const { builder, read } = ctx;
  const table = builder.table;
  const idField = ctx.fields.find((f) => f.target.kind === 'id');
  const plans = ctx.fields.filter((f) => f.target.kind !== 'id' && f.target.kind !== 'extra');
  const n = plans.length;
  const kinds = new Uint8Array(n);
  const columns = Int32Array.from(plans, (f) => f.column);
  /** Milliseconds per unit of each duration field read as a plain number (0: `hms` or not a duration). */
  const unitMs = new Float64Array(n);
  plans.forEach((f, j) => {
    const t = f.target;
    if (t.kind === 'duration' && t.unit !== 'hms') unitMs[j] = durationUnitMs(t.unit);
    // A configured metric's number: plain digits times its unit (1 for a plain number), as a duration is read.
    if (t.kind === 'number') unitMs[j] = t.unitMs ?? 1;
  });
  const values = new Float64Array(n);
  const interners: (ByteInterner | undefined)[] = [];
  /** Per code of the follow-up field's column: 1 a follow-up value, 0 not, -1 not looked up yet. */
  let followUpByCode = new Int8Array(64).fill(-1);
  let createdIndex = -1;
  plans.forEach((f, j) => {
    const t = f.target;
    kinds[j] =
      t.kind === 'instant'
        ? Kind.instant
        : t.kind === 'duration' || t.kind === 'number'
          ? Kind.duration
          : t.kind === 'count'
            ? Kind.count
            : t.kind === 'dim'
              ? Kind.dim
              : Kind.subject;
    if (t.kind === 'instant' && t.field === 'created') createdIndex = j;
    const column = t.kind === 'dim' ? ctx.dimColumns.get(t.field) : undefined;
    if (t.kind === 'dim' && column === undefined) kinds[j] = Kind.skip;
    interners.push(column && t.kind === 'dim' && t.field !== 'requester_email' ? new ByteInterner(column) : undefined);
  });
  if (createdIndex < 0) return undefined;
  const classifier = ctx.classifier;
  const classifySubject = classifier?.fields.has('subject') === true;
  // A subject's classes by its bytes (subject-pass.ts): help-desk subjects recur (templates, forms),
  // and a hit costs a hash and a compare where the text would be decoded, folded and scanned. When no
  // digit can change the classes (and no null token holds one), subjects that differ only in their
  // order numbers, dates or counts share one entry.
  const subjectResults: (FieldResult | undefined)[] = plans.map(() => undefined);
  const subjectSlots = new Int32Array(n).fill(-1);
  const subjectPlan: SubjectPlan | undefined =
    classifier === undefined || !classifySubject
      ? undefined
      : {
          columns: [],
          nulls: [...ctx.nulls],
          classes: classifier.plan.classes,
          explain: classifier.plan.explain,
          digitBlind:
            classifier.digitBlind.has('subject') && !nullTokens.some((t) => t.some((b) => b >= 0x30 && b <= 0x39)),
        };
  plans.forEach((f, j) => {
    if (subjectPlan === undefined || kinds[j] !== Kind.subject) return;
    subjectSlots[j] = subjectPlan.columns.length;
    subjectPlan.columns.push(f.column);
  });
  // The lane's own pass, made when a record comes without the reading thread's numbers.
  let subjectPass: SubjectPass | undefined;
  const ownSubjectPass = (): SubjectPass =>
    (subjectPass ??= new SubjectPass(subjectPlan as SubjectPlan, (text) =>
      (classifier as LaneClassifier).resultOf('subject', text, false),
    ));
  const classifyDim = plans.map(
    (f) => classifier !== undefined && f.target.kind === 'dim' && classifier.fields.has(f.target.field),
  );
  const dimResults = plans.map((): (FieldResult | null | undefined)[] => []);
  const extras = ctx.extraColumns.map((e) => ({ ...e, interner: new ByteInterner(e.dim) }));
  // The row rules (ingest/row-rules.ts) over the lane's values: a row breaking one goes to `read`, which reports it.
  const rules = instantRules(
    plans.map((f) => (f.target.kind === 'instant' ? f.target.field : undefined)),
    ctx.maxDurationDays,
    ctx.plausibleYears,
  );
  const orderRefColumn = ctx.dimColumns.get('order_ref');
  const dimColumnOf = plans.map((f) => (f.target.kind === 'dim' ? ctx.dimColumns.get(f.target.field) : undefined));
  const dimFieldOf = plans.map((f) => (f.target.kind === 'dim' ? f.target.field : undefined));
  const followUpIndex =
    ctx.followUp === undefined
      ? -1
      : plans.findIndex(
          (f, j) => f.target.kind === 'dim' && f.target.field === ctx.followUp?.field && kinds[j] === Kind.dim,
        );
  const followUpValues = ctx.followUp?.values;
  /** The array each numeric field is written to, looked up again when the table replaces its arrays (`layout`). */
  const numericColumns: (Float64Array | Int32Array | undefined)[] = plans.map(() => undefined);
  let layout = -1;
  const resolveColumns = (): void => {
    plans.forEach((f, j) => {
      const t = f.target;
      numericColumns[j] =
        t.kind === 'instant'
          ? table.instants[t.field]
          : t.kind === 'duration'
            ? table.durations[t.field]
            : t.kind === 'count'
              ? table.counts[t.field]
              : t.kind === 'number'
                ? table.numbers.get(t.name)
                : undefined;
    });
    layout = table.layout;
  };

  // The cell pass: the id first, then every field but subjects and skipped ones.
  const passIndex = new Int32Array(n).fill(-1);
  const cellPlan: CellPlan = {
    columns: [],
    kinds: [],
    unitMs: [],
    nullTokens: nullTokens.map((t) => t.toString('latin1')),
    isoZone: ctx.isoZone,
    maxDurationDays: ctx.maxDurationDays,
    subjects: subjectPlan,
  };
  const planCell = (column: number, kind: PassKind, ms = 0): number => {
    cellPlan.columns.push(column);
    cellPlan.kinds.push(kind);
    cellPlan.unitMs.push(ms);
    return cellPlan.columns.length - 1;
  };
  const idSlot = idField === undefined ? -1 : planCell(idField.column, PassKind.state);
  plans.forEach((f, j) => {
    const kind = kinds[j] as number;
    if (kind === Kind.subject || kind === Kind.skip) return;
    passIndex[j] = planCell(
      f.column,
      kind === Kind.instant
        ? f.dates?.isoOnly === true
          ? PassKind.instant
          : PassKind.text
        : kind === Kind.count
          ? PassKind.count
          : kind === Kind.duration
            ? (unitMs[j] as number) > 0
              ? PassKind.duration
              : PassKind.text
            : PassKind.state,
      unitMs[j],
    );
  });
  const cellPass = createCellPass(cellPlan);
  const m = cellPlan.columns.length;
  const ownStates = new Uint8Array(m);
  const ownValues = new Float64Array(m);

  const byId = builder.byId;
  const hashes = new NextByte(HASH);
  /** Whether cell k of the record holds a `#`. */
  const hasHash = (r: ByteRecord, k: number): boolean => {
    const at = hashes.find(r.buf, r.starts[r.first + k] as number);
    return at >= 0 && at < (r.ends[r.first + k] as number);
  };
  let idHash = 0;
  const readBytes = (r: ByteRecord): void => {
    const buf = r.buf;
    // The cell pass's results: from the reading thread with the record, else computed here.
    let states = r.cellStates;
    let cellValues = r.cellValues;
    let at = r.cellAt;
    if (states === undefined || cellValues === undefined) {
      cellPass.pass(r, ownStates, ownValues, 0);
      states = ownStates;
      cellValues = ownValues;
      at = 0;
    }
    if (idField !== undefined) {
      const k = idField.column;
      if (states[at + idSlot] !== CellState.ready) return read(r.cells(), r.line);
      const s = r.starts[r.first + k] as number;
      const e = r.ends[r.first + k] as number;
      idHash = idHashBytes(buf, s, e);
      if (byId.findBytes(idHash, buf, s, e) >= 0) return read(r.cells(), r.line);
    }
    for (let j = 0; j < n; j++) {
      const kind = kinds[j] as number;
      if (kind === Kind.skip) continue;
      const k = columns[j] as number;
      if (kind === Kind.subject) {
        // Order references start with "#": a subject without one has none, whatever its quoting.
        let code = 0;
        subjectResults[j] = undefined;
        if (k >= r.count) {
          values[j] = code;
          continue;
        }
        if (subjectPlan !== undefined) {
          // The reading thread's result number when it ran the pass, else this lane's.
          const ids = r.subjectIds;
          if (ids === undefined) {
            const own = ownSubjectPass();
            const id = own.classify(r, k);
            if (id >= 0) subjectResults[j] = own.results[id];
          } else {
            const id = ids[r.subjectAt + (subjectSlots[j] as number)] as number;
            if (id >= 0) subjectResults[j] = r.subjectResults[id];
          }
        }
        if (hasHash(r, k)) {
          // Mostly from the bytes: a subject too long to be a null token (3 bytes per character at
          // most), without doubled quotes, whose references need no decoding.
          const s = r.starts[r.first + k] as number;
          const e = r.ends[r.first + k] as number;
          code = e - s > 3 * longestNullText && r.escaped[r.first + k] === 0 ? ctx.subjectCodeBytes(buf, s, e) : -1;
          if (code < 0) {
            const text = r.text(k).trim();
            code = isNullText(text) ? 0 : ctx.subjectCode(text);
          }
        }
        values[j] = code;
        continue;
      }
      const p = at + (passIndex[j] as number);
      const state = states[p] as number;
      if (state === CellState.undecided) return read(r.cells(), r.line);
      if (state === CellState.null) {
        if (j === createdIndex) return read(r.cells(), r.line);
        values[j] = NaN;
        continue;
      }
      if (kind === Kind.dim) {
        const interner = interners[j];
        if (interner === undefined) return read(r.cells(), r.line);
        values[j] = interner.code(buf, r.starts[r.first + k] as number, r.ends[r.first + k] as number);
        continue;
      }
      if (state === CellState.ready) {
        values[j] = cellValues[p] as number;
        continue;
      }
      const s = r.starts[r.first + k] as number;
      const e = r.ends[r.first + k] as number;
      // Dates and numbers are ASCII when valid: latin1 decoding is exact for them, and any other
      // byte makes the parser fail and the row take the reference path.
      const text = buf.toString('latin1', s, e);
      if (kind === Kind.instant) {
        const ms = ((plans[j] as LaneField).dates as ColumnDates).parse(text);
        if (Number.isNaN(ms)) return read(r.cells(), r.line);
        values[j] = ms;
      } else if (kind === Kind.duration) {
        const result = ctx.parseDuration(
          text,
          (plans[j] as LaneField).target as Extract<MappedField, { kind: 'duration' | 'number' }>,
        );
        if (!result.ok) return read(r.cells(), r.line);
        values[j] = result.value;
      } else {
        const result = ctx.parseCount(text);
        if (!result.ok) return read(r.cells(), r.line);
        values[j] = result.value;
      }
    }
    if (breaksRule(values, rules)) return read(r.cells(), r.line);

    const row =
      idField === undefined
        ? table.addRow(`${ctx.file}:${r.line}`, r.line)
        : table.addRowBytes(
            buf,
            r.starts[r.first + idField.column] as number,
            r.ends[r.first + idField.column] as number,
            r.line,
          );
    if (layout !== table.layout) resolveColumns();
    for (let j = 0; j < n; j++) {
      const kind = kinds[j] as number;
      const value = values[j] as number;
      if (kind <= Kind.count) {
        if (!Number.isNaN(value)) (numericColumns[j] as Float64Array | Int32Array)[row] = value;
      } else if (kind === Kind.dim) {
        if (Number.isNaN(value)) continue;
        const column = dimColumnOf[j] as DimColumn;
        column.codes[row] = value;
        if (j === followUpIndex) {
          if (value >= followUpByCode.length) {
            const grown = new Int8Array(Math.max(value + 1, 2 * followUpByCode.length)).fill(-1);
            grown.set(followUpByCode);
            followUpByCode = grown;
          }
          let flag = followUpByCode[value] as number;
          if (flag < 0)
            followUpByCode[value] = flag = (followUpValues as ReadonlySet<string>).has(
              (column.dictionary.value(value) as string).toLowerCase(),
            )
              ? 1
              : 0;
          if (flag === 1) table.followUp[row] = 1;
        }
        if (classifyDim[j]) {
          // A dimension's value has one result, kept by its code: null when it matches no class.
          const results = dimResults[j] as (FieldResult | null | undefined)[];
          let result = results[value];
          if (result === undefined) {
            const field = dimFieldOf[j] as string;
            const found = (classifier as LaneClassifier).resultOf(
              field,
              column.dictionary.values[value] as string,
              false,
            );
            results[value] = result = found.mask === 0 ? null : found;
          }
          if (result !== null) (classifier as LaneClassifier).apply(row, dimFieldOf[j] as string, result);
        }
      } else if (kind === Kind.subject) {
        if (orderRefColumn && value > 0) orderRefColumn.codes[row] = value;
        const result = subjectResults[j];
        if (result !== undefined) (classifier as LaneClassifier).apply(row, 'subject', result);
      }
    }
    applyZeroRules(table, row, ctx.zeroRules);
    for (const x of extras) {
      const state = cellPass.nullState(r, x.column);
      if (state === CellState.ready)
        x.dim.codes[row] = x.interner.code(
          buf,
          r.starts[r.first + x.column] as number,
          r.ends[r.first + x.column] as number,
        );
      else if (state === CellState.undecided) {
        const text = r.text(x.column).trim();
        if (!isNullText(text)) x.dim.codes[row] = x.dim.dictionary.intern(text);
      }
    }
    builder.counts.accepted++;
    if (idField !== undefined) byId.setHashed(row, idHash);
  };
  return { readBytes, cellPlan };
}
