/**
 * A short, representative training step, timed on the active backend, so that backend selection
 * compares real speed rather than guesses (on software WebGPU, for example, a step is ~18× slower
 * than on WebGL; PLATFORM.md). The probe's numbers only rank backends; they are not a benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from '../core/names';

/** Builds the probe's variables and returns one step: loss + weight gradients, read back. */
function makeProbeStep(architecture: Architecture): {
  step: () => Promise<void>;
  dispose: () => void;
} {
  const batch = 16;
  const convFilters = 8;
  const hidden = architecture === 'cnn' ? 26 * 26 * convFilters : 784;
  const variables = tf.tidy(() => ({
    x: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    kernel: tf.variable(
      tf.randomNormal([3, 3, 1, convFilters], 0, 0.3, 'float32', 2),
    ) as tf.Variable<tf.Rank.R4>,
    w1: tf.variable(tf.randomNormal([hidden, 64], 0, 0.05, 'float32', 3)),
    w2: tf.variable(tf.randomNormal([64, 10], 0, 0.1, 'float32', 4)),
  }));
  const { x, kernel, w1, w2 } = variables;
  const trainable = architecture === 'cnn' ? [kernel, w1, w2] : [w1, w2];
  const loss = () =>
    tf.tidy(() => {
      const features =
        architecture === 'cnn'
          ? tf.relu(tf.conv2d(x, kernel, 1, 'valid')).reshape([batch, hidden])
          : x.reshape([batch, hidden]);
      const logits = tf.matMul(tf.relu(tf.matMul(features, w1)), w2);
      return tf.mean(tf.square(tf.sub(tf.exp(tf.mul(logits, 0.1)), 1))) as tf.Scalar;
    });
  const step = async () => {
    const { value, grads } = tf.variableGrads(loss, trainable);
    // Reading a value back forces the backend to finish the step (GPU backends queue work).
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  return { step, dispose: () => tf.dispose([x, kernel, w1, w2]) };
}

/**
 * Median ms of a probe step after one untimed warm-up (which compiles GPU kernels), over at most
 * `maxSteps` steps or until `budgetMs` has been spent.
 */
export async function timeProbeStep(
  architecture: Architecture,
  budgetMs = 1500,
  maxSteps = 5,
): Promise<number> {
  const probe = makeProbeStep(architecture);
  try {
    await probe.step();
    const times: number[] = [];
    const start = performance.now();
    while (times.length < maxSteps && (times.length < 2 || performance.now() - start < budgetMs)) {
      const t0 = performance.now();
      await probe.step();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    probe.dispose();
  }
}
