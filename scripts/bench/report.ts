/**
 * What `npm run bench` records (bench/results.json) and the markdown it writes into README.md:
 * a line on the machine, its load and the versions, then one table per section, every tfjs row
 * with its ratio to the native PyTorch peer measured in the same command.
 */
import type { AnalysisRow } from './analyses.ts';
import type { LoadTimes } from './coldLoad.ts';
import type { LabResult } from './liveLab.ts';
import { markdownTable } from './measure.ts';
import type { PeerAnalyses } from './peer.ts';
import type { StepResults } from './steps.ts';

export interface BenchResults {
  date: string;
  commit: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    freeMemoryGiB: number;
    /** 1, 5 and 15 minute load averages when the run began and ended. */
    loadBefore: [number, number, number];
    loadAfter: [number, number, number];
  };
  versions: { node: string; tfjs: string; browser: string | null; torch: string | null };
  runs: number;
  warmup: number;
  steps: StepResults | null;
  analyses: {
    rows: (AnalysisRow & { where: string })[];
    peer: (PeerAnalyses & { where: string }) | null;
    peerMissing: string | null;
  } | null;
  lab: LabResult | null;
  coldLoad: (LoadTimes & { runs: number; all: LoadTimes[] }) | null;
  mainThread: { chunk: string; bytes: number; gzipBytes: number }[] | null;
  seconds: number;
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const times = (ours: number, theirs: number | undefined) =>
  theirs === undefined ? '–' : `${(ours / theirs).toFixed(1)}×`;

function header(r: BenchResults): string {
  const { machine: m, versions: v } = r;
  const peer = r.steps?.peers[0]?.where ?? r.analyses?.peer?.where;
  return [
    `Measured ${r.date.slice(0, 10)} at ${r.commit} by \`npm run bench\` (${Math.round(r.seconds / 60)} min): ` +
      `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load ${m.loadBefore.join(' / ')} (1 / 5 / 15 min) at the start, ` +
      `${m.loadAfter.join(' / ')} at the end; node ${v.node}, tfjs ${v.tfjs}` +
      `${v.browser ? `, headless Chromium ${v.browser}` : ''}; ` +
      `peer: ${peer ?? `none (${r.steps?.peerMissing ?? r.analyses?.peerMissing ?? 'not run'})`}. ` +
      `Medians of ${r.runs} runs after ${r.warmup} warm-up runs; contenders interleaved; full data in \`bench/results.json\`.`,
  ].join('\n');
}

function analysesTable(a: NonNullable<BenchResults['analyses']>): string {
  const p = a.peer?.analyses;
  const lines = [
    '| where | grid 65² (ms) | one forward of 4,225 (ms) | grid ÷ forward | Lanczos top-10, 60 HVPs (ms) | full 784 spectrum: H + eigensolver (ms) | × PyTorch (grid · Lanczos · H · eigensolver) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const row = (where: string, r: Omit<AnalysisRow, 'backend'>, ratios: string) =>
    `| ${where} | ${ms(r.gridMs)} | ${ms(r.forwardMs)} | ${r.gridOverForward.toFixed(2)} | ${ms(r.lanczosMs)} | ${ms(r.hessianMs)} + ${ms(r.eigenMs)} | ${ratios} |`;
  for (const r of a.rows) {
    const ratios = [
      times(r.gridMs, p?.gridMs),
      times(r.lanczosMs, p?.lanczosMs),
      times(r.hessianMs, p?.hessianMs),
      times(r.eigenMs, p?.eigenMs),
    ].join(' · ');
    lines.push(row(r.where, r, ratios));
  }
  if (a.peer) lines.push(row(a.peer.where, a.peer.analyses, '1×'));
  return lines.join('\n');
}

/** The peer's steps/s if it trained the three networks round-robin as the lab does (MLP, batch
 * 64: one standard, one PGD-7 and one CURE step per round), from its step medians. */
function peerLabStepsPerSecond(r: BenchResults): number | undefined {
  const peer = r.steps?.peers.find((p) => p.model === 'mlp');
  if (!peer) return undefined;
  const round = ['standard', 'PGD-7', 'CURE'].reduce((sum, m) => sum + peer.medianMs[m]!, 0);
  return 1000 / round;
}

function appTable(r: BenchResults): string {
  const lines = ['| measure | value | PyTorch peer | × PyTorch |', '| --- | --- | --- | --- |'];
  if (r.lab) {
    const perNetwork = r.lab.networks.map((n) => n.stepsPerSecond);
    const slowest = Math.min(...perNetwork);
    const peer = peerLabStepsPerSecond(r);
    const msPerStep = r.lab.networks
      .map((n) => `${n.network} ${n.msPerStep.toFixed(1)}`)
      .join(' / ');
    lines.push(
      `| live lab, wasm, MNIST MLP, 3 networks + panels, ${r.lab.seconds} s: steps/s each (ms per step) | ${slowest.toFixed(1)} (${msPerStep}) | ${peer === undefined ? '–' : `${peer.toFixed(1)} (training alone, round-robin)`} | ${peer === undefined ? '–' : `${(peer / slowest).toFixed(1)}× slower`} |`,
      `| live lab: p95 frame time, main thread busy | ${r.lab.p95FrameMs.toFixed(1)} ms, ${(100 * r.lab.mainThreadBusy).toFixed(0)} % | – | no native counterpart |`,
    );
  }
  if (r.coldLoad) {
    const c = r.coldLoad;
    lines.push(
      `| cold load, automatic backend, ${c.runs} loads: first paint / backend chosen / first landscape (s) | ${(c.firstPaint / 1000).toFixed(2)} / ${(c.backendReady / 1000).toFixed(2)} / ${(c.firstLandscape / 1000).toFixed(2)} | – | no native counterpart |`,
    );
  }
  if (r.mainThread) {
    const raw = r.mainThread.reduce((s, c) => s + c.bytes, 0);
    const gzip = r.mainThread.reduce((s, c) => s + c.gzipBytes, 0);
    lines.push(
      `| main thread's script (${r.mainThread.length} chunk${r.mainThread.length === 1 ? '' : 's'}, production build) | ${(raw / 1000).toFixed(0)} kB (${(gzip / 1000).toFixed(0)} kB gzip) | – | no native counterpart |`,
    );
  }
  return lines.join('\n');
}

export function benchReport(r: BenchResults): string {
  const parts = [header(r)];
  if (r.steps) {
    parts.push(
      '**Training steps** (ms per step; CURE / PGD-7 of medians, in parentheses of the fastest steps):',
      markdownTable(r.steps.rows, r.steps.peers),
    );
  }
  if (r.analyses) {
    parts.push('**Analyses** (MNIST MLP, one input, ms):', analysesTable(r.analyses));
  }
  if (r.lab || r.coldLoad || r.mainThread) parts.push('**The app**:', appTable(r));
  return parts.join('\n\n');
}
