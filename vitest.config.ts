import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  // the web app's component tests (.test.tsx, jsdom) use React's automatic JSX runtime
  esbuild: { jsx: 'automatic' },
  resolve: {
    alias: {
      '@custseg/ml': fileURLToPath(new URL('./packages/ml/src/index.ts', import.meta.url)),
      '@custseg/tracking': fileURLToPath(new URL('./packages/tracking/src/index.ts', import.meta.url)),
      '@custseg/server': fileURLToPath(new URL('./packages/server/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
