/**
 * The charts' legend, in React rather than uPlot's: network names and colours stay visible without
 * hovering (slides), and entries can carry a value or a line style (dashed = exact).
 */
import { textShade } from '../networks';

export interface LegendEntry {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  /** How the swatch looks: a line (default), a dashed line, a dot, or a bar with a dot (bounds). */
  readonly swatch?: 'line' | 'dashed' | 'dot' | 'whisker';
  /** Shown after the label, e.g. the value at the marked h. */
  readonly value?: string;
  /** A second swatch and value in the same entry (the dashed exact value beside the curve's). */
  readonly secondary?: { readonly swatch: 'line' | 'dashed' | 'dot'; readonly value: string };
}

export function ChartLegend({ entries }: { entries: readonly LegendEntry[] }) {
  return (
    <ul className="chart-legend" aria-label="legend">
      {entries.map((entry) => (
        <li key={entry.key} className="chart-legend__entry">
          <span
            className={`chart-legend__swatch chart-legend__swatch--${entry.swatch ?? 'line'}`}
            style={{ color: entry.colour }}
            aria-hidden="true"
          />
          <span style={{ color: textShade(entry.colour) }} className="chart-legend__label">
            {entry.label}
          </span>
          {entry.value !== undefined && <span className="chart-legend__value">{entry.value}</span>}
          {entry.secondary && (
            <span className="chart-legend__secondary">
              <span
                className={`chart-legend__swatch chart-legend__swatch--${entry.secondary.swatch}`}
                style={{ color: entry.colour }}
                aria-hidden="true"
              />
              <span className="chart-legend__value">{entry.secondary.value}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
