/**
 * Keeps the shared landscape camera and the store's view.camera in step, both ways, without
 * putting motion through the store: the pose is written when the user's interaction ends (a drag,
 * a wheel turn, a key, a reset), and a pose set through the store (a talk-mode scene) moves the
 * camera, and so all three views.
 */
import type { AppStore, CameraPose } from '../../state/store';
import type { SharedCamera } from './sharedCamera';

/** Binds `shared` to `store`'s view.camera; returns the function that unbinds them. */
export function bindCameraToView(shared: SharedCamera, store: AppStore): () => void {
  // The pose last written or applied: the store echoing it back moves nothing.
  let current: CameraPose | null = store.getState().view.camera;
  if (current !== null) shared.setPose(current);

  const stopSettle = shared.onSettle((pose) => {
    current = pose;
    store.getState().setCameraPose(pose);
  });
  const stopStore = store.subscribe(({ view }) => {
    if (view.camera === current) return;
    current = view.camera;
    shared.setPose(current);
  });
  return () => {
    stopSettle();
    stopStore();
  };
}
