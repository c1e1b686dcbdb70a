/**
 * Export file names: panel, network, dataset, sample and step, e.g.
 * `landscape_cure_mnist_test8_step812@2x.png`; a three-network figure says `all` and the steps of
 * the three (`landscape_all_mnist_test8_step812-790-805.png`); batch panels (over many test
 * points) leave the sample out.
 */
export interface FileNameParts {
  readonly panel: string;
  /** A network id, or 'all'. */
  readonly network: string;
  readonly dataset: string;
  /** null for batch panels. */
  readonly sample: number | null;
  /** One step, or one per network. */
  readonly steps: readonly number[];
  /** PNG scale (1 writes no suffix). */
  readonly scale?: number;
  readonly extension: string;
}

export function exportFileName(parts: FileNameParts): string {
  const pieces = [
    parts.panel,
    parts.network,
    parts.dataset,
    ...(parts.sample === null ? [] : [`test${parts.sample}`]),
    `step${parts.steps.join('-')}`,
  ];
  const scale = parts.scale !== undefined && parts.scale !== 1 ? `@${parts.scale}x` : '';
  return `${pieces.join('_').replace(/[^\w@.-]/g, '-')}${scale}.${parts.extension}`;
}
