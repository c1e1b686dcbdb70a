/**
 * Readable on a projector and on a laptop (issue 13, item 6), at 1280×720 and 1920×1080: no text
 * under 12 px, no label cut off (by its panel's edge or by an ellipsis), the pictures fill their
 * panels, and a panel can fill the window (its button, and Escape, return it). Once per viewport
 * the lab opens on small analysis settings and waits for the sample's analysis, so that charts,
 * legends and the adversarial panel hold real text; then the same checks run on a 2-D set.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForEngine } from './fixtures';
import { NETWORK_IDS } from '../src/core/names';

/** Small settings that keep the analyses affordable on software backends. */
const LIGHT = 'resolution=32&boundsPoints=4&curvePoints=40';

async function openAnalysed(page: Page, dataset: string): Promise<void> {
  await page.goto(`/?dataset=${dataset}&${LIGHT}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis({ batch: false }));
  for (const id of NETWORK_IDS)
    await expect(page.getByTestId(`landscape-${id}`)).not.toHaveClass(/landscape--empty/);
}

interface TextProblem {
  text: string;
  what: string;
}

/**
 * Every visible text node in the lab: its computed font size, whether its element hides content
 * (scrollWidth > clientWidth with clipped overflow: an ellipsis or a cut), and whether its box
 * leaves the panel it belongs to. Text that is visually hidden on purpose (1 px screen-reader
 * boxes) is skipped, and so is text inside a scrolling strip (the thumbnails), which may scroll.
 */
async function textProblems(page: Page): Promise<{
  small: TextProblem[];
  clipped: TextProblem[];
  outside: TextProblem[];
  checked: number;
}> {
  return page.evaluate(() => {
    const small: TextProblem[] = [];
    const clipped: TextProblem[] = [];
    const outside: TextProblem[] = [];
    let checked = 0;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')}`;
    const scrolls = (element: Element) => {
      const style = getComputedStyle(element);
      return /auto|scroll/.test(style.overflowX + style.overflowY);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent!.trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('option, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      const elementBox = element.getBoundingClientRect();
      if (box.width < 1 || box.height < 1 || elementBox.width <= 1 || elementBox.height <= 1)
        continue;
      if (element.checkVisibility && !element.checkVisibility({ visibilityProperty: true }))
        continue;
      checked++;
      const style = getComputedStyle(element);
      const size = parseFloat(style.fontSize);
      if (size < 12) small.push({ text, what: `${describe(element)} ${size}px` });
      const hidesOverflow = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      if (hidesOverflow && element.scrollWidth > element.clientWidth + 1)
        clipped.push({
          text,
          what: `${describe(element)} scrollWidth ${element.scrollWidth} > ${element.clientWidth}`,
        });
      let scroller: Element | null = element;
      while (scroller && scroller !== document.body && !scrolls(scroller))
        scroller = scroller.parentElement;
      if (scroller && scroller !== document.body) continue;
      const panel = element.closest('.panel-frame, .network, .gallery');
      if (!panel) continue;
      const p = panel.getBoundingClientRect();
      if (
        box.left < p.left - 1 ||
        box.right > p.right + 1 ||
        box.top < p.top - 1 ||
        box.bottom > p.bottom + 1
      )
        outside.push({ text, what: `${describe(element)} outside ${describe(panel)}` });
    }
    return { small, clipped, outside, checked };
  });
}

async function boxOf(page: Page, testId: string, inner = '') {
  const locator = inner
    ? page.getByTestId(testId).locator(inner).first()
    : page.getByTestId(testId);
  // A chart re-creates its canvas when its scale changes with new data: wait for the current one.
  await expect(locator, `${testId} ${inner}`).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, `${testId} ${inner}`).not.toBeNull();
  return box!;
}

