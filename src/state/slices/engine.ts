/**
 * The engine slice: which backend the worker runs on, how starting it goes, and the check
 * computation's result. Written by the engine client (client/engineClient.ts) only.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BackendName, BackendStatus } from '../../worker/protocol';
import type { AppState } from '../store';

export type EnginePhase = 'starting' | 'ready' | 'failed';

export interface SelfTest {
  backend: BackendName;
  values: number[];
  ok: boolean;
}

export interface EngineState {
  phase: EnginePhase;
  /** Latest progress line while choosing a backend. */
  progress: string | null;
  status: BackendStatus | null;
  error: string | null;
  /** The check computation's result on the active backend. */
  selfTest: SelfTest | null;
}

export interface EngineSlice {
  engine: EngineState;
  /** A backend is being chosen (first start, or the config asked for another backend). */
  engineStarting: () => void;
  engineProgress: (message: string) => void;
  engineReady: (status: BackendStatus) => void;
  /** The device went; the worker is choosing another backend (the old self-test no longer holds). */
  engineLost: () => void;
  engineFailed: (error: string) => void;
  setSelfTest: (selfTest: SelfTest) => void;
}

export const createEngineSlice: StateCreator<AppState, [], [], EngineSlice> = (set) => {
  const patch = (change: Partial<EngineState>) =>
    set((state) => ({ engine: { ...state.engine, ...change } }));
  return {
    engine: { phase: 'starting', progress: null, status: null, error: null, selfTest: null },
    engineStarting: () => patch({ phase: 'starting', progress: null, error: null }),
    engineProgress: (message) => patch({ progress: message }),
    engineReady: (status) => patch({ phase: 'ready', status, progress: null, error: null }),
    engineLost: () => patch({ phase: 'starting', selfTest: null }),
    engineFailed: (error) => patch({ phase: 'failed', error }),
    setSelfTest: (selfTest) => patch({ selfTest }),
  };
};
