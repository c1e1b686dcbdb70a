/**
 * The frame every analysis panel sits in: a title, what the picture shows (step and sample), a
 * "stale" mark when it answers an older question, a progress bar while its replacement is being
 * computed, the analysis error if there is one, its Export menu, and a button that enlarges the panel to the whole
 * window (Escape or the button again restores it; the view inside re-sizes from its body).
 * Test hooks: data-steps, data-sample, data-stale, data-maximized on the root.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ExportMenu, type ExportItem } from '../export/ExportMenu';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import type { PanelStatus } from './panelStatus';

export function PanelFrame(props: {
  title: string;
  /** Accessible name when the title is not unique on the page ("Standard: loss landscape"). */
  name?: string;
  status: PanelStatus;
  testId: string;
  children: ReactNode;
  /** Controls next to the title (a picker, a toggle). */
  actions?: ReactNode;
  /** The formats this panel exports (an Export menu beside the maximize button). */
  exports?: readonly ExportItem[];
  /** What the Export button names ("Export loss landscape — CURE"); the panel's name if unset. */
  exportName?: string;
  className?: string;
}) {
  const { title, status, testId, children, actions, exports, className } = props;
  const name = props.name ?? title;
  const [maximized, setMaximized] = useMaximized();
  const frameClass = ['panel-frame', maximized && 'panel-frame--maximized', className]
    .filter(Boolean)
    .join(' ');
  return (
    <section
      className={frameClass}
      aria-label={name}
      aria-busy={status.progress !== null}
      data-testid={testId}
      data-steps={status.steps}
      data-sample={status.sample}
      data-stale={status.stale}
      data-maximized={maximized}
    >
      <header className="panel-frame__header">
        {/* Wraps as the panel narrows; the button stays top right. */}
        <div className="panel-frame__heading">
          <h3>{title}</h3>
          {actions}
          <span className="panel-frame__stamp" title="training step of the weights this shows">
            {status.caption}
          </span>
          {status.stale && status.caption !== '' && (
            <span className="panel-frame__stale" title="computed for another sample or setting">
              stale
            </span>
          )}
        </div>
        {exports && exports.length > 0 && (
          <ExportMenu name={props.exportName ?? name} items={exports} />
        )}
        <MaximizeButton name={name} maximized={maximized} onToggle={setMaximized} />
      </header>
      {status.progress !== null && (
        <progress
          className="panel-frame__progress"
          value={status.progress}
          max={1}
          aria-label={`${name}: computing`}
        />
      )}
      {status.error && status.stale && (
        <p className="panel-frame__error" role="alert">
          analysis failed: {status.error}
        </p>
      )}
      <div className="panel-frame__body">
        <PanelErrorBoundary resetKey={status.steps + status.sample}>{children}</PanelErrorBoundary>
      </div>
    </section>
  );
}

/** Whether the panel fills the window; Escape restores it while it does. */
function useMaximized(): [boolean, (next: boolean) => void] {
  const [maximized, setMaximized] = useState(false);
  useEffect(() => {
    if (!maximized) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      setMaximized(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [maximized]);
  return [maximized, setMaximized];
}

function MaximizeButton(props: {
  name: string;
  maximized: boolean;
  onToggle: (next: boolean) => void;
}) {
  const { name, maximized, onToggle } = props;
  const button = useRef<HTMLButtonElement>(null);
  const wasMaximized = useRef(maximized);
  // Focus stays with the panel's button across both changes (Escape included), so a keyboard
  // user is where they were.
  useEffect(() => {
    if (wasMaximized.current !== maximized && document.activeElement !== button.current)
      button.current?.focus();
    wasMaximized.current = maximized;
  }, [maximized]);
  return (
    <button
      ref={button}
      type="button"
      className="panel-frame__maximize"
      aria-label={`maximize ${name}`}
      aria-pressed={maximized}
      title={maximized ? 'Restore (Escape)' : 'Fill the window (Escape restores)'}
      onClick={() => onToggle(!maximized)}
    >
      <svg
        viewBox="0 0 16 16"
        aria-hidden="true"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        {maximized ? (
          <path d="M6 1v5H1M10 1v5h5M6 15v-5H1M10 15v-5h5" />
        ) : (
          <path d="M1 6V1h5M15 6V1h-5M1 10v5h5M15 10v5h-5" />
        )}
      </svg>
    </button>
  );
}
