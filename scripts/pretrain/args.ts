/** Command line of `npm run pretrain`: which datasets, the seed, where to write. */
import { DATASET_IDS, type DatasetId } from '../../src/core/datasets/types';
import {
  ARCHITECTURES,
  HIDDEN_ACTIVATIONS,
  type Architecture,
  type HiddenActivation,
} from '../../src/core/names';

export interface PretrainOptions {
  datasets: DatasetId[];
  seed: number;
  outDir: string;
  backend: 'wasm' | 'cpu';
  /** The build of the image networks (2-D toy sets always get the MLP). */
  architecture: Architecture;
  activation: HiddenActivation;
  /** Fine-tune from the shipped standard checkpoint instead of retraining it. */
  keepStandard: boolean;
}

const USAGE =
  'usage: npm run pretrain [-- --dataset mnist[,fashion,…]] [--seed 0] [--out public/checkpoints] [--backend wasm|cpu]\n' +
  `       [--architecture ${ARCHITECTURES.join('|')}] [--activation ${HIDDEN_ACTIVATIONS.join('|')}]\n' +
  '       [--keep-standard] (fine-tune from the shipped standard checkpoint, not a retrained one)`;

export function parsePretrainArgs(argv: readonly string[]): PretrainOptions {
  const options: PretrainOptions = {
    datasets: [...DATASET_IDS],
    seed: 0,
    outDir: 'public/checkpoints',
    backend: 'wasm',
    architecture: 'mlp',
    activation: 'relu',
    keepStandard: false,
  };
  const chosen: DatasetId[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (flag === '--keep-standard') {
      options.keepStandard = true;
      continue;
    }
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    switch (flag) {
      case '--dataset':
        for (const id of value.split(',')) {
          if (!(DATASET_IDS as readonly string[]).includes(id)) {
            throw new Error(`unknown dataset ${id} (one of ${DATASET_IDS.join(', ')})`);
          }
          chosen.push(id as DatasetId);
        }
        break;
      case '--seed': {
        const seed = Number(value);
        if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be an integer ≥ 0`);
        options.seed = seed;
        break;
      }
      case '--out':
        options.outDir = value;
        break;
      case '--backend':
        if (value !== 'wasm' && value !== 'cpu') throw new Error(`--backend is wasm or cpu`);
        options.backend = value;
        break;
      case '--architecture':
        if (!(ARCHITECTURES as readonly string[]).includes(value)) {
          throw new Error(`--architecture is one of ${ARCHITECTURES.join(', ')}`);
        }
        options.architecture = value as Architecture;
        break;
      case '--activation':
        if (!(HIDDEN_ACTIVATIONS as readonly string[]).includes(value)) {
          throw new Error(`--activation is one of ${HIDDEN_ACTIVATIONS.join(', ')}`);
        }
        options.activation = value as HiddenActivation;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (chosen.length > 0) options.datasets = chosen;
  return options;
}
