/**
 * Training curves of one metric for the three networks against step, read from the
 * `trainingSeries` frame buffers in requestAnimationFrame: the chart redraws when the buffers'
 * `version` moved, and React renders only when the metric, the networks shown (or title) change —
 * never per step.
 */
import { useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import {
  trainingSeries as defaultSeries,
  type SeriesName,
  type TrainingSeries,
} from '../../client/trainingSeries';
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
import { formatPercent } from './format';
import { seriesReadout } from './readout';
import { trainingData, METRICS } from './trainingData';
import { UPlotChart, type ChartHandle } from './UPlotChart';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export interface TrainingCurvesChartProps {
  readonly metric: SeriesName;
  /** The networks whose curves are drawn (the view slice's chart picks); all three by default. */
  readonly networks?: readonly NetworkId[];
  readonly testId: string;
  readonly title?: string;
  /** The buffers to read; the app's singleton unless a test passes its own. */
  readonly series?: TrainingSeries;
}

const legendFor = (ids: readonly NetworkId[]) => (
  <ChartLegend
    entries={ids.map((id) => {
      const { name, colour } = networkStyle(id);
      return { key: id, label: name, colour };
    })}
  />
);

const EMPTY: uPlot.AlignedData = [[], [], [], []];
const percentReadout = seriesReadout(formatPercent);

export function TrainingCurvesChart({
  metric,
  networks = NETWORK_IDS,
  testId,
  title,
  series = defaultSeries,
}: TrainingCurvesChartProps) {
  const handle = useRef<ChartHandle>(null);
  const options = useMemo(() => trainingOptions(metric, networks), [metric, networks]);
  const info = METRICS[metric];
  const legend = useMemo(
    () =>
      legendFor(
        NETWORK_IDS.filter((id) => networks.includes(id) && (!info.cureOnly || id === 'cure')),
      ),
    [info, networks],
  );

  useEffect(() => {
    let drawnVersion = -1;
    let frame = requestAnimationFrame(function tick() {
      if (series.version !== drawnVersion && handle.current) {
        drawnVersion = series.version;
        handle.current.setData(trainingData(series.networks, metric));
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [metric, series, options]);

  return (
    <UPlotChart
      ref={handle}
      options={options}
      data={EMPTY}
      testId={testId}
      title={title ?? info.name}
      legend={legend}
      readout={info.percent ? percentReadout : undefined}
    />
  );
}

/**
 * Accuracies: the data's range padded, clamped to 0–100 %. A fixed 0–100 would flatten the
 * clean-accuracy gaps (92 vs 95 %) that matter here.
 */
const percentRange: uPlot.Range.Function = (_u, min, max) => {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max))
    return [0, 100];
  const pad = Math.max((max - min) * 0.1, 1);
  return [Math.max(0, Math.floor(min - pad)), Math.min(100, Math.ceil(max + pad))];
};

function trainingOptions(metric: SeriesName, shown: readonly NetworkId[]): ChartOptions {
  const info = METRICS[metric];
  return {
    ...baseOptions(),
    scales: {
      x: { time: false },
      y: info.percent ? { range: percentRange } : info.scale === 'log' ? logScale() : { distr: 1 },
    },
    axes: [
      xAxis('step', { splits: integerTicks(60) }),
      yAxis(info.axis, { log: info.scale === 'log' }),
    ],
    // Points would be noise at 2,000 steps; lines only.
    series: [
      { label: 'step' },
      ...NETWORK_IDS.map((id) =>
        networkSeries(id, { points: { show: false }, show: shown.includes(id) }),
      ),
    ],
  };
}
