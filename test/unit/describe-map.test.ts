import { describe, expect, it } from 'vitest';
import { describeBoundaryMap } from '../../src/ui/boundary/describeMap';
import type { BoundaryMapData } from '../../src/ui/boundary/drawBoundaryMap';

/** A 3×3 grid over [−1, 1]²: class 1 where a > 0, else class 0. */
function map(): BoundaryMapData {
  const n = 3;
  const pred = new Uint8Array(n * n);
  const confidence = new Float32Array(n * n).fill(0.9);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pred[i * n + j] = i === 2 ? 1 : 0;
  confidence[1 * n + 1] = 0.6;
  return {
    size: n,
    aRange: [-1, 1],
    bRange: [-1, 1],
    pred,
    confidence,
    boundary: new Float32Array(),
    classNames: ['cat', 'dog'],
    x: [0, 0],
    epsPolygon: null,
    adversarial: [0.9, 0.1],
    points: null,
    axisLabels: ['a along u', 'b along v'],
  };
}

describe('a boundary map in words', () => {
  it('says the classes by share, the class at x and at the PGD example, and the axes', () => {
    expect(describeBoundaryMap(map())).toBe(
      'Predicted class over the slice (3×3 points): cat 67%, dog 33%. At x: cat (60%). ' +
        'At the PGD example: dog (90%). Horizontal: a along u, -1 to 1; vertical: b along v, -1 to 1.',
    );
  });
});
