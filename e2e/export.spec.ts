/**
 * Exports, driven as a user would (the Export menu by mouse and keyboard), each download opened
 * and checked: PNGs decode at exactly 1×, 2× and 4× size and carry the provenance in a tEXt
 * chunk; SVGs are vectors with their words as <text> and the provenance in <metadata>; CSVs are
 * one tidy table under `#` provenance lines; JSON holds validated analysis reports (sample panels)
 * or series (batch panels) and the provenance; glTF is binary glTF 2.0 that three.js's GLTFLoader
 * loads (here, in node) into a mesh with one coloured vertex per landscape grid point. The
 * adversarial examples' SVG embeds the digit images and keeps its words as <text>. And a network
 * reset to its checkpoint and paused exports the same analysis as `npm run analyze` would compute
 * on those weights.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import type { BufferGeometry, Mesh } from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { analyzeInput } from '../src/core/analysis';
import { DATASETS } from '../src/core/datasets/registry';
import { PROVENANCE_KEYWORD, textChunks } from '../src/core/export/pngText';
import { provenanceSchema, type Provenance } from '../src/core/export/provenance';
import { loadModelFromFiles } from '../src/core/modelFiles';
import { analysisReportSchema, type AnalysisReport } from '../src/core/report';
import { expect, test, waitForEngine } from './fixtures';

/** Small settings that keep the analyses affordable on software backends. */
const LIGHT = 'resolution=32&boundsPoints=4&curvePoints=40';

async function bytesOf(download: Download): Promise<Uint8Array> {
  return new Uint8Array(await readFile((await download.path())!));
}

