/**
 * Chooses the backend the engine runs on: a forced `?backend=`, else by measurement — a timed
 * probe step on every candidate, keeping the fastest that has the kernels the model needs. Also
 * with a hardware WebGPU adapter (issue 14): for the small MLPs here a GPU's per-dispatch overhead
 * can lose to wasm, so the adapter's presence alone decides nothing. The returned status says
 * what was chosen and why each other candidate was not.
 */
import {
  activateBackend,
  missingKernels,
  probeWebGpuAdapter,
  messageOf,
  type AdapterProbe,
} from './backends';
import { timeProbeStep } from './probe';
import {
  BACKEND_NAMES,
  type BackendName,
  type BackendRequest,
  type BackendStatus,
  type CandidateReport,
} from './protocol';
import type { Architecture } from '../core/names';

export interface SelectionOptions {
  request: BackendRequest;
  architecture: Architecture;
  /** Backends that must not be used (e.g. WebGPU after its device was lost). */
  excluded?: BackendName[];
  /** Called with a line of progress while probing (probing software WebGPU takes seconds). */
  onProgress?: (message: string) => void;
}

/** What the candidate list says of a software WebGPU adapter, which is not timed. */
const SOFTWARE_WEBGPU_SKIPPED: CandidateReport = {
  name: 'webgpu',
  outcome: 'not-tried',
  msPerStep: null,
  detail: 'software WebGPU adapter: not timed (never the fastest here)',
};

function describeAdapter(probe: AdapterProbe): string {
  if (!probe.adapter) return `no WebGPU adapter (${probe.unavailable})`;
  const { vendor, architecture, isFallbackAdapter } = probe.adapter;
  const kind = isFallbackAdapter ? 'a software fallback adapter' : 'a hardware adapter';
  return `WebGPU offers ${kind} (${vendor || 'unknown vendor'}, ${architecture || 'unknown architecture'})`;
}

async function forced(
  name: BackendName,
  options: SelectionOptions,
  adapter: AdapterProbe,
): Promise<BackendStatus | string> {
  const failure = await activateBackend(name);
  if (failure) return failure;
  const missing = missingKernels(name, options.architecture);
  const warning = missing.length
    ? ` Warning: it lacks ${missing.join(', ')}, so ${options.architecture.toUpperCase()} training will fail on it.`
    : '';
  return {
    name,
    requested: name,
    adapter: adapter.adapter,
    reason: `Forced by ?backend=${name}.${warning}`,
    candidates: BACKEND_NAMES.map((other) => ({
      name: other,
      outcome: other === name ? 'chosen' : 'not-tried',
      msPerStep: null,
      detail: other === name ? 'forced' : 'not tried: a backend was forced',
    })),
  };
}

async function probeCandidate(
  name: BackendName,
  options: SelectionOptions,
  adapter: AdapterProbe,
): Promise<CandidateReport> {
  if (options.excluded?.includes(name)) {
    return { name, outcome: 'failed', msPerStep: null, detail: 'excluded: its device was lost' };
  }
  if (name === 'webgpu' && !adapter.adapter) {
    return { name, outcome: 'unsupported', msPerStep: null, detail: adapter.unavailable ?? '' };
  }
  const missing = missingKernels(name, options.architecture);
  if (missing.length > 0) {
    const detail = `cannot train a ${options.architecture.toUpperCase()}: no ${missing.join(', ')} kernel`;
    return { name, outcome: 'unsupported', msPerStep: null, detail };
  }
  const failure = await activateBackend(name);
  if (failure) return { name, outcome: 'failed', msPerStep: null, detail: failure };
  options.onProgress?.(`timing a probe step on ${name}…`);
  try {
    const ms = await timeProbeStep(options.architecture);
    return { name, outcome: 'slower', msPerStep: ms, detail: `${ms.toFixed(1)} ms per probe step` };
  } catch (error) {
    return {
      name,
      outcome: 'failed',
      msPerStep: null,
      detail: `probe failed: ${messageOf(error)}`,
    };
  }
}

async function automatic(
  options: SelectionOptions,
  adapter: AdapterProbe,
  prefix: string,
): Promise<BackendStatus> {
  const candidates: CandidateReport[] = [];
  for (const name of BACKEND_NAMES) {
    // A software adapter (SwiftShader) runs WebGPU on the CPU, 10–20× slower than wasm here
    // (PLATFORM.md), and compiling its first kernels took seconds of every cold load.
    const excluded = options.excluded?.includes(name) ?? false;
    if (name === 'webgpu' && adapter.adapter?.isFallbackAdapter && !excluded) {
      candidates.push({ ...SOFTWARE_WEBGPU_SKIPPED });
      continue;
    }
    candidates.push(await probeCandidate(name, options, adapter));
  }
  const timed = candidates.filter((c) => c.msPerStep !== null);
  timed.sort((a, b) => a.msPerStep! - b.msPerStep!);
  const best = timed[0];
  if (!best)
    throw new Error(
      `no backend could run: ${candidates.map((c) => `${c.name}: ${c.detail}`).join('; ')}`,
    );
  const failure = await activateBackend(best.name);
  if (failure) throw new Error(failure);
  best.outcome = 'chosen';
  for (const other of timed.slice(1)) {
    const ratio = other.msPerStep! / best.msPerStep!;
    other.detail = `${other.msPerStep!.toFixed(1)} ms per probe step, ${ratio.toFixed(1)}× slower than ${best.name}`;
  }
  return {
    name: best.name,
    requested: options.request,
    adapter: adapter.adapter,
    reason: `${prefix}${describeAdapter(adapter)}; timed a probe step on each ${adapter.adapter?.isFallbackAdapter ? 'other ' : ''}backend and chose the fastest, ${best.name} (${best.msPerStep!.toFixed(1)} ms).`,
    candidates,
  };
}

export async function selectBackend(options: SelectionOptions): Promise<BackendStatus> {
  const adapter = await probeWebGpuAdapter();
  if (options.request !== 'auto' && !options.excluded?.includes(options.request)) {
    const result = await forced(options.request, options, adapter);
    if (typeof result !== 'string') return result;
    return automatic(options, adapter, `Could not use the forced ${options.request} (${result}). `);
  }
  return automatic(options, adapter, '');
}

/**
 * Times every candidate as the automatic choice does (`probeCandidate`), for a worker that only
 * probes (the engine keeps its forced backend meanwhile). A software WebGPU adapter is skipped
 * unless it is the forced backend: there a probe step is 10–20× slower than on webgl or wasm
 * (PLATFORM.md) and its first kernels take seconds to compile, so it is never the best.
 */
export async function probeAll(
  architecture: Architecture,
  forced: BackendName,
): Promise<CandidateReport[]> {
  const adapter = await probeWebGpuAdapter();
  const options: SelectionOptions = { request: 'auto', architecture };
  const candidates: CandidateReport[] = [];
  for (const name of BACKEND_NAMES) {
    if (name === 'webgpu' && name !== forced && adapter.adapter?.isFallbackAdapter) {
      candidates.push({ ...SOFTWARE_WEBGPU_SKIPPED });
      continue;
    }
    candidates.push(await probeCandidate(name, options, adapter));
  }
  return candidates;
}
