/**
 * One network's 3D loss landscape: ℓ(x + a·u + b·v) over the grid, coloured and raised over the
 * same [lo, hi], with floor contours, labelled axes, x and the PGD point x′, and a legend. The
 * three views of a page share one camera (createSharedCamera): orbit one, all three follow.
 *
 * React renders the overlay (labels' text, legend, badges); the three.js scene (scene.ts) does
 * the drawing and positions the labels after each draw, outside React.
 */
import { useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { VIRIDIS_GRADIENT } from './colormap';
import { formatValue } from './format';
import { GlMessage } from './GlMessage';
import { lossToFraction, usableRange } from './heightMap';
import { KEYBOARD_HELP } from './keyboard';
import { ADVERSARIAL_COLOUR } from './markers';
import { LandscapeScene, type GlStatus } from './scene';
import type { SharedCamera } from './sharedCamera';
import type { HeightRange, LandscapeData } from './types';
import { textShade } from '../networks';
import { useFigureTheme } from '../ThemeToggle';
import type { FigureTheme } from '../theme';
import './landscape.css';

export interface LandscapeViewProps {
  data: LandscapeData | null;
  /** The page's one camera (createSharedCamera); the view registers with it while mounted. */
  camera: SharedCamera;
  /** Loss values (nats) at the floor and the top of the box, shared or per network. */
  heightRange: HeightRange;
  /** The network's colour (networks.ts): title and box frame. */
  colour: string;
  /** Accessible name and caption, e.g. "Standard: loss landscape". */
  label: string;
  testId: string;
  /** The data is from an older state than the one on screen: dim it and say so. */
  stale?: boolean;
  /** Shown when data is null. */
  placeholder?: string;
  /** Exports reach the three.js view through this (a re-render at a scale, glTF). */
  exportRef?: Ref<LandscapeExport | null>;
}

/** What a landscape panel's exports ask of its view. */
export interface LandscapeExport {
  /** The view's size in CSS pixels. */
  size(): { width: number; height: number };
  /** The view re-rendered at `scale`, labels included, optionally on another height scale and
   * in another theme than the screen's; null when nothing is drawn. */
  snapshot(scale: number, heightRange?: HeightRange, theme?: FigureTheme): HTMLCanvasElement | null;
  gltf(): Promise<ArrayBuffer>;
}

export function LandscapeView(props: LandscapeViewProps) {
  const { data, camera, heightRange, colour, label, testId } = props;
  const { stale = false, placeholder = 'no landscape yet' } = props;
  const [lo, hi] = usableRange(heightRange);
  const rootRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const labelsRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<LandscapeScene | null>(null);
  const [glStatus, setGlStatus] = useState<GlStatus>('ok');
  /** Bumped by "Rebuild the 3-D view": a new scene, renderer and canvas, for a context that
   * does not come back. */
  const [generation, setGeneration] = useState(0);
  const descriptionId = useId();
  const theme = useFigureTheme();
  useImperativeHandle(
    props.exportRef,
    () => ({
      size: () => sceneRef.current?.size() ?? { width: 0, height: 0 },
      snapshot: (scale, range, theme) => sceneRef.current?.snapshot(scale, range, theme) ?? null,
      gltf: () => sceneRef.current?.gltf() ?? Promise.reject(new Error('no 3D view')),
    }),
    [],
  );

  useEffect(() => {
    const scene = new LandscapeScene(
      {
        host: hostRef.current!,
        labels: labelsRef.current!,
        root: rootRef.current!,
        descriptionId,
      },
      camera,
      setGlStatus,
    );
    sceneRef.current = scene;
    return () => {
      scene.dispose();
      sceneRef.current = null;
      setGlStatus('ok'); // a lost context belonged to this scene; the next one starts afresh
    };
  }, [camera, descriptionId, generation]);

  // Declared after the scene's effect, and keyed on what makes a new scene, so it gets the data.
  useEffect(() => {
    sceneRef.current?.setData(data, [lo, hi]);
  }, [camera, generation, data, lo, hi]);
  useEffect(() => {
    sceneRef.current?.setColour(colour);
  }, [camera, generation, colour]);
  useEffect(() => {
    sceneRef.current?.setTheme(theme);
  }, [camera, generation, theme]);
  useEffect(() => {
    sceneRef.current?.setLabel(label);
  }, [camera, generation, label]);

  const className = [
    'landscape',
    stale && 'landscape--stale',
    !data && 'landscape--empty',
    glStatus !== 'ok' && 'landscape--no-gl',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      ref={rootRef}
      className={className}
      data-testid={testId}
      role="figure"
      aria-label={label}
      style={
        {
          '--landscape-colour': colour,
          '--landscape-text': textShade(colour),
        } as React.CSSProperties
      }
    >
      <div ref={hostRef} className="landscape__host" />
      <AxisLabels ref={labelsRef} data={data} lo={lo} hi={hi} />
      <div className="landscape__caption">{label}</div>
      {data && <Legend data={data} lo={lo} hi={hi} />}
      <button
        type="button"
        className="landscape__reset"
        onClick={() => camera.reset()}
        title="Reset the view of all three landscapes (or double-click a view)"
        aria-label="reset view"
      >
        ⟲
      </button>
      {stale && <span className="landscape__badge">stale</span>}
      {!data && glStatus === 'ok' && <div className="landscape__placeholder">{placeholder}</div>}
      {glStatus !== 'ok' && (
        <GlMessage
          key={generation}
          status={glStatus}
          testId={testId}
          onRebuild={() => setGeneration((n) => n + 1)}
        />
      )}
      <p id={descriptionId} className="landscape__sr-only">
        {describe(data, lo, hi)} {KEYBOARD_HELP}
      </p>
    </div>
  );
}

/** A sentence for screen readers: what the surface shows. */
function describe(data: LandscapeData | null, lo: number, hi: number): string {
  if (!data) return 'No landscape computed yet.';
  const adversarial = data.adversarial
    ? ` The PGD point x′ is at a = ${formatValue(data.adversarial.a)}, b = ${formatValue(data.adversarial.b)} with loss ${formatValue(data.adversarial.loss)} nats.`
    : '';
  return (
    `Loss surface over a ${data.size}×${data.size} grid, a along ${data.uLabel}, b along ` +
    `${data.vLabel}, both from −${formatValue(data.radius)} to ${formatValue(data.radius)} ` +
    `input units; height and colour from ${formatValue(lo)} to ${formatValue(hi)} nats. ` +
    `Loss at x: ${formatValue(data.centerLoss)} nats.${adversarial}`
  );
}

interface OverlayProps {
  data: LandscapeData | null;
  lo: number;
  hi: number;
}

/** The text of the axis and marker labels; labels.ts positions them after each draw. */
function AxisLabels({ data, lo, hi, ref }: OverlayProps & { ref: React.Ref<HTMLDivElement> }) {
  const r = data?.radius ?? 1;
  const outside =
    data?.adversarial && (Math.abs(data.adversarial.a) > r || Math.abs(data.adversarial.b) > r);
  const above = data?.adversarial && data.adversarial.loss > hi;
  return (
    <div ref={ref} className="landscape__labels" aria-hidden="true">
      <span data-label="a-lo">{formatValue(-r)}</span>
      <span data-label="a-mid">0</span>
      <span data-label="a-hi">{formatValue(r)}</span>
      <span data-label="a-title" className="landscape__axis-title">
        a ({data?.uLabel ?? 'u'})
      </span>
      <span data-label="b-lo">{formatValue(-r)}</span>
      <span data-label="b-mid">0</span>
      <span data-label="b-hi">{formatValue(r)}</span>
      <span data-label="b-title" className="landscape__axis-title">
        b ({data?.vLabel ?? 'v'})
      </span>
      <span data-label="loss-lo">{formatValue(lo)}</span>
      <span data-label="loss-hi">{formatValue(hi)}</span>
      <span data-label="loss-title" className="landscape__axis-title">
        loss (nats)
      </span>
      <span data-label="x" className="landscape__marker-label">
        x
      </span>
      <span data-label="adv" className="landscape__marker-label landscape__marker-label--adv">
        x′ (PGD){above ? ' ↑' : ''}
        {outside ? ', off grid' : ''}
      </span>
    </div>
  );
}

/** The colour bar (lo at the bottom, hi at the top, ℓ(x) notched) and the marker key. */
function Legend({ data, lo, hi }: OverlayProps & { data: LandscapeData }) {
  const centre = lossToFraction(data.centerLoss, lo, hi);
  return (
    <>
      <div className="landscape__legend">
        <span>{formatValue(hi)}</span>
        <div className="landscape__bar" style={{ background: VIRIDIS_GRADIENT }}>
          <i className="landscape__bar-mark" style={{ bottom: `${(centre * 100).toFixed(1)}%` }} />
        </div>
        <span>{formatValue(lo)}</span>
        <span className="landscape__unit">nats</span>
      </div>
      <ul className="landscape__key">
        <li>
          <i className="landscape__dot" /> x: ℓ = {formatValue(data.centerLoss)}
        </li>
        {data.adversarial && (
          <li>
            <i className="landscape__dot" style={{ background: ADVERSARIAL_COLOUR }} /> x′ (PGD): ℓ
            = {formatValue(data.adversarial.loss)}
          </li>
        )}
        <li className="landscape__unit">a, b in input units</li>
      </ul>
    </>
  );
}
