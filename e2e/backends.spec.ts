import { TINY_OP_EXPECTED } from '../src/worker/protocol';
import { expect, expectOnlySameOrigin, test, waitForEngine } from './fixtures';
import { measureSlowdown, SLOWDOWN_WARNING_FACTOR } from '../src/worker/slowdown';

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
  // The automatic choice is always measured (a hardware adapter too): probes timed, fastest kept.
  await expect(reason).toContainText('chose the fastest');
  const timed = status.candidates.filter((c) => c.msPerStep !== null);
  expect(timed.length).toBeGreaterThanOrEqual(2);
  const chosen = status.candidates.find((c) => c.outcome === 'chosen')!;
  expect(chosen.name).toBe(status.name);
  for (const other of timed) expect(other.msPerStep!).toBeGreaterThanOrEqual(chosen.msPerStep!);
  for (const candidate of status.candidates) {
    await expect(page.getByTestId(`candidate-${candidate.name}`)).toContainText(candidate.outcome);
  }
  // Headless Chromium here offers a software WebGPU adapter: named, not timed (it never wins).
  if (status.adapter?.isFallbackAdapter) {
    await expect(page.getByTestId('candidate-webgpu')).toContainText('software WebGPU adapter');
  }
  await expect(page.getByTestId('self-test')).toHaveText('self-test ✓');
  expect(record.consoleErrors).toEqual([]);
  expectOnlySameOrigin(record, baseURL!);
});

test('the CNN trains on wasm (our conv weight-gradient kernel): all three networks step, no kernel error', async ({
  page,
  record,
}) => {
  // A CNN's PGD-7 step and its first evaluation (PGD-20 on 500 points) take seconds on wasm here.
  test.setTimeout(360_000);
  await page.goto('/?backend=wasm&architecture=cnn&dataset=mnist');
  await waitForEngine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  // Forcing wasm for a CNN no longer warns that training will fail.
  expect(state.engine.status!.reason).not.toContain('lacks');
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(2));
  const after = await page.evaluate(() => window.__curvatureLab!.state());
  for (const id of ['standard', 'adversarial', 'cure'] as const) {
    expect(after.lab.networks[id].step, id).toBeGreaterThanOrEqual(2);
    expect(after.lab.networks[id].pausedBecause, id).toBeNull();
  }
  expect(JSON.stringify(after.notices)).not.toContain('not registered');
  expect(record.consoleErrors).toEqual([]);
});

test('a network without a checkpoint for its build says plainly that it starts untrained', async ({
  page,
}) => {
  // Spirals ships ReLU only (smooth activations did not learn its arms in the demo's budget).
  await page.goto('/?backend=cpu&dataset=spirals&activation=tanh');
  await waitForEngine(page);
  for (const id of ['standard', 'adversarial', 'cure'] as const) {
    await expect(page.getByTestId(`untrained-${id}`)).toHaveText(
      'Untrained: no checkpoint for Spirals · MLP · tanh, so this network starts from random weights.',
    );
  }
  // The pickers say so before anyone picks: the untrained choices are marked.
  const activations = page.getByTestId('activation-picker').locator('option');
  await expect(activations).toHaveText([
    'ReLU',
    'softplus · untrained',
    'GELU · untrained',
    'tanh · untrained',
  ]);
  // The shipped default build opens trained, with no such notice.
  await page.goto('/?backend=cpu&dataset=moons');
  await waitForEngine(page);
  await expect(page.getByTestId('stats-standard')).toContainText('from its checkpoint');
  await expect(page.getByTestId('untrained-standard')).toHaveCount(0);
});

