/**
 * The box around the surface: a thin wire frame, a floor a shade off the background, and
 * the loss's contour lines projected onto the floor in the colour map's colours.
 */
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  Group,
  LineBasicMaterial,
  LineSegments,
  Material,
  Mesh,
  MeshBasicMaterial,
  PlaneGeometry,
} from 'three';
import { VIRIDIS_LUT, lutIndex } from './colormap';
import type { Theme } from '../theme';
import { contourSegments, contourThresholds } from './contours';
import { BOX_HALF_WIDTH as W, BOX_HEIGHT as H, lossToFraction } from './heightMap';
import { gridWorld } from './surfaceMath';

/** Contour lines just above the floor (which writes no depth: see BoxFrame.floor). */
const CONTOUR_Y = 0.002;
const FLOOR_Y = 0;
/** Per theme: the floor, and the contours' shade of the map's colours (darkened on the light
 * floor so the map's pale yellow end stays visible; as they are on the dark one). */
const FLOOR_LOOK: Readonly<Record<Theme, { floor: number; contourShade: number }>> = {
  light: { floor: 0xf1f2f4, contourShade: 0.72 },
  dark: { floor: 0x2a2c32, contourShade: 1 },
};
export const CONTOUR_LEVELS = 9;

/** The 12 edges of the box as 24 endpoints. */
function boxEdges(): Float32Array {
  const corners = [
    [-W, -W],
    [W, -W],
    [W, W],
    [-W, W],
  ] as const;
  const out: number[] = [];
  for (let k = 0; k < 4; k++) {
    const [x0, z0] = corners[k]!;
    const [x1, z1] = corners[(k + 1) % 4]!;
    out.push(x0, 0, z0, x1, 0, z1); // floor edge
    out.push(x0, H, z0, x1, H, z1); // top edge
    out.push(x0, 0, z0, x0, H, z0); // vertical edge
  }
  return Float32Array.from(out);
}

function lines(points: Float32Array, colour: number): LineSegments {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(points, 3));
  return new LineSegments(geometry, new LineBasicMaterial({ color: colour }));
}

export class BoxFrame {
  readonly group = new Group();
  private readonly edges = lines(boxEdges(), 0x80858d);
  private readonly floor = new Mesh(
    new PlaneGeometry(2 * W, 2 * W).rotateX(-Math.PI / 2).translate(0, FLOOR_Y, 0),
    // An underlay: drawn first and writing no depth, so the surface where it reaches the floor
    // (the loss at or below lo) is never hidden by it, whatever the depth precision.
    new MeshBasicMaterial({ color: FLOOR_LOOK.light.floor, depthWrite: false }),
  );
  private readonly contours = new FloorContours();

  constructor() {
    this.floor.renderOrder = -1;
    this.group.add(this.floor, this.edges, this.contours.lines);
  }

  /** Contours of a new loss grid over [lo, hi]; `null` clears them. */
  setContours(loss: Float32Array | null, size: number, lo: number, hi: number): void {
    this.contours.update(loss, size, lo, hi);
  }

  /** The floor and contour shades of a theme. */
  setTheme(theme: Theme): void {
    const look = FLOOR_LOOK[theme];
    (this.floor.material as MeshBasicMaterial).color.setHex(look.floor);
    this.contours.setShade(look.contourShade);
  }

  /** Tints the frame's edges (the network's colour) */
  setColour(colour: string): void {
    (this.edges.material as LineBasicMaterial).color.set(new Color(colour));
  }

  dispose(): void {
    for (const object of [this.edges, this.floor]) {
      object.geometry.dispose();
      (object.material as Material).dispose(); // one material each (made above)
    }
    this.contours.dispose();
  }
}

/** Contour segments in a buffer that grows (doubling) when a grid needs more; drawn up to count. */
class FloorContours {
  private capacity = 4096; // segments
  private readonly geometry = new BufferGeometry();
  // The vertices carry the map's colours; the material's colour scales them (the theme's shade),
  // so a theme change retints the lines without tracing them again.
  private readonly material = new LineBasicMaterial({ vertexColors: true });
  readonly lines = new LineSegments(this.geometry, this.material);

  constructor() {
    this.allocate(this.capacity);
    this.geometry.setDrawRange(0, 0);
    this.setShade(FLOOR_LOOK.light.contourShade);
  }

  setShade(shade: number): void {
    this.material.color.setRGB(shade, shade, shade);
  }

  update(loss: Float32Array | null, size: number, lo: number, hi: number): void {
    if (!loss) {
      this.geometry.setDrawRange(0, 0);
      return;
    }
    const thresholds = contourThresholds(lo, hi, CONTOUR_LEVELS);
    const { points, level, count } = contourSegments(loss, size, thresholds);
    if (count > this.capacity) {
      while (this.capacity < count) this.capacity *= 2;
      this.geometry.dispose(); // its GPU buffers are the old size
      this.allocate(this.capacity);
    }
    const positions = this.geometry.getAttribute('position').array as Float32Array;
    const colours = this.geometry.getAttribute('color').array as Float32Array;
    const lutSize = VIRIDIS_LUT.length / 3;
    for (let s = 0; s < count; s++) {
      const c = 3 * lutIndex(lossToFraction(thresholds[level[s]!]!, lo, hi), lutSize);
      for (let e = 0; e < 2; e++) {
        const p = 6 * s + 3 * e;
        positions[p] = gridWorld(points[4 * s + 2 * e]!, size);
        positions[p + 1] = CONTOUR_Y;
        positions[p + 2] = -gridWorld(points[4 * s + 2 * e + 1]!, size);
        colours[p] = VIRIDIS_LUT[c]!;
        colours[p + 1] = VIRIDIS_LUT[c + 1]!;
        colours[p + 2] = VIRIDIS_LUT[c + 2]!;
      }
    }
    this.geometry.getAttribute('position').needsUpdate = true;
    this.geometry.getAttribute('color').needsUpdate = true;
    this.geometry.setDrawRange(0, 2 * count);
  }

  private allocate(segments: number): void {
    this.geometry.setAttribute('position', new BufferAttribute(new Float32Array(6 * segments), 3));
    this.geometry.setAttribute('color', new BufferAttribute(new Float32Array(6 * segments), 3));
    // Fixed bounds (the floor square): the buffer's unused tail must not shape culling.
    this.geometry.computeBoundingSphere();
    this.geometry.boundingSphere!.set(this.geometry.boundingSphere!.center.set(0, 0, 0), 1.5 * W);
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
