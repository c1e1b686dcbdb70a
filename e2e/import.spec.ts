/**
 * Model import in the app (issue 17, item 4): a Keras-style MNIST model (Dense layers on a flat
 * [784] input, final softmax), generated in the test, goes through the "Import model" input into
 * one slot; the column says "imported: …" and every analysis panel draws that network (its logits
 * at the selected input are the model's own). Then, in the same page while the lab trains, 35 bad
 * model-file sets are each refused with a notice naming the fault, the target slot keeps its
 * origin and its steps; and a drop of the files on a column imports them there, fine-tuned.
 */
import type { Page } from '@playwright/test';
import { FROZEN_PAUSE } from '../src/core/lab/pauseReasons';
import { NETWORK_IDS, type NetworkId } from '../src/core/names';
import { expect, expectOnlySameOrigin, test, waitForEngine } from './fixtures';
import {
  badModelSets,
  denseLogits,
  denseWeights,
  goodModelFiles,
  unmatchedFaults,
  type ModelFile,
} from './importCases';

/** Small analyses, so that the software backends draw every panel within the test's time. */
const LIGHT = 'resolution=16&boundsPoints=2&curvePoints=10&topK=3';

const stepOf = (page: Page, id: NetworkId) =>
  page.evaluate((id) => window.__curvatureLab!.state().lab.networks[id].step, id);
const originOf = (page: Page, id: NetworkId) =>
  page.evaluate((id) => window.__curvatureLab!.state().lab.origins.find((o) => o.id === id), id);

/** Every panel showing `id` shows it at step `step`, current (not stale). */
async function expectPanelsShowNetworkAt(page: Page, id: NetworkId, step: number): Promise<void> {
  const column = NETWORK_IDS.indexOf(id);
  const misses = () =>
    page.evaluate(
      ({ id, column, step }) => {
        const own = [`landscape-panel-${id}`, `boundary-panel-${id}`];
        const shared = [
          'adversarial-panel',
          'spectrum-panel',
          'profile-panel',
          'bounds-panel',
          'robust-curve-panel',
        ];
        return [...own, ...shared].flatMap((testId) => {
          const panel = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
          const steps = panel?.dataset.steps?.split('/') ?? [];
          const shown = own.includes(testId) ? steps[0] : steps[column];
          const ok = shown === String(step) && panel?.dataset.stale !== 'true';
          return ok
            ? []
            : [`${testId}: steps ${panel?.dataset.steps}, stale ${panel?.dataset.stale}`];
        });
      },
      { id, column, step },
    );
  await expect.poll(misses, { timeout: 60_000 }).toEqual([]);
}

/** Drops `files` on network `id`'s column (after dragging them over it, if `hover`). */
async function dropFiles(page: Page, id: NetworkId, files: ModelFile[], hover = false) {
  const encoded = files.map((f) => ({ name: f.name, data: f.buffer.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name));
    }
    return transfer;
  }, encoded);
  const column = page.getByTestId(`network-${id}`);
  if (hover) {
    await column.dispatchEvent('dragover', { dataTransfer });
    await expect(column).toHaveAttribute('data-drop-target', 'true');
  }
  await column.dispatchEvent('drop', { dataTransfer });
  await dataTransfer.dispose();
}

/** Imports `files` through the "Import model" input; returns the text of the notice it raised. */
async function importThroughInput(page: Page, files: ModelFile[]): Promise<string> {
  const last = await page.evaluate(() => window.__curvatureLab!.state().notices.at(-1)?.id ?? 0);
  await page.getByLabel('Import model', { exact: true }).setInputFiles(files);
  const notice = await page.waitForFunction(
    (last) => window.__curvatureLab!.state().notices.find((n) => n.id > last)?.text,
    last,
  );
  return (await notice.jsonValue()) as string;
}

