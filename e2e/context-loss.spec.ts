/**
 * A landscape view whose WebGL context is lost (WEBGL_lose_context, as a GPU reset would) says
 * so in its own box while the other views and the training carry on; when the context comes back
 * it redraws the same picture, and when it does not, its "Rebuild" button gives it a new one.
 * Real headless Chromium: the networks train on wasm, the landscapes draw with WebGL (SwiftShader).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, waitForEngine } from './fixtures';
import { NETWORK_IDS, type NetworkId } from '../src/core/names';
import type { Notice } from '../src/state/store';

/** Small settings that keep the analyses affordable on wasm. */
const URL = '/?dataset=moons&backend=wasm&pgdSteps=2&resolution=32&boundsPoints=4&curvePoints=40';

/** The view's canvas carries the lose-context extension: it must be fetched before the loss, as
 * getExtension answers null on a lost context and restoreContext() is called on the same object. */
type Losable = HTMLCanvasElement & { loseContextExtension?: WEBGL_lose_context };

async function open(page: Page): Promise<void> {
  await page.goto(URL);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis({ batch: false }));
}

const view = (page: Page, id: NetworkId) => page.getByTestId(`landscape-${id}`);
const message = (page: Page, id: NetworkId) => page.getByTestId(`landscape-${id}-gl-message`);
const renders = async (page: Page, id: NetworkId) =>
  Number(await view(page, id).getAttribute('data-renders'));

/** What the canvas shows: how many distinct colours (a blank or cleared canvas has one or two)
 * and its top-left pixel, which is the clear colour. The views keep their drawing buffer
 * (preserveDrawingBuffer), so a copy onto a 2-D canvas reads the last picture. */
async function picture(canvas: Locator): Promise<{ colours: number; corner: number[] }> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = element.width;
    copy.height = element.height;
    const context = copy.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(element, 0, 0);
    const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4 * 5) {
      colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
    }
    return { colours: colours.size, corner: Array.from(pixels.subarray(0, 4)) };
  });
}

async function loseContext(canvas: Locator): Promise<void> {
  await canvas.evaluate((element: Losable) => {
    // The view's renderer made a WebGL2 context on this canvas; asking again returns that one.
    const gl = element.getContext('webgl2')!;
    element.loseContextExtension = gl.getExtension('WEBGL_lose_context')!;
    element.loseContextExtension.loseContext(); // 'webglcontextlost' follows, asynchronously
  });
}

/** Each network's step now. */
const steps = (page: Page): Promise<Record<NetworkId, number>> =>
  page.evaluate(() => {
    const networks = window.__curvatureLab!.state().lab.networks;
    return {
      standard: networks.standard.step,
      adversarial: networks.adversarial.step,
      cure: networks.cure.step,
    };
  });

/** Why a network paused itself (a diverged loss), or null while it trains. */
const pausedBecause = (page: Page, id: NetworkId) =>
  page.evaluate((n) => window.__curvatureLab!.state().lab.networks[n].pausedBecause, id);

/** Notices the user would see as trouble. */
const troubles = (page: Page) =>
  page.evaluate(() =>
    window.__curvatureLab!.state().notices.filter((notice: Notice) => notice.kind !== 'info'),
  );

/** WebGL's own complaints ("WebGL: INVALID_OPERATION: …") and three.js's. The driver's notes on
 * the tests' pixel read-backs ("GL Driver Message … GPU stall due to ReadPixels") are not these. */
const isGlComplaint = (line: string) => /WebGL: |THREE\./.test(line);

/** The page's console warnings (each test attaches them to its report as an annotation). */
function watchWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (line) => {
    if (line.type() === 'warning') warnings.push(line.text());
  });
  return warnings;
}

