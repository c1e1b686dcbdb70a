/**
 * A frozen copy of a network for analysis while the original keeps training: a ForwardPlan
 * (the same steps) over its own variables holding the weights as they were at freeze time.
 * A long analysis (a spectrum, a robustness search over many rounds) then describes ONE set of
 * weights, not a mix of training steps, without pausing training.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelLike } from '../attacks/types';
import { planOf } from '../models/forward';
import type { ForwardPlan } from '../models/plan';

/** A frozen network: use `plan` wherever a ModelLike is accepted (logitsOf, pgd,
 * robustAccuracy, crossEntropyLoss, modelPointLoss, …); `dispose` frees its weights. */
export interface FrozenNetwork {
  /** The source's forward pass over the frozen weights. Unusable after dispose (logitsOf
   * throws "weight … is disposed"). */
  readonly plan: ForwardPlan;
  /** Frees the frozen weights (idempotent). The source model is not touched. */
  dispose(): void;
}

/**
 * Freezes a network's current weights.
 *
 * The copies are tf.Variables made with trainable = false: (1) a ForwardPlan's `weights` are
 * typed tf.Variable; (2) an optimizer called without a varList trains every *trainable*
 * registered variable, and must not train these; (3) updates of the source (assign gives a
 * variable new storage; tfjs never writes tensor data in place) leave them unchanged — they
 * share the source's data only until its next assign, so freezing copies no memory.
 * @param source a LayersModel (via its cached plan) or a ForwardPlan (e.g. another frozen one).
 */
export function freezeNetwork(source: ModelLike): FrozenNetwork {
  const plan = source instanceof tf.LayersModel ? planOf(source) : source;
  const gone = plan.weights.find((w) => w.isDisposed);
  if (gone !== undefined) throw new Error(`weight ${gone.name} is disposed`);
  const weights = plan.weights.map((w) => tf.variable(w, false));
  let disposed = false;
  return {
    plan: { ...plan, weights },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(weights);
    },
  };
}
