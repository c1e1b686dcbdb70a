import { describe, expect, it } from 'vitest';
import { defaultInspectSettings } from '../../src/core/lab/inspectSettings';
import { defaultLabSettings } from '../../src/core/lab/settings';
import type { InspectResult } from '../../src/worker/inspectProtocol';
import type { NetworkDelta } from '../../src/worker/trainingProtocol';
import {
  engineEventSchema,
  engineRequestSchema,
  transferablesOf,
  type BackendStatus,
  type EngineEvent,
  type EngineRequest,
} from '../../src/worker/protocol';

// One example per message type. The mapped types make a new message type without an example a
// type error, so the round-trip below always covers the whole protocol.
type Examples<U extends { type: string }> = { [K in U['type']]: Extract<U, { type: K }> };

const status: BackendStatus = {
  name: 'wasm',
  requested: 'auto',
  adapter: {
    vendor: 'google',
    architecture: 'swiftshader',
    description: '',
    isFallbackAdapter: true,
  },
  reason: 'fastest probe',
  candidates: [
    { name: 'webgpu', outcome: 'slower', msPerStep: 52, detail: '52 ms' },
    { name: 'wasm', outcome: 'chosen', msPerStep: 3.4, detail: '3.4 ms' },
    { name: 'cpu', outcome: 'not-tried', msPerStep: null, detail: '' },
  ],
};

function delta(step: number): NetworkDelta {
  const f32 = (...v: number[]) => new Float32Array(v);
  return {
    steps: {
      step: new Float64Array([step - 1, step]),
      loss: f32(0.5, 0.4),
      accuracy: f32(0.8, 0.9),
      ms: f32(12, 11),
      regularizer: f32(NaN, NaN),
      gradDiffNorm: f32(NaN, NaN),
      gamma: f32(NaN, NaN),
      h: f32(NaN, NaN),
    },
    evaluations: [
      {
        step,
        round: 2,
        eps: 0.1,
        norm: 'linf',
        pgdSteps: 20,
        h: 1.5,
        testPoints: 200,
        probePoints: 32,
        cleanAccuracy: 0.97,
        pgdAccuracy: 0.4,
        cureDiffNorm: 0.2,
        topEigenvalue: 3.1,
        ms: 90,
      },
    ],
    step,
    epoch: 0.25,
    stepsPerSecond: 80,
    pausedBecause: step === 3 ? 'loss became NaN' : null,
    startedFrom: null,
  };
}

const savedNetwork = {
  weights: { tensors: [{ shape: [2], dtype: 'float32' as const, values: new Float32Array(2) }] },
  trainer: {
    adam: {
      iterations: 3,
      accBeta1: 0.729,
      accBeta2: 0.997,
      moments: [{ shape: [2], first: new Float32Array(2), second: new Float32Array(2) }],
    },
    rng: { counter: 99, spareNormal: null },
  },
  progress: { step: 3, stream: { epoch: 0, cursor: 24 } },
};
const savedLab = () => ({
  version: 2 as const,
  identity: '["moons","mlp","tanh",0]',
  running: false,
  networks: {
    standard: structuredClone(savedNetwork),
    adversarial: structuredClone(savedNetwork),
    cure: structuredClone(savedNetwork),
  },
});