test('a lost WebGL context: its view says so, the others and training go on; restored, it redraws', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  const warnings = watchWarnings(page);
  await open(page);
  const troublesBefore = await troubles(page);
  const lost = view(page, 'standard').locator('canvas');
  await view(page, 'standard').scrollIntoViewIfNeeded();
  await expect(view(page, 'standard')).toHaveAttribute('data-renders', /[1-9]/);
  const before = await picture(lost);
  expect(before.colours).toBeGreaterThan(20);

  await loseContext(lost);
  await expect(message(page, 'standard')).toBeVisible();
  await expect(message(page, 'standard')).toHaveAttribute('role', 'status');
  await expect(message(page, 'standard')).toContainText('lost its graphics context');
  for (const id of ['adversarial', 'cure'] as const) await expect(message(page, id)).toHaveCount(0);
  const shot = test.info().outputPath('context-lost-1280x720.png');
  await page.screenshot({ path: shot });
  await test.info().attach('a lost context, at 1280×720', { path: shot, contentType: 'image/png' });
  await view(page, 'standard').screenshot({
    path: test.info().outputPath('context-lost-view.png'),
  });

  // The other views still draw: orbit from one of them; both redraw, the lost one does not try.
  const stepsAtLoss = await steps(page);
  const rendersAtLoss = {
    standard: await renders(page, 'standard'),
    adversarial: await renders(page, 'adversarial'),
    cure: await renders(page, 'cure'),
  };
  const camera = await view(page, 'adversarial').getAttribute('data-camera');
  await view(page, 'adversarial').locator('canvas').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(view(page, 'adversarial')).not.toHaveAttribute('data-camera', camera!);
  for (const id of ['adversarial', 'cure'] as const) {
    await expect.poll(() => renders(page, id)).toBeGreaterThan(rendersAtLoss[id]);
    expect((await picture(view(page, id).locator('canvas'))).colours).toBeGreaterThan(20);
  }
  // The networks keep training. On moons the CURE network at its default rate can diverge a few
  // hundred steps in and pause itself (its panel says so): that is its own matter, not the GPU's.
  const trained: NetworkId[] = [];
  for (const id of NETWORK_IDS) {
    await expect
      .poll(
        async () =>
          (await steps(page))[id] > stepsAtLoss[id] + 2 || (await pausedBecause(page, id)) !== null,
        {
          message: `${id} trains on`,
        },
      )
      .toBe(true);
    if ((await pausedBecause(page, id)) === null) trained.push(id);
    else expect(await pausedBecause(page, id)).toMatch(/loss exploded|NaN or infinite/);
  }
  expect(trained).toContain('standard');
  expect(await renders(page, 'standard')).toBe(rendersAtLoss.standard);
  await expect(message(page, 'standard')).toBeVisible();

  // Pause, and let the analyses catch up: from here no new landscape arrives, so a redraw after
  // the restore is the view's own doing (renders are on demand; nothing draws in a loop).
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await page.evaluate(() =>
    window.__curvatureLab!.waitForAnalysis({ batch: false, atCurrentSteps: true }),
  );

  // Restored: the message goes, the view draws again, on its theme's background (three.js resets
  // its clear colour to black on a restore).
  await lost.evaluate((element: Losable) => element.loseContextExtension!.restoreContext());
  await expect(message(page, 'standard')).toHaveCount(0);
  await expect.poll(() => renders(page, 'standard')).toBeGreaterThan(rendersAtLoss.standard);
  const after = await picture(lost);
  expect(after.colours).toBeGreaterThan(20);
  expect(after.corner).toEqual(before.corner);

  // Talk mode unmounts the lab's views: the restored one is disposed like any other.
  const restored = await lost.elementHandle();
  await page.getByRole('button', { name: /Talk/ }).click();
  await expect(page.getByTestId('talk')).toBeVisible();
  expect(await restored!.evaluate((element) => element.isConnected)).toBe(false);
  await page.evaluate(() => new Promise(requestAnimationFrame));

  expect(await troubles(page)).toEqual(troublesBefore);
  expect(record.consoleErrors).toEqual([]);
  expect(warnings.filter(isGlComplaint)).toEqual([]);
  test.info().annotations.push({ type: 'console warnings', description: warnings.join('\n') });
});

test('a lost WebGL context that never comes back: "Rebuild" gives the view a new one', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  const warnings = watchWarnings(page);
  await open(page);
  await view(page, 'cure').scrollIntoViewIfNeeded();
  const old = view(page, 'cure').locator('canvas');
  await expect(view(page, 'cure')).toHaveAttribute('data-renders', /[1-9]/);
  await old.evaluate((element) => element.setAttribute('data-old', ''));

  await loseContext(old);
  await expect(message(page, 'cure')).toContainText('lost its graphics context');
  const rebuild = message(page, 'cure').getByRole('button', { name: 'Rebuild the 3-D view' });
  await expect(rebuild).toBeVisible({ timeout: 15_000 });
  await view(page, 'cure').screenshot({ path: test.info().outputPath('rebuild-offer-view.png') });
  await rebuild.click();

  await expect(message(page, 'cure')).toHaveCount(0);
  // One canvas, a new one, drawn with the landscape it had.
  await expect(view(page, 'cure').locator('canvas')).toHaveCount(1);
  await expect(view(page, 'cure').locator('canvas[data-old]')).toHaveCount(0);
  await expect
    .poll(async () => (await picture(view(page, 'cure').locator('canvas'))).colours)
    .toBeGreaterThan(20);
  // The new canvas is under the shared camera: orbiting from it moves every view.
  const camera = await view(page, 'standard').getAttribute('data-camera');
  await view(page, 'cure').locator('canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expect(view(page, 'standard')).not.toHaveAttribute('data-camera', camera!);

  expect(record.consoleErrors).toEqual([]);
  expect(warnings.filter(isGlComplaint)).toEqual([]);
  test.info().annotations.push({ type: 'console warnings', description: warnings.join('\n') });
});
