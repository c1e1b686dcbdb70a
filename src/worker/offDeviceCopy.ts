/**
 * The lab's copy off the device: the latest `SavedLab` of the open lab, made on a cadence while
 * training and after each control, so that a lost GPU device costs at most HOST_COPY_MS of
 * training. Once the device is lost no new copy is trusted; the last one is rescued and the next
 * lab opened (on another backend) continues from it when it is the same lab.
 */
import {
  readNetworks,
  savedLab,
  savedSteps,
  SAVED_LAB_VERSION,
  type SavedLab,
} from '../core/lab/savedLab';
import type { LabSession } from '../core/lab/session';
import type { NetworkId } from '../core/names';

/** While training, the weights are copied off the backend this often (they outlive a lost GPU). */
const HOST_COPY_MS = 10_000;

export class OffDeviceCopy {
  /** The latest copy of the open lab, and when it was made. */
  private latest: SavedLab | null = null;
  private latestAt = 0;
  /** Set once the backend is known lost: what reads back now cannot be trusted. */
  private lost = false;
  /** The last copy made before a device was lost, kept for the next open. */
  private rescued: SavedLab | null = null;

  /** A lab is being opened: no copy of it yet, and its backend is not (yet) lost. */
  opening(): void {
    this.latest = null;
    this.lost = false;
  }

  /** The lab opened; its copy is `continued`, the copy it continues from (if any). */
  opened(continued: SavedLab | null): void {
    // Nothing to read back yet: a fresh lab's copy would be its checkpoints (what reopening gives
    // anyway), and a continued lab's is the copy it continued from.
    this.latest = continued;
    this.latestAt = performance.now();
  }

  /** Whether the latest copy is older than HOST_COPY_MS. */
  isDue(): boolean {
    return performance.now() - this.latestAt > HOST_COPY_MS;
  }

  /**
   * Copies the session's networks off the backend. Keeps the last good copy when the backend
   * fails while reading, is (or becomes) lost, or when `isCurrent` says the lab changed meanwhile.
   * @param running read after the copy: whether the networks train (they continue paused if not).
   */
  async save(
    session: LabSession,
    identity: string,
    running: () => boolean,
    isCurrent: () => boolean,
  ): Promise<void> {
    if (this.lost) return;
    let networks: SavedLab['networks'];
    try {
      networks = await readNetworks(session);
    } catch {
      // The backend is failing (its device lost?): keep the last good copy.
      return;
    }
    if (!isCurrent() || this.lost) return;
    this.latest = savedLab(identity, running(), networks);
    this.latestAt = performance.now();
  }

  /**
   * The backend's device is lost: keep the last copy made before, make no new ones.
   * @returns each network's step in that copy, or null when there is none.
   */
  markLost(): Record<NetworkId, number> | null {
    this.lost = true;
    return this.latest ? savedSteps(this.latest) : null;
  }

  /** The lab closed after its device was lost: its last copy waits for the next open. */
  rescue(): void {
    this.rescued = this.latest;
    this.latest = null;
  }

  /** The rescued copy when it is of the lab `identity` (given up either way). */
  takeRescued(identity: string): SavedLab | null {
    const rescued = this.rescued;
    this.rescued = null;
    return rescued?.version === SAVED_LAB_VERSION && rescued.identity === identity ? rescued : null;
  }
}
