/**
 * One camera for the page's landscape views. Every view renders through the same position,
 * orientation and target, so the three networks are always seen from the same angle; the views
 * only set the projection's aspect (and widen the field of view when narrow) for their own size.
 *
 * Each view attaches OrbitControls to its own canvas, all driving this one camera and one target
 * object; a 'change' from any of them marks every view dirty. Renders are on demand: requests are
 * collected and drawn together in the next animation frame, never in a loop.
 *
 * Its pose is readable and settable as plain numbers (CameraPose, the store's view slice); settle
 * listeners hear when an interaction ends — never per frame — so cameraBinding.ts can keep the
 * store current without putting motion through it.
 */
import { PerspectiveCamera, Spherical, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { CameraPose } from '../../state/store';
import { BOX_HEIGHT } from './heightMap';

/** A view that the shared camera asks to draw. */
export interface CameraClient {
  render(): void;
}

export interface SharedCamera {
  readonly camera: PerspectiveCamera;
  /** The point the camera orbits and looks at; shared by every view's OrbitControls. */
  readonly target: Vector3;
  /** Adds a view; returns the function that removes it. */
  register(view: CameraClient): () => void;
  /** Draws `view` in the next frame (several requests in one frame draw it once). */
  requestRender(view: CameraClient): void;
  /** The camera moved: redraw every view. */
  changed(): void;
  /** OrbitControls on `element`, driving this camera with the shared limits. */
  attachControls(element: HTMLElement): OrbitControls;
  /** Rotate about the target (radians): + azimuth turns the scene left, + polar looks from lower. */
  orbit(azimuth: number, polar: number): void;
  /** Multiply the distance to the target (within the limits). */
  dolly(factor: number): void;
  /** Back to the default view. */
  reset(): void;
  /** Where the camera is now. */
  pose(): CameraPose;
  /** Moves the camera to `pose` (null: the default view), within the limits; no settle event. */
  setPose(pose: CameraPose | null): void;
  /**
   * Calls `listener` when the user has moved the camera: a drag, a wheel turn, a key or a reset
   * ended (with the new pose; null after a reset). Returns the function that removes it.
   */
  onSettle(listener: (pose: CameraPose | null) => void): () => void;
}

/** The default view: from the front right, 30° above the floor, the box and its labels in frame. */
const DEFAULT_TARGET = new Vector3(0, 0.52 * BOX_HEIGHT, 0);
const DEFAULT_SPHERICAL = new Spherical(6.9, (60 / 180) * Math.PI, (34 / 180) * Math.PI);
/** Limits: never inside the box, never so far that it is a dot, never below the floor's plane. */
const MIN_DISTANCE = 2;
const MAX_DISTANCE = 14;
const MIN_POLAR = 0.01;
const MAX_POLAR = 0.5 * Math.PI;
/** Vertical field of view (degrees) for views at least REFERENCE_ASPECT wide. */
export const BASE_FOV = 30;
export const REFERENCE_ASPECT = 1.45;

/**
 * The vertical field of view for a view of this aspect: BASE_FOV when wide enough, wider when
 * narrower, so that the horizontal extent (and so the box) still fits.
 */
export function fovForAspect(aspect: number): number {
  if (aspect >= REFERENCE_ASPECT) return BASE_FOV;
  const halfHorizontal = Math.atan(Math.tan((BASE_FOV * Math.PI) / 360) * REFERENCE_ASPECT);
  return (Math.atan(Math.tan(halfHorizontal) / aspect) * 360) / Math.PI;
}

export function createSharedCamera(): SharedCamera {
  const camera = new PerspectiveCamera(BASE_FOV, REFERENCE_ASPECT, 0.05, 100);
  const target = DEFAULT_TARGET.clone();
  const views = new Set<CameraClient>();
  // Two sets swapped at each frame: a request made while drawing lands in the next frame.
  let dirty = new Set<CameraClient>();
  let drawing = new Set<CameraClient>();
  let frame = 0;
  const offset = new Vector3();
  const spherical = new Spherical();
  const settleListeners = new Set<(pose: CameraPose | null) => void>();
  const settled = (isDefault = false) => {
    const pose = isDefault ? null : shared.pose();
    for (const listener of settleListeners) listener(pose);
  };

  const flush = () => {
    frame = 0;
    const swap = drawing;
    drawing = dirty;
    dirty = swap;
    for (const view of drawing) if (views.has(view)) view.render();
    drawing.clear();
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(flush);
  };
  const place = () => {
    spherical.radius = Math.min(MAX_DISTANCE, Math.max(MIN_DISTANCE, spherical.radius));
    spherical.phi = Math.min(MAX_POLAR, Math.max(MIN_POLAR, spherical.phi));
    camera.position.copy(target).add(offset.setFromSpherical(spherical));
    camera.lookAt(target);
    shared.changed();
  };

  const shared: SharedCamera = {
    camera,
    target,
    register(view) {
      views.add(view);
      return () => {
        views.delete(view);
        dirty.delete(view);
        if (views.size === 0 && frame !== 0) {
          cancelAnimationFrame(frame);
          frame = 0;
        }
      };
    },
    requestRender(view) {
      dirty.add(view);
      schedule();
    },
    changed() {
      for (const view of views) dirty.add(view);
      schedule();
    },
    attachControls(element) {
      const controls = new OrbitControls(camera, element);
      // Every view's controls move the one target object (pans included).
      controls.target = target;
      controls.enableDamping = false; // damping needs a render loop; views render on demand
      controls.minDistance = MIN_DISTANCE;
      controls.maxDistance = MAX_DISTANCE;
      controls.minPolarAngle = MIN_POLAR;
      controls.maxPolarAngle = MAX_POLAR;
      // The wheel zooms a view the user is working with (focused: clicked or tabbed to), or any
      // with Ctrl/⌘ held (a trackpad pinch arrives so); otherwise it scrolls the page, so that
      // scrolling past the landscapes is not caught by them.
      element.addEventListener('pointerdown', () => element.focus({ preventScroll: true }));
      element.addEventListener(
        'wheel',
        (event) => {
          controls.enableZoom =
            event.ctrlKey || event.metaKey || element.ownerDocument.activeElement === element;
        },
        { capture: true },
      );
      // Its constructor aimed the camera at its own default target (the origin): re-aim.
      controls.update();
      controls.addEventListener('change', shared.changed);
      controls.addEventListener('end', () => settled());
      return controls;
    },
    orbit(azimuth, polar) {
      spherical.setFromVector3(offset.copy(camera.position).sub(target));
      spherical.theta += azimuth;
      spherical.phi += polar;
      place();
      settled();
    },
    dolly(factor) {
      spherical.setFromVector3(offset.copy(camera.position).sub(target));
      spherical.radius *= factor;
      place();
      settled();
    },
    reset() {
      shared.setPose(null);
      settled(true);
    },
    pose() {
      spherical.setFromVector3(offset.copy(camera.position).sub(target));
      return {
        target: [target.x, target.y, target.z],
        distance: spherical.radius,
        polar: spherical.phi,
        azimuth: spherical.theta,
      };
    },
    setPose(pose) {
      if (pose === null) {
        target.copy(DEFAULT_TARGET);
        spherical.copy(DEFAULT_SPHERICAL);
      } else {
        target.set(...pose.target);
        spherical.set(pose.distance, pose.polar, pose.azimuth);
      }
      place();
    },
    onSettle(listener) {
      settleListeners.add(listener);
      return () => settleListeners.delete(listener);
    },
  };
  spherical.copy(DEFAULT_SPHERICAL);
  camera.position.copy(target).add(offset.setFromSpherical(spherical));
  camera.lookAt(target);
  return shared;
}
