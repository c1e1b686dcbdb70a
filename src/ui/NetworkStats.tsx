/** One network's live numbers: cost per step, progress, loss, accuracy, robustness, curvature. */
import { controlLab } from '../client/labClient';
import type { EvaluationRecord, NetworkOrigin } from '../worker/trainingProtocol';
import { evaluationStaleness, type LabBuild } from '../state/slices/lab';
import { useEngine } from './engineContext';
import { ImportedLine } from './ImportModel';
import { useApp } from './storeContext';
import { DATASETS } from '../core/datasets/registry';
import type { CureStart } from '../core/lab/settings';
import { isHealthyPause } from '../core/lab/pauseReasons';
import {
  ARCHITECTURE_NAMES,
  ATTACK_NORM_SYMBOLS,
  HIDDEN_ACTIVATION_NAMES,
  type NetworkId,
} from '../core/names';

const percent = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(1)} %`;
const number = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v.toPrecision(digits)).toString();

/** What a CURE column says after a reset to another start point than its own opening weights. */
const RESTARTED_FROM: Record<CureStart, string | null> = {
  checkpoint: null,
  finetune: 'fine-tuning from standard (restarted on its opening weights)',
  scratch: 'training from scratch (restarted on fresh seeded weights)',
};

/** Said in every column whose network opened without a checkpoint: its numbers start at chance. */
function untrainedNotice({ dataset, architecture, activation }: LabBuild): string {
  const info = DATASETS[dataset].info;
  // 2-D toy sets always get the MLP (src/core/lab/models.ts).
  const build = info.kind === 'points' ? 'mlp' : architecture;
  return (
    `Untrained: no checkpoint for ${info.name} · ${ARCHITECTURE_NAMES[build]} · ` +
    `${HIDDEN_ACTIVATION_NAMES[activation]}, so this network starts from random weights.`
  );
}

export function NetworkStats({ id }: { id: NetworkId }) {
  const summary = useApp((s) => s.lab.networks[id]);
  const origin = useApp((s) => s.lab.origins.find((o) => o.id === id) ?? null);
  const phase = useApp((s) => s.lab.phase);
  // The build the shown networks were opened for, not the config (which may ask for the next).
  const build = useApp((s) => s.lab.build);
  const evaluation = summary.evaluation;
  const paused = summary.pausedBecause;
  const diverged = !isHealthyPause(paused);
  const continued = origin?.continuedAtStep ?? null;
  // The lab continues a saved session (a file, a recent session, the autosave) or, if not, the
  // copy it made before its GPU device was lost.
  const resumedFrom = useApp((s) => {
    const resumed = s.sessions.resumed;
    if (!resumed) return null;
    return resumed.source === 'autosave' ? 'the autosave' : resumed.name;
  });
  // CURE reset (or opened) on the standard network's weights or fresh ones is not its checkpoint.
  const restarted = RESTARTED_FROM[summary.startedFrom ?? 'checkpoint'];
  // A network that continues after a lost device, or restarted elsewhere, is no longer its
  // checkpoint: no manifest numbers.
  const manifest = continued === null && restarted === null ? origin : null;
  const start =
    continued !== null
      ? `continued at step ${continued} from ${resumedFrom ?? 'its copy off the lost device'}`
      : restarted !== null
        ? restarted
        : origin?.imported
          ? `imported from ${origin.imported.file}`
          : origin?.source === 'checkpoint'
            ? 'from its checkpoint'
            : origin
              ? 'untrained: fresh seeded weights'
              : phase === 'opening'
                ? 'loading…'
                : '';
  const fromManifest = !evaluation && manifest?.source === 'checkpoint';
  const originText = start + (fromManifest ? ' · numbers from its manifest' : '');
  const manifestAt = fromManifest ? (manifest.measuredAt ?? null) : null;
  const at = evaluation ? measuredAt(evaluation) : manifestAt ? measuredAt(manifestAt) : null;
  // Compared with the settings now, for every column alike: one change marks all three stale.
  const stale = useApp((s) =>
    evaluationStaleness(s.lab.networks[id].evaluation ?? manifestAt, s.config.training),
  );
  return (
    <div
      className="stats"
      data-testid={`stats-${id}`}
      data-evaluated-step={evaluation?.step}
      data-round={evaluation?.round}
      data-eps={evaluation?.eps}
      data-stale={stale !== null}
    >
      <dl className="stats__grid">
        <dt>step</dt>
        <dd data-testid={`step-${id}`}>{summary.step}</dd>
        <dt title="milliseconds per training step">ms</dt>
        <dd data-testid={`ms-${id}`}>{number(summary.msPerStep)}</dd>
        <dt title="training steps per second">step/s</dt>
        <dd>{number(summary.stepsPerSecond, 2)}</dd>
        <dt>loss</dt>
        <dd data-testid={`loss-${id}`}>{number(summary.loss)}</dd>
        <dt title={at ? `clean accuracy on ${at.test}` : 'clean test accuracy'}>clean</dt>
        <dd data-testid={`clean-${id}`}>
          {percent(evaluation?.cleanAccuracy ?? manifest?.cleanAccuracy)}
        </dd>
        <dt title={at ? `${at.attack} accuracy on ${at.test}` : 'PGD-20 test accuracy at ε'}>
          PGD
        </dt>
        <dd data-testid={`pgd-${id}`}>
          {percent(evaluation?.pgdAccuracy ?? manifest?.pgdAccuracy)}
        </dd>
        <dt title={`mean top input-Hessian eigenvalue on ${at?.probe ?? 'the probe points'}`}>
          λmax
        </dt>
        <dd data-testid={`lambda-${id}`}>
          {number(evaluation?.topEigenvalue ?? manifest?.topEigenvalue)}
        </dd>
        <dt
          title={`mean ‖∇ℓ(x+hz) − ∇ℓ(x)‖ on ${at?.probe ?? 'the probe points'}${at ? `, ${at.h}` : ''}`}
        >
          ‖Δ∇ℓ‖
        </dt>
        <dd>{number(evaluation?.cureDiffNorm)}</dd>
        {id === 'cure' && (
          <>
            <dt title="CURE weight and step of the latest step">γ · h</dt>
            <dd data-testid="cure-gamma-h">
              {number(summary.gamma)} · {number(summary.h)}
            </dd>
            <dt title="CURE regularizer of the latest step">R</dt>
            <dd data-testid="cure-regularizer">{number(summary.regularizer)}</dd>
          </>
        )}
      </dl>
      {origin?.imported && <ImportedLine id={id} imported={origin.imported} />}
      {stale !== null ? (
        <p className="stats__origin" data-testid={`stale-${id}`} role="status">
          <span className="panel-frame__stale">stale: {stale} — re-evaluating</span>
        </p>
      ) : (
        <p className="muted stats__origin" data-testid={`origin-${id}`} title={originText}>
          {originText}
        </p>
      )}
      {at && (
        <>
          <p className="muted stats__origin" data-testid={`evaluated-${id}`} title={at.line1}>
            {at.line1}
          </p>
          <p className="muted stats__origin" title={at.line2}>
            {at.line2}
          </p>
        </>
      )}
      {continued === null && restarted === null && origin?.source === 'fresh' && build && (
        <p
          className="stats__paused stats__paused--diverged"
          role="status"
          data-testid={`untrained-${id}`}
        >
          {untrainedNotice(build)}
        </p>
      )}
      {paused && (
        <p
          className={diverged ? 'stats__paused stats__paused--diverged' : 'stats__paused'}
          role="status"
          data-testid={`paused-${id}`}
        >
          {paused}
        </p>
      )}
    </div>
  );
}

type ManifestConditions = NonNullable<NetworkOrigin['measuredAt']>;

/** What a live evaluation (or, before the first, the checkpoint's manifest) was measured at, in
 * the words the stats lines and tooltips use. */
function measuredAt(at: EvaluationRecord | ManifestConditions) {
  const attack = `PGD-${at.pgdSteps} at ε ${number(at.eps)} ${ATTACK_NORM_SYMBOLS[at.norm]}`;
  const h = `h ${number(at.h)}`;
  const points = `on ${at.testPoints} test / ${at.probePoints} probe points`;
  const live = 'round' in at;
  return {
    attack,
    h,
    test: `${at.testPoints} test points`,
    probe: `${at.probePoints} probe points`,
    line1: live ? `evaluated at step ${at.step} · ${attack} · ${h}` : `manifest: ${attack} · ${h}`,
    line2: live ? `round ${at.round} · ${points}` : points,
  };
}

/** Pause or resume, and reset, one network (in its column's header). */
export function NetworkButtons({ id }: { id: NetworkId }) {
  const paused = useApp((s) => s.lab.networks[id].pausedBecause);
  const phase = useApp((s) => s.lab.phase);
  // A frozen import is never trained: there is nothing to resume.
  const frozen = useApp((s) => s.lab.origins.find((o) => o.id === id)?.imported?.mode === 'frozen');
  const client = useEngine();
  const act = (action: 'play' | 'pause' | 'reset') => void controlLab(client, action, id);
  return (
    <div className="stats__buttons" role="group" aria-label={`${id} network controls`}>
      <button
        type="button"
        disabled={phase !== 'open' || frozen}
        title={frozen ? 'a frozen imported model is not trained' : undefined}
        onClick={() => act(paused ? 'play' : 'pause')}
        data-testid={`toggle-${id}`}
      >
        {paused ? '▶ resume' : '❚❚ pause'}
      </button>
      <button
        type="button"
        disabled={phase !== 'open'}
        onClick={() => act('reset')}
        data-testid={`reset-${id}`}
      >
        ⟲ reset
      </button>
    </div>
  );
}
