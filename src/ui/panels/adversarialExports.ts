/**
 * What the adversarial-examples panel exports: PNG at 1×, 2× and 4× (images only: x, then per
 * network x′ and δ, pixels drawn as crisp squares at that scale, with each network's predictions
 * at x and x′), the pixels as one tidy CSV table (network, pixel, x, x′, δ), and the analysis
 * reports as JSON.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { ResultOf } from '../../client/inspectionFrames';
import { ATTACK_NORM_SYMBOLS, type NetworkId } from '../../core/names';
import { EXPORT_FONT } from '../export/chartSvg';
import { composeFigure } from '../export/raster';
import { useExports, type PanelExports } from '../export/useExports';
import { networkLook } from '../networks';
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
        ? async (scale) => {
            const now = requireRows();
            const width = COLUMN * (1 + now.rows.length);
            const height = 2 * CELL + 64;
            const first = now.rows[0]!.plane.adversarial;
            return composeFigure(
              {
                title: `Adversarial examples (PGD-20, ${ATTACK_NORM_SYMBOLS[first.norm]}, ε = ${first.epsilon})`,
                subtitle: `${now.status.caption} · top: x′ = x + δ; bottom: δ, each on its own ± scale`,
                width,
                height,
              },
              scale,
              (context, box) => {
                context.setTransform(scale, 0, 0, scale, box.x, box.y);
                context.imageSmoothingEnabled = false;
                const caption = (text: string, x: number, y: number, colour: string) => {
                  context.font = `13px ${EXPORT_FONT}`;
                  context.fillStyle = colour;
                  context.fillText(text, x, y);
                };
                caption(`x · ${now.classNames[now.label]}`, 0, 12, '#1b1b1f');
                context.drawImage(pixels(now.x, null, now), 0, 20, CELL, CELL);
                now.rows.forEach((row, i) => {
                  const left = COLUMN * (i + 1);
                  const adv = row.plane.adversarial;
                  const look = networkLook(row.id);
                  const scaleOfDelta = Math.max(1e-12, adv.linf);
                  caption(look.name, left, 12, look.text);
                  context.drawImage(pixels(adv.x, null, now), left, 20, CELL, CELL);
                  context.drawImage(
                    pixels(adv.delta, scaleOfDelta, now),
                    left,
                    28 + CELL,
                    CELL,
                    CELL,
                  );
                  const at = `x′: ${now.classNames[adv.pred]} ${(100 * adv.confidence).toFixed(0)}%`;
                  caption(
                    `δ ±${scaleOfDelta.toPrecision(2)} · ${at}`,
                    left,
                    48 + 2 * CELL,
                    '#1b1b1f',
                  );
                });
                context.setTransform(1, 0, 0, 1, 0, 0);
              },
            );
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
