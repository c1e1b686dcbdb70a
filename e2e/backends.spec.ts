import { TINY_OP_EXPECTED } from '../src/worker/protocol';
import { expect, expectOnlySameOrigin, test, waitForEngine } from './fixtures';

for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
  test(`?backend=${backend} runs on ${backend} and computes the check op right`, async ({
    page,
    record,
    baseURL,
  }) => {
    await page.goto(`/?backend=${backend}`);
    await waitForEngine(page);
    await expect(page.getByTestId('backend-name')).toHaveText(backend);
    await expect(page.getByTestId('self-test')).toHaveText('self-test ✓');
    const result = await page.evaluate(() => window.__curvatureLab!.tinyOp());
    expect(result.backend).toBe(backend);
    result.values.forEach((value, i) => expect(value).toBeCloseTo(TINY_OP_EXPECTED[i]!, 4));
    await page.getByTestId('backend-status').locator('summary').click();
    await expect(page.getByTestId('backend-reason')).toContainText(`Forced by ?backend=${backend}`);
    expect(record.consoleErrors).toEqual([]);
    expectOnlySameOrigin(record, baseURL!);
  });
}

test('with no parameter the automatic choice is named and explained', async ({
  page,
  record,
  baseURL,
}) => {
  await page.goto('/');
  await waitForEngine(page);
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  const status = state.engine.status!;
  expect(status.requested).toBe('auto');
  await expect(page.getByTestId('backend-name')).toHaveText(status.name);
  await page.getByTestId('backend-status').locator('summary').click();
  const reason = page.getByTestId('backend-reason');
  // Headless Chromium here has a software WebGPU adapter, so the engine must have timed probes.
  if (status.adapter === null || status.adapter.isFallbackAdapter) {
    await expect(reason).toContainText('chose the fastest');
    const timed = status.candidates.filter((c) => c.msPerStep !== null);
    expect(timed.length).toBeGreaterThanOrEqual(2);
    const chosen = status.candidates.find((c) => c.outcome === 'chosen')!;
    expect(chosen.name).toBe(status.name);
    for (const other of timed) expect(other.msPerStep!).toBeGreaterThanOrEqual(chosen.msPerStep!);
    for (const candidate of status.candidates) {
      await expect(page.getByTestId(`candidate-${candidate.name}`)).toContainText(
        candidate.outcome,
      );
    }
  } else {
    await expect(reason).toContainText('hardware adapter');
  }
  await expect(page.getByTestId('self-test')).toHaveText('self-test ✓');
  expect(record.consoleErrors).toEqual([]);
  expectOnlySameOrigin(record, baseURL!);
});

test('a CNN rules out wasm and says why', async ({ page }) => {
  await page.goto('/?architecture=cnn');
  await waitForEngine(page);
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  const wasm = state.engine.status!.candidates.find((c) => c.name === 'wasm')!;
  expect(wasm.outcome).toBe('unsupported');
  expect(wasm.detail).toContain('Conv2DBackpropFilter');
  expect(state.engine.status!.name).not.toBe('wasm');
});

test('a lost WebGPU device is reported and the engine moves to another backend', async ({
  page,
  record,
}) => {
  await page.goto('/?backend=webgpu');
  await waitForEngine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu');
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await page.evaluate(() => window.__curvatureLab!.loseDevice());
  await expect(page.getByTestId('notice')).toContainText('The webgpu device was lost');
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('self-test')).toHaveText('self-test ✓');
  const result = await page.evaluate(() => window.__curvatureLab!.tinyOp());
  expect(result.backend).not.toBe('webgpu');
  // Nothing else was lost: the loaded data is still there.
  await expect(page.getByTestId('thumb')).toHaveCount(48);
  // Training goes on, on the new backend, from the checkpoints.
  await expect(page.getByTestId('notice')).toContainText('restart from their checkpoints');
  await expect
    .poll(() => page.evaluate(() => window.__curvatureLab!.state().lab.phase))
    .toBe('open');
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(1));
  const reopened = await page.evaluate(() =>
    window.__curvatureLab!.predict('cure', [new Array<number>(28 * 28).fill(0)]),
  );
  expect(reopened.pred).toHaveLength(1);
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  const webgpu = state.engine.status!.candidates.find((c) => c.name === 'webgpu')!;
  expect(webgpu.detail).toContain('lost');
  expect(record.consoleErrors).toEqual([]);
});
