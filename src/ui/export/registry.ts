/**
 * The panels on screen that can export, so that "Export all" can ask each of them: every panel's
 * useExports registers its spec while it is mounted, in page order.
 */
import type { PanelExports } from './useExports';

const panels = new Map<string, PanelExports>();

/** Registers a panel's exports; returns the unregister. */
export function registerPanelExports(spec: PanelExports): () => void {
  const key = `${spec.panel}:${spec.network}`;
  panels.set(key, spec);
  return () => {
    if (panels.get(key) === spec) panels.delete(key);
  };
}

export function registeredPanelExports(): PanelExports[] {
  return [...panels.values()];
}
