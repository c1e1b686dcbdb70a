import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { BROWSER_BACKENDS, describeOnBackends, REFERENCE_BACKEND } from '../kit';

describeOnBackends('headless Chromium', [...BROWSER_BACKENDS, REFERENCE_BACKEND], (backend) => {
  it('initializes and multiplies matrices correctly', async () => {
    expect(tf.getBackend()).toBe(backend);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
  });
});
