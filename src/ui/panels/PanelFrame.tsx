/**
 * The frame every analysis panel sits in: a title, what the picture shows (step and sample), a
 * "stale" mark when it answers an older question, a progress bar while its replacement is being
 * computed, and the analysis error if there is one. Test hooks: data-steps, data-sample,
 * data-stale on the root.
 */
import type { ReactNode } from 'react';
import { PanelErrorBoundary } from './PanelErrorBoundary';
import type { PanelStatus } from './panelStatus';

export function PanelFrame(props: {
  title: string;
  status: PanelStatus;
  testId: string;
  children: ReactNode;
  /** Controls next to the title (a picker, a toggle). */
  actions?: ReactNode;
  className?: string;
}) {
  const { title, status, testId, children, actions, className } = props;
  return (
    <section
      className={`panel-frame ${className ?? ''}`}
      aria-label={title}
      aria-busy={status.progress !== null}
      data-testid={testId}
      data-steps={status.steps}
      data-sample={status.sample}
      data-stale={status.stale}
    >
      <header className="panel-frame__header">
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
      </header>
      {status.progress !== null && (
        <progress
          className="panel-frame__progress"
          value={status.progress}
          max={1}
          aria-label={`${title}: computing`}
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
