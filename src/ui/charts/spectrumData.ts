/**
 * Shapes input-Hessian spectra (eigenvalues, descending; top-k or all d) for the spectrum chart:
 * x = eigenvalue index from 1, one series per network, shorter spectra padded with null.
 */
import { alignColumns, type AlignedColumns } from './align';
import { countNonPositive, positiveOrNull } from './logScale';
import { NETWORK_IDS, type NetworkId } from '../../core/names';

export type AxisScale = 'linear' | 'log';

export interface SpectrumData {
  /** [index 1…n, standard, adversarial, cure]. */
  readonly data: AlignedColumns;
  /** Finite eigenvalues a log axis cannot draw (λ ≤ 0), per network; all zero on a linear axis. */
  readonly hidden: Record<NetworkId, number>;
}

/** One row per network in NETWORK_IDS order; a null spectrum gives an all-null series. */
export function spectrumData(
  spectra: Record<NetworkId, Float64Array | null>,
  scale: AxisScale,
): SpectrumData {
  const columns = NETWORK_IDS.map((id) => {
    const values = spectra[id];
    return values ? { xs: indicesFromOne(values.length), ys: values } : null;
  });
  const data = scale === 'log' ? alignColumns(columns, positiveOrNull) : alignColumns(columns);
  const hidden = Object.fromEntries(
    NETWORK_IDS.map((id) => {
      const values = spectra[id];
      return [id, scale === 'log' && values ? countNonPositive(values) : 0];
    }),
  ) as Record<NetworkId, number>;
  return { data, hidden };
}

function indicesFromOne(length: number): Float64Array {
  const xs = new Float64Array(length);
  for (let i = 0; i < length; i++) xs[i] = i + 1;
  return xs;
}
