/**
 * The loss surface: one N×N mesh (and its grid lines, which share its position buffer), made once
 * per N and updated in place. A new N disposes the old buffers and builds new ones.
 */
import {
  Box3,
  BufferAttribute,
  BufferGeometry,
  DoubleSide,
  Group,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshLambertMaterial,
  Sphere,
  Vector3,
} from 'three';
import { VIRIDIS_LUT } from './colormap';
import { BOX_HALF_WIDTH, BOX_HEIGHT, heightToLoss } from './heightMap';
import {
  centreHeight,
  fillGridXZ,
  fillSurface,
  gridIndices,
  gridLineIndices,
  type SurfaceBuffers,
} from './surfaceMath';

/** About this many grid lines per axis over the surface, whatever N is. */
const GRID_LINES_PER_AXIS = 16;
const BOX_BOUNDS = new Box3(
  new Vector3(-BOX_HALF_WIDTH, 0, -BOX_HALF_WIDTH),
  new Vector3(BOX_HALF_WIDTH, BOX_HEIGHT, BOX_HALF_WIDTH),
);

export class SurfaceMesh {
  readonly group = new Group();
  private readonly material = new MeshLambertMaterial({
    vertexColors: true,
    side: DoubleSide,
    // Pushes the surface back in depth so the grid lines drawn on it are not z-fighting.
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 1,
  });
  private readonly lineMaterial = new LineBasicMaterial({
    color: 0x000000,
    transparent: true,
    opacity: 0.22,
  });
  private size = 0;
  private geometry: BufferGeometry | null = null;
  private lineGeometry: BufferGeometry | null = null;
  private buffers: SurfaceBuffers | null = null;

  /** Heights and colours from `loss` (N² values) over [lo, hi]; rebuilds only if N changed. */
  update(loss: Float32Array, size: number, lo: number, hi: number): void {
    if (size !== this.size) this.build(size);
    const buffers = this.buffers!;
    fillSurface(loss, size, lo, hi, VIRIDIS_LUT, buffers);
    const geometry = this.geometry!;
    for (const name of ['position', 'color', 'normal'] as const)
      geometry.getAttribute(name).needsUpdate = true;
    // The bounds never change (x, z fixed, y within the box): no computeBoundingSphere per update.
  }

  /** The loss at (a, b) = (0, 0) as drawn: the centre vertex's height mapped back to nats. */
  centreLoss(lo: number, hi: number): number | null {
    if (!this.buffers) return null;
    return heightToLoss(centreHeight(this.size, this.buffers.positions), lo, hi);
  }

  set visible(visible: boolean) {
    this.group.visible = visible;
  }

  private build(size: number): void {
    this.disposeGeometry();
    const n = 3 * size * size;
    const buffers = {
      positions: new Float32Array(n),
      colours: new Float32Array(n),
      normals: new Float32Array(n),
    };
    fillGridXZ(size, buffers.positions);
    const position = new BufferAttribute(buffers.positions, 3);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', position);
    geometry.setAttribute('color', new BufferAttribute(buffers.colours, 3));
    geometry.setAttribute('normal', new BufferAttribute(buffers.normals, 3));
    geometry.setIndex(new BufferAttribute(gridIndices(size), 1));
    const lines = new BufferGeometry();
    lines.setAttribute('position', position);
    const step = Math.max(1, Math.round((size - 1) / GRID_LINES_PER_AXIS));
    lines.setIndex(new BufferAttribute(gridLineIndices(size, step), 1));
    // Bounds of the whole box, fixed: frustum culling stays right without recomputing per update.
    for (const g of [geometry, lines]) {
      g.boundingBox = BOX_BOUNDS.clone();
      g.boundingSphere = BOX_BOUNDS.getBoundingSphere(new Sphere());
    }
    this.group.add(new Mesh(geometry, this.material), new LineSegments(lines, this.lineMaterial));
    this.geometry = geometry;
    this.lineGeometry = lines;
    this.buffers = buffers;
    this.size = size;
  }

  private disposeGeometry(): void {
    this.group.clear();
    this.geometry?.dispose();
    this.lineGeometry?.dispose();
    this.geometry = this.lineGeometry = null;
    this.buffers = null;
  }

  dispose(): void {
    this.disposeGeometry();
    this.material.dispose();
    this.lineMaterial.dispose();
  }
}
