/**
 * The decision-boundary slice panel: draws a `BoundaryMapData` on a canvas sized to its container
 * (CSS size × devicePixelRatio), redrawn when the data, the size or the theme changes — never per
 * frame.
 * The plot's place on the canvas is published as data-plot / data-view (see scales.ts) so tests can
 * map pixels to plane coordinates.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { describeBoundaryMap } from './describeMap';
import './boundaryMap.css';
import {
  drawBoundaryMap,
  drawMessage,
  mapScale,
  type BoundaryMapData,
  type CanvasBox,
} from './drawBoundaryMap';
import { layoutAttributes } from './scales';
import type { FigureTheme } from '../theme';
import { useFigureTheme } from '../ThemeToggle';

export interface BoundaryMapProps {
  /** What to draw; null shows `placeholder`. */
  data: BoundaryMapData | null;
  /** The accessible description of the map (role="img"). */
  label: string;
  testId: string;
  /** The data no longer matches the current network step or sample: dimmed, with a badge. */
  stale?: boolean;
  placeholder?: string;
}

/** Below this (CSS px) there is no room for a readable map. */
const MIN_SIDE = 48;

/** The root's content size and the device pixel ratio, updated on resize and on a change of
 * ratio (browser zoom, or the window moving to a projector with another pixel density). */
function useCanvasBox(root: React.RefObject<HTMLDivElement | null>): CanvasBox | null {
  const [box, setBox] = useState<CanvasBox | null>(null);
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const measure = () => {
      const pixelRatio = window.devicePixelRatio || 1;
      const { width, height } = element.getBoundingClientRect();
      setBox((previous) =>
        previous &&
        previous.width === width &&
        previous.height === height &&
        previous.pixelRatio === pixelRatio
          ? previous
          : { width, height, pixelRatio },
      );
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    let media: MediaQueryList | null = null;
    const watchRatio = () => {
      media?.removeEventListener('change', onRatio);
      media = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      media.addEventListener('change', onRatio);
    };
    const onRatio = () => {
      watchRatio();
      measure();
    };
    watchRatio();
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', onRatio);
    };
  }, [root]);
  return box;
}

/** Sizes the canvas's backing store to the box and draws; returns nothing, publishes the layout. */
function paint(
  canvas: HTMLCanvasElement,
  data: BoundaryMapData | null,
  box: CanvasBox,
  theme: FigureTheme,
): void {
  canvas.width = Math.max(1, Math.round(box.width * box.pixelRatio));
  canvas.height = Math.max(1, Math.round(box.height * box.pixelRatio));
  delete canvas.dataset.plot;
  delete canvas.dataset.view;
  const ctx = canvas.getContext('2d');
  if (!ctx || !data || box.width < MIN_SIDE || box.height < MIN_SIDE) return;
  try {
    // Opaque in the panel's colour, as a figure would be: the canvas's pixels are what is seen.
    const plot = drawBoundaryMap(ctx, data, box, theme.background, theme);
    const attributes = layoutAttributes(plot);
    canvas.dataset.plot = attributes.plot;
    canvas.dataset.view = attributes.view;
  } catch (error) {
    // Inconsistent data is a bug upstream; say so in place of the map rather than blank the panel.
    console.error(error);
    drawMessage(ctx, box, `cannot draw this slice: ${(error as Error).message}`, theme);
  }
}

/** The decision-boundary map of one network on the shared plane. */
export function BoundaryMap({ data, label, testId, stale = false, placeholder }: BoundaryMapProps) {
  const root = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useCanvasBox(root);
  const theme = useFigureTheme();
  const descriptionId = useId();
  const description = useMemo(() => (data ? describeBoundaryMap(data) : 'No slice yet.'), [data]);
  useEffect(() => {
    if (canvas.current && box) paint(canvas.current, data, box, theme);
  }, [data, box, theme]);
  const className = `boundary-map${stale && data ? ' boundary-map--stale' : ''}`;
  return (
    <div
      ref={root}
      className={className}
      data-testid={testId}
      data-stale={stale && data ? 'true' : undefined}
      role="img"
      aria-label={label}
      aria-describedby={descriptionId}
      // The badge and the placeholder grow with the canvas's type.
      style={{ '--map-scale': box ? mapScale(box.width, box.height) : 1 } as React.CSSProperties}
    >
      <canvas ref={canvas} className="boundary-map__canvas" />
      {data && stale && <span className="boundary-map__badge">stale</span>}
      {!data && <p className="boundary-map__placeholder">{placeholder ?? 'no slice yet'}</p>}
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
    </div>
  );
}