/** Chooses a format from a panel's Export menu; returns the download. */
async function exportAs(page: Page, panel: string, format: string): Promise<Download> {
  await page.getByRole('button', { name: new RegExp(`^Export ${panel}`) }).click();
  const downloaded = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByRole('menuitem', { name: format, exact: true }).click();
  return downloaded;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): [number, number] {
  expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  const view = new DataView(png.buffer, png.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

function provenanceOfPng(png: Uint8Array): Provenance {
  return provenanceSchema.parse(JSON.parse(textChunks(png)[PROVENANCE_KEYWORD]!));
}

/** A CSV export: its provenance lines and its table. */
function readCsv(text: string) {
  const lines = text.trimEnd().split('\n');
  const comments = lines.filter((l) => l.startsWith('# '));
  const provenance = provenanceSchema.parse(
    Object.fromEntries(
      comments.map((l) => {
        const [, key, value] = /^# (\w+): (.*)$/.exec(l)!;
        return [key, JSON.parse(value!)];
      }),
    ),
  );
  const [header, ...rows] = lines.filter((l) => !l.startsWith('#'));
  return { provenance, columns: header!.split(','), rows: rows.map((r) => r.split(',')) };
}

async function openLab(page: Page, query = ''): Promise<void> {
  await page.goto(`/?${LIGHT}${query}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
}

test('every chart panel exports PNG at 1×, 2× and 4×, SVG, CSV and JSON, each with its provenance', async ({
  page,
  record,
}) => {
  test.setTimeout(420_000);
  await openLab(page);
  await page.waitForFunction(
    () =>
      (['spectrum', 'profile', 'bounds', 'robustCurve'] as const).every(
        (part) => window.__curvatureLab!.result(part, 'cure') !== null,
      ),
    null,
    { timeout: 300_000 },
  );
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));

  // PNG scales: drawn at each size, not upscaled.
  const sizes = [];
  for (const format of ['PNG 1×', 'PNG 2×', 'PNG 4×']) {
    const download = await exportAs(page, 'input-Hessian spectrum', format);
    const png = await bytesOf(download);
    sizes.push(pngSize(png));
    const provenance = provenanceOfPng(png);
    expect(provenance.dataset).toBe('mnist');
    expect(provenance.networks.map((n) => n.id)).toEqual(['standard', 'adversarial', 'cure']);
    expect(provenance.figure?.panel).toBe('spectrum');
    const scale = format === 'PNG 1×' ? '' : `@${format.slice(4, 5)}x`;
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^spectrum_all_mnist_test0_step\\d+-\\d+-\\d+${scale}\\.png$`),
    );
  }
  expect(sizes[1]).toEqual([2 * sizes[0]![0], 2 * sizes[0]![1]]);
  expect(sizes[2]).toEqual([4 * sizes[0]![0], 4 * sizes[0]![1]]);

  for (const panel of [
    'input-Hessian spectrum',
    'curvature along the normal',
    'vice versa',
    'robust accuracy',
  ]) {
    const svg = new TextDecoder().decode(await bytesOf(await exportAs(page, panel, 'SVG')));
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
        paths: doc.querySelectorAll('path').length,
        images: doc.querySelectorAll('image').length,
        metadata: doc.querySelector('metadata')?.textContent ?? '',
      };
    }, svg);
    expect(parsed.error, panel).toBeNull();
    expect(parsed.images, `${panel}: vectors, not a bitmap`).toBe(0);
    expect(parsed.paths, panel).toBeGreaterThan(3);
    expect(parsed.texts.length, panel).toBeGreaterThan(8); // title, axis labels, ticks, legend
    expect(
      parsed.texts.some((t) => t.startsWith('Standard')),
      panel,
    ).toBe(true); // legend
    expect(provenanceSchema.parse(JSON.parse(parsed.metadata)).dataset).toBe('mnist');

    const csv = readCsv(
      new TextDecoder().decode(await bytesOf(await exportAs(page, panel, 'CSV'))),
    );
    expect(csv.columns[0]).toBe('network');
    expect(csv.rows.length, panel).toBeGreaterThan(2);
    expect(new Set(csv.rows.map((r) => r[0]))).toEqual(
      new Set(['standard', 'adversarial', 'cure']),
    );
    for (const row of csv.rows) expect(row).toHaveLength(csv.columns.length);
    expect(csv.provenance.sample).toBe(0);

    const json = JSON.parse(
      new TextDecoder().decode(await bytesOf(await exportAs(page, panel, 'JSON'))),
    ) as { provenance: unknown; reports?: Record<string, unknown>; series?: unknown };
    provenanceSchema.parse(json.provenance);
    if (panel === 'vice versa' || panel === 'robust accuracy') {
      expect(Object.keys(json.series as object)).toEqual(['standard', 'adversarial', 'cure']);
    } else {
      expect(Object.keys(json.reports!)).toEqual(['standard', 'adversarial', 'cure']);
      for (const report of Object.values(json.reports!)) analysisReportSchema.parse(report);
    }
  }
  // The spectrum CSV's eigenvalues are the ones the panel drew.
  const spectrum = readCsv(
    new TextDecoder().decode(await bytesOf(await exportAs(page, 'input-Hessian spectrum', 'CSV'))),
  );
  const drawn = await page.evaluate(() =>
    Array.from(window.__curvatureLab!.result('spectrum', 'cure')!.topk),
  );
  const exported = spectrum.rows.filter((r) => r[0] === 'cure').map((r) => Number(r[2]));
  expect(exported).toEqual(drawn);

  // Export all: one zip whose README lists every file in it.
  const zipped = page.waitForEvent('download', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Export all' }).click();
  const zip = await zipped;
  expect(zip.suggestedFilename()).toMatch(/^curvature-lab_mnist_test0_.*\.zip$/);
  const entries = unzipSync(await bytesOf(zip));
  const names = Object.keys(entries);
  const readme = new TextDecoder().decode(entries['README.txt']);
  for (const name of names.filter((n) => n !== 'README.txt')) expect(readme).toContain(name);
  provenanceSchema.parse(JSON.parse(new TextDecoder().decode(entries['provenance.json'])));
  const pngs = names.filter((n) => n.endsWith('@2x.png'));
  for (const panel of [
    'landscape_standard',
    'landscape_cure',
    'boundary_adversarial',
    'spectrum_all',
    'bounds_all',
    'curves_all',
  ]) {
    expect(
      pngs.some((n) => n.startsWith(panel)),
      panel,
    ).toBe(true);
  }
  for (const name of pngs) expect(provenanceOfPng(entries[name]!).figure).toBeDefined();
  expect(names.filter((n) => n.endsWith('.csv')).length).toBeGreaterThanOrEqual(8);
  expect(record.consoleErrors).toEqual([]);
});

