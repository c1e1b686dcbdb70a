/**
 * The engine worker: the only owner of the tfjs backend, the lab's networks and their training
 * loop (lab.ts), and the analysis jobs (inspector.ts). It answers the typed requests of
 * protocol.ts, watches the WebGPU device and, when it is lost, moves to the next-best backend and
 * lets the lab continue from its copy off the device. It never touches the DOM.
 */
import '../core/zodConfig';
import * as tf from '@tensorflow/tfjs';
import { DATASETS } from '../core/datasets/registry';
import { activeWebGpuDevice, messageOf, retireBackend } from './backends';
import type { Dataset } from '../core/datasets/types';
import { fetchAsset, fetchCheckpointAsset } from './assets';
import { Inspector } from './inspector';
import { LabController } from './lab';
import { CancelledError, JobRegistry } from './jobs';
import { OffDeviceCopy } from './offDeviceCopy';
import {
  engineRequestSchema,
  transferablesOf,
  type BackendName,
  type EngineEvent,
  type EngineRequest,
} from './protocol';
import { probeAll, selectBackend } from './selectBackend';
import { exportNetworks } from './exporter';
import { checkSavedLab } from './savedLabCheck';
import { asSavedLabMessage, type SessionImports } from './sessionProtocol';
import { NETWORK_IDS, type Architecture } from '../core/names';

const scope = self as DedicatedWorkerGlobalScope;
const jobs = new JobRegistry();
const lostBackends: BackendName[] = [];
let lastArchitecture: Architecture = 'mlp';
/** The dataset last loaded: the data the lab trains on. */
let dataset: Dataset | null = null;
/** The networks' copy off the device: after a lost device, the next matching openLab continues it. */
const offDevice = new OffDeviceCopy();
const lab = new LabController(
  (running, networks, until) => post({ type: 'trainingDelta', running, networks, until }),
  offDevice,
);
const inspector = new Inspector(post, jobs, lab);
/** Whether this worker runs the engine (it was sent `init`): then it must never probe backends. */
let isEngine = false;
/** How many times a device was lost (a request that spans one ends as cancelled). */
let lossCount = 0;
/** How long a failure on WebGPU waits for a device loss to be announced before it is reported:
 * reads in flight fail at once, the device's `lost` promise settles a little later. */
const LOSS_GRACE_MS = 250;

function post(event: EngineEvent): void {
  scope.postMessage(event, transferablesOf(event));
}

/** Watches the WebGPU device; if it is lost, says so and moves to the next-best backend. */
function watchDevice(): void {
  const device = activeWebGpuDevice();
  if (!device) return;
  void device.lost.then(async (info) => {
    // From here on, requests in flight fail because of the loss: they are cancelled, not errors.
    lossCount++;
    // No copy made from now on can be trusted: the last one before is what the networks keep.
    const savedSteps = offDevice.markLost();
    lostBackends.push('webgpu');
    retireBackend('webgpu');
    post({
      type: 'backendLost',
      backend: 'webgpu',
      message: info.message || info.reason,
      savedSteps,
    });
    // The lab's tensors went with the device: stop every computation before choosing another
    // backend. The client opens the lab anew once the engine is ready, and it continues from the
    // networks' last copy off the device.
    await inspector.stopAll();
    await lab.close();
    offDevice.rescue();
    try {
      const status = await selectBackend({
        request: 'auto',
        architecture: lastArchitecture,
        excluded: lostBackends,
      });
      post({ type: 'ready', id: null, status });
    } catch (error) {
      post({ type: 'failed', id: null, message: messageOf(error) });
    }
  });
}

