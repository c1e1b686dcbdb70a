/**
 * Opening a lab's three networks: each from its shipped checkpoint when one exists for the
 * dataset, architecture and activation, else from fresh seeded weights; and the weights each
 * returns to on reset (CURE's depends on the `cureStart` setting).
 */
import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint } from '../checkpoints';
import type { AssetReader, Dataset } from '../datasets/types';
import { disposeSnapshot, snapshotWeights, type WeightSnapshot } from '../models';
import { buildModelFor } from './models';
import type { StartPoints } from './session';
import type { LabSettings } from './settings';
import {
  type AttackNorm,
  type HiddenActivation,
  type Architecture,
  NETWORK_IDS,
  type NetworkId,
} from '../names';

/** What a lab is: the data and the networks' build. Two labs with the same setup are the same. */
export interface LabSetup {
  readonly dataset: Dataset;
  readonly architecture: Architecture;
  readonly activation: HiddenActivation;
  readonly seed: number;
}

/** Where a network's opening weights came from, and what its checkpoint's manifest measured. */
export interface NetworkSource {
  readonly id: NetworkId;
  /** 'checkpoint' with its manifest's numbers, or 'fresh' (no checkpoint for this setup). */
  readonly source: 'checkpoint' | 'fresh';
  /** Of the checkpoint's weights; null when fresh (and so for the numbers below). */
  readonly sha256: string | null;
  readonly cleanAccuracy: number | null;
  readonly pgdAccuracy: number | null;
  readonly topEigenvalue: number | null;
  /** What the manifest's numbers were measured at (null when fresh). */
  readonly measuredAt: ManifestConditions | null;
  /** Trainable and non-trainable weights, counted. */
  readonly parameters: number;
}

/** The threat model and points of a checkpoint manifest's evaluation. */
export interface ManifestConditions {
  readonly eps: number;
  readonly norm: AttackNorm;
  readonly pgdSteps: number;
  readonly h: number;
  readonly testPoints: number;
  readonly probePoints: number;
}

/** The three networks as opened. The caller owns every model and snapshot. */
export interface OpenedNetworks {
  /** Each network holding its opening weights. */
  readonly models: Record<NetworkId, tf.LayersModel>;
  readonly sources: Record<NetworkId, NetworkSource>;
  /** A copy of each network's opening weights: what `startPoints` and `cureStartPoint` copy. */
  readonly openingWeights: Record<NetworkId, WeightSnapshot>;
}

/**
 * Opens the three networks of `setup` in column order, each on its checkpoint under
 * `<dataset>/<architecture>-<activation>/<method>/` read by `readCheckpoint` when one exists for
 * the setup's build (2-D toy sets: always the MLP), else on fresh weights from the seed.
 */
export async function openNetworks(
  setup: LabSetup,
  readCheckpoint: AssetReader,
): Promise<OpenedNetworks> {
  const models = {} as Record<NetworkId, tf.LayersModel>;
  const sources = {} as Record<NetworkId, NetworkSource>;
  for (const id of NETWORK_IDS) {
    const opened = await openNetwork(setup, id, readCheckpoint);
    models[id] = opened.model;
    sources[id] = opened.source;
  }
  const openingWeights = {
    standard: snapshotWeights(models.standard),
    adversarial: snapshotWeights(models.adversarial),
    cure: snapshotWeights(models.cure),
  };
  return { models, sources, openingWeights };
}

/** Frees every model and snapshot of `opened` (for a caller that did not hand them on). */
export function disposeOpened(opened: OpenedNetworks): void {
  for (const id of NETWORK_IDS) {
    opened.models[id].dispose();
    disposeSnapshot(opened.openingWeights[id]);
  }
}

async function openNetwork(
  setup: LabSetup,
  id: NetworkId,
  readCheckpoint: AssetReader,
): Promise<{ model: tf.LayersModel; source: NetworkSource }> {
  const { dataset, architecture, activation, seed } = setup;
  const wanted = dataset.info.kind === 'points' ? 'mlp' : architecture;
  try {
    // A network's checkpoint is stored under its build and its id (src/core/checkpoints.ts).
    const key = { dataset: dataset.info.id, architecture: wanted, activation, method: id };
    const { model, manifest, sha256 } = await loadCheckpoint(key, readCheckpoint);
    const e = manifest.evaluation;
    return {
      model,
      source: {
        id,
        source: 'checkpoint',
        sha256,
        cleanAccuracy: e.cleanAccuracy,
        pgdAccuracy: e.pgd.accuracy,
        topEigenvalue: e.meanTopEigenvalue,
        measuredAt: {
          eps: e.pgd.eps,
          norm: e.pgd.norm,
          pgdSteps: e.pgd.steps,
          h: e.cureH,
          testPoints: e.testPoints,
          probePoints: e.probePoints,
        },
        parameters: model.countParams(),
      },
    };
  } catch {
    // No checkpoint for this dataset and build: fresh seeded weights (said in source).
  }
  const model = buildModelFor(dataset.info, architecture, activation, seed);
  return {
    model,
    source: {
      id,
      source: 'fresh',
      sha256: null,
      cleanAccuracy: null,
      pgdAccuracy: null,
      topEigenvalue: null,
      measuredAt: null,
      parameters: model.countParams(),
    },
  };
}

/**
 * CURE's reset point for `cureStart` (a new snapshot; the caller owns it): the standard network's
 * opening weights ('finetune', as the paper fine-tunes), CURE's own ('checkpoint'), or fresh
 * seeded weights ('scratch').
 */
export function cureStartPoint(
  setup: LabSetup,
  openingWeights: Record<NetworkId, WeightSnapshot>,
  cureStart: LabSettings['cureStart'],
): WeightSnapshot {
  if (cureStart === 'finetune') return cloneSnapshot(openingWeights.standard);
  if (cureStart === 'checkpoint') return cloneSnapshot(openingWeights.cure);
  const fresh = buildModelFor(setup.dataset.info, setup.architecture, setup.activation, setup.seed);
  const snapshot = snapshotWeights(fresh);
  fresh.dispose();
  return snapshot;
}

/** Every network's reset point (new snapshots, for `LabSession`, which owns them). */
export function startPoints(
  setup: LabSetup,
  openingWeights: Record<NetworkId, WeightSnapshot>,
  cureStart: LabSettings['cureStart'],
): StartPoints {
  return {
    standard: cloneSnapshot(openingWeights.standard),
    adversarial: cloneSnapshot(openingWeights.adversarial),
    cure: cureStartPoint(setup, openingWeights, cureStart),
  };
}

function cloneSnapshot(snapshot: WeightSnapshot): WeightSnapshot {
  return { tensors: snapshot.tensors.map((t) => tf.keep(t.clone())) };
}
