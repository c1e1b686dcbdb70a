/**
 * PNG exports, drawn at the asked scale: an SVG figure rasterized at `scale` × its size, or a
 * canvas figure composed at that scale (a title and subtitle, the picture re-rendered at its
 * pixel size, a colour bar) on an opaque background in the theme's colours (the app's theme: light
 * unless the app is dark). The provenance goes into a tEXt chunk.
 */
import { PROVENANCE_KEYWORD, withTextChunk } from '../../core/export/pngText';
import { LIGHT_FIGURE, type FigureTheme } from '../theme';
import { EXPORT_FONT } from './chartSvg';

/** The PNG bytes of a canvas, with the provenance (ASCII JSON) in a tEXt chunk. */
export async function canvasPng(canvas: HTMLCanvasElement, provenanceJson: string) {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  const png = new Uint8Array(await blob.arrayBuffer());
  return withTextChunk(png, PROVENANCE_KEYWORD, provenanceJson);
}

/** An SVG document's text drawn onto a canvas of its size × scale (`background` behind it). */
export async function rasterizeSvg(
  svg: string,
  width: number,
  height: number,
  scale: number,
  background: string,
): Promise<HTMLCanvasElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface FigureFrame {
  readonly title: string;
  readonly subtitle: string;
  /** The picture, in CSS pixels at 1×. */
  readonly width: number;
  readonly height: number;
  /** A colour bar beside the picture: its stops (low to high), label and end values. */
  readonly colourBar?: {
    readonly stops: readonly string[];
    readonly label: string;
    readonly low: string;
    readonly high: string;
  };
}

/** The frame's geometry (CSS pixels at 1×), shared with the SVG figures (frameSvg.ts); `ink` and
 * `muted` are the light theme's (figures draw with their FigureTheme's). */
export const FRAME = {
  pad: 16,
  header: 58,
  titleY: 26,
  titleSize: 18,
  subtitleY: 46,
  subtitleSize: 13,
  ink: LIGHT_FIGURE.ink,
  muted: LIGHT_FIGURE.muted,
} as const;
const { header: HEADER, pad: PAD } = FRAME;
const BAR = { width: 18, gap: 18, labels: 80 };

/** The figure's size at 1× (CSS pixels). */
export function frameSize(frame: FigureFrame): { width: number; height: number } {
  const bar = frame.colourBar ? BAR.gap + BAR.width + BAR.labels : 0;
  return { width: PAD + frame.width + bar + PAD, height: HEADER + frame.height + PAD };
}

/**
 * A canvas of the figure at `scale`: the theme's background, title and subtitle, then `draw`
 * paints the picture into the given box (device pixels), then the colour bar.
 */
export async function composeFigure(
  frame: FigureFrame,
  scale: number,
  theme: FigureTheme,
  draw: (
    context: CanvasRenderingContext2D,
    box: { x: number; y: number; width: number; height: number },
  ) => void | Promise<void>,
): Promise<HTMLCanvasElement> {
  const size = frameSize(frame);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.width * scale);
  canvas.height = Math.round(size.height * scale);
  const context = canvas.getContext('2d')!;
  context.fillStyle = theme.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.fillStyle = theme.ink;
  context.font = `bold ${FRAME.titleSize}px ${EXPORT_FONT}`;
  context.fillText(frame.title, PAD, FRAME.titleY);
  context.fillStyle = theme.muted;
  context.font = `${FRAME.subtitleSize}px ${EXPORT_FONT}`;
  context.fillText(frame.subtitle, PAD, FRAME.subtitleY);
  context.setTransform(1, 0, 0, 1, 0, 0);
  await draw(context, {
    x: Math.round(PAD * scale),
    y: Math.round(HEADER * scale),
    width: Math.round(frame.width * scale),
    height: Math.round(frame.height * scale),
  });
  if (frame.colourBar) drawColourBar(context, frame, scale, theme);
  return canvas;
}

function drawColourBar(
  context: CanvasRenderingContext2D,
  frame: FigureFrame,
  scale: number,
  theme: FigureTheme,
) {
  const bar = frame.colourBar!;
  context.setTransform(scale, 0, 0, scale, 0, 0);
  const x = PAD + frame.width + BAR.gap;
  const top = HEADER + 8;
  const height = frame.height - 16;
  const gradient = context.createLinearGradient(0, top + height, 0, top);
  bar.stops.forEach((colour, i) => gradient.addColorStop(i / (bar.stops.length - 1), colour));
  context.fillStyle = gradient;
  context.fillRect(x, top, BAR.width, height);
  context.strokeStyle = theme.muted;
  context.lineWidth = 1;
  context.strokeRect(x, top, BAR.width, height);
  context.fillStyle = theme.ink;
  context.font = `12px ${EXPORT_FONT}`;
  context.fillText(bar.high, x + BAR.width + 6, top + 10);
  context.fillText(bar.low, x + BAR.width + 6, top + height);
  context.save();
  context.translate(x + BAR.width + 36, top + height / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = 'center';
  context.font = `13px ${EXPORT_FONT}`;
  context.fillText(bar.label, 0, 0);
  context.restore();
  context.setTransform(1, 0, 0, 1, 0, 0);
}

/** Starts a download of the bytes or text under this file name. */
export function download(content: Uint8Array | string, fileName: string, type: string): void {
  const part = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked after the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
