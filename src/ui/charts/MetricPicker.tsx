/** Which training series the curves chart shows: a labelled native select (keyboard reachable). */
import { useId } from 'react';
import type { SeriesName } from '../../client/trainingSeries';
import { METRIC_ORDER, METRICS } from './trainingData';

export interface MetricPickerProps {
  readonly value: SeriesName;
  readonly onChange: (metric: SeriesName) => void;
  /** Defaults to all metrics in METRIC_ORDER. */
  readonly metrics?: readonly SeriesName[];
  readonly label?: string;
  readonly testId?: string;
}

export function MetricPicker({
  value,
  onChange,
  metrics = METRIC_ORDER,
  label = 'curve',
  testId = 'metric-picker',
}: MetricPickerProps) {
  const id = useId();
  return (
    <span className="metric-picker">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value as SeriesName)}
      >
        {metrics.map((metric) => (
          <option key={metric} value={metric}>
            {METRICS[metric].name}
          </option>
        ))}
      </select>
    </span>
  );
}
