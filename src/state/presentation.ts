/**
 * How the page is presented, as opposed to what it computes: lab or talk mode, the light or dark
 * theme and talk mode's scene. These ride in the URL beside the config (`mode=talk&theme=dark&
 * scene=3`, scenes counted from 1 as a speaker says them) so a link opens a talk where it was, but
 * they are not part of an experiment and never enter an export's provenance settings.
 */
import { z } from 'zod';
import { numberIn, type NumericRange } from '../core/lab/ranges';
import { readParam } from './urlParam';

const SCENE_RANGE: NumericRange = { min: 1, max: 50, integer: true };

export const presentationSchema = z.object({
  mode: z.enum(['lab', 'talk']),
  theme: z.enum(['light', 'dark']),
  /** 1-based scene number. */
  scene: numberIn(SCENE_RANGE),
});
export type Presentation = z.infer<typeof presentationSchema>;
export type Theme = Presentation['theme'];
export type Mode = Presentation['mode'];

export const PRESENTATION_KEYS = Object.keys(presentationSchema.shape) as (keyof Presentation)[];

/** The theme a first visit gets: the system's preference where it states one. */
export function preferredTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

/** The presentation keys of a URL query, each bad value named in `problems` (and left out, or
 * clamped: a scene past the last). */
export function parsePresentation(search: string): {
  presentation: Partial<Presentation>;
  problems: string[];
} {
  const params = new URLSearchParams(search);
  const presentation: Partial<Presentation> = {};
  const problems: string[] = [];
  for (const key of PRESENTATION_KEYS) {
    const reading = readParam<unknown>(
      key,
      params.getAll(key),
      presentationSchema.shape[key],
      undefined,
      key === 'scene' ? { kind: 'range', range: SCENE_RANGE } : undefined,
    );
    if (reading.value !== undefined) Object.assign(presentation, { [key]: reading.value });
    if (reading.problem) problems.push(reading.problem);
  }
  return { presentation, problems };
}

/** The presentation's URL keys: mode and scene only in talk mode, the theme always. */
export function presentationParams(p: Presentation): [string, string][] {
  const params: [string, string][] = [['theme', p.theme]];
  if (p.mode === 'talk') params.push(['mode', 'talk'], ['scene', String(p.scene)]);
  return params;
}
