/**
 * `npm run bench:step`: median milliseconds per training step (standard, FGSM-RS, PGD-7, CURE)
 * on the same model and batch, per backend that runs here (scripts/bench/steps.ts), printed as a
 * markdown table with the CURE / PGD-7 ratio (issue 3, item 9: at most 0.6) and, where a python3
 * with torch exists, each row's ratio to the native PyTorch peer. The quick view of the per-step
 * figures; `npm run bench` runs these and the other benchmarks and records them. A benchmark, not
 * a test: numbers depend on the machine and on what else runs on it.
 *
 * Options: --only=node-cpu,node-wasm,webgl,wasm,webgpu  --steps=10  --warmup=2  --peer=off
 *          --peer-threads=1
 */
import { markdownTable } from './bench/measure.ts';
import { benchSteps, configKey, STEP_CONFIGS } from './bench/steps.ts';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(): Promise<void> {
  const only = option('only')?.split(',');
  const warmup = Number(option('warmup') ?? 2);
  const started = performance.now();
  const { rows, peers } = await benchSteps(
    {
      configs: STEP_CONFIGS.filter((c) => only === undefined || only.includes(configKey(c))),
      steps: Number(option('steps') ?? 10),
      warmup,
      peer: option('peer') !== 'off',
      peerThreads: Number(option('peer-threads') ?? 1),
    },
    (line) => console.log(line),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\nMedian ms per training step after ${warmup} warm-up steps (${seconds} s in all):\n`,
  );
  console.log(markdownTable(rows, peers));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
