/** The notices slice: messages for the user, shown until dismissed. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store';

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  text: string;
  /** Lines listed under the text (each problem of a link). */
  details?: string[];
}

export interface NoticeSlice {
  notices: Notice[];
  addNotice: (kind: Notice['kind'], text: string, details?: string[]) => void;
  dismissNotice: (id: number) => void;
}

export const createNoticeSlice: StateCreator<AppState, [], [], NoticeSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    addNotice: (kind, text, details) =>
      set((state) => ({
        notices: [...state.notices, { id: nextId++, kind, text, ...(details ? { details } : {}) }],
      })),
    dismissNotice: (id) =>
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  };
};