test('a lost WebGPU device is reported; the engine moves to another backend and the networks continue', async ({
  page,
  record,
}) => {
  // Software WebGPU is slow here, and pausing also autosaves the lab (a read of every weight and
  // Adam moment): more than the default two minutes when the machine is busy.
  test.setTimeout(240_000);
  // Moons: a few webgpu steps take seconds on the software adapter here, not minutes.
  await page.goto('/?backend=webgpu&dataset=moons');
  await waitForEngine(page);
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu');
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(3));
  // Paused, so that the weights before and after can be compared exactly.
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await expect(page.getByTestId('play-pause')).toHaveText(/play/);
  const grid = Array.from({ length: 64 }, (_, i) => [
    -1.5 + (i % 8) * 0.43,
    -1.5 + Math.floor(i / 8) * 0.43,
  ]);
  const predictAll = (points: number[][]) =>
    page.evaluate(async (inputs) => {
      const lab = window.__curvatureLab!;
      return {
        standard: await lab.predict('standard', inputs),
        adversarial: await lab.predict('adversarial', inputs),
        cure: await lab.predict('cure', inputs),
      };
    }, points);
  const before = await predictAll(grid);
  const steps = [before.standard.step, before.adversarial.step, before.cure.step];
  expect(Math.min(...steps)).toBeGreaterThanOrEqual(3);

  await page.evaluate(() => window.__curvatureLab!.loseDevice());
  // By text: forced software WebGPU may also have earned a slowdown warning by now.
  const lost = page.getByTestId('notice').filter({ hasText: 'device was lost' });
  await expect(lost).toContainText('The webgpu device was lost');
  await expect(lost).toContainText(
    `continue from their last copy off the device (steps ${steps.join(' / ')})`,
  );
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('self-test')).toHaveText('self-test ✓');
  const result = await page.evaluate(() => window.__curvatureLab!.tinyOp());
  expect(result.backend).not.toBe('webgpu');
  await expect
    .poll(() => page.evaluate(() => window.__curvatureLab!.state().lab.phase))
    .toBe('open');

  // Nothing was lost: same data, same steps, same weights (same answers), still paused.
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  expect(state.data.info?.name).toBe('Two moons');
  expect(state.lab.origins.map((o) => o.continuedAtStep)).toEqual(steps);
  expect(state.lab.running).toBe(false);
  const after = await predictAll(grid);
  expect(after).toEqual(before);
  const webgpu = state.engine.status!.candidates.find((c) => c.name === 'webgpu')!;
  expect(webgpu.detail).toContain('lost');

  // And training goes on from there, on the new backend.
  await page.getByTestId('play-pause').click();
  await page.evaluate((n) => window.__curvatureLab!.waitForSteps(n), Math.max(...steps) + 2);
  expect(record.consoleErrors).toEqual([]);
});

test('?backend=cpu on MNIST: a warning says how much slower cpu is than the best backend here', async ({
  page,
  record,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=cpu&dataset=mnist&resolution=16&boundsPoints=1&curvePoints=10');
  await waitForEngine(page);
  const notice = page.getByTestId('notice').filter({ hasText: 'slower than' });
  // The probe waits for the lab's first analysis (at most 5 s after it opened), then times each
  // backend in a worker of its own.
  await expect
    .poll(() => page.evaluate(() => window.__curvatureLab!.backendProbes().length), {
      timeout: 120_000,
    })
    .toBe(1);
  const [record0] = await page.evaluate(() => window.__curvatureLab!.backendProbes());
  const slowdown = measureSlowdown('cpu', record0!.candidates);
  expect(slowdown).not.toBeNull();
  // Whether it warns depends on the factor measured under this machine's load (usually 10–13×
  // here, but a loaded run can time cpu and wasm closer): below the threshold, no notice.
  if (slowdown!.factor < SLOWDOWN_WARNING_FACTOR) {
    test.info().annotations.push({
      type: 'no warning',
      description: `measured factor ${slowdown!.factor.toFixed(2)} < ${SLOWDOWN_WARNING_FACTOR}`,
    });
    await expect(page.getByTestId('notice').filter({ hasText: 'slower than' })).toHaveCount(0);
    expect(record.consoleErrors).toEqual([]);
    return;
  }
  await expect(notice).toBeVisible({ timeout: 30_000 });
  const text = (await notice.textContent()) ?? '';
  const match = /cpu is ~([\d.]+)× slower than (\w+) here \(probe: ([\d.]+) ms vs ([\d.]+) ms/.exec(
    text,
  );
  expect(match, text).not.toBeNull();
  const [, factor, best, forcedMs, bestMs] = match!;
  expect(Number(factor)).toBeGreaterThan(1);
  expect(best).not.toBe('cpu');
  expect(Number(forcedMs)).toBeGreaterThan(Number(bestMs));
  // The engine stays on the backend the user forced; the probe ran once, after the first results.
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  expect(state.engine.status!.name).toBe('cpu');
  const probes = await page.evaluate(() => window.__curvatureLab!.backendProbes());
  expect(probes).toHaveLength(1);
  expect(probes[0]!.forced).toBe('cpu');
  expect(Number(factor)).toBeCloseTo(slowdown!.factor, 0);
  test.info().annotations.push({
    type: 'probe cost',
    description: `${probes[0]!.probeMs.toFixed(0)} ms in the probe worker, ${probes[0]!.totalMs.toFixed(0)} ms from start to answer; ${probes[0]!.candidates.map((c) => `${c.name}: ${c.msPerStep?.toFixed(1) ?? c.outcome}`).join(', ')}`,
  });
  await page.screenshot({ path: test.info().outputPath('cpu-warning.png') });
  expect(record.consoleErrors).toEqual([]);
});
