/**
 * The decision boundary is traced in the worker, with the grid it belongs to (issue 12): a plane
 * or field result carries its boundary segments, they survive the trip to the main thread with
 * their buffer transferred, and they lie where the top two logits tie.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decisionBoundarySegments } from '../../src/core/geometry';
import { fieldAnalysis, planeAnalysis } from '../../src/core/lab/sampleAnalysis';
import type { InspectResult } from '../../src/worker/inspectProtocol';
import { engineEventSchema, transferablesOf } from '../../src/worker/protocol';

/** logits = [s, −s] with s = x₁ + x₂: the boundary is the line x₁ + x₂ = 0, the margin 2|s|. */
function diagonalModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 2, inputShape: [2], useBias: false })],
  });
  const kernel = tf.tensor2d([
    [1, -1],
    [1, -1],
  ]);
  model.setWeights([kernel]); // copies it
  kernel.dispose();
  return model;
}

const stamp = { type: 'inspectResult', id: 7, network: 'standard', step: 3, ms: 1 } as const;

/** Sends a result as the worker does (buffers transferred) and validates it as the client does. */
function sendAndReceive(result: InspectResult): InspectResult {
  const sent = structuredClone(result);
  const boundaryBuffer = 'grid' in sent ? sent.grid.boundary.buffer : null;
  const buffers = transferablesOf(sent);
  expect(buffers).toContain(boundaryBuffer);
  const received = structuredClone(sent, { transfer: buffers });
  return engineEventSchema.parse(received) as InspectResult;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('decision boundary lines arrive with their map', () => {
  it('field (2-D sets): segments on x₁ + x₂ = 0, as traced from the grid', async () => {
    const model = diagonalModel();
    const size = 17;
    const field = await fieldAnalysis(model, [-2, 2], size - 1, { epsilon: 0.1, norm: 'linf' });
    model.dispose();
    const received = sendAndReceive({
      ...stamp,
      job: 'sample',
      sample: 0,
      part: 'field',
      ...field,
    });
    if (received.part !== 'field') throw new Error('wrong part');
    const { boundary } = received.grid;
    expect(boundary).toBeInstanceOf(Float32Array);
    expect(boundary).toEqual(
      decisionBoundarySegments(received.grid.pred, received.grid.margin, received.grid.size),
    );
    // Cell (i, j) is (x₁, x₂) = (−2 + 4i/(N−1), −2 + 4j/(N−1)): the line is i + j = N − 1. The
    // margin is linear on each side, so the crossings are exact up to float32 (~1e-6 here).
    expect(boundary.length).toBeGreaterThanOrEqual(4 * (size - 1));
    for (let k = 0; k < boundary.length; k += 2) {
      expect(Math.abs(boundary[k]! + boundary[k + 1]! - (size - 1))).toBeLessThan(1e-4);
    }
  });

  it('plane (images and 2-D sets): the slice around x carries its own segments', async () => {
    const model = diagonalModel();
    const x = tf.tensor2d([[0.3, 0.1]]);
    const plane = await planeAnalysis(
      model,
      x,
      0,
      { u: Float64Array.of(1, 0), v: Float64Array.of(0, 1), uKind: 'normal', vKind: 'random' },
      {
        basis: 'own',
        radius: 1,
        resolution: 8,
        attack: {
          norm: 'linf',
          epsilon: 0,
          steps: 1,
          stepSize: 0,
          randomStart: false,
          range: null,
        },
        seed: 0,
      },
    );
    x.dispose();
    model.dispose();
    const received = sendAndReceive({
      ...stamp,
      job: 'sample',
      sample: 0,
      part: 'plane',
      ...plane,
    });
    if (received.part !== 'plane') throw new Error('wrong part');
    const { grid } = received;
    expect(grid.boundary.length).toBeGreaterThan(0);
    expect(grid.boundary).toEqual(decisionBoundarySegments(grid.pred, grid.margin, grid.size));
  });
});
