/** One network's live numbers: cost per step, progress, loss, accuracy, robustness, curvature. */
import { controlLab } from '../client/labClient';
import { LIVE_EVALUATION } from '../core/lab/settings';
import { useEngine } from './engineContext';
import { useApp } from './storeContext';
import { DATASETS } from '../core/datasets/registry';
import {
  ARCHITECTURE_NAMES,
  HIDDEN_ACTIVATION_NAMES,
  type Architecture,
  type HiddenActivation,
  type NetworkId,
} from '../core/names';

const percent = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(1)} %`;
const number = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v.toPrecision(digits)).toString();

/** Said in every column whose network opened without a checkpoint: its numbers start at chance. */
function untrainedNotice(
  dataset: keyof typeof DATASETS,
  architecture: Architecture,
  activation: HiddenActivation,
): string {
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
  const dataset = useApp((s) => s.config.dataset);
  const architecture = useApp((s) => s.config.architecture);
  const activation = useApp((s) => s.config.activation);
  const evaluation = summary.evaluation;
  const paused = summary.pausedBecause;
  const diverged = paused !== null && paused !== 'Paused.';
  const continued = origin?.continuedAtStep ?? null;
  // A network that continues after a lost device is no longer its checkpoint: no manifest numbers.
  const manifest = continued === null ? origin : null;
  const start =
    continued !== null
      ? `continued at step ${continued} from its copy off the lost device`
      : origin?.source === 'checkpoint'
        ? 'from its checkpoint'
        : origin
          ? 'untrained: fresh seeded weights'
          : phase === 'opening'
            ? 'loading…'
            : '';
  const measured = evaluation
    ? ` · evaluated at step ${evaluation.step} on ${LIVE_EVALUATION.testPoints} test / ${LIVE_EVALUATION.probePoints} probe points`
    : manifest?.source === 'checkpoint'
      ? ' · numbers from its manifest'
      : '';
  const originText = start + measured;
  return (
    <div className="stats" data-testid={`stats-${id}`}>
      <dl className="stats__grid">
        <dt>step</dt>
        <dd data-testid={`step-${id}`}>{summary.step}</dd>
        <dt title="milliseconds per training step">ms</dt>
        <dd data-testid={`ms-${id}`}>{number(summary.msPerStep)}</dd>
        <dt title="training steps per second">step/s</dt>
        <dd>{number(summary.stepsPerSecond, 2)}</dd>
        <dt>loss</dt>
        <dd data-testid={`loss-${id}`}>{number(summary.loss)}</dd>
        <dt title="clean test accuracy">clean</dt>
        <dd data-testid={`clean-${id}`}>
          {percent(evaluation?.cleanAccuracy ?? manifest?.cleanAccuracy)}
        </dd>
        <dt title="PGD-20 test accuracy at ε">PGD</dt>
        <dd data-testid={`pgd-${id}`}>
          {percent(evaluation?.pgdAccuracy ?? manifest?.pgdAccuracy)}
        </dd>
        <dt title="mean top input-Hessian eigenvalue, probe points">λmax</dt>
        <dd data-testid={`lambda-${id}`}>
          {number(evaluation?.topEigenvalue ?? manifest?.topEigenvalue)}
        </dd>
        <dt title="mean ‖∇ℓ(x+hz) − ∇ℓ(x)‖, probe points">‖Δ∇ℓ‖</dt>
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
      <p className="muted stats__origin" title={originText}>
        {originText}
      </p>
      {continued === null && origin?.source === 'fresh' && (
        <p
          className="stats__paused stats__paused--diverged"
          role="status"
          data-testid={`untrained-${id}`}
        >
          {untrainedNotice(dataset, architecture, activation)}
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

/** Pause or resume, and reset, one network (in its column's header). */
export function NetworkButtons({ id }: { id: NetworkId }) {
  const paused = useApp((s) => s.lab.networks[id].pausedBecause);
  const phase = useApp((s) => s.lab.phase);
  const client = useEngine();
  const act = (action: 'play' | 'pause' | 'reset') => void controlLab(client, action, id);
  return (
    <div className="stats__buttons" role="group" aria-label={`${id} network controls`}>
      <button
        type="button"
        disabled={phase !== 'open'}
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
