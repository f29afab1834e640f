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
import { durationUnitMs, nullTest } from '../ingest/values.js';
import { applyZeroRules, breaksRule, instantRules } from '../ingest/row-rules.js';
import type { LanePlan } from '../ingest/normalize.js';
import type { TicketBuilder } from './ticket-builder.js';
import { copyBytes, idHashBytes, isWellFormed } from './ticket-ids.js';
import type { DimColumn, LazyText } from './ticket-table.js';

/** The lane of one file: the reader's plan, the sink, and the reader that takes any other row. */
export interface ByteLaneContext extends LanePlan {
  builder: TicketBuilder;
  read: (cells: readonly string[], line: number) => void;
}

type LaneField = LanePlan['fields'][number];

const SUPPORTED = new Set<MappedField['kind']>(['id', 'instant', 'duration', 'count', 'dim', 'subject', 'extra']);
const HASH = 0x23;

const QUICK_SIZE = 1 << 14;

/** The hash of a number given as its digits before the last nine and its last nine digits. */
function numberSlot(high: number, low: number): number {
  const h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/**
 * A 32-bit hash of `buf[s, e)`: four bytes per multiply, then a final mix so that the low bits (the
 * slot) depend on every byte.
 */
function bytesHash(buf: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(
      h ^
        ((buf[i] as number) |
          ((buf[i + 1] as number) << 8) |
          ((buf[i + 2] as number) << 16) |
          ((buf[i + 3] as number) << 24)),
      0x01000193,
    );
  }
  for (; i < e; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Interns dictionary values from bytes: an open-addressing table keyed by the bytes' hash in front of
 * the column's Dictionary, so a repeated value costs a hash and a byte compare, never a string.
 */
class ByteInterner implements LazyText {
  /** Pairs (code + 1, hash): probing compares hashes and reads the stored bytes only when they agree. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1024 - 1;
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256);
  private size = 0;
  /**
   * Slots (high digits, last nine digits, code, unused) of values written as canonical decimal numbers; high -1 marks
   * an empty slot.
   */
  private numbers = new Int32Array(4 * 1024).fill(-1);
  private numberCount = 0;
  /** Values in the byte table (`size` counts the numeric ones too). */
  private byteCount = 0;
  /** The number `readNumber` read last, as its digits before the last nine and its last nine. */
  private high = 0;
  private low = 0;
  /** Where `find` encodes the text it looks up. */
  private found = Buffer.alloc(256);

  constructor(private readonly column: DimColumn) {}

  /**
   * Codes by (length, first byte, last byte), last one seen: a low-cardinality column (status,
   * priority, team) is mostly answered here by one byte compare, without hashing. Turned off when it
   * misses more than it hits (requester ids all look alike).
   */
  private quick: Int32Array | undefined = new Int32Array(QUICK_SIZE);
  private quickHits = 0;
  private quickMisses = 0;

  code(buf: Buffer, s: number, e: number): number {
    const length = e - s;
    const quick = this.quick;
    let key = 0;
    if (quick !== undefined && length > 0) {
      key = ((length & 7) << 11) | (((buf[s] as number) & 0x7f) << 4) | ((buf[e - 1] as number) & 15);
      const known = (quick[key] as number) - 1;
      if (known >= 0 && this.lengths[known] === length) {
        const arena = this.arena;
        const at = (this.offsets[known] as number) - s;
        let i = s;
        while (i < e && arena[at + i] === buf[i]) i++;
        if (i === e) {
          this.quickHits++;
          return known;
        }
      }
      if (++this.quickMisses > 1024 && this.quickMisses > this.quickHits) this.quick = undefined;
    }
    let code = this.lookup(buf, s, e);
    if (code < 0) code = this.insert(buf, s, e);
    if (quick !== undefined && length > 0) quick[key] = code + 1;
    return code;
  }

  /** The code of `text` if this interner has seen it, else -1 (for {@link Dictionary.intern}). */
  find(text: string): number {
    // Values seen here come from valid UTF-8: a lone surrogate is none of them.
    if (text === '' || !isWellFormed(text)) return -1;
    // Encoded into a buffer kept for it (3 bytes per UTF-16 unit at most), not a new one per call.
    if (3 * text.length > this.found.length) this.found = Buffer.alloc(6 * text.length);
    return this.lookup(this.found, 0, this.found.write(text, 0, 'utf8'));
  }

  /**
   * `buf[s, e)` as a canonical decimal number (1 to 15 digits, no leading zero) into `high`/`low`; false for other
   * text.
   */
  private readNumber(buf: Buffer, s: number, e: number): boolean {
    const length = e - s;
    if (length < 1 || length > 15 || (buf[s] === 0x30 && length > 1)) return false;
    let high = 0;
    let low = 0;
    const split = Math.max(e - 9, s);
    for (let i = s; i < split; i++) {
      const d = (buf[i] as number) - 0x30;
      if (d < 0 || d > 9) return false;
      high = high * 10 + d;
    }
    for (let i = split; i < e; i++) {
      const d = (buf[i] as number) - 0x30;
      if (d < 0 || d > 9) return false;
      low = low * 10 + d;
    }
    this.high = high;
    this.low = low;
    return true;
  }

  /**
   * The code of the non-empty value `buf[s, e)` if seen, else -1. Values written as canonical
   * decimal numbers (ids of requesters, organizations) are looked up by the number, kept as two
   * small integers (the digits before the last nine, and the last nine), in a table of (high, low,
   * code) slots: one memory access where the byte table needs three, and no heap number per lookup.
   */
  private lookup(buf: Buffer, s: number, e: number): number {
    if (this.readNumber(buf, s, e)) {
      const numbers = this.numbers;
      const mask = (numbers.length >> 2) - 1;
      const high = this.high;
      const low = this.low;
      let slot = numberSlot(high, low) & mask;
      for (;;) {
        const stored = numbers[4 * slot] as number;
        if (stored === high && numbers[4 * slot + 1] === low) return numbers[4 * slot + 2] as number;
        if (stored < 0) return -1;
        slot = (slot + 1) & mask;
      }
    }
    const h = bytesHash(buf, s, e);
    const slots = this.slots;
    const mask = this.mask;
    const length = e - s;
    let slot = h & mask;
    for (;;) {
      const entry = slots[2 * slot] as number;
      if (entry === 0) return -1;
      if (slots[2 * slot + 1] === h) {
        const code = entry - 1;
        if (this.lengths[code] === length) {
          const arena = this.arena;
          const at = (this.offsets[code] as number) - s;
          let i = s;
          while (i < e && arena[at + i] === buf[i]) i++;
          if (i === e) return code;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Gives a value not seen yet its code (new to the dictionary too when every code is known here: its string can wait).
   */
  private insert(buf: Buffer, s: number, e: number): number {
    const dictionary = this.column.dictionary;
    const code =
      dictionary.size === this.size ? dictionary.addLazy(this) : dictionary.intern(buf.toString('utf8', s, e));
    this.store(code, buf, s, e);
    if (e > s && this.readNumber(buf, s, e)) {
      let numbers = this.numbers;
      let mask = (numbers.length >> 2) - 1;
      let slot = numberSlot(this.high, this.low) & mask;
      while ((numbers[4 * slot] as number) >= 0) slot = (slot + 1) & mask;
      numbers[4 * slot] = this.high;
      numbers[4 * slot + 1] = this.low;
      numbers[4 * slot + 2] = code;
      if (++this.numberCount * 2 > mask + 1) {
        const old = numbers;
        numbers = new Int32Array(old.length * 2).fill(-1);
        mask = (numbers.length >> 2) - 1;
        for (let j = 0; j < old.length; j += 4) {
          const high = old[j] as number;
          if (high < 0) continue;
          let at = numberSlot(high, old[j + 1] as number) & mask;
          while ((numbers[4 * at] as number) >= 0) at = (at + 1) & mask;
          numbers[4 * at] = high;
          numbers[4 * at + 1] = old[j + 1] as number;
          numbers[4 * at + 2] = old[j + 2] as number;
        }
        this.numbers = numbers;
      }
      return code;
    }
    const h = bytesHash(buf, s, e);
    let slot = h & this.mask;
    while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = code + 1;
    this.slots[2 * slot + 1] = h;
    if (++this.byteCount * 2 > this.mask + 1) this.rehash();
    return code;
  }

  /** The text of a code this interner added lazily. */
  text(code: number): string {
    const at = this.offsets[code] as number;
    return this.arena.toString('utf8', at, at + (this.lengths[code] as number));
  }

  /** Keeps the bytes of a code (its text, and what the quick cache compares). */
  private store(code: number, buf: Buffer, s: number, e: number): void {
    // A value interned earlier by the reference path is cached under its code now.
    if (code >= this.offsets.length) {
      const grow = (a: Int32Array) => {
        const next = new Int32Array(Math.max(code + 1, a.length * 2));
        next.set(a);
        return next;
      };
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
    }
    const length = e - s;
    if (this.used + length > this.arena.length) {
      const next = Buffer.alloc(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    copyBytes(buf, s, e, this.arena, this.used);
    this.offsets[code] = this.used;
    this.lengths[code] = length;
    this.used += length;
    this.size++;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = old.length - 1;
    for (let j = 0; j < old.length; j += 2) {
      const entry = old[j] as number;
      if (entry === 0) continue;
      const h = old[j + 1] as number;
      let slot = h & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = entry;
      slots[2 * slot + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

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
        : t.kind === 'duration'
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
  const subjects: (string | undefined)[] = plans.map(() => undefined);
  const classifyDim = plans.map(
    (f) => classifier !== undefined && f.target.kind === 'dim' && classifier.fields.has(f.target.field),
  );
  const extras = ctx.extraColumns.map((e) => ({ ...e, interner: new ByteInterner(e.dim) }));
  // The row rules (ingest/row-rules.ts) over the lane's values: a row breaking one goes to `read`, which reports it.
  const rules = instantRules(
    plans.map((f) => (f.target.kind === 'instant' ? f.target.field : undefined)),
    ctx.maxDurationDays,
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
        ? PassKind.instant
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
        subjects[j] = undefined;
        if (classifySubject && k < r.count) {
          const text = r.text(k).trim();
          if (!isNullText(text)) {
            subjects[j] = text;
            if (hasHash(r, k)) code = ctx.subjectCode(text);
          }
        } else if (k < r.count && hasHash(r, k)) {
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
        const ms = ctx.parseDate(text);
        if (Number.isNaN(ms)) return read(r.cells(), r.line);
        values[j] = ms;
      } else if (kind === Kind.duration) {
        const result = ctx.parseDuration(
          text,
          (plans[j] as LaneField).target as Extract<MappedField, { kind: 'duration' }>,
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
        if (classifyDim[j])
          classifier?.classify(row, dimFieldOf[j] as string, column.dictionary.values[value] as string);
      } else if (kind === Kind.subject) {
        if (orderRefColumn && value > 0) orderRefColumn.codes[row] = value;
        const text = subjects[j];
        if (classifier !== undefined && text !== undefined) classifier.classify(row, 'subject', text);
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
