/**
 * "Export all": one zip (fflate) with every panel on screen as PNG 2× and its data (CSV where the
 * panel has a table, JSON too for sample panels: the analysis reports), `provenance.json` and a
 * `README.txt` that says what each file is. Every file comes from one gathering of the
 * provenance and reports (one frozen copy of the networks); the networks keep training meanwhile.
 */
import { strToU8, zipSync } from 'fflate';
import { gatherExport } from '../../client/exportClient';
import type { EngineClient } from '../../client/engineClient';
import type { AppState } from '../../state/store';
import { csvFile, jsonFile, pngFile, type ExportFile } from './files';
import { registeredPanelExports } from './registry';
import { exportTheme, type PanelExports } from './useExports';

export interface ExportAllResult {
  readonly name: string;
  readonly zip: Uint8Array;
  readonly files: readonly string[];
  /** Panels without a result yet, left out. */
  readonly skipped: readonly string[];
}

const describe = (spec: PanelExports) =>
  `${spec.panel}${spec.network === 'all' ? ' (three networks)' : ` (${spec.network})`}`;

export async function exportAll(
  client: EngineClient,
  getState: () => AppState,
  onProgress: (fraction: number) => void,
): Promise<ExportAllResult> {
  onProgress(0);
  const record = await gatherExport(client, getState, { reports: true });
  const theme = exportTheme(getState());
  const panels = registeredPanelExports();
  const files: ExportFile[] = [];
  const readme: string[] = [];
  const skipped: string[] = [];
  for (const [i, spec] of panels.entries()) {
    if (spec.steps() === null) {
      skipped.push(describe(spec));
      continue;
    }
    const made: ExportFile[] = [];
    if (spec.png) made.push(await pngFile(spec, record, 2, theme));
    if (spec.csv) made.push(csvFile(spec, record));
    if (spec.sample || spec.json) made.push(jsonFile(spec, record));
    for (const file of made) {
      files.push(file);
      readme.push(`${file.name}\n    ${describe(spec)}: ${kindOf(file.name)}`);
    }
    onProgress((i + 1) / (panels.length + 1));
    // A turn for the page (and its training updates) between panels.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const { provenance } = record;
  const name = `curvature-lab_${provenance.dataset}_test${provenance.sample}_${provenance.time.slice(0, 19).replace(/[:T]/g, '-')}.zip`;
  const entries: Record<string, Uint8Array> = {
    'README.txt': strToU8(readmeText(provenance.link, readme, skipped)),
    'provenance.json': strToU8(`${JSON.stringify(provenance, null, 2)}\n`),
  };
  for (const file of files) {
    entries[file.name] = typeof file.content === 'string' ? strToU8(file.content) : file.content;
  }
  // PNGs are compressed already: store them; deflate the text.
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(entries).map(([path, data]) => [
        path,
        [data, { level: path.endsWith('.png') ? 0 : 6 }],
      ]),
    ),
  );
  onProgress(1);
  return { name, zip, files: Object.keys(entries), skipped };
}

function kindOf(fileName: string): string {
  if (fileName.endsWith('.png')) return 'the figure, PNG at 2× (provenance in its tEXt chunk)';
  if (fileName.endsWith('.csv'))
    return 'the data behind the figure, one tidy table (# lines: provenance)';
  return 'JSON: analysis reports (curvature-lab/analysis@1) or the series, and the provenance';
}

function readmeText(link: string, lines: readonly string[], skipped: readonly string[]): string {
  return [
    'Curvature Lab export',
    '',
    `Reopen this view: ${link}`,
    '',
    'provenance.json',
    '    how every file here was made: app and version, time, dataset, sample, seed, backend,',
    '    every setting, and per network its step, checkpoint and weightsSha256',
    ...lines,
    ...(skipped.length > 0 ? ['', `Left out (no result yet): ${skipped.join(', ')}`] : []),
    '',
  ].join('\n');
}
