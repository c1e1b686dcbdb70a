/**
 * Robust accuracy against the attack radius: PGD accuracy (%) at each ε, one line per network,
 * with the current ε marked. The axis names the norm the curves were computed with (which may
 * differ from the current one while the panel is stale), not the setting.
 */
import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import { alignColumns, sortedColumn } from './align';
import {
  baseOptions,
  drawVerticalMarker,
  networkSeries,
  networkStyle,
  xAxis,
  yAxis,
  type ChartOptions,
} from './chartStyle';
import { ChartLegend } from './ChartLegend';
import { formatPercent, formatValue } from './format';
import { seriesReadout } from './readout';
import { UPlotChart } from './UPlotChart';
import {
  ATTACK_NORM_SYMBOLS,
  NETWORK_IDS,
  type AttackNorm,
  type NetworkId,
} from '../../core/names';

export interface RobustCurve {
  /** Attack radii, input units (any order). */
  readonly eps: Float64Array;
  /** PGD accuracy at each radius, as a fraction in [0, 1] (as the core returns it). */
  readonly accuracy: Float64Array;
  /** The attack's norm, as computed. */
  readonly norm?: AttackNorm;
}

/** The norm the shown curves were computed with (the first network's that has one), else the
 * current setting. */
export function curvesNorm(curves: Record<NetworkId, RobustCurve | null>, current: AttackNorm) {
  return NETWORK_IDS.map((id) => curves[id]?.norm).find((n) => n !== undefined) ?? current;
}

export interface RobustCurveChartProps {
  readonly curves: Record<NetworkId, RobustCurve | null>;
  /** The current ε (input units), marked on the chart. */
  readonly eps: number;
  /** The current norm (used when the curves do not say theirs). */
  readonly norm: AttackNorm;
  readonly testId: string;
  readonly title?: string;
}

const percentReadout = seriesReadout(formatPercent);

export function RobustCurveChart({
  curves,
  eps,
  norm,
  testId,
  title = 'Accuracy under PGD',
}: RobustCurveChartProps) {
  const data = useMemo(
    () =>
      alignColumns(
        NETWORK_IDS.map((id) => {
          const curve = curves[id];
          return curve ? sortedColumn(curve.eps, curve.accuracy) : null;
        }),
        (y) => 100 * y,
      ),
    [curves],
  );
  const shownNorm = curvesNorm(curves, norm);
  const options = useMemo(() => robustOptions(shownNorm), [shownNorm]);
  const drawOverlay = useCallback(
    (u: uPlot) => drawVerticalMarker(u, eps, `ε = ${formatValue(eps)}`),
    [eps],
  );
  const legend = (
    <ChartLegend
      entries={NETWORK_IDS.filter((id) => curves[id]).map((id) => {
        const { name, colour } = networkStyle(id);
        return { key: id, label: name, colour };
      })}
    />
  );
  return (
    <UPlotChart
      options={options}
      data={data}
      testId={testId}
      title={title}
      legend={legend}
      drawOverlay={drawOverlay}
      readout={percentReadout}
    />
  );
}

function robustOptions(norm: AttackNorm): ChartOptions {
  return {
    ...baseOptions(),
    scales: {
      x: { time: false },
      // Accuracy always on the full 0–100 % range, so networks and slides compare at a glance.
      y: { range: [0, 100] },
    },
    axes: [xAxis(`ε (input units, ${ATTACK_NORM_SYMBOLS[norm]})`), yAxis('PGD accuracy (%)')],
    series: [{ label: 'ε' }, ...NETWORK_IDS.map((id) => networkSeries(id))],
  };
}
