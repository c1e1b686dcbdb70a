import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, it } from 'vitest';

describe.each(['webgl', 'webgpu'])('%s in headless Chromium', (backend) => {
  it('initializes and multiplies matrices correctly', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
  });
});
