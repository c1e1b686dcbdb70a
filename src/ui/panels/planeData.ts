/**
 * Turns the analysis results of one network (frame buffers) into what the landscape and the
 * boundary map draw. Pure shaping, no science: every number comes from the worker.
 */
import type { ResultOf } from '../../client/inspectionFrames';
import type { DatasetSplit } from '../../core/datasets/types';
import type { BoundaryMapData } from '../boundary/drawBoundaryMap';
import type { LandscapeData } from '../landscape';

const U_NAMES = {
  normal: 'u: normal ∇ℓ/‖∇ℓ‖',
  'normal-sign': 'u: sign(∇ℓ)/√d',
  random: 'u: random (∇ℓ = 0)',
} as const;
const V_NAMES = { random: 'v: random ⟂ u', eigenvector: 'v: top eigenvector ⟂ u' } as const;

/** Axis names; with a shared plane, u and v are the standard network's. */
function axisNames(plane: ResultOf<'plane'>): [string, string] {
  const whose = plane.basis === 'shared' ? ' (standard net)' : '';
  return [U_NAMES[plane.uKind] + whose, V_NAMES[plane.vKind] + whose];
}

export function landscapeData(
  plane: ResultOf<'plane'>,
  point: ResultOf<'point'> | null,
): LandscapeData {
  const { radius, adversarial } = plane;
  const size = plane.grid.size;
  const inside = Math.abs(adversarial.a) <= radius && Math.abs(adversarial.b) <= radius;
  return {
    size,
    radius,
    loss: plane.loss,
    // ℓ(x) from the point analysis of the same job; the grid's centre cell otherwise. Losses are
    // ≥ 0: float32 rounding of a loss near 0 can come out at −1e-8, which reads as nonsense.
    centerLoss: Math.max(
      0,
      point?.id === plane.id ? point.loss : plane.loss[(size * size - 1) / 2]!,
    ),
    adversarial: inside
      ? { a: adversarial.a, b: adversarial.b, loss: Math.max(0, adversarial.loss) }
      : null,
    uLabel: axisNames(plane)[0],
    vLabel: axisNames(plane)[1],
  };
}

/** [0, max] of the losses of the given planes (a shared or an own height scale): the floor is
 * 0 nats, the least cross-entropy can be, so heights compare across networks and updates. */
export function lossRange(planes: readonly (ResultOf<'plane'> | null)[]): [number, number] {
  let hi = 0;
  for (const plane of planes) {
    if (!plane) continue;
    for (const value of plane.loss) if (value > hi && Number.isFinite(value)) hi = value;
  }
  return [0, hi > 0 ? hi : 1];
}

/** An image set's slice: the plane's (a, b) coordinates around x. */
export function planeMapData(
  plane: ResultOf<'plane'>,
  classNames: readonly string[],
): BoundaryMapData {
  const { radius } = plane;
  return {
    size: plane.grid.size,
    aRange: [-radius, radius],
    bRange: [-radius, radius],
    pred: plane.grid.pred,
    boundary: plane.grid.boundary,
    confidence: plane.grid.confidence,
    classNames,
    x: [0, 0],
    epsPolygon: plane.epsPolygon,
    adversarial: [plane.adversarial.a, plane.adversarial.b],
    points: null,
    axisLabels: [`a along ${axisNames(plane)[0]}`, `b along ${axisNames(plane)[1]}`],
  };
}

/** A 2-D set's whole input plane with its training points, x and x′ in native coordinates. */
export function fieldMapData(
  field: ResultOf<'field'>,
  plane: ResultOf<'plane'> | null,
  x: readonly [number, number],
  train: DatasetSplit | null,
  classNames: readonly string[],
): BoundaryMapData {
  const adversarial = plane ? plane.adversarial.x : null;
  return {
    size: field.grid.size,
    aRange: field.xRange,
    bRange: field.yRange,
    pred: field.grid.pred,
    boundary: field.grid.boundary,
    confidence: field.grid.confidence,
    classNames,
    x,
    epsPolygon: field.epsPolygon,
    adversarial: adversarial ? [adversarial[0]!, adversarial[1]!] : null,
    points: train ? { xy: train.x, labels: train.y } : null,
    axisLabels: ['x₁', 'x₂'],
  };
}
