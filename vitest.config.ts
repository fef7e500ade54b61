import { defineConfig } from 'vitest/config';

// One test process, modules shared across files: PGlite costs ~1 GB and several seconds
// per instance, so every file uses the same embedded database (reset between tests).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Screenshot runs are for a person to look at, not part of the suite (CONSOLE_SHOTS=1 runs them).
    exclude: [
      '**/node_modules/**',
      ...(process.env.CONSOLE_SHOTS ? [] : ['e2e/**/*-shots.test.ts']),
      // kill -9 on the embedded data directory takes a minute of PGlite starts: CI runs it (and the
      // server variant always runs with DATABASE_URL); a file with no test would fail the run.
      ...(process.env.CI || process.env.DATABASE_URL ? [] : ['test/trust/crash.test.ts']),
    ],
    // The browser tests need web/dist: built here when missing or older than web/src.
    globalSetup: ['e2e/support/build-web.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    isolate: false,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
