/**
 * When a single sample's exact spectrum tells the opposite story from its finite-difference one.
 * For ReLU networks the exact input Hessian is the softmax's curvature only (PAPER.md, "the
 * trap"): a very confident standard network has almost none at x, while the finite difference
 * over a step h — what CURE penalizes — crosses the kinks around x and finds it far more curved.
 *
 * The rule (one line, so the panel says it only when it matters): the network with the largest
 * λ_max differs between the exact spectrum and the finite-difference spectrum at step h. A swap of
 * the two less curved networks (adversarial and CURE, both robust) is not the paper's question and
 * does not trigger it; which network is *most* curved is.
 */
import { HIDDEN_ACTIVATION_NAMES, NETWORK_IDS, NETWORK_WORDS } from '../names';
import type { HiddenActivation, NetworkId } from '../names';

/** λ_max (or any curvature figure) per network; null where a network has no result yet. */
export type PerNetwork = Readonly<Record<NetworkId, number | null>>;

/** The network with the largest value, or null when any value is missing or not finite (a
 * ranking of two networks out of three says nothing about the third). Ties go to the first in
 * column order. */
export function mostCurved(values: PerNetwork): NetworkId | null {
  let top: NetworkId | null = null;
  for (const id of NETWORK_IDS) {
    const value = values[id];
    if (value === null || !Number.isFinite(value)) return null;
    if (top === null || value > values[top]!) top = id;
  }
  return top;
}

export interface CurvatureDisagreement {
  /** Most curved by the exact spectrum's λ_max, and by the finite-difference one at step h. */
  readonly exactTop: NetworkId;
  readonly fdTop: NetworkId;
  readonly h: number;
}

/**
 * The disagreement between the exact and the finite-difference λ_max at step h, or null when they
 * name the same most-curved network (or when a value is missing).
 */
export function curvatureDisagreement(
  exact: PerNetwork,
  fd: PerNetwork,
  h: number,
): CurvatureDisagreement | null {
  const exactTop = mostCurved(exact);
  const fdTop = mostCurved(fd);
  if (exactTop === null || fdTop === null || exactTop === fdTop) return null;
  return { exactTop, fdTop, h };
}

/** h as the panels print it (three significant digits, no trailing zeros). */
function formatH(h: number): string {
  return String(Number(h.toPrecision(3)));
}

/**
 * The panel's one line: why the exact Hessian ranks the networks differently. For ReLU the cause
 * is the kinks; for a smooth activation the exact Hessian sees all the curvature at x, and the
 * difference is how the curvature changes over the step h.
 */
export function disagreementText(
  disagreement: CurvatureDisagreement,
  activation: HiddenActivation,
): string {
  const name = (id: NetworkId) => NETWORK_WORDS[id].name;
  const why =
    activation === 'relu'
      ? 'ReLU kinks are invisible to it'
      : `it sees ${HIDDEN_ACTIVATION_NAMES[activation]} curvature at x alone, not over a step`;
  return (
    `Exact Hessian: ${why}; it ranks ${name(disagreement.exactTop)} most curved, ` +
    `finite differences at h = ${formatH(disagreement.h)} rank ${name(disagreement.fdTop)}.`
  );
}
