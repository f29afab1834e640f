import { defineConfig } from 'vitest/config';

/**
 * Test files run on worker threads, which start faster and cost less than one process per file, and
 * share the modules they import (`isolate: false`): no test may rely on a module's state being fresh.
 * The files below change `process.env.TZ` to prove that no figure depends on the host's zone; a
 * worker thread keeps its process's zone, so they run in a process of their own.
 */
const ownProcess = ['test/calendar/schedule.test.ts', 'test/ingest/dates.test.ts'];

/**
 * `npm run test:quick` (OPSMETRICS_TEST_QUICK=1) leaves out what runs the built command line, a
 * browser, a database, the benchmark, the fuzzing, or files of many megabytes.
 */
const slow = [
  'test/e2e/**',
  'test/fuzz/**',
  'test/bench/**',
  'test/docs/ci-recipes.test.ts',
  'test/ingest/threaded-scan.test.ts',
  'test/ingest/byte-lane-equivalence.test.ts',
  'test/sql/engine.test.ts',
  'test/sql/differential.test.ts',
  'test/sql/blank-rows.test.ts',
  'test/sql/fivetran.test.ts',
  'test/sql/dialect-parse.test.ts',
  'test/sql/postgres-server.test.ts',
  'test/sql/plausible-years.test.ts',
];
const quick = process.env.OPSMETRICS_TEST_QUICK === '1';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Vitest's default is one worker per core less one: a single worker on this project's 2-core
    // machines. Two, each running its files' command lines one at a time (test/e2e/helpers.ts), keep
    // both cores busy: the suite is bound by CPU, and a third worker cost more (its own module imports,
    // contention) than it overlapped: 272 s wall and 510 s CPU at three, 251 s and 472 s at two.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'threads',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: quick ? [...ownProcess, ...slow] : ownProcess,
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'process', include: ownProcess, pool: 'forks' } },
    ],
  },
});
