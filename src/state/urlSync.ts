/** Keeps the address bar equal to the config slice and the presentation (lab/talk, theme, scene),
 * so the current view is always a shareable link. */
import { presentationParams } from './presentation';
import type { AppStore } from './store';
import { searchFromConfig } from './url';

export function mirrorConfigInUrl(store: AppStore): () => void {
  const write = () => {
    const { config, presentation } = store.getState();
    const params = new URLSearchParams(searchFromConfig(config));
    for (const [key, value] of presentationParams(presentation)) params.set(key, value);
    const search = `?${params.toString()}`;
    if (search !== window.location.search) {
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
    }
  };
  write();
  return store.subscribe((state, previous) => {
    if (state.config !== previous.config || state.presentation !== previous.presentation) write();
  });
}