async function handle(request: EngineRequest): Promise<void> {
  switch (request.type) {
    case 'init': {
      // Tensors of an open lab live on the current backend: stop and close it before switching.
      await inspector.stopAll();
      await lab.close();
      lastArchitecture = request.architecture;
      isEngine = true;
      const status = await selectBackend({
        request: request.backend,
        architecture: request.architecture,
        excluded: lostBackends,
        onProgress: (message) => post({ type: 'progress', id: request.id, message }),
      });
      jobs.throwIfCancelled(request.id);
      watchDevice();
      post({ type: 'ready', id: request.id, status });
      return;
    }
    case 'loadDataset': {
      const data = await DATASETS[request.dataset].load({
        seed: request.seed,
        readAsset: fetchAsset,
      });
      jobs.throwIfCancelled(request.id);
      await lab.close();
      dataset = data;
      // Copies: the engine keeps its own data for training; the copies are transferred.
      post({
        type: 'datasetLoaded',
        id: request.id,
        info: data.info,
        seed: request.seed,
        trainCount: data.train.count,
        test: { count: data.test.count, x: data.test.x.slice(), y: data.test.y.slice() },
        train:
          data.info.kind === 'points'
            ? { count: data.train.count, x: data.train.x.slice(), y: data.train.y.slice() }
            : null,
      });
      return;
    }
    case 'tinyOp': {
      const result = tf.tidy(() => {
        const product = tf.matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[5], [6]]),
        );
        const expSum = tf.sum(tf.exp(tf.tensor1d([0, Math.log(2)])));
        return tf.concat([product.reshape([-1]), expSum.reshape([1])]);
      });
      const values = Array.from(await result.data());
      result.dispose();
      post({
        type: 'tinyOpResult',
        id: request.id,
        backend: tf.getBackend() as BackendName,
        values,
      });
      return;
    }
    case 'memory': {
      const { numTensors, numBytes } = tf.memory();
      const analysisJobs = inspector.runningJobs();
      post({ type: 'memoryInfo', id: request.id, numTensors, numBytes, analysisJobs });
      return;
    }
    case 'probeBackends': {
      if (isEngine) {
        throw new Error('probeBackends switches the active backend: only a probe worker runs it');
      }
      const started = performance.now();
      const candidates = await probeAll(request.architecture, request.forced);
      post({ type: 'probeResult', id: request.id, candidates, ms: performance.now() - started });
      return;
    }
    case 'simulateDeviceLoss': {
      const device = activeWebGpuDevice();
      if (!device) throw new Error(`the active backend (${tf.getBackend()}) has no WebGPU device`);
      device.destroy();
      post({ type: 'done', id: request.id });
      return;
    }
    case 'ping':
      post({ type: 'done', id: request.id });
      return;
    case 'holdLifeLock':
      await new Promise<void>((held) => {
        void navigator.locks.request(request.name, () => {
          held();
          return new Promise<never>(() => undefined); // never released while the worker lives
        });
      });
      post({ type: 'done', id: request.id });
      return;
    case 'crash':
      if (request.how === 'exit') scope.close();
      // Outside the request's promise: nothing catches it, as with a real fault.
      else
        setTimeout(() => {
          throw new Error('the engine was made to crash (test hook)');
        });
      return;
    case 'openLab': {
      if (!dataset) throw new Error('load a dataset before opening the lab');
      const { architecture, activation, seed, settings, until, resume, resumeImports } = request;
      const { origins, play } = await lab.open(
        { dataset, architecture, activation, seed },
        settings,
        fetchCheckpointAsset,
        until,
        resume ?? null,
        resumeImports ?? null,
      );
      post({ type: 'labOpened', id: request.id, networks: origins, play });
      return;
    }
    case 'saveLab': {
      const { lab: saved, until } = await lab.save();
      const imported = {} as SessionImports;
      for (const id of NETWORK_IDS) {
        const slot = lab.importedSlot(id);
        imported[id] = slot && {
          mode: slot.mode,
          files: [...slot.files].map(([name, bytes]) => ({ name, bytes: bytes.slice() })),
        };
      }
      post({ type: 'labSaved', id: request.id, lab: asSavedLabMessage(saved), until, imported });
      return;
    }
    case 'checkSavedLab': {
      const { dataset: id, architecture, activation } = request;
      const problem = await checkSavedLab(
        request.lab,
        request.imported,
        DATASETS[id].info,
        architecture,
        activation,
      );
      post({ type: 'savedLabChecked', id: request.id, problem });
      return;
    }
    case 'setSettings':
      lab.setSettings(request.settings);
      post({ type: 'done', id: request.id });
      return;
    case 'control':
      await lab.control(request.action, request.network);
      post({ type: 'done', id: request.id });
      return;
    case 'predict': {
      const { step, pred } = await lab.predict(request.network, request.inputs);
      post({ type: 'predictions', id: request.id, step, pred });
      return;
    }
    case 'exportNetworks': {
      const snapshot = lab.freeze();
      try {
        const networks = await exportNetworks(snapshot, request.sample, request.analysis);
        post({ type: 'exportedNetworks', id: request.id, networks });
      } finally {
        for (const id of NETWORK_IDS) snapshot.networks[id].frozen.dispose();
      }
      return;
    }
    case 'injectNaN':
      lab.injectNaN(request.network);
      post({ type: 'done', id: request.id });
      return;
    case 'importModel': {
      const files = new Map(request.files.map((file) => [file.name, file.bytes]));
      const { id, slot } = request;
      const outcome = await lab.importModel(slot, files, request.mode, (origin) =>
        post({ type: 'modelImported', id, origin }),
      );
      if (!outcome.ok) post({ type: 'importRefused', id, slot, message: outcome.message });
      return;
    }
    case 'inspectSample':
      await inspector.inspectSample(request.id, request.sample, request.settings);
      post({ type: 'done', id: request.id });
      return;
    case 'inspectBatch':
      await inspector.inspectBatch(request.id, request.settings);
      post({ type: 'done', id: request.id });
      return;
    case 'cancel':
      // A request that already finished has nothing to cancel; its reply is on its way.
      jobs.cancel(request.target);
      return;
  }
}

scope.onmessage = async (message: MessageEvent<unknown>) => {
  const parsed = engineRequestSchema.safeParse(message.data);
  if (!parsed.success) {
    post({
      type: 'failed',
      id: null,
      message: `engine received a malformed request: ${parsed.error.message}`,
    });
    return;
  }
  const request = parsed.data;
  if (request.type === 'cancel') return void handle(request);
  jobs.start(request.id);
  const lossesBefore = lossCount;
  try {
    await handle(request);
  } catch (error) {
    const device = activeWebGpuDevice();
    if (device && !(error instanceof CancelledError)) {
      await Promise.race([
        device.lost,
        new Promise((resolve) => setTimeout(resolve, LOSS_GRACE_MS)),
      ]);
    }
    if (error instanceof CancelledError || lossCount !== lossesBefore) {
      post({ type: 'cancelled', id: request.id });
    } else post({ type: 'failed', id: request.id, message: messageOf(error) });
  } finally {
    jobs.finish(request.id);
  }
};
