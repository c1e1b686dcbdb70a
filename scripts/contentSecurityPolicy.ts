/**
 * The Content-Security-Policy of the built app, as a meta tag in index.html (so any static host
 * serves it; vite.config.ts adds it to builds only: the dev server's React refresh needs an inline
 * script). Scripts and workers only from our origin ('wasm-unsafe-eval' lets the wasm backend
 * compile its binary; no 'unsafe-eval', no inline script); no connection off our origin; images
 * from our origin, data: and blob: (exports, embedded maps). Styles may be inline: React and the
 * chart library set style attributes. `frame-ancestors` is not allowed in a meta tag.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' data: blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
