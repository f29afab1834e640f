/**
 * The streaming path of the event fold (one file, cases in time order within it): each row is
 * folded into its case's state as it is read, and no event is kept, with one exception. A case whose
 * first row is not its `created` activity is folded tentatively as created at its first row (what the
 * buffered path does when no `created` activity exists), holding back its rows at the latest
 * timestamp; if a `created` activity comes later at time T, the rows before T are rejected as
 * `event_before_creation` and the case restarts at T with the held rows at T, exactly as the buffered
 * path orders and rejects them. Such a case keeps the line of each row (12 bytes) until it is
 * settled, and its rows at the latest timestamp unfolded.
 */
import { Column, grow, Pool } from '../../derive/events/arrays.js';
import { newFoldEvent, type FoldEvent } from '../../derive/events/event.js';
import { packFlags, unpackFlags } from './buffer.js';
import type { CaseFold } from './case-fold.js';

/** Slots of a held event before its case attributes: flags, group, status, agent, team, label. */
const HELD_SLOTS = 6;

export class StreamFold {
  /** The line and file of each row of a case not yet settled. */
  private readonly lines = new Pool(2);
  private readonly held: Pool;
  private pendingHead = new Int32Array(1024);
  private pendingTail = new Int32Array(1024);
  private pendingCount = new Int32Array(1024);
  private heldHead = new Int32Array(1024);
  private heldTail = new Int32Array(1024);
  private heldCount = new Int32Array(1024);
  private heldTime = new Float64Array(1024);
  /** Per case, the order in which it began (its first event came): the order its issues are reported in. */
  private begun = new Int32Array(1024);
  /** Cases begun so far (their first event folded). */
  begins = 0;
  /** `event_before_creation` rows, reported at the end in case order like the buffered path. */
  readonly rejectedCase = new Column(new Int32Array(64));
  readonly rejectedLine = new Column(new Float64Array(64));
  readonly rejectedFile = new Column(new Uint8Array(64));
  /** Rows handed to the streaming fold (for tests and diagnostics). */
  streamed = 0;
  /** The event held rows are replayed into. */
  private readonly replay: FoldEvent;

  constructor(
    private readonly cases: CaseFold,
    private readonly attributes: number,
  ) {
    this.held = new Pool(HELD_SLOTS + attributes);
    this.replay = newFoldEvent(attributes);
  }

  /** Makes room for rows up to `row`. */
  reserve(row: number): void {
    this.growCases(row);
  }

  private growCases(row: number): void {
    if (row < this.pendingHead.length) return;
    const c = Math.max(this.pendingHead.length * 2, row + 1);
    this.pendingHead = grow(this.pendingHead, c);
    this.pendingTail = grow(this.pendingTail, c);
    this.pendingCount = grow(this.pendingCount, c);
    this.heldHead = grow(this.heldHead, c);
    this.heldTail = grow(this.heldTail, c);
    this.heldCount = grow(this.heldCount, c);
    this.heldTime = grow(this.heldTime, c);
    this.begun = grow(this.begun, c);
  }

