/**
 * A panel's export menu items from what the panel can make: each item gathers the provenance
 * (and for a sample panel's JSON, the engine's analysis reports) at the moment it is chosen,
 * makes the file and downloads it under its name (src/core/export/fileName.ts).
 */
import { useContext, useMemo } from 'react';
import { gatherExport, type ExportRecord } from '../../client/exportClient';
import { exportFileName } from '../../core/export/fileName';
import { asciiJson, type Provenance } from '../../core/export/provenance';
import { tidyCsv, type CsvValue } from '../../core/export/csv';
import type { NetworkId } from '../../core/names';
import { useEngine } from '../engineContext';
import { StoreContext } from '../storeContext';
import type { ExportFormat, ExportItem } from './ExportMenu';
import { canvasPng, download } from './raster';

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
  readonly png?: (scale: number) => Promise<HTMLCanvasElement>;
  readonly svg?: (provenanceJson: string) => string;
  readonly csv?: () => { columns: readonly string[]; rows: CsvValue[][] };
  /** A batch panel's series (a sample panel exports the engine's analysis reports instead). */
  readonly json?: () => unknown;
  readonly gltf?: () => Promise<ArrayBuffer>;
}

const PNG_SCALES = [1, 2, 4] as const;

export function useExports(spec: PanelExports): ExportItem[] {
  const client = useEngine();
  const store = useContext(StoreContext)!;
  return useMemo(() => {
    const prepare = async (reports: boolean) => {
      const steps = spec.steps();
      if (steps === null || Object.keys(steps).length === 0) {
        throw new Error('nothing to export yet: the panel has no result');
      }
      const record = await gatherExport(client, store.getState, { reports });
      const provenance: Provenance = {
        ...record.provenance,
        figure: { panel: spec.panel, steps },
      };
      const name = (extension: string, scale?: number) =>
        exportFileName({
          panel: spec.panel,
          network: spec.network,
          dataset: provenance.dataset,
          sample: spec.sample ? provenance.sample : null,
          steps: Object.values(steps),
          extension,
          scale,
        });
      return { record, provenance, name };
    };
    const items: ExportItem[] = [];
    const item = (format: ExportFormat, run: () => Promise<void>) => items.push({ format, run });
    const { png, svg, csv, json, gltf } = spec;
    if (png) {
      for (const scale of PNG_SCALES) {
        item(`PNG ${scale}×` as ExportFormat, async () => {
          const { provenance, name } = await prepare(false);
          const bytes = await canvasPng(await png(scale), asciiJson(provenance));
          download(bytes, name('png', scale), 'image/png');
        });
      }
    }
    if (svg) {
      item('SVG', async () => {
        const { provenance, name } = await prepare(false);
        download(svg(JSON.stringify(provenance)), name('svg'), 'image/svg+xml');
      });
    }
    if (csv) {
      item('CSV', async () => {
        const { provenance, name } = await prepare(false);
        const table = csv();
        download(tidyCsv(provenance, table.columns, table.rows), name('csv'), 'text/csv');
      });
    }
    if (json || spec.sample) {
      item('JSON', async () => {
        const { record, provenance, name } = await prepare(spec.sample);
        const body = spec.sample ? sampleJson(record, spec.network) : { series: json!() };
        const text = `${JSON.stringify({ ...body, provenance }, null, 2)}\n`;
        download(text, name('json'), 'application/json');
      });
    }
    if (gltf) {
      item('glTF', async () => {
        const { name } = await prepare(false);
        download(new Uint8Array(await gltf()), name('glb'), 'model/gltf-binary');
      });
    }
    return items;
  }, [client, store, spec]);
}

/** A sample panel's JSON: the analysis report of each network drawn. */
function sampleJson(record: ExportRecord, network: NetworkId | 'all') {
  const reports = Object.entries(record.reports).filter(
    ([id]) => network === 'all' || id === network,
  );
  return { reports: Object.fromEntries(reports) };
}
