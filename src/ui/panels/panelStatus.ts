/**
 * What a panel says about the picture it holds: which step and sample it shows, whether it is
 * stale (it answers another question than the one asked now: another sample or setting, or
 * weights the network no longer has after a reset), and how far a computation that will replace
 * it has got — shown once it has run for PROGRESS_AFTER_MS.
 */
import { useContext, useEffect, useMemo, useState } from 'react';
import type { ResultStamp } from '../../state/store';
import type { InspectJob, InspectPart } from '../../worker/inspectProtocol';
import { StoreContext, useApp } from '../storeContext';
import type { NetworkId } from '../../core/names';

export const PROGRESS_AFTER_MS = 300;

export interface PanelStatus {
  /** One per network asked for, null where no result arrived yet. */
  stamps: (ResultStamp | null)[];
  /** Some picture is missing or answers another question than the current one. */
  stale: boolean;
  /** Progress (0–1) of the computation that will replace the picture, or null (none, or it
   * started less than PROGRESS_AFTER_MS ago). */
  progress: number | null;
  /** e.g. "step 120 · test #4", "steps 120 / 118 / 121 · test #4". */
  caption: string;
  /** For tests: the steps ("120/118/121") and sample ("4", or "" for a batch) shown. */
  steps: string;
  sample: string;
  error: string | null;
}

export function usePanelStatus(
  part: InspectPart,
  networks: readonly NetworkId[],
  job: InspectJob,
): PanelStatus {
  // The panel's own stamps only (one string), so other parts' results do not re-render it.
  const mineKey = useApp((s) =>
    networks.map((id) => stampKey(s.inspection.stamps[`${part}:${id}`])).join('|'),
  );
  const store = useContext(StoreContext)!;
  const mine = useMemo(() => {
    void mineKey; // the selection above says when these changed
    const { stamps } = store.getState().inspection;
    return networks.map((id) => stamps[`${part}:${id}`] ?? null);
    // `networks` is a constant per panel (a module-level array or [id]).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mineKey, store, part]);
  const running = useApp((s) => s.inspection.jobs[job]);
  const error = useApp((s) => s.inspection.error);
  // A boolean selection, so that training steps re-render a panel only when staleness flips.
  const stale = useApp((s) =>
    networks.some((id) => {
      const stamp = s.inspection.stamps[`${part}:${id}`];
      return (
        !stamp || stamp.key !== s.inspection.wanted[job] || stamp.step > s.lab.networks[id].step
      );
    }),
  );
  // Pending: a job runs that has not yet delivered this part for every network.
  const pending = running !== null && mine.some((stamp) => stamp?.id !== running.id);
  const late = useLate(pending ? running.id : null);
  const steps = mine.map((stamp) => (stamp ? String(stamp.step) : '–')).join('/');
  const sample = mine.find((stamp) => stamp !== null)?.sample ?? null;
  const stepText =
    networks.length === 1 ? `step ${steps}` : `steps ${steps.split('/').join(' / ')}`;
  const shown = mine.some((stamp) => stamp !== null);
  return {
    stamps: mine,
    stale,
    progress: pending && late ? running.fraction : null,
    caption: !shown ? '' : sample === null ? stepText : `${stepText} · test #${sample}`,
    steps,
    sample: sample === null ? '' : String(sample),
    error,
  };
}

const stampKey = (stamp: ResultStamp | undefined) =>
  stamp ? `${stamp.id}:${stamp.step}:${stamp.key}` : '';

/** True once the job `id` has been running for PROGRESS_AFTER_MS (false for null). */
function useLate(id: number | null): boolean {
  const [lateFor, setLateFor] = useState<number | null>(null);
  useEffect(() => {
    if (id === null) return;
    const timer = setTimeout(() => setLateFor(id), PROGRESS_AFTER_MS);
    return () => clearTimeout(timer);
  }, [id]);
  return id !== null && lateFor === id;
}
