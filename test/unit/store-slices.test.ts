import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, trainingDefaultsFor } from '../../src/state/config';
import { createAppStore, type AppState, type CameraPose } from '../../src/state/store';
import type { BackendStatus } from '../../src/worker/protocol';
import { emptySummary, evaluationStaleness, type LabBuild } from '../../src/state/slices/lab';
import type {
  EvaluationRecord,
  NetworkDelta,
  NetworkOrigin,
} from '../../src/worker/trainingProtocol';
import type { DatasetInfo, DatasetSplit } from '../../src/core/datasets/types';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';

/** The state's data keys (slices), not its actions. */
function sliceKeys(state: AppState): (keyof AppState)[] {
  return (Object.keys(state) as (keyof AppState)[]).filter((k) => typeof state[k] !== 'function');
}

/** Which slices an action replaced (by identity). */
function changedSlices(act: (state: AppState) => void): string[] {
  const store = createAppStore();
  const before = store.getState();
  act(before);
  const after = store.getState();
  return sliceKeys(before).filter((key) => before[key] !== after[key]);
}

function delta(step: number, losses: number[]): NetworkDelta {
  const n = losses.length;
  const column = (value: number) => new Float32Array(n).fill(value);
  return {
    steps: {
      step: Float64Array.from(losses, (_, i) => step - n + 1 + i),
      loss: Float32Array.from(losses),
      accuracy: column(0.5),
      ms: column(4),
      regularizer: column(NaN),
      gradDiffNorm: column(NaN),
      gamma: column(NaN),
      h: column(NaN),
    },
    evaluations: [],
    step,
    epoch: 0,
    stepsPerSecond: 10,
    pausedBecause: null,
    startedFrom: null,
  };
}

const deltas = (step: number, losses: number[]) =>
  Object.fromEntries(NETWORK_IDS.map((id) => [id, delta(step, losses)])) as Record<
    NetworkId,
    NetworkDelta
  >;

const BUILD: LabBuild = { dataset: 'mnist', architecture: 'mlp', activation: 'relu' };
const origin = (id: NetworkId, continuedAtStep: number | null): NetworkOrigin => ({
  id,
  source: 'fresh',
  sha256: null,
  cleanAccuracy: null,
  pgdAccuracy: null,
  topEigenvalue: null,
  measuredAt: null,
  parameters: 10,
  continuedAtStep,
  imported: null,
});

const status = { name: 'cpu' } as unknown as BackendStatus; // only passed through
const split = { count: 3 } as unknown as DatasetSplit; // only passed through
const info = { id: 'mnist', name: 'MNIST', kind: 'image' } as unknown as DatasetInfo;
const pose: CameraPose = { target: [0.1, 0.5, -0.2], distance: 5, polar: 1, azimuth: -0.4 };
const stamp = { id: 1, key: 'k', step: 3, sample: 0, ms: 9 };

