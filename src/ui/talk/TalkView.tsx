/**
 * Talk mode: the page as a projector sees it — no controls column, large type, nothing scrolls.
 * A bar with the scene number and title, the networks' steps in their colours, and the presenter's
 * buttons; the scene's caption; then the scene's panels, live on the training networks (network
 * rows stacked, charts side by side; a focused network takes a row's whole width).
 */
import { useEffect, useMemo, useState } from 'react';
import { controlLab } from '../../client/labClient';
import type { ScenePanel } from '../../core/talk/scenes';
import { useEngine } from '../engineContext';
import { ExportMenu } from '../export/ExportMenu';
import { useExports } from '../export/useExports';
import type { SharedCamera } from '../landscape';
import { NETWORKS, networkCssVariables } from '../networks';
import { Notices } from '../Notices';
import { AdversarialPanel } from '../panels/AdversarialPanel';
import {
  BoundsPanel,
  ProfilePanel,
  RobustCurvePanel,
  SpectrumPanel,
  TrainingCurvesPanel,
} from '../panels/ChartPanels';
import { BoundaryPanel, LandscapePanel } from '../panels/NetworkPanels';
import { useApp, useAppStore } from '../storeContext';
import { KeyHelp } from './KeyHelp';
import { presenterAction } from './presenterKeys';
import { SceneFile } from './SceneFile';
import { sceneExports } from './sceneFigure';
import { useSceneEffects } from './useSceneEffects';
import { ThemeToggle } from '../ThemeToggle';
import './talk.css';

function NetworkRow({
  panel,
  camera,
}: {
  panel: 'landscapes' | 'boundaries';
  camera: SharedCamera;
}) {
  const focused = useApp((s) => s.view.focusedNetwork);
  const shown = NETWORKS.filter((n) => focused === null || focused === n.id);
  return (
    <div className="talk__row" style={{ '--columns': shown.length } as React.CSSProperties}>
      {shown.map((network) => (
        <div
          key={network.id}
          className="talk__cell"
          style={networkCssVariables(network) as React.CSSProperties}
        >
          <h2 className="talk__network">{network.name}</h2>
          {panel === 'landscapes' ? (
            <LandscapePanel id={network.id} camera={camera} />
          ) : (
            <BoundaryPanel id={network.id} />
          )}
        </div>
      ))}
    </div>
  );
}

function ScenePanelView({ panel, camera }: { panel: ScenePanel; camera: SharedCamera }) {
  switch (panel) {
    case 'landscapes':
    case 'boundaries':
      return <NetworkRow panel={panel} camera={camera} />;
    case 'adversarial':
      return <AdversarialPanel />;
    case 'spectrum':
      return <SpectrumPanel />;
    case 'profile':
      return <ProfilePanel />;
    case 'bounds':
      return <BoundsPanel />;
    case 'curves':
      return <TrainingCurvesPanel />;
    case 'robustCurve':
      return <RobustCurvePanel />;
  }
}

/** Each network's step, in its colour (the lab's `step-<network>` test ids). */
function Steps() {
  const steps = useApp((s) => NETWORKS.map((n) => s.lab.networks[n.id].step).join('/'));
  return (
    <ul className="talk__steps" aria-label="training steps">
      {NETWORKS.map((network, i) => (
        <li key={network.id} style={networkCssVariables(network) as React.CSSProperties}>
          {network.name} <span className="muted">step</span>{' '}
          <span data-testid={`step-${network.id}`}>{steps.split('/')[i]}</span>
        </li>
      ))}
    </ul>
  );
}

async function toggleFullscreen(onError: (message: string) => void): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch (error) {
    onError(error instanceof Error ? error.message : String(error));
  }
}

export function TalkView({ camera }: { camera: SharedCamera }) {
  useSceneEffects();
  const store = useAppStore();
  const client = useEngine();
  const { scene: number, scenes } = useApp((s) => s.presentation);
  const sample = useApp((s) => s.config.sample);
  const running = useApp((s) => s.lab.running);
  const open = useApp((s) => s.lab.phase === 'open');
  const scene = scenes[number - 1]!;
  const [help, setHelp] = useState(false);
  const spec = useMemo(() => sceneExports(scene, number, sample), [scene, number, sample]);
  const allItems = useExports(spec);
  const exportItems = useMemo(
    () => allItems.filter((item) => item.format.startsWith('PNG')),
    [allItems],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = presenterAction(event, 'talk');
      if (!action) return;
      event.preventDefault();
      const state = store.getState();
      switch (action.type) {
        case 'scene':
          state.goToScene(state.presentation.scene + action.by);
          break;
        case 'playPause':
          void controlLab(client, state.lab.running ? 'pause' : 'play', 'all');
          break;
        case 'focus':
          state.focusNetwork(state.view.focusedNetwork === action.network ? null : action.network);
          break;
        case 'fullscreen':
          void toggleFullscreen((m) => state.addNotice('warning', `Full screen: ${m}`));
          break;
        case 'export': {
          const png = exportItems.find((item) => item.format === 'PNG 2×');
          png
            ?.run()
            .catch((error: unknown) =>
              state.addNotice('error', `Export scene ${number}: ${(error as Error).message}`),
            );
          break;
        }
        case 'toggleMode':
          state.setMode('lab');
          break;
        case 'help':
          setHelp((shown) => !shown);
          break;
        case 'close':
          setHelp(false);
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, client, exportItems, number]);

  const stacked = scene.panels.some((p) => p === 'landscapes' || p === 'boundaries');
  const go = (by: number) => store.getState().goToScene(number + by);
  return (
    <div className="talk" data-testid="talk" data-scene={number}>
      <header className="talk__bar">
        <p className="talk__title">
          <span className="talk__number">
            Scene {number} of {scenes.length}
          </span>{' '}
          {scene.title}
        </p>
        <Steps />
        <nav className="talk__buttons" aria-label="talk controls">
          <button type="button" onClick={() => go(-1)} disabled={number <= 1}>
            ← back
          </button>
          <button type="button" onClick={() => go(1)} disabled={number >= scenes.length}>
            next →
          </button>
          <button
            type="button"
            disabled={!open}
            onClick={() => void controlLab(client, running ? 'pause' : 'play', 'all')}
          >
            {running ? '❚❚ pause' : '▶ play'}
          </button>
          <ExportMenu name={`scene ${number}`} items={exportItems} text="export" />
          <SceneFile />
          <ThemeToggle />
          <button type="button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            keys
          </button>
          <button
            type="button"
            onClick={() => store.getState().setMode('lab')}
            aria-keyshortcuts="t"
          >
            lab
          </button>
        </nav>
      </header>
      <div className="talk__notices">
        <Notices />
      </div>
      <p className="talk__caption" data-testid="scene-caption" aria-live="polite">
        {scene.caption}
      </p>
      <main
        className={stacked ? 'talk__panels talk__panels--stacked' : 'talk__panels'}
        style={{ '--panels': scene.panels.length } as React.CSSProperties}
      >
        {scene.panels.map((panel) => (
          <section key={panel} className="talk__panel" data-panel={panel}>
            <ScenePanelView panel={panel} camera={camera} />
          </section>
        ))}
      </main>
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
