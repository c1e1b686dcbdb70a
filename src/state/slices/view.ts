/**
 * The view slice: how the page looks at the experiment, apart from the experiment itself (which is
 * the config) — the landscapes' camera, what the charts pick out, and the focused network. Talk
 * mode's scenes set it and exports read it; it is not in the URL.
 *
 * The camera pose is written when an interaction ends (not per frame: the three.js camera moves
 * outside React and the store), and a pose set here moves the cameras (ui/landscape/cameraBinding.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

/**
 * Where the landscapes' one camera looks from, in three.js's Spherical convention about the point
 * it orbits: `distance` in scene units, `polar` from the +y (loss) axis and `azimuth` about it from
 * +z, both in radians. The views clamp it to their limits.
 */
export interface CameraPose {
  readonly target: readonly [number, number, number];
  readonly distance: number;
  readonly polar: number;
  readonly azimuth: number;
}

/** What the charts pick out of their data. */
export interface ChartPicks {
  /** Networks whose training curves are drawn, in any order (all three by default). */
  readonly curveNetworks: readonly NetworkId[];
}

export interface ViewState {
  /** null: the default view (the one double-click resets to). */
  camera: CameraPose | null;
  charts: ChartPicks;
  /** A network singled out (null: the three alike). */
  focusedNetwork: NetworkId | null;
}

export interface ViewSlice {
  view: ViewState;
  /** Applies a partial view (a talk-mode scene's). */
  setView: (patch: Partial<ViewState>) => void;
  setCameraPose: (pose: CameraPose | null) => void;
  setChartPicks: (patch: Partial<ChartPicks>) => void;
  focusNetwork: (network: NetworkId | null) => void;
  resetView: () => void;
}

export function defaultView(): ViewState {
  return { camera: null, charts: { curveNetworks: NETWORK_IDS }, focusedNetwork: null };
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => {
  const patch = (change: (view: ViewState) => Partial<ViewState>) =>
    set((state) => ({ view: { ...state.view, ...change(state.view) } }));
  return {
    view: defaultView(),
    setView: (change) => patch(() => change),
    setCameraPose: (camera) => patch(() => ({ camera })),
    setChartPicks: (change) => patch((view) => ({ charts: { ...view.charts, ...change } })),
    focusNetwork: (focusedNetwork) => patch(() => ({ focusedNetwork })),
    resetView: () => set({ view: defaultView() }),
  };
};
