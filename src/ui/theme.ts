/**
 * The two themes' colours in one table: the CSS variables styles.css sets for each theme (a unit
 * test keeps the stylesheet equal to this table and checks WCAG AA contrast on it), and the
 * colours canvas, WebGL and export drawing take as a `FigureTheme`. Light is for bright rooms and
 * figures, dark for dim rooms. Plain data, no DOM: node tests import it.
 *
 * The networks' line and surface colours (networks.ts) are the same in both themes: the Okabe–Ito
 * blue, vermillion and bluish green reach 3:1 on the light and the dark panel alike. Only their
 * text shades change (lighter tints on dark).
 */
import type { NetworkId } from '../core/names';
import type { Theme } from '../state/presentation';

export type { Theme };
export const THEMES: readonly Theme[] = ['light', 'dark'];

/** The networks' colours for lines, fills and swatches (Okabe–Ito; ≥ 3:1 on both panels). */
export const NETWORK_COLOURS: Readonly<Record<NetworkId, string>> = {
  standard: '#0072B2',
  adversarial: '#B34E00',
  cure: '#009E73',
};

/** The CSS variables of one theme, by name without the leading `--`. */
export interface Palette {
  /** Page background. */
  readonly bg: string;
  /** Panels, plots and opaque figure backgrounds. */
  readonly panel: string;
  /** Inputs, buttons and menus on a panel. */
  readonly surface: string;
  readonly ink: string;
  /** Secondary text: labels, units, notes. */
  readonly muted: string;
  /** Borders and rules (decoration, not content). */
  readonly line: string;
  /** Plot frames and outlines that must show against the panel (≥ 3:1). */
  readonly frame: string;
  readonly ok: string;
  readonly bad: string;
  readonly warn: string;
  readonly info: string;
  readonly focus: string;
  readonly 'chip-bg': string;
  readonly 'ok-bg': string;
  readonly 'bad-bg': string;
  readonly 'warn-bg': string;
  readonly 'warn-line': string;
  readonly 'info-bg': string;
  readonly 'hover-bg': string;
  /** A translucent panel colour under labels that sit over lines or a surface. */
  readonly veil: string;
  readonly shadow: string;
  /** Text of the adversarial marker (x′) in the 3D views. */
  readonly 'adversarial-text': string;
  readonly 'network-standard-text': string;
  readonly 'network-adversarial-text': string;
  readonly 'network-cure-text': string;
}

export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    bg: '#f7f7f5',
    panel: '#ffffff',
    surface: '#ffffff',
    ink: '#1b1b1f',
    muted: '#60646c',
    line: '#dcdcd8',
    frame: '#8a8e96',
    ok: '#187a33',
    bad: '#b42318',
    warn: '#8a5a00',
    info: '#174ea6',
    focus: '#174ea6',
    'chip-bg': '#ececea',
    'ok-bg': '#e3f4e8',
    'bad-bg': '#fde8e6',
    'warn-bg': '#fff7e0',
    'warn-line': '#e9d29a',
    'info-bg': '#e8f0fb',
    'hover-bg': '#eef1f6',
    veil: 'rgb(255 255 255 / 85%)',
    shadow: 'rgb(0 0 0 / 14%)',
    'adversarial-text': '#c0104a',
    // Darker shades where the palette's own colour is under 4.5:1 on white (green: 3.4:1).
    'network-standard-text': '#0072B2',
    'network-adversarial-text': '#B34E00',
    'network-cure-text': '#007A59',
  },
  dark: {
    bg: '#111214',
    panel: '#1b1c20',
    surface: '#25272c',
    ink: '#ececef',
    muted: '#a4a9b1',
    line: '#3b3e45',
    frame: '#8a8e96',
    ok: '#5cc27a',
    bad: '#ff8b7e',
    warn: '#e8b64c',
    info: '#8ab4f8',
    focus: '#8ab4f8',
    'chip-bg': '#2c2e34',
    'ok-bg': '#15301f',
    'bad-bg': '#3d1f1c',
    'warn-bg': '#33290f',
    'warn-line': '#6b5520',
    'info-bg': '#1a2740',
    'hover-bg': '#2c3140',
    veil: 'rgb(27 28 32 / 85%)',
    shadow: 'rgb(0 0 0 / 50%)',
    'adversarial-text': '#ff6b9a',
    // Lighter tints of the same hues: the palette's blue and vermillion give 3.3:1 on the dark
    // panel, enough for lines but not for text.
    'network-standard-text': '#56B4E9',
    'network-adversarial-text': '#F0915A',
    'network-cure-text': '#33C596',
  },
};

/** A network's text colour in a theme (for canvas and export drawing; CSS reads the variable). */
export function networkText(id: NetworkId, theme: Theme): string {
  return PALETTES[theme][`network-${id}-text`];
}

/**
 * What canvas, WebGL and export drawing need of a theme, passed in explicitly (drawing code never
 * reads the DOM for it).
 */
export interface FigureTheme {
  readonly name: Theme;
  /** Opaque background of a plot or figure: the panel colour. */
  readonly background: string;
  readonly ink: string;
  readonly muted: string;
  /** Chart grid lines and ticks (faint). */
  readonly grid: string;
  /** Plot frames and outlines of swatches and points (≥ 3:1 on the background). */
  readonly frame: string;
  /** A translucent background under labels and lines that cross data. */
  readonly halo: string;
  readonly bad: string;
}

const FIGURE_THEMES: Readonly<Record<Theme, FigureTheme>> = {
  light: {
    name: 'light',
    background: PALETTES.light.panel,
    ink: PALETTES.light.ink,
    muted: PALETTES.light.muted,
    grid: 'rgba(27, 27, 31, 0.09)',
    frame: PALETTES.light.frame,
    halo: 'rgba(255, 255, 255, 0.8)',
    bad: PALETTES.light.bad,
  },
  dark: {
    name: 'dark',
    background: PALETTES.dark.panel,
    ink: PALETTES.dark.ink,
    muted: PALETTES.dark.muted,
    grid: 'rgba(236, 236, 239, 0.13)',
    frame: PALETTES.dark.frame,
    halo: 'rgba(27, 28, 32, 0.8)',
    bad: PALETTES.dark.bad,
  },
};

/** The drawing colours of a theme. */
export function figureTheme(theme: Theme): FigureTheme {
  return FIGURE_THEMES[theme];
}

export const LIGHT_FIGURE = FIGURE_THEMES.light;

/** "#rrggbb" → channels 0–255. */
export function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours, 1–21 (AA: 4.5 for text, 3 for graphics). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (hi + 0.05) / (lo + 0.05);
}
