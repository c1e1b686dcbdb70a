/**
 * Talk mode as a speaker uses it, at a projector's 1920×1080 and a laptop's 1280×720: the five
 * scenes walked by → and PageDown (a clicker) and back by ← and PageUp, each caption shown, each
 * panel drawn live, nothing scrolling, no text under 16 px and captions ≥ 28 px; the presenter
 * keys (Space, ?, Escape, 1 2 3, e, t); and a scene list loaded from a file (a malformed one
 * refused with a message). Screenshots of every scene at 1920×1080 are attached as artifacts.
 */
import { readFile } from 'node:fs/promises';
import type { Page, TestInfo } from '@playwright/test';
import { DEFAULT_SCENES } from '../src/core/talk/defaultScenes';
import { SCENE_FILE_FORMAT } from '../src/core/talk/scenes';
import { PROVENANCE_KEYWORD, textChunks } from '../src/core/export/pngText';
import { provenanceSchema } from '../src/core/export/provenance';
import { expect, test, waitForEngine } from './fixtures';

/** wasm (the fastest backend here) and small analyses, so every scene's panels draw within
 * seconds. */
const LIGHT = 'backend=wasm&resolution=32&boundsPoints=4&curvePoints=40&topK=5';

async function openTalk(page: Page, query = ''): Promise<void> {
  await page.goto(`/?${LIGHT}&mode=talk${query}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
}

/** The page's layout facts: scrolling, the smallest visible text and the caption's size. */
function layoutFacts(page: Page) {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim()) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      if (element.closest('[aria-hidden="true"], .visually-hidden')) continue;
      const size = parseFloat(style.fontSize);
      if (size < smallest.size) smallest = { size, text: node.textContent.trim().slice(0, 40) };
    }
    const root = document.documentElement;
    const caption = document.querySelector('[data-testid="scene-caption"]')!;
    return {
      scrolls: root.scrollHeight > innerHeight || root.scrollWidth > innerWidth,
      smallest,
      caption: parseFloat(getComputedStyle(caption).fontSize),
    };
  });
}

/** Waits until every panel of the scene shows a result (its frame's data-steps; the live
 * training curves, which have none, by their chart's canvas). */
async function expectPanelsDrawn(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const frames = Array.from(document.querySelectorAll('.talk__panel [data-steps]'));
          return (
            frames.length > 0 &&
            frames.every((frame) =>
              frame.getAttribute('data-testid') === 'curves-panel'
                ? frame.querySelector('canvas') !== null
                : frame.getAttribute('data-steps') !== '',
            )
          );
        }),
      { timeout: 180_000 },
    )
    .toBe(true);
}

async function checkScene(page: Page, n: number, info: TestInfo | null): Promise<void> {
  const scene = DEFAULT_SCENES[n - 1]!;
  await expect(page.getByTestId('scene-caption')).toHaveText(scene.caption);
  await expect(page.getByTestId('talk')).toHaveAttribute('data-scene', String(n));
  await expect(page.locator('.talk__panel')).toHaveCount(scene.panels.length);
  await expectPanelsDrawn(page);
  for (const id of ['standard', 'adversarial', 'cure'])
    await expect(page.getByTestId(`step-${id}`)).toBeVisible();
  const facts = await layoutFacts(page);
  expect(facts.scrolls, `scene ${n} scrolls`).toBe(false);
  expect(facts.smallest.size, `smallest text: "${facts.smallest.text}"`).toBeGreaterThanOrEqual(16);
  expect(facts.caption).toBeGreaterThanOrEqual(28);
  if (info) {
    const path = info.outputPath(`scene${n}-1920x1080.png`);
    await page.screenshot({ path });
    await info.attach(`scene ${n} at 1920×1080`, { path, contentType: 'image/png' });
  }
}

test('talk mode walks the five scenes by → and PageDown and back by ← and PageUp at 1920×1080', async ({
  page,
  record,
}, info) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openTalk(page);
  await checkScene(page, 1, info);
  for (const [n, key] of [
    [2, 'ArrowRight'],
    [3, 'PageDown'],
    [4, 'ArrowRight'],
    [5, 'PageDown'],
  ] as const) {
    await page.keyboard.press(key);
    await checkScene(page, n, info);
  }
  await page.keyboard.press('PageDown'); // past the last scene: stays
  await expect(page.getByTestId('talk')).toHaveAttribute('data-scene', '5');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('scene-caption')).toHaveText(DEFAULT_SCENES[3]!.caption);
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('scene-caption')).toHaveText(DEFAULT_SCENES[2]!.caption);
  // The scene is in the link: a reload opens it again.
  expect(new URL(page.url()).searchParams.get('scene')).toBe('3');
  expect(record.consoleErrors).toEqual([]);
});

test('every scene fits 1280×720 without scrolling, its text ≥ 16 px', async ({ page, record }) => {
  test.setTimeout(600_000);
  await openTalk(page);
  for (let n = 1; n <= DEFAULT_SCENES.length; n++) {
    if (n > 1) await page.keyboard.press('ArrowRight');
    await checkScene(page, n, null);
  }
  expect(record.consoleErrors).toEqual([]);
});

test('presenter keys: Space plays and pauses, ? shows the keys, 1 2 3 focus, e exports, t leaves', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  await openTalk(page, '&scene=2');
  const running = () => page.evaluate(() => window.__curvatureLab!.state().lab.running);
  await expect.poll(running).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(running).toBe(false);
  await page.keyboard.press('Space');
  await expect.poll(running).toBe(true);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Presenter keys' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('PageDown');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const landscapes = page.locator('[data-testid^="landscape-panel-"]');
  await expect(landscapes).toHaveCount(3);
  await page.keyboard.press('2');
  await expect(landscapes).toHaveCount(1);
  await expect(page.getByTestId('landscape-panel-adversarial')).toBeVisible();
  await page.keyboard.press('3');
  await expect(page.getByTestId('landscape-panel-cure')).toBeVisible();
  await expect(landscapes).toHaveCount(1);
  await page.keyboard.press('3');
  await expect(landscapes).toHaveCount(3);

  await expectPanelsDrawn(page);
  const downloaded = page.waitForEvent('download', { timeout: 120_000 });
  await page.keyboard.press('e');
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^scene2_all_mnist_test0_step\d+-\d+-\d+@2x\.png$/);
  const png = new Uint8Array(await readFile((await download.path())!));
  const provenance = provenanceSchema.parse(JSON.parse(textChunks(png)[PROVENANCE_KEYWORD]!));
  expect(provenance.figure?.panel).toBe('scene2');

  await page.keyboard.press('t');
  await expect(page.getByRole('button', { name: /Talk/ })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('mode')).toBeNull();
  await page.keyboard.press('t');
  await expect(page.getByTestId('scene-caption')).toHaveText(DEFAULT_SCENES[1]!.caption);
  expect(record.consoleErrors).toEqual([]);
});

test('a scene list loaded from a file is used; a malformed one is refused with a message', async ({
  page,
}) => {
  await openTalk(page);
  const scenes = [
    {
      title: 'Spectra only',
      caption: 'Our own first scene: the spectra of the three networks.',
      panels: ['spectrum'],
      settings: { spectrumScale: 'linear' },
    },
    { title: 'Curves', caption: 'Our own second scene: how they trained.', panels: ['curves'] },
  ];
  const input = page.getByLabel('Load scenes');
  await input.setInputFiles({
    name: 'my-talk.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: SCENE_FILE_FORMAT, scenes })),
  });
  await expect(page.getByTestId('scene-caption')).toHaveText(scenes[0]!.caption);
  await expect(page.locator('.talk__number')).toHaveText('Scene 1 of 2');
  await expect
    .poll(() => page.evaluate(() => window.__curvatureLab!.state().config.inspect.spectrumScale))
    .toBe('linear');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('scene-caption')).toHaveText(scenes[1]!.caption);

  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ format: SCENE_FILE_FORMAT, scenes: [{ title: 'x', panels: ['teapot'] }] }),
    ),
  });
  await expect(page.getByText(/Scenes in broken\.json were not loaded: scenes\.0\./)).toBeVisible();
  await expect(page.locator('.talk__number')).toHaveText('Scene 2 of 2');
  await expect(page.getByTestId('scene-caption')).toHaveText(scenes[1]!.caption);
});
