import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files one at a time: timing assertions (deadlines) must not compete with the fault suite for 2 cores.
    fileParallelism: false,
    maxConcurrency: 6,
  },
});
