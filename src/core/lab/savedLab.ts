/**
 * A lab's networks copied off the backend as plain data (typed arrays and numbers): weights,
 * Adam's state, the attacks' generator, steps and data positions, and whether they were training.
 * It outlives the backend (a lost GPU device) and continues on another; being plain data, it is
 * also what a saved session file and the autosave hold (src/core/session/).
 */
import type * as tf from '@tensorflow/tfjs';
import { disposeSnapshot, readHostTensors, snapshotFromHost, type HostWeights } from '../models';
import { readAdam } from '../training/adamState';
import type { LabSetup } from './openNetworks';
import {
  disposeCapture,
  type LabSession,
  type NetworkProgress,
  type RunCapture,
  type TrainerState,
} from './session';
import { NETWORK_IDS, type NetworkId } from '../names';

export { savedSteps } from '../session/savedSteps';

/** The layout of `SavedLab`; bumped when it changes. */
export const SAVED_LAB_VERSION = 2;

/** One network as copied: every weight (model.weights order), its optimizer and generator, and
 * how far it has come. */
export interface SavedNetwork {
  readonly weights: HostWeights;
  readonly trainer: TrainerState;
  readonly progress: NetworkProgress;
}

export interface SavedLab {
  readonly version: typeof SAVED_LAB_VERSION;
  /** The lab it belongs to (`labIdentity`): only a lab with the same identity continues it. */
  readonly identity: string;
  /** Whether the networks were training when the copy was made. */
  readonly running: boolean;
  readonly networks: Record<NetworkId, SavedNetwork>;
}

/** One string per lab: its dataset, architecture, activation and seed. */
export function labIdentity(setup: LabSetup): string {
  return JSON.stringify([
    setup.dataset.info.name,
    setup.architecture,
    setup.activation,
    setup.seed,
  ]);
}

/**
 * Reads the session's three networks back from the backend: all three are copied at one moment
 * (synchronously, between steps), then read (async; the networks may keep training meanwhile).
 * Rejects if the backend fails while reading.
 */
export async function readNetworks(session: LabSession): Promise<SavedLab['networks']> {
  const captures = NETWORK_IDS.map((id) => session.capture(id));
  try {
    const networks = {} as Record<NetworkId, SavedNetwork>;
    for (const [i, id] of NETWORK_IDS.entries()) networks[id] = await readCapture(captures[i]!);
    return networks;
  } finally {
    captures.forEach(disposeCapture);
  }
}

async function readCapture(capture: RunCapture): Promise<SavedNetwork> {
  return {
    weights: await readHostTensors(capture.weights.tensors),
    trainer: { adam: await readAdam(capture.adam), rng: capture.rng },
    progress: capture.progress,
  };
}

/** A saved lab of these networks (see `readNetworks`). */
export function savedLab(
  identity: string,
  running: boolean,
  networks: SavedLab['networks'],
): SavedLab {
  return { version: SAVED_LAB_VERSION, identity, running, networks };
}

/**
 * Why the copy's network `id` cannot continue in `model` (the build it would be loaded into), or
 * null when it fits: every weight's shape, and Adam's moments against the trainable weights.
 */
export function savedNetworkMismatch(
  saved: SavedLab,
  id: NetworkId,
  model: tf.LayersModel,
): string | null {
  const network = saved.networks[id];
  const same = (a: readonly number[], b: readonly (number | null)[]) =>
    a.length === b.length && a.every((d, i) => d === b[i]);
  const weights = model.weights;
  if (network.weights.tensors.length !== weights.length) {
    return `${id} has ${network.weights.tensors.length} weight tensors; this build has ${weights.length}`;
  }
  for (const [i, t] of network.weights.tensors.entries()) {
    if (!same(t.shape, weights[i]!.shape)) {
      return `${id} weight ${i} is [${t.shape}]; this build's ${weights[i]!.name} is [${weights[i]!.shape}]`;
    }
  }
  const moments = network.trainer.adam?.moments ?? [];
  const trainable = model.trainableWeights;
  if (moments.length !== 0 && moments.length !== trainable.length) {
    return `${id} has Adam state for ${moments.length} weights; this build trains ${trainable.length}`;
  }
  for (const [i, m] of moments.entries()) {
    if (!same(m.shape, trainable[i]!.shape)) {
      return `${id} Adam moment ${i} is [${m.shape}]; its weight is [${trainable[i]!.shape}]`;
    }
  }
  return null;
}

/**
 * Continues every network of `session` from the copy: weights bit for bit, Adam's state, the
 * generator, step and data position (see `LabSession.continueFrom`). The session must be of the
 * same lab (same identity); nothing of the copy is kept or changed. Throws naming the network
 * whose weights do not fit (networks before it have already continued).
 */
export function continueSavedLab(session: LabSession, saved: SavedLab): void {
  for (const id of NETWORK_IDS) {
    const { weights, trainer, progress } = saved.networks[id];
    const snapshot = snapshotFromHost(weights);
    try {
      session.continueFrom(id, snapshot, progress, trainer);
    } catch (error) {
      throw new Error(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      disposeSnapshot(snapshot);
    }
  }
}
