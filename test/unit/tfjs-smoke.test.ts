import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { describeOnBackends, NODE_BACKENDS } from '../kit';

describeOnBackends('tfjs in node', NODE_BACKENDS, (backend) => {
  it('initializes and multiplies matrices correctly', async () => {
    expect(tf.getBackend()).toBe(backend);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await y.data()).toEqual(new Float32Array([11]));
    y.dispose();
  });
});
