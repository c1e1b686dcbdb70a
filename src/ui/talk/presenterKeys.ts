/**
 * The presenter's keys, on the whole page: → and PageDown next scene, ← and PageUp back (what
 * presentation clickers send), Space play/pause training, 1 2 3 focus one network (again: all
 * three), f full screen, e export the scene as PNG 2×, t talk ↔ lab, ? the key help, Escape
 * closes it. Keys typed into a field, or pressed on a control that uses them, are left alone.
 */
import { NETWORK_IDS } from '../../core/names';

export const PRESENTER_KEYS: readonly { keys: string; does: string }[] = [
  { keys: '→  PageDown', does: 'next scene' },
  { keys: '←  PageUp', does: 'previous scene' },
  { keys: 'Space', does: 'play / pause training' },
  { keys: '1  2  3', does: 'focus Standard / Adversarial / CURE (again: all three)' },
  { keys: 'f', does: 'full screen' },
  { keys: 'e', does: 'export this scene as PNG 2×' },
  { keys: 't', does: 'talk ↔ lab' },
  { keys: '?', does: 'this help' },
  { keys: 'Escape', does: 'close the help' },
];

export type PresenterAction =
  | { type: 'scene'; by: 1 | -1 }
  | { type: 'playPause' }
  | { type: 'focus'; network: (typeof NETWORK_IDS)[number] }
  | { type: 'fullscreen' }
  | { type: 'export' }
  | { type: 'toggleMode' }
  | { type: 'help' }
  | { type: 'close' };

/** Whether a key event belongs to the element it was typed in (a field, a menu, a button). */
function ownedByTarget(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // Sliders take arrows and Page keys; text fields take everything.
    return type !== 'checkbox' && type !== 'radio' && type !== 'file' && type !== 'button';
  }
  if (target.closest('[role="menu"]')) return true;
  // A focused button or link is activated by Space (and Enter): let it be.
  if (event.key === ' ' && (tag === 'BUTTON' || tag === 'A' || target.role === 'menuitem'))
    return true;
  return false;
}

/** The action a key stands for in `mode`, or null (the key is not ours there). */
export function presenterAction(
  event: KeyboardEvent,
  mode: 'lab' | 'talk',
): PresenterAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (ownedByTarget(event)) return null;
  const key = event.key;
  // The lab keeps its page keys (scrolling) and Space; only the mode and help keys work there.
  if (key === 't') return { type: 'toggleMode' };
  if (key === '?') return { type: 'help' };
  if (key === 'Escape') return { type: 'close' };
  if (mode === 'lab') return null;
  if (key === 'ArrowRight' || key === 'PageDown') return { type: 'scene', by: 1 };
  if (key === 'ArrowLeft' || key === 'PageUp') return { type: 'scene', by: -1 };
  if (key === ' ') return { type: 'playPause' };
  if (key === 'f') return { type: 'fullscreen' };
  if (key === 'e') return { type: 'export' };
  const digit = ['1', '2', '3'].indexOf(key);
  if (digit >= 0) return { type: 'focus', network: NETWORK_IDS[digit]! };
  return null;
}
