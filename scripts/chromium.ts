/**
 * Which Chromium the tests drive and how: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else
 * Playwright's own download (undefined). Shared by the e2e config and Vitest's browser project.
 */
import { existsSync } from 'node:fs';

export const chromiumExecutable: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  // Without it navigator.gpu.requestAdapter() returns null headless (PLATFORM.md).
  '--enable-unsafe-webgpu',
  // The network is closed: keep Chromium from trying to reach its services.
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