const requests: Examples<EngineRequest> = {
  saveLab: { type: 'saveLab', id: 16 },
  checkSavedLab: {
    type: 'checkSavedLab',
    id: 17,
    dataset: 'moons',
    architecture: 'mlp',
    activation: 'tanh',
    lab: savedLab(),
    imported: {
      standard: null,
      adversarial: {
        mode: 'finetune',
        files: [{ name: 'model.json', bytes: new Uint8Array([123, 125]) }],
      },
      cure: null,
    },
  },
  init: { type: 'init', id: 1, backend: 'auto', architecture: 'cnn' },
  loadDataset: { type: 'loadDataset', id: 2, dataset: 'fashion', seed: 7 },
  tinyOp: { type: 'tinyOp', id: 3 },
  memory: { type: 'memory', id: 10 },
  cancel: { type: 'cancel', id: 4, target: 2 },
  simulateDeviceLoss: { type: 'simulateDeviceLoss', id: 5 },
  ping: { type: 'ping', id: 5 },
  holdLifeLock: { type: 'holdLifeLock', id: 5, name: 'curvature-lab-engine-1' },
  crash: { type: 'crash', id: 5, how: 'exit' },
  probeBackends: { type: 'probeBackends', id: 12, architecture: 'mlp', forced: 'cpu' },
  openLab: {
    type: 'openLab',
    id: 6,
    architecture: 'mlp',
    activation: 'softplus',
    seed: 3,
    settings: defaultLabSettings('image'),
    until: 12,
  },
  setSettings: {
    type: 'setSettings',
    id: 7,
    settings: { ...defaultLabSettings('points'), gamma: 8 },
  },
  control: { type: 'control', id: 8, action: 'reset', network: 'cure' },
  injectNaN: { type: 'injectNaN', id: 9, network: 'adversarial' },
  importModel: {
    type: 'importModel',
    id: 15,
    slot: 'adversarial',
    files: [
      { name: 'model.json', bytes: new Uint8Array([123, 125]) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(8) },
    ],
    mode: 'frozen',
  },
  predict: { type: 'predict', id: 13, network: 'cure', inputs: new Float32Array([0.5, -1]) },
  exportNetworks: {
    type: 'exportNetworks',
    id: 14,
    sample: 8,
    analysis: {
      h: 0.5,
      form: 'paper',
      topk: 10,
      full: false,
      gridSize: 33,
      radius: 2,
      vKind: 'random',
      seed: 0,
    },
  },
  inspectSample: {
    type: 'inspectSample',
    id: 11,
    sample: 17,
    settings: defaultInspectSettings('image'),
  },
  inspectBatch: {
    type: 'inspectBatch',
    id: 12,
    settings: { ...defaultInspectSettings('points'), boundsPoints: 4 },
  },
};

const f32 = (...v: number[]) => new Float32Array(v);
const f64 = (...v: number[]) => new Float64Array(v);
const stamp = { type: 'inspectResult', id: 11, network: 'cure', step: 40, ms: 12.5 } as const;
const grid = {
  size: 2,
  pred: new Uint8Array([0, 1, 1, 2]),
  margin: f32(1, 0.5, 0.2, 3),
  confidence: f32(0.9, 0.6, 0.5, 0.99),
  boundary: f32(0, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 0.5, 1),
};

// One example per analysis part, for the same reason as above.
const results: { [K in InspectResult['part']]: Extract<InspectResult, { part: K }> } = {
  point: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'point',
    label: 1,
    logits: f32(1, 2),
    probabilities: f32(0.27, 0.73),
    loss: 0.31,
    gradNorm: 0.8,
  },
  plane: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'plane',
    radius: 2,
    uKind: 'normal',
    vKind: 'eigenvector',
    basis: 'own',
    loss: f32(0.1, 0.2, 0.3, 0.4),
    grid,
    epsPolygon: f64(-0.1, -0.1, 0.1, -0.1, 0.1, 0.1, -0.1, 0.1),
    adversarial: {
      x: f32(0.2, 0.3),
      delta: f32(0.1, -0.1),
      linf: 0.1,
      l2: 0.14,
      a: 0.1,
      b: 0.02,
      loss: 2.3,
      pred: 0,
      confidence: 0.8,
      epsilon: 0.1,
      norm: 'linf',
    },
  },
  field: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'field',
    xRange: [-2, 2],
    yRange: [-1.5, 1.5],
    grid,
    epsPolygon: f64(-0.1, -0.1, 0.1, -0.1, 0.1, 0.1),
  },
  spectrum: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'spectrum',
    topk: f64(3, 1),
    full: f64(),
    fdTopk: f64(4, 2),
    fdH: 1.5,
  },
  profile: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'profile',
    hs: f64(0.01, 0.1),
    fd: f64(2.9, 2.5),
    exact: 3,
    gradNorm: 0.8,
  },
  strip: {
    ...stamp,
    job: 'sample',
    sample: 3,
    part: 'strip',
    pred: new Uint8Array([7, 2]),
    confidence: f32(0.99, 0.5),
  },
  bounds: {
    ...stamp,
    job: 'batch',
    sample: null,
    part: 'bounds',
    c: 1,
    indices: new Int32Array([0, 1]),
    rho: f64(0.5, Infinity),
    lower: f64(0.3, 0.2),
    upper: f64(0.7, 0.9),
    loss: f64(0.01, 0.2),
    nu: f64(3, 0.5),
    gradNorm: f64(0.5, 1),
  },
  curvatureMean: {
    ...stamp,
    job: 'batch',
    sample: null,
    part: 'curvatureMean',
    count: 2,
    fdH: 1.5,
    exact: f64(3, 1),
    fd: f64(4, 2),
    exactMean: 2,
    fdMean: 3,
  },
  robustCurve: {
    ...stamp,
    job: 'batch',
    sample: null,
    part: 'robustCurve',
    eps: f64(0, 0.1),
    accuracy: f64(0.98, 0.4),
    count: 200,
    norm: 'linf',
  },
};