test('the landscape and boundary panels export PNG, CSV, JSON and (landscapes) glTF; the menu works by keyboard', async ({
  page,
  record,
}) => {
  test.setTimeout(300_000);
  await openLab(page);
  await page.waitForFunction(() => window.__curvatureLab!.result('plane', 'cure') !== null, null, {
    timeout: 240_000,
  });
  await page.evaluate(() => window.__curvatureLab!.control('pause', 'all'));

  // Keyboard: focus the button, Enter opens on the first item, ↓ moves, Escape closes.
  const button = page.getByRole('button', { name: 'Export loss landscape — CURE' });
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Export loss landscape — CURE' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'PNG 1×' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'PNG 2×' })).toBeFocused();
  await expect(menu.getByRole('menuitem')).toHaveText([
    'PNG 1×',
    'PNG 2×',
    'PNG 4×',
    'CSV',
    'JSON',
    'glTF',
  ]);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  const one = await bytesOf(await exportAs(page, 'loss landscape — CURE', 'PNG 1×'));
  const two = await bytesOf(await exportAs(page, 'loss landscape — CURE', 'PNG 2×'));
  const [w, h] = pngSize(one);
  expect(pngSize(two)).toEqual([2 * w, 2 * h]);
  expect(provenanceOfPng(two).figure?.panel).toBe('landscape');

  const landscape = await exportAs(page, 'loss landscape — CURE', 'CSV');
  expect(landscape.suggestedFilename()).toMatch(/^landscape_cure_mnist_test0_step\d+\.csv$/);
  const csv = readCsv(new TextDecoder().decode(await bytesOf(landscape)));
  expect(csv.columns).toEqual(['network', 'a', 'b', 'loss', 'pred']);
  expect(csv.rows).toHaveLength(33 * 33);
  const drawnLoss = await page.evaluate(() =>
    Array.from(window.__curvatureLab!.result('plane', 'cure')!.loss),
  );
  expect(csv.rows.map((r) => Number(r[3]))).toEqual(drawnLoss);

  const glb = await bytesOf(await exportAs(page, 'loss landscape — CURE', 'glTF'));
  const view = new DataView(glb.buffer, glb.byteOffset);
  expect(new TextDecoder().decode(glb.subarray(0, 4))).toBe('glTF');
  expect(view.getUint32(4, true)).toBe(2);
  expect(view.getUint32(8, true)).toBe(glb.length);
  const jsonLength = view.getUint32(12, true);
  const gltf = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as {
    meshes: { primitives: { attributes: Record<string, number> }[] }[];
  };
  const attributes = gltf.meshes.flatMap((m) => m.primitives.map((p) => p.attributes));
  expect(attributes.some((a) => 'POSITION' in a && 'COLOR_0' in a)).toBe(true);
  // It loads back in three.js: a mesh with a coloured vertex per grid point (the CSV's rows).
  const loaded = await new Promise<GLTF>((resolve, reject) =>
    new GLTFLoader().parse(new Uint8Array(glb).buffer, '', resolve, reject),
  );
  const geometries: BufferGeometry[] = [];
  loaded.scene.traverse((object) => {
    if ((object as Mesh).isMesh) geometries.push((object as Mesh).geometry);
  });
  const surface = geometries.find((g) => g.hasAttribute('position') && g.hasAttribute('color'));
  expect(surface).toBeDefined();
  expect(surface!.getAttribute('position').count).toBe(33 * 33); // resolution=32, as the CSV
  expect(surface!.getAttribute('color').count).toBe(surface!.getAttribute('position').count);

  const boundary = await bytesOf(
    await exportAs(page, 'decision-boundary slice — Standard', 'PNG 2×'),
  );
  expect(provenanceOfPng(boundary).figure?.panel).toBe('boundary');
  const boundaryCsv = readCsv(
    new TextDecoder().decode(
      await bytesOf(await exportAs(page, 'decision-boundary slice — Standard', 'CSV')),
    ),
  );
  expect(boundaryCsv.columns).toEqual(['network', 'a', 'b', 'pred', 'confidence']);

  const adversarial = await bytesOf(await exportAs(page, 'adversarial examples', 'PNG 2×'));
  expect(provenanceOfPng(adversarial).figure?.panel).toBe('adversarial');
  // Its SVG: the digits (x, then x′ and δ per network) embedded, every word <text>.
  const adversarialSvg = await page.evaluate(
    (text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        images: Array.from(
          doc.querySelectorAll('image'),
          (i) => i.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '',
        ),
        texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
        metadata: doc.querySelector('metadata#curvature-lab-provenance')?.textContent ?? '',
      };
    },
    new TextDecoder().decode(await bytesOf(await exportAs(page, 'adversarial examples', 'SVG'))),
  );
  expect(adversarialSvg.error).toBeNull();
  expect(adversarialSvg.images).toHaveLength(1 + 2 * 3);
  for (const href of adversarialSvg.images) expect(href).toMatch(/^data:image\/png;base64,/);
  expect(adversarialSvg.texts[0]).toMatch(/^Adversarial examples \(PGD-20, /);
  expect(adversarialSvg.texts).toEqual(
    expect.arrayContaining(['Standard', 'Adversarial', 'CURE', expect.stringMatching(/^x · /)]),
  );
  expect(adversarialSvg.texts.filter((t) => /^δ ±\S+$/.test(t))).toHaveLength(3);
  expect(adversarialSvg.texts.filter((t) => /^x′: .+ \d+%$/.test(t))).toHaveLength(3);
  expect(provenanceSchema.parse(JSON.parse(adversarialSvg.metadata)).figure?.panel).toBe(
    'adversarial',
  );
  const pixels = readCsv(
    new TextDecoder().decode(await bytesOf(await exportAs(page, 'adversarial examples', 'CSV'))),
  );
  expect(pixels.columns).toEqual(['network', 'pixel', 'x', 'x_adversarial', 'delta']);
  expect(pixels.rows).toHaveLength(4 * 784);
  for (const [, , x, adv, delta] of pixels.rows.filter((r) => r[0] === 'cure')) {
    expect(Math.abs(Number(adv) - Number(x) - Number(delta))).toBeLessThan(1e-6);
    expect(Math.abs(Number(delta))).toBeLessThanOrEqual(0.1 + 1e-6); // ε = 0.1, ℓ∞
  }

  // The three-network figures: one PNG (exact scales) and one SVG with the three pictures.
  const rowName = 'loss landscapes — three networks';
  const row1 = await bytesOf(await exportAs(page, rowName, 'PNG 1×'));
  const row2 = await exportAs(page, rowName, 'PNG 2×');
  expect(row2.suggestedFilename()).toMatch(/^landscape_all_mnist_test0_step\d+-\d+-\d+@2x\.png$/);
  const [rw, rh] = pngSize(row1);
  expect(pngSize(await bytesOf(row2))).toEqual([2 * rw, 2 * rh]);
  expect(rw).toBeGreaterThan(2 * w); // three landscapes side by side, one colour bar
  const rowSvg = new TextDecoder().decode(await bytesOf(await exportAs(page, rowName, 'SVG')));
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      images: doc.querySelectorAll('image').length,
      texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent),
      metadata: doc.querySelector('metadata')?.textContent ?? '',
    };
  }, rowSvg);
  expect(parsed.images).toBe(3);
  expect(parsed.texts).toEqual(
    expect.arrayContaining(['Standard', 'Adversarial', 'CURE', 'loss (nats)']),
  );
  expect(provenanceSchema.parse(JSON.parse(parsed.metadata)).figure?.panel).toBe('landscape');
  const boundaries = await bytesOf(
    await exportAs(page, 'decision-boundary slices — three networks', 'PNG 1×'),
  );
  expect(pngSize(boundaries)[0]).toBeGreaterThan(3 * 400);

  // Boundary maps as SVG: the class field an embedded image; boundary, ε-ball, markers and
  // axes vectors; ticks, axis titles and legend <text> — in one panel and in the row figure.
  const readSvg = (text: string) =>
    page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        images: doc.querySelectorAll('image').length,
        paths: doc.querySelectorAll('path').length,
        texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
        metadata: doc.querySelector('metadata')?.textContent ?? '',
      };
    }, text);
  const mapSvg = await readSvg(
    new TextDecoder().decode(
      await bytesOf(await exportAs(page, 'decision-boundary slice — Standard', 'SVG')),
    ),
  );
  expect(mapSvg.error).toBeNull();
  expect(mapSvg.images).toBe(1);
  expect(mapSvg.paths).toBeGreaterThanOrEqual(4); // boundary, ε-ball, line to PGD, ×
  expect(mapSvg.texts).toEqual(
    expect.arrayContaining([
      'Standard: decision-boundary slice',
      expect.stringMatching(/^a along u/),
      expect.stringMatching(/^b along v/),
      '0',
      'x',
      'PGD',
      'ε-ball',
    ]),
  );
  expect(provenanceSchema.parse(JSON.parse(mapSvg.metadata)).figure?.panel).toBe('boundary');
  const boundaryRowSvg = await readSvg(
    new TextDecoder().decode(
      await bytesOf(await exportAs(page, 'decision-boundary slices — three networks', 'SVG')),
    ),
  );
  expect(boundaryRowSvg.error).toBeNull();
  expect(boundaryRowSvg.images).toBe(3);
  expect(boundaryRowSvg.texts.filter((t) => /^a along u/.test(t))).toHaveLength(3);
  expect(boundaryRowSvg.texts).toEqual(expect.arrayContaining(['Standard', 'Adversarial', 'CURE']));
  expect(record.consoleErrors).toEqual([]);
});

