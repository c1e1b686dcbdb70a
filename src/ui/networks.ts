/**
 * How the three networks look: one colour each (Okabe–Ito palette, safe for the common
 * colour-vision deficiencies), always in the order of NETWORK_IDS. Every number, curve and surface
 * of a network uses its colour. Names and methods come from the core's table (src/core/names.ts);
 * the colours and their per-theme text shades from theme.ts.
 */
import { NETWORK_IDS, NETWORK_WORDS, type NetworkId } from '../core/names';
import { NETWORK_COLOURS, networkText, type Theme } from './theme';

export interface NetworkLook {
  readonly id: NetworkId;
  readonly name: string;
  readonly method: string;
  /** For strokes, fills and swatches (the same in both themes). */
  readonly colour: string;
  /** For text in the network's colour, in the theme asked for (≥ 4.5:1 on its panel). */
  readonly text: string;
}

/** One network's name, method and colours; `text` for `theme` (light by default: figures). */
export function networkLook(id: NetworkId, theme: Theme = 'light'): NetworkLook {
  return { id, ...NETWORK_WORDS[id], colour: NETWORK_COLOURS[id], text: networkText(id, theme) };
}

/** The three networks in display order, with their names, methods and colours (light text). */
export const NETWORKS: readonly NetworkLook[] = NETWORK_IDS.map((id) => networkLook(id));

/** A network's text colour for CSS: the variable styles.css sets for the current theme. */
export function networkTextVariable(id: NetworkId): string {
  return `var(--network-${id}-text)`;
}

/** The CSS variables a network's elements read: `--network-colour` and `--network-text` (which
 * follows the theme without a React render). */
export function networkCssVariables(look: NetworkLook): Record<string, string> {
  return { '--network-colour': look.colour, '--network-text': networkTextVariable(look.id) };
}

/** The CSS text colour of a network colour, following the theme (any other colour is returned as
 * it is). For DOM styles only: canvas drawing takes `networkLook(id, theme).text`. */
export function textShade(colour: string): string {
  const id = NETWORK_IDS.find((network) => NETWORK_COLOURS[network] === colour);
  return id ? networkTextVariable(id) : colour;
}

/** Class colours for boundary maps and toy points (Okabe–Ito, then Tol's muted for 10 classes).
 * Told apart by hue, not by contrast with the panel (yellow is 1.2:1 on white): swatches and
 * points are drawn with the theme's frame colour around them. */
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
