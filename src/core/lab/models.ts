/** The model each dataset and architecture uses, built fresh from a seed. */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetInfo } from '../datasets/types';
import { buildMnistCnn, buildMnistMlp, buildToyMlp } from '../models';
import type { Architecture, HiddenActivation } from '../names';

/** A freshly initialized network for the dataset (2-D toy sets always get the small MLP). */
export function buildModelFor(
  info: DatasetInfo,
  architecture: Architecture,
  activation: HiddenActivation,
  seed: number,
): tf.LayersModel {
  if (info.kind === 'points') {
    return buildToyMlp({ seed, activation, numClasses: info.classNames.length });
  }
  return architecture === 'cnn'
    ? buildMnistCnn({ seed, activation })
    : buildMnistMlp({ seed, activation });
}
