// Test projects: relay and integration tests run in Node; widget tests in a DOM
// (happy-dom); end-to-end tests drive the system's Chromium and Firefox one file at a time;
// `chaos` holds the minutes-long fault runs (npm run test:chaos) and `package` the packed
// tarball installed in an empty project (npm run test:package), both kept out of `npm test`.
import { defineConfig } from 'vitest/config';
import { SkipsFailInCi } from './test/helpers/skips-fail-in-ci';

export default defineConfig({
  test: {
    // Under CI=true a skipped test fails the run (a missing browser or Redis is a red build there).
    reporters: ['default', new SkipsFailInCi()],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/relay/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/architecture/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/deploy/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          // Servers, child processes and Redis on a 2-core machine shared with builds: a poll
          // gives up after 10 s, not vitest's 1 s, and the test's own timeout still bounds it.
          expect: { poll: { timeout: 10_000, interval: 20 } },
        },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          // Sets testing-library's waitFor/findBy timeout to match expect.poll's, and fails a test
          // on a widget error nobody expected.
          setupFiles: ['test/widget/setup.ts'],
          expect: { poll: { timeout: 5_000, interval: 20 } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // Chromium shares two cores with the relay, the simulator and whatever else runs.
          expect: { poll: { timeout: 20_000, interval: 50 } },
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          expect: { poll: { timeout: 30_000, interval: 50 } },
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          expect: { poll: { timeout: 30_000, interval: 50 } },
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
