/**
 * The three-network layout: one column per network, in fixed order and colour. The landscape and
 * boundary panels are filled by the analysis stages; until then each frame says what it will hold.
 */
import { NetworkStats } from './NetworkStats';
import { NETWORKS } from './networks';

export function NetworkColumns() {
  return (
    <section className="networks" aria-label="networks">
      {NETWORKS.map((network) => (
        <article
          key={network.id}
          className="network"
          style={{ '--network-colour': network.colour } as React.CSSProperties}
          data-testid={`network-${network.id}`}
        >
          <header className="network__header">
            <h2>{network.name}</h2>
            <p className="muted">{network.method}</p>
          </header>
          <NetworkStats id={network.id} />
          <div className="panel" aria-label={`${network.name} loss landscape`}>
            <span className="muted">3D loss landscape · not computed yet</span>
          </div>
          <div className="panel" aria-label={`${network.name} decision boundary`}>
            <span className="muted">decision-boundary slice · not computed yet</span>
          </div>
        </article>
      ))}
    </section>
  );
}
