/**
 * Seeded 2-D toy sets in the spirit of TensorFlow Playground: every generator has the same
 * signature `(count, noise, rng) => labelled points`, so the registry can treat them alike.
 * Coordinates lie roughly in [-1.5, 1.5]²; labels are 0/1.
 */
import type { Rng } from '../random';
import type { DatasetSplit } from './types';

export type ToyGenerator = (count: number, noise: number, rng: Rng) => DatasetSplit;

function makeSplit(count: number, point: (i: number) => [number, number, number]): DatasetSplit {
  const x = new Float32Array(count * 2);
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const [px, py, label] = point(i);
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = label;
  }
  return { count, x, y };
}

/** Two interleaved half circles (scikit-learn's make_moons), centred and scaled to ~[-1.5, 1.5]. */
export const twoMoons: ToyGenerator = (count, noise, rng) =>
  makeSplit(count, (i) => {
    const label = i % 2;
    const angle = Math.PI * rng.uniform();
    const cx = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
    const cy = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
    return [
      (cx - 0.5) * 0.9 + noise * rng.normal(),
      (cy - 0.25) * 0.9 + noise * rng.normal(),
      label,
    ];
  });

/** A disc (class 0) inside a ring (class 1). */
export const circles: ToyGenerator = (count, noise, rng) =>
  makeSplit(count, (i) => {
    const label = i % 2;
    const radius = label === 0 ? 0.5 * Math.sqrt(rng.uniform()) : 0.8 + 0.4 * rng.uniform();
    const angle = 2 * Math.PI * rng.uniform();
    return [
      radius * Math.cos(angle) + noise * rng.normal(),
      radius * Math.sin(angle) + noise * rng.normal(),
      label,
    ];
  });

/** Two interleaved Archimedean spirals, 1.75 turns each. */
export const spirals: ToyGenerator = (count, noise, rng) =>
  makeSplit(count, (i) => {
    const label = i % 2;
    const t = rng.uniform();
    const radius = 0.1 + 1.3 * t;
    const angle = 1.75 * 2 * Math.PI * t + label * Math.PI;
    return [
      radius * Math.cos(angle) + noise * rng.normal(),
      radius * Math.sin(angle) + noise * rng.normal(),
      label,
    ];
  });

/** Quadrants: class 1 where the coordinates' signs agree; points kept a margin away from the axes. */
export const xor: ToyGenerator = (count, noise, rng) =>
  makeSplit(count, (i) => {
    const label = i % 2;
    const margin = 0.1;
    const magnitude = () => margin + (1.3 - margin) * rng.uniform();
    const signX = rng.uniform() < 0.5 ? -1 : 1;
    const signY = label === 1 ? signX : -signX;
    return [
      signX * magnitude() + noise * rng.normal(),
      signY * magnitude() + noise * rng.normal(),
      label,
    ];
  });
