/**
 * Dense symmetric eigendecomposition, float64, through ml-matrix's EigenvalueDecomposition (a
 * port of JAMA: Householder tridiagonalization `tred2`, then implicit QL with Wilkinson shifts
 * `tql2` — the EISPACK algorithms LAPACK's dsyev descends from). Used for Lanczos's small
 * tridiagonal matrices and for the full d×d input Hessian (d ≤ 784: about 5 s in node, since
 * the library always accumulates eigenvectors).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Vector } from './vector';

/** Eigenvalues in descending order and, when asked for, their unit eigenvectors. */
export interface SymmetricEigen {
  /** λ₁ ≥ λ₂ ≥ … ≥ λ_d. */
  readonly values: Float64Array;
  /** vectors[i] is the unit eigenvector of values[i] (length d); empty when not requested. */
  readonly vectors: Vector[];
}

/**
 * Eigenvalues (descending) and optionally eigenvectors of a symmetric matrix.
 * @param matrix d×d, row-major (matrix[i·d + j] = A_ij). Only symmetric input is meaningful: the
 *   solver reads one triangle's worth of information, so symmetrize first ((A + Aᵀ)/2).
 * @param dimension d.
 * @param withVectors also return the eigenvectors (same cost: the solver computes them anyway).
 */
export function symmetricEigen(
  matrix: ArrayLike<number>,
  dimension: number,
  withVectors = false,
): SymmetricEigen {
  if (matrix.length !== dimension * dimension) {
    throw new Error(
      `matrix has ${matrix.length} entries, expected ${dimension}² = ${dimension ** 2}`,
    );
  }
  if (dimension === 0) return { values: new Float64Array(0), vectors: [] };
  // A NaN or ∞ entry (a network whose weights became NaN) has no spectrum; JAMA's tql2 would
  // index past its arrays on it. NaN eigenvalues say so and let the caller report the NaN.
  if (!Array.prototype.every.call(matrix, (v: number) => Number.isFinite(v))) {
    const values = new Float64Array(dimension).fill(NaN);
    const vectors = withVectors
      ? Array.from({ length: dimension }, () => new Float64Array(dimension).fill(NaN))
      : [];
    return { values, vectors };
  }
  const a = Matrix.from1DArray(dimension, dimension, Array.from(matrix));
  const evd = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const raw = evd.realEigenvalues;
  // JAMA's tql2 sorts ascending; sort explicitly so the order never depends on that detail.
  const order = raw.map((_, i) => i).sort((i, j) => raw[j]! - raw[i]!);
  const values = Float64Array.from(order, (i) => raw[i]!);
  if (!withVectors) return { values, vectors: [] };
  const basis = evd.eigenvectorMatrix;
  const vectors = order.map((i) => Float64Array.from(basis.getColumn(i)));
  return { values, vectors };
}

/**
 * Eigenpairs of the symmetric tridiagonal matrix with diagonal `alpha` (length m) and
 * off-diagonal `beta` (length m − 1): Lanczos's T. Vectors are those of T (length m), in
 * descending order of eigenvalue.
 */
export function tridiagonalEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
): SymmetricEigen {
  const m = alpha.length;
  if (beta.length !== Math.max(m - 1, 0)) {
    throw new Error(`tridiagonal: ${m} diagonal entries need ${m - 1} off-diagonal ones`);
  }
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i]!;
    if (i + 1 < m) {
      t[i * m + i + 1] = beta[i]!;
      t[(i + 1) * m + i] = beta[i]!;
    }
  }
  return symmetricEigen(t, m, true);
}
