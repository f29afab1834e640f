import { defineConfig } from 'vitest/config';

/**
 * Test files run on worker threads, which start faster and cost less than one process per file, and
 * share the modules they import (`isolate: false`): no test may rely on a module's state being fresh.
 * The files below change `process.env.TZ` to prove that no figure depends on the host's zone; a
 * worker thread keeps its process's zone, so they run in a process of their own.
 */
const ownProcess = ['test/calendar/schedule.test.ts', 'test/ingest/dates.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'threads',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ownProcess,
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'process', include: ownProcess, pool: 'forks' } },
    ],
  },
});