/** The pictures take their panels' room: canvases as wide as the panel, the 3D box spread out. */
async function expectViewsFill(page: Page): Promise<void> {
  for (const id of NETWORK_IDS) {
    const panel = await boxOf(page, `landscape-panel-${id}`);
    const canvas = await boxOf(page, `landscape-${id}`, 'canvas');
    expect(canvas.width).toBeGreaterThanOrEqual(0.8 * panel.width);
    expect(canvas.height).toBeGreaterThanOrEqual(0.75 * panel.height);
    // The drawn box, read from where its axis labels were placed, spans most of the view.
    const spread = await page.getByTestId(`landscape-${id}`).evaluate((root) => {
      const spans = Array.from(
        root.querySelectorAll<HTMLElement>('.landscape__labels span'),
      ).filter((span) => span.style.visibility !== 'hidden');
      const rects = spans.map((span) => span.getBoundingClientRect());
      return Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.left));
    });
    expect(spread).toBeGreaterThanOrEqual(0.6 * canvas.width);
    const mapPanel = await boxOf(page, `boundary-panel-${id}`);
    const map = await boxOf(page, `boundary-${id}`, 'canvas');
    expect(map.width).toBeGreaterThanOrEqual(0.8 * mapPanel.width);
    expect(map.height).toBeGreaterThanOrEqual(0.7 * mapPanel.height);
  }
  for (const chart of ['spectrum-chart', 'profile-chart', 'bounds-chart', 'robust-curve-chart']) {
    const panel = await page.getByTestId(chart).locator('xpath=ancestor::section[1]').boundingBox();
    const canvas = await boxOf(page, chart, 'canvas');
    expect(canvas.width).toBeGreaterThanOrEqual(0.8 * panel!.width);
    // The plot keeps most of the panel's height after legend and notes (the profile had 70 px).
    expect(canvas.height).toBeGreaterThanOrEqual(0.5 * panel!.height);
  }
}

/** The button (and Escape) enlarge a panel to the window and put it back where it was. */
async function expectMaximizes(page: Page, testId: string, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const panel = page.getByTestId(testId);
  const before = (await panel.boundingBox())!;
  const canvasBefore = await boxOf(page, testId, 'canvas');
  const button = page.getByRole('button', { name: `maximize ${name}` });
  await button.click();
  await expect(panel).toHaveAttribute('data-maximized', 'true');
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  const filled = (await panel.boundingBox())!;
  expect(filled.width).toBeGreaterThanOrEqual(viewport.width - 2);
  expect(filled.height).toBeGreaterThanOrEqual(viewport.height - 2);
  // The view inside re-sized from its container (ResizeObserver), not just the frame.
  await expect
    .poll(async () => (await boxOf(page, testId, 'canvas')).width)
    .toBeGreaterThanOrEqual(0.9 * viewport.width);
  await expect
    .poll(async () => (await boxOf(page, testId, 'canvas')).height)
    .toBeGreaterThanOrEqual(0.75 * viewport.height);
  const { small, clipped } = await textProblems(page);
  expect(small).toEqual([]);
  expect(clipped).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(panel).toHaveAttribute('data-maximized', 'false');
  await expect(button).toBeFocused();
  const after = (await panel.boundingBox())!;
  // Back in its column's width; its height follows live text above it (stats lines that wrap as
  // the numbers change while it was maximized), so only the width is compared.
  expect(Math.abs(after.width - before.width)).toBeLessThanOrEqual(2);
  await expect
    .poll(async () => Math.round((await boxOf(page, testId, 'canvas')).width))
    .toBeLessThanOrEqual(Math.round(canvasBefore.width) + 2);
  // The button itself restores too.
  await button.click();
  await expect(panel).toHaveAttribute('data-maximized', 'true');
  await button.click();
  await expect(panel).toHaveAttribute('data-maximized', 'false');
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`readable at ${width}×${height}: text ≥ 12 px, nothing clipped, views fill their panels, panels maximize`, async ({
    page,
    record,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height });
    for (const dataset of ['mnist', 'moons']) {
      await openAnalysed(page, dataset);
      const problems = await textProblems(page);
      expect(problems.checked).toBeGreaterThan(100);
      expect.soft(problems.small, dataset).toEqual([]);
      expect.soft(problems.clipped, dataset).toEqual([]);
      expect.soft(problems.outside, dataset).toEqual([]);
      await expectViewsFill(page);
    }
    // On the 2-D set now open: a 3D view, a 2-D map and a chart.
    await expectMaximizes(page, 'landscape-panel-standard', 'Standard: loss landscape');
    await expectMaximizes(
      page,
      'boundary-panel-cure',
      'CURE: decision regions over the input plane',
    );
    await expectMaximizes(page, 'profile-panel', 'curvature along the normal n against h');
    expect(record.consoleErrors).toEqual([]);
  });
}
