/**
 * Which builds ship pretrained checkpoints (public/checkpoints/<dataset>/<architecture>-<activation>/
 * with a standard, an adversarial and a CURE network each). No tfjs here: the pickers on the main
 * thread read it to say which choices open untrained. test/unit/checkpoints.test.ts checks that the
 * folders on disk are exactly these.
 */
import { DATASETS } from './datasets/registry';
import type { DatasetId } from './datasets/types';
import {
  ARCHITECTURES,
  HIDDEN_ACTIVATIONS,
  type Architecture,
  type HiddenActivation,
  type NetworkId,
} from './names';

/** What a checkpoint is of: the dataset, the network's build, and which of the three it is. */
export interface CheckpointKey {
  readonly dataset: DatasetId;
  readonly architecture: Architecture;
  readonly activation: HiddenActivation;
  readonly method: NetworkId;
}

/** The folder of one checkpoint under the checkpoints root, e.g. `mnist/cnn-relu/cure`. */
export function checkpointFolder(key: CheckpointKey): string {
  return `${key.dataset}/${key.architecture}-${key.activation}/${key.method}`;
}

export interface CheckpointBuild {
  readonly architecture: Architecture;
  readonly activation: HiddenActivation;
}

const build = (architecture: Architecture, activation: HiddenActivation): CheckpointBuild => ({
  architecture,
  activation,
});

/** Every image build: each architecture with each hidden activation. */
const IMAGE_BUILDS = ARCHITECTURES.flatMap((architecture) =>
  HIDDEN_ACTIVATIONS.map((activation) => build(architecture, activation)),
);

export const SHIPPED_BUILDS: Record<DatasetId, readonly CheckpointBuild[]> = {
  mnist: IMAGE_BUILDS,
  fashion: IMAGE_BUILDS,
  // 2-D sets: the builds whose retrain showed the effect (README says which did not, and why).
  moons: [
    build('mlp', 'relu'),
    build('mlp', 'softplus'),
    build('mlp', 'gelu'),
    build('mlp', 'tanh'),
  ],
  circles: [build('mlp', 'relu'), build('mlp', 'softplus')],
  spirals: [build('mlp', 'relu')],
  xor: [build('mlp', 'relu'), build('mlp', 'softplus'), build('mlp', 'gelu'), build('mlp', 'tanh')],
};

/** Whether `dataset` opens trained with this build (2-D toy sets always get the MLP). */
export function shipsCheckpoint(
  dataset: DatasetId,
  architecture: Architecture,
  activation: HiddenActivation,
): boolean {
  const wanted = DATASETS[dataset].info.kind === 'points' ? 'mlp' : architecture;
  return SHIPPED_BUILDS[dataset].some(
    (b) => b.architecture === wanted && b.activation === activation,
  );
}
