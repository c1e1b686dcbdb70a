/**
 * The analysis settings in the controls column: the plane (v, resolution, radius), the landscapes'
 * height scale, and what the batch analyses use. Every value is in the URL; changing one
 * supersedes the analysis in flight.
 */
import { useContext } from 'react';
import type { InspectSettings } from '../../core/lab/inspectSettings';
import { SliderField } from '../SliderField';
import { StoreContext, useApp } from '../storeContext';

const RESOLUTIONS = [32, 48, 64, 96, 128] as const;

function useSetInspect() {
  return useContext(StoreContext)!.getState().setInspect;
}

type Pickable = 'plane' | 'heightScale' | 'resolution';

function Pick<K extends Pickable>(props: {
  field: K;
  label: string;
  options: readonly { value: InspectSettings[K]; label: string }[];
}) {
  const value = useApp((s) => s.config.inspect[props.field]);
  const setInspect = useSetInspect();
  return (
    <label className="field field--stacked">
      {props.label}
      <select
        data-testid={`view-${props.field}`}
        value={String(value)}
        onChange={(e) => {
          const option = props.options.find((o) => String(o.value) === e.target.value);
          if (option) setInspect({ [props.field]: option.value } as Partial<InspectSettings>);
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

type Numeric = 'radius' | 'topK' | 'boundsPoints' | 'boundsC' | 'curvePoints';

function Slider(props: {
  field: Numeric;
  label: string;
  unit?: string;
  min: number;
  max: number;
  step: number;
  scale?: 'log';
  integer?: boolean;
}) {
  const value = useApp((s) => s.config.inspect[props.field]);
  const setInspect = useSetInspect();
  const { field, ...rest } = props;
  return (
    <SliderField
      {...rest}
      value={value}
      testId={`view-${field}`}
      onChange={(v) => setInspect({ [field]: v })}
    />
  );
}

export function ViewControls() {
  return (
    <div className="training-controls">
      <fieldset>
        <legend>plane through x</legend>
        <Pick
          field="plane"
          label="second axis v"
          options={[
            { value: 'random', label: 'random ⟂ u (seeded)' },
            { value: 'eigenvector', label: 'top Hessian eigenvector ⟂ u' },
          ]}
        />
        <Slider
          field="radius"
          label="half-width"
          unit="input units"
          min={0.01}
          max={50}
          step={0.02}
          scale="log"
        />
        <Pick
          field="resolution"
          label="resolution (cells per side)"
          options={RESOLUTIONS.map((n) => ({ value: n, label: `${n} × ${n}` }))}
        />
        <Pick
          field="heightScale"
          label="landscape heights"
          options={[
            { value: 'shared', label: 'one scale for all three' },
            { value: 'independent', label: 'each its own scale' },
          ]}
        />
        <Slider field="topK" label="top eigenvalues (Lanczos)" min={1} max={20} step={1} integer />
      </fieldset>
      <fieldset>
        <legend>test-point analyses</legend>
        <Slider
          field="boundsPoints"
          label="bounds: test points"
          min={1}
          max={64}
          step={1}
          integer
        />
        <Slider
          field="boundsC"
          label="bounds: loss increase c"
          unit="nats"
          min={0.05}
          max={10}
          step={0.05}
        />
        <Slider
          field="curvePoints"
          label="robust curve: test points"
          min={10}
          max={2000}
          step={10}
          integer
        />
      </fieldset>
    </div>
  );
}
