/**
 * Interned texts: a dimension's values are coded once (0 is "missing"), and a column holds a code
 * per row. A reader that holds a value's bytes can add it lazily (the fast engine's byte lane).
 */

export interface LazyText {
  text(code: number): string;
  /** The code this source gave `text`, or -1. */
  find(text: string): number;
}

/**
 * Interns strings: code 0 is "missing", codes 1..n index `values`. A reader that holds a value's
 * bytes can add it with `addLazy` and have its string made only when someone reads the values (a
 * million-ticket export has some 170,000 requester ids that no report prints); interning a string
 * asks that reader for it rather than making every pending string.
 */
export class Dictionary {
  /** Values by code; `undefined` for codes whose string `lazy` has not given yet. */
  private readonly list: (string | undefined)[] = [''];
  private readonly codes = new Map<string, number>();
  /** How many codes have no string yet, and the lowest of them. */
  private lazyCount = 0;
  private lazyFrom = 0;
  private lazy: LazyText | undefined;

  /** Every value by code (index 0 is the empty "missing" entry). */
  get values(): string[] {
    if (this.lazyCount > 0) this.materialize();
    return this.list as string[];
  }

  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined && this.lazyCount > 0) {
      const found = (this.lazy as LazyText).find(value);
      if (found >= 0) {
        // Its string is at hand: kept, the next intern of it is one Map lookup (rows the byte lane
        // hands to the reference reader intern the same few team or status values again and again).
        if (this.list[found] === undefined) {
          this.list[found] = value;
          this.codes.set(value, found);
          this.lazyCount--;
        }
        return found;
      }
    }
    if (code === undefined) {
      code = this.list.length;
      this.list.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /**
   * A new code for a value that `source.text(code)` gives when needed. The caller must know that no
   * code has this value yet (it has seen every code this dictionary gave out).
   */
  addLazy(source: LazyText): number {
    if (this.lazy !== source && this.lazyCount > 0) this.materialize();
    this.lazy = source;
    const code = this.list.length;
    this.list.push(undefined);
    if (this.lazyCount === 0) this.lazyFrom = code;
    this.lazyCount++;
    return code;
  }

  private materialize(): void {
    const source = this.lazy as LazyText;
    for (let code = this.lazyFrom; code < this.list.length; code++) {
      if (this.list[code] !== undefined) continue;
      const value = source.text(code);
      this.list[code] = value;
      this.codes.set(value, code);
    }
    this.lazyCount = 0;
  }

  /** The string for a code, or null for code 0 (made for this code alone when it is still pending). */
  value(code: number): string | null {
    if (code === 0 || code >= this.list.length) return null;
    return this.list[code] ?? (this.lazy as LazyText).text(code);
  }

  get size(): number {
    return this.list.length - 1;
  }
}

export class DimColumn {
  readonly dictionary = new Dictionary();
  codes: Uint32Array;
  /** A new column of `capacity` missing codes, or over the given codes array. */
  constructor(codes: number | Uint32Array) {
    this.codes = typeof codes === 'number' ? new Uint32Array(codes) : codes;
  }
}
