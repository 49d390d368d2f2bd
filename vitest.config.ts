import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/engine/**/*.test.ts', 'test/server/**/*.test.ts', 'test/build/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
