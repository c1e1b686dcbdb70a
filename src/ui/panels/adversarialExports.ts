/**
 * What the adversarial-examples panel exports: for images, one figure — x, then per network x′
 * and δ, each pixel a crisp square, with the prediction at x′ — as PNG at 1×, 2× and 4× and as SVG
 * (the digits embedded 28×28 PNGs, every word <text>), both from one layout; the pixels as one
 * tidy CSV table (network, pixel, x, x′, δ); and the analysis reports as JSON.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { ResultOf } from '../../client/inspectionFrames';
import { ATTACK_NORM_SYMBOLS, type NetworkId } from '../../core/names';
import { EXPORT_FONT, svgText } from '../export/chartSvg';
import { frameSvg } from '../export/frameSvg';
import { composeFigure } from '../export/raster';
import { useExports, type PanelExports } from '../export/useExports';
import { networkLook } from '../networks';
import { LIGHT_FIGURE, type FigureTheme } from '../theme';
import { stampSteps } from './chartExports';
import type { PanelStatus } from './panelStatus';

export interface AdversarialRow {
  readonly id: NetworkId;
  readonly plane: ResultOf<'plane'>;
  readonly point: ResultOf<'point'> | null;
}

interface Current {
  status: PanelStatus;
  rows: readonly AdversarialRow[];
  x: Float32Array | null;
  label: number;
  classNames: readonly string[];
  image: boolean;
  /** Greys for an image, a diverging colour for δ (the panel's own maps). */
  colour: (value: number, deltaScale: number | null) => readonly number[];
}

const SIDE = 28;
const CELL = 112;
const COLUMN = CELL + 24;
/** The images' top, below the column captions. */
const TOP = 20;
const CAPTION_SIZE = 13;

function pixels(values: Float32Array, deltaScale: number | null, current: Current) {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(SIDE, SIDE);
  for (let p = 0; p < SIDE * SIDE; p++) {
    const rgb = current.colour(values[p] ?? 0, deltaScale);
    image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], 4 * p);
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

/** The figure at 1×: its frame, and the images and captions at their places in the picture box,
 * the captions in the theme's ink and the networks' text shades. */
function layout(now: Current & { x: Float32Array }, theme: FigureTheme) {
  const first = now.rows[0]!.plane.adversarial;
  const frame = {
    title: `Adversarial examples (PGD-20, ${ATTACK_NORM_SYMBOLS[first.norm]}, ε = ${first.epsilon})`,
    subtitle: `${now.status.caption} · top: x′ = x + δ; bottom: δ, each on its own ± scale`,
    width: COLUMN * (1 + now.rows.length),
    height: 2 * CELL + 80,
  };
  const images = [{ canvas: pixels(now.x, null, now), x: 0, y: TOP }];
  const captions: { text: string; x: number; y: number; colour: string }[] = [
    { text: `x · ${now.classNames[now.label]}`, x: 0, y: 12, colour: theme.ink },
  ];
  now.rows.forEach((row, i) => {
    const left = COLUMN * (i + 1);
    const adv = row.plane.adversarial;
    const look = networkLook(row.id, theme.name);
    const scaleOfDelta = Math.max(1e-12, adv.linf);
    images.push(
      { canvas: pixels(adv.x, null, now), x: left, y: TOP },
      { canvas: pixels(adv.delta, scaleOfDelta, now), x: left, y: TOP + CELL + 8 },
    );
    captions.push(
      { text: look.name, x: left, y: 12, colour: look.text },
      // Two lines: a class name such as Fashion-MNIST's 'T-shirt/top' would run into the next
      // column on one.
      {
        text: `δ ±${scaleOfDelta.toPrecision(2)}`,
        x: left,
        y: TOP + 2 * CELL + 28,
        colour: theme.ink,
      },
      {
        text: `x′: ${now.classNames[adv.pred]} ${(100 * adv.confidence).toFixed(0)}%`,
        x: left,
        y: TOP + 2 * CELL + 44,
        colour: theme.ink,
      },
    );
  });
  return { frame, images, captions };
}

export function useAdversarialExports(current: Current) {
  const latest = useRef(current);
  useLayoutEffect(() => {
    latest.current = current;
  });
  const image = current.image;
  const exports = useMemo<PanelExports>(() => {
    const requireRows = () => {
      const now = latest.current;
      if (now.rows.length === 0 || !now.x) throw new Error('no adversarial examples yet');
      return { ...now, x: now.x };
    };
    return {
      panel: 'adversarial',
      network: 'all',
      sample: true,
      steps: () => stampSteps(latest.current.status),
      png: image
        ? async (scale, theme = LIGHT_FIGURE) => {
            const { frame, images, captions } = layout(requireRows(), theme);
            return composeFigure(frame, scale, theme, (context, box) => {
              context.setTransform(scale, 0, 0, scale, box.x, box.y);
              context.imageSmoothingEnabled = false;
              for (const { canvas, x, y } of images) context.drawImage(canvas, x, y, CELL, CELL);
              context.font = `${CAPTION_SIZE}px ${EXPORT_FONT}`;
              for (const { text, x, y, colour } of captions) {
                context.fillStyle = colour;
                context.fillText(text, x, y);
              }
              context.setTransform(1, 0, 0, 1, 0, 0);
            });
          }
        : undefined,
      svg: image
        ? (provenanceJson, theme = LIGHT_FIGURE) => {
            const { frame, images, captions } = layout(requireRows(), theme);
            const { svg, picture } = frameSvg(frame, theme);
            for (const { canvas, x, y } of images) {
              picture
                .append('image')
                .attr('x', x)
                .attr('y', y)
                .attr('width', CELL)
                .attr('height', CELL)
                .attr('preserveAspectRatio', 'none')
                // Crisp pixels: the attribute for Inkscape and Illustrator, the style for browsers.
                .attr('image-rendering', 'optimizeSpeed')
                .attr('style', 'image-rendering:pixelated')
                .attr('xlink:href', canvas.toDataURL('image/png'));
            }
            for (const { text, x, y, colour } of captions) {
              picture
                .append('text')
                .attr('x', x)
                .attr('y', y)
                .attr('font-size', CAPTION_SIZE)
                .attr('fill', colour)
                .text(text);
            }
            return svgText(svg, provenanceJson);
          }
        : undefined,
      csv: () => {
        const now = requireRows();
        const rows: (string | number)[][] = [];
        now.x.forEach((value, pixel) => rows.push(['input', pixel, value, value, 0]));
        for (const row of now.rows) {
          const adv = row.plane.adversarial;
          adv.x.forEach((value, pixel) =>
            rows.push([row.id, pixel, now.x[pixel]!, value, adv.delta[pixel]!]),
          );
        }
        return { columns: ['network', 'pixel', 'x', 'x_adversarial', 'delta'], rows };
      },
    };
  }, [image]);
  return useExports(exports);
}
