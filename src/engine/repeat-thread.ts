/**
 * The thread that computes the repeat-contact flags of a large table (see `startRepeatFlags` in
 * repeat-flags.ts) while the main thread computes the other metrics. It starts, loads its code and
 * waits for its work, one message; everything it reads and writes is in shared memory. It sets the
 * state word when the work starts (3) and ends (1 done, 2 failed), and notifies each time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RepeatInputs } from '../derive/repeat-contact.js';

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

const { state } = workerData as RepeatThreadStart;
// Its code loads now, while the thread waits for its work (it may start well before the table is read).
const loading = import('../derive/repeat-contact.js');
loading.catch(() => {});
parentPort?.once('message', async (data: RepeatThreadData) => {
  // Running: the main thread now waits for the work rather than for the start.
  Atomics.store(state, 0, 3);
  Atomics.notify(state, 0);
  try {
    // Awaited here, so that even a module that fails to load sets the state word.
    const { computeRepeatFlags } = await loading;
    computeRepeatFlags(data, data.isRepeat, data.repeatAfterResolve);
    Atomics.store(state, 0, 1);
  } catch {
    Atomics.store(state, 0, 2);
  }
  Atomics.notify(state, 0);
});
