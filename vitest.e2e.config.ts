import { defineConfig } from 'vitest/config';

// Drives the built extension (.output/chrome-mv3) in the machine's Chromium. One browser at a
// time: the machine has two cores and each spec starts its own browser and servers.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
