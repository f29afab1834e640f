/**
 * Conversations from reply links (docs/events.md): chat, e-mail and social exports without a case id
 * give each message its id and the id of the message it answers. A conversation is everything that
 * hangs off one root message; its case id is the root's id. Ids written as floats by spreadsheet
 * tools (`3.0`) equal the integer (`3`). A reply whose parent is not in the input (an orphan) starts
 * a conversation of its own; a cycle of replies (a -> b -> a) is broken at its earliest message,
 * which becomes the root. Both are counted and reported, never dropped.
 */
import { grow } from '../../derive/events/arrays.js';

/**
 * A message id as compared: trimmed, and a whole number written with a zero fraction (`3.0`, `17.00`)
 * read as the whole number.
 * @example normalizeMessageId(' 3.0 ') // '3'
 * @example normalizeMessageId('A-3.0') // 'A-3.0'
 */
export function normalizeMessageId(text: string): string {
  const id = text.trim();
  const dot = id.indexOf('.');
  if (dot <= 0) return id;
  for (let k = dot + 1; k < id.length; k++) if (id.charCodeAt(k) !== 0x30) return id;
  const whole = id.slice(0, dot);
  return /^-?\d+$/.test(whole) ? whole : id;
}

/** How the conversations were built (JSON `input.conversations`). */
export interface ConversationAccounting {
  messages: number;
  conversations: number;
  /** Replies whose parent is not in the input: each starts its own conversation. */
  orphans: number;
  /** Reply cycles, each broken at its earliest message. */
  cycles: number;
}

/** What `resolve` found beside the roots: the orphans and the messages each cycle was broken at. */
export interface ThreadFindings {
  /** Root message of each message (by message index; -1 for ids only named as a parent). */
  root: Int32Array;
  orphans: number[];
  /** Per cycle, the message it was broken at and the parent its link named. */
  cycles: { message: number; parent: string }[];
}

export class ReplyThreads {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];
  private parent = new Int32Array(1024).fill(-1);
  /** The earliest time and first read position of each message (NaN: only named as a parent). */
  private firstAt = new Float64Array(1024).fill(NaN);
  private firstSeen = new Float64Array(1024);
  private count = 0;

  /** The index of id `id` (normalized), made when new. */
  private node(id: string): number {
    let node = this.index.get(id);
    if (node === undefined) {
      node = this.count++;
      this.index.set(id, node);
      this.ids.push(id);
      if (node === this.parent.length) {
        const size = node * 2;
        this.parent = grow(this.parent, size).fill(-1, node);
        this.firstAt = grow(this.firstAt, size).fill(NaN, node);
        this.firstSeen = grow(this.firstSeen, size);
      }
    }
    return node;
  }

  /**
   * Records a message (its id and, when it answers one, its parent's id; both as read) seen at `at`,
   * the `seen`-th row read; returns the message's index. A message id read twice is one message (its
   * first parent kept).
   */
  message(id: string, parentId: string, at: number, seen: number): number {
    const m = this.node(normalizeMessageId(id));
    if (Number.isNaN(this.firstAt[m] as number) || at < (this.firstAt[m] as number)) this.firstAt[m] = at;
    if (this.firstSeen[m] === 0) this.firstSeen[m] = seen + 1;
    const parent = normalizeMessageId(parentId);
    if (parent !== '' && this.parent[m] === -1) {
      const p = this.node(parent);
      if (p !== m) this.parent[m] = p;
    }
    return m;
  }

  private isMessage(node: number): boolean {
    return !Number.isNaN(this.firstAt[node] as number);
  }

  /** Whether message `a` came before message `b` (time, then reading order). */
  private before(a: number, b: number): boolean {
    const ta = this.firstAt[a] as number;
    const tb = this.firstAt[b] as number;
    return ta < tb || (ta === tb && (this.firstSeen[a] as number) < (this.firstSeen[b] as number));
  }

  /**
   * The root of every message, following parents up; the orphans and the cycles' break points.
   * @example const t = new ReplyThreads(); t.message('1', '', 0, 0); t.message('2', '1.0', 1, 1);
   * t.resolve().root // Int32Array.of(0, 0)
   */
  resolve(): ThreadFindings {
    const n = this.count;
    const root = new Int32Array(n).fill(-1);
    const state = new Uint8Array(n);
    const orphans: number[] = [];
    const cycles: ThreadFindings['cycles'] = [];
    const path: number[] = [];
    for (let m = 0; m < n; m++) {
      if (!this.isMessage(m) || state[m] === 2) continue;
      path.length = 0;
      let x = m;
      let r: number;
      for (;;) {
        if (state[x] === 2) {
          r = root[x] as number;
          break;
        }
        if (state[x] === 1) {
          // A cycle: the messages on the path from x on. Its earliest message becomes the root.
          let earliest = x;
          for (let k = path.indexOf(x); k < path.length; k++) if (this.before(path[k]!, earliest)) earliest = path[k]!;
          cycles.push({ message: earliest, parent: this.parentId(earliest) });
          this.parent[earliest] = -1;
          r = earliest;
          break;
        }
        state[x] = 1;
        path.push(x);
        const p = this.parent[x] as number;
        if (p < 0) {
          r = x;
          break;
        }
        if (!this.isMessage(p)) {
          orphans.push(x);
          r = x;
          break;
        }
        x = p;
      }
      for (const y of path) {
        root[y] = r;
        state[y] = 2;
      }
    }
    return { root, orphans, cycles };
  }

  /** The reading position (`seen`) of message `m`'s first row. */
  firstEvent(m: number): number {
    return (this.firstSeen[m] as number) - 1;
  }

  /** The id a parent link of message `m` names (for messages), as normalized. */
  parentId(m: number): string {
    const p = this.parent[m] as number;
    return p < 0 ? '' : (this.ids[p] as string);
  }
}
