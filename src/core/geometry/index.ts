/** Input-space geometry: directions, loss/decision grids, robustness bounds and measurements. */
export {
  quadraticReach,
  robustnessBounds,
  type BoundInputs,
  type RobustnessBounds,
} from './bounds';
export { decisionBoundarySegments } from './boundaryLines';
export {
  normalDirection,
  orientAlong,
  planeDirections,
  randomOrthogonalDirection,
  signDirection,
  type DirectionKind,
  type PlaneDirections,
} from './directions';
export {
  gridCoordinates,
  gridRows,
  landscapeGrid,
  topTwoMargin,
  type GridOptions,
  type LandscapeGrid,
} from './grid';
export {
  lineSearchRobustness,
  pgdRobustness,
  type PgdRobustnessOptions,
  type RadiusSearchOptions,
  type RobustnessResult,
} from './robustness';
