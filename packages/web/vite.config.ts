import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @custseg/web` serves the app with hot reload and forwards API calls to a `custseg serve`
// on port 8000 (CUSTSEG_API_URL to change it); `npm run build` writes dist/, which `custseg serve` serves at /.
const api = process.env.CUSTSEG_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: Object.fromEntries(['/v1', '/api', '/ajax-api', '/get-artifact', '/docs', '/openapi.json', '/healthz', '/readyz'].map((p) => [p, api])),
  },
});
