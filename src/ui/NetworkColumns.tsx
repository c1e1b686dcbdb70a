/**
 * The three-network layout: one column per network, in fixed order and colour, each with its live
 * numbers, its loss landscape around x (one camera for the three) and its decision-boundary slice.
 * While the view slice focuses one network, the other two columns recede.
 */
import { useModelDrop } from './ImportModel';
import type { SharedCamera } from './landscape';
import { NetworkButtons, NetworkStats } from './NetworkStats';
import { networkCssVariables, NETWORKS } from './networks';
import { useApp } from './storeContext';
import { BoundaryPanel, LandscapePanel } from './panels/NetworkPanels';

export function NetworkColumns({ camera }: { camera: SharedCamera }) {
  const focused = useApp((s) => s.view.focusedNetwork);
  // Model files dropped on a column are imported into its slot.
  const drop = useModelDrop();
  return (
    <section className="networks" aria-label="networks">
      {NETWORKS.map((network) => (
        <article
          key={network.id}
          className={
            focused === null || focused === network.id ? 'network' : 'network network--receded'
          }
          style={networkCssVariables(network) as React.CSSProperties}
          data-testid={`network-${network.id}`}
          data-drop-target={drop.over === network.id || undefined}
          {...drop.handlers(network.id)}
        >
          <header className="network__header">
            <h2>{network.name}</h2>
            <p className="muted" title={network.method}>
              {network.method}
            </p>
            <NetworkButtons id={network.id} />
          </header>
          <NetworkStats id={network.id} />
          <LandscapePanel id={network.id} camera={camera} />
          <BoundaryPanel id={network.id} />
        </article>
      ))}
    </section>
  );
}
