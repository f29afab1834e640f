/**
 * The byte lane's first look at a record's mapped cells: for each, whether it is null, clean or
 * beyond what bytes can decide, and the value of timestamps and plain numbers. Plain data in, plain
 * arrays out, so that the fast CSV engine's reading thread (scan-worker.ts) can run it on the
 * records it finds while the main thread builds tickets from earlier ones; without that thread the
 * lane runs it itself. Either way the results are the same function of the cell's bytes.
 */
import { isCleanCell, type ByteRecord, type CellPlan } from './byte-record.js';

export type { CellPlan } from './byte-record.js';
import { compileIsoByteParser } from '../calendar/iso.js';
import { DEFAULT_MAX_DURATION_DAYS, maxDurationMs } from '../ingest/values.js';

/** What the pass does with a cell. */
export const enum PassKind {
  /** Null or clean only (dimensions, the id). */
  state = 0,
  /** A timestamp, parsed from bytes when the input's timestamps are ISO 8601 (`isoZone` set). */
  instant = 1,
  /** A duration: plain digits times `unitMs`, up to the sanity limit. */
  duration = 2,
  /** A count: plain digits. */
  count = 3,
  /** A value only its text parser reads (a duration in `hms`): clean cells are left to the lane. */
  text = 4,
}

/** A cell's state after the pass. */
export const enum CellState {
  /** Clean and not null; `values` holds its value if it is an instant or a number. */
  ready = 0,
  /** Null (empty, or a null token). */
  null = 1,
  /**
   * Bytes cannot decide it (padding, escaped quotes, a KELVIN SIGN) or its value is not valid: the reference reader
   * takes the row.
   */
  undecided = 2,
  /** Clean and not null, but not in a form the pass reads (`1,234`, a date format): the lane parses its text. */
  text = 3,
}

export interface CellPass {
  /** Fills `states[at + i]` and `values[at + i]` for every planned cell i of record `r`. */
  pass(r: ByteRecord, states: Uint8Array, values: Float64Array, at: number): void;
  /** The state of input column `k` of `r`, {@link CellState} `ready`, `null` or `undecided`. */
  nullState(r: ByteRecord, k: number): CellState;
}

export function createCellPass(plan: CellPlan): CellPass {
  const nullTokens = plan.nullTokens.map((t) => Buffer.from(t, 'latin1'));
  const longestNull = Math.max(0, ...nullTokens.map((t) => t.length));
  // KELVIN SIGN (3 bytes) lower-cases to an ASCII "k": only then can a cell's byte length differ
  // from its lower-cased text's, and only a token with a "k" can be its match.
  const kelvinMatters = nullTokens.some((t) => t.includes(0x6b));
  /** The null tokens by byte length. */
  const tokensByLength: Buffer[][] = [];
  for (let length = 0; length <= 3 * longestNull; length++)
    tokensByLength.push(nullTokens.filter((t) => t.length === length));
  const parseDateBytes = plan.isoZone === undefined ? undefined : compileIsoByteParser(plan.isoZone);
  const longest = maxDurationMs(plan.maxDurationDays ?? DEFAULT_MAX_DURATION_DAYS);
  const columns = Int32Array.from(plan.columns);
  const kinds = Uint8Array.from(plan.kinds);
  const unitMs = Float64Array.from(plan.unitMs);
  const m = columns.length;

  const nullState = (r: ByteRecord, k: number): CellState => {
    if (k >= r.count) return CellState.null;
    if (!isCleanCell(r, k)) return CellState.undecided;
    const s = r.starts[r.first + k] as number;
    const e = r.ends[r.first + k] as number;
    const length = e - s;
    if (length === 0) return CellState.null;
    if (length > 3 * longestNull) return CellState.ready;
    const buf = r.buf;
    if (kelvinMatters) {
      for (let i = s; i < e; i++) {
        if (buf[i] === 0xe2 && buf[i + 1] === 0x84 && buf[i + 2] === 0xaa) return CellState.undecided;
      }
    }
    const tokens = tokensByLength[length] as Buffer[];
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t] as Buffer;
      let i = 0;
      while (i < length) {
        let b = buf[s + i] as number;
        if (b >= 65 && b <= 90) b += 32;
        if (b !== token[i]) break;
        i++;
      }
      if (i === length) return CellState.null;
    }
    return CellState.ready;
  };

  const pass = (r: ByteRecord, states: Uint8Array, values: Float64Array, at: number): void => {
    const buf = r.buf;
    for (let i = 0; i < m; i++) {
      const k = columns[i] as number;
      let state = nullState(r, k);
      let value = NaN;
      const kind = kinds[i] as number;
      if (state === CellState.ready && kind !== PassKind.state) {
        const s = r.starts[r.first + k] as number;
        const e = r.ends[r.first + k] as number;
        if (kind === PassKind.text) state = CellState.text;
        else if (kind === PassKind.instant) {
          if (parseDateBytes === undefined) state = CellState.text;
          else {
            value = parseDateBytes(buf, s, e);
            if (Number.isNaN(value)) state = CellState.undecided;
          }
        } else if (e - s > 15) state = CellState.text;
        else {
          // Plain digits, the form of almost every exported count and duration: their value is the
          // number parseDecimal reads (exact below 2^53), without a string.
          let v = 0;
          let p = s;
          for (; p < e; p++) {
            const d = (buf[p] as number) - 0x30;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
          }
          if (p < e) state = CellState.text;
          // Over nine digits a count may pass the 32-bit limit: parseCount decides (and reports).
          else if (kind === PassKind.count) {
            if (e - s > 9) state = CellState.text;
            else value = v;
          } else {
            value = v * (unitMs[i] as number);
            // A duration over the sanity limit is an issue the reference reader reports.
            if (value > longest) state = CellState.undecided;
          }
        }
      }
      states[at + i] = state;
      values[at + i] = value;
    }
  };

  return { pass, nullState };
}
