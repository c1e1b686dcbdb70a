import { useEffect, useState } from 'react';
import { BackendStatus } from './BackendStatus';
import { setChartTypeSize } from './charts/chartStyle';
import { ExportAllButton } from './export/ExportAllButton';
import { RowFigureMenus } from './export/RowFigureMenus';
import { Gallery } from './Gallery';
import { ImportModelControls } from './ImportModel';
import { bindCameraToView, createSharedCamera, type SharedCamera } from './landscape';
import { NetworkColumns } from './NetworkColumns';
import { Notices } from './Notices';
import { OfflineStatus } from './OfflineStatus';
import { AdversarialPanel } from './panels/AdversarialPanel';
import {
  BoundsPanel,
  ProfilePanel,
  RobustCurvePanel,
  SpectrumPanel,
  TrainingCurvesPanel,
} from './panels/ChartPanels';
import { ViewControls } from './panels/ViewControls';
import { ActivationPicker, ArchitecturePicker, DatasetPicker, SeedInput } from './Pickers';
import { ResumedNotice, SessionControls } from './SessionControls';
import { TrainingControls } from './TrainingControls';
import { useApp, useAppStore } from './storeContext';
import { KeyHelp } from './talk/KeyHelp';
import { presenterAction } from './talk/presenterKeys';
import { TalkView } from './talk/TalkView';
import { ThemeToggle, useDocumentTheme } from './ThemeToggle';
import './panels/panels.css';

const LAB_CHART_TYPE = 13;
const TALK_CHART_TYPE = 16;

export function App() {
  // One camera for the three landscapes: orbit one, all move.
  const [camera] = useState(createSharedCamera);
  const store = useAppStore();
  const mode = useApp((s) => s.presentation.mode);
  // Its pose is in the store's view slice when the user lets go, and a pose set there moves it.
  useEffect(() => bindCameraToView(camera, store), [camera, store]);
  useDocumentTheme();
  useEffect(() => {
    document.documentElement.dataset.mode = mode;
  }, [mode]);
  // The charts a mode mounts take its type size when their axes are made (during this render):
  // 16 px for a projector's audience, the lab's 13 px otherwise.
  setChartTypeSize(mode === 'talk' ? TALK_CHART_TYPE : LAB_CHART_TYPE);
  return mode === 'talk' ? <TalkView camera={camera} /> : <Lab camera={camera} />;
}

/** The lab's own keys: t opens talk mode, ? the key help (the rest are talk mode's). */
function useLabKeys(setHelp: (update: (shown: boolean) => boolean) => void) {
  const store = useAppStore();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = presenterAction(event, 'lab');
      if (!action) return;
      event.preventDefault();
      if (action.type === 'toggleMode') store.getState().setMode('talk');
      else if (action.type === 'help') setHelp((shown) => !shown);
      else if (action.type === 'close') setHelp(() => false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, setHelp]);
}

function Lab({ camera }: { camera: SharedCamera }) {
  const info = useApp((s) => s.data.info);
  const store = useAppStore();
  const [help, setHelp] = useState(false);
  useLabKeys(setHelp);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Curvature Lab</h1>
        <DatasetPicker />
        <ArchitecturePicker />
        <ActivationPicker />
        <BackendStatus />
        <OfflineStatus />
        <RowFigureMenus />
        <ExportAllButton />
        <ThemeToggle />
        <button
          type="button"
          className="topbar__talk"
          onClick={() => store.getState().setMode('talk')}
          aria-keyshortcuts="t"
          title="Talk mode: the paper's argument in five live scenes, for a projector (t)"
        >
          ▣ Talk
        </button>
      </header>
      <Notices />
      <ResumedNotice />
      <main className="workspace">
        <aside className="controls" aria-label="controls">
          <h2>experiment</h2>
          <SeedInput />
          <TrainingControls />
          <ImportModelControls />
          <SessionControls />
          <h2>analysis</h2>
          <ViewControls />
          {info && (
            <dl className="facts">
              <dt>input</dt>
              <dd>{info.inputShape.join(' × ')}</dd>
              <dt>classes</dt>
              <dd>{info.classNames.length}</dd>
              <dt>range</dt>
              <dd>
                [{info.inputRange[0]}, {info.inputRange[1]}]
              </dd>
            </dl>
          )}
        </aside>
        <div className="stage">
          <NetworkColumns camera={camera} />
          <Gallery />
          <section className="analysis" aria-label="analysis">
            <AdversarialPanel />
            <SpectrumPanel />
            <ProfilePanel />
            <BoundsPanel />
            <TrainingCurvesPanel />
            <RobustCurvePanel />
          </section>
        </div>
      </main>
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
