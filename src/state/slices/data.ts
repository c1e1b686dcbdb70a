/** The data slice: the loaded dataset's test split (the gallery) and, for 2-D sets, its training split. */
import type { StateCreator } from 'zustand/vanilla';
import type { DatasetInfo, DatasetSplit } from '../../core/datasets/types';
import type { AppState } from '../store';

export interface DataState {
  loading: boolean;
  info: DatasetInfo | null;
  seed: number | null;
  test: DatasetSplit | null;
  /** The training split, for 2-D toy sets only (drawn under their decision maps). */
  train: DatasetSplit | null;
  trainCount: number;
  error: string | null;
}

/** What a finished load brings. */
export type LoadedDataset = Pick<DataState, 'seed' | 'trainCount'> & {
  info: DatasetInfo;
  test: DatasetSplit;
  train: DatasetSplit | null;
};

export interface DataSlice {
  data: DataState;
  datasetLoading: () => void;
  datasetLoaded: (loaded: LoadedDataset) => void;
  datasetFailed: (error: string) => void;
}

export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = (set) => ({
  data: {
    loading: false,
    info: null,
    seed: null,
    test: null,
    train: null,
    trainCount: 0,
    error: null,
  },
  datasetLoading: () => set((state) => ({ data: { ...state.data, loading: true, error: null } })),
  datasetLoaded: ({ info, seed, test, train, trainCount }) =>
    set({ data: { loading: false, info, seed, test, train, trainCount, error: null } }),
  datasetFailed: (error) => set((state) => ({ data: { ...state.data, loading: false, error } })),
});
