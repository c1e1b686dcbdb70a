import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type CameraPose } from '../../src/state/store';
import { bindCameraToView } from '../../src/ui/landscape/cameraBinding';
import { createSharedCamera } from '../../src/ui/landscape/sharedCamera';

// The shared camera schedules its redraws in an animation frame; node has none.
beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => undefined);
});
afterEach(() => vi.unstubAllGlobals());

const pose: CameraPose = { target: [0.2, 0.4, -0.1], distance: 5, polar: 1.1, azimuth: -0.7 };

/** Poses agree to 1e-12 (a Cartesian round trip of the camera's position). */
function expectPose(actual: CameraPose | null, expected: CameraPose): void {
  expect(actual).not.toBeNull();
  const flat = (p: CameraPose) => [...p.target, p.distance, p.polar, p.azimuth];
  flat(actual!).forEach((value, i) => expect(value).toBeCloseTo(flat(expected)[i]!, 12));
}

describe('the landscape camera and the view slice', () => {
  it('a pose set through the store moves the camera', () => {
    const store = createAppStore();
    const shared = createSharedCamera();
    bindCameraToView(shared, store);
    store.getState().setCameraPose(pose);
    expectPose(shared.pose(), pose);
    expect(shared.target.toArray()).toEqual([...pose.target]);
    // The camera looks at the target from distance `distance`.
    expect(shared.camera.position.distanceTo(shared.target)).toBeCloseTo(5, 12);
  });

  it('null in the store is the default view, and a reset writes null', () => {
    const store = createAppStore();
    const shared = createSharedCamera();
    const initial = shared.pose();
    bindCameraToView(shared, store);
    store.getState().setCameraPose(pose);
    store.getState().setCameraPose(null);
    expectPose(shared.pose(), initial);
    shared.orbit(0.3, 0);
    expect(store.getState().view.camera).not.toBeNull();
    shared.reset();
    expect(store.getState().view.camera).toBeNull();
    expectPose(shared.pose(), initial);
  });

  it('a user move writes its pose once, and the echo moves nothing', () => {
    const store = createAppStore();
    const shared = createSharedCamera();
    bindCameraToView(shared, store);
    const setPose = vi.spyOn(shared, 'setPose');
    const writes: (CameraPose | null)[] = [];
    store.subscribe((s, previous) => {
      if (s.view.camera !== previous.view.camera) writes.push(s.view.camera);
    });
    shared.orbit(0.25, -0.1);
    shared.dolly(0.9);
    expect(writes).toHaveLength(2);
    expectPose(writes[1]!, shared.pose());
    expect(setPose).not.toHaveBeenCalled();
  });

  it('the camera opens at a pose already in the store, within the limits', () => {
    const store = createAppStore();
    store.getState().setCameraPose({ ...pose, distance: 100, polar: 3 });
    const shared = createSharedCamera();
    bindCameraToView(shared, store);
    const { distance, polar } = shared.pose();
    expect(distance).toBeCloseTo(14, 12); // MAX_DISTANCE
    expect(polar).toBeCloseTo(Math.PI / 2, 12); // never below the floor's plane
  });

  it('unbinding stops both directions', () => {
    const store = createAppStore();
    const shared = createSharedCamera();
    const unbind = bindCameraToView(shared, store);
    unbind();
    const before = shared.pose();
    store.getState().setCameraPose(pose);
    expectPose(shared.pose(), before);
    shared.orbit(0.2, 0);
    expect(store.getState().view.camera).toEqual(pose);
  });
});
