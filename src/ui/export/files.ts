/**
 * The files a panel's exports make, shared by its menu (useExports) and "Export all"
 * (exportAll.ts): one function per format, from the panel's spec and the provenance.
 */
import { tidyCsv } from '../../core/export/csv';
import { exportFileName } from '../../core/export/fileName';
import { asciiJson, type Provenance } from '../../core/export/provenance';
import type { ExportRecord } from '../../client/exportClient';
import type { NetworkId } from '../../core/names';
import type { FigureTheme } from '../theme';
import { canvasPng } from './raster';
import type { PanelExports } from './useExports';

export interface ExportFile {
  readonly name: string;
  readonly content: Uint8Array | string;
  readonly type: string;
}

/** The panel's provenance (the export's, with the figure's steps) and a namer for its files. */
export function panelContext(spec: PanelExports, record: ExportRecord) {
  const steps = spec.steps();
  if (steps === null || Object.keys(steps).length === 0) {
    throw new Error('nothing to export yet: the panel has no result');
  }
  const provenance: Provenance = { ...record.provenance, figure: { panel: spec.panel, steps } };
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
  return { provenance, name };
}

export async function pngFile(
  spec: PanelExports,
  record: ExportRecord,
  scale: number,
  theme: FigureTheme,
): Promise<ExportFile> {
  const { provenance, name } = panelContext(spec, record);
  const bytes = await canvasPng(await spec.png!(scale, theme), asciiJson(provenance));
  return { name: name('png', scale), content: bytes, type: 'image/png' };
}

export function svgFile(spec: PanelExports, record: ExportRecord, theme: FigureTheme): ExportFile {
  const { provenance, name } = panelContext(spec, record);
  return {
    name: name('svg'),
    content: spec.svg!(JSON.stringify(provenance), theme),
    type: 'image/svg+xml',
  };
}

export function csvFile(spec: PanelExports, record: ExportRecord): ExportFile {
  const { provenance, name } = panelContext(spec, record);
  const table = spec.csv!();
  return {
    name: name('csv'),
    content: tidyCsv(provenance, table.columns, table.rows),
    type: 'text/csv',
  };
}

/** A sample panel's JSON holds the analysis reports of the networks it draws; a batch panel's,
 * its series. */
export function jsonFile(spec: PanelExports, record: ExportRecord): ExportFile {
  const { provenance, name } = panelContext(spec, record);
  const body = spec.sample
    ? { reports: reportsOf(record, spec.network) }
    : { series: spec.json?.() ?? null };
  const text = `${JSON.stringify({ ...body, provenance }, null, 2)}\n`;
  return { name: name('json'), content: text, type: 'application/json' };
}

export async function gltfFile(spec: PanelExports, record: ExportRecord): Promise<ExportFile> {
  const { name } = panelContext(spec, record);
  return {
    name: name('glb'),
    content: new Uint8Array(await spec.gltf!()),
    type: 'model/gltf-binary',
  };
}

function reportsOf(record: ExportRecord, network: NetworkId | 'all') {
  return Object.fromEntries(
    Object.entries(record.reports).filter(([id]) => network === 'all' || id === network),
  );
}
