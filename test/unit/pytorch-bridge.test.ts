/**
 * The PyTorch bridge end to end: random nn.Sequentials of each supported kind (an MLP on a flat
 * input, MLPs and CNNs with each pooling and activation, padded and strided convolutions, a
 * channel count above one before Flatten so the NCHW→NHWC order matters) are saved with
 * torch.save, converted by scripts/pytorch_to_tfjs.py, analyzed by `npm run analyze` and compared
 * with PyTorch itself (float64, same weights) on the analyzed input. Unsupported modules are
 * refused by name. Needs a python with torch: Debian's python3-torch (.ci/run installs it) at
 * /usr/bin/python3, or CURVATURE_LAB_TORCH_PYTHON.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateReport } from '../../src/core/report';
import { runAnalyze } from '../../scripts/analyze';
import { parseAnalyzeArgs } from '../../scripts/lib/analyzeArgs';
import { REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

const CASES = 'test/fixtures/pytorch_bridge_cases.py';
const BRIDGE = 'scripts/pytorch_to_tfjs.py';

/** The python to run: the env var, else Debian's (the first python3 on PATH may lack torch). */
function torchPython(): string {
  const candidates = [process.env['CURVATURE_LAB_TORCH_PYTHON'], '/usr/bin/python3', 'python3'];
  for (const python of candidates) {
    if (!python) continue;
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error(
    'the PyTorch bridge test needs a python with torch: install Debian python3-torch (.ci/run does) or set CURVATURE_LAB_TORCH_PYTHON',
  );
}

let python = '';
let dir = '';
let cases: { converted: string[]; refused: Record<string, string | null> };

beforeAll(() => {
  python = torchPython();
  dir = mkdtempSync(join(tmpdir(), 'bridge-'));
  execFileSync(python, [CASES, 'make', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const argsFor = (name: string, index: number) =>
  `--model ${join(dir, name, 'model.json')} --dataset mnist --index ${index} --topk 1 --grid 3 --backend cpu --out ${join(dir, `${name}.report.json`)}`.split(
    ' ',
  );

it('converts every supported kind, and npm run analyze agrees with PyTorch (logits 1e-4, input gradient 1e-3 relative)', async () => {
  expect(cases.converted.length).toBeGreaterThanOrEqual(6);
  for (const [i, name] of cases.converted.entries()) {
    await runAnalyze(parseAnalyzeArgs(argsFor(name, 3 + i)));
  }
  execFileSync(python, [CASES, 'check', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const reference = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Record<
    string,
    { logits: number[]; loss: number; grad: number[] }
  >;
  for (const name of cases.converted) {
    const report = validateReport(
      JSON.parse(readFileSync(join(dir, `${name}.report.json`), 'utf8')),
    );
    const ref = reference[name]!;
    const logitsError = Math.max(...ref.logits.map((z, k) => Math.abs(z - report.logits[k]!)));
    const norm = (v: number[]) => Math.hypot(...v);
    const gradError = norm(ref.grad.map((g, k) => g - report.grad[k]!)) / norm(ref.grad);
    console.log(
      `${name}: logits max |Δ| ${logitsError.toExponential(1)}, gradient relative ${gradError.toExponential(1)}`,
    );
    expect(report.logits, name).toHaveLength(10);
    expect(logitsError, name).toBeLessThan(1e-4);
    expect(gradError, name).toBeLessThan(1e-3);
    expect(Math.abs(report.loss - ref.loss), name).toBeLessThan(1e-4);
  }
}, 120_000);

it('refuses every unsupported module, by name', () => {
  const named: Record<string, RegExp> = {
    BatchNorm2d: /module 1 \(BatchNorm2d\) is not supported/,
    LeakyReLU: /module 1 \(LeakyReLU\) is not supported/,
    Softmax: /module 1 \(Softmax\) is not supported/,
    'Conv2d dilation': /module 0 \(Conv2d\): dilation=/,
    'Conv2d groups': /module 0 \(Conv2d\): groups=2/,
    'Conv2d padding_mode': /module 0 \(Conv2d\): padding_mode='reflect'/,
    'MaxPool2d ceil_mode': /module 1 \(MaxPool2d\): ceil_mode=True/,
    'GELU tanh': /module 1 \(GELU\): only the exact GELU/,
    'Linear on an image': /module 0 \(Linear\) needs a flat input/,
    state_dict: /expected a whole nn.Sequential .* got OrderedDict/,
  };
  expect(Object.keys(cases.refused).sort()).toEqual(Object.keys(named).sort());
  for (const [name, message] of Object.entries(cases.refused)) {
    expect(message, `${name} was converted`).not.toBeNull();
    expect(message, name).toMatch(named[name]!);
  }
});

it('the script and npm run analyze work as commands (exit codes, files, messages)', () => {
  const name = cases.converted[0]!;
  const out = join(dir, 'cli');
  execFileSync(python, [BRIDGE, join(dir, `${name}.pt`), out, '--input-shape', '784'], {
    stdio: 'pipe',
  });
  // The command line writes what the in-process conversion wrote.
  expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(
    readFileSync(join(dir, name, 'model.json'), 'utf8'),
  );
  const refused = spawnSync(
    python,
    [BRIDGE, join(dir, 'unsupported_0.pt'), out, '--input-shape', '1,28,28'],
    {
      encoding: 'utf8',
    },
  );
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(/BatchNorm2d/);
  const analyzed = spawnSync(
    'npm',
    ['run', '--silent', 'analyze', '--', ...argsFor('cli', 0).slice(0, -1), join(dir, 'cli.json')],
    { encoding: 'utf8' },
  );
  expect(analyzed.status, analyzed.stderr).toBe(0);
  expect(analyzed.stdout).toMatch(/input \[784\] \(reshaped from the dataset's\)/);
  expect(analyzed.stdout).toMatch(/expects inputs in \[0, 1\]/);
}, 60_000);
