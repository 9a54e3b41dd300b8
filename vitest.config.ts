import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@custseg/ml': fileURLToPath(new URL('./packages/ml/src/index.ts', import.meta.url)),
      '@custseg/tracking': fileURLToPath(new URL('./packages/tracking/src/index.ts', import.meta.url)),
      '@custseg/server': fileURLToPath(new URL('./packages/server/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
