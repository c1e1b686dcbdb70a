/**
 * A field bound to one entry of a settings table in the store: the training settings (applied at
 * the next step) or the analysis settings (superseding the analysis in flight). Both tables are
 * in the URL. Test ids: `setting-<field>` for training, `view-<field>` for analysis.
 */
import { useContext } from 'react';
import { INSPECT_SETTING_RANGES, type InspectSettings } from '../core/lab/inspectSettings';
import type { NumericRange } from '../core/lab/ranges';
import { LAB_SETTING_RANGES, type LabSettings } from '../core/lab/settings';
import type { AppState } from '../state/store';
import { SliderField, type SliderFieldProps } from './SliderField';
import { StoreContext, useApp } from './storeContext';

interface Tables {
  training: LabSettings;
  inspect: InspectSettings;
}
type Table = keyof Tables;

const TEST_ID_PREFIX: Record<Table, string> = { training: 'setting', inspect: 'view' };

/** The value of `table[field]` and a setter for it. */
function useSetting<T extends Table, K extends keyof Tables[T] & string>(
  table: T,
  field: K,
): [Tables[T][K], (value: Tables[T][K]) => void] {
  const value = useApp((s) => (s.config[table] as Tables[T])[field]);
  const store = useContext(StoreContext)!;
  const set = (next: Tables[T][K]) => {
    const state: AppState = store.getState();
    if (table === 'training') state.setTraining({ [field]: next } as Partial<LabSettings>);
    else state.setInspect({ [field]: next } as Partial<InspectSettings>);
  };
  return [value, set];
}

type ChoiceKey<T extends Table> = {
  [K in keyof Tables[T]]: Tables[T][K] extends string | number ? K : never;
}[keyof Tables[T]] &
  string;

/** A labelled select over a field's allowed values. `inline` puts the label beside it (in a
 * panel's header) and hides it visually. */
export function SettingSelect<T extends Table, K extends ChoiceKey<T>>(props: {
  table: T;
  field: K;
  label: string;
  options: readonly { value: Tables[T][K]; label: string }[];
  inline?: boolean;
}) {
  const [value, set] = useSetting(props.table, props.field);
  return (
    <label className={props.inline ? 'panel-frame__choice' : 'field field--stacked'}>
      <span className={props.inline ? 'visually-hidden' : undefined}>{props.label}</span>
      <select
        data-testid={`${TEST_ID_PREFIX[props.table]}-${props.field}`}
        value={String(value)}
        onChange={(e) => {
          const option = props.options.find((o) => String(o.value) === e.target.value);
          if (option) set(option.value);
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

const RANGES = { training: LAB_SETTING_RANGES, inspect: INSPECT_SETTING_RANGES } as const;
type RangedKey<T extends Table> = keyof (typeof RANGES)[T] & string;

/**
 * A SliderField (slider and number box) bound to a numeric field. Its range is the setting's own
 * (src/core/lab/ranges.ts: the schema, and so the URL, use the same); `min`/`max` may only narrow
 * the slider's travel (e.g. around the current plane's radius), never widen it, and always keep
 * the current value reachable.
 */
export function SettingSlider<T extends Table, K extends RangedKey<T>>(
  props: { table: T; field: K; min?: number; max?: number } & Omit<
    SliderFieldProps,
    'value' | 'testId' | 'onChange' | 'min' | 'max' | 'integer' | 'scale'
  >,
) {
  const { table, field, min, max, ...rest } = props;
  const range = RANGES[table][field] as NumericRange;
  const [value, set] = useSetting(table, field as unknown as keyof Tables[T] & string);
  const current = value as number;
  return (
    <SliderField
      {...rest}
      min={Math.max(range.min, Math.min(min ?? range.min, current))}
      max={Math.min(range.max, Math.max(max ?? range.max, current))}
      integer={range.integer ?? false}
      scale={range.scale ?? 'linear'}
      value={current}
      testId={`${TEST_ID_PREFIX[table]}-${field}`}
      onChange={(next) => set(next as Tables[T][keyof Tables[T] & string])}
    />
  );
}
