/** The status bar's backend readout: which backend runs, on what adapter, and why the others did not. */
import { useApp } from './storeContext';

export function BackendStatus() {
  const engine = useApp((s) => s.engine);
  if (engine.phase === 'failed') {
    return (
      <div className="backend backend--failed" role="status" data-testid="backend-status">
        engine failed: <span data-testid="backend-error">{engine.error}</span>
      </div>
    );
  }
  if (engine.phase === 'starting' || !engine.status) {
    return (
      <div className="backend" role="status" data-testid="backend-status">
        choosing a backend… <span className="muted">{engine.progress}</span>
      </div>
    );
  }
  const { status, selfTest } = engine;
  const adapter = status.adapter;
  return (
    <details className="backend" data-testid="backend-status">
      <summary>
        backend: <strong data-testid="backend-name">{status.name}</strong>
        {adapter && (
          <span className="chip" data-testid="adapter">
            {adapter.vendor || 'unknown'} · {adapter.architecture || 'unknown'}
            {adapter.isFallbackAdapter ? ' · software fallback' : ''}
          </span>
        )}
        {selfTest && (
          <span
            className={selfTest.ok ? 'chip chip--ok' : 'chip chip--bad'}
            data-testid="self-test"
            title={`check computation on ${selfTest.backend}: ${selfTest.values.join(', ')}`}
          >
            {selfTest.ok ? 'self-test ✓' : 'self-test ✗'}
          </span>
        )}
        <span className="why">why?</span>
      </summary>
      <div className="backend__details">
        <p data-testid="backend-reason">{status.reason}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">backend</th>
              <th scope="col">outcome</th>
              <th scope="col">detail</th>
            </tr>
          </thead>
          <tbody>
            {status.candidates.map((c) => (
              <tr key={c.name} data-testid={`candidate-${c.name}`}>
                <td>{c.name}</td>
                <td>{c.outcome}</td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
