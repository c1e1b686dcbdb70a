/**
 * The analysis charts below the network columns, each in its panel frame: the input-Hessian
 * spectrum at x, the finite-difference curvature along the normal against h, the paper's "vice
 * versa" (measured robustness against the quadratic bounds), the training curves and robust
 * accuracy against ε. Data from the frame buffers, stamps from the store.
 */
import { useContext, useMemo } from 'react';
import { inspectionFrames, type ResultOf } from '../../client/inspectionFrames';
import type { InspectPart } from '../../worker/inspectProtocol';
import {
  BoundsChart,
  CurvatureProfileChart,
  MetricPicker,
  RobustCurveChart,
  SpectrumChart,
  TrainingCurvesChart,
} from '../charts';
import { SettingSelect, SettingSlider } from '../SettingFields';
import { StoreContext, useApp } from '../storeContext';
import { PanelFrame } from './PanelFrame';
import { SpectrumNote, type MeanCurvature, type SampleCurvature } from './SpectrumNote';
import { usePanelStatus, type PanelStatus } from './panelStatus';
import { ATTACK_NORM_SYMBOLS, NETWORK_IDS, type NetworkId } from '../../core/names';

function useSetInspect() {
  return useContext(StoreContext)!.getState().setInspect;
}

/** Per network, the part's result mapped through `pick` (null where there is none). */
function usePerNetwork<P extends InspectPart, T>(
  part: P,
  status: PanelStatus,
  pick: (result: ResultOf<P>) => T,
): Record<NetworkId, T | null> {
  const key = status.stamps.map((stamp) => stamp?.id ?? '').join('/') + status.steps;
  return useMemo(() => {
    void key; // the frames changed when the stamps did
    const out = {} as Record<NetworkId, T | null>;
    for (const id of NETWORK_IDS) {
      const result = inspectionFrames.get(part, id);
      out[id] = result ? pick(result) : null;
    }
    return out;
  }, [key, part, pick]);
}

const pickSpectrum = (r: ResultOf<'spectrum'>) => (r.full.length > 0 ? r.full : r.topk);
const pickFdSpectrum = (r: ResultOf<'spectrum'>) => r.fdTopk;
const pickSampleCurvature = (r: ResultOf<'spectrum'>): SampleCurvature => ({
  exactTop: r.topk[0] ?? NaN,
  fdTop: r.fdTopk[0] ?? NaN,
  fdH: r.fdH,
  step: r.step,
});
const pickMean = (r: ResultOf<'curvatureMean'>): MeanCurvature => ({
  exact: r.exactMean,
  fd: r.fdMean,
  fdH: r.fdH,
  count: r.count,
  step: r.step,
});
const pickProfile = (r: ResultOf<'profile'>) => ({ hs: r.hs, fd: r.fd, exact: r.exact });
const pickBounds = (r: ResultOf<'bounds'>) => ({ rho: r.rho, lower: r.lower, upper: r.upper });
const pickCurve = (r: ResultOf<'robustCurve'>) => ({
  eps: r.eps,
  accuracy: r.accuracy,
  norm: r.norm,
  count: r.count,
});

export function SpectrumPanel() {
  const status = usePanelStatus('spectrum', NETWORK_IDS, 'sample');
  const view = useApp((s) => s.config.inspect.spectrumView);
  const spectra = usePerNetwork('spectrum', status, view === 'fd' ? pickFdSpectrum : pickSpectrum);
  const samples = usePerNetwork('spectrum', status, pickSampleCurvature);
  const meanStatus = usePanelStatus('curvatureMean', NETWORK_IDS, 'batch');
  const means = usePerNetwork('curvatureMean', meanStatus, pickMean);
  const activation = useApp((s) => s.config.activation);
  const scale = useApp((s) => s.config.inspect.spectrumScale);
  const full = useApp((s) => s.config.inspect.fullSpectrum);
  const images = useApp((s) => s.data.info?.kind === 'image');
  const setInspect = useSetInspect();
  return (
    <PanelFrame
      title="input-Hessian spectrum at x"
      status={status}
      testId="spectrum-panel"
      actions={
        <>
          {images && (
            <label
              className="panel-frame__toggle"
              title={
                view === 'fd'
                  ? 'the finite-difference view shows the top k only'
                  : 'all 784 eigenvalues: 784 exact HVPs and a dense eigensolver'
              }
            >
              <input
                type="checkbox"
                checked={full}
                disabled={view === 'fd'}
                data-testid="view-fullSpectrum"
                onChange={(e) => setInspect({ fullSpectrum: e.target.checked })}
              />
              all d
            </label>
          )}
          <SettingSelect
            table="inspect"
            inline
            field="spectrumView"
            label="curvature"
            options={[
              { value: 'exact', label: 'exact' },
              { value: 'fd', label: 'finite diff.' },
            ]}
          />
          <SettingSelect
            table="inspect"
            inline
            field="spectrumScale"
            label="spectrum scale"
            options={[
              { value: 'linear', label: 'linear' },
              { value: 'log', label: 'log' },
            ]}
          />
        </>
      }
    >
      <div className="panel-frame__stack">
        <SpectrumChart spectra={spectra} scale={scale} testId="spectrum-chart" title="" />
        <SpectrumNote
          samples={samples}
          means={means}
          view={view}
          activation={activation}
          onView={(next) => setInspect({ spectrumView: next })}
        />
      </div>
    </PanelFrame>
  );
}

