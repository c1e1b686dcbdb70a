/**
 * What a loss-landscape panel exports: PNG at 1×, 2× and 4× (the three.js view re-rendered at
 * that pixel size with its axis labels, under a title and the step and sample, beside a colour
 * bar of the loss), the grid as CSV (network, a, b, loss, predicted class per cell), the analysis
 * report as JSON, and the surface as binary glTF with its vertex colours.
 */
import { VIRIDIS_STOPS } from '../landscape/colormap';
import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { inspectionFrames } from '../../client/inspectionFrames';
import type { NetworkId } from '../../core/names';
import { composeFigure } from '../export/raster';
import { useExports, type PanelExports } from '../export/useExports';
import type { LandscapeExport } from '../landscape/LandscapeView';
import { networkLook } from '../networks';
import { LIGHT_FIGURE } from '../theme';
import { stampSteps } from './chartExports';
import type { PanelStatus } from './panelStatus';

/** Grid coordinates −R … R (N points), as the engine's gridCoordinates computes them. */
export function gridAxis(radius: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => (radius * (2 * i - (size - 1))) / (size - 1));
}

export function useLandscapeExports(
  id: NetworkId,
  status: PanelStatus,
  range: readonly [number, number],
  view: RefObject<LandscapeExport | null>,
) {
  const latest = useRef({ status, range });
  useLayoutEffect(() => {
    latest.current = { status, range };
  });
  const exports = useMemo<PanelExports>(() => {
    const { name } = networkLook(id);
    const requireView = () => {
      if (!view.current) throw new Error('the 3D view is not available');
      return view.current;
    };
    return {
      panel: 'landscape',
      network: id,
      sample: true,
      steps: () => stampSteps(latest.current.status, [id]),
      png: async (scale, theme = LIGHT_FIGURE) => {
        const current = requireView();
        const picture = current.snapshot(scale, undefined, theme);
        if (!picture) throw new Error('no landscape drawn yet');
        const { width, height } = current.size();
        const plane = inspectionFrames.get('plane', id);
        const [lo, hi] = latest.current.range;
        return composeFigure(
          {
            title: `${name}: loss landscape around x`,
            subtitle: `${latest.current.status.caption} · ℓ(x + a·u + b·v), u ${plane?.uKind ?? ''}, v ${plane?.vKind ?? ''}`,
            width,
            height,
            colourBar: {
              stops: VIRIDIS_STOPS,
              label: 'loss (nats)',
              low: lo.toPrecision(3),
              high: hi.toPrecision(3),
            },
          },
          scale,
          theme,
          (context, box) => context.drawImage(picture, box.x, box.y, box.width, box.height),
        );
      },
      csv: () => {
        const plane = inspectionFrames.get('plane', id);
        if (!plane) throw new Error('no landscape yet');
        const size = plane.grid.size;
        const a = gridAxis(plane.radius, size);
        const rows = [];
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const k = i * size + j;
            rows.push([id, a[i]!, a[j]!, plane.loss[k]!, plane.grid.pred[k]!]);
          }
        }
        return { columns: ['network', 'a', 'b', 'loss', 'pred'], rows };
      },
      gltf: () => requireView().gltf(),
      picture: (scale, heightRange, theme = LIGHT_FIGURE) => {
        const current = requireView();
        const canvas = current.snapshot(scale, heightRange ? [...heightRange] : undefined, theme);
        if (!canvas) throw new Error(`no ${name} landscape drawn yet`);
        return { canvas, ...current.size() };
      },
    };
  }, [id, view]);
  return useExports(exports);
}
