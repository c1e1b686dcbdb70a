import type { Page } from '@playwright/test';
import { expect, test, waitForEngine } from './fixtures';

const hook = <T>(page: Page, fn: () => Promise<T> | T) => page.evaluate(fn);

/** The worker's tensor count with training paused and no analysis running (a running analysis
 * holds frozen copies of the networks; with training paused, none starts anew). With `expected`,
 * waits until the count is back to it: a reset or setting change makes the lab re-evaluate its
 * networks, and that evaluation holds its batch for a moment (it once read 122 for 100); a leak
 * never comes back and still fails. */
async function pausedMemory(page: Page, expected?: number): Promise<number> {
  await page.getByTestId('play-pause').filter({ hasText: 'pause' }).click();
  await expect(page.getByTestId('play-pause')).toHaveText(/play/);
  const memory = () => page.evaluate(() => window.__curvatureLab!.memory());
  await expect.poll(async () => (await memory()).analysisJobs, { timeout: 600_000 }).toBe(0);
  if (expected === undefined) return (await memory()).numTensors;
  await expect.poll(async () => (await memory()).numTensors, { timeout: 120_000 }).toBe(expected);
  return expected;
}

test('opens on the shipped MNIST checkpoints and shows their accuracies', async ({
  page,
  record,
}) => {
  await page.goto('/?dataset=mnist');
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  const origins = await hook(page, () => window.__curvatureLab!.state().lab.origins);
  expect(origins.map((o) => [o.id, o.source])).toEqual([
    ['standard', 'checkpoint'],
    ['adversarial', 'checkpoint'],
    ['cure', 'checkpoint'],
  ]);
  for (const origin of origins) {
    await expect(page.getByTestId(`clean-${origin.id}`)).toHaveText(/\d+\.\d %/);
    await expect(page.getByTestId(`pgd-${origin.id}`)).toHaveText(/\d+\.\d %/);
  }
  // Trained networks, not fresh ones: MNIST clean accuracy well above chance.
  for (const origin of origins) expect(origin.cleanAccuracy!).toBeGreaterThan(0.8);
  expect(record.consoleErrors).toEqual([]);
});

test('on cpu, MNIST: all three train ≥ 50 steps, γ applies at the next step, a NaN pauses one network only, tensors stay flat', async ({
  page,
  record,
}) => {
  test.setTimeout(900_000);
  // Small batches keep 50 PGD-AT steps affordable on the browser's pure-JS cpu backend.
  await page.goto(
    '/?dataset=mnist&backend=cpu&batchStandard=16&batchAdversarial=16&batchCure=16&pgdSteps=3',
  );
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(10));
  const before = await pausedMemory(page);
  await page.getByTestId('play-pause').click();

  // γ: type a new value; the CURE network reports it (and a regularizer) from its next step on.
  const gammaBefore = await hook(page, () => window.__curvatureLab!.state().lab.networks.cure);
  await page.getByTestId('setting-gamma').fill('7');
  await page.getByTestId('setting-gamma').press('Enter');
  await expect(page).toHaveURL(/gamma=7/);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.networks.cure.gamma === 7);
  const gammaAfter = await hook(page, () => window.__curvatureLab!.state().lab.networks.cure);
  expect(gammaBefore.gamma).toBe(4);
  expect(gammaAfter.step).toBeGreaterThan(gammaBefore.step);
  expect(gammaAfter.regularizer).not.toBe(gammaBefore.regularizer);
  await expect(page.getByTestId('cure-gamma-h')).toContainText('7');

  await hook(page, () => window.__curvatureLab!.waitForSteps(50));
  const state = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  for (const summary of Object.values(state)) {
    expect(summary.step).toBeGreaterThanOrEqual(50);
    expect(Number.isFinite(summary.loss)).toBe(true);
    expect(summary.msPerStep).toBeGreaterThan(0);
    expect(summary.evaluation).not.toBeNull();
  }

  // Divergence: poison the adversarial network; it pauses with its message, the others go on.
  await hook(page, () => window.__curvatureLab!.injectNaN('adversarial'));
  await expect(page.getByTestId('paused-adversarial')).toContainText('NaN');
  const pausedAt = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  await hook(page, () =>
    window.__curvatureLab!.waitForSteps(
      window.__curvatureLab!.state().lab.networks.standard.step + 5,
      'standard',
    ),
  );
  const later = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  expect(later.adversarial.step).toBe(pausedAt.adversarial.step);
  expect(later.cure.step).toBeGreaterThan(pausedAt.cure.step);
  expect(later.standard.pausedBecause).toBeNull();

  // Reset clears the divergence (restores the checkpoint weights); then the count is unchanged.
  await page.getByTestId('reset-adversarial').click();
  await expect(page.getByTestId('paused-adversarial')).toHaveCount(0);
  // Reset starts a fresh Adam, whose moments exist from its first step: count after one.
  await hook(page, () => window.__curvatureLab!.waitForSteps(1, 'adversarial'));
  await pausedMemory(page, before);
  expect(record.consoleErrors).toEqual([]);
});

