/**
 * The analysis settings in the controls column: the plane (v, resolution, radius), the landscapes'
 * height scale, and what the batch analyses use. Every value is in the URL; changing one
 * supersedes the analysis in flight.
 */
import { SettingSelect, SettingSlider } from '../SettingFields';
import { RESOLUTIONS } from '../../core/lab/inspectSettings';

export function ViewControls() {
  return (
    <div className="training-controls">
      <fieldset>
        <legend>plane through x</legend>
        <SettingSelect
          table="inspect"
          field="plane"
          label="second axis v"
          options={[
            { value: 'random', label: 'random ⟂ u (seeded)' },
            { value: 'eigenvector', label: 'top Hessian eigenvector ⟂ u' },
          ]}
        />
        <SettingSelect
          table="inspect"
          field="planeBasis"
          label="whose plane"
          options={[
            { value: 'own', label: "each network's own" },
            { value: 'shared', label: "the standard network's, for all" },
          ]}
        />
        <SettingSlider
          table="inspect"
          field="radius"
          label="half-width"
          unit="input units"
          step={0.02}
        />
        <SettingSelect
          table="inspect"
          field="resolution"
          label="resolution (cells per side)"
          options={RESOLUTIONS.map((n) => ({ value: n, label: `${n} × ${n}` }))}
        />
        <SettingSelect
          table="inspect"
          field="heightScale"
          label="landscape heights"
          options={[
            { value: 'shared', label: 'one scale for all three' },
            { value: 'independent', label: 'each its own scale' },
          ]}
        />
        <SettingSlider table="inspect" field="topK" label="top eigenvalues (Lanczos)" step={1} />
      </fieldset>
      <fieldset>
        <legend>test-point analyses</legend>
        <SettingSlider table="inspect" field="boundsPoints" label="bounds: test points" step={1} />
        <SettingSlider
          table="inspect"
          field="boundsC"
          label="bounds: loss increase c"
          unit="nats"
          step={0.05}
        />
        <SettingSlider
          table="inspect"
          field="curvePoints"
          label="robust curve: test points"
          step={10}
        />
      </fieldset>
    </div>
  );
}
