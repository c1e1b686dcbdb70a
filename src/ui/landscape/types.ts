/** What a landscape view draws: one network's loss on the plane through x spanned by u and v. */
export interface LandscapeData {
  /** N grid points per axis (odd: the centre point (a, b) = (0, 0) is x itself). */
  size: number;
  /** The grid spans [−radius, radius] on both axes (input units). */
  radius: number;
  /**
   * N² losses (nats), row-major: index i·N + j is (a_i, b_j), a along u, b along v,
   * a_i = −radius + 2·radius·i/(N − 1).
   */
  loss: Float32Array;
  /** ℓ(x), nats. */
  centerLoss: number;
  /** The PGD adversarial example projected onto the plane, with its true loss; null to omit. */
  adversarial: { a: number; b: number; loss: number } | null;
  /** Axis names, e.g. 'u = normal' and 'v = random ⟂ u' or 'v = top eigenvector'. */
  uLabel: string;
  vLabel: string;
}

/** Loss values (nats) mapped to the floor and to the top of the box: [lo, hi]. */
export type HeightRange = readonly [number, number];
