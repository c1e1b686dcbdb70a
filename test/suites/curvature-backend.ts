/**
 * The curvature and geometry numerics on one tfjs backend: gradients, exact and finite-difference
 * HVPs, CURE, the full Hessian of a linear softmax model, Lanczos, grids and the robustness search,
 * each against a float64 reference in plain JavaScript. Run by test/unit/curvature-suite.test.ts
 * (cpu) and test/browser/curvature-suite.test.ts (webgl, webgpu, wasm). No node APIs; reads are
 * async (webgpu's synchronous reads are slow); models are tiny (d ≤ 16) because webgpu runs on a
 * software adapter here (PLATFORM.md).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  crossEntropyLoss,
  cureCurvature,
  fullInputSpectrum,
  hessianTopK,
  inputHessian,
  inputHvp,
  inputHvpFiniteDifference,
  lossAndInputGradient,
  modelLogits,
} from '../../src/core/curvature';
import {
  landscapeGrid,
  lineSearchRobustness,
  orientAlong,
  pgdRobustness,
  robustnessBounds,
} from '../../src/core/geometry';
import { dot, norm } from '../../src/core/linalg/vector';
import { perSampleCrossEntropy } from '../../src/core/loss';
import { buildMlp, disposeModel, logitsOf, planOf } from '../../src/core/models';
import {
  describeOnBackends,
  expectNoLeakAsync,
  fround,
  hvp64,
  jacobiEigenvalues,
  lossAndGrad64,
  normals,
  quadraticLoss,
  randomOrthogonal,
  read,
  readWeights64,
  relativeError,
  softmax64,
  withSpectrum,
  type BackendName,
  type Weights64,
} from '../kit';

/** The numeric suite, once on each of `backends` (test/kit/backends.ts). */
export function curvatureSuite(backends: readonly BackendName[]): void {
  describeOnBackends('curvature numerics', backends, (backend) => {
    // Tolerances are the cpu ones (each justified below) times this. Measured on the SwiftShader
    // webgl and webgpu adapters, every error stays below 4% of the cpu tolerance; 10× leaves room
    // for hardware GPUs, whose exp/log and summation orders are less exact than IEEE cpu code.
    const slack = backend === 'cpu' ? 1 : 10;
    const shape = [4, 4, 1];
    const d = 16;
    const label = 1;
    const xs = [normals(d, 1, 0.5), normals(d, 2, 0.5)];
    const v = normals(d, 3);
    let model: tf.LayersModel;
    let w64: Weights64;

    beforeAll(async () => {
      model = buildMlp({
        seed: 3,
        inputShape: shape,
        hiddenUnits: [8],
        numClasses: 3,
        activation: 'softplus',
      });
      w64 = await readWeights64(planOf(model));
    });
    afterAll(() => disposeModel(model));

    const batch = () => tf.tensor([...xs[0]!, ...xs[1]!], [2, ...shape]);

    it('loss, input gradient, exact and finite-difference HVPs match float64', async () => {
      const loss = crossEntropyLoss(model, label);
      const got = await expectNoLeakAsync(async () => {
        const [x, vt] = [batch(), tf.tensor([...v, ...v], [2, ...shape])];
        const { loss: l, grad } = lossAndInputGradient(loss, x);
        const out = {
          loss: await read(l),
          grad: await read(grad),
          hvp: await read(inputHvp(loss, x, vt)),
          fd: await read(inputHvpFiniteDifference(loss, x, vt, 0.1)),
        };
        tf.dispose([x, vt]);
        return out;
      });
      const plan = planOf(model);
      const ref = xs.map((x) => lossAndGrad64(plan, w64, x, label));
      // Float32 forward/backward of a tiny MLP: ~1e-7 measured.
      expect(
        relativeError(
          got.loss,
          ref.map((r) => r.loss),
        ),
      ).toBeLessThan(1e-5 * slack);
      expect(
        relativeError(
          got.grad,
          ref.flatMap((r) => r.grad),
        ),
      ).toBeLessThan(1e-5 * slack);
      const hvpRef = xs.flatMap((x) => hvp64(plan, w64, x, label, v));
      expect(relativeError(got.hvp, hvpRef)).toBeLessThan(1e-4 * slack); // as the node HVP test
      const fdRef = xs.flatMap((x) => hvp64(plan, w64, x, label, v, 0.1));
      expect(relativeError(got.fd, fdRef)).toBeLessThan(1e-4 * slack); // rounding / 2h
    });

    it('CURE quantity matches float64, with z from the float32 gradient signs', async () => {
      const h = 0.5;
      const loss = crossEntropyLoss(model, label);
      const got = await expectNoLeakAsync(async () => {
        const x = batch();
        const { diffNorm, value } = cureCurvature(loss, x, h, 'paper');
        const { loss: l, grad } = lossAndInputGradient(loss, x);
        l.dispose();
        const out = {
          grad: await read(grad),
          diffNorm: await read(diffNorm),
          value: await read(value),
        };
        x.dispose();
        return out;
      });
      const plan = planOf(model);
      xs.forEach((x, b) => {
        const signs = got.grad.slice(b * d, (b + 1) * d).map(Math.sign);
        const z = signs.map((s) => s / Math.sqrt(signs.filter((t) => t !== 0).length));
        const g0 = lossAndGrad64(plan, w64, x, label).grad;
        const g1 = lossAndGrad64(
          plan,
          w64,
          x.map((xi, i) => xi + h * z[i]!),
          label,
        ).grad;
        const ref = Math.hypot(...g1.map((gi, i) => gi - g0[i]!));
        expect(Math.abs(got.diffNorm[b]! - ref)).toBeLessThan(1e-5 * slack * ref); // 5e-7 on cpu
        expect(Math.abs(got.value[b]! - ref * ref)).toBeLessThan(2e-5 * slack * ref * ref);
      });
    });

    it('landscape grid cells equal direct single-input evaluations', async () => {
      const u = Float64Array.from(normals(d, 4)).map((t, _, arr) => t / norm(arr));
      const w = Float64Array.from(normals(d, 5)).map((t, _, arr) => t / norm(arr));
      const x = xs[0]!;
      const grid = await expectNoLeakAsync(async () => {
        const xt = tf.tensor(x, [1, ...shape]);
        const out = await landscapeGrid(modelLogits(model), xt, label, u, w, {
          radius: 3,
          size: 3,
        });
        xt.dispose();
        return out;
      });
      for (let k = 0; k < 9; k++) {
        const point = x.map(
          (xi, i) => xi + grid.a[Math.floor(k / 3)]! * u[i]! + grid.b[k % 3]! * w[i]!,
        );
        const pt = tf.tensor(point, [1, ...shape]);
        const logits = logitsOf(model, pt);
        const z = Array.from(await logits.data());
        const labels = tf.tensor1d([label], 'int32');
        const loss = (await read(perSampleCrossEntropy(logits, labels)))[0]!;
        tf.dispose([pt, logits, labels]);
        // Point rounding differs by ~1 ulp between the two constructions: ~1e-7 in the loss.
        expect(Math.abs(grid.loss[k]! - loss)).toBeLessThan(1e-5 * slack * Math.max(1, loss));
        const sorted = [...z].sort((p, q) => q - p);
        if (sorted[0]! - sorted[1]! > 1e-3) expect(grid.pred[k]).toBe(z.indexOf(sorted[0]!));
        expect(Math.abs(grid.margin[k]! - (sorted[0]! - sorted[1]!))).toBeLessThan(1e-5 * slack);
      }
    });

    // On wasm too: tfjs-backend-wasm 4.22's OneHot ignores dtype 'float32' (1 reads as 1.4e-45),
    // which once made this Hessian zero there; inputHessian now casts an int32 one-hot.
    it('linear softmax model: full Hessian = Wᵀ(diag p − ppᵀ)W; spectrum and Lanczos agree', async () => {
      const n = 8;
      const k = 4;
      const linear = buildMlp({ seed: 9, inputShape: [n], hiddenUnits: [], numClasses: k });
      const x = normals(n, 6, 2);
      const loss = crossEntropyLoss(linear, 0);
      const got = await expectNoLeakAsync(async () => {
        const xt = tf.tensor2d([x]);
        const out = {
          hessian: await inputHessian(loss, xt),
          spectrum: await fullInputSpectrum(loss, xt),
          top: await hessianTopK(loss, xt, { k: 2, seed: 1 }),
        };
        xt.dispose();
        return out;
      });
      const [kernel, bias] = (await readWeights64(planOf(linear))) as [number[], number[]];
      disposeModel(linear);
      const logits = bias.map((b, c) => x.reduce((s, xi, i) => s + xi * kernel[i * k + c]!, b));
      const p = softmax64(logits);
      const ref = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => {
          let acc = 0;
          for (let a = 0; a < k; a++) {
            for (let b = 0; b < k; b++) {
              const s = (a === b ? p[a]! : 0) - p[a]! * p[b]!;
              acc += kernel[i * k + a]! * s * kernel[j * k + b]!;
            }
          }
          return acc;
        }),
      );
      const refValues = jacobiEigenvalues(ref);
      const scale = refValues[0]!;
      // Float32 double backprop: ~2e-7 relative measured.
      expect(relativeError(got.hessian.matrix, ref.flat())).toBeLessThan(1e-5 * slack);
      got.spectrum.values.forEach((val, i) =>
        expect(Math.abs(val - refValues[i]!)).toBeLessThan(1e-5 * slack * scale),
      );
      got.top.values.forEach((val, i) =>
        expect(Math.abs(val - refValues[i]!)).toBeLessThan(1e-5 * slack * scale),
      );
      expect(Math.abs(got.spectrum.values[k - 1]!)).toBeLessThan(1e-5 * slack * scale); // rank K−1
    });

    it('line search and PGD robustness respect the bounds on an exactly quadratic loss', async () => {
      const n = 6;
      const lambda = [2, 1, 0.5, 0.25, 0.1, 0];
      const q = randomOrthogonal(n, 4);
      const g = normals(n, 7, 0.5);
      const x0 = normals(n, 8);
      const c = 1;
      const loss = quadraticLoss(fround(withSpectrum(lambda, q)), g, x0, 0);
      const u = orientAlong(q[0]!, g);
      const bounds = robustnessBounds({ gradNorm: norm(g), gradDotU: dot(g, u), nu: 2, c });
      const [line, pgd] = await expectNoLeakAsync(async () => {
        const x = tf.tensor2d([x0]);
        const out = [
          await lineSearchRobustness(loss, x, u, c, { maxRadius: 5 }),
          await pgdRobustness(loss, x, c, { maxRadius: 5, steps: 10, points: 6, rounds: 3 }),
        ];
        x.dispose();
        return out;
      });
      // Float32 loss near the crossing: ~1e-7 relative measured.
      expect(Math.abs(line!.rho - bounds.upper)).toBeLessThan(1e-5 * slack * bounds.upper);
      expect(pgd!.rho).toBeGreaterThanOrEqual(bounds.lower * (1 - 1e-5 * slack));
      expect(pgd!.rho).toBeLessThanOrEqual(bounds.upper + pgd!.bracket); // bracket = resolution
    });
  });
}
