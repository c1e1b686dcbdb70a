/**
 * `npm run check:bundle` (part of `npm test`, after `npm run build`): the main thread's code must
 * hold none of TensorFlow.js — only the engine worker trains and analyses, and tfjs would double
 * the page's download and parse time. Starting from the scripts `dist/index.html` loads, it
 * follows every chunk a main-thread chunk imports (statically or dynamically; a chunk passed to
 * `new Worker(...)` runs in the worker and is not followed) and fails if any of their source maps
 * lists a file under `@tensorflow/`. Prints each main-thread chunk's size, raw and gzipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** A chunk file named in a script, as Vite writes it: `/assets/x.js` or `./x.js`. */
const CHUNK_REFERENCE = /["'`](?:\/assets\/|\.\/)([\w.-]+\.js)["'`]/g;
/** How far before a reference to look for the `new Worker(` that makes it a worker entry. */
const WORKER_WINDOW = 40;

function entryChunks(html: string): string[] {
  // `./assets/` with the relative base (vite.config.ts), `/assets/` with an absolute one.
  return [...html.matchAll(/<script[^>]*\ssrc="\.?\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]!);
}

/** The chunks a chunk loads into its own thread (not the ones it starts workers on). */
function importedChunks(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(CHUNK_REFERENCE)) {
    const before = code.slice(Math.max(0, match.index - WORKER_WINDOW), match.index);
    if (!before.includes('Worker(')) found.push(match[1]!);
  }
  return found;
}

function tfjsSources(dist: string, chunk: string): string[] {
  const mapPath = join(dist, 'assets', `${chunk}.map`);
  if (!existsSync(mapPath)) {
    throw new Error(`${mapPath} is missing: the check reads source maps (build.sourcemap).`);
  }
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[] };
  return map.sources.filter((source) => source.includes('@tensorflow/'));
}

export interface MainThreadChunk {
  readonly chunk: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Files under @tensorflow/ its source map lists (there should be none). */
  readonly tfjs: string[];
}

/** Every chunk the page's main thread loads, from the scripts index.html names. */
export function mainThreadChunks(dist: string): MainThreadChunk[] {
  const queue = entryChunks(readFileSync(join(dist, 'index.html'), 'utf8'));
  if (queue.length === 0) throw new Error(`${dist}/index.html loads no script from assets/.`);
  const seen = new Set<string>();
  const chunks: MainThreadChunk[] = [];
  while (queue.length > 0) {
    const chunk = queue.shift()!;
    if (seen.has(chunk)) continue;
    seen.add(chunk);
    const code = readFileSync(join(dist, 'assets', chunk));
    const tfjs = tfjsSources(dist, chunk);
    chunks.push({ chunk, bytes: code.length, gzipBytes: gzipSync(code).length, tfjs });
    queue.push(...importedChunks(code.toString('utf8')));
  }
  return chunks;
}

function main(dist: string): void {
  const chunks = mainThreadChunks(dist);
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
  const failures: string[] = [];
  for (const { chunk, bytes, gzipBytes, tfjs } of chunks) {
    console.log(`main thread: ${chunk} ${kB(bytes)} (${kB(gzipBytes)} gzip)`);
    if (tfjs.length > 0) {
      failures.push(`${chunk} bundles ${tfjs.length} TensorFlow.js files, e.g. ${tfjs[0]}`);
    }
  }
  if (failures.length > 0) {
    console.error(
      `TensorFlow.js reached the main thread:\n${failures.join('\n')}\n` +
        'Main-thread code (src/state, src/client, src/ui) may import only plain tables and types ' +
        'from src/core and src/worker (e.g. src/core/names.ts), never a module that imports tfjs.',
    );
    process.exit(1);
  }
  console.log(`no TensorFlow.js in the ${chunks.length} main-thread chunk(s)`);
}

// Run as a script (not when bench.ts imports mainThreadChunks).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv[2] ?? 'dist');
