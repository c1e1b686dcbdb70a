/**
 * Themes (issue 16, item 4): `?theme=dark` and `?theme=light` open the lab in that theme — page,
 * charts, boundary maps and 3D views alike — and the toggle switches it and the URL's `theme=`,
 * redrawing what is on screen without recomputing any analysis. In both themes every visible
 * text reads at WCAG AA contrast on what is behind it.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from '@playwright/test';
import { expect, test, waitForEngine } from './fixtures';
import { NETWORK_IDS } from '../src/core/names';
import { PALETTES, relativeLuminance, type Theme } from '../src/ui/theme';

/** Small settings that keep the analyses affordable on software backends. */
const LIGHT_SETTINGS = 'resolution=32&boundsPoints=4&curvePoints=40';

async function openAnalysed(page: Page, theme: Theme, batch = false): Promise<void> {
  await page.goto(`/?theme=${theme}&${LIGHT_SETTINGS}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  // Still pictures: nothing trains, so nothing is recomputed unless the theme change asks for it.
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await page.evaluate((batch) => window.__curvatureLab!.waitForAnalysis({ batch }), batch);
  await expect(page.getByTestId('spectrum-chart')).not.toHaveAttribute('data-points', '0');
}

/** WCAG relative luminance of an RGBA pixel. */
function luminance([r, g, b]: readonly number[]): number {
  return relativeLuminance(`#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`);
}

/** "#rrggbb" as getComputedStyle writes it. */
const cssRgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;

/** The pixel at a canvas's top-left corner (inside its margin: the background) in device px. */
async function cornerPixel(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((element: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = element.width;
    copy.height = element.height;
    const context = copy.getContext('2d')!;
    context.drawImage(element, 0, 0);
    return Array.from(context.getImageData(2, 2, 1, 1).data);
  });
}

const rootBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Every analysis stamp (job ids and steps): equal before and after means nothing recomputed. */
const stamps = (page: Page) =>
  page.evaluate(() => JSON.stringify(window.__curvatureLab!.state().inspection.stamps));

/**
 * Visible text whose colour has under 4.5:1 against the opaque background behind its element
 * (the nearest ancestor with one; translucent ones composited over it). Elements under a canvas
 * (the 3D views' labels, drawn over the WebGL surface with a halo) count the view's background.
 */
async function lowContrastText(page: Page) {
  return page.evaluate(() => {
    const parse = (css: string) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
      return m
        ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])]
        : null;
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const backgroundOf = (element: Element): number[] => {
      const layers: number[][] = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        const colour = parse(getComputedStyle(e).backgroundColor);
        if (colour && colour[3]! > 0) {
          layers.push(colour);
          if (colour[3] === 1) break;
        }
      }
      let [r, g, b] = [255, 255, 255];
      for (const [lr, lg, lb, a] of layers.reverse())
        [r, g, b] = [lr! * a! + r * (1 - a!), lg! * a! + g * (1 - a!), lb! * a! + b * (1 - a!)];
      return [r, g, b];
    };
    const problems: string[] = [];
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent!.trim() || !element || element.closest('option, script, style'))
        continue;
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      if (element.checkVisibility && !element.checkVisibility({ visibilityProperty: true }))
        continue;
      if (element.closest('[disabled], .network--receded, .landscape--stale, .boundary-map--stale'))
        continue;
      const style = getComputedStyle(element);
      const colour = parse(style.color);
      if (!colour) continue;
      checked++;
      const [hi, lo] = [lum(colour), lum(backgroundOf(element))].sort((x, y) => y - x);
      const ratio = (hi! + 0.05) / (lo! + 0.05);
      if (ratio < 4.5)
        problems.push(
          `"${node.textContent!.trim().slice(0, 30)}" ${style.color} ${ratio.toFixed(2)}:1`,
        );
    }
    return { problems, checked };
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`?theme=${theme} opens the lab in that theme: page, charts, maps and 3D views`, async ({
    page,
    record,
  }) => {
    await openAnalysed(page, theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const dark = theme === 'dark';
    const expectThemed = (pixel: readonly number[]) =>
      dark
        ? expect(luminance(pixel)).toBeLessThan(0.05)
        : expect(luminance(pixel)).toBeGreaterThan(0.9);
    // The page's own background.
    expect(await rootBackground(page)).toBe(cssRgb(PALETTES[theme].bg));
    // A chart's canvas and a boundary map are opaque in the panel colour outside the plot.
    const chart = page.getByTestId('spectrum-chart').locator('canvas').first();
    const map = page.getByTestId(`boundary-${NETWORK_IDS[0]}`).locator('canvas');
    await expect(map).toHaveAttribute('data-plot', /.+/);
    for (const canvas of [chart, map]) {
      const pixel = await cornerPixel(canvas);
      expect(pixel[3]).toBe(255);
      expectThemed(pixel);
    }
    // The 3D view's clear colour (WebGL; preserveDrawingBuffer keeps it readable).
    const view = page.getByTestId(`landscape-${NETWORK_IDS[0]}`).locator('canvas');
    expectThemed(await cornerPixel(view));
    // Every visible word reads.
    const { problems, checked } = await lowContrastText(page);
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
    expect(record.consoleErrors).toEqual([]);
  });
}