test('on webgpu, a toy set: all three train ≥ 50 steps and tensors stay flat', async ({
  page,
  record,
}) => {
  test.setTimeout(900_000);
  // WebGPU here is a software adapter (PLATFORM.md): a 2-D toy set with a small batch, and the
  // narrowest demo network (spirals, 32-32: moons' 128-128 ran past 15 minutes here).
  await page.goto(
    '/?dataset=spirals&backend=webgpu&batchStandard=8&batchAdversarial=8&batchCure=8&pgdSteps=2',
  );
  await waitForEngine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu');
  await hook(page, () => window.__curvatureLab!.waitForSteps(5));
  const before = await pausedMemory(page);
  await page.getByTestId('play-pause').click();
  await hook(page, () => window.__curvatureLab!.waitForSteps(50));
  await pausedMemory(page, before);
  const networks = await hook(page, () => window.__curvatureLab!.state().lab.networks);
  for (const summary of Object.values(networks)) expect(summary.step).toBeGreaterThanOrEqual(50);
  expect(record.consoleErrors).toEqual([]);
});

test('CURE: choosing fine-tune from standard shows and sets its recipe; the h ramp starts at the reset', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  await page.goto('/?dataset=mnist');
  const line = page.getByTestId('cure-recipe-in-use');
  await expect(line).toHaveText('continuing its checkpoint: lr 1e-4, constant h = 1.5');
  await page.getByTestId('setting-cureStart').selectOption('finetune');
  await expect(line).toHaveText(
    'fine-tuning from standard: lr 1e-3, h ramps 0.05 → 1.5 over the first 240 steps after reset',
  );
  await expect(page.getByTestId('setting-lrCure')).toHaveValue('0.001');
  await expect(page).toHaveURL(/lrCure=0\.001.*hSchedule=ramp/);
  // The user may still change it; the line then also says what the recipe is, and restores it.
  await page.getByTestId('setting-lrCure').fill('0.0005');
  await page.getByTestId('setting-lrCure').press('Enter');
  await expect(page.getByTestId('cure-recipe')).toContainText('(changed from the recipe: lr 1e-3)');
  await page.getByTestId('cure-recipe-restore').click();
  await expect(page.getByTestId('setting-lrCure')).toHaveValue('0.001');
  await expect(page.getByTestId('cure-recipe-restore')).toHaveCount(0);

  // In the worker: after CURE's reset, its first step uses the ramp's first h (1.5/30).
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(2));
  await page.getByTestId('play-pause').filter({ hasText: 'pause' }).click();
  await expect(page.getByTestId('play-pause')).toHaveText(/play/);
  await page.getByTestId('reset-cure').click();
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.networks.cure.step === 0);
  await page.getByTestId('step-all').click();
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.networks.cure.step === 1);
  const cure = await hook(page, () => window.__curvatureLab!.state().lab.networks.cure);
  expect(cure.h).toBeCloseTo(0.05, 6);
  expect(cure.startedFrom).toBe('finetune');
  await expect(page.getByTestId('origin-cure')).toContainText('fine-tuning from standard');
  expect(record.consoleErrors).toEqual([]);
});

