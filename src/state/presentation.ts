/**
 * How the page is presented, as opposed to what it computes: lab or talk mode, the light or dark
 * theme and talk mode's scene. These ride in the URL beside the config (`mode=talk&theme=dark&
 * scene=3`, scenes counted from 1 as a speaker says them) so a link opens a talk where it was, but
 * they are not part of an experiment and never enter an export's provenance settings.
 */
import { z } from 'zod';

export const presentationSchema = z.object({
  mode: z.enum(['lab', 'talk']),
  theme: z.enum(['light', 'dark']),
  /** 1-based scene number. */
  scene: z.coerce.number().int().min(1).max(50),
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

/** The presentation keys of a URL query, each bad value named in `problems` and left out. */
export function parsePresentation(search: string): {
  presentation: Partial<Presentation>;
  problems: string[];
} {
  const params = new URLSearchParams(search);
  const presentation: Partial<Presentation> = {};
  const problems: string[] = [];
  for (const key of PRESENTATION_KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const parsed = presentationSchema.shape[key].safeParse(raw);
    if (parsed.success) Object.assign(presentation, { [key]: parsed.data });
    else
      problems.push(
        `URL parameter ${key}=${raw} is not valid (${parsed.error.issues[0]?.message ?? 'invalid value'}); ignored.`,
      );
  }
  return { presentation, problems };
}

/** The presentation's URL keys: mode and scene only in talk mode, the theme always. */
export function presentationParams(p: Presentation): [string, string][] {
  const params: [string, string][] = [['theme', p.theme]];
  if (p.mode === 'talk') params.push(['mode', 'talk'], ['scene', String(p.scene)]);
  return params;
}