const events: Examples<EngineEvent> = {
  labSaved: {
    type: 'labSaved',
    id: 16,
    lab: savedLab(),
    until: null,
    imported: { standard: null, adversarial: null, cure: null },
  },
  savedLabChecked: { type: 'savedLabChecked', id: 17, problem: 'cure: weight 0 is [3], not [2]' },
  ready: { type: 'ready', id: 1, status },
  progress: { type: 'progress', id: 1, message: 'timing webgl' },
  probeResult: { type: 'probeResult', id: 12, candidates: status.candidates, ms: 850 },
  datasetLoaded: {
    type: 'datasetLoaded',
    id: 2,
    info: {
      id: 'moons',
      name: 'Two moons',
      kind: 'points',
      inputShape: [2],
      classNames: ['a', 'b'],
      inputRange: [-2, 2],
      provenance: 'generated',
    },
    seed: 7,
    trainCount: 400,
    test: { count: 2, x: new Float32Array([0.5, -1, 1.25, 2]), y: new Uint8Array([0, 1]) },
    train: { count: 1, x: new Float32Array([0.1, 0.2]), y: new Uint8Array([1]) },
  },
  tinyOpResult: { type: 'tinyOpResult', id: 3, backend: 'webgl', values: [17, 39, 3] },
  memoryInfo: {
    type: 'memoryInfo',
    id: 10,
    numTensors: 120,
    numBytes: 4_000_000,
    analysisJobs: 1,
  },
  cancelled: { type: 'cancelled', id: 2 },
  done: { type: 'done', id: 5 },
  failed: { type: 'failed', id: null, message: 'boom' },
  backendLost: {
    type: 'backendLost',
    backend: 'webgpu',
    message: 'device lost',
    savedSteps: { standard: 120, adversarial: 119, cure: 119 },
  },
  labOpened: {
    type: 'labOpened',
    id: 6,
    networks: [
      {
        id: 'standard',
        source: 'checkpoint',
        sha256: 'ab'.repeat(32),
        cleanAccuracy: 0.98,
        pgdAccuracy: 0.01,
        topEigenvalue: 4.2,
        measuredAt: {
          eps: 0.1,
          norm: 'linf',
          pgdSteps: 20,
          h: 1.5,
          testPoints: 1000,
          probePoints: 100,
        },
        parameters: 109386,
        continuedAtStep: 812,
        imported: null,
      },
      {
        id: 'cure',
        source: 'fresh',
        sha256: null,
        cleanAccuracy: null,
        pgdAccuracy: null,
        topEigenvalue: null,
        measuredAt: null,
        parameters: 109386,
        continuedAtStep: null,
        imported: null,
      },
    ],
    play: true,
  },
  modelImported: {
    type: 'modelImported',
    id: 15,
    origin: {
      id: 'adversarial',
      source: 'imported',
      sha256: 'cd'.repeat(32),
      cleanAccuracy: null,
      pgdAccuracy: null,
      topEigenvalue: null,
      measuredAt: null,
      parameters: 12730,
      continuedAtStep: null,
      imported: {
        name: 'sequential',
        file: 'model.json',
        sha256: 'cd'.repeat(32),
        inputRange: [0, 1],
        inputRangeSource: 'default',
        mode: 'finetune',
        layerClasses: ['InputLayer', 'Dense', 'Dropout', 'Dense'],
        parameterCount: 12730,
        modelInputShape: [784],
        strippedSoftmax: true,
      },
    },
  },
  importRefused: {
    type: 'importRefused',
    id: 15,
    slot: 'adversarial',
    message: "weight 'dense/kernel' holds a non-finite value (NaN) at element 0",
  },
  trainingDelta: {
    type: 'trainingDelta',
    running: true,
    networks: { standard: delta(2), adversarial: delta(3), cure: delta(4) },
    until: null,
  },
  inspectResult: results.plane,
  predictions: { type: 'predictions', id: 13, step: 12, pred: new Int32Array([1]) },
  exportedNetworks: {
    type: 'exportedNetworks',
    id: 14,
    networks: [{ id: 'cure', step: 812, weightsSha256: 'a'.repeat(64), report: null }],
  },
  inspectProgress: {
    type: 'inspectProgress',
    id: 12,
    job: 'batch',
    part: 'bounds',
    network: 'standard',
    fraction: 0.25,
  },
};

