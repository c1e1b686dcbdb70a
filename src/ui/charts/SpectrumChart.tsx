/**
 * Input-Hessian spectra at the selected x, one line per network: x = eigenvalue index (from 1),
 * y = λ. On a log axis only λ > 0 can be drawn; the note says how many are hidden (for ReLU
 * networks nearly all of the 784: the exact Hessian has rank ≤ K − 1, PAPER.md "the trap").
 */
import { useMemo } from 'react';
import {
  baseOptions,
  integerTicks,
  logScale,
  networkSeries,
  networkStyle,
  xAxis,
  yAxis,
  type ChartOptions,
} from './chartStyle';
import { ChartLegend } from './ChartLegend';
import { spectrumData, type AxisScale } from './spectrumData';
import { UPlotChart } from './UPlotChart';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export interface SpectrumChartProps {
  /** Eigenvalues of the input Hessian at x, descending: top-k (≈10) or all d (784). */
  readonly spectra: Record<NetworkId, Float64Array | null>;
  readonly scale: AxisScale;
  readonly testId: string;
  readonly title?: string;
}

export function SpectrumChart({
  spectra,
  scale,
  testId,
  title = 'Input-Hessian spectrum at x',
}: SpectrumChartProps) {
  const { data, hidden } = useMemo(() => spectrumData(spectra, scale), [spectra, scale]);
  const longest = Math.max(0, ...NETWORK_IDS.map((id) => spectra[id]?.length ?? 0));
  // A full spectrum (784) on a linear index axis squeezes the few eigenvalues that matter into
  // its first pixels; a log index axis gives the top 10 a third of the width.
  const logIndex = longest > LOG_INDEX_FROM;
  const options = useMemo(() => spectrumOptions(scale, logIndex), [scale, logIndex]);
  const legend = useMemo(
    () => (
      <ChartLegend
        entries={NETWORK_IDS.filter((id) => spectra[id]).map((id) => ({
          key: id,
          ...labelled(id),
        }))}
      />
    ),
    [spectra],
  );
  const hiddenNote = hiddenText(hidden);
  return (
    <UPlotChart
      options={options}
      data={data}
      testId={testId}
      title={title}
      legend={legend}
      notes={hiddenNote ? [hiddenNote] : []}
    />
  );
}

function labelled(id: NetworkId) {
  const { name, colour } = networkStyle(id);
  return { label: name, colour };
}

/** Spectra longer than this get a log index axis. */
const LOG_INDEX_FROM = 50;

function spectrumOptions(scale: AxisScale, logIndex: boolean): ChartOptions {
  return {
    ...baseOptions(),
    scales: {
      // Half a slot (or ~10 % on a log axis) beyond the ends, so the first and last dots are whole.
      x: logIndex
        ? { time: false, distr: 3, log: 10, range: (_u, _min, max) => [0.8, max * 1.25] }
        : { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      y: scale === 'log' ? logScale() : { distr: 1 },
    },
    axes: [
      logIndex
        ? xAxis('eigenvalue index (log)', { log: true })
        : // Indices are whole numbers: no tick at 2.5 (or 0.75 for a 2-D set's two eigenvalues).
          xAxis('eigenvalue index', { splits: integerTicks(35) }),
      yAxis('λ (nats/unit²)', { log: scale === 'log' }),
    ],
    series: [{ label: 'index' }, ...NETWORK_IDS.map((id) => networkSeries(id))],
  };
}

function hiddenText(hidden: Record<NetworkId, number>): string | null {
  const parts = NETWORK_IDS.filter((id) => hidden[id] > 0).map(
    (id) => `${networkStyle(id).name} ${hidden[id]}`,
  );
  return parts.length > 0 ? `Hidden, λ ≤ 0: ${parts.join(' · ')}` : null;
}
