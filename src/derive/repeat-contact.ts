/**
 * Repeat contacts (industry CRR), computed across tickets: a ticket is a repeat when the same
 * customer (and category, with `repeatSame`) opened another ticket in the window before it, or when
 * it is a follow-up of a closed ticket (Zendesk `Via: Closed ticket`). From plain typed arrays, so
 * that the same function runs in the main thread or on a second one (engine/repeat-flags.ts).
 */
import type { ComputedDerivation } from './types.js';

/** What the flags are computed from: the first `n` entries of each array. */
export interface RepeatInputs {
  n: number;
  created: Float64Array;
  /** Customer code per ticket, 0 for none. */
  customer: Uint32Array;
  /** Distinct customer codes (the dictionary's size): codes are below this + 1. */
  customers: number;
  /** Category code per ticket when repeats must share the category, else null. */
  category: Uint32Array | null;
  /** Distinct category codes + 1. */
  categories: number;
  /** 1 when the row is a follow-up of a closed ticket. */
  followUp: Uint8Array;
  /** When each ticket was resolved before as-of, else NaN (TicketContext.resolvedAt). */
  resolvedAt: Float64Array;
  /** Tickets ascending by (creation, file order), or null when a creation instant is NaN. */
  byCreated: Int32Array | null;
  windowMs: number;
  /** Working arrays made ahead (n entries each, any content), else made here. */
  work?: RepeatWork | undefined;
}

/** The working arrays of {@link computeRepeatFlags}, n entries each. */
export interface RepeatWork {
  run: Int32Array;
  position: Int32Array;
  runCreated: Float64Array;
  nextCreated: Float64Array;
}

/**
 * Repeat contacts, written into `isRepeat` and `repeatAfterResolve` (n entries each, zero on entry).
 * A ticket is a repeat when it is a follow-up of a closed ticket, or when the same customer (and
 * category, with repeatSame) opened another ticket in [created - window, created); simultaneous
 * tickets count the later one in file order as the repeat. Tickets without a customer cannot be
 * linked and are never repeats unless they are follow-ups. `repeatAfterResolve`: the same customer
 * opened a later ticket within the window after this one was resolved.
 */
