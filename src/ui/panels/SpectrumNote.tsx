/**
 * The spectrum panel's note under the chart: each network's λ_max at this sample beside its mean
 * over the first test points (in the view shown: exact, or finite-difference at h), and — when
 * the exact and finite-difference spectra name a different most-curved network (the rule of
 * core/lab/curvatureDisagreement.ts) — one line saying why, with a button to the other view.
 */
import { curvatureDisagreement, disagreementText } from '../../core/lab/curvatureDisagreement';
import { NETWORK_IDS, type HiddenActivation, type NetworkId } from '../../core/names';
import { formatValue } from '../charts/format';
import { networkLook, networkTextVariable } from '../networks';

/** What the note needs of one network's spectrum result at the sample. */
export interface SampleCurvature {
  readonly exactTop: number;
  readonly fdTop: number;
  readonly fdH: number;
  readonly step: number;
}

/** What the note needs of one network's curvature means over the first test points. */
export interface MeanCurvature {
  readonly exact: number;
  readonly fd: number;
  readonly fdH: number;
  readonly count: number;
  readonly step: number;
}

export interface SpectrumNoteProps {
  readonly samples: Record<NetworkId, SampleCurvature | null>;
  readonly means: Record<NetworkId, MeanCurvature | null>;
  readonly view: 'exact' | 'fd';
  readonly activation: HiddenActivation;
  readonly onView: (view: 'exact' | 'fd') => void;
}

const hText = (h: number) => String(Number(h.toPrecision(3)));

export function SpectrumNote({ samples, means, view, activation, onView }: SpectrumNoteProps) {
  const pick = (key: 'exactTop' | 'fdTop') =>
    Object.fromEntries(NETWORK_IDS.map((id) => [id, samples[id]?.[key] ?? null])) as Record<
      NetworkId,
      number | null
    >;
  const fdH = NETWORK_IDS.map((id) => samples[id]?.fdH).find((h) => h !== undefined);
  const disagreement =
    fdH === undefined ? null : curvatureDisagreement(pick('exactTop'), pick('fdTop'), fdH);
  const first = NETWORK_IDS.map((id) => means[id]).find((m) => m !== null) ?? null;
  // The panel's caption gives the sample's steps; the means say theirs only when they differ.
  const stepsOf = (all: Record<NetworkId, { step: number } | null>) =>
    NETWORK_IDS.map((id) => all[id]?.step ?? '–').join('/');
  const meanSteps = stepsOf(means);
  const meanLabel = first
    ? `mean of first ${first.count} test points` +
      (view === 'fd' && first.fdH !== fdH ? ` at h = ${hText(first.fdH)}` : '') +
      (meanSteps !== stepsOf(samples) ? `, steps ${meanSteps}` : '')
    : 'mean of first test points: computing…';
  return (
    <div className="chart__notes spectrum-note" data-testid="spectrum-note" data-view={view}>
      {view === 'exact' && disagreement && (
        <span
          className="chart__note spectrum-note__line"
          role="note"
          data-testid="spectrum-disagreement"
        >
          {disagreementText(disagreement, activation)}{' '}
          <button type="button" data-testid="spectrum-show-fd" onClick={() => onView('fd')}>
            finite-difference view
          </button>
        </span>
      )}
      {view === 'fd' && (
        <span className="chart__note spectrum-note__line" data-testid="spectrum-fd-caption">
          {`Finite differences at h = ${fdH === undefined ? '…' : hText(fdH)}: `}
          {'Lanczos on (∇ℓ(x+hv) − ∇ℓ(x−hv))/2h. '}
          <button type="button" data-testid="spectrum-show-exact" onClick={() => onView('exact')}>
            exact view
          </button>
        </span>
      )}
      <span className="chart__note spectrum-note__line" data-testid="spectrum-values">
        {`λmax (${meanLabel}): `}
        {NETWORK_IDS.map((id, i) => {
          const look = networkLook(id);
          const sample = samples[id];
          const mean = means[id];
          return (
            <span key={id}>
              {i > 0 && ' · '}
              <span style={{ color: networkTextVariable(id), fontWeight: 600 }}>
                {look.name}
              </span>{' '}
              <span data-testid={`spectrum-value-${id}`}>
                {formatValue(sample ? (view === 'fd' ? sample.fdTop : sample.exactTop) : null)}
              </span>
              {' ('}
              <span data-testid={`spectrum-mean-${id}`}>
                {formatValue(mean ? (view === 'fd' ? mean.fd : mean.exact) : null)}
              </span>
              {')'}
            </span>
          );
        })}
      </span>
    </div>
  );
}