/** Every action with arguments, and the one slice it may change. */
const ACTIONS: [string, keyof AppState, (state: AppState) => void][] = [
  ['setConfig', 'config', (s) => s.setConfig({ seed: 4 })],
  ['setTraining', 'config', (s) => s.setTraining({ eps: 0.2 })],
  ['applyCureRecipe', 'config', (s) => s.applyCureRecipe()],
  ['setInspect', 'config', (s) => s.setInspect({ spectrumScale: 'log' })],
  ['engineStarting', 'engine', (s) => s.engineStarting()],
  ['engineProgress', 'engine', (s) => s.engineProgress('probing webgl')],
  ['engineReady', 'engine', (s) => s.engineReady(status)],
  ['engineLost', 'engine', (s) => s.engineLost()],
  ['engineFailed', 'engine', (s) => s.engineFailed('no backend')],
  ['setSelfTest', 'engine', (s) => s.setSelfTest({ backend: 'cpu', values: [1], ok: true })],
  ['datasetLoading', 'data', (s) => s.datasetLoading()],
  [
    'datasetLoaded',
    'data',
    (s) => s.datasetLoaded({ info, seed: 1, test: split, train: null, trainCount: 9 }),
  ],
  ['datasetFailed', 'data', (s) => s.datasetFailed('404')],
  ['labOpening', 'lab', (s) => s.labOpening()],
  [
    'labOpened',
    'lab',
    (s) =>
      s.labOpened(
        NETWORK_IDS.map((id) => origin(id, null)),
        BUILD,
      ),
  ],
  ['labFailed', 'lab', (s) => s.labFailed('out of memory')],
  ['trainingDelta', 'lab', (s) => s.trainingDelta(true, deltas(2, [1, 0.5]))],
  [
    'networkImported',
    'lab',
    (s) => s.networkImported({ ...origin('cure', null), source: 'imported' }),
  ],
  ['setImportChoice', 'lab', (s) => s.setImportChoice({ slot: 'cure', mode: 'finetune' })],
  ['clearResults', 'inspection', (s) => s.clearResults()],
  ['setWanted', 'inspection', (s) => s.setWanted({ sample: 'a', batch: null })],
  [
    'setJob',
    'inspection',
    (s) =>
      s.setJob('sample', {
        id: 1,
        key: 'a',
        startedAt: 0,
        part: null,
        network: null,
        fraction: 0,
      }),
  ],
  ['jobEnded', 'inspection', (s) => s.jobEnded('batch', 'failed')],
  ['addStamp', 'inspection', (s) => s.addStamp('spectrum', 'cure', stamp)],
  ['addNotice', 'notices', (s) => s.addNotice('info', 'hello')],
  ['setOffline', 'offline', (s) => s.setOffline('ready')],
  [
    'setRecentSessions',
    'sessions',
    (s) =>
      s.setRecentSessions([
        {
          key: 'mnist|0|mlp|relu',
          savedAt: '2026-12-05T23:00:00.000Z',
          title: 'MNIST · MLP · ReLU · seed 0',
          steps: { standard: 3, adversarial: 3, cure: 2 },
          bytes: 4_000_000,
        },
      ]),
  ],
  [
    'sessionResumed',
    'sessions',
    (s) =>
      s.sessionResumed({
        source: 'file',
        name: 'lab.curvlab',
        savedAt: '2026-12-05T23:00:00.000Z',
        steps: { standard: 3, adversarial: 3, cure: 2 },
      }),
  ],
  ['autosaved', 'sessions', (s) => s.autosaved('2026-12-05T23:00:00.000Z')],
  ['autosaveFailed', 'sessions', (s) => s.autosaveFailed('QuotaExceededError')],
  ['setView', 'view', (s) => s.setView({ focusedNetwork: 'cure' })],
  ['setCameraPose', 'view', (s) => s.setCameraPose(pose)],
  ['setChartPicks', 'view', (s) => s.setChartPicks({ curveNetworks: ['cure'] })],
  ['focusNetwork', 'view', (s) => s.focusNetwork('adversarial')],
  ['resetView', 'view', (s) => s.resetView()],
  ['setMode', 'presentation', (s) => s.setMode('talk')],
  [
    'setTheme',
    'presentation',
    (s) => s.setTheme(s.presentation.theme === 'dark' ? 'light' : 'dark'),
  ],
  ['goToScene', 'presentation', (s) => s.goToScene(3)],
  ['setScenes', 'presentation', (s) => s.setScenes(s.presentation.scenes.slice(0, 2))],
];

