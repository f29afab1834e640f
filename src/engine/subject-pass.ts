/**
 * The byte lane's complaint classes of subjects, by their bytes: each record's subject cells get the
 * number of their result (the classes found and the rules that matched) in a table of distinct
 * results, or -1 when no class matched (or the subject is null or missing). A subject's bytes are
 * looked up in a bounded memo (byte-memo.ts), and only a subject not met lately is decoded and
 * classified. Plain data in, numbers out, so that the fast CSV engine's reading thread
 * (scan-worker.ts) runs it on the records it finds, as it runs the cell pass, and the main thread only
 * applies the results; without that thread the lane runs it itself. Either way the numbers are the
 * same function of the cell's bytes and the results those of `ComplaintClassifier.resultOf`.
 */
import type { FieldResult } from '../complaints/classifier.js';
import { nullTest } from '../ingest/values.js';
import type { ByteRecord, SubjectPlan } from './byte-record.js';

export type { SubjectPlan } from './byte-record.js';
import { ByteMemo } from './byte-memo.js';

/** Bounds of each subject memo, per generation (two): distinct subjects and their bytes (at most 4 x 9 MB). */
const SUBJECT_MEMO_LIMIT = 1 << 16;
const SUBJECT_MEMO_BYTES = 1 << 23;

export class SubjectPass {
  /** The distinct results, by number. */
  readonly results: FieldResult[] = [];
  /** The results sent to the main thread so far (the reading thread's count). */
  sent = 0;
  private readonly isNullText: (text: string) => boolean;
  /** Escaped cells (doubled quotes) have their own memo: their bytes are not their text. */
  private readonly memos: ByteMemo<number>[];
  /** A result's number by its classes and rules (without explanations: equal results share one). */
  private readonly numbers = new Map<string, number>();
  readonly columns: Int32Array;

  constructor(
    readonly plan: SubjectPlan,
    /** The result of a trimmed, non-null subject (`ComplaintClassifier.resultOf('subject', text, false)`). */
    private readonly resultOf: (text: string) => FieldResult,
  ) {
    this.isNullText = nullTest(new Set(plan.nulls));
    this.memos = [0, 1].map(() => new ByteMemo<number>(SUBJECT_MEMO_LIMIT, SUBJECT_MEMO_BYTES, plan.digitBlind));
    this.columns = Int32Array.from(plan.columns);
  }

  /** Fills `ids[at + i]` with the result number of subject cell i of record `r` (-1: no class). */
  pass(r: ByteRecord, ids: Int32Array, at: number): void {
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) ids[at + i] = this.classify(r, columns[i] as number);
  }

  /** The result number of cell `k` of `r`, -1 when no class matched. */
  classify(r: ByteRecord, k: number): number {
    if (k >= r.count) return -1;
    const memo = this.memos[r.escaped[r.first + k] === 1 ? 1 : 0] as ByteMemo<number>;
    const buf = r.buf;
    const s = r.starts[r.first + k] as number;
    const e = r.ends[r.first + k] as number;
    let id = memo.get(buf, s, e);
    if (id === undefined) {
      const text = r.text(k).trim();
      // A null subject and one no class matches both leave the row as it is.
      const result = this.isNullText(text) ? null : this.resultOf(text);
      id = result === null || result.mask === 0 ? -1 : this.number(result);
      memo.set(buf, s, e, id);
    }
    return id;
  }

  private number(result: FieldResult): number {
    if (this.plan.explain) {
      this.results.push(result);
      return this.results.length - 1;
    }
    const key = `${result.mask}:${result.hits.join(',')}`;
    let id = this.numbers.get(key);
    if (id === undefined) {
      id = this.results.length;
      this.results.push(result);
      this.numbers.set(key, id);
    }
    return id;
  }
}

/**
 * The classifier of a plan's subjects on a thread of its own: the plan's classes compiled again, in
 * the same order, so that the bits and rule counters are those of the main thread's classifier.
 */
export async function planClassifier(plan: SubjectPlan): Promise<(text: string) => FieldResult> {
  const [{ ComplaintClassifier }, { compileComplaintClasses }] = await Promise.all([
    import('../complaints/classifier.js'),
    import('../complaints/rules.js'),
  ]);
  const classes = compileComplaintClasses({
    replace_defaults: true,
    classes: Object.fromEntries(plan.classes.map((c) => [c.name, { any: c.any, fields: c.fields }])),
  });
  const classifier = new ComplaintClassifier(classes, { explain: plan.explain });
  return (text) => classifier.resultOf('subject', text, false) as FieldResult;
}
