/**
 * Sessions (issue 17, items 2 and 3): a paused lab saved to a file and loaded in a fresh browser
 * continues exactly (same steps, equal weightsSha256, and the next step gives the same loss); the
 * autosave survives a reload and "Start from the checkpoints" discards it; bad session files are
 * each refused with what is wrong while the lab keeps training.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { NETWORK_IDS } from '../src/core/names';
import { badSessionFiles } from '../test/kit/badSessions';
import { expect, test, waitForEngine } from './fixtures';
import { goodModelFiles } from './importCases';

const PINNED = 8;

async function freshPage(
  browser: Browser,
  baseURL: string,
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 720 },
    serviceWorkers: 'block',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { context, page };
}

const labOf = (page: Page) =>
  page.evaluate(() => {
    const { lab, sessions, notices } = window.__curvatureLab!.state();
    return {
      phase: lab.phase,
      running: lab.running,
      steps: Object.fromEntries(Object.entries(lab.networks).map(([id, n]) => [id, n.step])),
      losses: Object.fromEntries(Object.entries(lab.networks).map(([id, n]) => [id, n.loss])),
      origins: lab.origins.map((o) => `${o.id}:${o.source}:${o.sha256}`),
      continuedAt: lab.origins.map((o) => o.continuedAtStep),
      resumed: sessions.resumed,
      notices: notices.map((n) => n.text),
    };
  });

/** Opens a link pinned at PINNED and waits until every network is paused there. */
async function pausedAtPin(page: Page): Promise<void> {
  await page.goto(`/?backend=wasm&until=${PINNED}`);
  await waitForEngine(page);
  for (const id of NETWORK_IDS) {
    await expect(page.getByTestId(`step-${id}`)).toHaveText(String(PINNED), { timeout: 180_000 });
  }
  await expect.poll(async () => (await labOf(page)).running).toBe(false);
}

/** Clicks "Save session" and returns the downloaded file. */
async function saveSession(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save session' }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

async function loadSession(page: Page, file: { name: string; bytes: Buffer }): Promise<void> {
  await page.getByLabel('Load session').setInputFiles({
    name: file.name,
    mimeType: 'application/octet-stream',
    buffer: file.bytes,
  });
}

const stepAll = (page: Page) => page.evaluate(() => window.__curvatureLab!.control('step', 'all'));
const weightsOf = (page: Page) => page.evaluate(() => window.__curvatureLab!.weights());

test('a saved paused session loads in a fresh browser: same steps, equal weightsSha256, and the next step gives the same loss', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const errors: string[] = [];
  const a = await freshPage(browser, baseURL!, errors);
  await pausedAtPin(a.page);
  const file = await saveSession(a.page);
  expect(file.name).toBe(`session_all_mnist_step${PINNED}-${PINNED}-${PINNED}.curvlab`);
  await expect(a.page.getByTestId('session-status')).toContainText(`Saved ${file.name}`);
  const saved = await weightsOf(a.page);

  // A fresh browser on another link: the session replaces its lab.
  const b = await freshPage(browser, baseURL!, errors);
  await b.page.goto('/?backend=wasm&seed=5&eps=0.2');
  await waitForEngine(b.page);
  await expect.poll(async () => (await labOf(b.page)).phase, { timeout: 60_000 }).toBe('open');
  await loadSession(b.page, file);
  await expect(b.page.getByTestId('resumed-notice')).toContainText(`Continued from ${file.name}`, {
    timeout: 120_000,
  });
  const loaded = await labOf(b.page);
  expect(loaded.steps).toEqual({ standard: PINNED, adversarial: PINNED, cure: PINNED });
  expect(loaded.running).toBe(false); // it was saved paused
  expect(await weightsOf(b.page)).toEqual(saved);
  // The link now says the session's settings (seed 0, ε as saved), pinned as it was.
  const url = new URL(b.page.url());
  expect(url.searchParams.get('seed')).toBe('0');
  expect(url.searchParams.get('until')).toBe(String(PINNED));
  expect(url.searchParams.get('eps')).not.toBe('0.2');
  // The training curves came with it.
  await expect(b.page.getByTestId('session-status')).toHaveText(`Loaded ${file.name}.`);

  // One more step in both: the same losses, the same weights.
  await stepAll(a.page);
  await stepAll(b.page);
  const [afterA, afterB] = [await labOf(a.page), await labOf(b.page)];
  expect(afterA.steps).toEqual({
    standard: PINNED + 1,
    adversarial: PINNED + 1,
    cure: PINNED + 1,
  });
  expect(afterB.steps).toEqual(afterA.steps);
  expect(afterB.losses).toEqual(afterA.losses);
  for (const id of NETWORK_IDS) expect(Number.isFinite(afterA.losses[id])).toBe(true);
  expect(await weightsOf(b.page)).toEqual(await weightsOf(a.page));
  expect(errors).toEqual([]);
  await a.context.close();
  await b.context.close();
});

