/**
 * The frame buffers of the analysis panels: the latest result of each part for each network,
 * kept outside React (the typed arrays are large and arrive transferred). The store holds only
 * their stamps; panels read the arrays from here when a stamp changes.
 */
import type { InspectPart, InspectResult } from '../worker/inspectProtocol';
import type { NetworkId } from '../core/names';

export type ResultOf<P extends InspectPart> = Extract<InspectResult, { part: P }>;

export class InspectionFrames {
  private readonly latest = new Map<string, InspectResult>();

  set(result: InspectResult): void {
    this.latest.set(`${result.part}:${result.network}`, result);
  }

  get<P extends InspectPart>(part: P, network: NetworkId): ResultOf<P> | null {
    return (this.latest.get(`${part}:${network}`) as ResultOf<P> | undefined) ?? null;
  }

  clear(): void {
    this.latest.clear();
  }
}

/** The app's one set of analysis results. */
export const inspectionFrames = new InspectionFrames();
