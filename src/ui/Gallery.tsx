/**
 * The sample strip: test images (or, for 2-D sets, the toy points) drawn from the loaded data.
 * Clicking a thumbnail or a point — or the arrow keys — selects the input every panel analyses.
 */
import { useContext, useEffect, useRef } from 'react';
import type { DatasetInfo, DatasetSplit } from '../core/datasets/types';
import { CLASS_COLOURS } from './networks';
import { StoreContext, useApp } from './storeContext';

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
  const toPixel = (v: number) => ((v - lo) / (hi - lo)) * size;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, size, size);
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
    }
    context.strokeStyle = '#111';
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
  });
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
    <section className="gallery" aria-label="samples" onKeyDown={onKey} data-testid="gallery">
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
        <ol className="thumbs">
          {Array.from({ length: Math.min(THUMBNAILS, test.count) }, (_, index) => (
            <li key={index}>
              <button
                type="button"
                className={index === selected ? 'thumb thumb--selected' : 'thumb'}
                aria-pressed={index === selected}
                aria-label={`test image ${index}, label ${info.classNames[test.y[index]!]}`}
                data-testid="thumb"
                onClick={() => pick(index)}
              >
                <ImageThumb split={test} index={index} />
                <span className="thumb__label">{info.classNames[test.y[index]!]}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <PointsView info={info} split={test} selected={selected} onPick={pick} />
      )}
    </section>
  );
}
