/**
 * Offline on the lecture-hall laptop: after one visit the service worker holds the whole build,
 * and with the network off a reload opens the app and trains. The only spec that lets a service
 * worker run (playwright.config.ts blocks them: storing ~37 MB in every test would slow the suite).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, expectOnlySameOrigin, test, waitForEngine } from './fixtures';

test.use({ serviceWorkers: 'allow' });

/** Every file of the e2e build the app can ask for, as paths from its root (no source maps, and
 * not the service worker's own scripts, which the browser keeps itself). */
function builtFiles(dist: string): string[] {
  const entries = readdirSync(dist, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.endsWith('.map') && path !== 'sw.js' && !/^workbox-.*\.js$/.test(path))
    .sort();
}

test('after one visit, with the network off, a reload opens the app and trains', async ({
  page,
  context,
  record,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const expected = builtFiles('dist-e2e');
  // The shipped data and checkpoints are among them (a change to the build layout shows here).
  expect(expected).toContain('data/mnist/train-images.u8');
  expect(expected).toContain('checkpoints/mnist/mlp-relu/standard/weights.bin');

  await page.goto('/?dataset=mnist');
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().offline.phase === 'ready', null, {
    timeout: 120_000,
  });
  // "Ready" means stored: the caches hold every file of the build, by path from the app's root.
  const stored = await page.evaluate(async () => {
    const root = new URL('.', document.baseURI).pathname;
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        paths.push(new URL(request.url).pathname.slice(root.length));
      }
    }
    return paths;
  });
  expect(expected.filter((path) => !stored.includes(path))).toEqual([]);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await context.setOffline(true);
  await page.reload();
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  // The networks came from the stored checkpoints, and they train.
  const origins = await page.evaluate(() => window.__curvatureLab!.state().lab.origins);
  expect(origins.map((origin) => origin.source)).toEqual([
    'checkpoint',
    'checkpoint',
    'checkpoint',
  ]);
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(5));
  const steps = await page.evaluate(() =>
    Object.values(window.__curvatureLab!.state().lab.networks).map((network) => network.step),
  );
  for (const step of steps) expect(step).toBeGreaterThanOrEqual(5);
  expect(await page.evaluate(() => window.__curvatureLab!.state().offline.phase)).toBe('ready');
  expect(record.consoleErrors).toEqual([]);
  expectOnlySameOrigin(record, baseURL!);
  // The network really is off for the page and its service worker: a file the build does not
  // hold cannot be fetched (online, the server would answer 404 instead).
  const unstored = await page.evaluate(() =>
    fetch('./not-in-the-build.txt').then(
      (response) => `answered ${response.status}`,
      () => 'failed',
    ),
  );
  expect(unstored).toBe('failed');
  await context.setOffline(false);
});
