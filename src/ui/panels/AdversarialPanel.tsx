/**
 * The adversarial-example view: x, each network's PGD example x′ = x + δ, the perturbation δ
 * (diverging colour map, its scale written out), and what each network predicts at x and at x′.
 * For 2-D sets the same as numbers. The attack is the one the live evaluation uses (PGD-20, step
 * ε/4, random start) at the current ε and norm.
 */
import { useEffect, useMemo, useRef } from 'react';
import { interpolateRdBu } from 'd3-scale-chromatic';
import { inspectionFrames, type ResultOf } from '../../client/inspectionFrames';
import { parseCssColour } from '../landscape/colormap';
import { networkCssVariables, networkLook } from '../networks';
import { useApp } from '../storeContext';
import { PanelFrame } from './PanelFrame';
import { usePanelStatus } from './panelStatus';
import { useAdversarialExports } from './adversarialExports';
import { ATTACK_NORM_SYMBOLS, NETWORK_IDS, type NetworkId } from '../../core/names';

const SIDE = 28;
/** RdBu reversed (red = positive δ, brighter pixel), 256 sRGB entries. */
const DELTA_COLOURS = Array.from({ length: 256 }, (_, k) =>
  parseCssColour(interpolateRdBu(1 - k / 255)).map((c) => Math.round(255 * c)),
);

const percent = (p: number) => `${(100 * p).toFixed(p > 0.995 && p < 1 ? 1 : 0)}%`;

/** A pixel's sRGB colour: grey for an image, δ in the diverging map over [−scale, scale]. */
function pixelColour(v: number, scale: number | null): readonly number[] {
  return scale === null
    ? [255 * v, 255 * v, 255 * v]
    : DELTA_COLOURS[Math.max(0, Math.min(255, Math.round(((v / scale + 1) / 2) * 255)))]!;
}

/** A 28×28 grey image, or δ in the diverging map over [−scale, scale]. */
function Pixels(props: {
  values: Float32Array;
  scale: number | null;
  label: string;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { values, scale } = props;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(SIDE, SIDE);
    for (let p = 0; p < SIDE * SIDE; p++) {
      const rgb = pixelColour(values[p] ?? 0, scale);
      image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], 4 * p);
    }
    context.putImageData(image, 0, 0);
  }, [values, scale]);
  return (
    <canvas
      ref={canvas}
      width={SIDE}
      height={SIDE}
      className="adversarial__image"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}

function Prediction({
  classNames,
  pred,
  confidence,
  label,
}: {
  classNames: readonly string[];
  pred: number;
  confidence: number;
  label: number;
}) {
  const wrong = pred !== label;
  return (
    <span className={wrong ? 'adversarial__pred adversarial__pred--wrong' : 'adversarial__pred'}>
      {classNames[pred]} {percent(confidence)}
    </span>
  );
}

function argmax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, k) => (best = v > values[best]! ? k : best));
  return best;
}

interface Row {
  id: NetworkId;
  plane: ResultOf<'plane'>;
  point: ResultOf<'point'> | null;
}

/** Where a network's prediction at x is shown: argmax of its softmax. */
function predictionAtX(point: ResultOf<'point'> | null) {
  return point
    ? { pred: argmax(point.probabilities), confidence: Math.max(...point.probabilities) }
    : null;
}

function ImageColumn(props: { row: Row; classNames: readonly string[]; label: number }) {
  const { row, classNames, label } = props;
  const network = networkLook(row.id);
  const adv = row.plane.adversarial;
  const scale = Math.max(1e-12, adv.linf);
  const atX = predictionAtX(row.point);
  return (
    <figure
      className="adversarial__column"
      style={networkCssVariables(network) as React.CSSProperties}
      data-testid={`adversarial-${row.id}`}
    >
      <figcaption className="adversarial__network">{network.name}</figcaption>
      <Pixels values={adv.x} scale={null} label={`${network.name}: x′`} />
      <Pixels
        values={adv.delta}
        scale={scale}
        label={`${network.name}: perturbation δ, ±${scale.toPrecision(2)}`}
      />
      <span className="adversarial__scale">δ: ±{scale.toPrecision(2)}</span>
      <span className="adversarial__line" title="prediction at x">
        x: {atX ? <Prediction classNames={classNames} label={label} {...atX} /> : '–'}
      </span>
      <span
        className="adversarial__line"
        title={`prediction at x′ = x + δ; ‖δ‖∞ = ${adv.linf.toPrecision(3)}, ‖δ‖₂ = ${adv.l2.toPrecision(3)}, loss ${adv.loss.toPrecision(3)} nats`}
      >
        x′:{' '}
        <Prediction
          classNames={classNames}
          label={label}
          pred={adv.pred}
          confidence={adv.confidence}
        />
      </span>
    </figure>
  );
}

