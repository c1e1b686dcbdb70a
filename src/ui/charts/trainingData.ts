/**
 * What each training series means on a chart (label, unit, axis) and how the three networks'
 * bounded columns are merged for uPlot. Pure: reads the buffers, never writes them.
 */
import { inspectSettingsShape } from '../../core/lab/inspectSettings';
import type { NetworkSeries, SeriesName } from '../../client/trainingSeries';
import { alignColumns, type AlignedColumns, type ValueMap } from './align';
import { positiveOrNull } from './logScale';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export interface MetricInfo {
  /** Menu entry: what the number is and where it is measured. */
  readonly name: string;
  /** Y-axis label, short enough to fit a 150 px tall plot at 13 px, unit included. */
  readonly axis: string;
  /** Log for quantities that differ by 10× between networks (loss, curvature); positive only. */
  readonly scale: 'linear' | 'log';
  /** Stored as a fraction, drawn as a percentage. */
  readonly percent?: boolean;
  /** Only the CURE network has it (NaN for the others). */
  readonly cureOnly?: boolean;
}

export const METRICS: Record<SeriesName, MetricInfo> = {
  loss: { name: 'training loss (batch)', axis: 'loss (nats)', scale: 'log' },
  accuracy: {
    name: 'training accuracy (batch)',
    axis: 'accuracy (%)',
    scale: 'linear',
    percent: true,
  },
  cleanAccuracy: {
    name: 'clean test accuracy',
    axis: 'clean accuracy (%)',
    scale: 'linear',
    percent: true,
  },
  pgdAccuracy: {
    name: 'PGD test accuracy',
    axis: 'PGD accuracy (%)',
    scale: 'linear',
    percent: true,
  },
  cureDiffNorm: {
    name: '‖∇ℓ(x+hz) − ∇ℓ(x)‖, probe points',
    axis: '‖Δ∇ℓ‖ (nats/unit)',
    scale: 'log',
  },
  topEigenvalue: {
    name: 'λmax of the input Hessian, probe points',
    axis: 'λmax (nats/unit²)',
    scale: 'log',
  },
  gradDiffNorm: {
    name: '‖Δ∇ℓ‖ in the CURE step (batch)',
    axis: '‖Δ∇ℓ‖ (nats/unit)',
    scale: 'log',
    cureOnly: true,
  },
  regularizer: {
    name: 'CURE regularizer R (batch)',
    axis: 'R (paper: nats²/unit²)',
    scale: 'log',
    cureOnly: true,
  },
  ms: { name: 'time per training step', axis: 'time per step (ms)', scale: 'linear' },
  h: { name: 'CURE h', axis: 'h (input units)', scale: 'linear', cureOnly: true },
};

/** Menu order: what the paper's story needs first. */
/** The metrics in picker order: the analysis settings' table lists them (the URL's `curveMetric`);
 * the type check says each is a series of trainingSeries. */
export const METRIC_ORDER: readonly SeriesName[] = inspectSettingsShape.curveMetric.options;

const toPercent: ValueMap = (y) => 100 * y;

/** [step, standard, adversarial, cure] for one metric, in its drawn units. */
export function trainingData(
  networks: Record<NetworkId, NetworkSeries>,
  metric: SeriesName,
): AlignedColumns {
  const info = METRICS[metric];
  const map: ValueMap = info.percent ? toPercent : info.scale === 'log' ? positiveOrNull : (y) => y;
  return alignColumns(
    NETWORK_IDS.map((id) => {
      const buffer = networks[id][metric];
      return { xs: buffer.xs(), ys: buffer.ys() };
    }),
    map,
  );
}
