/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/chromium.ts';
import { CONTENT_SECURITY_POLICY } from './scripts/contentSecurityPolicy.ts';

// One config for the app (vite), its unit tests (vitest) and `vite preview`, which the e2e tests
// run against. The app makes no request off its own origin: data, checkpoints and the wasm
// binaries are all served from here — and, after one visit, from the service worker's cache.
const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

/** The largest file the service worker stores (workbox's default, 2 MiB, would skip the tfjs
 * worker chunk, the wasm binaries and the MNIST training images, ~8 MB each at most). */
const LARGEST_PRECACHED_BYTES = 16 * 1024 * 1024;

export default defineConfig({
  // Relative: the build runs from any static host and any sub-path (README, "Hosting and offline").
  base: './',
  plugins: [
    react(),
    // The built page carries its Content-Security-Policy (scripts/contentSecurityPolicy.ts).
    {
      name: 'content-security-policy',
      apply: 'build',
      transformIndexHtml: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
    // A service worker that stores the whole build — app, wasm, data, checkpoints — on the first
    // visit, so the app opens and trains with the network off. src/client/offline.ts registers it
    // (production builds only; the dev server has none).
    VitePWA({
      injectRegister: false,
      manifest: false,
      workbox: {
        // Everything the build holds but source maps: a file type added to public/ is stored too.
        globPatterns: ['**/*'],
        globIgnores: ['**/*.map'],
        maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_BYTES,
        // Any navigation in scope (the config lives in the query string) gets the stored page.
        navigateFallback: 'index.html',
        // The first visit's page is served from the cache once it is stored; an update waits until
        // every tab of the old version is closed, so an open page never meets chunks it lacks.
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
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
