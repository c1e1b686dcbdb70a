/**
 * The paper's argument in five scenes (PAPER.md): robust networks are nearly flat around their
 * inputs; so are their loss landscapes and boundaries; regularizing curvature (CURE) buys
 * robustness; and, vice versa, low curvature bounds how far an attack has to go. Each scene works
 * on the live networks of the current dataset: it changes analysis settings, never the dataset.
 */
import type { Scene } from './scenes';

export const DEFAULT_SCENES: readonly Scene[] = [
  {
    title: 'Robust means flat',
    caption:
      'Adversarial training makes the loss nearly linear around inputs: its curvature along the attack direction and its top input-Hessian eigenvalues are far below the standard network’s.',
    panels: ['profile', 'spectrum'],
    settings: { spectrumScale: 'log' },
    reset: [],
    focus: null,
  },
  {
    title: 'Loss landscapes',
    caption:
      'The loss around x, along the normal direction u and a random direction v, on one height scale: the standard network’s surface bends sharply; the robust ones stay nearly flat.',
    panels: ['landscapes'],
    settings: { plane: 'random', heightScale: 'shared' },
    reset: [],
    focus: null,
  },
  {
    title: 'Decision boundaries',
    caption:
      'The decision boundary through x with the ε-ball and the PGD example: where the boundary curves close to x, a small step crosses it.',
    panels: ['boundaries', 'adversarial'],
    settings: { plane: 'random' },
    reset: [],
    focus: null,
  },
  {
    title: 'CURE',
    caption:
      'CURE fine-tunes the standard network with γ‖∇ℓ(x + hz) − ∇ℓ(x)‖²: as γ rises, the top eigenvalue falls and the landscape flattens — and PGD accuracy rises.',
    panels: ['curves', 'landscapes'],
    settings: { cureStart: 'finetune', curveMetric: 'topEigenvalue' },
    reset: ['cure'],
    focus: null,
    animateGamma: { from: 0.1, to: 4, seconds: 30 },
  },
  {
    title: 'Vice versa',
    caption:
      'Vice versa: from the gradient and the curvature at x, the quadratic model bounds how far an attack must go; low curvature means a certified distance. Measured PGD distances against the bounds.',
    panels: ['bounds', 'robustCurve'],
    settings: {},
    reset: [],
    focus: null,
  },
];
