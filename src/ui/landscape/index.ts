/** The 3D loss-landscape panel: three views (one per network) sharing one camera. */
export { LandscapeView, type LandscapeViewProps } from './LandscapeView';
export { bindCameraToView } from './cameraBinding';
export { createSharedCamera, type SharedCamera } from './sharedCamera';
export type { HeightRange, LandscapeData } from './types';
