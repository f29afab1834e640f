/**
 * Repeat-contact flags, from plain typed arrays so that the same function runs in the main thread or
 * on a second one (repeat-thread.ts) while the main thread computes the other metrics.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spareArray, type SpareMemory } from './spare.js';
import type { EngineOptions } from './options.js';

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
    // Runs ascend by creation (no NaN when ordered by creation): the next ticket, if opened after the resolution, is the first.
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

/** What the second thread gets, as its one message: the inputs and the outputs, in shared memory. */
export interface RepeatThreadData extends RepeatInputs {
  isRepeat: Uint8Array;
  repeatAfterResolve: Uint8Array;
}

/** The second thread's own data (workerData), from its start on. */
export interface RepeatThreadStart {
  /** Int32 [state]: 0 waiting for its work, 3 running, 1 done, 2 failed; the thread notifies on each change. */
  state: Int32Array;
}

/**
 * Tickets from which the flags are computed on a second thread: below, starting it (about 40 ms) costs
 * what it saves. `OPSMETRICS_METRICS_THREAD=off` keeps them on the main thread, `on` uses the thread
 * for any size (tests), `require` too and fails when it cannot run (tests of a build).
 */
const THREAD_ROWS = 400_000;

/** How long the thread may take to start, ms; then, with 1 µs per ticket, to finish. */
const START_MS = 3_000;

/** With OPSMETRICS_METRICS_THREAD=require, in place of computing the flags here. */
function threadDidNotRun(): never {
  throw new Error('OPSMETRICS_METRICS_THREAD=require: the repeat-contact thread did not run');
}

/**
 * Starts computing the flags and returns the function that gives them. On a large table they are
 * computed on a second thread meanwhile (the caller goes on with the other metrics; asking blocks
 * until the thread is done); else, or if the thread cannot run, on the first ask in this thread.
 */
export function startRepeatFlags(inputs: RepeatInputs, memory?: SpareMemory, mode: EngineOptions['metricsThread'] = 'auto'): () => RepeatFlags {
  let flags: RepeatFlags | undefined;
  const here = (): RepeatFlags => {
    const own = { isRepeat: new Uint8Array(inputs.n), repeatAfterResolve: new Uint8Array(inputs.n) };
    computeRepeatFlags(inputs, own.isRepeat, own.repeatAfterResolve);
    return own;
  };
  // A thread started ahead has paid its start: it takes the work whatever the table's size.
  const thread = mode === 'off' || (inputs.n < THREAD_ROWS && early === undefined && mode !== 'on' && mode !== 'require') ? undefined : startThread(inputs, memory);
  if (mode === 'require') {
    // Tests of a build: the thread must run (a fallback would give the same flags, silently).
    return () => (flags ??= thread?.() ?? threadDidNotRun());
  }
  return () => (flags ??= thread?.() ?? here());
}

/**
 * The flags computed on a second thread: the function waits for them, and gives undefined when the
 * thread failed (the caller computes them itself). Undefined at once when no thread can start (also
 * when running from the TypeScript sources, which have no thread module to start). The thread
 * started ahead by {@link prestartRepeatThread} takes the work when there is one.
 */
