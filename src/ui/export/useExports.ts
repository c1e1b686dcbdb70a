/**
 * A panel's export menu items from what the panel can make: each item gathers the provenance
 * (and for a sample panel's JSON, the engine's analysis reports) at the moment it is chosen,
 * makes the file (files.ts) in the app's theme at that moment and downloads it under its name
 * (src/core/export/fileName.ts). The panel is also registered for "Export all" while it is mounted.
 */
import { useContext, useEffect, useMemo } from 'react';
import { gatherExport } from '../../client/exportClient';
import type { CsvValue } from '../../core/export/csv';
import type { NetworkId } from '../../core/names';
import { useEngine } from '../engineContext';
import { StoreContext } from '../storeContext';
import type { AppState } from '../../state/store';
import { figureTheme, type FigureTheme } from '../theme';
import type { ExportFormat, ExportItem } from './ExportMenu';
import { csvFile, gltfFile, jsonFile, pngFile, svgFile, type ExportFile } from './files';
import { download } from './raster';
import { registerPanelExports } from './registry';

/** What one panel can export; every maker reads the panel's current data when called. */
export interface PanelExports {
  /** File name prefix, e.g. 'landscape'. */
  readonly panel: string;
  /** The network drawn, or 'all'. */
  readonly network: NetworkId | 'all';
  /** Sample panels show the selected input; batch panels many test points. */
  readonly sample: boolean;
  /** Per network drawn, the step of the data shown (null: nothing to export yet). */
  readonly steps: () => Partial<Record<NetworkId, number>> | null;
  /** The figures take the theme to draw in (light when not given: the figures' default). */
  readonly png?: (scale: number, theme?: FigureTheme) => Promise<HTMLCanvasElement>;
  readonly svg?: (provenanceJson: string, theme?: FigureTheme) => string;
  readonly csv?: () => { columns: readonly string[]; rows: CsvValue[][] };
  /** A batch panel's series (a sample panel exports the engine's analysis reports instead). */
  readonly json?: () => unknown;
  readonly gltf?: () => Promise<ArrayBuffer>;
  /** The bare picture at `scale` (no title), for the three-network figures (rowFigure.ts); a
   * landscape draws it on the given height scale. */
  readonly picture?: (
    scale: number,
    heightRange?: readonly [number, number],
    theme?: FigureTheme,
  ) => { canvas: HTMLCanvasElement; width: number; height: number };
  /** The bare picture as vectors (no title), where it has them: the three-network SVG uses it
   * in place of an embedded `picture`. */
  readonly vector?: (theme?: FigureTheme) => { svg: SVGSVGElement; width: number; height: number };
}

/** The theme figures are drawn in: the app's (light unless it is dark). */
export function exportTheme(state: AppState): FigureTheme {
  return figureTheme(state.presentation.theme);
}

const PNG_SCALES = [1, 2, 4] as const;

export function useExports(spec: PanelExports): ExportItem[] {
  const client = useEngine();
  const store = useContext(StoreContext)!;
  useEffect(() => registerPanelExports(spec), [spec]);
  return useMemo(() => {
    const gather = (reports: boolean) => gatherExport(client, store.getState, { reports });
    const theme = () => exportTheme(store.getState());
    const items: ExportItem[] = [];
    const item = (format: ExportFormat, make: () => Promise<ExportFile>) =>
      items.push({
        format,
        run: async () => {
          const file = await make();
          download(file.content, file.name, file.type);
        },
      });
    if (spec.png) {
      for (const scale of PNG_SCALES) {
        item(`PNG ${scale}×` as ExportFormat, async () =>
          pngFile(spec, await gather(false), scale, theme()),
        );
      }
    }
    if (spec.svg) item('SVG', async () => svgFile(spec, await gather(false), theme()));
    if (spec.csv) item('CSV', async () => csvFile(spec, await gather(false)));
    if (spec.json || spec.sample)
      item('JSON', async () => jsonFile(spec, await gather(spec.sample)));
    if (spec.gltf) item('glTF', async () => gltfFile(spec, await gather(false)));
    return items;
  }, [client, store, spec]);
}
