/**
 * A labelled slider with its value, unit and a number box to type into. Log-scaled sliders move
 * in powers of ten (learning rates; γ in powers of ten of 1 + γ, so that 0 stays on it). Values outside [min, max] typed in the box are refused
 * (the box turns red and keeps the last valid value in the store).
 */
import { useId, useState } from 'react';

export interface SliderFieldProps {
  label: string;
  /** The accessible name when the visible label leans on its group ("learning rate, standard"
   * where the screen shows "standard" under "learning rate"); defaults to the label. */
  name?: string;
  unit?: string;
  value: number;
  min: number;
  max: number;
  /** Slider resolution in value units (linear) or in decades (log). */
  step: number;
  scale?: 'linear' | 'log' | 'log1p';
  integer?: boolean;
  testId: string;
  onChange: (value: number) => void;
}

function format(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e4
    ? value.toExponential(1)
    : String(Number(value.toPrecision(3)));
}

export function SliderField(props: SliderFieldProps) {
  const {
    label,
    name = label,
    unit,
    value,
    min,
    max,
    step,
    scale = 'linear',
    integer = false,
    testId,
    onChange,
  } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const toSlider = (v: number) =>
    scale === 'log' ? Math.log10(v) : scale === 'log1p' ? Math.log10(1 + v) : v;
  const fromSlider = (s: number) =>
    scale === 'log' ? 10 ** s : scale === 'log1p' ? 10 ** s - 1 : s;
  const commit = (raw: string) => {
    const parsed = Number(raw);
    const valid = raw.trim() !== '' && Number.isFinite(parsed) && parsed >= min && parsed <= max;
    if (valid && (!integer || Number.isInteger(parsed))) {
      onChange(parsed);
      setDraft(null);
    } else {
      setDraft(raw);
    }
  };
  const invalid = draft !== null;
  return (
    <div className="slider">
      <label htmlFor={id}>
        {label}
        {unit ? <span className="muted"> ({unit})</span> : null}
      </label>
      <div className="slider__row">
        <input
          id={id}
          type="range"
          min={toSlider(min)}
          max={toSlider(max)}
          step={step}
          value={toSlider(value)}
          data-testid={`${testId}-slider`}
          data-scale={scale}
          aria-label={name}
          onChange={(e) => {
            const next = fromSlider(Number(e.target.value));
            onChange(integer ? Math.round(next) : Number(next.toPrecision(4)));
            setDraft(null);
          }}
        />
        <input
          type="text"
          inputMode="decimal"
          aria-label={`${name} value`}
          aria-invalid={invalid}
          className={invalid ? 'slider__box slider__box--invalid' : 'slider__box'}
          data-testid={testId}
          value={draft ?? format(value)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
          }}
        />
      </div>
      {invalid && (
        <span className="slider__error" role="alert">
          enter a {integer ? 'whole ' : ''}number in [{format(min)}, {format(max)}]
        </span>
      )}
    </div>
  );
}
