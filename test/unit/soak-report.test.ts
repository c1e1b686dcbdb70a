import { describe, expect, it } from 'vitest';
import { replaceBlock, upsertInnerBlock } from '../../scripts/soak/blocks';
import { judge, verdictTable } from '../../scripts/soak/report';
import type { SoakSample } from '../../scripts/soak/sample';
import { Health } from '../../scripts/soak/watch';

function samples(count: number, at: (i: number) => Partial<SoakSample>): SoakSample[] {
  return Array.from({ length: count }, (_, i) => {
    const step = 100 * (i + 1);
    return {
      seconds: i,
      step,
      steps: { standard: step, adversarial: step, cure: step },
      tensors: 100,
      tfMiB: 0.99,
      analysisJobs: 0,
      pageHeapMiB: 10,
      workerHeapMiB: 6,
      rendererRssMiB: NaN,
      gpuRssMiB: NaN,
      ...at(i),
    };
  });
}

describe('judge', () => {
  it('fits only what was read, past warm-up, tensors only with no analysis running', () => {
    const run = samples(20, (i) => ({
      // A running job's frozen networks: counted, but not fitted.
      ...(i % 5 === 3 ? { analysisJobs: 1, tensors: 130 } : {}),
      pageHeapMiB: 10 + 0.01 * i,
    }));
    const verdict = judge(run, new Health());
    expect(verdict.series.map((s) => s.spec.key)).toEqual([
      'tensors',
      'tfMiB',
      'pageHeapMiB',
      'workerHeapMiB',
    ]);
    // Steps 100…2000: warm-up is the first 10 % of that stretch, to step 290.
    expect(verdict.warmupStep).toBeCloseTo(290, 9);
    const tensors = verdict.series[0]!;
    expect(tensors.fit.n).toBe(18 - 4);
    expect(tensors.trend).toBe('flat');
    expect(verdict.series[2]!.trend).toBe('grows');
    expect(verdict).toMatchObject({ flat: false, grows: true, healthy: true });
    expect(verdictTable(verdict)).toContain('| page JS heap, MiB (after GC) | 18 |');
  });

  it('is not healthy after a NaN, a failed pause or an unexpected notice; an expected one is fine', () => {
    const health = new Health();
    const network = { step: 5, loss: 0.3, pausedBecause: null, evaluation: null };
    const glance = {
      networks: { standard: network, adversarial: network, cure: network },
      notices: [
        { id: 1, kind: 'warning' as const, text: 'cpu is ~13× slower than wasm here (probe …)' },
      ],
      sample: 0,
      testCount: 200,
    };
    health.check(glance);
    expect(
      judge(
        samples(5, () => ({})),
        health,
      ).healthy,
    ).toBe(true);
    health.check({
      ...glance,
      networks: { ...glance.networks, cure: { ...network, step: 9, loss: NaN } },
    });
    expect([...health.nans]).toEqual(['cure: loss NaN at step 9']);
    expect(
      judge(
        samples(5, () => ({})),
        health,
      ).healthy,
    ).toBe(false);
  });
});

describe('markdown blocks', () => {
  const text = 'intro\n<!-- soak:begin -->\n<!-- soak:end -->\noutro\n';

  it('adds an inner block at the end of the outer one, then replaces it in place', () => {
    const one = upsertInnerBlock(text, 'soak', 'soak:moons', 'A');
    const two = upsertInnerBlock(one, 'soak', 'soak:mnist', 'B');
    const again = upsertInnerBlock(two, 'soak', 'soak:moons', 'A2');
    expect(again).toBe(
      'intro\n<!-- soak:begin -->\n<!-- soak:moons:begin -->\nA2\n<!-- soak:moons:end -->\n' +
        '<!-- soak:mnist:begin -->\nB\n<!-- soak:mnist:end -->\n<!-- soak:end -->\noutro\n',
    );
  });

  it('says which block is missing', () => {
    expect(() => replaceBlock('no markers', 'soak', 'x')).toThrow('no <!-- soak:begin -->');
    expect(() => upsertInnerBlock('no markers', 'soak', 'soak:moons', 'x')).toThrow(
      'no <!-- soak:begin -->',
    );
  });
});
