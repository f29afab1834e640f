/**
 * Case attributes, a fold step of the event log (docs/events.md, "Case attributes"): priority,
 * channel, customer, category, the team at creation, and the extra columns asked for with `--by`,
 * each taken from the first event of the case that has a value (`first`, the default: the case as
 * it was opened) or the last one (`last`: the case as it ended), in the case's time order.
 *
 * Pure: `apply` reads its arguments and writes only case `i`'s slots of this state.
 */
import { grow } from './arrays.js';

export type AttributePolicy = 'first' | 'last';

export class CaseAttributes {
  /** Per attribute, the code of each case's value (0: none). */
  codes: Uint32Array[];

  constructor(
    count: number,
    private readonly policy: AttributePolicy = 'first',
  ) {
    this.codes = Array.from({ length: count }, () => new Uint32Array(0));
  }

  grow(capacity: number): void {
    this.codes = this.codes.map((column) => grow(column, capacity));
  }

  /** (Re)starts case `i` (`restart`: it was begun before, its slots are not zero). */
  begin(i: number, restart: boolean): void {
    if (restart) for (const column of this.codes) column[i] = 0;
  }

  /**
   * Folds the attribute codes (0: no value) of the next event of case `i`.
   * @example const a = new CaseAttributes(1, 'first'); a.grow(1); a.begin(0, false);
   * for (const code of [0, 5, 7]) a.apply(0, Uint32Array.of(code)); a.codes[0][0] // 5
   */
  apply(i: number, values: Uint32Array): void {
    const codes = this.codes;
    const first = this.policy === 'first';
    for (let a = 0; a < codes.length; a++) {
      const value = values[a] as number;
      if (value === 0) continue;
      const column = codes[a] as Uint32Array;
      if (!first || column[i] === 0) column[i] = value;
    }
  }
}
