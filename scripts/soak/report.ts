/**
 * From a soak's samples to its verdict and its markdown: each memory series fitted against the
 * step after warm-up (fit.ts), the NaNs, notices and console errors, and the tables that
 * `npm run soak` writes into bench/soak.md and README.md. Pure: no browser, no files.
 */
import { fitLine, trend, type LineFit, type Trend } from './fit.ts';
import type { SoakSample } from './sample.ts';
import { isExpectedNotice, type Health } from './watch.ts';

type SeriesKey =
  'tensors' | 'tfMiB' | 'pageHeapMiB' | 'workerHeapMiB' | 'rendererRssMiB' | 'gpuRssMiB';

interface SeriesSpec {
  readonly key: SeriesKey;
  readonly label: string;
  readonly digits: number;
  /** Only samples taken with no analysis running (a job's frozen networks are tensors too). */
  readonly idleOnly: boolean;
  /** The series' own step (trend's `resolution`): counts move by whole tensors. */
  readonly resolution: number;
}

export const SERIES: readonly SeriesSpec[] = [
  {
    key: 'tensors',
    label: 'worker tensors (no analysis running)',
    digits: 0,
    idleOnly: true,
    resolution: 0.5,
  },
  {
    key: 'tfMiB',
    label: 'worker tensor memory, MiB (same samples)',
    digits: 2,
    idleOnly: true,
    resolution: 1e-3,
  },
  {
    key: 'pageHeapMiB',
    label: 'page JS heap, MiB (after GC)',
    digits: 2,
    idleOnly: false,
    resolution: 0,
  },
  {
    key: 'workerHeapMiB',
    label: 'worker JS heap, MiB (after GC)',
    digits: 2,
    idleOnly: false,
    resolution: 0,
  },
  {
    key: 'rendererRssMiB',
    label: 'renderer process RSS, MiB',
    digits: 0,
    idleOnly: false,
    resolution: 0,
  },
  { key: 'gpuRssMiB', label: 'GPU process RSS, MiB', digits: 0, idleOnly: false, resolution: 0 },
];

/** The share of the run's steps, from its first sample, left out of the fits as warm-up (kernels
 * compile, caches and pools fill, the first analyses allocate). */
export const WARMUP_SHARE = 0.1;

export interface SeriesResult {
  readonly spec: SeriesSpec;
  readonly values: number[];
  readonly fit: LineFit;
  readonly trend: Trend;
}

export interface SoakVerdict {
  readonly warmupShare: number;
  readonly warmupStep: number;
  readonly series: SeriesResult[];
  readonly unexpectedNotices: string[];
  /** Every series flat; and whether any grows (one that shrinks is no leak). */
  readonly flat: boolean;
  readonly grows: boolean;
  readonly healthy: boolean;
}

/** Fits every series that was read (non-NaN) over the samples past warm-up. */
export function judge(
  samples: readonly SoakSample[],
  health: Health,
  warmupShare = WARMUP_SHARE,
): SoakVerdict {
  const first = samples[0]?.step ?? 0;
  const last = samples.at(-1)?.step ?? 0;
  const warmupStep = first + warmupShare * (last - first);
  const series: SeriesResult[] = [];
  for (const spec of SERIES) {
    const used = samples.filter(
      (s) =>
        s.step >= warmupStep &&
        Number.isFinite(s[spec.key]) &&
        (!spec.idleOnly || s.analysisJobs === 0),
    );
    if (!samples.some((s) => Number.isFinite(s[spec.key]))) continue;
    const values = used.map((s) => s[spec.key]);
    const fit = fitLine(
      used.map((s) => s.step),
      values,
    );
    series.push({ spec, values, fit, trend: trend(fit, { resolution: spec.resolution }) });
  }
  const unexpectedNotices = [...health.notices.values()]
    .filter((n) => !isExpectedNotice(n))
    .map((n) => `${n.kind}: ${n.text}`);
  const healthy =
    health.nans.size === 0 &&
    health.failedPauses.size === 0 &&
    unexpectedNotices.length === 0 &&
    health.consoleErrors.length === 0;
  return {
    warmupShare,
    warmupStep,
    series,
    unexpectedNotices,
    flat: series.every((s) => s.trend === 'flat'),
    grows: series.some((s) => s.trend === 'grows'),
    healthy,
  };
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/** Slope and noise per 1,000 steps, with one more digit than the series' own. */
function perThousand(r: SeriesResult): string {
  const d = r.spec.digits + 1;
  return `${fixed(1000 * r.fit.slope, d)} ± ${fixed(1000 * r.fit.slopeStdError, d)}`;
}

/** The verdict table: one row per series. */
export function verdictTable(v: SoakVerdict): string {
  const lines = [
    '| series | samples fitted | after warm-up: first → last (min–max) | slope per 1,000 steps ± standard error | change the line implies over the fit | residual sd | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of v.series) {
    const d = r.spec.digits;
    const range =
      r.values.length === 0
        ? '–'
        : `${fixed(r.values[0]!, d)} → ${fixed(r.values.at(-1)!, d)} (${fixed(Math.min(...r.values), d)}–${fixed(Math.max(...r.values), d)})`;
    lines.push(
      `| ${r.spec.label} | ${r.fit.n} | ${range} | ${perThousand(r)} | ${fixed(r.fit.slope * r.fit.span, d + 1)} | ${fixed(r.fit.residualStd, d + 1)} | ${r.trend} |`,
    );
  }
  return lines.join('\n');
}

const listed = (items: readonly string[]) =>
  items.length === 0 ? 'none' : items.map((item) => `\`${item.replaceAll('`', "'")}\``).join('; ');

/** NaNs, failed pauses, notices and console errors, one line each. */
export function healthLines(health: Health, v: SoakVerdict): string {
  const expected = [...health.notices.values()].filter(isExpectedNotice).map((n) => n.text);
  return [
    `- NaN: ${listed([...health.nans])}`,
    `- networks paused by a failure: ${listed([...health.failedPauses])}`,
    `- notices: ${listed(v.unexpectedNotices)}${expected.length > 0 ? `; expected: ${listed(expected)}` : ''}`,
    `- console errors: ${listed(health.consoleErrors)}`,
  ].join('\n');
}

/** Every sample, for bench/soak.md. */
export function sampleTable(samples: readonly SoakSample[]): string {
  const lines = [
    '| s | step (std / adv / cure) | tensors | analysis jobs | tf MiB | page heap MiB | worker heap MiB | renderer RSS MiB | GPU RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of samples) {
    const steps = `${s.steps.standard} / ${s.steps.adversarial} / ${s.steps.cure}`;
    lines.push(
      `| ${s.seconds.toFixed(0)} | ${steps} | ${s.tensors} | ${s.analysisJobs} | ${fixed(s.tfMiB, 2)} | ${fixed(s.pageHeapMiB, 2)} | ${fixed(s.workerHeapMiB, 2)} | ${fixed(s.rendererRssMiB, 0)} | ${fixed(s.gpuRssMiB, 0)} |`,
    );
  }
  return lines.join('\n');
}
