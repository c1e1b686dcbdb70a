/**
 * The session file (src/core/session/sessionFile.ts): a round trip gives back every array bit
 * for bit (curves with NaN included); every damaged, foreign, newer or tampered file is refused
 * with a message that says what is wrong, and reading never throws.
 */
import { describe, expect, it } from 'vitest';
import type { SavedNetwork } from '../../src/core/lab/savedLab';
import {
  readSessionFile,
  writeSessionFile,
  type LabSessionData,
} from '../../src/core/session/sessionFile';
import { badSessionFiles, rewriteHeader } from '../kit/badSessions';

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

describe('session file', () => {
  it('round-trips every array bit for bit', async () => {
    const data = sampleSession();
    const bytes = await writeSessionFile(data);
    const read = await readSessionFile(bytes);
    if (!read.ok) throw new Error(read.message);
    expect(read.session).toEqual(data);
    const loss = read.session.histories.standard['loss']!;
    expect(Number.isNaN(loss.values[1])).toBe(true);
    expect(Number.isNaN(loss.latest!.value)).toBe(true);
  });

  it('refuses each bad file with a message naming the fault', async () => {
    const good = await writeSessionFile(sampleSession());
    const cases = await badSessionFiles(good);
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const { name, bytes, fault } of cases) {
      const read = await readSessionFile(bytes, 'lab.curvlab');
      expect(read.ok, name).toBe(false);
      if (!read.ok) {
        expect(read.message, name).toMatch(/^lab\.curvlab was not loaded: /);
        expect(read.message, name).toMatch(fault);
      }
    }
  });

  it('reads a rewritten header only when it is still valid', async () => {
    const good = await writeSessionFile(sampleSession());
    const same = await rewriteHeader(good, (h) => h);
    expect((await readSessionFile(same)).ok).toBe(true);
  });
});