describe('worker protocol', () => {
  it.each(Object.values(requests))(
    'request $type survives postMessage cloning and validation',
    (request) => {
      expect(engineRequestSchema.parse(structuredClone(request))).toEqual(request);
    },
  );

  it.each(Object.values(events))(
    'event $type survives postMessage cloning and validation',
    (event) => {
      const copy = structuredClone(event, { transfer: transferablesOf(structuredClone(event)) });
      expect(engineEventSchema.parse(copy)).toEqual(event);
    },
  );

  it.each(Object.values(results))(
    'analysis part $part survives cloning with its buffers transferred, and validation',
    (result) => {
      const sent = structuredClone(result);
      const buffers = transferablesOf(sent);
      expect(buffers.length).toBeGreaterThan(0);
      const received = structuredClone(sent, { transfer: buffers });
      expect(engineEventSchema.parse(received)).toEqual(result);
    },
  );

  it('accepts a profile without a normal (∇ℓ(x) = 0): NaN exact, empty arrays', () => {
    // What sampleAnalysis.ts's profileAnalysis returns then; it once failed validation, so the
    // client dropped it as a malformed message and raised a notice for every such sample.
    const noNormal = { ...results.profile, hs: f64(), fd: f64(), exact: NaN, gradNorm: 0 };
    expect(engineEventSchema.parse(structuredClone(noNormal))).toEqual(noNormal);
  });

  it('transfers the bulk buffers of a dataset instead of copying them', () => {
    const event = structuredClone(events.datasetLoaded);
    const buffers = transferablesOf(event);
    expect(buffers).toHaveLength(4);
    structuredClone(event, { transfer: buffers });
    expect(event.test.x.byteLength).toBe(0);
  });

  it('rejects malformed messages with a reason', () => {
    const wrongType = engineRequestSchema.safeParse({ type: 'train', id: 1 });
    expect(wrongType.success).toBe(false);
    const wrongBackend = engineRequestSchema.safeParse({ ...requests.init, backend: 'metal' });
    expect(wrongBackend.success).toBe(false);
    const plainArray = engineEventSchema.safeParse({
      ...events.datasetLoaded,
      test: { count: 2, x: [0.5, -1, 1.25, 2], y: [0, 1] },
    });
    expect(plainArray.success).toBe(false);
  });
});
