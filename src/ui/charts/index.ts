/** The chart panels: each draws the three networks in their colours (uPlot). */
export { BoundsChart, type BoundsChartProps, type BoundsRow } from './BoundsChart';
export {
  CurvatureProfileChart,
  type CurvatureProfile,
  type CurvatureProfileChartProps,
} from './CurvatureProfileChart';
export { MetricPicker, type MetricPickerProps } from './MetricPicker';
export { RobustCurveChart, type RobustCurve, type RobustCurveChartProps } from './RobustCurveChart';
export { SpectrumChart, type SpectrumChartProps } from './SpectrumChart';
export { TrainingCurvesChart, type TrainingCurvesChartProps } from './TrainingCurvesChart';
export { UPlotChart, type ChartHandle, type UPlotChartProps } from './UPlotChart';
export { METRICS, METRIC_ORDER } from './trainingData';
