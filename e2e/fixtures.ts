/**
 * Shared e2e fixture: every page records console errors, page errors and every request, so each
 * test can assert "no console errors" and "no request left the origin".
 */
import { test as base, expect, type Page } from '@playwright/test';
import type {} from '../src/client/testHookApi';

export interface PageRecord {
  consoleErrors: string[];
  requests: string[];
}

/** What the built page's Content-Security-Policy refused (Chromium's console line, or the event's
 * report): any such line fails the test that met it. */
const isCspViolation = (line: string) =>
  /Content Security Policy|securitypolicyviolation/i.test(line);

export const test = base.extend<{ record: PageRecord }>({
  // Automatic: every test's page is watched for CSP violations, whether it reads the record or not.
  record: [
    async ({ page }, use) => {
      const record: PageRecord = { consoleErrors: [], requests: [] };
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) =>
          console.error(
            `securitypolicyviolation: ${event.effectiveDirective} refused ${event.blockedURI || 'inline'}`,
          ),
        );
      });
      page.on('console', (message) => {
        if (message.type() === 'error') record.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => record.consoleErrors.push(`page error: ${error.message}`));
      page.on('request', (request) => record.requests.push(request.url()));
      // Workers' requests (data, wasm) go through the page's context in Chromium.
      page.context().on('request', (request) => record.requests.push(request.url()));
      await use(record);
      expect(
        record.consoleErrors.filter(isCspViolation),
        'Content-Security-Policy violations',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Every recorded request stayed on the app's own origin (data: and blob: URLs are local). */
export function expectOnlySameOrigin(record: PageRecord, baseURL: string): void {
  const origin = new URL(baseURL).origin;
  const foreign = record.requests.filter(
    (url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin,
  );
  expect(foreign).toEqual([]);
  expect(record.requests.length).toBeGreaterThan(0);
}

export async function waitForEngine(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__curvatureLab !== undefined);
  await page.evaluate(() => window.__curvatureLab!.whenReady());
}
