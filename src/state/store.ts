/**
 * The one app store (zustand, vanilla so that non-React code — the engine client, the URL sync,
 * the test hook — reads and writes it too). Slices: config (mirrored in the URL), engine (backend
 * status), data (the loaded dataset's test split for the gallery), notices (messages for the user).
 * Per-step numbers will bypass this store through frame buffers; only summaries come here.
 */
import { createStore } from 'zustand/vanilla';
import type { DatasetInfo, DatasetSplit } from '../core/datasets/types';
import type { BackendName, BackendStatus } from '../worker/protocol';
import { DEFAULT_CONFIG, type Config } from './config';

export interface ConfigSlice {
  config: Config;
  setConfig: (patch: Partial<Config>) => void;
}

export type EnginePhase = 'starting' | 'ready' | 'failed';

export interface EngineSlice {
  engine: {
    phase: EnginePhase;
    /** Latest progress line while choosing a backend. */
    progress: string | null;
    status: BackendStatus | null;
    error: string | null;
    /** The check computation's result on the active backend. */
    selfTest: { backend: BackendName; values: number[]; ok: boolean } | null;
  };
}

export interface DataSlice {
  data: {
    loading: boolean;
    info: DatasetInfo | null;
    seed: number | null;
    test: DatasetSplit | null;
    trainCount: number;
    error: string | null;
  };
}

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
}

export interface NoticeSlice {
  notices: Notice[];
  addNotice: (kind: Notice['kind'], text: string) => void;
  dismissNotice: (id: number) => void;
}

export type AppState = ConfigSlice & EngineSlice & DataSlice & NoticeSlice;

let nextNoticeId = 1;

export function createAppStore(initialConfig: Config = DEFAULT_CONFIG) {
  return createStore<AppState>()((set) => ({
    config: initialConfig,
    setConfig: (patch) => set((state) => ({ config: { ...state.config, ...patch } })),
    engine: { phase: 'starting', progress: null, status: null, error: null, selfTest: null },
    data: { loading: false, info: null, seed: null, test: null, trainCount: 0, error: null },
    notices: [],
    addNotice: (kind, text) =>
      set((state) => ({ notices: [...state.notices, { id: nextNoticeId++, kind, text }] })),
    dismissNotice: (id) =>
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