/** 2-D sets: the same as numbers, one row per network. */
function PointsTable(props: {
  rows: Row[];
  x: Float32Array;
  classNames: readonly string[];
  label: number;
}) {
  const { rows, x, classNames, label } = props;
  const coords = (v: ArrayLike<number>) => `(${v[0]!.toFixed(3)}, ${v[1]!.toFixed(3)})`;
  return (
    <table className="adversarial-table">
      <caption>
        x = {coords(x)}, label {classNames[label]}
      </caption>
      <thead>
        <tr>
          <th scope="col">network</th>
          <th scope="col">x′ = x + δ</th>
          <th scope="col">at x</th>
          <th scope="col">at x′</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ id, plane, point }) => {
          const network = networkLook(id);
          const adv = plane.adversarial;
          const atX = predictionAtX(point);
          return (
            <tr
              key={id}
              style={networkCssVariables(network) as React.CSSProperties}
              data-testid={`adversarial-${id}`}
            >
              <th scope="row" className="adversarial__network">
                {network.name}
              </th>
              <td title={`‖δ‖₂ = ${adv.l2.toPrecision(3)}, ‖δ‖∞ = ${adv.linf.toPrecision(3)}`}>
                {coords(adv.x)}
              </td>
              <td>{atX ? <Prediction classNames={classNames} label={label} {...atX} /> : '–'}</td>
              <td>
                <Prediction
                  classNames={classNames}
                  label={label}
                  pred={adv.pred}
                  confidence={adv.confidence}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function AdversarialPanel() {
  const status = usePanelStatus('plane', NETWORK_IDS, 'sample');
  const info = useApp((s) => s.data.info);
  const test = useApp((s) => s.data.test);
  const key = status.stamps.map((stamp) => stamp?.id ?? '').join('/') + status.steps;
  const rows = useMemo(() => {
    void key;
    return NETWORK_IDS.flatMap((id): Row[] => {
      const plane = inspectionFrames.get('plane', id);
      return plane ? [{ id, plane, point: inspectionFrames.get('point', id) }] : [];
    });
  }, [key]);
  const first = rows[0];
  const sample = first?.plane.sample ?? null;
  const image = info?.kind === 'image';
  const x = useMemo(() => {
    if (!test || !info || sample === null) return null;
    const d = info.inputShape.reduce((a, b) => a * b, 1);
    return test.x.subarray(sample * d, (sample + 1) * d);
  }, [test, info, sample]);
  const label = sample !== null && test ? test.y[sample]! : 0;
  const classNames = info?.classNames ?? [];
  // Before the first result: the threat the analysis will use.
  const asked = useApp((s) => s.config.training);
  const epsilon = first?.plane.adversarial.epsilon ?? asked.eps;
  const norm = ATTACK_NORM_SYMBOLS[first?.plane.adversarial.norm ?? asked.pgdNorm];
  const exports = useAdversarialExports({
    status,
    rows,
    x,
    label,
    classNames,
    image,
    colour: pixelColour,
  });
  return (
    <PanelFrame
      title={`adversarial examples (PGD-20, ${norm}, ε = ${epsilon})`}
      status={status}
      testId="adversarial-panel"
      exports={exports}
    >
      {!first || !x ? (
        <p className="muted panel-frame__placeholder">computing the attacks…</p>
      ) : image ? (
        <div className="adversarial">
          <figure className="adversarial__column">
            <figcaption>x · {classNames[label]}</figcaption>
            <Pixels values={x} scale={null} label={`the input x, label ${classNames[label]}`} />
          </figure>
          {rows.map((row) => (
            <ImageColumn key={row.id} row={row} classNames={classNames} label={label} />
          ))}
        </div>
      ) : (
        <PointsTable rows={rows} x={x} classNames={classNames} label={label} />
      )}
    </PanelFrame>
  );
}
