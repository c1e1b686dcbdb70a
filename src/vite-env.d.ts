/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "true" in e2e builds: exposes window.__curvatureLab (src/client/testHook.ts). */
  readonly VITE_TEST_HOOK?: string;
}

/** package.json's version (vite.config.ts `define`). */
declare const __APP_VERSION__: string;
