/**
 * Training curves of one metric for the three networks against step, read from the
 * `trainingSeries` frame buffers in requestAnimationFrame: the chart redraws when the buffers'
 * `version` moved, and React renders only when the metric (or title) changes — never per step.
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
const LEGEND_ALL = legendFor(NETWORK_IDS);
const LEGEND_CURE = legendFor(['cure']);

const EMPTY: uPlot.AlignedData = [[], [], [], []];
const percentReadout = seriesReadout(formatPercent);

export function TrainingCurvesChart({
  metric,
  testId,
  title,
  series = defaultSeries,
}: TrainingCurvesChartProps) {
  const handle = useRef<ChartHandle>(null);
  const options = useMemo(() => trainingOptions(metric), [metric]);

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

  const info = METRICS[metric];
  return (
    <UPlotChart
      ref={handle}
      options={options}
      data={EMPTY}
      testId={testId}
      title={title ?? info.name}
      legend={info.cureOnly ? LEGEND_CURE : LEGEND_ALL}
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

function trainingOptions(metric: SeriesName): ChartOptions {
  const info = METRICS[metric];
  return {
    ...baseOptions(),
    scales: {
      x: { time: false },
      y: info.percent ? { range: percentRange } : info.scale === 'log' ? logScale() : { distr: 1 },
    },
    axes: [xAxis('step'), yAxis(info.axis, { log: info.scale === 'log' })],
    // Points would be noise at 2,000 steps; lines only.
    series: [
      { label: 'step' },
      ...NETWORK_IDS.map((id) => networkSeries(id, { points: { show: false } })),
    ],
  };
}
