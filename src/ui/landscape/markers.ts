/**
 * The two points of interest: x at (0, 0, ℓ(x)) — white with a dark outline — and the PGD point x′
 * at its (a, b) and true loss, in a contrasting colour, with a thin line down to the floor. Both
 * are drawn over the surface (no depth test): x sits on the surface and would be half hidden.
 */
import {
  BackSide,
  BufferAttribute,
  BufferGeometry,
  Group,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  SphereGeometry,
  type ColorRepresentation,
} from 'three';

/** The adversarial marker's colour: a saturated pink-red, far from viridis and from the networks'. */
export const ADVERSARIAL_COLOUR = '#e8175d';
export const CENTRE_COLOUR = '#ffffff';
const OUTLINE_COLOUR = 0x1b1b1f;
const RADIUS = 0.05;
/** Outline thickness as a fraction of the radius (a back-facing shell behind the marker). */
const OUTLINE_SCALE = 1.4;

export class Markers {
  readonly group = new Group();
  private readonly sphere = new SphereGeometry(RADIUS, 20, 12);
  private readonly materials: { dispose(): void }[] = [];
  readonly centre = this.marker(CENTRE_COLOUR);
  readonly adversarial = this.marker(ADVERSARIAL_COLOUR);
  private readonly dropPositions = new Float32Array(6);
  private readonly dropGeometry = new BufferGeometry();
  private readonly drop: Line;

  constructor() {
    this.dropGeometry.setAttribute('position', new BufferAttribute(this.dropPositions, 3));
    const material = new LineBasicMaterial({ color: ADVERSARIAL_COLOUR });
    this.materials.push(material);
    this.drop = new Line(this.dropGeometry, material);
    this.drop.frustumCulled = false; // its bounds change with the point; it is two vertices
    this.group.add(this.centre, this.adversarial, this.drop);
  }

  /** x's marker at height y over the centre of the floor. */
  setCentre(y: number | null): void {
    this.centre.visible = y !== null;
    if (y !== null) this.centre.position.set(0, y, 0);
  }

  /** x′'s marker at world (x, y, z) with its line to the floor; null hides it. */
  setAdversarial(point: { x: number; y: number; z: number } | null): void {
    this.adversarial.visible = this.drop.visible = point !== null;
    if (!point) return;
    this.adversarial.position.set(point.x, point.y, point.z);
    this.dropPositions.set([point.x, point.y, point.z, point.x, 0, point.z]);
    this.dropGeometry.getAttribute('position').needsUpdate = true;
  }

  private marker(colour: ColorRepresentation): Group {
    // `transparent` (at full opacity) puts the markers in three's transparent pass, where
    // renderOrder puts them after the other see-through lines; opaque, those would cross them.
    const options = { depthTest: false, transparent: true };
    const fill = new MeshBasicMaterial({ color: colour, ...options });
    const outline = new MeshBasicMaterial({ color: OUTLINE_COLOUR, side: BackSide, ...options });
    this.materials.push(fill, outline);
    const shell = new Mesh(this.sphere, outline);
    shell.scale.setScalar(OUTLINE_SCALE);
    shell.renderOrder = 10; // after the surface and its lines
    const body = new Mesh(this.sphere, fill);
    body.renderOrder = 11; // over its own outline
    const group = new Group();
    group.add(shell, body);
    group.visible = false;
    return group;
  }

  dispose(): void {
    this.sphere.dispose();
    this.dropGeometry.dispose();
    for (const material of this.materials) material.dispose();
  }
}
