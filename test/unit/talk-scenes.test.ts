import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENES } from '../../src/core/talk/defaultScenes';
import { readSceneFile, writeSceneFile, SCENE_FILE_FORMAT } from '../../src/core/talk/scenes';
import { parsePresentation, presentationParams } from '../../src/state/presentation';
import { parseConfigFromSearch } from '../../src/state/url';
import { createAppStore } from '../../src/state/store';

describe('scene files', () => {
  it('the default scenes round-trip through a file', () => {
    const read = readSceneFile(writeSceneFile(DEFAULT_SCENES));
    expect(read).toEqual({ ok: true, scenes: DEFAULT_SCENES });
  });

  it('every default scene applies settings the URL accepts', () => {
    for (const scene of DEFAULT_SCENES) {
      const search = new URLSearchParams(
        Object.entries(scene.settings).map(([k, v]) => [k, String(v)]),
      );
      expect(parseConfigFromSearch(`?${search}`).problems).toEqual([]);
    }
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"format":"x","scenes":[]}', 'format'],
    [`{"format":"${SCENE_FILE_FORMAT}","scenes":[]}`, 'scenes'],
    [
      `{"format":"${SCENE_FILE_FORMAT}","scenes":[{"title":"a","caption":"b","panels":["teapot"]}]}`,
      'scenes.0.panels.0',
    ],
    [
      `{"format":"${SCENE_FILE_FORMAT}","scenes":[{"title":"a","caption":"b","panels":["spectrum"],"extra":1}]}`,
      'scenes.0',
    ],
    [
      `{"format":"${SCENE_FILE_FORMAT}","scenes":[{"title":"a","caption":"b","panels":["spectrum"],"animateGamma":{"from":0,"to":1e400,"seconds":5}}]}`,
      'scenes.0.animateGamma.to',
    ],
  ])('refuses %s, naming where', (text, where) => {
    const read = readSceneFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain(where);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const read = readSceneFile(' '.repeat(300 * 1024));
    expect(read.ok).toBe(false);
  });
});

describe('presentation in the URL', () => {
  it('reads mode, theme and scene, and names a bad value', () => {
    expect(parsePresentation('?mode=talk&theme=dark&scene=3')).toEqual({
      presentation: { mode: 'talk', theme: 'dark', scene: 3 },
      problems: [],
    });
    const bad = parsePresentation('?mode=slides&scene=0&theme=dark&theme=light');
    // A scene before the first is the first; an unknown mode is left to the app.
    expect(bad.presentation).toEqual({ scene: 1, theme: 'dark' });
    expect(bad.problems).toEqual([
      expect.stringMatching(/mode=slides is not valid .*; using the default\.$/),
      expect.stringMatching(/theme is given 2 times \(theme=dark, theme=light\).*using dark\.$/),
      expect.stringMatching(/scene=0 is below the smallest allowed, 1; using 1\.$/),
    ]);
  });

  it('is not reported as unknown by the config parser', () => {
    expect(parseConfigFromSearch('?mode=talk&theme=light&scene=2').problems).toEqual([]);
  });

  it('writes mode and scene only in talk mode', () => {
    expect(presentationParams({ mode: 'lab', theme: 'dark', scene: 4 })).toEqual([
      ['theme', 'dark'],
    ]);
    expect(presentationParams({ mode: 'talk', theme: 'light', scene: 4 })).toEqual([
      ['theme', 'light'],
      ['mode', 'talk'],
      ['scene', '4'],
    ]);
  });

  it('clamps scenes to the list, and a loaded list opens at its first scene', () => {
    const store = createAppStore(undefined, { mode: 'talk', scene: 50 });
    expect(store.getState().presentation.scene).toBe(DEFAULT_SCENES.length);
    store.getState().goToScene(0);
    expect(store.getState().presentation.scene).toBe(1);
    store.getState().goToScene(3);
    store.getState().setScenes(DEFAULT_SCENES.slice(0, 2));
    expect(store.getState().presentation.scene).toBe(1);
    store.getState().resetView();
    expect(store.getState().presentation.mode).toBe('talk');
  });
});

describe('a scene applied to the config', () => {
  it('changes only what its settings name and differ, and reports a bad one', async () => {
    const { scenePatches } = await import('../../src/state/sceneConfig');
    const store = createAppStore();
    const scene = DEFAULT_SCENES[3]!;
    const patches = scenePatches(store.getState().config, scene);
    expect(patches).toEqual({
      base: {},
      training: { cureStart: 'finetune' },
      inspect: { curveMetric: 'topEigenvalue' },
      problems: [],
    });
    const lrBefore = store.getState().config.training.lrCure;
    store.getState().setTraining(patches.training);
    store.getState().setInspect(patches.inspect);
    // The fine-tuning recipe came with the start point.
    expect(store.getState().config.training.lrCure).not.toBe(lrBefore);
    const again = scenePatches(store.getState().config, scene);
    expect(again.training).toEqual({});
    expect(again.inspect).toEqual({});
    const bad = scenePatches(store.getState().config, {
      ...scene,
      settings: { eps: 'lots', zoom: 3, plane: 'eigenvector' },
    });
    expect(bad.problems).toHaveLength(2);
    expect(bad.training).toEqual({});
    expect(bad.inspect).toEqual({ plane: 'eigenvector' });
  });
});
