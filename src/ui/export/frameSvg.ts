/**
 * The SVG counterpart of composeFigure's frame (raster.ts), for a figure exported both ways: the
 * same size, the theme's background, title and subtitle as <text> at the same places, and a group
 * translated to the picture's box that the panel draws into in the same coordinates as its PNG.
 * Serialize with svgText (chartSvg.ts), which adds the provenance.
 */
import type { Selection } from 'd3-selection';
import { svgRoot } from './chartSvg';
import { FRAME, frameSize, type FigureFrame } from './raster';
import type { FigureTheme } from '../theme';

export type SvgGroup = Selection<SVGGElement, undefined, null, undefined>;

/** The frame as a detached <svg>, and the picture's group (origin at the picture's top left). */
export function frameSvg(
  frame: Omit<FigureFrame, 'colourBar'>,
  theme: FigureTheme,
): {
  svg: SVGSVGElement;
  picture: SvgGroup;
} {
  const { width, height } = frameSize(frame);
  const svg = svgRoot(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', theme.background);
  svg
    .append('text')
    .attr('x', FRAME.pad)
    .attr('y', FRAME.titleY)
    .attr('font-size', FRAME.titleSize)
    .attr('font-weight', 'bold')
    .attr('fill', theme.ink)
    .text(frame.title);
  svg
    .append('text')
    .attr('x', FRAME.pad)
    .attr('y', FRAME.subtitleY)
    .attr('font-size', FRAME.subtitleSize)
    .attr('fill', theme.muted)
    .text(frame.subtitle);
  const picture = svg.append('g').attr('transform', `translate(${FRAME.pad},${FRAME.header})`);
  return { svg: svg.node()!, picture };
}
