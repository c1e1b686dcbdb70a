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

function useRowExports(kind: RowKind, title: string): PanelExports {
  const sample = useApp((s) => s.config.sample);
  return useMemo<PanelExports>(() => {
    const row: RowSpec = {
      kind,
      title,
      subtitle: () => subtitle(kind, sample),
      heightRange:
        kind === 'landscape'
          ? () => lossRange(NETWORK_IDS.map((id) => inspectionFrames.get('plane', id)))
          : undefined,
    };
    return {
      panel: kind,
      network: 'all',
      sample: true,
      steps: () => rowSteps(kind),
      png: async (scale) => rowPng(row, scale),
      svg: (provenanceJson) => rowSvg(row, provenanceJson),
    };
  }, [kind, title, sample]);
}

export function RowFigureMenus() {
  const landscapes = useRowExports('landscape', 'Loss landscapes around x, one height scale');
  const boundaries = useRowExports('boundary', 'Decision-boundary slices through x');
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
        text="boundaries"
      />
    </span>
  );
}
