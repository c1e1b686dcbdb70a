/**
 * Axis and marker labels as HTML over the canvas, placed after each render by projecting 3D
 * anchor points with the camera just used. The axes move to the box edges nearest the camera
 * (a's ticks on the front edge along a, b's on the side edge, loss on the left-most vertical edge),
 * as a plotting library would. HTML keeps the text sharp at any pixel ratio and in screenshots.
 */
import { Vector3, type PerspectiveCamera } from 'three';
import { BOX_HALF_WIDTH as W, BOX_HEIGHT as H } from './heightMap';

export const LABEL_KEYS = [
  'a-lo',
  'a-mid',
  'a-hi',
  'a-title',
  'b-lo',
  'b-mid',
  'b-hi',
  'b-title',
  'loss-lo',
  'loss-hi',
  'loss-title',
  'x',
  'adv',
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

/** How a label sits relative to its projected anchor. */
type Placement =
  /** Centred, pushed `px` away from the box along the 3D direction `outward`. */
  | { kind: 'push'; px: number; outward: Vector3 }
  /** Right-aligned, `px` to the left of the anchor (the vertical axis); `raise`: above it. */
  | { kind: 'left'; px: number; raise: boolean }
  /** Right-aligned at `px` left of the anchor, stacked just above the label `over` (the axis title
   * over its top tick, which it covered when the view was short). */
  | { kind: 'over'; px: number; over: LabelKey }
  /** Above the anchor, to its right (side 1) or left (side −1): the markers. */
  | { kind: 'marker'; px: number; side: 1 | -1 };

interface Slot {
  element: HTMLElement;
  /** The element's size in CSS px, read before any label moves (one layout per update). */
  width: number;
  height: number;
  anchor: Vector3;
  placement: Placement;
  /** Which axis the label belongs to (hidden together when that axis is seen end-on). */
  axis: Axis | null;
  visible: boolean;
}

type Axis = 'a' | 'b' | 'loss';
/** Shortest on-screen length (CSS px) of an axis' edge for its labels to show: shorter, and the
 * ticks would pile up on each other (the axis points at the camera). */
const MIN_AXIS_PX: Record<Axis, number> = { a: 60, b: 60, loss: 28 };

const TICK_PUSH = 11;
/** An axis title sits beyond its ticks: this many tick-label heights past them (type grows with
 * the view, so a fixed pixel push let the title cover the middle tick in a maximized view). */
const TITLE_PUSH_LINES = 1.5;
const TICKS = [-W, 0, W] as const;
const A_TICKS = ['a-lo', 'a-mid', 'a-hi'] as const;
const B_TICKS = ['b-lo', 'b-mid', 'b-hi'] as const;
const CORNERS = [-W, W] as const;

export class LabelLayer {
  private readonly slots = new Map<LabelKey, Slot>();
  private readonly projected = new Vector3();
  private readonly probe = new Vector3();
  private readonly aOutward = new Vector3();
  private readonly bOutward = new Vector3();
  private readonly axisShown: Record<Axis, boolean> = { a: true, b: true, loss: true };

  /** Finds each label's element ([data-label=key]) under `container`; missing ones are skipped. */
  constructor(container: HTMLElement) {
    for (const key of LABEL_KEYS) {
      const element = container.querySelector<HTMLElement>(`[data-label="${key}"]`);
      if (!element) continue;
      this.slots.set(key, {
        element,
        width: 0,
        height: 0,
        anchor: new Vector3(),
        placement: this.placementOf(key),
        axis: key.startsWith('a-')
          ? 'a'
          : key.startsWith('b-')
            ? 'b'
            : key.startsWith('loss-')
              ? 'loss'
              : null,
        visible: true,
      });
    }
  }

  private placementOf(key: LabelKey): Placement {
    if (key === 'loss-title') return { kind: 'over', px: -4, over: 'loss-hi' };
    if (key.startsWith('loss-')) return { kind: 'left', px: 6, raise: key === 'loss-lo' };
    // x to the left of its marker, x′ to the right: x′ is usually near x, along +a.
    if (key === 'x' || key === 'adv') return { kind: 'marker', px: 6, side: key === 'x' ? -1 : 1 };
    const outward = key.startsWith('a-') ? this.aOutward : this.bOutward;
    return { kind: 'push', px: TICK_PUSH, outward };
  }

  /** Where the markers are (world), or null to hide them. */
  setMarkers(centre: Vector3 | null, adversarial: Vector3 | null): void {
    this.setPoint('x', centre);
    this.setPoint('adv', adversarial);
  }

  private setPoint(key: LabelKey, point: Vector3 | null): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.visible = point !== null;
    if (point) slot.anchor.copy(point);
  }

  /** Re-anchors the axes for the camera's side of the box, then positions every label. */
  update(camera: PerspectiveCamera, width: number, height: number): void {
    const side = camera.position;
    const zs = side.z >= 0 ? 1 : -1; // the floor edge along a nearest the camera
    const xs = side.x >= 0 ? 1 : -1; // the floor edge along b nearest the camera
    this.aOutward.set(0, 0, zs);
    this.bOutward.set(xs, 0, 0);
    for (let k = 0; k < 3; k++) {
      this.anchor(A_TICKS[k]!, TICKS[k]!, 0, zs * W);
      // b = −z·R: b's low end is at z = +W.
      this.anchor(B_TICKS[k]!, xs * W, 0, -TICKS[k]!);
    }
    this.anchor('a-title', 0, 0, zs * W);
    this.anchor('b-title', xs * W, 0, 0);
    const corner = this.leftmostCorner(camera, width);
    const cornerX = corner.x;
    const cornerZ = corner.z;
    this.anchor('loss-lo', cornerX, 0, cornerZ);
    this.anchor('loss-hi', cornerX, H, cornerZ);
    this.anchor('loss-title', cornerX, H, cornerZ);
    this.axisShown.a = this.edgeLength('a-lo', 'a-hi', camera, width, height) >= MIN_AXIS_PX.a;
    this.axisShown.b = this.edgeLength('b-lo', 'b-hi', camera, width, height) >= MIN_AXIS_PX.b;
    this.axisShown.loss =
      this.edgeLength('loss-lo', 'loss-hi', camera, width, height) >= MIN_AXIS_PX.loss;
    for (const slot of this.slots.values()) {
      slot.width = slot.element.offsetWidth;
      slot.height = slot.element.offsetHeight;
    }
    for (const slot of this.slots.values()) this.place(slot, camera, width, height);
  }

  /** Height (CSS px) of a tick label, as measured in the last update. */
  private tickHeight(): number {
    return this.slots.get('a-mid')?.height ?? 0;
  }

  private anchor(key: LabelKey, x: number, y: number, z: number): void {
    this.slots.get(key)?.anchor.set(x, y, z);
  }

  /** On-screen distance (CSS px) between two labels' anchors; 0 if either is missing. */
  private edgeLength(
    from: LabelKey,
    to: LabelKey,
    camera: PerspectiveCamera,
    width: number,
    height: number,
  ): number {
    const p = this.slots.get(from)?.anchor;
    const q = this.slots.get(to)?.anchor;
    if (!p || !q) return 0;
    const a = this.toScreen(this.projected.copy(p), camera, width, height);
    const b = this.toScreen(this.probe.copy(q), camera, width, height);
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  /** The floor corner furthest left on screen (kept in `probe`). */
  private leftmostCorner(camera: PerspectiveCamera, width: number): Vector3 {
    let best = Infinity;
    let bestX = -W;
    let bestZ = W;
    for (const x of CORNERS)
      for (const z of CORNERS) {
        const screenX = this.toScreen(this.projected.set(x, 0, z), camera, width, 1).x;
        if (screenX < best) {
          best = screenX;
          bestX = x;
          bestZ = z;
        }
      }
    return this.probe.set(bestX, 0, bestZ);
  }

  /** Projects `point` in place to CSS pixels (x, y; z > 1 behind the camera); returns it. */
  private toScreen(
    point: Vector3,
    camera: PerspectiveCamera,
    width: number,
    height: number,
  ): Vector3 {
    point.project(camera);
    point.x = ((point.x + 1) / 2) * width;
    point.y = ((1 - point.y) / 2) * height;
    return point;
  }

  private place(slot: Slot, camera: PerspectiveCamera, width: number, height: number): void {
    const p = this.projected.copy(slot.anchor);
    this.toScreen(p, camera, width, height);
    const shown = slot.visible && p.z < 1 && (slot.axis === null || this.axisShown[slot.axis]);
    slot.element.style.visibility = shown ? '' : 'hidden';
    if (!shown) return;
    let { x, y } = p;
    // Alignment as fractions of the label's own size: (−½, −½) centres it on (x, y).
    let alignX = -0.5;
    let alignY = -0.5;
    const placement = slot.placement;
    if (placement.kind === 'push') {
      const titlePush =
        slot.element.classList.contains('landscape__axis-title') && this.tickHeight() > 0
          ? TITLE_PUSH_LINES * this.tickHeight()
          : 0;
      // The screen direction of "away from the box" at this anchor.
      const q = this.probe.copy(slot.anchor).addScaledVector(placement.outward, 0.1);
      this.toScreen(q, camera, width, height);
      const dx = q.x - x;
      const dy = q.y - y;
      const length = Math.hypot(dx, dy);
      // Seen edge-on, "outward" points at the camera: fall back to straight down.
      const ux = length > 1e-3 ? dx / length : 0;
      const uy = length > 1e-3 ? dy / length : 1;
      x += ux * (placement.px + titlePush);
      y += uy * (placement.px + titlePush);
      // The label grows away from the box: left-aligned when pushed right, top when pushed down.
      alignX = -0.5 + 0.5 * ux;
      alignY = -0.5 + 0.5 * uy;
    } else if (placement.kind === 'over') {
      // Just above the other label, which is centred on the same anchor.
      const below = this.slots.get(placement.over);
      x -= placement.px;
      y -= (below?.height ?? 0) / 2 + 1;
      alignX = -1;
      alignY = -1;
    } else if (placement.kind === 'left') {
      x -= placement.px;
      alignX = -1;
      // The floor value sits above its corner, clear of the a or b tick just below it.
      alignY = placement.raise ? -1 : -0.5;
    } else {
      x += placement.side * placement.px;
      y -= placement.px;
      alignX = placement.side === 1 ? 0 : -1;
      alignY = -1;
    }
    // Kept inside the view: a label cut by the panel's edge is worse than one slightly off.
    const left = clamp(x + alignX * slot.width, 2, width - slot.width - 2);
    const top = clamp(y + alignY * slot.height, 1, height - slot.height - 1);
    slot.element.style.transform = `translate(${left.toFixed(1)}px, ${top.toFixed(1)}px)`;
  }
}

function clamp(value: number, lo: number, hi: number): number {
  return value < lo ? lo : value > hi ? Math.max(lo, hi) : value;
}
