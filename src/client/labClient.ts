/**
 * The live lab on the main thread: opens a session once both the dataset and the backend are
 * ready (again whenever what defines the networks changes), forwards training settings, and routes
 * training deltas to the frame buffers (every point) and to the store (a summary per delta).
 */
import type { AppState, AppStore } from '../state/store';
import type { EngineEvent } from '../worker/protocol';
import type { EngineClient } from './engineClient';
import { asSavedLabMessage, asSessionImports } from '../worker/sessionProtocol';
import { buildKey, LabResumer } from './labResume';
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

/**
 * @param resumer saved labs to continue (a loaded session, the autosave): the first lab waits for
 *   its lookups, and a lab of an offered build opens on it, with its curves.
 */
export function connectLab(
  store: AppStore,
  client: EngineClient,
  resumer: LabResumer = new LabResumer(),
): () => void {
  let openedKey: string | null = null;
  /** Bumped by every open: only the latest one's reply counts (an earlier one of the same key,
   * e.g. before a session of this lab was loaded, is stale). */
  let openToken = 0;

  const open = async (key: string) => {
    const token = ++openToken;
    openedKey = key;
    store.getState().labOpening();
    await resumer.ready();
    if (token !== openToken) return;
    const { config } = store.getState();
    const offered = resumer.take(buildKey(config));
    const session = offered?.resume.session ?? null;
    try {
      const reply = await client.call({
        type: 'openLab',
        architecture: config.architecture,
        activation: config.activation,
        seed: config.seed,
        settings: config.training,
        until: config.until,
        ...(session
          ? {
              resume: asSavedLabMessage(session.lab),
              resumeImports: asSessionImports(session.imported),
            }
          : {}),
      });
      if (reply.type !== 'labOpened' || token !== openToken) {
        offered?.settle('the lab changed while it opened');
        return;
      }
      // A continued session brings its curves; a network continuing after a lost device keeps
      // its curves up to the step it resumes at.
      if (session) trainingSeries.restore(session.histories);
      else {
        for (const origin of reply.networks) {
          const step = origin.continuedAtStep;
          if (step === null) trainingSeries.clearNetwork(origin.id);
          else trainingSeries.truncateAfter(origin.id, step);
        }
      }
      const { dataset, architecture, activation } = config;
      store.getState().labOpened(reply.networks, { dataset, architecture, activation });
      // A lab opened on no session no longer continues one.
      if (!session) store.getState().sessionResumed(null);
      offered?.settle(null);
      // The app opens on live training: the networks start learning at once (unless they continue
      // a lab that was paused).
      if (reply.play) await client.call({ type: 'control', action: 'play', network: 'all' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      offered?.settle(message);
      if (token !== openToken) return;
      store.getState().labFailed(message);
    }
  };

  const onEvent = (event: EngineEvent) => {
    // The lab's tensors went with the lost device: open it anew on the next backend.
    if (event.type === 'backendLost') openedKey = null;
    if (event.type !== 'trainingDelta') return;
    trainingSeries.append(event.networks);
    store.getState().trainingDelta(event.running, event.networks);
    // Played on past a pinned link's `until`: the link no longer pins anything. (Deltas of a lab
    // being replaced say nothing about the one opening.)
    const { lab, config } = store.getState();
    if (event.until === null && config.until !== null && lab.phase === 'open') {
      store.getState().setConfig({ until: null });
    }
  };

  // An offered lab opens even when its build is already open (loading a session of this lab), as
  // does a fresh start asked for ("Start from the checkpoints").
  const unsubscribeOffers = resumer.onOffer(() => {
    const key = labKey(store.getState());
    const freshOrOffered = !resumer.hasAny() || resumer.has(buildKey(store.getState().config));
    if (key !== null && freshOrOffered) void open(key);
  });
  const unsubscribeEvents = client.subscribe(onEvent);
  // A restarted engine holds no lab: the next ready engine opens it anew (engineRestart.ts says
  // from which copy), and an open in flight on the dead worker no longer counts.
  const unsubscribeRestart = client.onRestart(() => {
    openedKey = null;
    openToken++;
  });
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
    unsubscribeOffers();
    unsubscribeEvents();
    unsubscribeRestart();
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
