/**
 * The name lists every layer shares — networks, architectures, hidden activations, threat-model
 * norms — each declared once, `as const`, with its zod enum, its type and its words for people.
 * The worker protocol, the config and URL, the store, the panels and the scripts all read these
 * tables. Plain data and zod only: the main thread imports this without any of tfjs.
 */
import { z } from 'zod';

/** The lab's three networks, in display order. Each is named after how it is trained, and its
 * shipped checkpoint (`public/checkpoints/<dataset>/<build>/<id>/`) records that id as its `method`. */
export const NETWORK_IDS = ['standard', 'adversarial', 'cure'] as const;
export const networkIdSchema = z.enum(NETWORK_IDS);
export type NetworkId = z.infer<typeof networkIdSchema>;

/** Each network's name on screen and how it is trained, in words. */
export const NETWORK_WORDS: Readonly<Record<NetworkId, { name: string; method: string }>> = {
  standard: { name: 'Standard', method: 'cross-entropy only' },
  adversarial: { name: 'Adversarial', method: 'PGD adversarial training (Madry et al. 2018)' },
  cure: {
    name: 'CURE',
    method: 'ℓ + γ‖∇ℓ(x+hz) − ∇ℓ(x)‖² (Moosavi-Dezfooli et al. 2019)',
  },
};

/** The models the app builds for 28×28×1 images (2-D toy sets always get the small MLP). */
export const ARCHITECTURES = ['mlp', 'cnn'] as const;
export const architectureSchema = z.enum(ARCHITECTURES);
export type Architecture = z.infer<typeof architectureSchema>;
export const ARCHITECTURE_NAMES: Readonly<Record<Architecture, string>> = {
  mlp: 'MLP',
  cnn: 'small CNN',
};

/** Hidden-layer activations of the app's own model builders (a teaching toggle); each is also a
 * tfjs-layers activation name (src/core/models/activations.ts). */
export const HIDDEN_ACTIVATIONS = ['relu', 'softplus', 'gelu', 'tanh'] as const;
export const hiddenActivationSchema = z.enum(HIDDEN_ACTIVATIONS);
export type HiddenActivation = z.infer<typeof hiddenActivationSchema>;
export const HIDDEN_ACTIVATION_NAMES: Readonly<Record<HiddenActivation, string>> = {
  relu: 'ReLU',
  softplus: 'softplus',
  gelu: 'GELU',
  tanh: 'tanh',
};

/** Threat-model norms of the attacks: ℓ∞ (box) and ℓ2 (ball). */
export const ATTACK_NORMS = ['linf', 'l2'] as const;
export const attackNormSchema = z.enum(ATTACK_NORMS);
export type AttackNorm = z.infer<typeof attackNormSchema>;
export const ATTACK_NORM_SYMBOLS: Readonly<Record<AttackNorm, string>> = { linf: 'ℓ∞', l2: 'ℓ2' };
