/**
 * The top bar's menus for the three-network figures: "Export loss landscapes — three networks"
 * and "Export decision-boundary slices — three networks", each PNG at 1×, 2× and 4× and SVG
 * (rowFigure.ts). They are registered like any panel, so "Export all" includes them.
 */
import { useMemo } from 'react';
import { inspectionFrames } from '../../client/inspectionFrames';
import { NETWORK_IDS } from '../../core/names';
import { lossRange } from '../panels/planeData';
import { useApp } from '../storeContext';
import { ExportMenu } from './ExportMenu';
import { rowPng, rowSteps, rowSvg, type RowKind, type RowSpec } from './rowFigure';
import { useExports, type PanelExports } from './useExports';

function subtitle(kind: RowKind, sample: number): string {
  const steps = rowSteps(kind);
  const shown = steps ? NETWORK_IDS.map((id) => steps[id]).join(' / ') : '–';
  return `steps ${shown} (standard / adversarial / CURE) · test #${sample}`;
}

/** The titles of the two three-network figures. */
export const ROW_TITLES: Readonly<Record<RowKind, string>> = {
  landscape: 'Loss landscapes around x, one height scale',
  boundary: 'Decision-boundary slices through x',
};

/** A three-network figure of the current results (talk mode's scene export uses it too). */
export function rowSpec(kind: RowKind, sample: number): RowSpec {
  return {
    kind,
    title: ROW_TITLES[kind],
    subtitle: () => subtitle(kind, sample),
    heightRange:
      kind === 'landscape'
        ? () => lossRange(NETWORK_IDS.map((id) => inspectionFrames.get('plane', id)))
        : undefined,
  };
}

function useRowExports(kind: RowKind): PanelExports {
  const sample = useApp((s) => s.config.sample);
  return useMemo<PanelExports>(() => {
    const row = rowSpec(kind, sample);
    return {
      panel: kind,
      network: 'all',
      sample: true,
      steps: () => rowSteps(kind),
      png: async (scale, theme) => rowPng(row, scale, theme),
      svg: (provenanceJson, theme) => rowSvg(row, provenanceJson, theme),
    };
  }, [kind, sample]);
}

export function RowFigureMenus() {
  const landscapes = useRowExports('landscape');
  const boundaries = useRowExports('boundary');
  const landscapeItems = useExports(landscapes).filter((item) => item.format !== 'JSON');
  const boundaryItems = useExports(boundaries).filter((item) => item.format !== 'JSON');
  return (
    <span className="row-figures">
      <span className="muted">figures of the three:</span>
      <ExportMenu
        name="loss landscapes — three networks"
        items={landscapeItems}
        text="landscapes"
      />
      <ExportMenu
        name="decision-boundary slices — three networks"
        items={boundaryItems}
        text="boundary slices"
      />
    </span>
  );
}
