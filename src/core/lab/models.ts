/** The model each dataset and architecture uses, built fresh from a seed. */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetInfo, ToyDatasetId } from '../datasets/types';
import { buildMnistCnn, buildMnistMlp, buildToyMlp } from '../models';
import type { Architecture, HiddenActivation } from '../names';

/**
 * Hidden layers of each toy set's MLP, chosen with its noise and demo defaults (issue 13, item 4):
 * wide enough that a standard network can bend its boundary around the noisy training points.
 */
export const TOY_HIDDEN_UNITS: Readonly<Record<ToyDatasetId, readonly number[]>> = {
  moons: [128, 128],
  circles: [64, 64],
  spirals: [32, 32],
  xor: [128, 128],
};

/** A freshly initialized network for the dataset (2-D toy sets always get the small MLP). */
export function buildModelFor(
  info: DatasetInfo,
  architecture: Architecture,
  activation: HiddenActivation,
  seed: number,
): tf.LayersModel {
  if (info.kind === 'points') {
    const hiddenUnits = TOY_HIDDEN_UNITS[info.id as ToyDatasetId];
    return buildToyMlp({ seed, activation, numClasses: info.classNames.length, hiddenUnits });
  }
  return architecture === 'cnn'
    ? buildMnistCnn({ seed, activation })
    : buildMnistMlp({ seed, activation });
}
