/**
 * What each chart panel exports: the figure as SVG (d3, export/chartSvg.ts) and as PNG at 1×, 2×
 * and 4× (that SVG rasterized at the scale), the data behind it as one tidy CSV table, and JSON
 * (a sample panel: the engine's analysis reports; a batch panel: its series). Built from the same
 * per-network results the panel draws.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { CsvValue } from '../../core/export/csv';
import { NETWORK_IDS, type NetworkId } from '../../core/names';
import { chartSvg, svgText, type ChartFigure, type ChartSeries } from '../export/chartSvg';
import { rasterizeSvg } from '../export/raster';
import { useExports, type PanelExports } from '../export/useExports';
import { networkLook } from '../networks';
import { LIGHT_FIGURE } from '../theme';
import type { PanelStatus } from './panelStatus';

/** Per network drawn, the step its result was computed at (null when none has arrived). */
export function stampSteps(status: PanelStatus, ids: readonly NetworkId[] = NETWORK_IDS) {
  const steps: Partial<Record<NetworkId, number>> = {};
  ids.forEach((id, i) => {
    const stamp = status.stamps[i];
    if (stamp) steps[id] = stamp.step;
  });
  return Object.keys(steps).length > 0 ? steps : null;
}

/** A network's series, named and coloured as on screen. */
export function networkSeries(
  id: NetworkId,
  points: (readonly [number, number])[],
  extra: Partial<ChartSeries> = {},
): ChartSeries {
  const look = networkLook(id);
  return { name: look.name, colour: look.colour, points, ...extra };
}

interface ChartExportSpec {
  readonly panel: string;
  readonly sample: boolean;
  readonly status: PanelStatus;
  /** Per network, the step of the data shown; the panel's stamps unless given. */
  readonly steps?: () => Partial<Record<NetworkId, number>> | null;
  /** The figure as drawn now (title, axes, series). */
  readonly figure: () => ChartFigure;
  readonly csv: () => { columns: readonly string[]; rows: CsvValue[][] };
  /** Batch panels: the series. */
  readonly json?: () => unknown;
}

/** The export menu items of a chart panel. The items are made once; when chosen, they read the
 * panel's latest spec (updated after every render). */
export function useChartExports(spec: ChartExportSpec) {
  const latest = useRef(spec);
  useLayoutEffect(() => {
    latest.current = spec;
  });
  const { panel, sample } = spec;
  const batchJson = spec.json !== undefined;
  const exports = useMemo<PanelExports>(() => {
    const figure = () => latest.current.figure();
    const svg = (provenanceJson: string, theme = LIGHT_FIGURE) =>
      svgText(chartSvg(figure(), theme), provenanceJson);
    return {
      panel,
      network: 'all',
      sample,
      steps: () => latest.current.steps?.() ?? stampSteps(latest.current.status),
      svg,
      png: async (scale, theme = LIGHT_FIGURE) => {
        const element = chartSvg(figure(), theme);
        const size = (name: string) => Number(element.getAttribute(name));
        const text = svgText(element, '');
        return rasterizeSvg(text, size('width'), size('height'), scale, theme.background);
      },
      csv: () => latest.current.csv(),
      json: batchJson ? () => latest.current.json?.() : undefined,
    };
  }, [panel, sample, batchJson]);
  return useExports(exports);
}
