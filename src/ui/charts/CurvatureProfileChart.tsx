/**
 * Curvature along the normal direction against the finite-difference step: the curve is
 * nᵀ(∇ℓ(x+hn) − ∇ℓ(x−hn))/2h at each h (log x), one per network; the dashed line in the same
 * colour is the exact nᵀHn by double backprop, the h → 0 limit for smooth activations. For ReLU
 * networks the two differ: the kinks that finite h sees are invisible to the exact Hessian.
 */
import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import {
  baseOptions,
  drawVerticalMarker,
  logScale,
  networkSeries,
  networkStyle,
  symlogScale,
  xAxis,
  yAxis,
  type ChartOptions,
} from './chartStyle';
import { ChartLegend, type LegendEntry } from './ChartLegend';
import { formatValue } from './format';
import { spansDecades, symlogThreshold } from './logScale';
import { seriesReadout } from './readout';
import { profileData, valueAtH, type CurvatureProfile } from './profileData';
import { UPlotChart } from './UPlotChart';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export type { CurvatureProfile } from './profileData';

export interface CurvatureProfileChartProps {
  readonly profiles: Record<NetworkId, CurvatureProfile | null>;
  /** The h in use (input units), marked, with each network's value at it in the legend. */
  readonly selectedH: number;
  readonly testId: string;
  /** 'auto': symmetric log when the values span more than ~1.5 decades, else linear. */
  readonly yScale?: 'auto' | 'linear' | 'symlog';
  readonly title?: string;
}

export function CurvatureProfileChart({
  profiles,
  selectedH,
  testId,
  yScale = 'auto',
  title = 'Curvature along n vs h',
}: CurvatureProfileChartProps) {
  const { data, values } = useMemo(() => profileData(profiles), [profiles]);
  const symlog = yScale === 'symlog' || (yScale === 'auto' && spansDecades(values));
  const threshold = symlog ? symlogThreshold(values) : null;
  const options = useMemo(() => profileOptions(threshold), [threshold]);
  const drawOverlay = useCallback(
    (u: uPlot) => drawVerticalMarker(u, selectedH, `h = ${formatValue(selectedH)}`),
    [selectedH],
  );
  const legend = <ChartLegend entries={legendEntries(profiles, selectedH)} />;
  const notes = [
    `Solid: finite difference · dashed: exact nᵀHn${threshold !== null ? ' · symlog y' : ''}`,
  ];
  return (
    <UPlotChart
      options={options}
      data={data}
      testId={testId}
      title={title}
      legend={legend}
      notes={notes}
      drawOverlay={drawOverlay}
      readout={curvesOnlyReadout}
    />
  );
}

/** The exact values are constant and in the legend already: read out the curves only. */
const curvesOnlyReadout = seriesReadout(formatValue, (s) => s <= NETWORK_IDS.length);

function legendEntries(
  profiles: Record<NetworkId, CurvatureProfile | null>,
  h: number,
): LegendEntry[] {
  return NETWORK_IDS.filter((id) => profiles[id]).map((id) => {
    const profile = profiles[id]!;
    const { name, colour } = networkStyle(id);
    return {
      key: id,
      label: name,
      colour,
      value: formatValue(valueAtH(profile.hs, profile.fd, h)),
      secondary: { swatch: 'dashed', value: formatValue(profile.exact) },
    };
  });
}

function profileOptions(symlogThresholdOrNull: number | null): ChartOptions {
  return {
    ...baseOptions(),
    scales: {
      x: { time: false, ...logScale() },
      y: symlogThresholdOrNull === null ? { distr: 1 } : symlogScale(symlogThresholdOrNull),
    },
    axes: [
      xAxis('h (input units)', { log: true }),
      yAxis('nᵀHn (nats/unit²)', { log: symlogThresholdOrNull !== null }),
    ],
    series: [
      { label: 'h' },
      ...NETWORK_IDS.map((id) => networkSeries(id)),
      ...NETWORK_IDS.map((id) =>
        networkSeries(id, {
          label: `${networkStyle(id).name} exact`,
          dash: [7, 5],
          width: 1.5,
          points: { show: false },
        }),
      ),
    ],
  };
}
