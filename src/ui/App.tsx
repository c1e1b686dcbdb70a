import { BackendStatus } from './BackendStatus';
import { Gallery } from './Gallery';
import { NetworkColumns } from './NetworkColumns';
import { Notices } from './Notices';
import { ActivationPicker, ArchitecturePicker, DatasetPicker, SeedInput } from './Pickers';
import { TrainingControls } from './TrainingControls';
import { useApp } from './storeContext';

export function App() {
  const info = useApp((s) => s.data.info);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Curvature Lab</h1>
        <DatasetPicker />
        <ArchitecturePicker />
        <ActivationPicker />
        <BackendStatus />
      </header>
      <Notices />
      <main className="workspace">
        <aside className="controls" aria-label="controls">
          <h2>experiment</h2>
          <SeedInput />
          <TrainingControls />
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
        <NetworkColumns />
      </main>
      <footer className="bottom">
        <Gallery />
      </footer>
    </div>
  );
}
