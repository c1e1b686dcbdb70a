import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

it('tfjs runs on the cpu backend in node', async () => {
  await tf.setBackend('cpu');
  const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
  expect(await y.data()).toEqual(new Float32Array([11]));
  y.dispose();
});