describe('app store actions', () => {
  it('lists every action of the store', () => {
    const state = createAppStore().getState();
    const actions = Object.keys(state).filter(
      (k) => typeof state[k as keyof AppState] === 'function',
    );
    expect(new Set([...ACTIONS.map(([name]) => name), 'dismissNotice'])).toEqual(new Set(actions));
  });

  it.each(ACTIONS)('%s changes only the %s slice', (_name, slice, act) => {
    expect(changedSlices(act)).toEqual([slice]);
  });

  it('dismissNotice removes that notice only', () => {
    const store = createAppStore();
    store.getState().addNotice('info', 'a');
    store.getState().addNotice('warning', 'b');
    const [first, second] = store.getState().notices;
    store.getState().dismissNotice(first!.id);
    expect(store.getState().notices).toEqual([second]);
  });

  it('setConfig gives a dataset of another kind its own settings, unless it brings them', () => {
    const store = createAppStore();
    store.getState().setTraining({ eps: 0.05 });
    store.getState().setConfig({ dataset: 'xor' });
    expect(store.getState().config.training).not.toEqual(DEFAULT_CONFIG.training);
    expect(store.getState().config.training.eps).not.toBe(0.05);
    const training = { ...store.getState().config.training, eps: 0.3 };
    store.getState().setConfig({ dataset: 'mnist', training });
    expect(store.getState().config.training).toEqual(training);
  });

  it("setConfig gives each toy set its own demo defaults (moons' ε is not circles')", () => {
    const store = createAppStore();
    store.getState().setConfig({ dataset: 'moons' });
    expect(store.getState().config.training).toEqual(trainingDefaultsFor('moons'));
    store.getState().setConfig({ dataset: 'circles' });
    expect(store.getState().config.training).toEqual(trainingDefaultsFor('circles'));
    expect(trainingDefaultsFor('circles').eps).not.toBe(trainingDefaultsFor('moons').eps);
  });

  it('engine actions follow a start, a lost device and a failure', () => {
    const store = createAppStore();
    const { engineProgress, engineReady, setSelfTest, engineLost, engineFailed } = store.getState();
    engineProgress('probing');
    expect(store.getState().engine).toMatchObject({ phase: 'starting', progress: 'probing' });
    engineReady(status);
    setSelfTest({ backend: 'cpu', values: [1], ok: true });
    expect(store.getState().engine).toMatchObject({ phase: 'ready', status, progress: null });
    engineLost();
    expect(store.getState().engine).toMatchObject({ phase: 'starting', selfTest: null, status });
    engineFailed('gone');
    expect(store.getState().engine).toMatchObject({ phase: 'failed', error: 'gone' });
  });

  it('labOpened starts each network at 0 or at the step it continues from', () => {
    const store = createAppStore();
    store.getState().labOpening();
    store
      .getState()
      .labOpened([origin('standard', null), origin('adversarial', 40), origin('cure', 7)], BUILD);
    const { lab } = store.getState();
    expect(lab.phase).toBe('open');
    expect(NETWORK_IDS.map((id) => lab.networks[id].step)).toEqual([0, 40, 7]);
    expect(lab.networks.standard.loss).toBeNaN();
  });

  it('networkImported puts the new origin in its slot and starts its numbers anew', () => {
    const store = createAppStore();
    store.getState().labOpened(
      NETWORK_IDS.map((id) => origin(id, null)),
      BUILD,
    );
    store.getState().trainingDelta(true, deltas(7, [1, 0.5]));
    const imported = { ...origin('adversarial', null), source: 'imported' as const };
    store.getState().networkImported(imported);
    const { lab } = store.getState();
    expect(lab.origins.map((o) => o.source)).toEqual(['fresh', 'imported', 'fresh']);
    expect(lab.networks.adversarial).toEqual(emptySummary());
    expect(lab.networks.standard.step).toBe(7);
  });

  it('trainingDelta keeps the last step of each network, and forgets the time after a reset', () => {
    const store = createAppStore();
    store.getState().trainingDelta(true, deltas(5, [2, 1.5]));
    const { lab } = store.getState();
    expect(lab.running).toBe(true);
    expect(lab.networks.cure).toMatchObject({ step: 5, loss: 1.5, msPerStep: 4, accuracy: 0.5 });
    // A delta without steps keeps the numbers; one after a reset (lower step) drops ms per step.
    store.getState().trainingDelta(false, deltas(5, []));
    expect(store.getState().lab.networks.cure).toMatchObject({ step: 5, loss: 1.5, msPerStep: 4 });
    store.getState().trainingDelta(false, deltas(0, []));
    expect(store.getState().lab.networks.cure.msPerStep).toBeNaN();
    expect(store.getState().lab.running).toBe(false);
  });

  it('inspection actions keep jobs, stamps and the error apart', () => {
    const store = createAppStore();
    const job = { id: 2, key: 'k', startedAt: 1, part: null, network: null, fraction: 0 };
    store.getState().setJob('sample', job);
    store.getState().addStamp('spectrum', 'cure', stamp);
    expect(store.getState().inspection.stamps).toEqual({ 'spectrum:cure': stamp });
    store.getState().jobEnded('sample', 'cancelled by a reset');
    expect(store.getState().inspection).toMatchObject({
      jobs: { sample: null, batch: null },
      error: 'cancelled by a reset',
      stamps: { 'spectrum:cure': stamp },
    });
    store.getState().clearResults();
    expect(store.getState().inspection).toMatchObject({ stamps: {}, error: null });
  });
});

