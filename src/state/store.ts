/**
 * The one app store (zustand, vanilla so that non-React code — the engine client, the URL sync,
 * the test hook — reads and writes it too), made of typed slices, each with its actions next to
 * its state (zustand's slices pattern; one file each in ./slices):
 *
 * - config: the experiment, mirrored in the URL — setConfig, setTraining, setInspect;
 * - engine: the backend — engineStarting, engineProgress, engineReady, engineLost, engineFailed,
 *   setSelfTest;
 * - data: the loaded dataset — datasetLoading, datasetLoaded, datasetFailed;
 * - lab: training summaries — labOpening, labOpened, labFailed, trainingDelta, networkImported,
 *   setImportChoice;
 * - inspection: the analysis panels' stamps and jobs — clearResults, setWanted, setJob, jobEnded,
 *   addStamp;
 * - notices: messages for the user — addNotice, dismissNotice;
 * - sessions: saved sessions — setRecentSessions, sessionResumed, autosaved, autosaveFailed;
 * - offline: whether the service worker has stored the app for offline use — setOffline;
 * - view: camera, chart picks, focused network — setView, setCameraPose, setChartPicks,
 *   focusNetwork, resetView; and the presentation (lab/talk, theme, scenes) — setMode, setTheme,
 *   goToScene, setScenes.
 *
 * Every write goes through an action; each action changes its own slice only. Per-step numbers
 * and analysis arrays bypass this store through frame buffers; only summaries come here.
 */
import { createStore } from 'zustand/vanilla';
import { DEFAULT_CONFIG, type Config } from './config';
import { createConfigSlice, type ConfigSlice } from './slices/config';
import { createDataSlice, type DataSlice } from './slices/data';
import { createEngineSlice, type EngineSlice } from './slices/engine';
import { createInspectionSlice, type InspectionSlice } from './slices/inspection';
import { createLabSlice, type LabSlice } from './slices/lab';
import { createNoticeSlice, type NoticeSlice } from './slices/notices';
import { createOfflineSlice, type OfflineSlice } from './slices/offline';
import { createSessionsSlice, type SessionsSlice } from './slices/sessions';
import type { Presentation } from './presentation';
import { createViewSlice, type ViewSlice } from './slices/view';

export type { ConfigSlice } from './slices/config';
export type { DataSlice, DataState, LoadedDataset } from './slices/data';
export type { EnginePhase, EngineSlice, EngineState, SelfTest } from './slices/engine';
export type {
  InspectionJobStatus,
  InspectionSlice,
  InspectionState,
  ResultStamp,
} from './slices/inspection';
export { emptySummary, type LabSlice, type LabState, type NetworkSummary } from './slices/lab';
export type { Notice, NoticeSlice } from './slices/notices';
export type { OfflinePhase, OfflineSlice, OfflineState } from './slices/offline';
export type {
  RecentSession,
  ResumedSession,
  SessionsSlice,
  SessionsState,
} from './slices/sessions';
export type {
  CameraPose,
  ChartPicks,
  PresentationState,
  ViewSlice,
  ViewState,
} from './slices/view';

export type AppState = ConfigSlice &
  EngineSlice &
  DataSlice &
  LabSlice &
  InspectionSlice &
  NoticeSlice &
  OfflineSlice &
  SessionsSlice &
  ViewSlice;

export function createAppStore(
  initialConfig: Config = DEFAULT_CONFIG,
  presentation: Partial<Presentation> = {},
) {
  return createStore<AppState>()((...a) => ({
    ...createConfigSlice(initialConfig)(...a),
    ...createEngineSlice(...a),
    ...createDataSlice(...a),
    ...createLabSlice(...a),
    ...createInspectionSlice(...a),
    ...createNoticeSlice(...a),
    ...createOfflineSlice(...a),
    ...createSessionsSlice(...a),
    ...createViewSlice(presentation)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
