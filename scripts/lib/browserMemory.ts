/**
 * Memory of a headless Chromium that runs the lab, as the memory benchmarks read it
 * (`npm run bench:memory`, `npm run soak`, e2e/soak.spec.ts): the JS heap of the page and of the
 * engine worker through CDP (after a forced garbage collection, so they count live objects, not
 * garbage awaiting collection), and the resident memory of the browser's processes from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';

const MiB = 2 ** 20;

/** Parent pid of every process, from /proc (Linux). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Field 4 of /proc/<pid>/stat, after the parenthesized command name.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return parents;
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Resident set size (MiB) of OUR browser's child processes of one Chromium `--type=` (renderer:
 * the tab with its workers and wasm memory; gpu-process: WebGL's textures and buffers, in software
 * here), summed. Other Chromiums may run on the machine: ours is the browser process whose command
 * line carries `tag`, a flag Chromium ignores that the launcher added. NaN when it is not found
 * (not Linux, or no such process).
 */
export function processRssMiB(tag: string, type: 'renderer' | 'gpu-process'): number {
  const parents = parentPids();
  const root = [...parents.keys()].find((pid) => {
    const cmdline = readProc(pid, 'cmdline');
    return cmdline.includes(tag) && !cmdline.includes('--type=');
  });
  if (root === undefined) return NaN;
  const isOurs = (pid: number): boolean => {
    for (let p = pid, depth = 0; p > 1 && depth < 16; p = parents.get(p) ?? 0, depth++) {
      if (p === root) return true;
    }
    return false;
  };
  let kib = 0;
  let found = false;
  for (const pid of parents.keys()) {
    if (!isOurs(pid) || !readProc(pid, 'cmdline').includes(`--type=${type}`)) continue;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status'));
    if (rss) [kib, found] = [kib + Number(rss[1]), true];
  }
  return found ? kib / 1024 : NaN;
}

/** The page's JS heap (MiB) after a forced garbage collection. */
export async function pageHeapReader(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  return async () => {
    await session.send('HeapProfiler.collectGarbage');
    return (await session.send('Runtime.getHeapUsage')).usedSize / MiB;
  };
}

/** What a reader of a worker's heap needs: the reading, and letting go of the target. */
export interface WorkerHeapReader {
  read(): Promise<number>;
  detach(): Promise<void>;
}

/**
 * The JS heap (MiB) of the dedicated worker named `name` (`new Worker(url, { name })`; CDP gives
 * it as the target's title), after a forced garbage collection. Playwright opens CDP sessions for
 * pages only, so this goes through a browser-level session: attach to the worker's target, then
 * exchange raw messages with it.
 */
export async function workerHeapReader(browser: Browser, name: string): Promise<WorkerHeapReader> {
  const browserSession: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker' && t.title === name);
  if (!worker) {
    const seen = targetInfos.map((t) => `${t.type} "${t.title}"`).join(', ');
    throw new Error(`no worker target named ${name} (targets: ${seen})`);
  }
  const { sessionId } = await browserSession.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  let nextId = 1;
  const waiting = new Map<number, (result: Record<string, number>) => void>();
  browserSession.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
    if (message.id === undefined) return;
    waiting.get(message.id)?.(message.result ?? {});
    waiting.delete(message.id);
  });
  // A worker that went away never answers: fail the reading rather than wait forever.
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${name}: no answer to ${method}`)), 60_000);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      void browserSession.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  return {
    read: async () => {
      await call('HeapProfiler.collectGarbage');
      return (await call('Runtime.getHeapUsage')).usedSize! / MiB;
    },
    detach: () => browserSession.detach(),
  };
}
