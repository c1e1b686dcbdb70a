/** The backend-independent attack and training suites, on tfjs's cpu backend in node. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';
import { trainingSuite } from '../suites/training';
import { trainingAttacksSuite } from '../suites/trainingAttacks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

trainingAttacksSuite('cpu');
trainingSuite('cpu');
