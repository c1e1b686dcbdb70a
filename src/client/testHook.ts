/**
 * A small typed API on `window.__curvatureLab` for the e2e tests (CONVENTIONS.md §9). It exists only
 * in builds made with VITE_TEST_HOOK=true (`npm run build:e2e`), never in the production bundle.
 */
import type { AppState, AppStore } from '../state/store';
import type { ProbeRecord } from './backendProbe';
import type { EngineClient } from './engineClient';
import { gatherExport } from './exportClient';
import { inspectionFrames } from './inspectionFrames';
import { wantedKeys } from './inspectClient';
import { controlLab } from './labClient';
import type { TestHook } from './testHookApi';
import { NETWORK_IDS } from '../core/names';

const SAMPLE_PARTS = ['point', 'plane', 'strip', 'spectrum', 'profile'] as const;
const BATCH_PARTS = ['curvatureMean', 'bounds', 'robustCurve'] as const;

/** The parts a sample analysis delivers for the loaded dataset (2-D sets add the input plane). */
function sampleParts(state: AppState): readonly string[] {
  return state.data.info?.kind === 'points' ? [...SAMPLE_PARTS, 'field'] : SAMPLE_PARTS;
}

export function installTestHook(
  store: AppStore,
  client: EngineClient,
  backendProbes: readonly ProbeRecord[],
): void {
  const hook: TestHook = {
    state: () => {
      const { config, engine, data, lab, inspection, notices, offline, sessions, view } =
        store.getState();
      return { config, engine, data, lab, inspection, notices, offline, sessions, view };
    },
    setView: (patch) => store.getState().setView(patch),
    whenReady: () =>
      new Promise((resolve, reject) => {
        const check = (state: AppState) => {
          if (state.engine.phase === 'ready') resolve();
          else if (state.engine.phase === 'failed')
            reject(new Error(state.engine.error ?? 'failed'));
          else return false;
          return true;
        };
        if (check(store.getState())) return;
        const unsubscribe = store.subscribe((state) => {
          if (check(state)) unsubscribe();
        });
      }),
    tinyOp: async () => {
      const reply = await client.call({ type: 'tinyOp' });
      if (reply.type !== 'tinyOpResult') throw new Error(`unexpected reply ${reply.type}`);
      return { backend: reply.backend, values: reply.values };
    },
    waitForSteps: (steps, network) =>
      new Promise((resolve) => {
        const ids = network ? [network] : NETWORK_IDS;
        const done = (state: AppState) => ids.every((id) => state.lab.networks[id].step >= steps);
        if (done(store.getState())) return resolve();
        const unsubscribe = store.subscribe((state) => {
          if (!done(state)) return;
          unsubscribe();
          resolve();
        });
      }),
    predict: async (network, inputs) => {
      const reply = await client.call({
        type: 'predict',
        network,
        inputs: Float32Array.from(inputs.flat()),
      });
      if (reply.type !== 'predictions') throw new Error(`unexpected reply ${reply.type}`);
      return { step: reply.step, pred: Array.from(reply.pred) };
    },
    control: async (action, network) => {
      await controlLab(client, action, network);
    },
    injectNaN: async (network) => {
      await client.call({ type: 'injectNaN', network });
    },
    memory: async () => {
      const reply = await client.call({ type: 'memory' });
      if (reply.type !== 'memoryInfo') throw new Error(`unexpected reply ${reply.type}`);
      const { numTensors, numBytes, analysisJobs } = reply;
      return { numTensors, numBytes, analysisJobs };
    },
    result: (part, network) => inspectionFrames.get(part, network),
    backendProbes: () => [...backendProbes],
    waitForAnalysis: ({ batch = true, atCurrentSteps = false } = {}) =>
      new Promise((resolve) => {
        const done = (state: AppState) => {
          // From the config itself, not the copy the inspection client refreshes every tick: a
          // setting changed just before this call must not be answered by the old results.
          const wanted = wantedKeys(state);
          const { stamps } = state.inspection;
          const jobs: [string | null, readonly string[]][] = [
            [wanted.sample, sampleParts(state)],
            ...(batch ? [[wanted.batch, BATCH_PARTS] as [string | null, readonly string[]]] : []),
          ];
          return jobs.every(
            ([key, parts]) =>
              key !== null &&
              parts.every((part) =>
                NETWORK_IDS.every((id) => {
                  const stamp = stamps[`${part}:${id}`];
                  const stepOk = !atCurrentSteps || stamp?.step === state.lab.networks[id].step;
                  return stamp?.key === key && stepOk;
                }),
              ),
          );
        };
        if (done(store.getState())) return resolve();
        const unsubscribe = store.subscribe((state) => {
          if (!done(state)) return;
          unsubscribe();
          resolve();
        });
      }),
    weights: async () => {
      const { provenance } = await gatherExport(client, store.getState, { reports: false });
      return provenance.networks.map(({ id, step, weightsSha256 }) => ({
        id,
        step,
        weightsSha256,
      }));
    },
    loseDevice: async () => {
      await client.call({ type: 'simulateDeviceLoss' });
    },
    crashEngine: (how) => {
      // No reply comes: the worker dies, and the call fails when it is restarted.
      client.call({ type: 'crash', how }).catch(() => undefined);
    },
  };
  window.__curvatureLab = hook;
}