describe('view slice', () => {
  it('starts at the default view, which shows what the app always showed', () => {
    const { view } = createAppStore().getState();
    expect(view).toEqual({
      camera: null,
      charts: { curveNetworks: NETWORK_IDS },
      focusedNetwork: null,
    });
  });

  it('round-trips a camera pose, and null is the default view', () => {
    const store = createAppStore();
    store.getState().setCameraPose(pose);
    expect(store.getState().view.camera).toEqual(pose);
    store.getState().setCameraPose(null);
    expect(store.getState().view.camera).toBeNull();
  });

  it('applies a partial view (a scene) and resets to the default', () => {
    const store = createAppStore();
    store.getState().setView({ camera: pose, focusedNetwork: 'cure' });
    store.getState().setChartPicks({ curveNetworks: ['standard', 'cure'] });
    expect(store.getState().view).toEqual({
      camera: pose,
      charts: { curveNetworks: ['standard', 'cure'] },
      focusedNetwork: 'cure',
    });
    const config = store.getState().config;
    store.getState().resetView();
    expect(store.getState().view).toEqual(createAppStore().getState().view);
    expect(store.getState().config).toBe(config);
  });

  it('two stores share nothing', () => {
    const a = createAppStore();
    const b = createAppStore();
    a.getState().focusNetwork('adversarial');
    a.getState().addNotice('info', 'only in a');
    expect(b.getState().view.focusedNetwork).toBeNull();
    expect(b.getState().notices).toEqual([]);
  });
});

describe('evaluation staleness', () => {
  const record = (id: NetworkId, round: number): EvaluationRecord => ({
    step: 40 + NETWORK_IDS.indexOf(id),
    round,
    eps: 0.1,
    norm: 'linf',
    pgdSteps: 20,
    h: 1.5,
    testPoints: 200,
    probePoints: 32,
    cleanAccuracy: 0.9,
    pgdAccuracy: 0.5,
    cureDiffNorm: 1,
    topEigenvalue: 0.3,
    ms: 1500,
  });
  const current = { eps: 0.1, pgdNorm: 'linf', h: 1.5 } as const;

  it('figures measured at the current ε, norm and h are current; no figures, nothing stale', () => {
    expect(evaluationStaleness(record('standard', 3), current)).toBeNull();
    expect(evaluationStaleness(null, { ...current, eps: 0.3 })).toBeNull();
  });

  it('one change marks every column stale at once, saying what changed', () => {
    const changed = { ...current, eps: 0.2 };
    const reasons = NETWORK_IDS.map((id) => evaluationStaleness(record(id, 3), changed));
    expect(reasons).toEqual(['ε changed to 0.2', 'ε changed to 0.2', 'ε changed to 0.2']);
  });

  it('names the norm and h, and every setting that changed', () => {
    expect(evaluationStaleness(record('cure', 1), { ...current, pgdNorm: 'l2' })).toBe(
      'norm changed to ℓ2',
    );
    expect(evaluationStaleness(record('cure', 1), { eps: 0.15, pgdNorm: 'linf', h: 0.5 })).toBe(
      'ε changed to 0.15, h changed to 0.5',
    );
  });
});
