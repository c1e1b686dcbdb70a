import { expect, expectOnlySameOrigin, test, waitForEngine } from './fixtures';
import { NETWORK_IDS } from '../src/core/names';

test('opens on MNIST with a gallery of real test images and the three-network layout', async ({
  page,
  record,
  baseURL,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await expect(page.getByTestId('thumb')).toHaveCount(48);
  // The first MNIST test image is the famous 7.
  await expect(page.getByTestId('thumb').first()).toHaveAccessibleName('test image 0, label 7');
  for (const id of NETWORK_IDS) {
    await expect(page.getByTestId(`network-${id}`)).toBeVisible();
  }
  // The thumbnail canvas holds the digit, not a blank: some bright and some dark pixels.
  const brightness = await page
    .getByTestId('thumb')
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let bright = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! > 128) bright++;
      return bright;
    });
  expect(brightness).toBeGreaterThan(40);
  expect(brightness).toBeLessThan(400);
  await waitForEngine(page);
  await expect(page).toHaveURL(/dataset=mnist/);
  expect(record.consoleErrors).toEqual([]);
  // The worker's own fetches are recorded too, so the origin check below covers them.
  expect(record.requests.some((url) => url.endsWith('/data/mnist/test-images.u8'))).toBe(true);
  expect(record.requests.some((url) => url.endsWith('.wasm'))).toBe(true);
  expectOnlySameOrigin(record, baseURL!);
});

test('switching datasets loads each one, in the URL too', async ({ page, record }) => {
  await page.goto('/');
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await page.getByTestId('dataset-picker').selectOption('fashion');
  await expect(page.getByTestId('thumb').first()).toHaveAccessibleName(
    'test image 0, label Ankle boot',
  );
  await expect(page).toHaveURL(/dataset=fashion/);
  await page.getByTestId('dataset-picker').selectOption('moons');
  await expect(page.getByTestId('points-view')).toBeVisible();
  await expect(page).toHaveURL(/dataset=moons/);
  const state = await page.evaluate(() => window.__curvatureLab!.state());
  expect(state.data.info!.id).toBe('moons');
  expect(state.data.test!.count).toBe(200);
  expect(record.consoleErrors).toEqual([]);
});

test('picking a sample by click and by arrow key updates the selection and the URL', async ({
  page,
}) => {
  await page.goto('/?dataset=mnist');
  await page.getByTestId('thumb').nth(3).click();
  await expect(page.getByTestId('selected-sample')).toHaveText('test #3 · label 0');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('selected-sample')).toHaveText('test #4 · label 4');
  // Focus moves with the selection, so the next arrow and Enter act on what is selected.
  await expect(page.getByTestId('thumb').nth(4)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('thumb').nth(3)).toBeFocused();
  await expect(page.getByTestId('selected-sample')).toHaveText('test #3 · label 0');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/sample=4/);
});

test('bad URL parameters are reported and replaced, and the app still opens', async ({
  page,
  record,
}) => {
  await page.goto(
    '/?dataset=cifar&backend=metal&seed=abc&seed=4&sample=999999&resolution=4096&zoom=2',
  );
  // One notice names every problem with the value used instead.
  const notices = page.getByTestId('notice');
  await expect(notices).toHaveCount(1);
  await expect(notices).toContainText('6 URL parameters were changed');
  const lines = notices.locator('.notice__details li');
  await expect(lines).toHaveText([
    /dataset=cifar is not valid .*; using mnist\.$/,
    /backend=metal is not valid .*; using auto\.$/,
    /seed is given 2 times \(seed=abc, seed=4\); the first counts, and seed=abc is not valid .*; using 0\.$/,
    /sample=999999 is not valid .*; using 0\.$/,
    /Unknown URL parameter zoom=2 was ignored\.$/,
    /resolution=4096 is not one of 16, .*, 128; using 128\.$/,
  ]);
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await waitForEngine(page);
  await expect(page).toHaveURL(
    /dataset=mnist&architecture=mlp&activation=relu&backend=auto&seed=0&sample=0&/,
  );
  expect(record.consoleErrors).toEqual([]);
});

test('a sample index past the end of the dataset falls back to 0 with a notice', async ({
  page,
}) => {
  await page.goto('/?dataset=moons&sample=500');
  await expect(page.getByTestId('notice')).toContainText('Sample 500 does not exist in Two moons');
  await expect(page.getByTestId('selected-sample')).toContainText('test #0');
});

test('a link at the edge of every slider shows values their own sliders accept', async ({
  page,
}) => {
  // The largest γ, ε, learning rate and batch size and the smallest learning rate the schema
  // allows (γ = 10⁶ and lr = 10 blow their networks up: that pauses them, it is no notice).
  await page.goto(
    '/?dataset=moons&gamma=1000000&eps=4&lrCure=0.000001&lrStandard=10&batchStandard=512&pgdSteps=100',
  );
  await expect(page.getByTestId('setting-gamma')).toHaveValue('1.0e+6');
  await expect(page.getByTestId('setting-lrStandard')).toHaveValue('10');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  const sliders = page.locator('.training-controls .slider');
  const count = await sliders.count();
  expect(count).toBeGreaterThan(10);
  // Every slider and number box has its own accessible name (no two "standard value"s).
  const names = await page
    .locator('.slider input')
    .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('aria-label')));
  expect(names.every((name) => name !== null && name.length > 0)).toBe(true);
  expect(new Set(names).size).toBe(names.length);
  for (let i = 0; i < count; i++) {
    const slider = sliders.nth(i);
    const box = slider.locator('input[type="text"]');
    await expect(box).toHaveAttribute('aria-invalid', 'false');
    // The value lies on the slider's own travel (log sliders travel in decades).
    const value = Number(await box.inputValue());
    const inTravel = await slider
      .locator('input[type="range"]')
      .evaluate((range: HTMLInputElement, v: number) => {
        const scale = range.dataset.scale;
        const position =
          scale === 'log' ? Math.log10(v) : scale === 'log1p' ? Math.log10(1 + v) : v;
        return position >= Number(range.min) - 1e-9 && position <= Number(range.max) + 1e-9;
      }, value);
    expect(inTravel, (await box.getAttribute('aria-label')) ?? 'slider').toBe(true);
  }
});

test('text in a network colour meets WCAG AA contrast (4.5:1) on its background', async ({
  page,
}) => {
  await page.goto('/?dataset=mnist');
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  const selector = [
    '.network__header h2',
    '.stats__grid dd',
    '.chart-legend__label',
    '.landscape__caption',
  ].join(', ');
  await expect(page.locator('.stats__grid dd').first()).toBeVisible();
  const ratios = await page.locator(selector).evaluateAll((elements) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const linear = (c: number) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
    };
    const background = (element: Element | null): number[] => {
      for (let node = element; node; node = node.parentElement) {
        const colour = rgb(getComputedStyle(node).backgroundColor);
        if (colour.length === 3 || (colour.length === 4 && colour[3]! > 0.99)) return colour;
      }
      return [255, 255, 255];
    };
    return elements
      .filter((element) => (element.textContent ?? '').trim() !== '')
      .map((element) => {
        const text = luminance(rgb(getComputedStyle(element).color));
        const back = luminance(background(element));
        const ratio = (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
        return { text: (element.textContent ?? '').slice(0, 30), ratio };
      });
  });
  expect(ratios.length).toBeGreaterThan(20);
  for (const { text, ratio } of ratios) expect(ratio, text).toBeGreaterThanOrEqual(4.5);
});
