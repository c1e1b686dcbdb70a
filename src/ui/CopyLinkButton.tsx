/**
 * "Copy link": copies the current view's link, pinned with `until` at the networks' step when
 * all three are paused at the same step (src/state/pinnedLink.ts). Says in words that it copied,
 * or shows the link to copy by hand when the browser refuses the clipboard.
 */
import { useEffect, useState } from 'react';
import { linkWithUntil, pinOf } from '../state/pinnedLink';
import { useApp } from './storeContext';

type Outcome = { kind: 'copied'; until: number | null } | { kind: 'refused'; link: string } | null;

/** How long "Link copied" stays visible. */
const CONFIRMATION_MS = 4000;

export function CopyLinkButton() {
  const lab = useApp((s) => s.lab);
  const open = lab.phase === 'open';
  // Computed here, not in the selector: a selector must return the same value for the same state.
  const pin = pinOf(lab);
  const until = pin.until;
  const [outcome, setOutcome] = useState<Outcome>(null);
  useEffect(() => {
    if (outcome?.kind !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [outcome]);
  const copy = async () => {
    const link = linkWithUntil(window.location.href, until);
    try {
      // Undefined outside secure contexts; a refused permission rejects.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setOutcome({ kind: 'copied', until });
    } catch {
      setOutcome({ kind: 'refused', link });
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={!open}
        data-testid="copy-link"
        data-until={until ?? undefined}
        onClick={() => void copy()}
        title={`Copy this view's link: ${pin.reason}`}
      >
        copy link
      </button>
      {outcome && (
        <p className="run-buttons__message" role="status" data-testid="copy-link-status">
          {outcome.kind === 'copied' ? (
            outcome.until !== null ? (
              `Link copied (until=${outcome.until}).`
            ) : (
              'Link copied.'
            )
          ) : (
            <>
              The browser refused the clipboard; copy the link by hand:{' '}
              <input
                readOnly
                aria-label="link to copy"
                value={outcome.link}
                onFocus={(event) => event.currentTarget.select()}
              />
            </>
          )}
        </p>
      )}
    </>
  );
}