function startThread(inputs: RepeatInputs, memory: SpareMemory | undefined): (() => RepeatFlags | undefined) | undefined {
  const thread = early !== undefined && !early.exited ? early : spawnThread();
  early = undefined;
  if (thread === undefined) return undefined;
  const { worker, state } = thread;
  const n = inputs.n;
  // Arrays in shared memory (a large table's columns are) are read where they are; others are copied
  // there. The thread writes the flags likewise.
  const shared = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(array: T | null, make: (buffer: SharedArrayBuffer) => T, bytes: number): T | null => {
    if (array === null || array.buffer instanceof SharedArrayBuffer) return array;
    const copy = make(new SharedArrayBuffer(n * bytes));
    copy.set(array.subarray(0, n) as never);
    return copy;
  };
  const data: RepeatThreadData = {
    ...inputs,
    created: shared(inputs.created, (b) => new Float64Array(b), 8) as Float64Array,
    customer: shared(inputs.customer, (b) => new Uint32Array(b), 4) as Uint32Array,
    category: shared(inputs.category, (b) => new Uint32Array(b), 4),
    followUp: shared(inputs.followUp, (b) => new Uint8Array(b), 1) as Uint8Array,
    resolvedAt: shared(inputs.resolvedAt, (b) => new Float64Array(b), 8) as Float64Array,
    byCreated: shared(inputs.byCreated, (b) => new Int32Array(b), 4),
    isRepeat: spareArray(memory, 'isRepeat', Uint8Array, n, true),
    repeatAfterResolve: spareArray(memory, 'repeatAfterResolve', Uint8Array, n, true),
    // With memory mapped ahead (REPORT_SPARE), the thread's working arrays too; else it makes its own.
    work: memory === undefined ? undefined : {
      run: spareArray(memory, 'repeatRun', Int32Array, n, true),
      position: spareArray(memory, 'repeatPosition', Int32Array, n, true),
      runCreated: spareArray(memory, 'repeatRunCreated', Float64Array, n, true),
      nextCreated: spareArray(memory, 'repeatNextCreated', Float64Array, n, true),
    },
  };
  try {
    worker.postMessage(data);
  } catch {
    void worker.terminate();
    return undefined;
  }
  return () => {
    // Blocking: the main thread has nothing else to do than wait. The 'error' and 'exit' events of a
    // thread that died cannot arrive meanwhile, so waiting has deadlines: a few seconds to start
    // (about 40 ms when all is well), then a generous multiple of the work (1.6 s for 10M tickets).
    const wait = (from: number, deadline: number) => {
      while (Atomics.load(state, 0) === from && Date.now() < deadline) Atomics.wait(state, 0, from, 50);
    };
    wait(0, Date.now() + START_MS);
    wait(3, Date.now() + START_MS + n / 1000);
    if (Atomics.load(state, 0) !== 1) {
      void worker.terminate();
      return undefined;
    }
    return { isRepeat: data.isRepeat, repeatAfterResolve: data.repeatAfterResolve };
  };
}

/** A started thread, waiting for its {@link RepeatThreadData}. */
interface RepeatThread {
  worker: import('node:worker_threads').Worker;
  state: Int32Array;
  /** The thread stopped (it could not start, or failed) before it was given its work. */
  exited: boolean;
}

/** The thread started ahead by {@link prestartRepeatThread}, until a context takes it. */
let early: RepeatThread | undefined;

/**
 * Starts the thread, waiting for its work; undefined when it cannot start (also when running from
 * the TypeScript sources, which have no thread module to start).
 */
function spawnThread(): RepeatThread | undefined {
  const url = new URL('./repeat-thread.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return undefined;
  const start: RepeatThreadStart = { state: new Int32Array(new SharedArrayBuffer(4)) };
  // Loaded here: most runs never start a thread.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  let worker: InstanceType<typeof Worker>;
  try {
    worker = new Worker(url, { workerData: start });
  } catch {
    return undefined;
  }
  // It must not keep the process alive, and its failure is read from the state word (an 'error'
  // event without a listener would end the process).
  worker.unref();
  worker.on('error', () => {});
  const thread: RepeatThread = { worker, state: start.state, exited: false };
  worker.on('exit', () => (thread.exited = true));
  return thread;
}

/**
 * Starts the thread now, while a large table is read (the report's reading of an export of 32 MiB or
 * more): the context then gives it its work at once, instead of waiting 100-150 ms on a slow machine
 * for a thread to start, while the main thread's work after reading is shorter than the thread's.
 * A thread never given work does not keep the process alive. Nothing with `mode` `off`.
 */
export function prestartRepeatThread(mode: EngineOptions['metricsThread'] = 'auto'): void {
  if (mode === 'off') return;
  early ??= spawnThread();
}
