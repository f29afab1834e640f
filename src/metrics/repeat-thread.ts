/**
 * The thread that computes the repeat-contact flags of a large table (see `startRepeatFlags` in
 * repeat-flags.ts) while the main thread computes the other metrics. Everything it reads and writes
 * is in shared memory; it sets the state word when it starts (3) and ends (1 done, 2 failed), and
 * notifies each time.
 */
import { workerData } from 'node:worker_threads';
import type { RepeatThreadData } from './repeat-flags.js';

const data = workerData as RepeatThreadData;
// Started: the main thread now waits for the work rather than for the start.
Atomics.store(data.state, 0, 3);
Atomics.notify(data.state, 0);
try {
  // Imported here, so that even a module that fails to load sets the state word.
  const { computeRepeatFlags } = await import('./repeat-flags.js');
  computeRepeatFlags(data, data.isRepeat, data.repeatAfterResolve);
  Atomics.store(data.state, 0, 1);
} catch {
  Atomics.store(data.state, 0, 2);
}
Atomics.notify(data.state, 0);