test('the toggle switches the theme and the URL, and redraws without recomputing', async ({
  page,
  record,
}) => {
  // The batch analyses too: every stamp is final before the theme changes.
  await openAnalysed(page, 'light', true);
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAccessibleName('Dark theme');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const map = page.getByTestId(`boundary-${NETWORK_IDS[1]}`).locator('canvas');
  const chart = page.getByTestId('spectrum-chart').locator('canvas').first();
  const before = { stamps: await stamps(page), map: await cornerPixel(map) };
  const lightBackground = await rootBackground(page);

  // By keyboard: focus and Space, as a speaker without a mouse would.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page).toHaveURL(/[?&]theme=dark(&|$)/);
  expect(await rootBackground(page)).not.toBe(lightBackground);
  await expect.poll(async () => luminance(await cornerPixel(map))).toBeLessThan(0.05);
  await expect.poll(async () => luminance(await cornerPixel(chart))).toBeLessThan(0.05);
  // The same results, redrawn: no analysis ran again.
  expect(await stamps(page)).toBe(before.stamps);

  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page).toHaveURL(/[?&]theme=light(&|$)/);
  await expect.poll(async () => cornerPixel(map)).toEqual(before.map);
  expect(await stamps(page)).toBe(before.stamps);
  expect(record.consoleErrors).toEqual([]);
});

/** Chooses a format from a panel's Export menu; returns the downloaded bytes. */
async function exported(page: Page, panel: string, format: string): Promise<Uint8Array> {
  await page.getByRole('button', { name: new RegExp(`^Export ${panel}`) }).click();
  const downloaded: Promise<Download> = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('menuitem', { name: format, exact: true }).click();
  return new Uint8Array(await readFile((await (await downloaded).path())!));
}

/** A PNG's top-left pixel, decoded by the browser. */
async function pngCorner(page: Page, png: Uint8Array): Promise<number[]> {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 4, height: 4 });
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    return Array.from(context.getImageData(1, 1, 1, 1).data);
  }, Buffer.from(png).toString('base64'));
}

test('exports follow the theme: dark figures on the dark panel colour, words in its ink', async ({
  page,
  record,
}) => {
  test.setTimeout(240_000);
  await openAnalysed(page, 'dark', true);
  const panel = cssRgb(PALETTES.dark.panel).replace('rgb(', '').replace(')', '').split(', ');
  const expected = [...panel.map(Number), 255];
  for (const [name, format] of [
    ['input-Hessian spectrum', 'PNG 1×'],
    ['decision-boundary slice — Standard', 'PNG 1×'],
    ['loss landscape — CURE', 'PNG 1×'],
    ['decision-boundary slices — three networks', 'PNG 1×'],
  ] as const)
    expect(await pngCorner(page, await exported(page, name, format)), name).toEqual(expected);
  const svg = new TextDecoder().decode(await exported(page, 'input-Hessian spectrum', 'SVG'));
  expect(svg).toContain(`fill="${PALETTES.dark.panel}"`);
  expect(svg).toContain(`fill="${PALETTES.dark.ink}"`);
  expect(svg).not.toContain('fill="white"');
  expect(record.consoleErrors).toEqual([]);
});
