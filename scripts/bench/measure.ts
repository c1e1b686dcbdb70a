/**
 * The step benchmark itself, shared by node (scripts/bench-step.ts) and the browser page
 * (scripts/bench/page.ts): no node or DOM APIs, and it never picks a backend (callers do).
 *
 * Every method trains its own copy of the same seeded model on the same seeded batch. Methods
 * are interleaved step by step (round-robin), so a machine-wide slowdown (other processes on a
 * shared CPU) hits all of them alike and the ratios stay meaningful. Each measured interval runs
 * from the call to the end of a read-back that depends on the updated weights, so the update is
 * inside it on asynchronous (GPU) backends too.
 */
import * as tf from '@tensorflow/tfjs';
import { DATASETS } from '../../src/core/datasets/registry';
import { attackRange } from '../../src/core/datasets/types';
import { buildMnistCnn, buildMnistMlp, trainableVariables } from '../../src/core/models';
import { createRng } from '../../src/core/random';
import { nowMs, trainStep, type StepSettings } from '../../src/core/training';

export type BenchModel = 'mlp' | 'cnn';

/** Attacks clamp to MNIST's pixel range, as in training. */
const PIXEL_RANGE = attackRange(DATASETS.mnist.info);

/** The methods timed, with MNIST-scale settings (ε = 0.1 for pixels in [0, 1]). */
export const BENCH_METHODS: readonly { readonly label: string; readonly settings: StepSettings }[] =
  [
    { label: 'standard', settings: { method: 'standard' } },
    {
      label: 'FGSM-RS',
      settings: { method: 'fgsm-rs', epsilon: 0.1, stepSize: 0.125, range: PIXEL_RANGE },
    },
    {
      label: 'PGD-7',
      settings: {
        method: 'pgd',
        attack: {
          norm: 'linf',
          epsilon: 0.1,
          steps: 7,
          stepSize: 0.025,
          randomStart: true,
          range: PIXEL_RANGE,
        },
      },
    },
    { label: 'CURE', settings: { method: 'cure', form: 'paper', gamma: 4, h: 0.5 } },
    {
      label: 'CURE via ∇ₓ',
      settings: { method: 'cure', form: 'paper', gamma: 4, h: 0.5, gradientRoute: 'input' },
    },
  ];

export interface BenchOptions {
  readonly model: BenchModel;
  readonly batch: number;
  /** Measured steps per method (the median is reported). */
  readonly steps: number;
  /** Unmeasured steps per method first (kernel compilation, optimizer slots). */
  readonly warmup: number;
  /** Also time CURE with input gradients taken directly (the slower route), for comparison. */
  readonly withRoutes: boolean;
}

