/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One config for the app (vite), its unit tests (vitest, in node) and `vite preview`, which the
// e2e tests run against. The app makes no request off its own origin: data, checkpoints and the
// wasm binaries are all served from here.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tfjs-cpu in node is single-threaded JS; two cores, two workers.
    maxWorkers: 2,
  },
});
