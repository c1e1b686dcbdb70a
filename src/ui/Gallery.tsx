/**
 * The sample strip: test images (or, for 2-D sets, the toy points) drawn from the loaded data.
 * Clicking a thumbnail or a point — or the arrow keys — selects the input every panel analyses.
 */
import { useContext, useEffect, useMemo, useRef } from 'react';
import { inspectionFrames } from '../client/inspectionFrames';
import type { DatasetInfo, DatasetSplit } from '../core/datasets/types';
import { CLASS_COLOURS, networkCssVariables, NETWORKS } from './networks';
import { usePanelStatus } from './panels/panelStatus';
import { StoreContext, useApp } from './storeContext';
import { useFigureTheme } from './ThemeToggle';
import { NETWORK_IDS, type NetworkId } from '../core/names';

type Strip = Record<NetworkId, { pred: Uint8Array; confidence: Float32Array } | null>;

/** Each network's predictions on the gallery's inputs, and the panel status they come with. */
function useStrip() {
  const status = usePanelStatus('strip', NETWORK_IDS, 'sample');
  const key = status.stamps.map((stamp) => stamp?.id ?? '').join('/') + status.steps;
  const strip = useMemo(() => {
    void key; // the frames changed when the stamps did
    const out = {} as Strip;
    for (const id of NETWORK_IDS) out[id] = inspectionFrames.get('strip', id);
    return out;
  }, [key]);
  return { strip, status };
}

const percent = (p: number) => `${Math.round(100 * p)} %`;

/** Three marks under a thumbnail, one per network: filled when it predicts the label, ✗ when not;
 * the stronger the colour, the more confident. */
function PredictionMarks(props: {
  strip: Strip;
  index: number;
  label: number;
  classNames: readonly string[];
}) {
  const { strip, index, label, classNames } = props;
  if (NETWORK_IDS.every((id) => !strip[id] || index >= strip[id].pred.length)) return null;
  return (
    <span className="thumb__preds" aria-hidden="true">
      {NETWORKS.map((network) => {
        const { id, name } = network;
        const s = strip[id];
        if (!s || index >= s.pred.length) return <i key={id} className="thumb__pred" />;
        const pred = s.pred[index]!;
        const confidence = s.confidence[index]!;
        const wrong = pred !== label;
        return (
          <i
            key={id}
            className={wrong ? 'thumb__pred thumb__pred--wrong' : 'thumb__pred'}
            style={
              {
                ...networkCssVariables(network),
                opacity: 0.35 + 0.65 * confidence,
              } as React.CSSProperties
            }
            title={`${name}: ${classNames[pred]} (${percent(confidence)})`}
          >
            {wrong ? '✗' : ''}
          </i>
        );
      })}
    </span>
  );
}

/** Words for a screen reader: what each network predicts for input `index`. */
function predictionsText(strip: Strip, index: number, classNames: readonly string[]): string {
  return NETWORKS.flatMap(({ id, name }) => {
    const s = strip[id];
    if (!s || index >= s.pred.length) return [];
    return [`${name} ${classNames[s.pred[index]!]} ${percent(s.confidence[index]!)}`];
  }).join(', ');
}

