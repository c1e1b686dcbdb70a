/**
 * One cold load of the built app, shared by `npm run bench:load` and `npm run bench`: a fresh
 * browser context (empty cache) at 1280×720, timed on the page's own clock from navigation start
 * to the first contentful paint, to the engine's chosen backend, and to the first loss landscape
 * (the `plane` result of all three networks in the panels' frame buffers, then one more frame).
 */
import type { Browser } from '@playwright/test';

export interface LoadTimes {
  firstPaint: number;
  backendReady: number;
  firstLandscape: number;
}

export async function coldLoad(browser: Browser, url: string): Promise<LoadTimes> {
  // No service worker: storing the build for offline use would run inside the measurement.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    serviceWorkers: 'block',
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(
      () => window.__curvatureLab?.state().engine.phase === 'ready',
      null,
      { timeout: 120_000 },
    );
    const backendReady = await page.evaluate(() => performance.now());
    await page.waitForFunction(
      () =>
        (['standard', 'adversarial', 'cure'] as const).every(
          (id) => window.__curvatureLab!.result('plane', id) !== null,
        ),
      null,
      { timeout: 180_000, polling: 50 },
    );
    const firstLandscape = await page.evaluate(
      () =>
        new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
    );
    const firstPaint = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    return { firstPaint, backendReady, firstLandscape };
  } finally {
    await context.close();
  }
}
