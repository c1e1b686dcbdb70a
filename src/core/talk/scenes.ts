/**
 * Talk mode's scenes as data: a versioned JSON list a speaker can download, edit and load. A scene
 * is a caption, the panels it shows, the settings it applies (the URL's keys and values, so a scene
 * says exactly what a link would), and optionally networks to reset, a focused network and a γ
 * animation. Reading a
 * file is a pure function returning the scenes or a refusal with a message — never a throw — so a
 * malformed file is refused by name and the talk carries on with the scenes it had.
 */
import { z } from 'zod';
import { NETWORK_IDS } from '../names';

/** The panels a scene can show (the lab's own panels, by name). */
export const SCENE_PANELS = [
  'landscapes',
  'boundaries',
  'adversarial',
  'spectrum',
  'profile',
  'bounds',
  'curves',
  'robustCurve',
] as const;
export type ScenePanel = (typeof SCENE_PANELS)[number];

const settingValue = z.union([z.string().max(64), z.number().finite(), z.boolean()]);

export const sceneSchema = z
  .object({
    /** Short title, shown beside the scene number. */
    title: z.string().min(1).max(80),
    /** What the audience should see (≥ 28 px on screen). */
    caption: z.string().min(1).max(280),
    panels: z.array(z.enum(SCENE_PANELS)).min(1).max(4),
    /** URL keys and values the scene applies (e.g. { "plane": "random", "epsilon": 0.1 }). */
    settings: z.record(z.string().max(32), settingValue).default({}),
    /** Networks put back to their start points when the scene opens (to watch them train). */
    reset: z.array(z.enum(NETWORK_IDS)).max(3).default([]),
    /** One network singled out; null or absent: the three alike. */
    focus: z.enum(NETWORK_IDS).nullable().default(null),
    /** Ramps CURE's γ from `from` to `to` over `seconds` (geometric steps) when the scene opens. */
    animateGamma: z
      .object({
        from: z.number().finite().min(0),
        to: z.number().finite().min(0),
        seconds: z.number().finite().min(1).max(600),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Scene = z.infer<typeof sceneSchema>;

export const SCENE_FILE_FORMAT = 'curvature-lab/scenes@1';

export const sceneFileSchema = z
  .object({
    format: z.literal(SCENE_FILE_FORMAT),
    scenes: z.array(sceneSchema).min(1).max(50),
  })
  .strict();
export type SceneFile = z.infer<typeof sceneFileSchema>;

export type SceneRead = { ok: true; scenes: Scene[] } | { ok: false; message: string };

/** Largest scene file read (characters): a talk's list is a few kB. */
export const MAX_SCENE_FILE = 256 * 1024;

/** A scene file's text → its scenes, or a refusal that says what is wrong and where. */
export function readSceneFile(text: string): SceneRead {
  if (text.length > MAX_SCENE_FILE)
    return {
      ok: false,
      message: `the file is ${text.length} characters; at most ${MAX_SCENE_FILE}`,
    };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message})` };
  }
  const parsed = sceneFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, scenes: parsed.data.scenes };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
  return { ok: false, message: `${where}: ${issue.message}` };
}

/** The scenes as a file's text (what "Download scenes" saves and `readSceneFile` reads back). */
export function writeSceneFile(scenes: readonly Scene[]): string {
  return `${JSON.stringify({ format: SCENE_FILE_FORMAT, scenes }, null, 2)}\n`;
}
