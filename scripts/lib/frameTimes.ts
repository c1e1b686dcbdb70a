/**
 * The page's p95 requestAnimationFrame interval over a few seconds: how smooth the main thread
 * is while the app trains and analyses. Shared by the e2e report and `npm run bench:lab`. The
 * page script is a string: tsx would wrap named functions in helpers that the page lacks.
 */
import type { Page } from '@playwright/test';

export async function frameTimeP95(
  page: Page,
  seconds: number,
): Promise<{ p95: number; frames: number }> {
  return (await page.evaluate(`(async () => {
    const gaps = [];
    await new Promise((resolve) => {
      let last = performance.now();
      const end = last + ${seconds * 1000};
      const tick = (now) => {
        gaps.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    gaps.sort((a, b) => a - b);
    return { p95: gaps[Math.floor(0.95 * (gaps.length - 1))], frames: gaps.length };
  })()`)) as { p95: number; frames: number };
}
