import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './scripts/chromium.ts';

/**
 * E2E tests run the production build (made with the test hook: `npm run build:e2e`) in real
 * headless Chromium. Chromium comes from CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download (on a laptop with `npx playwright install chromium`).
 */
// E2E_PORT lets several checkouts run their e2e tests side by side (each serves its own build).
const PORT = Number(process.env.E2E_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Two cores: the software GPU backends already use both.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 60_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    // The build's service worker stores ~37 MB on a first visit; only e2e/offline.spec.ts lets it.
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 720 },
        launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --outDir dist-e2e --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
