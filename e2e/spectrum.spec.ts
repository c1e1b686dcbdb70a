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
