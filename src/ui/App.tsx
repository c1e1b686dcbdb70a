import { useEffect, useState } from 'react';
import { BackendStatus } from './BackendStatus';
import { ExportAllButton } from './export/ExportAllButton';
import { RowFigureMenus } from './export/RowFigureMenus';
import { Gallery } from './Gallery';
import { bindCameraToView, createSharedCamera } from './landscape';
import { NetworkColumns } from './NetworkColumns';
import { Notices } from './Notices';
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
import { TrainingControls } from './TrainingControls';
import { useApp, useAppStore } from './storeContext';
import './panels/panels.css';

export function App() {
  const info = useApp((s) => s.data.info);
  // One camera for the three landscapes: orbit one, all move.
  const [camera] = useState(createSharedCamera);
  const store = useAppStore();
  // Its pose is in the store's view slice when the user lets go, and a pose set there moves it.
  useEffect(() => bindCameraToView(camera, store), [camera, store]);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Curvature Lab</h1>
        <DatasetPicker />
        <ArchitecturePicker />
        <ActivationPicker />
        <BackendStatus />
        <RowFigureMenus />
        <ExportAllButton />
      </header>
      <Notices />
      <main className="workspace">
        <aside className="controls" aria-label="controls">
          <h2>experiment</h2>
          <SeedInput />
          <TrainingControls />
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
    </div>
  );
}
