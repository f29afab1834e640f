/**
 * Variants, a fold step of the event log (docs/events.md, "Variants"): the sequence of activity
 * labels of each case, every event in time order, repeats kept and nothing cut (pm4py's
 * `get_variants`). Sequences are stored once in a trie shared by all cases (a node per distinct
 * prefix); a case holds the node of its sequence so far. Collapsing repeats, cutting long sequences
 * and the rework counts are read off the finished sequences (metrics/events/variants.ts).
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slot and the trie's new nodes.
 */
import { grow } from './arrays.js';

/** A trie of label sequences: node 0 is the empty sequence; each other node has a parent and a label. */
export class LabelTrie {
  /** Parent and label of each node. */
  private parents = new Int32Array(1024);
  private labels = new Uint32Array(1024);
  private nodes = 1;
  /** Open addressing (parent, label) -> child + 1, 0 empty. */
  private slots = new Int32Array(2048);
  private mask = 2047;

  get size(): number {
    return this.nodes;
  }

  parent(node: number): number {
    return node === 0 ? -1 : (this.parents[node] as number);
  }

  label(node: number): number {
    return this.labels[node] as number;
  }

  /**
   * The node of `node`'s sequence followed by `label`, made when new.
   * @example const trie = new LabelTrie(); trie.child(trie.child(0, 4), 7) === trie.child(trie.child(0, 4), 7) // true
   */
  child(node: number, label: number): number {
    let slot = hash(node, label) & this.mask;
    for (;;) {
      const found = this.slots[slot] as number;
      if (found === 0) break;
      const child = found - 1;
      if (this.parents[child] === node && this.labels[child] === label) return child;
      slot = (slot + 1) & this.mask;
    }
    const child = this.nodes++;
    if (child === this.parents.length) {
      this.parents = grow(this.parents, child * 2);
      this.labels = grow(this.labels, child * 2);
    }
    this.parents[child] = node;
    this.labels[child] = label;
    this.slots[slot] = child + 1;
    if (this.nodes * 2 > this.mask) this.rehash();
    return child;
  }

  /** The labels of `node`'s sequence, first to last. */
  sequence(node: number): number[] {
    const labels: number[] = [];
    for (let at = node; at > 0; at = this.parents[at] as number) labels.push(this.labels[at] as number);
    return labels.reverse();
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let child = 1; child < this.nodes; child++) {
      let slot = hash(this.parents[child] as number, this.labels[child] as number) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = child + 1;
    }
  }
}

function hash(node: number, label: number): number {
  let h = Math.imul(node ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(label + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

export class Variants {
  /** Node of each case's sequence in `trie`. */
  node = new Int32Array(0);
  readonly trie = new LabelTrie();

  grow(capacity: number): void {
    this.node = grow(this.node, capacity);
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slot is not zero). */
  begin(i: number, restart: boolean): void {
    if (restart) this.node[i] = 0;
  }

  /**
   * Folds the label (0: none, passed over) of the next event of case `i`.
   * @example const v = new Variants(); v.grow(1); v.begin(0, false);
   * for (const label of [1, 2, 2, 3]) v.apply(0, label); v.trie.sequence(v.node[0]) // [1, 2, 2, 3]
   */
  apply(i: number, label: number): void {
    if (label !== 0) this.node[i] = this.trie.child(this.node[i] as number, label);
  }
}
