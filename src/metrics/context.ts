import type { TicketTable } from '../model/ticket.js';
import type { TicketContext, TicketMetricOptions } from './types.js';

const DAY_MS = 86_400_000;

/** Sorts ticket indices by (key, created, file order); returns the order and the run boundaries. */
function orderByKey(keys: Float64Array, created: Float64Array, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || (created[a] as number) - (created[b] as number) || a - b);
  return order;
}

/**
 * Derives per-ticket values once: resolution instants, duration sources, repeat flags.
 * Pure: reads the table, returns new arrays.
 */
export function createTicketContext(table: TicketTable, options: TicketMetricOptions): TicketContext {
  const n = table.length;
  const { created, first_reply, first_solved, solved, closed } = table.instants;
  const { first_reply_duration, first_resolution_duration, full_resolution_duration } = table.durations;
  const reopens = table.counts.reopens;
  const { asOf, recompute } = options;
  const resolvedAt = new Float64Array(n);
  const frtMs = new Float64Array(n);
  const resolutionFirstMs = new Float64Array(n);
  const resolutionFullMs = new Float64Array(n);
  const pick = (vendor: number, stamps: number) => (recompute ? (Number.isNaN(stamps) ? vendor : stamps) : Number.isNaN(vendor) ? stamps : vendor);
  // A duration only counts when the event happened before as-of: the report is a snapshot at as-of.
  const until = (c: number, d: number) => (c + d < asOf ? d : NaN);

  for (let i = 0; i < n; i++) {
    const c = created[i] as number;
    const stampResolved = Number.isNaN(solved[i] as number) ? (closed[i] as number) : (solved[i] as number);
    const fullVendor = full_resolution_duration[i] as number;
    resolvedAt[i] = Number.isNaN(stampResolved) ? c + fullVendor : stampResolved;
    frtMs[i] = until(c, pick(first_reply_duration[i] as number, (first_reply[i] as number) - c));
    const full = pick(fullVendor, stampResolved - c);
    resolutionFullMs[i] = until(c, full);
    // Without a first-solved time, the last resolution is also the first one only if the ticket was never reopened.
    let firstStamp = (first_solved[i] as number) - c;
    if (Number.isNaN(firstStamp) && (reopens[i] as number) <= 0) firstStamp = stampResolved - c;
    resolutionFirstMs[i] = until(c, pick(first_resolution_duration[i] as number, firstStamp));
    if (!(resolvedAt[i]! < asOf)) resolvedAt[i] = NaN;
  }

  const { isRepeat, repeatAfterResolve } = repeatFlags(table, options, resolvedAt);
  const source = (vendorField: 'first_reply_duration' | 'first_resolution_duration' | 'full_resolution_duration', stamps: string) => {
    const vendor = table.present.has(vendorField);
    if (vendor && (!recompute || stamps === '')) return recompute ? 'export duration column (no timestamps to recompute from)' : 'export duration column, timestamps where it is empty';
    if (vendor) return 'timestamps (--recompute), export duration column where timestamps are missing';
    return stamps === '' ? 'unavailable' : `timestamps: ${stamps}`;
  };
  const has = (f: 'first_reply' | 'solved' | 'closed' | 'first_solved') => table.present.has(f);
  return {
    table,
    options,
    resolvedAt,
    frtMs,
    resolutionFirstMs,
    resolutionFullMs,
    isRepeat,
    repeatAfterResolve,
    sources: {
      frt: source('first_reply_duration', has('first_reply') ? 'first reply - created' : ''),
      resolution_first: source('first_resolution_duration', has('first_solved') ? 'first solved - created' : has('solved') || has('closed') ? 'solved (else closed) - created, when never reopened' : ''),
      resolution_full: source('full_resolution_duration', has('solved') || has('closed') ? 'solved (else closed) - created' : ''),
    },
    scratch: new Float64Array(Math.max(16, n)),
  };
}

/**
 * Repeat contacts. A ticket is a repeat when it is a follow-up of a closed ticket, or when the same
 * customer (and category, with repeatSame) opened another ticket in [created - window, created);
 * simultaneous tickets count the later one in file order as the repeat. Tickets without a customer
 * cannot be linked and are never repeats unless they are follow-ups.
 */
function repeatFlags(table: TicketTable, options: TicketMetricOptions, resolvedAt: Float64Array) {
  const n = table.length;
  const created = table.instants.created;
  const customer = table.dims.get('customer')!.codes;
  const category = table.dims.get('category')!;
  const categories = category.dictionary.size + 1;
  const windowMs = options.repeatWindowDays * DAY_MS;
  const isRepeat = new Uint8Array(n);
  const repeatAfterResolve = new Uint8Array(n);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = customer[i] as number;
    keys[i] = c === 0 ? -1 : options.repeatSame === 'category' ? c * categories + (category.codes[i] as number) : c;
  }
  const order = orderByKey(keys, created, n);
  let runStart = 0;
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    if (table.followUp[i] === 1) isRepeat[i] = 1;
    const key = keys[i] as number;
    if (p > 0 && keys[order[p - 1] as number] !== key) runStart = p;
    if (key < 0) continue;
    if (p > runStart) {
      const prev = order[p - 1] as number;
      if ((created[prev] as number) >= (created[i] as number) - windowMs) isRepeat[i] = 1;
    }
  }
  // Runs again for the tickets opened after each resolution: binary search in the customer's run.
  let runEnd = 0;
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    const key = keys[i] as number;
    if (p >= runEnd) {
      runEnd = p + 1;
      while (runEnd < n && keys[order[runEnd] as number] === key) runEnd++;
    }
    if (key < 0) continue;
    const resolved = resolvedAt[i] as number;
    if (Number.isNaN(resolved)) continue;
    let lo = p + 1;
    let hi = runEnd;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((created[order[mid] as number] as number) > resolved) hi = mid;
      else lo = mid + 1;
    }
    if (lo < runEnd && (created[order[lo] as number] as number) <= resolved + windowMs) repeatAfterResolve[i] = 1;
  }
  return { isRepeat, repeatAfterResolve };
}
