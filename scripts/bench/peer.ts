/**
 * The native PyTorch peer of the step benchmark (scripts/bench/peer.py), run from node: finds a
 * python3 that has torch (Debian's `python3-torch`; `PYTHON=…` to choose), runs the peer and
 * reads its JSON. Returns why not when there is none, so the tfjs rows still get measured.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AnalysisRow } from './analyses.ts';
import type { BenchModel } from './measure.ts';

export interface PeerRow {
  model: BenchModel;
  batch: number;
  steps: number;
  medianMs: Record<string, number>;
  minMs: Record<string, number>;
}

export interface PeerResult {
  torch: string;
  threads: number;
  blas: string;
  rows: PeerRow[];
}

const SCRIPT = fileURLToPath(new URL('./peer.py', import.meta.url));

/** The first python that imports torch, or null. */
function findPython(): string | null {
  const candidates = [process.env['PYTHON'], 'python3', '/usr/bin/python3'].filter(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

/** What peer.py --job analyses measured (scripts/bench/analyses.ts's AnalysisRow, in PyTorch). */
export interface PeerAnalyses {
  torch: string;
  threads: number;
  blas: string;
  analyses: Omit<AnalysisRow, 'backend'>;
}

const MISSING = 'no python3 with torch here (Debian: apt install python3-torch)';

/** Runs peer.py with these arguments and parses the JSON line it prints last. */
function runPeerScript<T>(args: readonly string[]): T | { missing: string } {
  const python = findPython();
  if (python === null) return { missing: MISSING };
  const run = spawnSync(python, [SCRIPT, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) return { missing: `the PyTorch peer failed: ${run.stderr.trim()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

export function runPeer(options: {
  steps: number;
  warmup: number;
  threads: number;
  models: readonly BenchModel[];
}): PeerResult | { missing: string } {
  return runPeerScript<PeerResult>([
    ...['--steps', String(options.steps), '--warmup', String(options.warmup)],
    ...['--threads', String(options.threads), '--models', options.models.join(',')],
  ]);
}

export function runPeerAnalyses(options: {
  runs: number;
  warmup: number;
  threads: number;
}): PeerAnalyses | { missing: string } {
  return runPeerScript<PeerAnalyses>([
    ...['--job', 'analyses', '--steps', String(options.runs)],
    ...['--warmup', String(options.warmup), '--threads', String(options.threads)],
  ]);
}

/** "PyTorch 1.13 (OpenBLAS, 1 thread)": how the tables name the peer. */
export function peerName(peer: { torch: string; blas: string; threads: number }): string {
  const blas = peer.blas.includes('openblas') ? 'OpenBLAS' : peer.blas;
  return `PyTorch ${peer.torch} (${blas}, ${peer.threads} thread${peer.threads === 1 ? '' : 's'})`;
}

/** Two peer runs (before and after the tfjs rows) as one: the mean of their medians and the
 * smaller of their fastest steps, per model and method. */
export function combinePeers(a: PeerResult, b: PeerResult): PeerResult {
  const rows = a.rows.map((row) => {
    const other = b.rows.find((r) => r.model === row.model);
    if (!other) return row;
    const medianMs: Record<string, number> = {};
    const minMs: Record<string, number> = {};
    for (const label of Object.keys(row.medianMs)) {
      medianMs[label] = (row.medianMs[label]! + other.medianMs[label]!) / 2;
      minMs[label] = Math.min(row.minMs[label]!, other.minMs[label]!);
    }
    return { ...row, steps: row.steps + other.steps, medianMs, minMs };
  });
  return { ...a, rows };
}
