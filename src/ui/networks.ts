/**
 * The three networks, always in this order and colour (Okabe–Ito palette, safe for the common
 * colour-vision deficiencies). Every number, curve and surface of a network uses its colour.
 */
export const NETWORKS = [
  {
    id: 'standard',
    name: 'Standard',
    colour: '#0072B2',
    method: 'cross-entropy only',
  },
  {
    id: 'adversarial',
    name: 'Adversarial',
    colour: '#D55E00',
    method: 'PGD adversarial training (Madry et al. 2018)',
  },
  {
    id: 'cure',
    name: 'CURE',
    colour: '#009E73',
    method: 'ℓ + γ‖∇ℓ(x+hz) − ∇ℓ(x)‖² (Moosavi-Dezfooli et al. 2019)',
  },
] as const;

export type NetworkId = (typeof NETWORKS)[number]['id'];

/** Class colours for boundary maps and toy points (Okabe–Ito, then Tol's muted for 10 classes). */
export const CLASS_COLOURS = [
  '#E69F00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#882255',
  '#44AA99',
  '#999933',
] as const;
