/**
 * Faults survived (issue 18, item 4): an engine worker that dies — by an uncaught error, or
 * silently — is noticed, restarted, and the lab continues from its autosave (or its checkpoints)
 * with a notice naming the steps; a network that diverges (γ = 10⁶, a learning rate of 10) pauses
 * alone, with why, while the others train on.
 */
import type { Page } from '@playwright/test';
import { NETWORK_IDS, type NetworkId } from '../src/core/names';
import { expect, test, waitForEngine } from './fixtures';

const hook = <T>(page: Page, fn: () => T | Promise<T>) => page.evaluate(fn);

const originSteps = (page: Page) =>
  hook(page, () =>
    window.__curvatureLab!.state().lab.origins.map((origin) => origin.continuedAtStep),
  );

test('an engine killed by an uncaught error is restarted within seconds and the lab continues from its autosave', async ({
  page,
  record,
}) => {
  test.setTimeout(240_000);
  await page.goto('/?dataset=moons&backend=wasm');
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(4));
  // Pausing autosaves the lab: that copy is what a restart continues from.
  await hook(page, () => window.__curvatureLab!.control('pause', 'all'));
  await page.waitForFunction(() => window.__curvatureLab!.state().sessions.lastAutosaveAt !== null);
  const saved = await hook(page, () => window.__curvatureLab!.weights());
  await hook(page, () => window.__curvatureLab!.control('play', 'all'));
  const past = Math.max(...saved.map((n) => n.step)) + 3;
  await page.evaluate((n) => window.__curvatureLab!.waitForSteps(n), past);

  const killedAt = Date.now();
  await page.evaluate(() => window.__curvatureLab!.crashEngine('error'));
  const notice = page.getByTestId('notice').filter({ hasText: 'The engine stopped' });
  await expect(notice).toContainText('an uncaught error in the engine', { timeout: 20_000 });
  const steps = saved.map((n) => n.step).join(' / ');
  await expect(notice).toContainText(`continue from the autosave of`, { timeout: 90_000 });
  await expect(notice).toContainText(`steps ${steps} (standard / adversarial / CURE)`);
  const restartedIn = Date.now() - killedAt;
  console.log(`restarted and continued in ${(restartedIn / 1000).toFixed(1)} s`);

  // Each network continues at its saved step, and the lab trains on (it was training).
  expect(await originSteps(page)).toEqual(saved.map((n) => n.step));
  await hook(page, (): Promise<void> =>
    window.__curvatureLab!.waitForSteps(
      Math.max(...window.__curvatureLab!.state().lab.origins.map((o) => o.continuedAtStep!)) + 3,
    ),
  );
  await expect(page.getByTestId('resumed-notice')).toContainText('Continued from the autosave');
  // The analyses come back for the restarted networks.
  await hook(page, () => window.__curvatureLab!.waitForAnalysis({ batch: false }));
  expect(record.consoleErrors).toEqual([]);
});

test('an engine that exits without a word is noticed at once by its life lock; with no autosave yet the lab restarts from its checkpoints and says so', async ({
  page,
  record,
}) => {
  test.setTimeout(240_000);
  await page.goto('/?dataset=moons&backend=wasm');
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(2));
  const killedAt = Date.now();
  await page.evaluate(() => window.__curvatureLab!.crashEngine('exit'));
  const notice = page.getByTestId('notice').filter({ hasText: 'The engine stopped' });
  // No error event and no answer: the Web Lock the worker held for its life is released.
  await expect(notice).toContainText('(the engine worker exited)', { timeout: 15_000 });
  console.log(`exit noticed in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
  await expect(notice).toContainText(
    'The networks start again from their checkpoints: no autosave had been made yet.',
  );
  // The notice comes as soon as no autosave is found; the fresh engine then opens the lab anew.
  await page.waitForFunction(() => {
    const { engine, lab } = window.__curvatureLab!.state();
    return engine.phase === 'ready' && lab.phase === 'open';
  });
  expect(await originSteps(page)).toEqual(NETWORK_IDS.map(() => null));
  await hook(page, () => window.__curvatureLab!.waitForSteps(3));
  expect(record.consoleErrors).toEqual([]);
});

/**
 * Types `value` into a setting's box, as a lecturer showing divergence would; `network` must pause
 * with why, and `witness` (still healthy) must train on while it stays paused.
 */
async function divergeAlone(
  page: Page,
  setting: string,
  value: string,
  network: NetworkId,
  advice: string,
  witness: NetworkId,
) {
  await page.getByTestId(`setting-${setting}`).fill(value);
  await page.getByTestId(`setting-${setting}`).press('Enter');
  const paused = page.getByTestId(`paused-${network}`);
  await expect(paused).toContainText(/exploded|NaN or infinite/);
  await expect(paused).toContainText(advice);
  const before = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  await page.evaluate(([id, n]) => window.__curvatureLab!.waitForSteps(n, id), [
    witness,
    before[witness].step + 3,
  ] as const);
  const after = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  expect(after[network].step).toBe(before[network].step);
  expect(after[witness].pausedBecause).toBeNull();
}

test('γ = 10⁶ pauses CURE alone and a learning rate of 10 pauses the standard network alone, each with why', async ({
  page,
  record,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?dataset=moons&backend=wasm');
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(2));
  await divergeAlone(page, 'gamma', '1000000', 'cure', 'Lower the learning rate or γ', 'standard');
  await divergeAlone(
    page,
    'lrStandard',
    '10',
    'standard',
    'Lower the learning rate',
    'adversarial',
  );
  const { networks } = await hook(page, () => window.__curvatureLab!.state().lab);
  expect(networks.adversarial.pausedBecause).toBeNull();
  // Neither divergence is a notice: each column says it where it happened. (A slow forced
  // backend may have its own notice on a loaded machine: backendProbe.ts.)
  const notices = await hook(page, () => window.__curvatureLab!.state().notices);
  expect(notices.filter((n) => /exploded|NaN|infinite|learning rate/.test(n.text))).toEqual([]);
  expect(record.consoleErrors).toEqual([]);
});
