/**
 * Seeded pseudo-random numbers. Every random choice in the app (toy data, directions, data order,
 * initial weights) draws from a generator made here from an explicit seed, so a shared link or an
 * exported figure reproduces exactly. Never use Math.random in the core.
 */

/** A seeded generator: uniform floats in [0, 1), standard normals, and integers. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new independent generator, derived deterministically from this one's next draw. */
  fork(): Rng;
  /** Where the generator stands: `restoreRng` of it draws the same numbers from here on. */
  state(): RngState;
}

/** A generator's whole state (plain numbers: it goes into saved sessions). */
export interface RngState {
  /** mulberry32's 32-bit counter. */
  readonly counter: number;
  /** The second normal of the last Box–Muller pair, not yet drawn. */
  readonly spareNormal: number | null;
}

/** mulberry32: 32 bits of state, passes the usual small-crush style checks; plenty for a teaching tool. */
function mulberry32(seed: number): { next: () => number; counter: () => number } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, counter: () => state };
}

/** Makes a generator from an integer seed (any 32-bit integer; larger values are reduced mod 2³²). */
export function createRng(seed: number): Rng {
  return restoreRng({ counter: seed, spareNormal: null });
}

/** The generator at `state` (from `Rng.state()`): it continues the saved one's draws exactly. */
export function restoreRng(saved: RngState): Rng {
  const { next, counter } = mulberry32(saved.counter);
  let spareNormal: number | null = saved.spareNormal;
  const rng: Rng = {
    uniform: next,
    normal() {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      // 1 - u keeps the log argument in (0, 1].
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    int(n) {
      return Math.floor(next() * n);
    },
    fork() {
      return createRng(Math.floor(next() * 4294967296));
    },
    state() {
      return { counter: counter(), spareNormal };
    },
  };
  return rng;
}

/** Fisher–Yates shuffle of 0..n-1 with the given generator. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