test('a paused network reset to its checkpoint exports the same analysis as npm run analyze', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openLab(page, '&sample=0');
  await page.evaluate(async () => {
    await window.__curvatureLab!.control('pause', 'all');
    await window.__curvatureLab!.control('reset', 'standard');
  });
  await page.waitForFunction(
    () => window.__curvatureLab!.result('plane', 'standard') !== null,
    null,
    {
      timeout: 240_000,
    },
  );
  const download = await exportAs(page, 'loss landscape — Standard', 'JSON');
  const json = JSON.parse(new TextDecoder().decode(await bytesOf(download))) as {
    reports: Record<string, AnalysisReport>;
    provenance: Provenance;
  };
  const ours = analysisReportSchema.parse(json.reports['standard']);
  const provenance = provenanceSchema.parse(json.provenance);
  expect(provenance.networks.find((n) => n.id === 'standard')?.step).toBe(0);

  // npm run analyze's computation, in this process (tfjs cpu), on the shipped checkpoint.
  await tf.setBackend('cpu');
  const folder = join('public/checkpoints/mnist/mlp-relu/standard');
  const { model } = await loadModelFromFiles(
    new Uint8Array(await readFile(join(folder, 'model.json'))),
    'model.json',
    async (path) => new Uint8Array(await readFile(join(folder, path))),
  );
  const data = await DATASETS.mnist.load({
    seed: provenance.seed,
    readAsset: async (path) => new Uint8Array(await readFile(join('public/data', path))),
  });
  const s = provenance.settings;
  const { report: theirs } = await analyzeInput(
    model,
    { file: 'model.json', sha256: '0'.repeat(64) },
    {
      dataset: 'mnist',
      split: 'test',
      index: 0,
      shape: [28, 28, 1],
      x: data.test.x.slice(0, 784),
      label: data.test.y[0]!,
    },
    {
      h: Number(s['h']),
      form: s['cureForm'] as 'paper' | 'code',
      topk: Number(s['topK']),
      full: s['fullSpectrum'] === 'true',
      gridSize: Number(s['resolution']) + 1,
      radius: Number(s['radius']),
      vKind: s['plane'] as 'random' | 'eigenvector',
      seed: provenance.seed,
    },
  );
  model.dispose();
  // Within 1e-5, relative to the largest value where that exceeds 1, absolute below: a loss near
  // 0 comes out of float32 logits of magnitude ~10 with an absolute error ~1e-7 on any backend.
  const close = (a: readonly number[], b: readonly number[], what: string) => {
    expect(a.length, what).toBe(b.length);
    const scale = Math.max(1, ...b.map(Math.abs));
    const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));
    console.log(`${what}: max |Δ| ${worst.toExponential(2)}, scale ${scale.toExponential(2)}`);
    expect(worst / scale, what).toBeLessThan(1e-5);
  };
  expect(ours.input.x).toEqual(theirs.input.x);
  close(ours.logits, theirs.logits, 'logits');
  close([ours.loss], [theirs.loss], 'loss');
  close(ours.grad, theirs.grad, 'grad');
  close(ours.hessian.topk, theirs.hessian.topk, 'top eigenvalues');
  close(ours.grid.loss.flat(), theirs.grid.loss.flat(), 'grid loss');
  expect(ours.grid.pred).toEqual(theirs.grid.pred);
});
