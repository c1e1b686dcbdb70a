/**
 * Opening a scene: its settings go into the config (through the URL parser: sceneConfig.ts), its
 * focus into the view, its networks are reset to their start points, and a γ animation ramps
 * CURE's γ while the scene is on (in one step where the user prefers reduced motion). Talk mode
 * adds no computation of its own: the lab recomputes what the new settings ask for.
 */
import { useEffect } from 'react';
import { controlLab } from '../../client/labClient';
import { scenePatches } from '../../state/sceneConfig';
import { useEngine } from '../engineContext';
import { useApp, useAppStore } from '../storeContext';

/** Seconds between two γ values of an animation. */
const GAMMA_TICK = 1.5;

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function useSceneEffects(): void {
  const store = useAppStore();
  const client = useEngine();
  const index = useApp((s) => s.presentation.scene);
  const scene = useApp((s) => s.presentation.scenes[s.presentation.scene - 1]);
  const open = useApp((s) => s.lab.phase === 'open');
  useEffect(() => {
    if (!scene) return;
    const state = store.getState();
    const patches = scenePatches(state.config, scene);
    for (const problem of patches.problems) state.addNotice('warning', problem);
    if (Object.keys(patches.base).length > 0) state.setConfig(patches.base);
    if (Object.keys(patches.training).length > 0) state.setTraining(patches.training);
    if (Object.keys(patches.inspect).length > 0) state.setInspect(patches.inspect);
    state.focusNetwork(scene.focus);
  }, [store, scene, index]);
  useEffect(() => {
    if (!scene || !open) return;
    for (const id of scene.reset) void controlLab(client, 'reset', id);
    const ramp = scene.animateGamma;
    if (!ramp) return;
    const { setTraining } = store.getState();
    if (prefersReducedMotion() || ramp.from === ramp.to) {
      setTraining({ gamma: ramp.to });
      return;
    }
    const ticks = Math.max(1, Math.round(ramp.seconds / GAMMA_TICK));
    // Geometric steps where both ends are positive (γ spans decades), else linear.
    const at = (k: number) =>
      ramp.from > 0 && ramp.to > 0
        ? ramp.from * (ramp.to / ramp.from) ** (k / ticks)
        : ramp.from + ((ramp.to - ramp.from) * k) / ticks;
    let k = 0;
    setTraining({ gamma: Number(at(0).toPrecision(3)) });
    const timer = setInterval(() => {
      k += 1;
      setTraining({ gamma: Number(at(k).toPrecision(3)) });
      if (k >= ticks) clearInterval(timer);
    }, GAMMA_TICK * 1000);
    return () => clearInterval(timer);
  }, [store, client, scene, index, open]);
}
