/**
 * A lab's networks copied off the backend as plain data (typed arrays and numbers): weights, steps
 * and data positions, and whether they were training. It outlives the backend (a lost GPU device)
 * and continues on another; being plain data, it can also be written to a file or storage.
 */
import { readHostWeights, snapshotFromHost, disposeSnapshot, type HostWeights } from '../models';
import type { LabSetup } from './openNetworks';
import type { LabSession, NetworkProgress } from './session';
import { NETWORK_IDS, type NetworkId } from '../names';

/** The layout of `SavedLab`; bumped when it changes. */
export const SAVED_LAB_VERSION = 1;

/** One network as copied: every weight (model.weights order) and how far it has come. */
export interface SavedNetwork {
  readonly weights: HostWeights;
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
 * Reads the weights and progress of the session's three networks back from the backend (async;
 * the networks may keep training afterwards). Rejects if the backend fails while reading.
 */
export async function readNetworks(session: LabSession): Promise<SavedLab['networks']> {
  const networks = {} as Record<NetworkId, SavedNetwork>;
  for (const id of NETWORK_IDS) {
    networks[id] = {
      weights: await readHostWeights(session.model(id)),
      progress: session.progressOf(id),
    };
  }
  return networks;
}

/** A saved lab of these networks (see `readNetworks`). */
export function savedLab(
  identity: string,
  running: boolean,
  networks: SavedLab['networks'],
): SavedLab {
  return { version: SAVED_LAB_VERSION, identity, running, networks };
}

/** Each network's step in the copy. */
export function savedSteps(saved: SavedLab): Record<NetworkId, number> {
  return {
    standard: saved.networks.standard.progress.step,
    adversarial: saved.networks.adversarial.progress.step,
    cure: saved.networks.cure.progress.step,
  };
}

/**
 * Continues every network of `session` from the copy: weights bit for bit, step and data position
 * (see `LabSession.continueFrom`: the optimizer's moments start afresh). The session must be of
 * the same lab (same identity); nothing of the copy is kept or changed.
 */
export function continueSavedLab(session: LabSession, saved: SavedLab): void {
  for (const id of NETWORK_IDS) {
    const { weights, progress } = saved.networks[id];
    const snapshot = snapshotFromHost(weights);
    try {
      session.continueFrom(id, snapshot, progress);
    } finally {
      disposeSnapshot(snapshot);
    }
  }
}