/** For 2-D sets: each network's accuracy on the drawn test points and its answer at x. */
function PointSummary(props: {
  strip: Strip;
  split: DatasetSplit;
  selected: number;
  classNames: readonly string[];
}) {
  const { strip, split, selected, classNames } = props;
  return (
    <dl className="point-summary" data-testid="point-summary">
      {NETWORKS.map((network) => {
        const { id, name } = network;
        const s = strip[id];
        if (!s) return null;
        let correct = 0;
        for (let i = 0; i < s.pred.length; i++) if (s.pred[i] === split.y[i]) correct++;
        return (
          <div key={id} style={networkCssVariables(network) as React.CSSProperties}>
            <dt>{name}</dt>
            <dd>
              test accuracy {((100 * correct) / s.pred.length).toFixed(1)} % · at x:{' '}
              {classNames[s.pred[selected]!]} ({percent(s.confidence[selected]!)})
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

const THUMBNAILS = 48;

function ImageThumb({ split, index }: { split: DatasetSplit; index: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      const value = Math.round(255 * split.x[index * 784 + p]!);
      image.data.set([value, value, value, 255], 4 * p);
    }
    context.putImageData(image, 0, 0);
  }, [split, index]);
  return <canvas ref={canvas} width={28} height={28} className="thumb__image" />;
}

function PointsView({
  info,
  split,
  selected,
  onPick,
}: {
  info: DatasetInfo;
  split: DatasetSplit;
  selected: number;
  onPick: (index: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = 220;
  const [lo, hi] = info.inputRange;
  const { ink, frame } = useFigureTheme();
  const toPixel = (v: number) => ((v - lo) / (hi - lo)) * size;
  // Redrawn only when the points, the selection or the theme change (not on every render).
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const toPixel = (v: number) => ((v - lo) / (hi - lo)) * size;
    context.clearRect(0, 0, size, size);
    // Class colours are told apart by hue; a thin frame-coloured ring keeps pale ones (yellow)
    // visible on the panel.
    context.strokeStyle = frame;
    context.lineWidth = 0.75;
    for (let i = 0; i < split.count; i++) {
      context.fillStyle = CLASS_COLOURS[split.y[i]!]!;
      context.beginPath();
      context.arc(
        toPixel(split.x[2 * i]!),
        size - toPixel(split.x[2 * i + 1]!),
        2.5,
        0,
        2 * Math.PI,
      );
      context.fill();
      context.stroke();
    }
    context.strokeStyle = ink;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(
      toPixel(split.x[2 * selected]!),
      size - toPixel(split.x[2 * selected + 1]!),
      6,
      0,
      2 * Math.PI,
    );
    context.stroke();
  }, [split, selected, lo, hi, ink, frame]);
  const pick = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - rect.left) / rect.width) * size;
    const py = ((event.clientY - rect.top) / rect.height) * size;
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0; i < split.count; i++) {
      const d =
        (toPixel(split.x[2 * i]!) - px) ** 2 + (size - toPixel(split.x[2 * i + 1]!) - py) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    }
    onPick(best);
  };
  return (
    <canvas
      ref={canvas}
      width={size}
      height={size}
      className="points"
      data-testid="points-view"
      aria-label={`${info.name}: ${split.count} test points, coloured by class; click to select one`}
      onClick={pick}
    />
  );
}

export function Gallery() {
  const data = useApp((s) => s.data);
  const selected = useApp((s) => s.config.sample);
  const store = useContext(StoreContext);
  const pick = (index: number) => store?.getState().setConfig({ sample: index });
  const { info, test } = data;
  const { strip, status } = useStrip();
  const thumbs = useRef<HTMLOListElement>(null);
  // Focus follows the selection when it was on a thumbnail (arrowing), so keyboard users see where
  // they are; a selection from elsewhere (a link, a toy point) leaves focus alone.
  useEffect(() => {
    const list = thumbs.current;
    if (!list || !list.contains(document.activeElement)) return;
    list.querySelectorAll<HTMLButtonElement>('button.thumb')[selected]?.focus();
  }, [selected]);

  if (data.error)
    return (
      <p className="gallery gallery--error" data-testid="data-error">
        {data.error}
      </p>
    );
  if (!info || !test) return <p className="gallery muted">loading data…</p>;

  const onKey = (event: React.KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    pick(Math.min(test.count - 1, Math.max(0, selected + step)));
  };

  const label = test.y[selected] ?? 0;
  return (
    <section
      className="gallery"
      aria-label="samples"
      onKeyDown={onKey}
      data-testid="gallery"
      data-steps={status.steps}
      data-stale={status.stale}
    >
      <header className="gallery__header">
        <h2>samples</h2>
        <span data-testid="selected-sample">
          test #{selected} · label {info.classNames[label]}
        </span>
        <span className="muted">
          {data.trainCount.toLocaleString()} train / {test.count.toLocaleString()} test ·{' '}
          {info.provenance}
        </span>
      </header>
      {info.kind === 'image' ? (
        <ol className="thumbs" ref={thumbs}>
          {Array.from({ length: Math.min(THUMBNAILS, test.count) }, (_, index) => (
            <li key={index}>
              <button
                type="button"
                className={index === selected ? 'thumb thumb--selected' : 'thumb'}
                aria-pressed={index === selected}
                aria-label={`test image ${index}, label ${info.classNames[test.y[index]!]}`}
                aria-description={predictionsText(strip, index, info.classNames) || undefined}
                data-testid="thumb"
                onClick={() => pick(index)}
              >
                <ImageThumb split={test} index={index} />
                <span className="thumb__label">{info.classNames[test.y[index]!]}</span>
                <PredictionMarks
                  strip={strip}
                  index={index}
                  label={test.y[index]!}
                  classNames={info.classNames}
                />
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <div className="gallery__points">
          <PointsView info={info} split={test} selected={selected} onPick={pick} />
          <PointSummary
            strip={strip}
            split={test}
            selected={selected}
            classNames={info.classNames}
          />
        </div>
      )}
    </section>
  );
}
