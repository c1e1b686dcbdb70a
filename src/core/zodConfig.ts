/**
 * zod without its compiled fast path: that path is built with `new Function`, which the built
 * page's Content-Security-Policy forbids (scripts/contentSecurityPolicy.ts) — even zod's probe for
 * it is reported as a violation. Imported first by each entry point (main.tsx, the engine
 * worker), before any schema is made.
 */
import { config } from 'zod';

config({ jitless: true });
