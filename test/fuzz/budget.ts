/**
 * How long each fuzz property runs, and how a failure is replayed.
 *
 * - `npm test` (OPSMETRICS_FUZZ_SECONDS unset or 0): each property runs a fixed number of inputs from
 *   a fixed seed (the same inputs on every run), so that the whole test/fuzz folder stays within
 *   about 20 s on a 2-core machine.
 * - `npm run fuzz` (OPSMETRICS_FUZZ_SECONDS=N): each property runs for its share of N seconds, batch
 *   after batch from fresh random seeds, and prints how many inputs it tried.
 * - Replay: a failure prints fast-check's report with its seed and path; run the same test again with
 *   OPSMETRICS_FUZZ_SEED=<seed> OPSMETRICS_FUZZ_PATH=<path> (see docs/bad-input.md, "Fuzzing").
 *
 * Nothing here reads the environment but the test side (test/ is not below src/cli's rule).
 */
import fc from 'fast-check';
import { expect } from 'vitest';

export const FUZZ_SECONDS = Number(process.env.OPSMETRICS_FUZZ_SECONDS ?? 0) || 0;
const REPLAY_SEED = process.env.OPSMETRICS_FUZZ_SEED;
const REPLAY_PATH = process.env.OPSMETRICS_FUZZ_PATH;

/** A stable seed per property name: CI runs the same inputs every time. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}

/** The vitest timeout of a property test: its share of the long run, plus room to shrink a failure. */
export const timeoutOf = (share: number): number => (FUZZ_SECONDS > 0 ? (FUZZ_SECONDS * share + 180) * 1000 : 60_000);

export interface Budget {
  /** Inputs under `npm test`. */
  ci: number;
  /** Share of OPSMETRICS_FUZZ_SECONDS this property runs for under `npm run fuzz`. */
  share: number;
}

const tried = new Map<string, number>();

/** The running test's own title (vitest's full name ends with it), for `-t`. */
const title = (): string => (expect.getState().currentTestName ?? '').split(' > ').pop() ?? '';

function failure<T>(name: string, result: fc.RunDetails<T>): Error {
  const report = fc.defaultReportMessage(result) ?? 'property failed';
  const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return new Error(
    `fuzz property "${name}" failed (seed ${result.seed}, path ${result.counterexamplePath}).\n` +
      `Replay: OPSMETRICS_FUZZ_SEED=${result.seed} OPSMETRICS_FUZZ_PATH=${result.counterexamplePath} ` +
      `npx vitest run ${expect.getState().testPath ?? '<this file>'} -t "${title()}"\n${report}\n${cause}`,
  );
}

/** Runs `property` within its budget; throws fast-check's report (seed, path, counterexample) on a failure. */
export async function fuzz<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, budget: Budget): Promise<number> {
  if (REPLAY_SEED !== undefined) {
    const result = await fc.check(property, {
      seed: Number(REPLAY_SEED),
      ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
      numRuns: budget.ci,
    });
    if (result.failed) throw failure(name, result);
    return result.numRuns;
  }
  if (FUZZ_SECONDS <= 0) {
    const result = await fc.check(property, { seed: seedOf(name), numRuns: budget.ci });
    if (result.failed) throw failure(name, result);
    return result.numRuns;
  }
  const deadline = Date.now() + FUZZ_SECONDS * budget.share * 1000;
  let runs = 0;
  while (Date.now() < deadline) {
    const result = await fc.check(property, { numRuns: 25 });
    runs += result.numRuns;
    if (result.failed) throw failure(name, result);
  }
  tried.set(name, runs);
  console.log(`fuzz: ${name}: ${runs} inputs in ${Math.round(FUZZ_SECONDS * budget.share)} s, no failure`);
  return runs;
}

/**
 * A planted mutation must be found: the property `name` (the same checker, run against a deliberately
 * broken variant of the code) fails within the inputs its CI run tries (same seed, same count), so the
 * CI run itself would catch that bug. No shrinking: only the finding counts.
 */
export async function mustFind<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, budget: Budget) {
  const result = await fc.check(property, { seed: seedOf(name), numRuns: budget.ci, endOnFailure: true });
  return { found: result.failed, after: result.numRuns, seed: result.seed };
}
