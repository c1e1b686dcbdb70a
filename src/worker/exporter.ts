/**
 * What exports need from the engine: each network's `weightsSha256` (the SHA-256 of its current
 * weights as float32 bytes, in model order — equal digests mean identical networks) and, for a
 * sample panel's JSON, the analysis report of the selected input (`curvature-lab/analysis@1`,
 * the same `analyzeInput` as `npm run analyze`), both from one frozen copy of the three networks
 * so that every figure of an export comes from the same steps.
 */
import { analyzeInput, type AnalysisOptions } from '../core/analysis';
import { NETWORK_IDS, type NetworkId } from '../core/names';
import type { ForwardPlan } from '../core/models';
import type { AnalysisReport } from '../core/report';
import { sha256Hex } from '../core/sha256';
import type { LabSnapshot } from './lab';
import { yieldToEvents } from './yieldToEvents';

export interface ExportedNetwork {
  id: NetworkId;
  step: number;
  weightsSha256: string;
  report: AnalysisReport | null;
}

/** SHA-256 of the plan's weights, float32 little-endian bytes, concatenated in model order. */
export async function weightsSha256(plan: ForwardPlan): Promise<string> {
  const parts = await Promise.all(plan.weights.map((w) => w.data()));
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return sha256Hex(bytes);
}

export async function exportNetworks(
  snapshot: LabSnapshot,
  sample: number | null,
  options: AnalysisOptions,
): Promise<ExportedNetwork[]> {
  const { dataset } = snapshot;
  const d = dataset.info.inputShape.reduce((a, b) => a * b, 1);
  if (sample !== null && (sample < 0 || sample >= dataset.test.count)) {
    throw new Error(`sample ${sample} does not exist (${dataset.test.count} test inputs)`);
  }
  const out: ExportedNetwork[] = [];
  for (const id of NETWORK_IDS) {
    const { frozen, step } = snapshot.networks[id];
    const digest = await weightsSha256(frozen.plan);
    let report: AnalysisReport | null = null;
    if (sample !== null) {
      ({ report } = await analyzeInput(
        frozen.plan,
        { file: `${id} network at step ${step} (live)`, sha256: digest },
        {
          dataset: dataset.info.id,
          split: 'test',
          index: sample,
          shape: [...dataset.info.inputShape],
          x: dataset.test.x.slice(sample * d, (sample + 1) * d),
          label: dataset.test.y[sample]!,
        },
        options,
      ));
    }
    out.push({ id, step, weightsSha256: digest, report });
    await yieldToEvents(); // a turn for messages between networks
  }
  return out;
}
