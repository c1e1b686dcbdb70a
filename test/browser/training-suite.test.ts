/** The backend-independent attack and training suites on the GPU backends, in headless Chromium
 * (WebGPU there is SwiftShader's software adapter: slow, hence the suites' tiny models). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect } from 'vitest';
import { trainingSuite } from '../suites/training';
import { trainingAttacksSuite } from '../suites/trainingAttacks';

describe.each(['webgl', 'webgpu'])('%s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });
  trainingAttacksSuite(backend);
  trainingSuite(backend);
});