export function ProfilePanel() {
  const status = usePanelStatus('profile', NETWORK_IDS, 'sample');
  const profiles = usePerNetwork('profile', status, pickProfile);
  const fdH = useApp((s) => s.config.inspect.fdH);
  const radius = useApp((s) => s.config.inspect.radius);
  return (
    <PanelFrame
      title="curvature along the normal n against h"
      status={status}
      testId="profile-panel"
      actions={
        <div className="panel-frame__slider">
          <SettingSlider
            table="inspect"
            field="fdH"
            label="h"
            name="curvature profile: marked h"
            min={Math.min(fdH, radius / 1000)}
            max={Math.max(fdH, 2 * radius)}
            step={0.02}
          />
        </div>
      }
    >
      <CurvatureProfileChart profiles={profiles} selectedH={fdH} testId="profile-chart" title="" />
    </PanelFrame>
  );
}

export function BoundsPanel() {
  const status = usePanelStatus('bounds', NETWORK_IDS, 'batch');
  const rows = usePerNetwork('bounds', status, pickBounds);
  const c = useApp((s) => s.config.inspect.boundsC);
  const points = useApp((s) => s.config.inspect.boundsPoints);
  return (
    <PanelFrame
      title={`vice versa: robustness vs curvature bounds (first ${points} test points, c = ${c} nat)`}
      status={status}
      testId="bounds-panel"
    >
      <BoundsChart rows={rows} testId="bounds-chart" title="" />
    </PanelFrame>
  );
}

export function RobustCurvePanel() {
  const status = usePanelStatus('robustCurve', NETWORK_IDS, 'batch');
  const curves = usePerNetwork('robustCurve', status, pickCurve);
  const eps = useApp((s) => s.config.training.eps);
  const norm = useApp((s) => s.config.training.pgdNorm);
  const wantedPoints = useApp((s) => s.config.inspect.curvePoints);
  // What the shown curves were computed with (the settings may have moved on: then it is stale).
  const shown = NETWORK_IDS.map((id) => curves[id]).find((curve) => curve !== null);
  const points = shown?.count ?? wantedPoints;
  const shownNorm = ATTACK_NORM_SYMBOLS[shown?.norm ?? norm];
  return (
    <PanelFrame
      title={`robust accuracy against ε (PGD-20 ${shownNorm}, first ${points} test points)`}
      status={status}
      testId="robust-curve-panel"
    >
      <RobustCurveChart
        curves={curves}
        eps={eps}
        norm={norm}
        testId="robust-curve-chart"
        title=""
      />
    </PanelFrame>
  );
}

/** Training curves are not an analysis: their frame shows the latest step instead of a stamp. */
const LIVE: PanelStatus = {
  stamps: [],
  stale: false,
  progress: null,
  caption: '',
  steps: '',
  sample: '',
  error: null,
};

export function TrainingCurvesPanel() {
  const metric = useApp((s) => s.config.inspect.curveMetric);
  const networks = useApp((s) => s.view.charts.curveNetworks);
  const setInspect = useSetInspect();
  return (
    <PanelFrame
      title="training curves"
      status={LIVE}
      testId="curves-panel"
      actions={
        <MetricPicker
          value={metric}
          onChange={(value) => setInspect({ curveMetric: value })}
          label="curve"
          testId="view-curveMetric"
        />
      }
    >
      <TrainingCurvesChart metric={metric} networks={networks} testId="curves-chart" title="" />
    </PanelFrame>
  );
}