test('the autosave survives a reload; "Start from the checkpoints" discards it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  const { context, page } = await freshPage(browser, baseURL!, errors);
  await page.goto('/?backend=wasm');
  await waitForEngine(page);
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(4));
  // Pausing saves at once.
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await expect(page.getByTestId('autosave-status')).toContainText('Autosaved', {
    timeout: 60_000,
  });
  const before = await labOf(page);
  const weights = await weightsOf(page);
  await expect(page.getByTestId('recent-session')).toHaveCount(1);

  await page.reload();
  await waitForEngine(page);
  await expect(page.getByTestId('resumed-notice')).toContainText('Continued from the autosave', {
    timeout: 120_000,
  });
  const after = await labOf(page);
  expect(after.steps).toEqual(before.steps);
  expect(await weightsOf(page)).toEqual(weights);

  await page.getByRole('button', { name: 'Start from the checkpoints' }).click();
  await expect(page.getByTestId('resumed-notice')).toHaveCount(0);
  // Afresh: the lab opened again on its checkpoints (continuing nothing) and trains. (Its steps
  // restart from 0, but on wasm they pass the saved ones within seconds: not compared.)
  await expect
    .poll(async () => {
      const lab = await labOf(page);
      return lab.phase === 'open' && lab.running && lab.continuedAt.every((s) => s === null);
    })
    .toBe(true);
  expect(await weightsOf(page)).not.toEqual(weights);
  expect(errors).toEqual([]);
  await context.close();
});

test('bad session files are refused with what is wrong; the lab keeps training and keeps its networks', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  const { context, page } = await freshPage(browser, baseURL!, errors);
  await page.goto('/?backend=wasm');
  await waitForEngine(page);
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(2));
  const good = await saveSession(page);
  const cases = await badSessionFiles(new Uint8Array(good.bytes));
  expect(cases.length).toBeGreaterThanOrEqual(50);
  const start = await labOf(page);
  for (const [i, bad] of cases.entries()) {
    await loadSession(page, { name: `bad-${i}.curvlab`, bytes: Buffer.from(bad.bytes) });
    await expect
      .poll(async () => (await labOf(page)).notices.at(-1) ?? '', { message: bad.name })
      .toMatch(new RegExp(`^bad-${i}\\.curvlab was not loaded: `));
    expect((await labOf(page)).notices.at(-1), bad.name).toMatch(bad.fault);
  }
  const end = await labOf(page);
  expect(end.phase).toBe('open');
  expect(end.running).toBe(true);
  expect(end.origins).toEqual(start.origins);
  expect(end.resumed).toBeNull();
  for (const id of NETWORK_IDS) expect(end.steps[id]).toBeGreaterThan(start.steps[id]!);
  expect(errors).toEqual([]);
  await context.close();
});

test('a full disk stops the autosave, not the lab: the failure is reported once and training goes on', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const { context, page } = await freshPage(browser, baseURL!, errors);
  // Every IndexedDB write fails as it does when the origin's quota is used up.
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/?backend=wasm');
  await waitForEngine(page);
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(2));
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await expect(page.getByTestId('autosave-status')).toContainText(
    'Autosave failed: QuotaExceededError',
    { timeout: 60_000 },
  );
  await expect(page.getByTestId('notice')).toContainText(
    /Autosave failed \(QuotaExceededError.*\); the lab keeps training/,
  );
  const paused = await labOf(page);
  await page.evaluate(() => window.__curvatureLab!.control('play', 'all'));
  const next = Math.max(...Object.values(paused.steps)) + 1;
  await page.evaluate((n) => window.__curvatureLab!.waitForSteps(n), next);
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  const later = await labOf(page);
  for (const id of NETWORK_IDS) expect(later.steps[id]).toBeGreaterThan(paused.steps[id]!);
  expect(later.notices.filter((n) => n.startsWith('Autosave failed'))).toHaveLength(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('a session holds the models imported into its slots: loaded elsewhere, the slot is that model, bit for bit', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  const a = await freshPage(browser, baseURL!, errors);
  await a.page.goto('/?backend=wasm');
  await waitForEngine(a.page);
  await expect.poll(async () => (await labOf(a.page)).phase, { timeout: 60_000 }).toBe('open');
  await a.page.getByTestId('import-slot').selectOption('cure');
  await a.page.getByTestId('import-mode').selectOption('finetune');
  await a.page.getByLabel('Import model', { exact: true }).setInputFiles(goodModelFiles());
  await expect
    .poll(async () => (await labOf(a.page)).origins.find((o) => o.startsWith('cure:')), {
      timeout: 60_000,
    })
    .toMatch(/^cure:imported:/);
  await a.page.evaluate(() => window.__curvatureLab!.waitForSteps(3));
  await a.page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  const file = await saveSession(a.page);
  const saved = await weightsOf(a.page);
  const origins = (await labOf(a.page)).origins;

  const b = await freshPage(browser, baseURL!, errors);
  await b.page.goto('/?backend=wasm');
  await waitForEngine(b.page);
  await expect.poll(async () => (await labOf(b.page)).phase, { timeout: 60_000 }).toBe('open');
  await loadSession(b.page, file);
  await expect(b.page.getByTestId('resumed-notice')).toContainText(`Continued from ${file.name}`, {
    timeout: 120_000,
  });
  const loaded = await labOf(b.page);
  expect(loaded.origins).toEqual(origins);
  expect(await weightsOf(b.page)).toEqual(saved);
  await expect(b.page.getByText(/^imported: /)).toHaveCount(1);
  // Fine-tuned as before: one more step in both gives the same loss.
  await stepAll(a.page);
  await stepAll(b.page);
  expect((await labOf(b.page)).losses).toEqual((await labOf(a.page)).losses);
  expect(errors).toEqual([]);
  await a.context.close();
  await b.context.close();
});