test('imports a Keras MNIST model into a slot, analyzes it in every panel, refuses 35 bad sets while the lab trains, and takes a drop on a column', async ({
  page,
  record,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const weights = denseWeights();
  await page.goto(`/?backend=wasm&${LIGHT}`);
  await waitForEngine(page);
  await page.waitForFunction(() => window.__curvatureLab!.state().lab.phase === 'open');
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(1));

  // The good model, frozen, into the adversarial slot.
  await page.getByTestId('import-slot').selectOption('adversarial');
  await page.getByTestId('import-mode').selectOption('frozen');
  await page.getByLabel('Import model', { exact: true }).setInputFiles(goodModelFiles(weights));
  await expect(page.getByTestId('imported-adversarial')).toHaveText(
    'imported: mnist_dense · expects [0, 1] (default) · frozen',
  );
  await expect(page.getByTestId('origin-adversarial')).toHaveText('imported from model.json');
  await expect(page.getByTestId('paused-adversarial')).toHaveText(FROZEN_PAUSE);
  await expect(page.getByTestId('toggle-adversarial')).toBeDisabled();
  // The line wraps rather than being cut, in readable type.
  const fit = await page.getByTestId('imported-adversarial').evaluate((line) => ({
    cut: line.scrollWidth > line.clientWidth || line.scrollHeight > line.clientHeight,
    px: parseFloat(getComputedStyle(line).fontSize),
  }));
  expect(fit.cut).toBe(false);
  expect(fit.px).toBeGreaterThanOrEqual(12);
  const imported = await originOf(page, 'adversarial');
  expect(imported).toMatchObject({
    source: 'imported',
    parameters: 784 * 24 + 24 + 24 * 10 + 10,
    imported: { name: 'mnist_dense', mode: 'frozen', strippedSoftmax: true },
  });
  expect(imported!.imported!.modelInputShape).toEqual([784]);

  // Every panel analyzes it: results for all parts at the import's key, at its step 0, and the
  // logits at the selected input are the model's own (the lab reshapes 28×28×1 to its [784]).
  await page.evaluate(() => window.__curvatureLab!.waitForAnalysis());
  await expectPanelsShowNetworkAt(page, 'adversarial', 0);
  const point = await page.evaluate(() => {
    const hook = window.__curvatureLab!;
    const { data, config } = hook.state();
    const x = Array.from(data.test!.x.subarray(784 * config.sample, 784 * (config.sample + 1)));
    const result = hook.result('point', 'adversarial');
    return { x, logits: Array.from(result!.logits), loss: result!.loss };
  });
  const want = denseLogits(weights, point.x);
  point.logits.forEach((z, k) => expect(z).toBeCloseTo(want[k]!, 3));
  const landscape = page.getByTestId('landscape-adversarial');
  await expect(landscape).toHaveAttribute('data-renders', /[1-9]/);
  expect(Number(await landscape.getAttribute('data-center-loss'))).toBeCloseTo(point.loss, 4);
  const predicted = await page.evaluate(
    (x) => window.__curvatureLab!.predict('adversarial', [x]),
    point.x,
  );
  expect(predicted.pred).toEqual([want.indexOf(Math.max(...want))]);

  // Frozen: the others train on, it stays at step 0.
  const standardBefore = await stepOf(page, 'standard');
  await page.evaluate(
    (n) => window.__curvatureLab!.waitForSteps(n, 'standard'),
    standardBefore + 2,
  );
  expect(await stepOf(page, 'adversarial')).toBe(0);

  // Bad sets into the standard slot while it trains: each refused by name, nothing changes. The
  // first few one at a time through the input (it is disabled while a set is being checked), the
  // rest dropped on the column at once (the worker answers them between training steps, in the
  // order their checks end: each notice is matched to the set whose fault it names).
  await page.getByTestId('import-slot').selectOption('standard');
  await page.getByTestId('import-mode').selectOption('finetune');
  const standardOrigin = await originOf(page, 'standard');
  const startStep = await stepOf(page, 'standard');
  const sets = badModelSets();
  expect(sets.length).toBeGreaterThanOrEqual(25);
  const [viaInput, viaDrop] = [sets.slice(0, 5), sets.slice(5)];
  const wrong: string[] = [];
  for (const set of viaInput) {
    const notice = await importThroughInput(page, set.files);
    if (!set.fault.test(notice)) wrong.push(`${set.name}: ${notice}`);
  }
  expect(wrong).toEqual([]);
  for (const set of viaDrop) await dropFiles(page, 'standard', set.files);
  await expect(page.getByTestId('notice')).toHaveCount(sets.length);
  const notices = await page.evaluate(() =>
    window.__curvatureLab!.state().notices.map((n) => n.text),
  );
  for (const notice of notices) {
    expect(notice).toMatch(/^Model import into the Standard column refused: /);
  }
  expect(unmatchedFaults(viaDrop, notices.slice(viaInput.length))).toEqual([]);
  expect(await originOf(page, 'standard')).toEqual(standardOrigin);
  await page.evaluate((n) => window.__curvatureLab!.waitForSteps(n, 'standard'), startStep + 2);
  expect(await page.evaluate(() => window.__curvatureLab!.state().lab.running)).toBe(true);
  expect(await stepOf(page, 'adversarial')).toBe(0);
  // The notices scroll when they outgrow the window: the oldest can still be dismissed.
  await page.getByTestId('notice').first().getByRole('button', { name: 'dismiss' }).click();
  await expect(page.getByTestId('notice')).toHaveCount(sets.length - 1);

  // A drop of the files on the CURE column imports them there, fine-tuned with CURE.
  await dropFiles(page, 'cure', goodModelFiles(weights), true);
  await expect(page.getByTestId('imported-cure')).toHaveText(
    'imported: mnist_dense · expects [0, 1] (default) · fine-tuned',
  );
  await expect(page.getByTestId('network-cure')).not.toHaveAttribute('data-drop-target');
  await page.evaluate(() => window.__curvatureLab!.waitForSteps(3, 'cure'));
  await expect(page.getByTestId('paused-cure')).toHaveCount(0);
  expect(await stepOf(page, 'adversarial')).toBe(0);

  expect(record.consoleErrors).toEqual([]);
  expectOnlySameOrigin(record, baseURL!);
});
