/**
 * Adversarial training: PGD (Madry et al. 2018) and FGSM with a random start (Wong et al. 2020).
 * The attack runs first, with input gradients only; the weights are then trained on its output
 * as on a clean batch, with no gradient through the attack (as `x_adv.detach()` in PyTorch).
 * Cost per step: (K + 1) forward and backward passes for PGD-K, 2 for FGSM-RS.
 */
import * as tf from '@tensorflow/tfjs';
import { pgd, type PgdSettings } from '../attacks';
import { descend, nowMs } from './descend';
import { crossEntropyObjective } from './standard';
import type {
  AdversarialMetrics,
  Batch,
  FgsmRsSettings,
  PgdTrainingSettings,
  TrainTarget,
  TrainingStep,
} from './types';

async function trainOnAttack<M extends 'pgd' | 'fgsm-rs'>(
  method: M,
  target: TrainTarget,
  batch: Batch,
  attack: PgdSettings,
): Promise<AdversarialMetrics<M>> {
  const start = nowMs();
  const adversarial = tf.tidy(() => pgd(target.model, batch.x, batch.y, attack, target.rng));
  try {
    const objective = () => crossEntropyObjective(target.model, adversarial, batch.y);
    const { diagnostics, ...common } = await descend(target, objective, start);
    return { method, ...common, accuracy: diagnostics['accuracy']!, epsilon: attack.epsilon };
  } finally {
    adversarial.dispose();
  }
}

/** One step of PGD adversarial training: minimize (1/B) Σ ℓ_b(PGD(x_b)). */
export const pgdStep: TrainingStep<PgdTrainingSettings> = (target, batch, settings) =>
  trainOnAttack(settings.method, target, batch, settings.attack);

/** The attack FGSM-RS trains on: ℓ∞ PGD-1 with a uniform random start and step α. */
export function fgsmRsAttack(settings: Omit<FgsmRsSettings, 'method'>): PgdSettings {
  return {
    norm: 'linf',
    epsilon: settings.epsilon,
    steps: 1,
    stepSize: settings.stepSize,
    randomStart: true,
    range: settings.range,
  };
}

/** One step of FGSM-RS ("fast") adversarial training. */
export const fgsmRsStep: TrainingStep<FgsmRsSettings> = (target, batch, settings) =>
  trainOnAttack(settings.method, target, batch, fgsmRsAttack(settings));