export interface BenchRow extends BenchOptions {
  readonly backend: string;
  /** Median ms per step, by method label. */
  readonly medianMs: Record<string, number>;
  /** Fastest step, by method label: less sensitive to other processes on a shared machine. */
  readonly minMs: Record<string, number>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function buildModel(kind: BenchModel): tf.LayersModel {
  return kind === 'mlp' ? buildMnistMlp({ seed: 1 }) : buildMnistCnn({ seed: 1 });
}

/** A seeded batch: pixels uniform in [0, 1] (timing does not depend on the data), labels. */
function benchBatch(batch: number) {
  const rng = createRng(2);
  const x = Float32Array.from({ length: batch * 784 }, () => rng.uniform());
  const y = Int32Array.from({ length: batch }, () => rng.int(10));
  return { x: tf.tensor4d(x, [batch, 28, 28, 1]), y: tf.tensor1d(y, 'int32') };
}

/** Waits until every queued update of the model has run (one scalar read-back). */
async function sync(model: tf.LayersModel): Promise<void> {
  const total = tf.tidy(() => tf.addN(trainableVariables(model).map((v) => tf.sum(v))));
  await total.data();
  total.dispose();
}

/**
 * Times one optimizer step of every BENCH_METHODS entry on the active backend.
 * @param log progress lines (one per round).
 */
export async function measureSteps(
  options: BenchOptions,
  log: (line: string) => void,
): Promise<BenchRow> {
  const batch = benchBatch(options.batch);
  const methods = BENCH_METHODS.filter((m) => options.withRoutes || m.label !== 'CURE via ∇ₓ');
  const runs = methods.map(({ label, settings }) => {
    const model = buildModel(options.model);
    const target = { model, optimizer: tf.train.adam(1e-4), rng: createRng(3) };
    return { label, settings, target, times: [] as number[] };
  });
  const rounds = options.warmup + options.steps;
  const backend = tf.getBackend();
  for (let round = 0; round < rounds; round++) {
    for (const run of runs) {
      const start = nowMs();
      await trainStep(run.target, batch, run.settings);
      await sync(run.target.model);
      if (round >= options.warmup) run.times.push(nowMs() - start);
      else
        log(
          `  [${backend} ${options.model}] warm-up ${run.label}: ${(nowMs() - start).toFixed(0)} ms`,
        );
    }
    if (round >= options.warmup) {
      const last = runs.map((r) => `${r.label} ${r.times[r.times.length - 1]!.toFixed(0)}`);
      log(
        `  [${backend} ${options.model}] step ${round - options.warmup + 1}/${options.steps}: ${last.join(', ')} ms`,
      );
    }
  }
  const medianMs: Record<string, number> = {};
  const minMs: Record<string, number> = {};
  for (const run of runs) {
    medianMs[run.label] = median(run.times);
    minMs[run.label] = Math.min(...run.times);
    run.target.optimizer.dispose();
    run.target.model.dispose();
  }
  tf.dispose([batch.x, batch.y]);
  return { ...options, backend, medianMs, minMs };
}

/** Milliseconds as the table prints them: one decimal below 10 ms (PyTorch's steps), else whole. */
const ms = (value: number | undefined) =>
  value === undefined ? '–' : value < 10 ? value.toFixed(1) : value.toFixed(0);

/** What the native peer measured for one model (scripts/bench/peer.ts), for the × PyTorch column. */
export interface PeerTiming {
  readonly where: string;
  readonly model: BenchModel;
  readonly batch: number;
  readonly steps: number;
  readonly medianMs: Record<string, number>;
  readonly minMs: Record<string, number>;
}

/** The methods whose tfjs ÷ PyTorch ratio the last column shows. */
const PEER_METHODS = ['standard', 'FGSM-RS', 'PGD-7', 'CURE'] as const;

/**
 * The markdown table of rows: median ms per step per method, the CURE / PGD-7 ratios (of medians;
 * in parentheses, of the fastest steps) and, when the PyTorch peer ran, each row's median ÷ the
 * peer's for the same model (the peer's own rows come last).
 */
export function markdownTable(
  rows: readonly (BenchRow & { where: string })[],
  peers: readonly PeerTiming[] = [],
): string {
  const labels = BENCH_METHODS.map((m) => m.label);
  const ratios = ['CURE', 'CURE via ∇ₓ'];
  const peerHeader = peers.length > 0 ? ` × PyTorch (${PEER_METHODS.join(' · ')}) |` : '';
  const header = `| backend | model | batch | steps | ${labels.join(' | ')} | ${ratios.map((r) => `${r} / PGD-7`).join(' | ')} |${peerHeader}`;
  const columns = labels.length + ratios.length + 4 + (peers.length > 0 ? 1 : 0);
  const rule = `|${' --- |'.repeat(columns)}`;
  const line = (
    row: Omit<BenchRow, 'backend' | 'warmup' | 'withRoutes'> & { where: string },
    timesPeer: string | null,
  ) => {
    const ratio = (label: string) => {
      if (row.medianMs[label] === undefined) return '–';
      const ofMedians = row.medianMs[label]! / row.medianMs['PGD-7']!;
      const ofMins = row.minMs[label]! / row.minMs['PGD-7']!;
      return `${ofMedians.toFixed(2)} (${ofMins.toFixed(2)})`;
    };
    const cells = [row.where, row.model.toUpperCase(), row.batch, row.steps];
    const tail = timesPeer === null ? [] : [timesPeer];
    return `| ${[...cells, ...labels.map((l) => ms(row.medianMs[l])), ...ratios.map(ratio), ...tail].join(' | ')} |`;
  };
  const timesPeer = (row: BenchRow) => {
    if (peers.length === 0) return null;
    const peer = peers.find((p) => p.model === row.model);
    if (!peer) return '–';
    return PEER_METHODS.map((m) => `${(row.medianMs[m]! / peer.medianMs[m]!).toFixed(1)}×`).join(
      ' · ',
    );
  };
  const lines = rows.map((row) => line(row, timesPeer(row)));
  const peerLines = peers.map((peer) => line(peer, PEER_METHODS.map(() => '1×').join(' · ')));
  return [header, rule, ...lines, ...peerLines].join('\n');
}