test('a link with cureStart=finetune opens CURE on the standard network, its h ramp from step 0, and says so', async ({
  page,
  record,
}) => {
  await page.goto('/?dataset=mnist&backend=wasm&cureStart=finetune');
  await waitForEngine(page);
  await hook(page, () => window.__curvatureLab!.waitForSteps(2));
  const cure = await hook(page, () => window.__curvatureLab!.state().lab.networks.cure);
  expect(cure.startedFrom).toBe('finetune');
  // The ramp's first value (1.5 / 30) holds for its first stage (60 steps): h counts from the open.
  expect(cure.h).toBeCloseTo(0.05, 6);
  await expect(page.getByTestId('origin-cure')).toContainText('fine-tuning from standard');
  await expect(page.getByTestId('origin-cure')).not.toContainText('manifest');
  await expect(page.getByTestId('origin-standard')).toContainText('from its checkpoint');
  expect(record.consoleErrors).toEqual([]);
});

test('on wasm, MNIST: every live figure names its step and ε, the three re-evaluate together after an ε change, and figures advance while training', async ({
  page,
  record,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?dataset=mnist&backend=wasm');
  await waitForEngine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  const evaluations = () =>
    hook(page, () =>
      Object.values(window.__curvatureLab!.state().lab.networks).map((n) => n.evaluation),
    );

  // The first round lands for all three columns, and each says what it was measured at.
  await expect.poll(async () => (await evaluations()).every((e) => e !== null)).toBe(true);
  const first = (await evaluations()).map((e) => e!);
  expect(new Set(first.map((e) => e.round)).size).toBe(1);
  for (const id of ['standard', 'adversarial', 'cure']) {
    await expect(page.getByTestId(`evaluated-${id}`)).toHaveText(
      /^evaluated at step \d+ · PGD-20 at ε 0\.1 ℓ∞ · h 1\.5$/,
    );
    await expect(page.getByTestId(`stats-${id}`)).toContainText(/on \d+ test \/ \d+ probe points/);
    await expect(page.getByTestId(`pgd-${id}`)).toHaveText(/\d+\.\d %/);
  }

  // While training, later rounds replace them: later steps, a later round, for all three.
  await expect
    .poll(async () =>
      (await evaluations()).every((e, i) => e!.round > first[i]!.round && e!.step > first[i]!.step),
    )
    .toBe(true);

  // ε changes: all three columns are marked stale at once, saying so…
  await page.getByTestId('setting-eps').fill('0.2');
  await page.getByTestId('setting-eps').press('Enter');
  // The first mark to appear finds the other two already there (one render marks all three),
  // each saying why. Read at that moment: on wasm the new round can land within a second and
  // take the marks away again.
  const marksAtFirst = await page.waitForFunction(() => {
    const marks = Array.from(document.querySelectorAll('[data-testid^="stale-"]'));
    return marks.length > 0
      ? marks.map((m) => `${m.getAttribute('data-testid')}: ${m.textContent}`)
      : null;
  });
  expect((await marksAtFirst.jsonValue())!.sort()).toEqual(
    ['adversarial', 'cure', 'standard'].map(
      (id) => `stale-${id}: stale: ε changed to 0.2 — re-evaluating`,
    ),
  );

  // …then one round re-evaluates all three at ε = 0.2, and every column says so.
  await expect.poll(async () => (await evaluations()).every((e) => e!.eps === 0.2)).toBe(true);
  const after = (await evaluations()).map((e) => e!);
  expect(new Set(after.map((e) => e.round)).size).toBe(1);
  for (const id of ['standard', 'adversarial', 'cure']) {
    await expect(page.getByTestId(`stale-${id}`)).toHaveCount(0);
    await expect(page.getByTestId(`evaluated-${id}`)).toContainText('PGD-20 at ε 0.2 ℓ∞');
    await expect(page.getByTestId(`stats-${id}`)).toHaveAttribute('data-eps', '0.2');
  }
  expect(record.consoleErrors).toEqual([]);
});
