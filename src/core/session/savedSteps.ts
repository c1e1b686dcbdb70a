/** Each network's step in a saved lab (pure: the main thread lists sessions with it). */
import type { SavedLab } from '../lab/savedLab';
import type { NetworkId } from '../names';

export function savedSteps(saved: Pick<SavedLab, 'networks'>): Record<NetworkId, number> {
  return {
    standard: saved.networks.standard.progress.step,
    adversarial: saved.networks.adversarial.progress.step,
    cure: saved.networks.cure.progress.step,
  };
}