  /**
   * Folds one accepted row of case `row` (rows of a case arrive in time order). `opened`: the case's
   * creation from an opened-at column (NaN: none), read from its first row.
   */
  add(row: number, isNew: boolean, e: FoldEvent, created: boolean, line: number, opened: number, file = 0): void {
    const cases = this.cases;
    const t = e.at;
    this.streamed++;
    if (isNew) {
      this.growCases(row);
      this.begun[row] = this.begins++;
      const known = !Number.isNaN(opened);
      cases.begin(row, known ? opened : t, known || created);
      this.pendingHead[row] = -1;
      this.pendingTail[row] = -1;
      this.pendingCount[row] = 0;
      this.heldHead[row] = -1;
      this.heldTail[row] = -1;
      this.heldCount[row] = 0;
      this.heldTime[row] = t;
    } else if (!cases.isSettled(row) && created) {
      const rejected =
        t > (this.heldTime[row] as number)
          ? (this.pendingCount[row] as number)
          : (this.pendingCount[row] as number) - (this.heldCount[row] as number);
      if (rejected > 0) {
        let node = this.pendingHead[row] as number;
        for (let k = 0; k < rejected; k++, node = this.lines.next(node))
          this.reject(row, this.lines.value(node, 0), this.lines.value(node, 1));
        cases.begin(row, t, false, true);
      }
      // Held rows at T are kept (ties keep file order); rows before T were rejected above.
      if (t === this.heldTime[row]) this.flushHeld(row);
      else this.dropHeld(row);
      this.dropPending(row);
      cases.settle(row);
    }
    if (cases.isSettled(row)) {
      if (t < (cases.createdAt[row] as number)) {
        // Only with an opened-at column: a row earlier than the case's opening.
        this.reject(row, line, file);
        return;
      }
      cases.apply(row, e);
      return;
    }
    // Not settled: remember the line, fold what is older than `t`, and hold this row.
    const lineNode = this.lines.append(this.pendingTail[row] as number, line, file);
    if ((this.pendingHead[row] as number) < 0) this.pendingHead[row] = lineNode;
    this.pendingTail[row] = lineNode;
    this.pendingCount[row]!++;
    if (t !== this.heldTime[row]) {
      this.flushHeld(row);
      this.heldTime[row] = t;
    }
    const held = this.held;
    const node = held.append1(this.heldTail[row] as number, packFlags(e, false));
    held.set(node, 1, e.group);
    held.set(node, 2, e.status);
    held.set(node, 3, e.agent);
    held.set(node, 4, e.team);
    held.set(node, 5, e.label);
    for (let a = 1; a < this.attributes; a++) held.set(node, HELD_SLOTS + a, e.attributes[a] as number);
    if ((this.heldHead[row] as number) < 0) this.heldHead[row] = node;
    this.heldTail[row] = node;
    this.heldCount[row]!++;
  }

  private reject(row: number, line: number, file: number): void {
    this.rejectedCase.push(row);
    this.rejectedLine.push(line);
    this.rejectedFile.push(file);
  }

  /** Folds the held rows of a case (all at `heldTime`) and empties the hold. */
  private flushHeld(row: number): void {
    const held = this.held;
    const e = this.replay;
    const t = this.heldTime[row] as number;
    for (let node = this.heldHead[row] as number; node >= 0; node = held.next(node)) {
      e.at = t;
      unpackFlags(e, held.value(node, 0));
      e.group = held.value(node, 1);
      e.status = held.value(node, 2);
      e.agent = held.value(node, 3);
      e.team = held.value(node, 4);
      e.label = held.value(node, 5);
      e.attributes[0] = e.team;
      for (let a = 1; a < this.attributes; a++) e.attributes[a] = held.value(node, HELD_SLOTS + a);
      this.cases.apply(row, e);
    }
    this.dropHeld(row);
  }

  private dropHeld(row: number): void {
    this.held.release(this.heldHead[row] as number);
    this.heldHead[row] = -1;
    this.heldTail[row] = -1;
    this.heldCount[row] = 0;
  }

  private dropPending(row: number): void {
    this.lines.release(this.pendingHead[row] as number);
    this.pendingHead[row] = -1;
    this.pendingTail[row] = -1;
    this.pendingCount[row] = 0;
  }

  /**
   * Folds what is still held; returns the rows found before their case's creation, in the order the
   * cases began (one file: case order, as the buffered path reports them; several files merged as
   * they stream: the order of their first events, whichever file was read ahead), then input order
   * (= time order within the case).
   */
  finish(n: number): { row: number; line: number; file: number }[] {
    for (let i = 0; i < n; i++) {
      if (this.cases.isSettled(i)) continue;
      this.flushHeld(i);
      this.dropPending(i);
    }
    const rows = this.rejectedCase.view();
    const lines = this.rejectedLine.view();
    const files = this.rejectedFile.view();
    const begun = this.begun;
    const order = Array.from(rows.keys()).sort(
      (a, b) => (begun[rows[a] as number] as number) - (begun[rows[b] as number] as number) || a - b,
    );
    return order.map((k) => ({ row: rows[k] as number, line: lines[k] as number, file: files[k] as number }));
  }
}
