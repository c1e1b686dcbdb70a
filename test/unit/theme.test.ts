/**
 * The two themes: styles.css sets exactly theme.ts's table for each, and every colour that carries
 * text or a graphic meets WCAG 2 AA on the backgrounds it is drawn on (4.5:1 for text, 3:1 for
 * lines, swatches and frames), in light and in dark.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NETWORK_IDS } from '../../src/core/names';
import { networkCssVariables, networkLook, textShade } from '../../src/ui/networks';
import {
  contrastRatio,
  figureTheme,
  NETWORK_COLOURS,
  PALETTES,
  relativeLuminance,
  THEMES,
  type Palette,
} from '../../src/ui/theme';

const stylesheet = readFileSync(new URL('../../src/ui/styles.css', import.meta.url), 'utf8');

/** The custom properties declared in the first rule with exactly this selector. */
function declaredVariables(selector: string): Record<string, string> {
  const start = stylesheet.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector}`);
  const body = stylesheet.slice(start + selector.length + 2, stylesheet.indexOf('}', start));
  const variables: Record<string, string> = {};
  for (const match of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) variables[match[1]!] = match[2]!;
  return variables;
}

const TEXT = 4.5;
const GRAPHIC = 3;

describe('theme palettes', () => {
  it('styles.css declares each theme exactly as theme.ts', () => {
    // Prettier writes hex colours in lower case.
    const lower = (table: object) =>
      Object.fromEntries(Object.entries(table).map(([k, v]) => [k, String(v).toLowerCase()]));
    expect(lower(declaredVariables(':root'))).toEqual(lower(PALETTES.light));
    expect(lower(declaredVariables(":root[data-theme='dark']"))).toEqual(lower(PALETTES.dark));
  });

  it('computes WCAG luminance and contrast (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 12);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 12);
    expect(contrastRatio('#60646c', '#60646c')).toBe(1);
    // WebAIM's checker: #767676 on white is 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const theme of THEMES) {
    describe(theme, () => {
      const p = PALETTES[theme];
      const backgrounds = { bg: p.bg, panel: p.panel };
      const expectContrast = (colour: string, on: string, least: number, what: string) =>
        expect(contrastRatio(colour, on), `${what} ${colour} on ${on}`).toBeGreaterThanOrEqual(
          least,
        );

      it('text colours reach 4.5:1 on the page and the panels', () => {
        const texts: (keyof Palette)[] = [
          'ink',
          'muted',
          'ok',
          'bad',
          'warn',
          'info',
          'adversarial-text',
          'network-standard-text',
          'network-adversarial-text',
          'network-cure-text',
        ];
        for (const name of texts)
          for (const [where, on] of Object.entries(backgrounds))
            expectContrast(p[name], on, TEXT, `${name} on ${where}`);
        // Inputs, buttons and menus.
        expectContrast(p.ink, p.surface, TEXT, 'ink on surface');
        expectContrast(p.muted, p.surface, TEXT, 'muted on surface');
      });

      it('text on the tinted chips and notices reaches 4.5:1', () => {
        const pairs: [keyof Palette, keyof Palette][] = [
          ['muted', 'chip-bg'],
          ['ink', 'chip-bg'],
          ['ok', 'ok-bg'],
          ['bad', 'bad-bg'],
          ['warn', 'warn-bg'],
          ['info', 'info-bg'],
          ['ink', 'hover-bg'],
        ];
        for (const [text, on] of pairs) expectContrast(p[text], p[on], TEXT, `${text} on ${on}`);
      });

      it('network colours, frames and the focus ring reach 3:1', () => {
        for (const id of NETWORK_IDS)
          for (const [where, on] of Object.entries(backgrounds))
            expectContrast(NETWORK_COLOURS[id], on, GRAPHIC, `${id} line on ${where}`);
        for (const [where, on] of Object.entries({ ...backgrounds, surface: p.surface })) {
          expectContrast(p.frame, on, GRAPHIC, `frame on ${where}`);
          expectContrast(p.focus, on, GRAPHIC, `focus ring on ${where}`);
        }
      });

      it('networkLook gives the theme’s text shade; CSS reads it from the variable', () => {
        for (const id of NETWORK_IDS) {
          const look = networkLook(id, theme);
          expect(look.colour).toBe(NETWORK_COLOURS[id]);
          expect(look.text).toBe(p[`network-${id}-text`]);
          expect(networkCssVariables(look)).toEqual({
            '--network-colour': NETWORK_COLOURS[id],
            '--network-text': `var(--network-${id}-text)`,
          });
          expect(textShade(NETWORK_COLOURS[id])).toBe(`var(--network-${id}-text)`);
        }
      });

      it('the figure theme draws with the palette’s colours', () => {
        const figure = figureTheme(theme);
        expect(figure.name).toBe(theme);
        expect(figure.background).toBe(p.panel);
        expect(figure.ink).toBe(p.ink);
        expect(figure.muted).toBe(p.muted);
        expect(figure.frame).toBe(p.frame);
        expect(figure.bad).toBe(p.bad);
      });
    });
  }

  it('dark is dark and light is light', () => {
    expect(relativeLuminance(PALETTES.dark.panel)).toBeLessThan(0.05);
    expect(relativeLuminance(PALETTES.light.panel)).toBeGreaterThan(0.9);
    expect(networkLook('cure').text).toBe(PALETTES.light['network-cure-text']);
  });
});
