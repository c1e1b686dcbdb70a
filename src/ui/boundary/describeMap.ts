/**
 * A boundary map in words, for screen readers (the canvas's text alternative): which classes the
 * slice holds and how much of it each takes, what the network predicts at x and at the PGD
 * example (the grid cells nearest them), and the axes' ranges. Pure: no DOM.
 */
import type { BoundaryMapData } from './drawBoundaryMap';

/** The grid cell nearest plane point (a, b): its predicted class and confidence. */
function cellAt(data: BoundaryMapData, a: number, b: number) {
  const n = data.size;
  const index = (value: number, range: readonly [number, number]) =>
    Math.min(
      n - 1,
      Math.max(0, Math.round(((value - range[0]) / (range[1] - range[0])) * (n - 1))),
    );
  const k = index(a, data.aRange) * n + index(b, data.bRange);
  return { classIndex: data.pred[k]!, confidence: data.confidence[k]! };
}

const percent = (fraction: number) => `${Math.round(100 * fraction)}%`;
const number = (value: number) => Number(value.toPrecision(3)).toString();

export function describeBoundaryMap(data: BoundaryMapData): string {
  const name = (k: number) => data.classNames[k] ?? `class ${k}`;
  const counts = new Map<number, number>();
  for (const k of data.pred) counts.set(k, (counts.get(k) ?? 0) + 1);
  const cells = data.pred.length;
  const shares = [...counts.entries()]
    .sort((p, q) => q[1] - p[1])
    .map(([k, count]) => `${name(k)} ${percent(count / cells)}`)
    .join(', ');
  const atX = cellAt(data, data.x[0], data.x[1]);
  const sentences = [
    `Predicted class over the slice (${data.size}×${data.size} points): ${shares}.`,
    `At x: ${name(atX.classIndex)} (${percent(atX.confidence)}).`,
  ];
  if (data.adversarial) {
    const atPgd = cellAt(data, data.adversarial[0], data.adversarial[1]);
    sentences.push(`At the PGD example: ${name(atPgd.classIndex)} (${percent(atPgd.confidence)}).`);
  }
  sentences.push(
    `Horizontal: ${data.axisLabels[0]}, ${number(data.aRange[0])} to ${number(data.aRange[1])}; ` +
      `vertical: ${data.axisLabels[1]}, ${number(data.bRange[0])} to ${number(data.bRange[1])}.`,
  );
  return sentences.join(' ');
}
