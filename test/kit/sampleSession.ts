/** A small, complete session (three networks, Adam state, curves with NaN, an imported slot)
 * for the session-file tests and fuzzers. */
import type { SavedNetwork } from '../../src/core/lab/savedLab';
import type { LabSessionData } from '../../src/core/session/sessionFile';

function network(seed: number): SavedNetwork {
  const values = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i));
  return {
    weights: {
      tensors: [
        { shape: [2, 3], dtype: 'float32', values: values(6) },
        { shape: [3], dtype: 'float32', values: values(3) },
      ],
    },
    trainer: {
      adam: {
        iterations: 12,
        accBeta1: 0.9 ** 13,
        accBeta2: 0.999 ** 13,
        moments: [
          { shape: [2, 3], first: values(6), second: values(6).map(Math.abs) },
          { shape: [3], first: values(3), second: values(3).map(Math.abs) },
        ],
      },
      rng: { counter: 123456789 + seed, spareNormal: seed === 1 ? 0.25 : null },
    },
    progress: { step: 12, stream: { epoch: 1, cursor: 40 } },
  };
}

export function sampleSession(): LabSessionData {
  const curve = {
    steps: Float64Array.from([1, 2, 3]),
    values: Float32Array.from([0.5, NaN, 0.25]),
    stride: 1,
    sinceKept: 0,
    latest: { step: 3, value: NaN },
  };
  return {
    savedAt: '2026-12-05T23:00:00.000Z',
    app: { name: 'Curvature Lab', version: '0.1.0' },
    link: '?dataset=moons&seed=3',
    backend: 'cpu',
    until: null,
    lab: {
      version: 2,
      identity: '["moons","mlp","tanh",3]',
      running: true,
      networks: { standard: network(0), adversarial: network(1), cure: network(2) },
    },
    histories: { standard: { loss: curve }, adversarial: {}, cure: { regularizer: curve } },
    imported: {
      standard: null,
      adversarial: {
        mode: 'frozen',
        files: [{ name: 'model.json', bytes: new TextEncoder().encode('{"a":1}') }],
      },
      cure: null,
    },
  };
}
