/**
 * "all d" on wasm, the automatic backend on machines without a GPU: the full input-Hessian
 * spectrum (784 batched HVPs, then a dense eigensolver) must hold the same top eigenvalues as
 * Lanczos, which reaches H through another path (one HVP at a time). tfjs-wasm 4.22's OneHot once
 * made every basis vector 1.4e-45, so the full spectrum came out ~0 while Lanczos was right.
 */
import { NETWORK_IDS } from '../src/core/names';
import { expect, test, waitForEngine } from './fixtures';

test('on wasm, MNIST: the full spectrum ("all d") agrees with Lanczos top-k for every network', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  await page.goto(
    '/?backend=wasm&dataset=mnist&sample=8&fullSpectrum=true&topK=3&resolution=16&boundsPoints=1&curvePoints=10',
  );
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  // Paused, the analysis has the worker to itself: 3 × 784 HVPs.
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis({ batch: false }));
  expect(await page.evaluate(() => window.__curvatureLab!.state().engine.status?.name)).toBe(
    'wasm',
  );
  for (const id of NETWORK_IDS) {
    const spectrum = await page.evaluate((network) => {
      const result = window.__curvatureLab!.result('spectrum', network)!;
      return { topk: Array.from(result.topk), full: Array.from(result.full) };
    }, id);
    expect(spectrum.full).toHaveLength(784);
    const scale = spectrum.topk[0]!;
    expect(scale, id).toBeGreaterThan(1e-3);
    // Same frozen weights, float32 HVPs both ways; Lanczos converges to ~1e-5 relative.
    spectrum.topk.forEach((value, i) =>
      expect(Math.abs(spectrum.full[i]! - value), `${id} λ${i + 1}`).toBeLessThan(1e-3 * scale),
    );
  }
  expect(record.consoleErrors).toEqual([]);
});

test('MNIST test #1: the exact and finite-difference spectra disagree; the note says why and switches views', async ({
  page,
  record,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  // Test #1 with the shipped ReLU MLPs: exact λmax ranks adversarial first (2.1 against
  // standard's 0.11), the finite difference at h = 1.5 ranks standard first (4.5 against 1.6).
  await page.goto(
    '/?backend=wasm&dataset=mnist&sample=1&topK=3&resolution=16&boundsPoints=4&curvePoints=10',
  );
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis({ atCurrentSteps: true }));
  const results = await page.evaluate((ids) => {
    const hook = window.__curvatureLab!;
    return ids.map((id) => {
      const spectrum = hook.result('spectrum', id)!;
      const mean = hook.result('curvatureMean', id)!;
      return {
        id,
        exact: spectrum.topk[0]!,
        fd: spectrum.fdTopk[0]!,
        fdH: spectrum.fdH,
        mean: { count: mean.count, exact: mean.exactMean, fd: mean.fdMean, fdH: mean.fdH },
      };
    });
  }, NETWORK_IDS);
  const top = (key: 'exact' | 'fd') =>
    results.reduce((best, r) => (r[key] > best[key] ? r : best)).id;
  // The rule, checked against the worker's numbers: the most curved network differs.
  expect(top('fd')).toBe('standard');
  expect(top('exact')).not.toBe('standard');
  for (const r of results) {
    expect(r.fdH).toBe(1.5);
    expect(r.mean).toMatchObject({ count: 4, fdH: 1.5 });
    expect(Number.isFinite(r.mean.exact) && Number.isFinite(r.mean.fd)).toBe(true);
  }

  const panel = page.getByTestId('spectrum-panel');
  const line = panel.getByTestId('spectrum-disagreement');
  await expect(line).toBeVisible();
  await expect(line).toContainText('ReLU kinks are invisible to it');
  await expect(line).toContainText('finite differences at h = 1.5 rank Standard');
  await expect(panel.getByTestId('spectrum-values')).toContainText('mean of first 4 test points');
  // Each network's sample value and mean are shown beside each other, in the exact view.
  const shown = async (kind: 'value' | 'mean', id: string) =>
    Number(
      ((await panel.getByTestId(`spectrum-${kind}-${id}`).textContent()) ?? '').replace('−', '-'),
    );
  for (const r of results) {
    expect(await shown('value', r.id)).toBeCloseTo(r.exact, 2);
    expect(await shown('mean', r.id)).toBeCloseTo(r.mean.exact, 2);
  }
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: test.info().outputPath('spectrum-exact.png') });

  // One click: the finite-difference view, mirrored in the URL; no new computation needed.
  await panel.getByTestId('spectrum-show-fd').click();
  await expect(panel.getByTestId('spectrum-note')).toHaveAttribute('data-view', 'fd');
  await expect(panel.getByTestId('spectrum-fd-caption')).toContainText('h = 1.5');
  await expect(panel.getByTestId('spectrum-disagreement')).toHaveCount(0);
  expect(page.url()).toContain('spectrumView=fd');
  for (const r of results) {
    expect(await shown('value', r.id)).toBeCloseTo(r.fd, 2);
    expect(await shown('mean', r.id)).toBeCloseTo(r.mean.fd, 2);
  }
  await panel.screenshot({ path: test.info().outputPath('spectrum-fd.png') });
  await panel.getByTestId('spectrum-show-exact').click();
  await expect(panel.getByTestId('spectrum-disagreement')).toBeVisible();
  expect(record.consoleErrors).toEqual([]);
});
