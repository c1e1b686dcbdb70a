/**
 * A thin React wrapper around one uPlot instance: created once per `options` identity, sized to
 * its container (ResizeObserver), fed with setData when `data` changes (no re-creation), destroyed
 * on unmount. Live charts skip React entirely and push data through the handle (`ref`). It draws
 * in the app's theme (chartTheme); a theme change redraws the same chart and data.
 *
 * The root carries `data-testid` and `data-points` (finite y values drawn), kept current on every
 * setData, for e2e "renders something" checks.
 */
import {
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  type ReactNode,
  type Ref,
} from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { countFinitePoints } from './align';
import { describeChart } from './describeChart';
import { chartTheme, setChartTheme, type ChartOptions } from './chartStyle';
import { defaultReadout, renderReadout, type Readout } from './readout';
import { useFigureTheme } from '../ThemeToggle';

/** Imperative access for charts fed from frame buffers in requestAnimationFrame. */
export interface ChartHandle {
  /** Draws new data (same shape as the options' series) and updates data-points. */
  setData(data: uPlot.AlignedData): void;
}

export interface UPlotChartProps {
  /** Re-creates the chart when its identity changes: memoize it. */
  readonly options: ChartOptions;
  readonly data: uPlot.AlignedData;
  readonly testId: string;
  readonly title?: string;
  /** Legend (and anything else) shown beside the title. */
  readonly legend?: ReactNode;
  /** Caption lines under the plot: encodings, hidden points. */
  readonly notes?: readonly ReactNode[];
  /** Extra drawing after uPlot's (markers, whiskers); a new identity redraws without re-creating. */
  readonly drawOverlay?: (u: uPlot) => void;
  /** data-points when the drawn items are not the finite y values (the bounds chart). */
  readonly pointCount?: number;
  readonly readout?: Readout;
  /** Shown over the plot while nothing is drawn (data-points = 0). */
  readonly emptyText?: string;
  readonly ref?: Ref<ChartHandle>;
}

/** Fills the canvas with the theme's background (uPlot clears it to transparent): the canvas then
 * holds what is seen, as a figure would. */
function paintBackground(u: uPlot): void {
  const canvas = u.ctx.canvas;
  u.ctx.save();
  u.ctx.setTransform(1, 0, 0, 1, 0, 0);
  u.ctx.fillStyle = chartTheme(u).background;
  u.ctx.fillRect(0, 0, canvas.width, canvas.height);
  u.ctx.restore();
}

function markPoints(
  root: HTMLElement | null,
  data: uPlot.AlignedData | null,
  pointCount: number | undefined,
): void {
  if (root && data) root.dataset.points = String(pointCount ?? countFinitePoints(data));
}

/** The chart's text alternative, kept current with its data (live charts bypass React). */
function describeInto(node: HTMLElement | null, options: ChartOptions, data: uPlot.AlignedData) {
  if (!node) return;
  const label = (i: number) => {
    const text = options.axes?.[i]?.label;
    return typeof text === 'string' && text !== '' ? text : i === 0 ? 'x' : 'y';
  };
  node.textContent = describeChart(options.series, data, { x: label(0), y: label(1) });
}

export function UPlotChart(props: UPlotChartProps) {
  const { options, data, testId, title, legend, notes, drawOverlay, pointCount, readout, ref } =
    props;
  const emptyText = props.emptyText ?? 'No data yet';
  const rootRef = useRef<HTMLElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const descriptionRef = useRef<HTMLParagraphElement>(null);
  const descriptionId = useId();
  const chartRef = useRef<uPlot | null>(null);
  const theme = useFigureTheme();
  const themeRef = useRef(theme);
  // What the hooks read: updated before any passive effect, so a chart created or redrawn below
  // sees this render's props.
  const latest = useRef({ data, drawOverlay, pointCount, readout, options });
  const drawn = useRef<{ data: uPlot.AlignedData | null; drawOverlay: unknown }>({
    data: null,
    drawOverlay: undefined,
  });
  useLayoutEffect(() => {
    latest.current = { data, drawOverlay, pointCount, readout, options };
  });

  useEffect(() => {
    const plot = plotRef.current!;
    const overlay = (u: uPlot) => latest.current.drawOverlay?.(u);
    const showReadout = (u: uPlot) => {
      const node = readoutRef.current;
      if (!node) return;
      const idx = u.cursor.idx;
      const build = latest.current.readout ?? defaultReadout;
      renderReadout(node, idx === null || idx === undefined ? null : build(u, idx));
    };
    const chart = new uPlot(
      {
        ...options,
        width: Math.max(plot.clientWidth, 100),
        height: Math.max(plot.clientHeight, 80),
        hooks: {
          ...options.hooks,
          drawClear: [paintBackground, ...(options.hooks?.drawClear ?? [])],
          draw: [...(options.hooks?.draw ?? []), overlay],
          setCursor: [...(options.hooks?.setCursor ?? []), showReadout],
        },
        // The theme is known before uPlot's first draw (its plugins' opts run in the constructor).
        plugins: [
          ...(options.plugins ?? []),
          { opts: (u) => setChartTheme(u, themeRef.current), hooks: {} },
        ],
      },
      latest.current.data,
      plot,
    );
    chartRef.current = chart;
    drawn.current = { data: latest.current.data, drawOverlay: latest.current.drawOverlay };
    markPoints(rootRef.current, latest.current.data, latest.current.pointCount);
    describeInto(descriptionRef.current, options, latest.current.data);
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      if (width < 1 || height < 1) return;
      chart.setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(plot);
    return () => {
      observer.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [options]);

  useEffect(() => {
    themeRef.current = theme;
    const chart = chartRef.current;
    if (!chart) return;
    setChartTheme(chart, theme);
    chart.redraw(false, false);
  }, [theme]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    if (drawn.current.data !== data) {
      chart.setData(data);
      drawn.current = { data, drawOverlay };
    } else if (drawn.current.drawOverlay !== drawOverlay) {
      chart.redraw(false, false);
      drawn.current = { ...drawn.current, drawOverlay };
    }
    markPoints(rootRef.current, drawn.current.data, pointCount);
    describeInto(descriptionRef.current, options, drawn.current.data!);
  }, [data, drawOverlay, pointCount, options]);

  useImperativeHandle(
    ref,
    () => ({
      setData(next) {
        const chart = chartRef.current;
        if (!chart) return;
        chart.setData(next);
        drawn.current = { ...drawn.current, data: next };
        markPoints(rootRef.current, next, latest.current.pointCount);
        describeInto(descriptionRef.current, latest.current.options, next);
      },
    }),
    [],
  );

  return (
    <figure
      className="chart"
      data-testid={testId}
      ref={rootRef}
      aria-label={title}
      aria-describedby={descriptionId}
    >
      <p id={descriptionId} className="visually-hidden" ref={descriptionRef} />
      {(title || legend) && (
        <div className="chart__header">
          {title && <span className="chart__title">{title}</span>}
          {legend}
        </div>
      )}
      <div className="chart__plot" ref={plotRef}>
        <div className="chart__readout" ref={readoutRef} hidden aria-live="off" />
        {/* Shown by CSS from data-points="0", so live charts need no React render to toggle it. */}
        <div className="chart__empty">{emptyText}</div>
      </div>
      {notes && notes.length > 0 && (
        <figcaption className="chart__notes">
          {notes.map((note, i) => (
            <span key={i} className="chart__note">
              {note}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
