/**
 * A field bound to one entry of a settings table in the store: the training settings (applied at
 * the next step) or the analysis settings (superseding the analysis in flight). Both tables are
 * in the URL. Test ids: `setting-<field>` for training, `view-<field>` for analysis.
 */
import { useContext } from 'react';
import type { InspectSettings } from '../core/lab/inspectSettings';
import type { LabSettings } from '../core/lab/settings';
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

type NumberKey<T extends Table> = {
  [K in keyof Tables[T]]: Tables[T][K] extends number ? K : never;
}[keyof Tables[T]] &
  string;

/** A SliderField (slider and number box) bound to a numeric field. */
export function SettingSlider<T extends Table, K extends NumberKey<T>>(
  props: { table: T; field: K } & Omit<SliderFieldProps, 'value' | 'testId' | 'onChange'>,
) {
  const { table, field, ...rest } = props;
  const [value, set] = useSetting(table, field);
  return (
    <SliderField
      {...rest}
      value={value as number}
      testId={`${TEST_ID_PREFIX[table]}-${field}`}
      onChange={(next) => set(next as Tables[T][K])}
    />
  );
}
