/** Header controls that change the experiment config (and therefore the URL). */
import { shipsCheckpoint } from '../core/checkpointCatalog';
import { DATASETS } from '../core/datasets/registry';
import { DATASET_IDS, type DatasetId } from '../core/datasets/types';
import { useContext } from 'react';
import { StoreContext, useApp } from './storeContext';
import {
  ARCHITECTURE_NAMES,
  ARCHITECTURES,
  HIDDEN_ACTIVATION_NAMES,
  HIDDEN_ACTIVATIONS,
  type Architecture,
  type HiddenActivation,
} from '../core/names';

function useSetConfig() {
  const store = useContext(StoreContext);
  return store!.getState().setConfig;
}

/** An option's name, marked when that choice opens without a checkpoint (random weights). */
const optionName = (name: string, trained: boolean) => (trained ? name : `${name} · untrained`);

export function DatasetPicker() {
  const dataset = useApp((s) => s.config.dataset);
  const setConfig = useSetConfig();
  return (
    <label className="picker">
      dataset
      <select
        data-testid="dataset-picker"
        value={dataset}
        onChange={(e) => setConfig({ dataset: e.target.value as DatasetId, sample: 0 })}
      >
        {DATASET_IDS.map((id) => (
          <option key={id} value={id}>
            {DATASETS[id].info.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ArchitecturePicker() {
  const architecture = useApp((s) => s.config.architecture);
  const dataset = useApp((s) => s.config.dataset);
  const activation = useApp((s) => s.config.activation);
  const setConfig = useSetConfig();
  return (
    <label className="picker">
      model
      <select
        data-testid="architecture-picker"
        value={architecture}
        onChange={(e) => setConfig({ architecture: e.target.value as Architecture })}
      >
        {ARCHITECTURES.map((id) => (
          <option key={id} value={id}>
            {optionName(ARCHITECTURE_NAMES[id], shipsCheckpoint(dataset, id, activation))}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SeedInput() {
  const seed = useApp((s) => s.config.seed);
  const setConfig = useSetConfig();
  return (
    <label className="field">
      seed
      <input
        data-testid="seed-input"
        type="number"
        min={0}
        step={1}
        value={seed}
        onChange={(e) => {
          const value = Number(e.target.value);
          if (Number.isInteger(value) && value >= 0) setConfig({ seed: value });
        }}
      />
    </label>
  );
}

export function ActivationPicker() {
  const activation = useApp((s) => s.config.activation);
  const dataset = useApp((s) => s.config.dataset);
  const architecture = useApp((s) => s.config.architecture);
  const setConfig = useSetConfig();
  return (
    <label className="picker">
      activation
      <select
        data-testid="activation-picker"
        value={activation}
        onChange={(e) => setConfig({ activation: e.target.value as HiddenActivation })}
      >
        {HIDDEN_ACTIVATIONS.map((id) => (
          <option key={id} value={id}>
            {optionName(HIDDEN_ACTIVATION_NAMES[id], shipsCheckpoint(dataset, architecture, id))}
          </option>
        ))}
      </select>
    </label>
  );
}
