/**
 * Registers the service worker that vite-plugin-pwa builds (vite.config.ts) and reports in the
 * store whether the app is stored for offline use. The worker stores the whole build while it
 * installs, so "ready" means: with the network off, a reload opens the app and trains.
 */
import type { AppState, AppStore } from '../state/store';

/** The service worker's file, beside index.html (the plugin's default name). */
const SERVICE_WORKER_FILE = 'sw.js';

export function registerOfflineCache(store: AppStore): void {
  const { setOffline } = store.getState();
  if (!import.meta.env.PROD) {
    setOffline('unavailable', 'the dev server has no service worker; a production build has one');
    return;
  }
  if (!('serviceWorker' in navigator)) {
    setOffline(
      'unavailable',
      'this page cannot use a service worker: browsers allow them on https and on localhost only',
    );
    return;
  }
  setOffline('storing');
  // After the page's own load, so that storing the build does not slow the first visit's start.
  if (document.readyState === 'complete') register(setOffline);
  else window.addEventListener('load', () => register(setOffline), { once: true });
}

function register(setOffline: AppState['setOffline']): void {
  // `ready` resolves once a worker is active, and a worker is active only after it has stored
  // everything; an install that fails turns the worker redundant instead.
  void navigator.serviceWorker.ready.then(() => setOffline('ready'));
  navigator.serviceWorker
    .register(`${import.meta.env.BASE_URL}${SERVICE_WORKER_FILE}`)
    .then((registration: ServiceWorkerRegistration | undefined) => {
      // Playwright's `serviceWorkers: 'block'` (the e2e suite's default) answers with nothing.
      if (!registration) {
        setOffline('unavailable', 'service workers are blocked in this browser');
        return;
      }
      const installing = registration.installing;
      if (registration.active || !installing) return;
      installing.addEventListener('statechange', () => {
        if (installing.state === 'redundant') {
          setOffline('failed', 'storing the app failed (disk full?); the next visit retries');
        }
      });
    })
    .catch((error: unknown) => {
      setOffline('failed', error instanceof Error ? error.message : String(error));
    });
}
