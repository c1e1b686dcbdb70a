/**
 * The inspection slice: which analysis each job should answer now, the jobs in flight, and the
 * stamp of every result the panels hold (the arrays themselves are in client/inspectionFrames.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { InspectJob } from '../../worker/inspectProtocol';
import type { AppState } from '../store';
import type { NetworkId } from '../../core/names';

/** Which computation a panel's picture came from (the arrays are in client/inspectionFrames). */
export interface ResultStamp {
  /** The request it answered, and that request's analysis key (sample, settings, lab). */
  id: number;
  key: string;
  /** Training step of the network's weights, and the sample (null: a batch of test points). */
  step: number;
  sample: number | null;
  ms: number;
}

/** An analysis job in flight. */
export interface InspectionJobStatus {
  id: number;
  key: string;
  /** performance.now() when it was requested. */
  startedAt: number;
  /** What it is computing now (null before its first progress report). */
  part: string | null;
  network: NetworkId | null;
  /** Parts done over parts in all, 0–1. */
  fraction: number;
}

export interface InspectionState {
  /** Per `${part}:${network}`: the stamp of the result the panel holds. */
  stamps: Record<string, ResultStamp>;
  /** The analysis key the panels should show now, per job (null while the lab is closed). */
  wanted: Record<InspectJob, string | null>;
  jobs: Record<InspectJob, InspectionJobStatus | null>;
  error: string | null;
}

export interface InspectionSlice {
  inspection: InspectionState;
  /** New networks: the panels' pictures are of nothing any more. */
  clearResults: () => void;
  setWanted: (wanted: Record<InspectJob, string | null>) => void;
  /** A job started, reported progress (a status) or was cancelled (null). */
  setJob: (job: InspectJob, status: InspectionJobStatus | null) => void;
  /** A job ended: it is no longer in flight, and its error (or null) is the panels' error. */
  jobEnded: (job: InspectJob, error: string | null) => void;
  /** A panel's part arrived for one network. */
  addStamp: (part: string, network: NetworkId, stamp: ResultStamp) => void;
}

export const createInspectionSlice: StateCreator<AppState, [], [], InspectionSlice> = (set) => {
  const patch = (change: (inspection: InspectionState) => Partial<InspectionState>) =>
    set((state) => ({ inspection: { ...state.inspection, ...change(state.inspection) } }));
  return {
    inspection: {
      stamps: {},
      wanted: { sample: null, batch: null },
      jobs: { sample: null, batch: null },
      error: null,
    },
    clearResults: () => patch(() => ({ stamps: {}, error: null })),
    setWanted: (wanted) => patch(() => ({ wanted })),
    setJob: (job, status) => patch((s) => ({ jobs: { ...s.jobs, [job]: status } })),
    jobEnded: (job, error) => patch((s) => ({ jobs: { ...s.jobs, [job]: null }, error })),
    addStamp: (part, network, stamp) =>
      patch((s) => ({ stamps: { ...s.stamps, [`${part}:${network}`]: stamp } })),
  };
};
