/**
 * The live lab on the main thread: opens a session once both the dataset and the backend are
 * ready (again whenever what defines the networks changes), forwards training settings, and routes
 * training deltas to the frame buffers (every point) and to the store (a summary per delta).
 */
import type { AppState, AppStore } from '../state/store';
import type { EngineEvent } from '../worker/protocol';
import type { EngineClient } from './engineClient';
import { trainingSeries } from './trainingSeries';
import type { NetworkId } from '../core/names';

/** What defines the three networks: when it changes, the lab is opened anew (and the analysis
 * panels start over). */
export function labKey(state: AppState): string | null {
  const { config, data, engine } = state;
  if (engine.phase !== 'ready' || data.loading || !data.info || data.info.id !== config.dataset) {
    return null;
  }
  if (data.seed !== config.seed) return null;
  return [
    config.dataset,
    config.seed,
    config.architecture,
    config.activation,
    engine.status?.name,
  ].join('|');
}

export function connectLab(store: AppStore, client: EngineClient): () => void {
  let openedKey: string | null = null;

  const open = async (key: string) => {
    openedKey = key;
    const { config } = store.getState();
    store.getState().labOpening();
    try {
      const reply = await client.call({
        type: 'openLab',
        architecture: config.architecture,
        activation: config.activation,
        seed: config.seed,
        settings: config.training,
        until: config.until,
      });
      if (reply.type !== 'labOpened' || openedKey !== key) return;
      for (const origin of reply.networks) {
        const step = origin.continuedAtStep;
        // A network continuing after a lost device keeps its curves up to the step it resumes at.
        if (step === null) trainingSeries.clearNetwork(origin.id);
        else trainingSeries.truncateAfter(origin.id, step);
      }
      const { dataset, architecture, activation } = config;
      store.getState().labOpened(reply.networks, { dataset, architecture, activation });
      // The app opens on live training: the networks start learning at once (unless they continue
      // a lab that was paused).
      if (reply.play) await client.call({ type: 'control', action: 'play', network: 'all' });
    } catch (error) {
      if (openedKey !== key) return;
      const message = error instanceof Error ? error.message : String(error);
      store.getState().labFailed(message);
    }
  };

  const onEvent = (event: EngineEvent) => {
    // The lab's tensors went with the lost device: open it anew on the next backend.
    if (event.type === 'backendLost') openedKey = null;
    if (event.type !== 'trainingDelta') return;
    trainingSeries.append(event.networks);
    store.getState().trainingDelta(event.running, event.networks);
    // Played on past a pinned link's `until`: the link no longer pins anything.
    if (event.until === null && store.getState().config.until !== null) {
      store.getState().setConfig({ until: null });
    }
  };

  const unsubscribeEvents = client.subscribe(onEvent);
  const unsubscribeStore = store.subscribe((state, previous) => {
    const key = labKey(state);
    if (key !== null && key !== openedKey) void open(key);
    if (state.config.training !== previous.config.training && state.lab.phase === 'open') {
      void client
        .call({ type: 'setSettings', settings: state.config.training })
        .catch(() => undefined);
    }
  });
  return () => {
    unsubscribeEvents();
    unsubscribeStore();
  };
}

/** Sends a play/pause/step/reset to one network or all. */
export function controlLab(
  client: EngineClient,
  action: 'play' | 'pause' | 'step' | 'reset',
  network: NetworkId | 'all',
): Promise<unknown> {
  return client.call({ type: 'control', action, network });
}
