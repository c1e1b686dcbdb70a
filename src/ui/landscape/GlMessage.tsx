/**
 * What a landscape view says in its own box when it cannot draw: WebGL is missing, or the view's
 * context was lost. A lost context usually comes back (the browser restores it after a GPU
 * reset) and the view redraws by itself; one the browser took back to stay under its cap on live
 * contexts comes back only once another page context is freed, perhaps never, so after a while
 * the view offers to build a new renderer.
 */
import { useEffect, useState } from 'react';
import type { GlStatus } from './scene';

/** How long a lost context may take to come back before the rebuild button shows (a GPU reset
 * takes a second or two; a button that flashes up and away would be noise). */
export const REBUILD_OFFER_MS = 4000;

interface GlMessageProps {
  status: Exclude<GlStatus, 'ok'>;
  /** The view's test id; the message's is `${testId}-gl-message`. */
  testId: string;
  /** Throws the renderer and its canvas away and starts a new one. */
  onRebuild: () => void;
}

export function GlMessage({ status, testId, onRebuild }: GlMessageProps) {
  const [overdue, setOverdue] = useState(false);
  useEffect(() => {
    if (status !== 'lost') return;
    const timer = window.setTimeout(() => setOverdue(true), REBUILD_OFFER_MS);
    return () => window.clearTimeout(timer);
  }, [status]);
  return (
    <div className="landscape__message" role="status" data-testid={`${testId}-gl-message`}>
      {status === 'lost' ? (
        <p>The 3-D view lost its graphics context; it will redraw when the browser restores it.</p>
      ) : (
        <p>This browser cannot draw 3-D (WebGL is unavailable).</p>
      )}
      {status === 'lost' && overdue && (
        <p>
          It has not come back yet.{' '}
          <button type="button" onClick={onRebuild}>
            Rebuild the 3-D view
          </button>
        </p>
      )}
    </div>
  );
}
