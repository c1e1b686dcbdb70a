/** The notices slice: messages for the user, shown until dismissed. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store';

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

export const createNoticeSlice: StateCreator<AppState, [], [], NoticeSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    addNotice: (kind, text) =>
      set((state) => ({ notices: [...state.notices, { id: nextId++, kind, text }] })),
    dismissNotice: (id) =>
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  };
};
