/**
 * CURE's recipe follows from its start point (issue 13, item 3): the derivation, the line the
 * controls show, how the store and a link apply it, and the h ramp counted from the reset.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/core/datasets/registry';
import {
  changedFromRecipe,
  cureHAt,
  cureRecipe,
  describeCureRecipe,
  formatLearningRate,
  rampLength,
  withCureStart,
} from '../../src/core/lab/cureRecipe';
import { buildModelFor } from '../../src/core/lab/models';
import { LabSession } from '../../src/core/lab/session';
import { defaultLabSettings, type LabSettings } from '../../src/core/lab/settings';
import { snapshotWeights } from '../../src/core/models';
import { NETWORK_IDS, type NetworkId } from '../../src/core/names';
import { PAPER_H_RAMP_FRACTIONS } from '../../src/core/training';
import { parseConfigFromSearch, searchFromConfig } from '../../src/state/url';
import { createAppStore } from '../../src/state/store';
import { REFERENCE_BACKEND, useBackend } from '../kit';

useBackend(REFERENCE_BACKEND);

const image = defaultLabSettings('image');

describe('CURE recipe, derived from the start point', () => {
  it('continuing its checkpoint: the default lr and a constant h; restarting: lr 1e-3 and the ramp', () => {
    expect(cureRecipe('image', 'checkpoint')).toEqual({
      lrCure: 1e-4,
      hSchedule: 'constant',
      hRampSteps: 240,
    });
    for (const start of ['finetune', 'scratch'] as const) {
      expect(cureRecipe('image', start)).toEqual({
        lrCure: 1e-3,
        hSchedule: 'ramp',
        hRampSteps: 240,
      });
      expect(cureRecipe('points', start).hSchedule).toBe('ramp');
    }
    const points = defaultLabSettings('points');
    expect(cureRecipe('points', 'checkpoint')).toMatchObject({
      lrCure: points.lrCure,
      hSchedule: 'constant',
    });
  });

  it('the defaults are the recipe of the default start point', () => {
    for (const kind of ['image', 'points'] as const) {
      const defaults = defaultLabSettings(kind);
      expect(defaults).toMatchObject(cureRecipe(kind, defaults.cureStart));
      expect(changedFromRecipe(defaults, kind)).toEqual([]);
    }
  });

  it('withCureStart sets the start and its recipe, and nothing else', () => {
    const custom: LabSettings = { ...image, gamma: 7, h: 0.8, eps: 0.2 };
    const tuned = withCureStart(custom, 'image', 'finetune');
    expect(tuned).toEqual({ ...custom, cureStart: 'finetune', ...cureRecipe('image', 'finetune') });
    expect(withCureStart(tuned, 'image', 'checkpoint')).toEqual({ ...custom });
  });

  it('says the recipe in use in one line, and what the recipe is once the user changed it', () => {
    expect(describeCureRecipe(image, 'image')).toEqual({
      inUse: 'continuing its checkpoint: lr 1e-4, constant h = 1.5',
      recipe: null,
    });
    const tuned = withCureStart(image, 'image', 'finetune');
    expect(describeCureRecipe(tuned, 'image')).toEqual({
      inUse:
        'fine-tuning from standard: lr 1e-3, h ramps 0.05 → 1.5 over the first 240 steps after reset',
      recipe: null,
    });
    const changed = { ...tuned, lrCure: 2.5e-4 };
    expect(changedFromRecipe(changed, 'image')).toEqual(['lrCure']);
    expect(describeCureRecipe(changed, 'image')).toEqual({
      inUse:
        'fine-tuning from standard: lr 2.5e-4, h ramps 0.05 → 1.5 over the first 240 steps after reset',
      recipe: 'lr 1e-3',
    });
    const constant = { ...changed, hSchedule: 'constant' as const, hRampSteps: 100 };
    expect(changedFromRecipe(constant, 'image')).toEqual(['lrCure', 'hSchedule']);
    expect(describeCureRecipe(constant, 'image').recipe).toBe(
      'lr 1e-3, h ramped over the first 240 steps',
    );
    expect(describeCureRecipe({ ...tuned, hRampSteps: 100 }, 'image').recipe).toBe(
      'ramp over 240 steps',
    );
    expect(describeCureRecipe({ ...image, hSchedule: 'ramp' }, 'image').recipe).toBe('constant h');
    // The ramp's length only matters while h ramps.
    expect(changedFromRecipe({ ...image, hRampSteps: 500 }, 'image')).toEqual([]);
    expect(describeCureRecipe({ ...tuned, hSchedule: 'constant' }, 'image').inUse).toBe(
      'fine-tuning from standard: lr 1e-3, constant h = 1.5',
    );
    expect(['1e-3', '3e-4', '2.5e-4', '0.5']).toEqual(
      [1e-3, 3e-4, 2.5e-4, 0.5].map(formatLearningRate),
    );
  });

  it('the ramp: the paper\u2019s five values, a quarter of the ramp length each, then h', () => {
    const ramp = { ...image, hSchedule: 'ramp' as const, h: 1.5, hRampSteps: 240 };
    const expected = PAPER_H_RAMP_FRACTIONS.map((f) => f * 1.5);
    expect([0, 59, 60, 119, 120, 180, 239, 240, 10_000].map((s) => cureHAt(ramp, s))).toEqual([
      expected[0],
      expected[0],
      expected[1],
      expected[1],
      expected[2],
      expected[3],
      expected[3],
      1.5,
      1.5,
    ]);
    // A length that is not a multiple of 4 rounds each stage up, and the line says so.
    expect(rampLength(10)).toBe(12);
    expect(cureHAt({ ...ramp, hRampSteps: 10 }, 11)).toBe(expected[3]);
    expect(cureHAt({ ...ramp, hRampSteps: 10 }, 12)).toBe(1.5);
    expect(cureHAt({ ...ramp, hSchedule: 'constant' }, 0)).toBe(1.5);
  });
});

describe('CURE recipe in the store and in links', () => {
  it('choosing a start point sets its recipe; the user may change it afterwards, or restore it', () => {
    const store = createAppStore();
    expect(store.getState().config.training).toMatchObject({ lrCure: 1e-4, hSchedule: 'constant' });
    store.getState().setTraining({ cureStart: 'finetune' });
    expect(store.getState().config.training).toMatchObject({
      cureStart: 'finetune',
      lrCure: 1e-3,
      hSchedule: 'ramp',
      hRampSteps: 240,
    });
    store.getState().setTraining({ lrCure: 5e-4 });
    expect(store.getState().config.training).toMatchObject({ lrCure: 5e-4, hSchedule: 'ramp' });
    // Choosing the same start again changes nothing; a patch's own values win over the recipe.
    store.getState().setTraining({ cureStart: 'finetune' });
    expect(store.getState().config.training.lrCure).toBe(5e-4);
    store.getState().setTraining({ cureStart: 'scratch', lrCure: 2e-3 });
    expect(store.getState().config.training).toMatchObject({ lrCure: 2e-3, hSchedule: 'ramp' });
    store.getState().applyCureRecipe();
    expect(store.getState().config.training.lrCure).toBe(1e-3);
    store.getState().setTraining({ cureStart: 'checkpoint' });
    expect(store.getState().config.training).toEqual(image);
  });

  it('a link that names the recipe keeps it; one that names only the start point gets its recipe', () => {
    const explicit = parseConfigFromSearch('?cureStart=finetune&lrCure=0.0001&hSchedule=constant');
    expect(explicit.problems).toEqual([]);
    expect(explicit.config.training).toMatchObject({
      cureStart: 'finetune',
      lrCure: 1e-4,
      hSchedule: 'constant',
    });
    const derived = parseConfigFromSearch('?cureStart=finetune');
    expect(derived.config.training).toMatchObject({ lrCure: 1e-3, hSchedule: 'ramp' });
    const store = createAppStore();
    store.getState().setTraining({ cureStart: 'scratch', lrCure: 3e-4 });
    const roundTrip = parseConfigFromSearch(searchFromConfig(store.getState().config));
    expect(roundTrip.config.training).toEqual(store.getState().config.training);
    // A bad start point falls back (and says so) without dragging a recipe in.
    const bad = parseConfigFromSearch('?cureStart=nowhere');
    expect(bad.problems).toHaveLength(1);
    expect(bad.config.training).toEqual(image);
  });
});

describe('the h ramp counts CURE\u2019s steps since its reset', () => {
  it('restarts at each reset, whatever the other networks and the session did before', async () => {
    const dataset = await DATASETS.moons.load({ seed: 1, readAsset: async () => new Uint8Array() });
    const models = {} as Record<NetworkId, tf.LayersModel>;
    for (const id of NETWORK_IDS) models[id] = buildModelFor(dataset.info, 'mlp', 'relu', 3);
    const starts = {
      standard: snapshotWeights(models.standard),
      adversarial: snapshotWeights(models.adversarial),
      cure: snapshotWeights(models.cure),
    };
    const settings: LabSettings = {
      ...withCureStart(defaultLabSettings('points'), 'points', 'scratch'),
      batchStandard: 4,
      batchAdversarial: 4,
      batchCure: 4,
      pgdSteps: 1,
      hRampSteps: 8,
    };
    const session = new LabSession(dataset, models, starts, settings, 0);
    const hs = async (steps: number) => {
      const values: number[] = [];
      for (let i = 0; i < steps; i++) {
        const report = await session.step('cure');
        if (report.metrics.method !== 'cure') throw new Error('not a CURE step');
        values.push(report.metrics.h);
      }
      return values;
    };
    try {
      const ramp = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => cureHAt(settings, s));
      expect(ramp[0]).toBeCloseTo(settings.h / 30, 12);
      expect(ramp[9]).toBe(settings.h);
      expect(await hs(10)).toEqual(ramp);
      // Other networks train on; a later reset of CURE starts its ramp again from the bottom.
      for (let i = 0; i < 5; i++) await session.step('standard');
      await hs(3);
      session.reset('cure');
      expect(session.stepsTaken('cure')).toBe(0);
      expect(await hs(10)).toEqual(ramp);
      // Resetting another network leaves CURE's count alone.
      session.reset('standard');
      expect(await hs(1)).toEqual([settings.h]);
    } finally {
      session.dispose();
    }
  });
});
