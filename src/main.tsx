import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBackendProbe, type ProbeRecord } from './client/backendProbe';
import { connectEngine } from './client/engineClient';
import { connectInspection } from './client/inspectClient';
import { connectLab } from './client/labClient';
import { registerOfflineCache } from './client/offline';
import { installTestHook } from './client/testHook';
import { parsePresentation } from './state/presentation';
import { createAppStore } from './state/store';
import { parseConfigFromSearch } from './state/url';
import { mirrorConfigInUrl } from './state/urlSync';
import { App } from './ui/App';
import { EngineContext } from './ui/engineContext';
import { StoreContext } from './ui/storeContext';
import './ui/styles.css';

const { config, problems } = parseConfigFromSearch(window.location.search);
const shown = parsePresentation(window.location.search);
const store = createAppStore(config, shown.presentation);
for (const problem of [...problems, ...shown.problems])
  store.getState().addNotice('warning', problem);
mirrorConfigInUrl(store);

const startEngineWorker = (name: string) =>
  new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name });
const client = connectEngine(store, startEngineWorker('curvature-lab-engine'));
connectLab(store, client);
connectInspection(store, client);
// A forced backend much slower than the best gets a warning; probing runs in a second worker.
const backendProbes: ProbeRecord[] = [];
connectBackendProbe(
  store,
  () => startEngineWorker('curvature-lab-probe'),
  (record) => backendProbes.push(record),
);
if (import.meta.env.VITE_TEST_HOOK === 'true') installTestHook(store, client, backendProbes);
registerOfflineCache(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <EngineContext.Provider value={client}>
        <App />
      </EngineContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
