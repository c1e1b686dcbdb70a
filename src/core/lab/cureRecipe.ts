/**
 * CURE's recipe (learning rate and h schedule) follows from what CURE starts from (issue 13,
 * item 3). Continuing its own checkpoint, the network is already smooth: the full h at once and
 * a small learning rate keep it where it is. Restarted from the standard network (fine-tuning, as
 * the paper does) or from scratch, it is still curved: the full h at once with lr 1e-4 wrecked it
 * on MNIST (clean 96 → 42 %, PGD 23 % after 1,000 steps), while pretraining's recipe — h ramped up
 * from the reset, lr 1e-3 (scripts/pretrain/recipes.ts) — makes it robust.
 *
 * Choosing a start point sets these fields (the store's `setTraining`), visibly; the user may
 * change them afterwards, and a link that names them keeps them (src/state/url.ts).
 */
import type { DatasetKind } from '../datasets/types';
// The schedule alone: the main thread imports this file, and ../training would bring tfjs.
import { hAt, paperHRamp, PAPER_H_RAMP_FRACTIONS } from '../training/schedule';
import { defaultLabSettings, type CureStart, type LabSettings } from './settings';

/** The settings a CURE start point decides. */
export type CureRecipe = Pick<LabSettings, 'lrCure' | 'hSchedule' | 'hRampSteps'>;
export const CURE_RECIPE_KEYS = [
  'lrCure',
  'hSchedule',
  'hRampSteps',
] as const satisfies readonly (keyof LabSettings)[];

/** CURE's learning rate when it restarts from standard or scratch: pretraining's, per kind. */
const RESTART_LEARNING_RATE: Record<DatasetKind, number> = { image: 1e-3, points: 3e-3 };

/**
 * The recipe for CURE starting from `start` on data of `kind`: its checkpoint → the default
 * learning rate and a constant h; the standard network or scratch → the restart learning rate and
 * h ramped up over the default ramp length, counted from the reset.
 */
export function cureRecipe(kind: DatasetKind, start: CureStart): CureRecipe {
  const defaults = defaultLabSettings(kind);
  if (start === 'checkpoint') {
    return { lrCure: defaults.lrCure, hSchedule: 'constant', hRampSteps: defaults.hRampSteps };
  }
  return {
    lrCure: RESTART_LEARNING_RATE[kind],
    hSchedule: 'ramp',
    hRampSteps: defaults.hRampSteps,
  };
}

/** `settings` with CURE's start point `start` and its recipe (other fields kept). */
export function withCureStart(
  settings: LabSettings,
  kind: DatasetKind,
  start: CureStart,
): LabSettings {
  return { ...settings, cureStart: start, ...cureRecipe(kind, start) };
}

/** The recipe fields of `settings` that differ from the recipe of its start point. */
export function changedFromRecipe(settings: LabSettings, kind: DatasetKind): (keyof CureRecipe)[] {
  const recipe = cureRecipe(kind, settings.cureStart);
  // hRampSteps matters only while h ramps.
  const keys = CURE_RECIPE_KEYS.filter((k) => k !== 'hRampSteps' || settings.hSchedule === 'ramp');
  return keys.filter((k) => settings[k] !== recipe[k]);
}

/** Steps each value of the ramp is held: the ramp's first four values share `hRampSteps`. */
export function rampStageSteps(hRampSteps: number): number {
  return Math.max(1, Math.ceil(hRampSteps / (PAPER_H_RAMP_FRACTIONS.length - 1)));
}

/** The step count (since the reset) after which the ramp holds h: a whole number of stages. */
export function rampLength(hRampSteps: number): number {
  return rampStageSteps(hRampSteps) * (PAPER_H_RAMP_FRACTIONS.length - 1);
}

/**
 * h of CURE's update number `stepsSinceReset` + 1 (0-based: updates already made since the
 * network's last reset, or since it was opened). Input units.
 */
export function cureHAt(settings: LabSettings, stepsSinceReset: number): number {
  if (settings.hSchedule === 'constant') return settings.h;
  return hAt(paperHRamp(settings.h, rampStageSteps(settings.hRampSteps)), stepsSinceReset);
}

const START_WORDS: Record<CureStart, string> = {
  checkpoint: 'continuing its checkpoint',
  finetune: 'fine-tuning from standard',
  scratch: 'training from scratch',
};

/** A learning rate as people write it: 1e-3, 3e-4, 2.5e-4, 0.5. */
export function formatLearningRate(lr: number): string {
  if (lr >= 0.1) return String(Number(lr.toPrecision(3)));
  const [mantissa, exponent] = lr.toExponential().split('e');
  return `${Number(Number(mantissa).toPrecision(3))}e${Number(exponent)}`;
}

function formatH(h: number): string {
  return String(Number(h.toPrecision(3)));
}

/** The learning rate and h schedule of `s`, in words. */
function recipeWords(s: LabSettings): string {
  const lr = `lr ${formatLearningRate(s.lrCure)}`;
  if (s.hSchedule === 'constant') return `${lr}, constant h = ${formatH(s.h)}`;
  const first = formatH(PAPER_H_RAMP_FRACTIONS[0]! * s.h);
  const steps = rampLength(s.hRampSteps);
  return `${lr}, h ramps ${first} → ${formatH(s.h)} over the first ${steps} steps after reset`;
}

/** A recipe's value of each field in `keys`, in words (for "changed from the recipe: …"). */
function recipeFieldWords(recipe: CureRecipe, keys: readonly (keyof CureRecipe)[]): string {
  const words: Record<keyof CureRecipe, string> = {
    lrCure: `lr ${formatLearningRate(recipe.lrCure)}`,
    hSchedule:
      recipe.hSchedule === 'constant'
        ? 'constant h'
        : `h ramped over the first ${rampLength(recipe.hRampSteps)} steps`,
    hRampSteps: `ramp over ${rampLength(recipe.hRampSteps)} steps`,
  };
  // The ramp's length is said with the schedule when both differ.
  const said = keys.includes('hSchedule') ? keys.filter((k) => k !== 'hRampSteps') : keys;
  return said.map((k) => words[k]).join(', ');
}

/**
 * What CURE trains with, in one line for the controls ("fine-tuning from standard: lr 1e-3, h
 * ramps 0.05 → 1.5 over the first 240 steps after reset"), and, when the user changed the
 * recipe's fields, the recipe's values of those fields ("lr 1e-3"), else null.
 */
export function describeCureRecipe(
  settings: LabSettings,
  kind: DatasetKind,
): { inUse: string; recipe: string | null } {
  const inUse = `${START_WORDS[settings.cureStart]}: ${recipeWords(settings)}`;
  const changed = changedFromRecipe(settings, kind);
  if (changed.length === 0) return { inUse, recipe: null };
  return { inUse, recipe: recipeFieldWords(cureRecipe(kind, settings.cureStart), changed) };
}
