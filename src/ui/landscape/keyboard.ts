/**
 * Keyboard control of the shared camera from a focused canvas: arrows orbit (Shift: larger steps),
 * + and − zoom, 0 or Home resets. OrbitControls' own keys pan (and orbit only with a modifier), so
 * the canvas handles keys itself instead of calling its listenToKeyEvents.
 */
import type { SharedCamera } from './sharedCamera';

const STEP = (5 * Math.PI) / 180;
const ZOOM = 0.9;

/** What the keys do, for the canvas' accessible description. */
export const KEYBOARD_HELP =
  'Arrow keys rotate the view (Shift for larger steps), + and − zoom, 0 resets. ' +
  'Drag to rotate, scroll to zoom (once the view is clicked, or with Ctrl held), right-drag to ' +
  'pan, double-click to reset. ' +
  'All three landscape views move together.';

export function attachKeyboard(element: HTMLElement, shared: SharedCamera): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = event.shiftKey ? 3 * STEP : STEP;
    switch (event.key) {
      case 'ArrowLeft':
        shared.orbit(step, 0);
        break;
      case 'ArrowRight':
        shared.orbit(-step, 0);
        break;
      case 'ArrowUp':
        shared.orbit(0, -step);
        break;
      case 'ArrowDown':
        shared.orbit(0, step);
        break;
      case '+':
      case '=':
        shared.dolly(ZOOM);
        break;
      case '-':
      case '_':
        shared.dolly(1 / ZOOM);
        break;
      case '0':
      case 'Home':
        shared.reset();
        break;
      default:
        return;
    }
    event.preventDefault(); // no page scroll on arrows
  };
  element.addEventListener('keydown', onKey);
  return () => element.removeEventListener('keydown', onKey);
}
