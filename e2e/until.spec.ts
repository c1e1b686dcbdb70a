/**
 * Pinned links (issue 17, item 1): `until=N` trains each network to step N and pauses it there,
 * and two fresh browsers opening the same link on the same backend reach bit-identical weights
 * (equal `weightsSha256`, as an export's provenance records them). "Copy link" copies the view's
 * link with `until` at the networks' step.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { NETWORK_IDS } from '../src/core/names';
import { expect, test, waitForEngine } from './fixtures';

const UNTIL = 12;
const LINK = `/?backend=wasm&until=${UNTIL}`;

type Weights = Awaited<ReturnType<NonNullable<Window['__curvatureLab']>['weights']>>;

/** A fresh browser context (no storage shared with any other) with the config's page options. */
async function freshContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 720 },
    serviceWorkers: 'block',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  return context;
}

/** Opens the pinned link, waits until every network is paused at `UNTIL`, and reads the hashes. */
async function trainToUntil(page: Page, errors: string[]): Promise<Weights> {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.goto(LINK);
  await waitForEngine(page);
  expect(await page.evaluate(() => window.__curvatureLab!.state().engine.status?.name)).toBe(
    'wasm',
  );
  for (const id of NETWORK_IDS) {
    await expect(page.getByTestId(`paused-${id}`)).toHaveText(
      `Paused at step ${UNTIL} (until=${UNTIL}).`,
      { timeout: 240_000 },
    );
    await expect(page.getByTestId(`paused-${id}`)).not.toHaveClass(/diverged/);
    await expect(page.getByTestId(`step-${id}`)).toHaveText(String(UNTIL));
  }
  await expect(page.getByTestId('play-pause')).toHaveText(/play/);
  return page.evaluate(() => window.__curvatureLab!.weights());
}

test('until=N twice in fresh browsers: both pause every network at N with equal weightsSha256; Copy link pins N', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const runs: { context: BrowserContext; page: Page; weights: Weights }[] = [];
  const errors: string[] = [];
  for (let i = 0; i < 2; i++) {
    const context = await freshContext(browser, baseURL!);
    const page = await context.newPage();
    runs.push({ context, page, weights: await trainToUntil(page, errors) });
  }
  const [first, second] = runs as [(typeof runs)[0], (typeof runs)[0]];
  expect(first.weights.map((w) => [w.id, w.step])).toEqual(NETWORK_IDS.map((id) => [id, UNTIL]));
  for (const w of first.weights) expect(w.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
  // The three networks trained (they are not their checkpoints, so not equal to each other).
  expect(new Set(first.weights.map((w) => w.weightsSha256)).size).toBe(3);
  expect(second.weights).toEqual(first.weights);

  // Paused means paused: a few seconds later, the same steps and the same weights.
  await first.page.waitForTimeout(3_000);
  for (const id of NETWORK_IDS) {
    await expect(first.page.getByTestId(`step-${id}`)).toHaveText(String(UNTIL));
  }
  expect(await first.page.evaluate(() => window.__curvatureLab!.weights())).toEqual(first.weights);

  // Copy link: the view's link, pinned at the step the networks are paused at.
  const page = first.page;
  await expect(page.getByTestId('copy-link')).toHaveAttribute('data-until', String(UNTIL));
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText(`Link copied (until=${UNTIL}).`);
  const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied.searchParams.get('until')).toBe(String(UNTIL));
  expect(copied.searchParams.get('backend')).toBe('wasm');
  expect(copied.searchParams.get('seed')).toBe('0');

  // A refused clipboard shows the link to copy by hand.
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied'));
  });
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toContainText('refused the clipboard');
  const shown = await page.getByRole('textbox', { name: 'link to copy' }).inputValue();
  expect(new URL(shown).searchParams.get('until')).toBe(String(UNTIL));

  // Playing on leaves the pinned experiment: the networks pass N and the link drops `until`.
  await page.getByTestId('play-pause').click();
  await page.evaluate((n) => window.__curvatureLab!.waitForSteps(n + 1), UNTIL);
  await expect.poll(() => new URL(page.url()).searchParams.has('until')).toBe(false);
  await expect(page.getByTestId('copy-link')).not.toHaveAttribute('data-until');
  await expect(page.getByTestId('copy-link')).toHaveAttribute('title', /pause to pin/);

  expect(errors).toEqual([]);
  for (const run of runs) await run.context.close();
});