export function computeRepeatFlags(inputs: RepeatInputs, isRepeat: Uint8Array, repeatAfterResolve: Uint8Array): void {
  const { n, created, customer, category, categories, followUp, resolvedAt, byCreated, windowMs } = inputs;
  const keyOf = (i: number): number => {
    const c = customer[i] as number;
    return c === 0 ? -1 : category !== null ? c * categories + (category[i] as number) : c;
  };
  // Each ticket's run number (-1: no customer) and the runs' sizes, counted in runStart[run + 1]. The
  // keys themselves when few enough (codes are below their dictionary's size + 1), else numbered anew.
  const bound = (inputs.customers + 1) * (category !== null ? categories : 1);
  const work = inputs.work;
  const run = work?.run ?? new Int32Array(n);
  let runs = bound;
  let runStart: Int32Array;
  if (bound <= 2 * n + 65_536) {
    runStart = new Int32Array(runs + 1);
    for (let i = 0; i < n; i++) {
      const key = keyOf(i);
      run[i] = key;
      if (key >= 0) runStart[key + 1] = (runStart[key + 1] as number) + 1;
      if (followUp[i] === 1) isRepeat[i] = 1;
    }
  } else {
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = keyOf(i);
      let id = key < 0 ? -1 : ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      run[i] = id;
      if (followUp[i] === 1) isRepeat[i] = 1;
    }
    runs = ids.size;
    runStart = new Int32Array(runs + 1);
    for (let i = 0; i < n; i++) {
      const r = run[i] as number;
      if (r >= 0) runStart[r + 1] = (runStart[r + 1] as number) + 1;
    }
  }
  for (let r = 0; r < runs; r++) runStart[r + 1] = (runStart[r + 1] as number) + (runStart[r] as number);
  // A run: its tickets by (created, file order). Visiting the tickets in `order` meets every run in
  // that order (interleaved with the others when `order` is by creation alone).
  let order = byCreated;
  if (order === null) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => keyOf(a) - keyOf(b) || (created[a] as number) - (created[b] as number) || a - b);
  }
  // Each run's creation times side by side (runs one after the other); where each ticket sits in them.
  const runCreated = work?.runCreated ?? new Float64Array(runStart[runs] as number);
  const position = work?.position ?? new Int32Array(n);
  // The creation time of the next ticket in the run (set for every ticket but a run's last).
  const nextCreated = work?.nextCreated ?? new Float64Array(n);
  // Per run, side by side: where its next ticket goes in runCreated, and its last ticket so far (-1: none).
  const cursor = new Int32Array(2 * runs);
  for (let r = 0; r < runs; r++) {
    cursor[2 * r] = runStart[r] as number;
    cursor[2 * r + 1] = -1;
  }
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    const r = run[i] as number;
    if (r < 0) continue;
    const q = cursor[2 * r] as number;
    const previous = cursor[2 * r + 1] as number;
    const c = created[i] as number;
    if (previous >= 0) {
      // The same customer's previous ticket, opened within the window before this one.
      if ((runCreated[q - 1] as number) >= c - windowMs) isRepeat[i] = 1;
      nextCreated[previous] = c;
    }
    runCreated[q] = c;
    position[i] = q;
    cursor[2 * r] = q + 1;
    cursor[2 * r + 1] = i;
  }
  // Repeat after resolve: the first later ticket of the run opened after the resolution, within the window.
  for (let i = 0; i < n; i++) {
    const r = run[i] as number;
    const resolved = resolvedAt[i] as number;
    if (r < 0 || Number.isNaN(resolved)) continue;
    const runEnd = runStart[r + 1] as number;
    let lo = (position[i] as number) + 1;
    if (lo === runEnd) continue;
    // Runs ascend by creation (no NaN when ordered by creation): the next ticket, if opened after the resolution, is
    // the first.
    let first = nextCreated[i] as number;
    if (byCreated === null || !(first > resolved)) {
      let hi = runEnd;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((runCreated[mid] as number) > resolved) hi = mid;
        else lo = mid + 1;
      }
      if (lo === runEnd) continue;
      first = runCreated[lo] as number;
    }
    if (first <= resolved + windowMs) repeatAfterResolve[i] = 1;
  }
}

/** Both flags, n entries each. */
export interface RepeatFlags {
  isRepeat: Uint8Array;
  repeatAfterResolve: Uint8Array;
}

const DAY_MS = 86_400_000;

/**
 * `is_repeat` and `repeat_after_resolve` (1 or 0 per ticket), from the tickets' creation, customer,
 * category, follow-up flags and `resolved_at`. The engine computes them on a second thread for a
 * large table; this is what either computes.
 */
export const repeatContacts: ComputedDerivation = {
  provides: {
    is_repeat:
      'the customer opened another ticket in the window before this one, or it is a follow-up of a closed ticket',
    repeat_after_resolve: 'the customer opened another ticket within the window after this one was resolved',
  },
  reads: ['resolved_at'],
  compute: ({ tickets, options, values }) => {
    const n = tickets.length;
    const customer = tickets.dims.get('customer');
    const category = tickets.dims.get('category');
    const flags = { isRepeat: new Uint8Array(n), repeatAfterResolve: new Uint8Array(n) };
    computeRepeatFlags(
      {
        n,
        created: tickets.instants.created,
        customer: customer?.codes ?? new Uint32Array(n),
        customers: customer?.dictionary.size ?? 0,
        category: options.repeatSame === 'category' ? (category?.codes ?? new Uint32Array(n)) : null,
        categories: (category?.dictionary.size ?? 0) + 1,
        followUp: tickets.followUp,
        resolvedAt: values('resolved_at'),
        byCreated: null,
        windowMs: options.repeatWindowDays * DAY_MS,
      },
      flags.isRepeat,
      flags.repeatAfterResolve,
    );
    return { is_repeat: flags.isRepeat, repeat_after_resolve: flags.repeatAfterResolve };
  },
};
