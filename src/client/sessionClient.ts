/**
 * Saving and loading sessions on the main thread: the worker reads the lab out whole (weights,
 * Adam's state, generators, steps, data positions), this adds the link of its settings, its
 * curves and its imported models and writes the file; loading reads and checks the file, asks
 * the worker whether it fits its networks, and only then replaces the lab (labResume.ts).
 */
import { DATASETS } from '../core/datasets/registry';
import { exportFileName } from '../core/export/fileName';
import { savedSteps } from '../core/session/savedSteps';
import {
  readSessionFile,
  SESSION_EXTENSION,
  writeSessionFile,
  type LabSessionData,
} from '../core/session/sessionFile';
import type { Config } from '../state/config';
import type { AppStore } from '../state/store';
import { parseConfigFromSearch, searchFromConfig } from '../state/url';
import type { EngineClient } from './engineClient';
import { asSavedLabMessage, asSessionImports } from '../worker/sessionProtocol';
import { buildKey, type LabResumer, type ResumeSource } from './labResume';
import { trainingSeries } from './trainingSeries';
import { ARCHITECTURE_NAMES, HIDDEN_ACTIVATION_NAMES, NETWORK_IDS } from '../core/names';

/** The lab now, as a session: the worker's copy of the networks and this thread's curves. */
export async function currentSession(
  store: AppStore,
  client: EngineClient,
): Promise<LabSessionData> {
  const reply = await client.call({ type: 'saveLab' });
  if (reply.type !== 'labSaved') throw new Error(`the engine answered ${reply.type}`);
  const { config, engine } = store.getState();
  return {
    savedAt: new Date().toISOString(),
    app: { name: 'Curvature Lab', version: __APP_VERSION__ },
    link: sessionLink(config),
    backend: engine.status?.name ?? 'unknown',
    until: reply.until,
    lab: reply.lab,
    histories: trainingSeries.snapshot(),
    imported: reply.imported,
  };
}

/** The settings' link without the backend (a session continues on the backend it is loaded on)
 * and without `until` (the file holds it). */
function sessionLink(config: Config): string {
  const params = new URLSearchParams(searchFromConfig({ ...config, until: null }));
  params.delete('backend');
  return `?${params.toString()}`;
}

/** e.g. `session_all_mnist_step120-118-119.curvlab`. */
export function sessionFileName(data: LabSessionData, dataset: string): string {
  const steps = savedSteps(data.lab);
  return exportFileName({
    panel: 'session',
    network: 'all',
    dataset,
    sample: null,
    steps: NETWORK_IDS.map((id) => steps[id]),
    extension: SESSION_EXTENSION.slice(1),
  });
}

/** "MNIST · MLP · relu · seed 0": which lab a session is of. */
export function sessionTitle(
  config: Pick<Config, 'dataset' | 'architecture' | 'activation' | 'seed'>,
) {
  const dataset = DATASETS[config.dataset].info.name;
  const build = ARCHITECTURE_NAMES[config.architecture];
  const activation = HIDDEN_ACTIVATION_NAMES[config.activation];
  return `${dataset} · ${build} · ${activation} · seed ${config.seed}`;
}

export async function saveSessionFile(store: AppStore, client: EngineClient) {
  const data = await currentSession(store, client);
  const bytes = await writeSessionFile(data);
  return { bytes, data, fileName: sessionFileName(data, store.getState().config.dataset) };
}

/** A session file read, checked and found to fit: `apply` replaces the lab with it. */
export interface PreparedSession {
  readonly session: LabSessionData;
  /** Offers the session and switches the config to its lab; resolves once the lab opened on it
   * (rejects with why not). */
  apply(): Promise<void>;
  /** Offers the session to the next lab of the current config's build, which must be its build
   * (an autosave after the engine restarted), leaving the config as it is; resolves once the lab
   * opened on it. */
  continueHere(): Promise<void>;
}

/**
 * Reads and checks a session file: its format, its settings link, and (in the worker) whether its
 * networks fit the build they would continue in. Nothing changes yet. Resolves to the prepared
 * session, or to the refusal's message.
 */
export async function prepareSession(
  store: AppStore,
  client: EngineClient,
  resumer: LabResumer,
  bytes: Uint8Array,
  name: string,
  source: ResumeSource,
): Promise<PreparedSession | string> {
  const read = await readSessionFile(bytes, name);
  if (!read.ok) return read.message;
  const session = read.session;
  const parsed = parseConfigFromSearch(session.link);
  if (parsed.problems.length > 0)
    return `${name} was not loaded: its settings: ${parsed.problems[0]}`;
  const target = parsed.config;
  // The check builds networks: it waits for the engine's backend.
  await whenEngineReady(store);
  const checked = await client.call({
    type: 'checkSavedLab',
    dataset: target.dataset,
    architecture: target.architecture,
    activation: target.activation,
    lab: asSavedLabMessage(session.lab),
    imported: asSessionImports(session.imported),
  });
  if (checked.type !== 'savedLabChecked') return `${name} was not loaded: ${checked.type}`;
  if (checked.problem) return `${name} was not loaded: ${checked.problem}`;
  const apply = async () => {
    const { config } = store.getState();
    const next: Config = { ...target, backend: config.backend, until: session.until };
    // Offered before the config changes, so that the lab the change opens takes it. The lab on
    // screen is being replaced from now on (its last deltas must not touch the new config).
    const opened = resumer.offer({ session, source, build: buildKey(next) });
    store.getState().labOpening();
    store.getState().setConfig(next);
    await opened;
    resumed();
  };
  const continueHere = async () => {
    await resumer.offer({ session, source, build: buildKey(store.getState().config) });
    resumed();
  };
  const resumed = () =>
    store.getState().sessionResumed({
      source,
      name,
      savedAt: session.savedAt,
      steps: savedSteps(session.lab),
    });
  return { session, apply, continueHere };
}

/**
 * Loads a session file's bytes: refused with a notice naming the fault (the lab as it was keeps
 * training), or the lab is replaced by the session's and continues from it. Resolves to whether
 * it loaded.
 */
export async function loadSession(
  store: AppStore,
  client: EngineClient,
  resumer: LabResumer,
  bytes: Uint8Array,
  name: string,
  source: ResumeSource = 'file',
): Promise<boolean> {
  const prepared = await prepareSession(store, client, resumer, bytes, name, source);
  try {
    if (typeof prepared === 'string') throw new Error(prepared);
    await prepared.apply();
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const said = message.includes('was not loaded')
      ? message
      : `${name} was not loaded: ${message}`;
    store.getState().addNotice('error', said);
    return false;
  }
}

/** Resolves once the engine has a backend (at once if it has). */
function whenEngineReady(store: AppStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (store.getState().engine.phase !== 'ready') return false;
      resolve();
      return true;
    };
    if (check()) return;
    const unsubscribe = store.subscribe(() => {
      if (check()) unsubscribe();
    });
  });
}
