import { describe, expect, it } from 'vitest';
import {
  curvatureDisagreement,
  disagreementText,
  mostCurved,
} from '../../src/core/lab/curvatureDisagreement';

describe('mostCurved', () => {
  it('names the network with the largest value; ties go to column order', () => {
    expect(mostCurved({ standard: 0.07, adversarial: 0.01, cure: 0.11 })).toBe('cure');
    expect(mostCurved({ standard: 3, adversarial: 3, cure: 1 })).toBe('standard');
  });

  it('says nothing while a network has no value or a non-finite one', () => {
    expect(mostCurved({ standard: 1, adversarial: null, cure: 0.5 })).toBeNull();
    expect(mostCurved({ standard: NaN, adversarial: 1, cure: 0.5 })).toBeNull();
  });
});

describe('curvatureDisagreement', () => {
  // MNIST test #0 with the shipped ReLU MLPs (measured on wasm): the exact λmax ranks CURE first,
  // the finite difference at h = 1.5 ranks standard first by far.
  const exact = { standard: 0.0737, adversarial: 0.0101, cure: 0.11 };
  const fd = { standard: 3.44, adversarial: 0.0792, cure: 0.12 };

  it('fires when the most curved network differs', () => {
    expect(curvatureDisagreement(exact, fd, 1.5)).toEqual({
      exactTop: 'cure',
      fdTop: 'standard',
      h: 1.5,
    });
  });

  it('does not fire when only the two less curved networks swap', () => {
    const swapped = { standard: 1.8, adversarial: 0.31, cure: 0.314 };
    const fdOrder = { standard: 4.9, adversarial: 0.687, cure: 0.274 };
    expect(curvatureDisagreement(swapped, fdOrder, 1.5)).toBeNull();
  });

  it('does not fire with a value missing', () => {
    expect(curvatureDisagreement({ ...exact, adversarial: null }, fd, 1.5)).toBeNull();
  });
});

describe('disagreementText', () => {
  const disagreement = { exactTop: 'cure', fdTop: 'standard', h: 1.5 } as const;

  it('blames the ReLU kinks for a ReLU network, naming both rankings and h', () => {
    const text = disagreementText(disagreement, 'relu');
    expect(text).toMatch(/^Exact Hessian: ReLU kinks are invisible to it/);
    expect(text).toContain('ranks CURE most curved');
    expect(text).toContain('finite differences at h = 1.5 rank Standard.');
  });

  it('speaks of the step, not of kinks, for a smooth activation', () => {
    const text = disagreementText({ ...disagreement, h: 0.123456 }, 'softplus');
    expect(text).not.toMatch(/kink/);
    expect(text).toContain('softplus curvature at x alone');
    expect(text).toContain('ranks CURE most curved');
    expect(text).toContain('h = 0.123');
  });
});
