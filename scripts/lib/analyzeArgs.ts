/**
 * Command-line options of `npm run analyze`, parsed with node's own util.parseArgs and checked with
 * zod so that every bad value gets a message naming the option.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const optionsSchema = z.object({
  model: z.string().min(1, '--model <path to model.json> is required'),
  dataset: z.enum(['mnist', 'fashion']),
  split: z.enum(['train', 'test']).default('test'),
  index: z.coerce.number().int().nonnegative(),
  h: z.coerce.number().positive().default(0.5),
  form: z.enum(['paper', 'code']).default('paper'),
  topk: z.coerce.number().int().min(1).max(64).default(10),
  full: z.boolean().default(false),
  grid: z.coerce.number().int().min(2).max(256).default(41),
  radius: z.coerce.number().positive().default(2),
  v: z.enum(['random', 'eigenvector']).default('random'),
  seed: z.coerce.number().int().nonnegative().default(0),
  /** tfjs backend in node: wasm (the fastest node has, and the app's automatic choice without a
   * GPU) or cpu (plain JS, the reference). */
  backend: z.enum(['cpu', 'wasm']).default('wasm'),
  out: z.string().min(1, '--out <report.json> is required'),
});

export type AnalyzeOptions = z.infer<typeof optionsSchema>;

export const USAGE = `usage: npm run analyze -- --model <model.json> --dataset mnist|fashion --index <i>
         [--split test] [--h 0.5] [--form paper|code] [--topk 10] [--full]
         [--grid 41] [--radius 2] [--v random|eigenvector] [--seed 0] [--backend wasm|cpu]
         --out report.json
       npm run analyze -- --help   (this text)`;

/** True when the command line asks for the usage text. */
export const wantsHelp = (argv: readonly string[]) =>
  argv.includes('--help') || argv.includes('-h');

export function parseAnalyzeArgs(argv: string[]): AnalyzeOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      model: { type: 'string' },
      dataset: { type: 'string' },
      split: { type: 'string' },
      index: { type: 'string' },
      h: { type: 'string' },
      form: { type: 'string' },
      topk: { type: 'string' },
      full: { type: 'boolean' },
      grid: { type: 'string' },
      radius: { type: 'string' },
      v: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${lines.join('\n')}\n${USAGE}`);
  }
  return parsed.data;
}
