/**
 * What the lab does when its engine worker died and was restarted (engineClient.ts): it reopens
 * on the freshest copy the main thread holds — this build's autosave — or on its checkpoints when
 * there is none, plays on if it was training, and says so, naming the steps it continues from.
 */
import { NETWORK_IDS } from '../core/names';
import type { AppStore } from '../state/store';
import type { Autosave } from './autosave';
import type { EngineClient } from './engineClient';
import { controlLab } from './labClient';
import type { LabResumer } from './labResume';

export function connectEngineRestart(
  store: AppStore,
  client: EngineClient,
  resumer: LabResumer,
  autosave: Autosave,
): () => void {
  return client.onRestart((reason) => {
    const wasRunning = store.getState().lab.running;
    store.getState().labOpening();
    const offer = autosave.offerAfterRestart();
    // The reopening lab waits until the autosave is offered (or found missing).
    resumer.waitFor(offer);
    void offer.then(
      async (copy) => {
        const stopped = `The engine stopped (${reason}) and was restarted.`;
        if (!copy.ok) {
          store
            .getState()
            .addNotice(
              'warning',
              `${stopped} The networks start again from their checkpoints: ${copy.why}.`,
            );
          return;
        }
        try {
          await copy.opened;
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          store
            .getState()
            .addNotice('warning', `${stopped} Its autosave could not be continued (${why}).`);
          return;
        }
        const steps = NETWORK_IDS.map((id) => copy.steps[id]).join(' / ');
        const at = new Date(copy.savedAt).toLocaleTimeString();
        store
          .getState()
          .addNotice(
            'warning',
            `${stopped} The networks continue from the autosave of ${at}: steps ${steps} (standard / adversarial / CURE); steps taken after it were lost.`,
          );
        if (wasRunning) await controlLab(client, 'play', 'all').catch(() => undefined);
      },
      (error: unknown) => {
        // Reading or checking the autosave failed (the fresh engine died too): say so, not nothing.
        const why = error instanceof Error ? error.message : String(error);
        store
          .getState()
          .addNotice(
            'warning',
            `The engine stopped (${reason}); its autosave was not read (${why}).`,
          );
      },
    );
  });
}
