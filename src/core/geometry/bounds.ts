/**
 * The "vice versa" bounds (PAPER.md): under the quadratic model ℓ(x + r) ≈ ℓ(x) + gᵀr + ½rᵀHr,
 * the robustness ρ = min ‖r‖₂ s.t. ℓ(x + r) ≥ t, with c = t − ℓ(x), ν = λ_max(H) and u its unit
 * eigenvector, satisfies
 *   lower = (‖g‖/ν)(√(1 + 2νc/‖g‖²) − 1)  ≤  ρ  ≤  upper = (gᵀu/ν)(√(1 + 2νc/(gᵀu)²) − 1).
 * Derivation: ℓ(x + r) − ℓ(x) ≤ ‖g‖‖r‖ + ½ν‖r‖² for every r (Cauchy–Schwarz, rᵀHr ≤ ν‖r‖²), so
 * reaching c needs at least the smaller root of ½νs² + ‖g‖s = c; and r = s·u reaches c at the
 * smaller root of ½νs² + (gᵀu)s = c. Both are evaluated in the cancellation-free form
 * 2c/(s + √(s² + 2νc)), which is the same number and tends to the linear c/s as ν → 0 with no
 * loss of digits (the textbook form subtracts two nearly equal numbers and divides by ν).
 * Units: ρ in input units; ‖g‖ in nats per input unit; ν in nats per input unit²; c in nats.
 */

/**
 * The smallest s ≥ 0 with slope·s + ½·curvature·s² ≥ c: 0 when c ≤ 0; the smaller root
 * 2c/(slope + √(slope² + 2·curvature·c)) otherwise; Infinity when the quadratic never reaches c
 * (slope² + 2·curvature·c < 0, possible for curvature < 0, or slope = curvature = 0).
 * @param slope ≥ 0 (a directional derivative taken uphill).
 */
export function quadraticReach(slope: number, curvature: number, c: number): number {
  if (!(slope >= 0)) throw new Error(`slope must be ≥ 0, got ${slope}`);
  if (c <= 0) return 0;
  const discriminant = slope * slope + 2 * curvature * c;
  if (discriminant < 0) return Infinity;
  const denominator = slope + Math.sqrt(discriminant);
  return denominator > 0 ? (2 * c) / denominator : Infinity;
}

/** What the bounds need, all from one input (see the module comment for units). */
export interface BoundInputs {
  /** ‖∇ₓℓ(x)‖₂. */
  readonly gradNorm: number;
  /** gᵀu for the top unit eigenvector u; its sign is ignored (u and −u are both eigenvectors). */
  readonly gradDotU: number;
  /** ν = λ_max of the input Hessian (PAPER.md assumes ν > 0; any value is handled). */
  readonly nu: number;
  /** c = t − ℓ(x), the loss increase to reach level t. */
  readonly c: number;
}

/** The quadratic-model bounds on ρ, and the linear model's value. */
export interface RobustnessBounds {
  /** Lower bound; tends to `linear` as ν → 0. 0 when c ≤ 0. */
  readonly lower: number;
  /** Upper bound (exactly the step along u that reaches t under the model); Infinity when the
   * model along u never reaches t (gᵀu = 0 with ν ≤ 0, or ν < 0 with too large a c). */
  readonly upper: number;
  /** c/‖g‖: ρ of the linear model (ν = 0), Infinity when g = 0 and c > 0. */
  readonly linear: number;
}

/** PAPER.md's lower and upper bounds on ρ, cancellation-free (see module comment). */
export function robustnessBounds(inputs: BoundInputs): RobustnessBounds {
  const { gradNorm, gradDotU, nu, c } = inputs;
  if (!(gradNorm >= 0)) throw new Error(`gradNorm must be ≥ 0, got ${gradNorm}`);
  return {
    lower: quadraticReach(gradNorm, nu, c),
    upper: quadraticReach(Math.abs(gradDotU), nu, c),
    linear: quadraticReach(gradNorm, 0, c),
  };
}
