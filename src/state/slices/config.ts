/** The config slice: the experiment, mirrored in the URL (urlSync.ts), and its three setters. */
import type { StateCreator } from 'zustand/vanilla';
import { DATASETS } from '../../core/datasets/registry';
import { cureRecipe, withCureStart } from '../../core/lab/cureRecipe';
import type { InspectSettings } from '../../core/lab/inspectSettings';
import type { LabSettings } from '../../core/lab/settings';
import { inspectDefaultsFor, trainingDefaultsFor, type Config } from '../config';
import type { AppState } from '../store';

export interface ConfigSlice {
  config: Config;
  setConfig: (patch: Partial<Config>) => void;
  /**
   * Changes training settings; they apply at the next step of each network. A new CURE start
   * point brings its recipe (learning rate, h schedule: cureRecipe.ts) unless the same patch sets
   * those fields itself.
   */
  setTraining: (patch: Partial<LabSettings>) => void;
  /** Puts CURE's learning rate and h schedule back to the recipe of its start point. */
  applyCureRecipe: () => void;
  /** Changes what the analysis panels compute or how they draw it. */
  setInspect: (patch: Partial<InspectSettings>) => void;
}

export const createConfigSlice =
  (initialConfig: Config): StateCreator<AppState, [], [], ConfigSlice> =>
  (set) => ({
    config: initialConfig,
    setConfig: (patch) =>
      set((state) => {
        const next = { ...state.config, ...patch };
        // Each dataset has its own training defaults (its demo's ε, src/core/lab/settings.ts); a
        // dataset of another kind (images ↔ 2-D points) also needs other analysis units.
        const datasetChanged =
          patch.dataset !== undefined && patch.dataset !== state.config.dataset;
        const kindChanged =
          patch.dataset !== undefined &&
          DATASETS[patch.dataset].info.kind !== DATASETS[state.config.dataset].info.kind;
        if (datasetChanged && !patch.training) next.training = trainingDefaultsFor(next.dataset);
        if (kindChanged && !patch.inspect) next.inspect = inspectDefaultsFor(next.dataset);
        return { config: next };
      }),
    setTraining: (patch) =>
      set((state) => {
        const current = state.config.training;
        const kind = DATASETS[state.config.dataset].info.kind;
        const start = patch.cureStart;
        const base =
          start !== undefined && start !== current.cureStart
            ? withCureStart(current, kind, start)
            : current;
        return { config: { ...state.config, training: { ...base, ...patch } } };
      }),
    applyCureRecipe: () =>
      set((state) => {
        const training = state.config.training;
        const recipe = cureRecipe(DATASETS[state.config.dataset].info.kind, training.cureStart);
        return { config: { ...state.config, training: { ...training, ...recipe } } };
      }),
    setInspect: (patch) =>
      set((state) => ({
        config: { ...state.config, inspect: { ...state.config.inspect, ...patch } },
      })),
  });
