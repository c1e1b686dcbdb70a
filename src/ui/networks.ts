/**
 * How the three networks look: one colour each (Okabe–Ito palette, safe for the common
 * colour-vision deficiencies), always in the order of NETWORK_IDS. Every number, curve and surface
 * of a network uses its colour. Names and methods come from the core's table (src/core/names.ts).
 */
import { NETWORK_IDS, NETWORK_WORDS, type NetworkId } from '../core/names';

const NETWORK_COLOURS: Readonly<Record<NetworkId, string>> = {
  standard: '#0072B2',
  adversarial: '#B34E00',
  cure: '#009E73',
};

/** Darker shades of the same hues for text and numbers: at least 4.5:1 on white (WCAG AA; the
 * palette's orange and green give 3.9:1 and 3.4:1). Lines, surfaces and swatches keep the palette. */
const NETWORK_TEXT_COLOURS: Readonly<Record<NetworkId, string>> = {
  standard: '#0072B2',
  adversarial: '#B34E00',
  cure: '#007A59',
};

export interface NetworkLook {
  readonly id: NetworkId;
  readonly name: string;
  readonly method: string;
  /** For strokes, fills and swatches. */
  readonly colour: string;
  /** For text in the network's colour. */
  readonly text: string;
}

/** The three networks in display order, with their names, methods and colours. */
export const NETWORKS: readonly NetworkLook[] = NETWORK_IDS.map((id) => ({
  id,
  ...NETWORK_WORDS[id],
  colour: NETWORK_COLOURS[id],
  text: NETWORK_TEXT_COLOURS[id],
}));

/** One network's name, method and colour. */
export function networkLook(id: NetworkId): NetworkLook {
  return { id, ...NETWORK_WORDS[id], colour: NETWORK_COLOURS[id], text: NETWORK_TEXT_COLOURS[id] };
}

/** The CSS variables a network's elements read: `--network-colour` and `--network-text`. */
export function networkCssVariables(look: NetworkLook): Record<string, string> {
  return { '--network-colour': look.colour, '--network-text': look.text };
}

/** The text shade of a network colour (any other colour is returned as it is). */
export function textShade(colour: string): string {
  const id = NETWORK_IDS.find((network) => NETWORK_COLOURS[network] === colour);
  return id ? NETWORK_TEXT_COLOURS[id] : colour;
}

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
