import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectEngine } from './client/engineClient';
import { connectInspection } from './client/inspectClient';
import { connectLab } from './client/labClient';
import { installTestHook } from './client/testHook';
import { createAppStore } from './state/store';
import { parseConfigFromSearch } from './state/url';
import { mirrorConfigInUrl } from './state/urlSync';
import { App } from './ui/App';
import { EngineContext } from './ui/engineContext';
import { StoreContext } from './ui/storeContext';
import './ui/styles.css';

const { config, problems } = parseConfigFromSearch(window.location.search);
const store = createAppStore(config);
for (const problem of problems) store.getState().addNotice('warning', problem);
mirrorConfigInUrl(store);

const worker = new Worker(new URL('./worker/engine.worker.ts', import.meta.url), {
  type: 'module',
  name: 'curvature-lab-engine',
});
const client = connectEngine(store, worker);
connectLab(store, client);
connectInspection(store, client);
if (import.meta.env.VITE_TEST_HOOK === 'true') installTestHook(store, client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <EngineContext.Provider value={client}>
        <App />
      </EngineContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
