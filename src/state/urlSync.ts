/** Keeps the address bar equal to the config slice, so the current view is always a shareable link. */
import type { AppStore } from './store';
import { searchFromConfig } from './url';

export function mirrorConfigInUrl(store: AppStore): () => void {
  const write = () => {
    const search = searchFromConfig(store.getState().config);
    if (search !== window.location.search) {
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
    }
  };
  write();
  return store.subscribe((state, previous) => {
    if (state.config !== previous.config) write();
  });
}
