/**
 * One network's two pictures around x: the 3D loss landscape (sharing the page's camera with the
 * other two columns) and the decision-boundary slice — for 2-D sets, the whole input plane with
 * its training points, like TensorFlow Playground.
 */
import { useMemo, useRef } from 'react';
import type { LandscapeExport } from '../landscape/LandscapeView';
import { useLandscapeExports } from './landscapeExports';
import { useBoundaryExports } from './boundaryExports';
import { inspectionFrames } from '../../client/inspectionFrames';
import { BoundaryMap } from '../boundary/BoundaryMap';
import { LandscapeView, type SharedCamera } from '../landscape';
import { networkLook } from '../networks';
import { useApp } from '../storeContext';
import { PanelFrame } from './PanelFrame';
import { usePanelStatus } from './panelStatus';
import { fieldMapData, landscapeData, lossRange, planeMapData } from './planeData';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

/** A string that changes whenever any network's plane result does (for the shared scale). */
const planesVersion = (stamps: Record<string, { id: number; step: number }>) =>
  NETWORK_IDS.map((id) => {
    const stamp = stamps[`plane:${id}`];
    return stamp ? `${stamp.id}.${stamp.step}` : '';
  }).join('|');

export function LandscapePanel({ id, camera }: { id: NetworkId; camera: SharedCamera }) {
  const status = usePanelStatus('plane', [id], 'sample');
  const shared = useApp((s) => s.config.inspect.heightScale === 'shared');
  const version = useApp((s) => planesVersion(s.inspection.stamps));
  const stamp = status.stamps[0];
  const data = useMemo(() => {
    const plane = stamp ? inspectionFrames.get('plane', id) : null;
    return plane ? landscapeData(plane, inspectionFrames.get('point', id)) : null;
  }, [stamp, id]);
  const range = useMemo(() => {
    void version; // recomputed when any plane changes
    const ids = shared ? NETWORK_IDS : [id];
    return lossRange(ids.map((n) => inspectionFrames.get('plane', n)));
  }, [version, shared, id]);
  const { name, colour } = networkLook(id);
  const view = useRef<LandscapeExport | null>(null);
  const exports = useLandscapeExports(id, status, range, view);
  return (
    <PanelFrame
      title="loss landscape"
      name={`${name}: loss landscape`}
      exportName={`loss landscape — ${name}`}
      status={status}
      testId={`landscape-panel-${id}`}
      exports={exports}
    >
      <LandscapeView
        exportRef={view}
        data={data}
        camera={camera}
        heightRange={range}
        colour={colour}
        label={`${name}: loss landscape`}
        testId={`landscape-${id}`}
        stale={status.stale}
        placeholder="computing the landscape…"
      />
    </PanelFrame>
  );
}

export function BoundaryPanel({ id }: { id: NetworkId }) {
  const info = useApp((s) => s.data.info);
  const test = useApp((s) => s.data.test);
  const train = useApp((s) => s.data.train);
  const isField = info?.kind === 'points';
  const status = usePanelStatus(isField ? 'field' : 'plane', [id], 'sample');
  const planeStamp = useApp((s) => s.inspection.stamps[`plane:${id}`]);
  const stamp = status.stamps[0];
  const data = useMemo(() => {
    if (!info || !stamp) return null;
    const plane = planeStamp ? inspectionFrames.get('plane', id) : null;
    if (!isField) return plane ? planeMapData(plane, info.classNames) : null;
    const field = inspectionFrames.get('field', id);
    const sample = planeStamp?.sample ?? stamp.sample ?? 0;
    if (!field || !test) return null;
    const x = [test.x[2 * sample]!, test.x[2 * sample + 1]!] as const;
    return fieldMapData(field, plane, x, train, info.classNames);
  }, [info, stamp, planeStamp, isField, id, test, train]);
  const { name } = networkLook(id);
  const what = isField ? 'decision regions over the input plane' : 'decision-boundary slice';
  const exports = useBoundaryExports(id, status, data, what, true);
  return (
    <PanelFrame
      title={what}
      name={`${name}: ${what}`}
      exportName={`${what} — ${name}`}
      status={status}
      testId={`boundary-panel-${id}`}
      exports={exports}
    >
      <BoundaryMap
        data={data}
        label={`${name}: ${what}`}
        testId={`boundary-${id}`}
        stale={status.stale}
        placeholder="computing the slice…"
      />
    </PanelFrame>
  );
}
