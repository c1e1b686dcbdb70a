/** The offline slice: whether this browser holds everything the app needs to run with the network off. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store';

/**
 * - unavailable: no service worker here (the dev server, or a page not on https or localhost);
 * - storing: the service worker is downloading the app, data and checkpoints (the first visit);
 * - ready: all of it is stored: a reload with the network off opens the app and trains;
 * - failed: storing failed (e.g. the disk is full); the next visit tries again.
 */
export type OfflinePhase = 'unavailable' | 'storing' | 'ready' | 'failed';

export interface OfflineState {
  phase: OfflinePhase;
  /** Why it is unavailable or failed; empty otherwise. */
  detail: string;
}

export interface OfflineSlice {
  offline: OfflineState;
  setOffline: (phase: OfflinePhase, detail?: string) => void;
}

export const createOfflineSlice: StateCreator<AppState, [], [], OfflineSlice> = (set) => ({
  offline: { phase: 'unavailable', detail: 'not checked yet' },
  setOffline: (phase, detail = '') => set({ offline: { phase, detail } }),
});
