import './core/zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBackendProbe, type ProbeRecord } from './client/backendProbe';
import { connectEngine } from './client/engineClient';
import { connectEngineRestart } from './client/engineRestart';
import { connectInspection } from './client/inspectClient';
import { Autosave } from './client/autosave';
import { connectLab } from './client/labClient';
import { LabResumer } from './client/labResume';
import { loadSession, saveSessionFile } from './client/sessionClient';
import { registerOfflineCache } from './client/offline';
import { installTestHook } from './client/testHook';
import { parsePresentation } from './state/presentation';
import { createAppStore } from './state/store';
import { parseConfigFromSearch } from './state/url';
import { mirrorConfigInUrl } from './state/urlSync';
import { App } from './ui/App';
import { EngineContext } from './ui/engineContext';
import { download } from './ui/export/raster';
import { SessionContext, type SessionActions } from './ui/sessionContext';
import { StoreContext } from './ui/storeContext';
import './ui/styles.css';

const { config, problems } = parseConfigFromSearch(window.location.search);
const shown = parsePresentation(window.location.search);
const store = createAppStore(config, shown.presentation);
const linkProblems = [...problems, ...shown.problems];
// One notice for the whole link: what it asked for that could not be had, and what is used.
if (linkProblems.length === 1) store.getState().addNotice('warning', linkProblems[0]!);
else if (linkProblems.length > 1) {
  store
    .getState()
    .addNotice(
      'warning',
      `${linkProblems.length} URL parameters were changed; the app opened on the rest of the link:`,
      linkProblems,
    );
}
mirrorConfigInUrl(store);

const startEngineWorker = (name: string) =>
  new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name });
const client = connectEngine(store, () => startEngineWorker('curvature-lab-engine'));
const resumer = new LabResumer();
connectLab(store, client, resumer);
// Before the first lab opens: a link whose lab was autosaved continues from it.
const autosave = new Autosave(store, client, resumer);
autosave.start();
// A worker that dies is restarted; the lab continues from its autosave.
connectEngineRestart(store, client, resumer, autosave);
const sessions: SessionActions = {
  save: async () => {
    const { bytes, fileName } = await saveSessionFile(store, client);
    download(bytes, fileName, 'application/octet-stream');
    return { fileName, bytes: bytes.length };
  },
  load: async (file) =>
    loadSession(store, client, resumer, new Uint8Array(await file.arrayBuffer()), file.name),
  restore: (key) => autosave.restore(key),
  startFromCheckpoints: () => autosave.discardAndRestart(),
};
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
        <SessionContext.Provider value={sessions}>
          <App />
        </SessionContext.Provider>
      </EngineContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
