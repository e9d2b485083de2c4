// Test projects: relay and integration tests run in Node; widget tests in a DOM
// (happy-dom); end-to-end tests drive the system's Chromium one file at a time; `chaos` holds
// the minutes-long fault runs (npm run test:chaos) and `package` the packed tarball installed in
// an empty project (npm run test:package), both kept out of `npm test`.
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
        },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          include: ['test/widget/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
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
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
