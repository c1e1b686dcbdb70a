/**
 * A talk-mode scene as one figure (the `e` key and the scene's Export menu): the scene's title and
 * caption over its panels as they are drawn now — the landscape and boundary rows as the
 * three-network figures, each other panel as its own PNG export — stacked (rows) or side by side
 * (charts), redrawn at the asked scale in the app's theme, with the steps and sample in the
 * subtitle.
 */
import type { Scene, ScenePanel } from '../../core/talk/scenes';
import { NETWORK_IDS, type NetworkId } from '../../core/names';
import { EXPORT_FONT } from '../export/chartSvg';
import { FRAME } from '../export/raster';
import { registeredPanelExports } from '../export/registry';
import { rowPng, rowSteps } from '../export/rowFigure';
import { rowSpec } from '../export/RowFigureMenus';
import type { PanelExports } from '../export/useExports';
import { LIGHT_FIGURE } from '../theme';

/** The export spec name of each scene panel that is not a row. */
const PANEL_EXPORT: Partial<Record<ScenePanel, string>> = {
  adversarial: 'adversarial',
  spectrum: 'spectrum',
  profile: 'profile',
  bounds: 'bounds',
  curves: 'curves',
  robustCurve: 'robust-curve',
};

const ROW_KIND = { landscapes: 'landscape', boundaries: 'boundary' } as const;
const isRow = (panel: ScenePanel): panel is keyof typeof ROW_KIND => panel in ROW_KIND;

function panelSpec(panel: ScenePanel): PanelExports | undefined {
  const name = PANEL_EXPORT[panel];
  return registeredPanelExports().find((s) => s.panel === name && s.network === 'all');
}

/** Per network, the latest step among the scene's panels (null: nothing drawn yet). */
function sceneSteps(scene: Scene): Partial<Record<NetworkId, number>> | null {
  const steps: Partial<Record<NetworkId, number>> = {};
  for (const panel of scene.panels) {
    const some = isRow(panel) ? rowSteps(ROW_KIND[panel]) : (panelSpec(panel)?.steps() ?? null);
    if (!some) return null;
    for (const id of NETWORK_IDS)
      if (some[id] !== undefined) steps[id] = Math.max(steps[id] ?? 0, some[id]);
  }
  return Object.keys(steps).length > 0 ? steps : null;
}

/** `text` broken into lines no wider than `width` in the context's font. */
function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && context.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const GAP = 16;
const CAPTION = { size: 16, line: 22 };

export function sceneExports(scene: Scene, number: number, sample: number): PanelExports {
  return {
    panel: `scene${number}`,
    network: 'all',
    sample: true,
    steps: () => sceneSteps(scene),
    png: async (scale, theme = LIGHT_FIGURE) => {
      const pictures: HTMLCanvasElement[] = [];
      for (const panel of scene.panels) {
        if (isRow(panel)) pictures.push(rowPng(rowSpec(ROW_KIND[panel], sample), scale, theme));
        else {
          const spec = panelSpec(panel);
          if (!spec?.png) throw new Error(`the ${panel} panel has nothing to export yet`);
          pictures.push(await spec.png(scale, theme));
        }
      }
      const stacked = scene.panels.some(isRow);
      const sizes = pictures.map((p) => ({ width: p.width / scale, height: p.height / scale }));
      const width = stacked
        ? Math.max(...sizes.map((s) => s.width))
        : sizes.reduce((sum, s) => sum + s.width, 0) + GAP * (sizes.length - 1);
      const measure = document.createElement('canvas').getContext('2d')!;
      measure.font = `${CAPTION.size}px ${EXPORT_FONT}`;
      const lines = wrap(measure, scene.caption, width - 2 * FRAME.pad);
      const header = FRAME.titleY + 14 + lines.length * CAPTION.line;
      const bodyHeight = stacked
        ? sizes.reduce((sum, s) => sum + s.height, 0)
        : Math.max(...sizes.map((s) => s.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round((header + bodyHeight) * scale);
      const context = canvas.getContext('2d')!;
      context.fillStyle = theme.background;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.setTransform(scale, 0, 0, scale, 0, 0);
      context.fillStyle = theme.ink;
      context.font = `bold ${FRAME.titleSize}px ${EXPORT_FONT}`;
      context.fillText(`Scene ${number}: ${scene.title}`, FRAME.pad, FRAME.titleY);
      context.font = `${CAPTION.size}px ${EXPORT_FONT}`;
      lines.forEach((line, i) =>
        context.fillText(line, FRAME.pad, FRAME.titleY + 12 + (i + 1) * CAPTION.line - 4),
      );
      let x = 0;
      let y = header;
      pictures.forEach((picture, i) => {
        context.drawImage(picture, x, y, sizes[i]!.width, sizes[i]!.height);
        if (stacked) y += sizes[i]!.height;
        else x += sizes[i]!.width + GAP;
      });
      return canvas;
    },
  };
}
