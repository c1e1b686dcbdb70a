/**
 * The view slice: how the page looks at the experiment, apart from the experiment itself (which is
 * the config) — the landscapes' camera, what the charts pick out, and the focused network. Talk
 * mode's scenes set it and exports read it; it is not in the URL. Beside it, the presentation:
 * lab or talk mode, the theme and the talk's scenes (in the URL: ../presentation.ts).
 *
 * The camera pose is written when an interaction ends (not per frame: the three.js camera moves
 * outside React and the store), and a pose set here moves the cameras (ui/landscape/cameraBinding.ts).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store';
import { NETWORK_IDS, type NetworkId } from '../../core/names';
import { DEFAULT_SCENES } from '../../core/talk/defaultScenes';
import type { Scene } from '../../core/talk/scenes';
import { preferredTheme, type Mode, type Presentation, type Theme } from '../presentation';

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

/** Lab or talk, the theme, and talk mode's scenes (in the URL: presentation.ts). */
export interface PresentationState extends Presentation {
  /** The talk's scenes: the paper's five, or a list the speaker loaded. */
  scenes: readonly Scene[];
}

export interface ViewSlice {
  view: ViewState;
  presentation: PresentationState;
  setMode: (mode: Mode) => void;
  setTheme: (theme: Theme) => void;
  /** Opens scene `scene` (1-based, clamped to the list). */
  goToScene: (scene: number) => void;
  /** Replaces the talk's scenes (a loaded file's) and opens the first. */
  setScenes: (scenes: readonly Scene[]) => void;
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

export function initialPresentation(given: Partial<Presentation> = {}): PresentationState {
  const scenes = DEFAULT_SCENES;
  return {
    mode: given.mode ?? 'lab',
    theme: given.theme ?? preferredTheme(),
    scene: Math.min(given.scene ?? 1, scenes.length),
    scenes,
  };
}

export const createViewSlice =
  (presentation: Partial<Presentation> = {}): StateCreator<AppState, [], [], ViewSlice> =>
  (set) => {
    const patch = (change: (view: ViewState) => Partial<ViewState>) =>
      set((state) => ({ view: { ...state.view, ...change(state.view) } }));
    const present = (change: (p: PresentationState) => Partial<PresentationState>) =>
      set((state) => ({ presentation: { ...state.presentation, ...change(state.presentation) } }));
    return {
      view: defaultView(),
      presentation: initialPresentation(presentation),
      setMode: (mode) => present(() => ({ mode })),
      setTheme: (theme) => present(() => ({ theme })),
      goToScene: (scene) =>
        present((p) => ({ scene: Math.max(1, Math.min(p.scenes.length, Math.round(scene))) })),
      setScenes: (scenes) => present(() => ({ scenes, scene: 1 })),
      setView: (change) => patch(() => change),
      setCameraPose: (camera) => patch(() => ({ camera })),
      setChartPicks: (change) => patch((view) => ({ charts: { ...view.charts, ...change } })),
      focusNetwork: (focusedNetwork) => patch(() => ({ focusedNetwork })),
      resetView: () => set({ view: defaultView() }),
    };
  };
