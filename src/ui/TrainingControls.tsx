/**
 * The controls column: run buttons for all three networks, then the settings of each method.
 * Every value goes to the store (and the URL) and reaches the worker at the next step.
 */
import { controlLab } from '../client/labClient';
import { CopyLinkButton } from './CopyLinkButton';
import { CureRecipeLine } from './CureRecipeLine';
import { useEngine } from './engineContext';
import { SettingSelect, SettingSlider } from './SettingFields';
import { useApp } from './storeContext';
import { ATTACK_NORM_SYMBOLS, ATTACK_NORMS } from '../core/names';

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
      <CopyLinkButton />
    </div>
  );
}

export function TrainingControls() {
  const hRamps = useApp((s) => s.config.training.hSchedule === 'ramp');
  return (
    <div className="training-controls">
      <RunButtons />
      <fieldset>
        <legend>learning rate (Adam)</legend>
        <SettingSlider
          table="training"
          field="lrStandard"
          label="standard"
          name="learning rate, standard"
          step={0.05}
        />
        <SettingSlider
          table="training"
          field="lrAdversarial"
          label="adversarial"
          name="learning rate, adversarial"
          step={0.05}
        />
        <SettingSlider
          table="training"
          field="lrCure"
          label="CURE"
          name="learning rate, CURE"
          step={0.05}
        />
      </fieldset>
      <fieldset>
        <legend>batch size</legend>
        <SettingSlider
          table="training"
          field="batchStandard"
          label="standard"
          name="batch size, standard"
          step={1}
        />
        <SettingSlider
          table="training"
          field="batchAdversarial"
          label="adversarial"
          name="batch size, adversarial"
          step={1}
        />
        <SettingSlider
          table="training"
          field="batchCure"
          label="CURE"
          name="batch size, CURE"
          step={1}
        />
      </fieldset>
      <fieldset>
        <legend>PGD (training and evaluation)</legend>
        <SettingSelect
          table="training"
          field="pgdNorm"
          label="norm"
          options={ATTACK_NORMS.map((norm) => ({ value: norm, label: ATTACK_NORM_SYMBOLS[norm] }))}
        />
        <SettingSlider table="training" field="eps" label="ε" unit="input units" step={0.005} />
        <SettingSlider table="training" field="pgdSteps" label="steps" step={1} />
        <SettingSlider
          table="training"
          field="pgdStepSize"
          label="step size α"
          unit="input units"
          step={0.001}
        />
      </fieldset>
      <fieldset>
        <legend>CURE</legend>
        {/* First: the start point decides the recipe (learning rate, h schedule) shown below it. */}
        <SettingSelect
          table="training"
          field="cureStart"
          label="reset restarts from"
          options={[
            { value: 'checkpoint', label: 'its checkpoint' },
            { value: 'finetune', label: 'standard (fine-tune)' },
            { value: 'scratch', label: 'scratch (seeded)' },
          ]}
        />
        <CureRecipeLine />
        <SettingSlider table="training" field="gamma" label="γ" step={0.01} />
        <SettingSlider
          table="training"
          field="h"
          label="h"
          name="CURE h"
          unit="input units"
          step={0.01}
        />
        <SettingSelect
          table="training"
          field="hSchedule"
          label="h schedule"
          options={[
            { value: 'constant', label: 'constant' },
            { value: 'ramp', label: 'ramp from the reset' },
          ]}
        />
        {hRamps && (
          <SettingSlider
            table="training"
            field="hRampSteps"
            label="h ramp length"
            name="CURE h ramp length"
            unit="steps"
            max={2000}
            step={1}
          />
        )}
        <SettingSelect
          table="training"
          field="cureForm"
          label="form"
          options={[
            { value: 'paper', label: 'paper: γ‖Δ∇ℓ‖²' },
            { value: 'code', label: 'reference code: λ‖Δ∇ℓ‖/B²' },
          ]}
        />
      </fieldset>
    </div>
  );
}
