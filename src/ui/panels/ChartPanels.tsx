/**
 * The analysis charts below the network columns, each in its panel frame: the input-Hessian
 * spectrum at x, the finite-difference curvature along the normal against h, the paper's "vice
 * versa" (measured robustness against the quadratic bounds), the training curves and robust
 * accuracy against ε. Data from the frame buffers, stamps from the store.
 */
import { useContext, useMemo } from 'react';
import { inspectionFrames, type ResultOf } from '../../client/inspectionFrames';
import { EVAL_SERIES, STEP_SERIES, trainingSeries } from '../../client/trainingSeries';
import { METRICS } from '../charts/trainingData';
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
import { networkSeries, useChartExports } from './chartExports';
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
  const fdH = useApp((s) => s.config.inspect.fdH);
  const setInspect = useSetInspect();
  const exports = useChartExports({
    panel: 'spectrum',
    sample: true,
    status,
    figure: () => {
      const longest = Math.max(0, ...NETWORK_IDS.map((id) => spectra[id]?.length ?? 0));
      return {
        title: 'Input-Hessian spectrum at x',
        subtitle: `${status.caption} · ${view === 'fd' ? `finite differences, h = ${fdH}` : 'exact Hessian-vector products'}`,
        xLabel: 'eigenvalue index i',
        yLabel: 'λᵢ (nats per input unit²)',
        xLog: longest > 20,
        yLog: scale === 'log',
        series: NETWORK_IDS.filter((id) => spectra[id]).map((id) =>
          networkSeries(
            id,
            Array.from(spectra[id]!, (v, i) => [i + 1, v] as const),
          ),
        ),
      };
    },
    csv: () => ({
      columns: ['network', 'index', 'eigenvalue'],
      rows: NETWORK_IDS.flatMap((id) => Array.from(spectra[id] ?? [], (v, i) => [id, i + 1, v])),
    }),
  });
  return (
    <PanelFrame
      title="input-Hessian spectrum at x"
      status={status}
      testId="spectrum-panel"
      exports={exports}
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
  const exports = useChartExports({
    panel: 'profile',
    sample: true,
    status,
    figure: () => ({
      title: 'Curvature along the normal n against h',
      subtitle: `${status.caption} · (∇ℓ(x + hn) − ∇ℓ(x))ᵀn / h; dashed: exact nᵀHn`,
      xLabel: 'h (input units)',
      yLabel: 'curvature (nats per input unit²)',
      xLog: true,
      series: NETWORK_IDS.flatMap((id) => {
        const p = profiles[id];
        if (!p) return [];
        const ends = [p.hs[0]!, p.hs[p.hs.length - 1]!];
        return [
          networkSeries(
            id,
            Array.from(p.hs, (h, i) => [h, p.fd[i]!] as const),
          ),
          networkSeries(
            id,
            ends.map((h) => [h, p.exact] as const),
            { dashed: true, name: `${networkSeries(id, []).name} exact` },
          ),
        ];
      }),
    }),
    csv: () => ({
      columns: ['network', 'h', 'measure', 'curvature'],
      rows: NETWORK_IDS.flatMap((id) => {
        const p = profiles[id];
        if (!p) return [];
        return [
          ...Array.from(p.hs, (h, i) => [id, h, 'finite-difference', p.fd[i]!]),
          [id, null, 'exact', p.exact],
        ];
      }),
    }),
  });
  return (
    <PanelFrame
      title="curvature along the normal n against h"
      status={status}
      testId="profile-panel"
      exports={exports}
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
  const exports = useChartExports({
    panel: 'bounds',
    sample: false,
    status,
    figure: () => ({
      title: 'Vice versa: measured robustness against the quadratic bounds',
      subtitle: `${status.caption} · first ${points} test points · c = ${c} nat · points sorted by ρ`,
      xLabel: 'test point, sorted by measured ρ',
      yLabel: 'ℓ2 distance (input units)',
      yLog: true,
      series: NETWORK_IDS.flatMap((id) => {
        const r = rows[id];
        if (!r) return [];
        const order = Array.from(r.rho, (_, i) => i).sort((a, b) => r.rho[a]! - r.rho[b]!);
        const at = (values: Float64Array) =>
          order.map((k, rank) => [rank + 1, values[k]!] as const);
        const name = networkSeries(id, []).name;
        return [
          networkSeries(id, at(r.rho), { markers: true, name: `${name} ρ` }),
          networkSeries(id, at(r.lower), { dashed: true, name: `${name} lower bound` }),
          networkSeries(id, at(r.upper), { name: `${name} upper bound` }),
        ];
      }),
    }),
    csv: () => ({
      columns: ['network', 'point', 'rho', 'lower', 'upper'],
      rows: NETWORK_IDS.flatMap((id) => {
        const r = rows[id];
        return r ? Array.from(r.rho, (rho, i) => [id, i, rho, r.lower[i]!, r.upper[i]!]) : [];
      }),
    }),
    json: () =>
      Object.fromEntries(
        NETWORK_IDS.filter((id) => rows[id]).map((id) => [
          id,
          {
            c,
            rho: Array.from(rows[id]!.rho),
            lower: Array.from(rows[id]!.lower),
            upper: Array.from(rows[id]!.upper),
          },
        ]),
      ),
  });
  return (
    <PanelFrame
      title={`vice versa: robustness vs curvature bounds (first ${points} test points, c = ${c} nat)`}
      status={status}
      testId="bounds-panel"
      exports={exports}
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
  const exports = useChartExports({
    panel: 'robust-curve',
    sample: false,
    status,
    figure: () => ({
      title: `Robust accuracy against ε (PGD-20 ${shownNorm})`,
      subtitle: `${status.caption} · first ${points} test points`,
      xLabel: `ε (${shownNorm}, input units)`,
      yLabel: 'accuracy under attack',
      series: NETWORK_IDS.filter((id) => curves[id]).map((id) =>
        networkSeries(
          id,
          Array.from(curves[id]!.eps, (e, i) => [e, curves[id]!.accuracy[i]!] as const),
        ),
      ),
    }),
    csv: () => ({
      columns: ['network', 'epsilon', 'norm', 'points', 'accuracy'],
      rows: NETWORK_IDS.flatMap((id) => {
        const curve = curves[id];
        return curve
          ? Array.from(curve.eps, (e, i) => [id, e, curve.norm, curve.count, curve.accuracy[i]!])
          : [];
      }),
    }),
    json: () =>
      Object.fromEntries(
        NETWORK_IDS.filter((id) => curves[id]).map((id) => [
          id,
          {
            norm: curves[id]!.norm,
            points: curves[id]!.count,
            eps: Array.from(curves[id]!.eps),
            accuracy: Array.from(curves[id]!.accuracy),
          },
        ]),
      ),
  });
  return (
    <PanelFrame
      title={`robust accuracy against ε (PGD-20 ${shownNorm}, first ${points} test points)`}
      status={status}
      testId="robust-curve-panel"
      exports={exports}
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

/** Every training series of every network, as [network, step, metric, value] rows. */
function trainingRows(): (string | number)[][] {
  return NETWORK_IDS.flatMap((id) =>
    ([...STEP_SERIES, ...EVAL_SERIES] as const).flatMap((name) => {
      const buffer = trainingSeries.networks[id][name];
      const ys = buffer.ys();
      return Array.from(buffer.xs(), (step, i) => [id, step, name, ys[i]!]);
    }),
  );
}

/** The latest step of each network's curves (what a curve export shows). */
function curveSteps(): Partial<Record<NetworkId, number>> {
  return Object.fromEntries(
    NETWORK_IDS.map((id) => {
      const steps = trainingSeries.networks[id].loss.xs();
      return [id, steps.length > 0 ? steps[steps.length - 1]! : 0];
    }),
  );
}

export function TrainingCurvesPanel() {
  const metric = useApp((s) => s.config.inspect.curveMetric);
  const networks = useApp((s) => s.view.charts.curveNetworks);
  const setInspect = useSetInspect();
  const info = METRICS[metric];
  const exports = useChartExports({
    panel: 'curves',
    sample: false,
    status: LIVE,
    steps: curveSteps,
    figure: () => {
      const steps = curveSteps();
      return {
        title: `Training curves: ${info.name}`,
        subtitle: `steps ${NETWORK_IDS.map((id) => steps[id]).join(' / ')}`,
        xLabel: 'training step',
        yLabel: info.axis,
        yLog: info.scale === 'log',
        series: networks.map((id) => {
          const buffer = trainingSeries.networks[id][metric];
          const ys = buffer.ys();
          const scale = info.percent ? 100 : 1;
          return networkSeries(
            id,
            Array.from(buffer.xs(), (step, i) => [step, ys[i]! * scale] as const),
          );
        }),
      };
    },
    csv: () => ({ columns: ['network', 'step', 'metric', 'value'], rows: trainingRows() }),
    json: () =>
      Object.fromEntries(
        NETWORK_IDS.map((id) => [
          id,
          Object.fromEntries(
            ([...STEP_SERIES, ...EVAL_SERIES] as const).map((name) => [
              name,
              {
                step: Array.from(trainingSeries.networks[id][name].xs()),
                value: Array.from(trainingSeries.networks[id][name].ys()),
              },
            ]),
          ),
        ]),
      ),
  });
  return (
    <PanelFrame
      title="training curves"
      status={LIVE}
      testId="curves-panel"
      exports={exports}
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
