/**
 * What a decision-boundary panel exports: PNG at 1×, 2× and 4× (the map redrawn by
 * drawBoundaryMap at that pixel ratio — cells, boundary, ε-ball, markers, axes and legend — under
 * a title with the step and sample), SVG (the class field as an embedded image under vector
 * boundary, markers, axes and legend: boundarySvg.ts), the grid as CSV (network, a, b, predicted
 * class, confidence per cell) and the analysis report as JSON.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { NetworkId } from '../../core/names';
import { drawBoundaryMap, type BoundaryMapData } from '../boundary/drawBoundaryMap';
import { boundaryMapSvg, placeSvg } from '../export/boundarySvg';
import { svgText } from '../export/chartSvg';
import { frameSvg } from '../export/frameSvg';
import { composeFigure } from '../export/raster';
import { useExports, type PanelExports } from '../export/useExports';
import { networkLook } from '../networks';
import { LIGHT_FIGURE, type FigureTheme } from '../theme';
import { stampSteps } from './chartExports';
import type { PanelStatus } from './panelStatus';

/** The map's size in a figure (CSS pixels at 1×): large enough for its type to read. */
const MAP = { width: 460, height: 320 };

export function useBoundaryExports(
  id: NetworkId,
  status: PanelStatus,
  data: BoundaryMapData | null,
  what: string,
  sample: boolean,
) {
  const latest = useRef({ status, data });
  useLayoutEffect(() => {
    latest.current = { status, data };
  });
  const exports = useMemo<PanelExports>(() => {
    const requireData = () => {
      if (!latest.current.data) throw new Error('no map yet');
      return latest.current.data;
    };
    const picture = (scale: number, theme: FigureTheme) => {
      const canvas = document.createElement('canvas');
      canvas.width = MAP.width * scale;
      canvas.height = MAP.height * scale;
      const box = { ...MAP, pixelRatio: scale };
      drawBoundaryMap(canvas.getContext('2d')!, requireData(), box, theme.background, theme);
      return { canvas, ...MAP };
    };
    const title = () => `${networkLook(id).name}: ${what}`;
    const vector = (theme: FigureTheme = LIGHT_FIGURE) => ({
      svg: boundaryMapSvg(requireData(), MAP.width, MAP.height, `boundary-${id}`, theme),
      ...MAP,
    });
    return {
      panel: 'boundary',
      network: id,
      sample,
      steps: () => stampSteps(latest.current.status, [id]),
      picture: (scale, _heightRange, theme = LIGHT_FIGURE) => picture(scale, theme),
      vector,
      svg: (provenanceJson, theme = LIGHT_FIGURE) => {
        const figure = frameSvg(
          { title: title(), subtitle: latest.current.status.caption, ...MAP },
          theme,
        );
        placeSvg(figure.picture.node()!, vector(theme).svg, 0, 0);
        return svgText(figure.svg, provenanceJson);
      },
      png: async (scale, theme = LIGHT_FIGURE) => {
        const { canvas } = picture(scale, theme);
        return composeFigure(
          { title: title(), subtitle: latest.current.status.caption, ...MAP },
          scale,
          theme,
          (context, box) => context.drawImage(canvas, box.x, box.y, box.width, box.height),
        );
      },
      csv: () => {
        const map = requireData();
        const n = map.size;
        const along = (range: readonly [number, number], i: number) =>
          range[0] + (i * (range[1] - range[0])) / (n - 1);
        const rows = [];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const k = i * n + j;
            rows.push([
              id,
              along(map.aRange, i),
              along(map.bRange, j),
              map.pred[k]!,
              map.confidence[k]!,
            ]);
          }
        }
        return { columns: ['network', 'a', 'b', 'pred', 'confidence'], rows };
      },
    };
  }, [id, what, sample]);
  return useExports(exports);
}
