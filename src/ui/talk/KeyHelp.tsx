/** The presenter's keys as a dialog over the page (`?` opens it, Escape or its button closes it). */
import { useEffect, useRef } from 'react';
import { PRESENTER_KEYS } from './presenterKeys';

export function KeyHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="key-help" role="dialog" aria-modal="true" aria-labelledby="key-help-title">
      <div className="key-help__box">
        <h2 id="key-help-title">Presenter keys</h2>
        <dl>
          {PRESENTER_KEYS.map(({ keys, does }) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">A presentation clicker&apos;s buttons send PageUp and PageDown.</p>
        <button ref={close} type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
