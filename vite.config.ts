/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/chromium.ts';

// One config for the app (vite), its unit tests (vitest) and `vite preview`, which the e2e tests
// run against. The app makes no request off its own origin: data, checkpoints and the wasm
// binaries are all served from here.
const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

export default defineConfig({
  plugins: [react()],
  // The app's version, recorded in every export's provenance.
  define: { __APP_VERSION__: JSON.stringify(version) },
  // Pre-bundle every dependency up front: one discovered mid-run makes Vite re-optimize and the
  // browser test files already loading fail with "Failed to fetch dynamically imported module".
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
      'ml-matrix',
      'zod',
      'react',
      'react-dom/client',
      'zustand',
      'zustand/vanilla',
    ],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4096 },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          // The numeric core in node, on tfjs's cpu backend.
          name: 'node',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A leak check after every test (test/kit/leaks.ts).
          setupFiles: ['test/kit/setup.ts'],
          // tfjs-cpu in node is single-threaded JS; two cores, two workers.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // The same numeric suites on the browser backends (test/kit/backends.ts: webgl, webgpu,
          // wasm) in real headless Chromium; webgpu and wasm are registered by the first setup
          // file, and every test is checked for leaked tensors.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/kit/setup-browser.ts', 'test/kit/setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
