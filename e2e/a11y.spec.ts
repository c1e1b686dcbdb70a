/**
 * The whole app for keyboard and screen-reader users: axe-core finds no serious or critical
 * violation (WCAG 2.0/2.1 A and AA rules) in the lab and in talk mode, light and dark, with the key
 * help open too; every control on the lab's page is reached by Tab and shows a focus ring; the
 * pictures have text alternatives that say what they show.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, waitForEngine } from './fixtures';

const LIGHT = 'backend=wasm&resolution=32&boundsPoints=4&curvePoints=40&topK=5';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/?${LIGHT}&${query}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  // Analyses drawn: the pictures and their text alternatives are on the page.
  await page.waitForFunction(() => window.__curvatureLab!.result('plane', 'cure') !== null, null, {
    timeout: 120_000,
  });
}

/** The serious and critical violations, one line each (rule, impact, first element). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes[0]?.target.join(' ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violation in the lab and in talk mode, ${theme}`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await open(page, `theme=${theme}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('t');
    await expect(page.getByTestId('scene-caption')).toBeVisible();
    await page.waitForTimeout(2_000); // the scene's panels mount and draw
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('ArrowRight'); // the landscapes
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Presenter keys' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('every control of the lab is reached by Tab and shows a focus ring', async ({ page }) => {
  test.setTimeout(300_000);
  await open(page, 'theme=light');
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis({ batch: false }));
  // A control by what it is and says: elements re-rendered while we tab keep their signature.
  await page.evaluate(() => {
    (window as unknown as { signature: (e: HTMLElement) => string }).signature = (element) =>
      [
        element.tagName,
        element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40),
        element.dataset.testid ?? '',
        (element as HTMLInputElement).type ?? '',
      ].join('|');
  });
  const listControls = () =>
    page.evaluate(() => {
      const sign = (window as unknown as { signature: (e: HTMLElement) => string }).signature;
      const selector = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
      return Array.from(document.querySelectorAll<HTMLElement>(selector))
        .filter((element) => {
          const box = element.getBoundingClientRect();
          const style = getComputedStyle(element);
          // checkVisibility: not inside a closed <details> (whose content keeps its boxes).
          return (
            !(element as HTMLButtonElement).disabled &&
            element.checkVisibility() &&
            box.width > 0 &&
            box.height > 0 &&
            style.visibility !== 'hidden'
          );
        })
        .map(sign);
    });
  const before = await listControls();
  expect(before.length).toBeGreaterThan(30);
  const reached = new Set<string>();
  const unringed: string[] = [];
  await page.locator('body').focus();
  for (let press = 0; press < before.length + 40; press++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const sign = (window as unknown as { signature: (e: HTMLElement) => string }).signature;
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none';
      return { key: sign(element), ring };
    });
    if (!focused) continue;
    reached.add(focused.key);
    if (!focused.ring) unringed.push(focused.key);
  }
  // Controls on the page all along (a note that came or went while we tabbed is not counted).
  const after = new Set(await listControls());
  const missed = before.filter((key) => after.has(key) && !reached.has(key));
  expect(missed).toEqual([]);
  expect(unringed).toEqual([]);
});

test('the pictures say what they show: boundary maps, landscapes and charts', async ({ page }) => {
  test.setTimeout(300_000);
  await open(page, 'theme=light');
  const map = page.getByTestId('boundary-standard');
  await expect(map).toHaveAttribute('role', 'img');
  await expect(map).toHaveAccessibleDescription(
    /^Predicted class over the slice .* At x: \S+ \(\d+%\)\./,
  );
  await expect(page.getByTestId('landscape-cure')).toHaveAccessibleName(/CURE: loss landscape/);
  await expect(page.getByTestId('spectrum-chart')).toHaveAccessibleDescription(
    /Standard: \d+ points, .* to .*; Adversarial: .*; CURE: /,
    { timeout: 120_000 },
  );
});
