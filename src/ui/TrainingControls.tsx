/**
 * The controls column: run buttons for all three networks, then the settings of each method.
 * Every value goes to the store (and the URL) and reaches the worker at the next step.
 */
import { useContext } from 'react';
import { controlLab } from '../client/labClient';
import type { LabSettings } from '../core/lab/settings';
import { useEngine } from './engineContext';
import { SliderField } from './SliderField';
import { StoreContext, useApp } from './storeContext';

function useSetTraining() {
  return useContext(StoreContext)!.getState().setTraining;
}

function RunButtons() {
  const client = useEngine();
  const running = useApp((s) => s.lab.running);
  const open = useApp((s) => s.lab.phase === 'open');
  const act = (action: 'play' | 'pause' | 'step' | 'reset') =>
    void controlLab(client, action, 'all');
  return (
    <div className="run-buttons" role="group" aria-label="run all networks">
      <button
        type="button"
        disabled={!open}
        data-testid="play-pause"
        onClick={() => act(running ? 'pause' : 'play')}
      >
        {running ? '❚❚ pause' : '▶ play'}
      </button>
      <button
        type="button"
        disabled={!open}
        data-testid="step-all"
        onClick={() => act('step')}
        title="one step of each network"
      >
        step
      </button>
      <button
        type="button"
        disabled={!open}
        data-testid="reset-all"
        onClick={() => act('reset')}
        title="back to the start points"
      >
        ⟲ reset
      </button>
    </div>
  );
}

function Select<K extends keyof LabSettings>(props: {
  label: string;
  field: K;
  options: readonly { value: LabSettings[K]; label: string }[];
}) {
  const value = useApp((s) => s.config.training[props.field]);
  const setTraining = useSetTraining();
  return (
    <label className="field field--stacked">
      {props.label}
      <select
        data-testid={`setting-${props.field}`}
        value={String(value)}
        onChange={(e) => {
          const option = props.options.find((o) => String(o.value) === e.target.value);
          if (option) setTraining({ [props.field]: option.value } as Partial<LabSettings>);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

type NumericKey = {
  [K in keyof LabSettings]: LabSettings[K] extends number ? K : never;
}[keyof LabSettings];

function Slider(props: {
  field: NumericKey;
  label: string;
  unit?: string;
  min: number;
  max: number;
  step: number;
  scale?: 'log';
  integer?: boolean;
}) {
  const value = useApp((s) => s.config.training[props.field]);
  const setTraining = useSetTraining();
  const { field, ...rest } = props;
  return (
    <SliderField
      {...rest}
      value={value}
      testId={`setting-${field}`}
      onChange={(v) => setTraining({ [field]: v })}
    />
  );
}

export function TrainingControls() {
  return (
    <div className="training-controls">
      <RunButtons />
      <fieldset>
        <legend>learning rate (Adam)</legend>
        <Slider field="lrStandard" label="standard" min={1e-5} max={1e-1} step={0.05} scale="log" />
        <Slider
          field="lrAdversarial"
          label="adversarial"
          min={1e-5}
          max={1e-1}
          step={0.05}
          scale="log"
        />
        <Slider field="lrCure" label="CURE" min={1e-5} max={1e-1} step={0.05} scale="log" />
      </fieldset>
      <fieldset>
        <legend>batch size</legend>
        <Slider field="batchStandard" label="standard" min={1} max={512} step={1} integer />
        <Slider field="batchAdversarial" label="adversarial" min={1} max={512} step={1} integer />
        <Slider field="batchCure" label="CURE" min={1} max={512} step={1} integer />
      </fieldset>
      <fieldset>
        <legend>PGD (training and evaluation)</legend>
        <Select
          field="pgdNorm"
          label="norm"
          options={[
            { value: 'linf', label: 'ℓ∞' },
            { value: 'l2', label: 'ℓ2' },
          ]}
        />
        <Slider field="eps" label="ε" unit="input units" min={0} max={2} step={0.005} />
        <Slider field="pgdSteps" label="steps" min={1} max={40} step={1} integer />
        <Slider
          field="pgdStepSize"
          label="step size α"
          unit="input units"
          min={0.001}
          max={1}
          step={0.001}
        />
      </fieldset>
      <fieldset>
        <legend>CURE</legend>
        <Slider field="gamma" label="γ" min={0} max={100} step={0.1} />
        <Slider field="h" label="h" unit="input units" min={0.01} max={10} step={0.01} />
        <Select
          field="hSchedule"
          label="h schedule"
          options={[
            { value: 'constant', label: 'constant' },
            { value: 'ramp', label: "paper's per-epoch ramp" },
          ]}
        />
        <Select
          field="cureForm"
          label="form"
          options={[
            { value: 'paper', label: 'paper: γ‖Δ∇ℓ‖²' },
            { value: 'code', label: 'reference code: λ‖Δ∇ℓ‖/B²' },
          ]}
        />
        <Select
          field="cureStart"
          label="reset restarts from"
          options={[
            { value: 'checkpoint', label: 'its checkpoint' },
            { value: 'finetune', label: 'the standard network (fine-tune)' },
            { value: 'scratch', label: 'scratch (seeded)' },
          ]}
        />
      </fieldset>
    </div>
  );
}
