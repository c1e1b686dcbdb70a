/**
 * What every export records, gathered at the moment of the export: the provenance (settings and
 * link from the store, `weightsSha256` of each network from the engine) and, for a sample panel's
 * JSON, the analysis reports of the selected input — the engine computes both from one frozen
 * copy of the three networks (src/worker/exporter.ts).
 */
import { checkpointFolder } from '../core/checkpointCatalog';
import { PROVENANCE_FORMAT, type Provenance } from '../core/export/provenance';
import type { NetworkId } from '../core/names';
import { analysisReportSchema, type AnalysisReport } from '../core/report';
import type { AppState } from '../state/store';
import { searchFromConfig } from '../state/url';
import type { EngineClient } from './engineClient';

export interface ExportRecord {
  readonly provenance: Provenance;
  /** Per network, in column order; empty unless reports were asked for. */
  readonly reports: Partial<Record<NetworkId, AnalysisReport>>;
}

/** The analysis options of the report, as the panels are set now (npm run analyze's flags). */
function analysisOptions(state: AppState) {
  const { config } = state;
  return {
    h: config.training.h,
    form: config.training.cureForm,
    topk: config.inspect.topK,
    full: config.inspect.fullSpectrum,
    gridSize: config.inspect.resolution + 1,
    radius: config.inspect.radius,
    vKind: config.inspect.plane,
    seed: config.seed,
  };
}

export async function gatherExport(
  client: EngineClient,
  getState: () => AppState,
  options: { readonly reports: boolean },
): Promise<ExportRecord> {
  const state = getState();
  const { config, lab, data, engine } = state;
  if (lab.phase !== 'open' || lab.build === null) throw new Error('no lab is open to export');
  const sample = config.sample;
  const reply = await client.call({
    type: 'exportNetworks',
    sample: options.reports ? sample : null,
    analysis: analysisOptions(state),
  });
  if (reply.type !== 'exportedNetworks') throw new Error(`unexpected reply ${reply.type}`);
  const build = lab.build;
  const search = searchFromConfig(config);
  const provenance: Provenance = {
    format: PROVENANCE_FORMAT,
    app: { name: 'Curvature Lab', version: __APP_VERSION__ },
    time: new Date().toISOString(),
    link: `${location.origin}${location.pathname}${search}`,
    dataset: build.dataset,
    split: 'test',
    sample,
    label: data.test?.y[sample] ?? 0,
    seed: config.seed,
    backend: engine.status?.name ?? 'unknown',
    settings: Object.fromEntries(new URLSearchParams(search)),
    networks: reply.networks.map((network) => {
      const origin = lab.origins.find((o) => o.id === network.id);
      const checkpoint =
        origin?.source === 'checkpoint' && origin.sha256 !== null
          ? { path: checkpointFolder({ ...build, method: network.id }), sha256: origin.sha256 }
          : null;
      return {
        id: network.id,
        step: network.step,
        checkpoint,
        weightsSha256: network.weightsSha256,
      };
    }),
  };
  const reports: Partial<Record<NetworkId, AnalysisReport>> = {};
  for (const network of reply.networks) {
    if (network.report !== null) reports[network.id] = analysisReportSchema.parse(network.report);
  }
  return { provenance, reports };
}
