/**
 * The analysis panels' side of the engine: decides when to ask for the sample and batch analyses
 * (inspectSchedule.ts), cancels what a newer question supersedes, routes results into the frame
 * buffers and their stamps into the store, and reports progress and failures.
 */
import { BATCH_ANALYSIS_KEYS, SAMPLE_ANALYSIS_KEYS } from '../core/lab/inspectSettings';
import type { AppState, AppStore } from '../state/store';
import { INSPECT_JOBS, type InspectJob, type InspectResult } from '../worker/inspectProtocol';
import type { EngineEvent } from '../worker/protocol';
import type { EngineClient } from './engineClient';
import { inspectionFrames } from './inspectionFrames';
import { POLICIES, decide, idleTrack, type JobTrack } from './inspectSchedule';
import { labKey } from './labClient';
import { NETWORK_IDS } from '../core/names';

const TICK_MS = 100;

/** What each job must answer now, as a string (null while there is nothing to analyse). */
export function wantedKeys(state: AppState): Record<InspectJob, string | null> {
  const lab = labKey(state);
  if (lab === null || state.lab.phase !== 'open') return { sample: null, batch: null };
  const { inspect, training, sample } = state.config;
  const pick = (keys: readonly (keyof typeof inspect)[]) => keys.map((k) => inspect[k]);
  // ε and the norm define the adversarial example, the ε-ball and the robust curve.
  const threat = [training.eps, training.pgdNorm];
  // An imported model is other networks in the same lab: the old pictures answer nothing.
  const imports = state.lab.origins.map((o) => (o.imported ? `${o.id}:${o.imported.sha256}` : ''));
  return {
    sample: JSON.stringify([lab, sample, ...pick(SAMPLE_ANALYSIS_KEYS), ...threat, imports]),
    batch: JSON.stringify([lab, ...pick(BATCH_ANALYSIS_KEYS), inspect.radius, ...threat, imports]),
  };
}

const stepsOf = (state: AppState) => NETWORK_IDS.map((id) => state.lab.networks[id].step).join('/');

export function connectInspection(store: AppStore, client: EngineClient): () => void {
  const tracks: Record<InspectJob, JobTrack> = { sample: idleTrack(), batch: idleTrack() };
  const wanted: Record<InspectJob, { key: string; since: number } | null> = {
    sample: null,
    batch: null,
  };
  let shownLab: string | null = null;
  // A batch job's results are shown a part at a time, once all three networks' have arrived: one
  // figure never mixes networks at different steps (the robust curve takes tens of seconds per
  // network on wasm, and the previous job's three curves stay up meanwhile).
  let held: InspectResult[] = [];
  // Actions never change identity: take them once.
  const { setJob, jobEnded, clearResults, setWanted, addStamp } = store.getState();

  const finish = (job: InspectJob, id: number, error: string | null) => {
    const track = tracks[job];
    if (track.inFlight !== id) return;
    tracks[job] = { ...track, inFlight: null, endedAt: performance.now() };
    jobEnded(job, error);
  };

  const cancel = (job: InspectJob) => {
    const id = tracks[job].inFlight;
    if (id === null) return;
    client.cancel(id);
    tracks[job] = { ...tracks[job], inFlight: null, endedAt: performance.now() };
    setJob(job, null);
  };

  const send = (job: InspectJob, key: string, state: AppState, now: number) => {
    cancel(job);
    if (job === 'batch') held = [];
    const { sample, inspect } = state.config;
    const { id, reply } = client.request(
      job === 'sample'
        ? { type: 'inspectSample', sample, settings: inspect }
        : { type: 'inspectBatch', settings: inspect },
    );
    const track = { key, steps: stepsOf(state), inFlight: id, busyMs: 0 };
    tracks[job] = { ...tracks[job], ...track };
    setJob(job, { id, key, startedAt: now, part: null, network: null, fraction: 0 });
    reply.then(
      (event) => finish(job, id, event.type === 'failed' ? event.message : null),
      (error: unknown) => finish(job, id, error instanceof Error ? error.message : String(error)),
    );
  };

  const tick = () => {
    const state = store.getState();
    const now = performance.now();
    // New networks (another dataset, architecture, backend…): the old pictures are of nothing.
    const lab = labKey(state);
    if (lab !== shownLab) {
      shownLab = lab;
      inspectionFrames.clear();
      clearResults();
    }
    const keys = wantedKeys(state);
    for (const job of INSPECT_JOBS) {
      if (keys[job] !== (wanted[job]?.key ?? null)) {
        wanted[job] = keys[job] === null ? null : { key: keys[job]!, since: now };
      }
      const decision = decide(tracks[job], wanted[job], stepsOf(state), now, POLICIES[job]);
      if (decision === 'cancel') cancel(job);
      else if (decision === 'request') send(job, wanted[job]!.key, state, now);
    }
    const shown = state.inspection.wanted;
    if (shown.sample !== keys.sample || shown.batch !== keys.batch) {
      setWanted(keys);
    }
  };

  const onEvent = (event: EngineEvent) => {
    if (event.type === 'inspectProgress') {
      const status = store.getState().inspection.jobs[event.job];
      if (status?.id !== event.id) return;
      const { part, network, fraction } = event;
      setJob(event.job, { ...status, part, network, fraction });
    } else if (event.type === 'inspectResult') {
      const track = tracks[event.job];
      if (track.inFlight !== event.id || track.key === null) return;
      tracks[event.job] = { ...track, busyMs: track.busyMs + event.ms };
      if (event.job === 'sample') return show(event, track.key);
      held.push(event);
      const part = held.filter((result) => result.part === event.part);
      if (part.length < NETWORK_IDS.length) return;
      held = held.filter((result) => result.part !== event.part);
      for (const result of part) show(result, track.key);
    }
  };

  const show = (event: InspectResult, key: string) => {
    inspectionFrames.set(event);
    const { id, step, sample, ms } = event;
    addStamp(event.part, event.network, { id, key, step, sample, ms });
  };

  const unsubscribe = client.subscribe(onEvent);
  const timer = setInterval(tick, TICK_MS);
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
