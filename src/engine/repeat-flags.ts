/**
 * Repeat-contact flags (derive/repeat-contact.ts) on a second thread (repeat-thread.ts) for a large
 * table, while the main thread computes the other metrics; else in this thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spareArray, type SpareMemory } from './spare.js';
import type { EngineOptions } from './options.js';
import type { RepeatThreadData, RepeatThreadStart } from './repeat-thread.js';
import { computeRepeatFlags, type RepeatFlags, type RepeatInputs } from '../derive/repeat-contact.js';

export type { RepeatFlags, RepeatInputs, RepeatWork } from '../derive/repeat-contact.js';

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
export function startRepeatFlags(
  inputs: RepeatInputs,
  memory?: SpareMemory,
  mode: EngineOptions['metricsThread'] = 'auto',
): () => RepeatFlags {
  let flags: RepeatFlags | undefined;
  const here = (): RepeatFlags => {
    const own = { isRepeat: new Uint8Array(inputs.n), repeatAfterResolve: new Uint8Array(inputs.n) };
    computeRepeatFlags(inputs, own.isRepeat, own.repeatAfterResolve);
    return own;
  };
  // A thread started ahead has paid its start: it takes the work whatever the table's size.
  const thread =
    mode === 'off' || (inputs.n < THREAD_ROWS && early === undefined && mode !== 'on' && mode !== 'require')
      ? undefined
      : startThread(inputs, memory);
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
function startThread(
  inputs: RepeatInputs,
  memory: SpareMemory | undefined,
): (() => RepeatFlags | undefined) | undefined {
  const thread = early !== undefined && !early.exited ? early : spawnThread();
  early = undefined;
  if (thread === undefined) return undefined;
  const { worker, state } = thread;
  const n = inputs.n;
  // Arrays in shared memory (a large table's columns are) are read where they are; others are copied
  // there. The thread writes the flags likewise.
  const shared = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(
    array: T | null,
    make: (buffer: SharedArrayBuffer) => T,
    bytes: number,
  ): T | null => {
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
    work:
      memory === undefined
        ? undefined
        : {
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
