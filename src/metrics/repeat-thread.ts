/**
 * The thread that computes the repeat-contact flags of a large table (see `startRepeatFlags` in
 * repeat-flags.ts) while the main thread computes the other metrics. Everything it reads and writes
 * is in shared memory; it ends by setting the state word (1 done, 2 failed) and notifying.
 */
import { workerData } from 'node:worker_threads';
import type { RepeatThreadData } from './repeat-flags.js';

const data = workerData as RepeatThreadData;
try {
  // Imported here, so that even a module that fails to load sets the state word.
  const { computeRepeatFlags } = await import('./repeat-flags.js');
  computeRepeatFlags(data, data.isRepeat, data.repeatAfterResolve);
  Atomics.store(data.state, 0, 1);
} catch {
  Atomics.store(data.state, 0, 2);
}
Atomics.notify(data.state, 0);
