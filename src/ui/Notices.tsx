/** Messages for the user (bad URL parameters, a lost GPU device, engine errors), each dismissible. */
import { useContext } from 'react';
import { StoreContext, useApp } from './storeContext';

export function Notices() {
  const notices = useApp((s) => s.notices);
  const store = useContext(StoreContext);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((notice) => (
        <li key={notice.id} className={`notice notice--${notice.kind}`} data-testid="notice">
          <div>
            <span>{notice.text}</span>
            {notice.details && (
              <ul className="notice__details">
                {notice.details.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            aria-label="dismiss"
            onClick={() => store?.getState().dismissNotice(notice.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
