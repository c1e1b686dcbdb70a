/**
 * The analysis report: a public, documented JSON format (README, "Analysis report") written by the
 * CLI (`npm run analyze`) and by the app's data export. Field names are part of the contract; new
 * optional fields may be added, existing ones never renamed. Conventions: `x`, `grad`, `u`, `v` are
 * flat arrays in the model's input units; `loss` and `grad` are of the per-sample loss (not a batch
 * mean); `hessian.topk` is descending; `hessian.full` holds all d eigenvalues (descending) when the
 * full spectrum was computed and is empty otherwise; `grid.loss[i][j]` is at a = a[i], b = b[j];
 * `grid.pred` holds predicted class indices.
 */
import { z } from 'zod';

export const ANALYSIS_FORMAT = 'curvature-lab/analysis@1';

const finiteArray = z.array(z.number());

export const analysisReportSchema = z.object({
  format: z.literal(ANALYSIS_FORMAT),
  model: z.object({
    file: z.string(),
    /** SHA-256 of model.json followed by its weight files in manifest order. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  input: z.object({
    dataset: z.string(),
    split: z.enum(['train', 'test']),
    index: z.number().int().nonnegative(),
    shape: z.array(z.number().int().positive()),
    x: finiteArray,
    label: z.number().int().nonnegative(),
  }),
  logits: finiteArray,
  loss: z.number(),
  grad: finiteArray,
  gradNorm: z.number().nonnegative(),
  cure: z.object({
    form: z.enum(['paper', 'code']),
    h: z.number().positive(),
    value: z.number().nonnegative(),
  }),
  hessian: z.object({
    method: z.enum(['lanczos', 'full']),
    topk: finiteArray,
    full: finiteArray,
  }),
  grid: z.object({
    u: finiteArray,
    v: finiteArray,
    uKind: z.enum(['normal', 'normal-sign', 'random', 'eigenvector']),
    vKind: z.enum(['normal', 'normal-sign', 'random', 'eigenvector']),
    a: finiteArray,
    b: finiteArray,
    loss: z.array(finiteArray),
    pred: z.array(z.array(z.number().int().nonnegative())),
  }),
  seed: z.number().int().nonnegative(),
});

export type AnalysisReport = z.infer<typeof analysisReportSchema>;

/** Checks a parsed JSON value is an analysis report whose arrays have consistent sizes. */
export function validateReport(value: unknown): AnalysisReport {
  const report = analysisReportSchema.parse(value);
  const d = report.input.shape.reduce((p, q) => p * q, 1);
  const problems: string[] = [];
  for (const [name, array] of [
    ['input.x', report.input.x],
    ['grad', report.grad],
    ['grid.u', report.grid.u],
    ['grid.v', report.grid.v],
  ] as const) {
    if (array.length !== d) problems.push(`${name} has ${array.length} values, expected ${d}`);
  }
  const { a, b, loss, pred } = report.grid;
  if (loss.length !== a.length || loss.some((row) => row.length !== b.length)) {
    problems.push(`grid.loss is not ${a.length} × ${b.length}`);
  }
  if (pred.length !== a.length || pred.some((row) => row.length !== b.length)) {
    problems.push(`grid.pred is not ${a.length} × ${b.length}`);
  }
  if (report.hessian.full.length !== 0 && report.hessian.full.length !== d) {
    problems.push(`hessian.full has ${report.hessian.full.length} values, expected 0 or ${d}`);
  }
  for (let i = 1; i < report.hessian.topk.length; i++) {
    if (report.hessian.topk[i]! > report.hessian.topk[i - 1]!)
      problems.push('hessian.topk is not descending');
  }
  if (problems.length > 0) throw new Error(`invalid analysis report: ${problems.join('; ')}`);
  return report;
}
