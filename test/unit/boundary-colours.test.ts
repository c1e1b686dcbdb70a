import { describe, expect, it } from 'vitest';
import {
  cellColour,
  classOfColour,
  classRgb,
  layoutAttributes,
  layoutFromAttributes,
  niceTicks,
  pixelToPlane,
  planeToPixel,
  plotView,
  type PlotLayout,
  type Rgb,
} from '../../src/ui/boundary/scales';
import { CLASS_COLOURS } from '../../src/ui/networks';
import { figureTheme, hexToRgb } from '../../src/ui/theme';

/** What unsure cells fade towards: white (light theme, figures) and the dark theme's panel. */
const BACKGROUNDS: [string, Rgb][] = [
  ['light', [255, 255, 255]],
  ['dark', hexToRgb(figureTheme('dark').background)],
];

/** What a canvas stores: each channel rounded to 8 bits. */
const to8bit = (rgb: number[]) => rgb.map((channel) => Math.round(channel));

describe('cellColour and classOfColour', () => {
  it('full confidence is the class colour; less is paler, towards white', () => {
    CLASS_COLOURS.forEach((hex, k) => {
      expect(to8bit(cellColour(k, 1))).toEqual(classRgb(k));
      expect(
        `#${classRgb(k)
          .map((c) => c.toString(16).padStart(2, '0'))
          .join('')}`,
      ).toBe(hex.toLowerCase());
      let previous = cellColour(k, 1);
      for (let confidence = 0.9; confidence >= 0; confidence -= 0.1) {
        const colour = cellColour(k, confidence);
        colour.forEach((channel, c) => {
          expect(channel).toBeGreaterThanOrEqual(previous[c]! - 1e-9); // no channel darkens
          expect(channel).toBeLessThanOrEqual(255);
        });
        previous = colour;
      }
      // Never white: even an unsure cell shows its class.
      expect(Math.min(...cellColour(k, 0))).toBeLessThan(250);
    });
  });

  it.each(BACKGROUNDS)(
    'reads back the class from 8-bit pixels at every confidence a softmax can give (%s)',
    (_theme, background) => {
      for (const numClasses of [2, 3, 10]) {
        for (let k = 0; k < numClasses; k++) {
          // The predicted class's probability is at least 1/K; 0 is checked too (the floor).
          for (let step = 0; step <= 100; step++) {
            const confidence =
              step === 0 ? 0 : 1 / numClasses + ((1 - 1 / numClasses) * step) / 100;
            const [r, g, b] = to8bit(cellColour(k, confidence, background));
            const got = classOfColour(r!, g!, b!, numClasses, background);
            expect(got.classIndex).toBe(k);
            expect(got.residual).toBeLessThan(1); // 8-bit rounding moves a point ≤ √3/2
          }
        }
      }
    },
  );

  it('fades towards the dark background in the dark theme, and full confidence is unchanged', () => {
    const dark = BACKGROUNDS[1]![1];
    CLASS_COLOURS.forEach((_hex, k) => {
      expect(to8bit(cellColour(k, 1, dark))).toEqual(classRgb(k));
      const unsure = cellColour(k, 0, dark);
      // 80 % background at the floor: nearer the dark panel than the class colour.
      unsure.forEach((channel, c) =>
        expect(Math.abs(channel - dark[c]!)).toBeLessThanOrEqual(
          0.2 * Math.abs(classRgb(k)[c]! - dark[c]!) + 1e-9,
        ),
      );
    });
    // The dark theme's ink (boundary lines, markers) is no cell: far from every class's line.
    expect(classOfColour(0xec, 0xec, 0xef, 10, dark).residual).toBeGreaterThan(50);
  });

  it('flags pixels that are not cells (lines, markers) with a large residual', () => {
    expect(classOfColour(0x1b, 0x1b, 0x1f, 10).residual).toBeGreaterThan(50); // the boundary ink
    expect(classOfColour(255, 0, 0, 10).residual).toBeGreaterThan(20); // pure red is no class
    // White is the shared end of every line: residual 0, class arbitrary — cells never reach it.
    expect(classOfColour(255, 255, 255, 3).residual).toBe(0);
  });

  it('clamps confidences outside [0, 1] and NaN', () => {
    expect(cellColour(2, 1.5)).toEqual(cellColour(2, 1));
    expect(cellColour(2, -0.5)).toEqual(cellColour(2, 0));
    expect(cellColour(2, NaN)).toEqual(cellColour(2, 0));
  });
});

describe('plot layout', () => {
  const layout: PlotLayout = {
    left: 70.5,
    top: 9,
    width: 171,
    height: 171,
    ...plotView(65, [-1.5, 1.5], [-2, 2]),
  };

  it('widens the view by half a cell so each cell is centred on its sample', () => {
    expect(layout.aMin).toBeCloseTo(-1.5 - 3 / 64 / 2, 14);
    expect(layout.aMax).toBeCloseTo(1.5 + 3 / 64 / 2, 14);
    expect(layout.bMin).toBeCloseTo(-2 - 4 / 64 / 2, 14);
  });

  it('maps the view onto the plot rectangle, b upwards, and back', () => {
    expect(planeToPixel(layout, layout.aMin, layout.bMax)).toEqual([70.5, 9]);
    const [x, y] = planeToPixel(layout, layout.aMax, layout.bMin);
    expect(x).toBeCloseTo(241.5, 12);
    expect(y).toBeCloseTo(180, 12);
    // The first cell (a = −1.5, b = −2) is the bottom-left block's centre.
    const [cx, cy] = planeToPixel(layout, -1.5, -2);
    expect(cx).toBeCloseTo(70.5 + 171 / 65 / 2, 12);
    expect(cy).toBeCloseTo(180 - 171 / 65 / 2, 12);
    for (const [a, b] of [
      [0, 0],
      [0.3, -1.7],
      [-1.5, 2],
    ] as const) {
      const [back0, back1] = pixelToPlane(layout, ...planeToPixel(layout, a, b));
      expect(back0).toBeCloseTo(a, 12);
      expect(back1).toBeCloseTo(b, 12);
    }
  });

  it('round-trips through the canvas attributes', () => {
    const { plot, view } = layoutAttributes(layout);
    expect(plot).toBe('70.5,9,171,171');
    expect(layoutFromAttributes(plot, view)).toEqual(layout);
    expect(() => layoutFromAttributes('1,2,3', view)).toThrow(/layout/);
  });

  it('puts nice ticks inside the view with just the decimals they need', () => {
    expect(niceTicks(-1.52, 1.52, 6)).toEqual({
      values: [-1.5, -1, -0.5, 0, 0.5, 1, 1.5],
      labels: ['−1.5', '−1.0', '−0.5', '0', '0.5', '1.0', '1.5'],
    });
    expect(niceTicks(-1.52, 1.52, 3).labels).toEqual(['−1', '0', '1']);
    expect(niceTicks(-2.03, 2.03, 3).labels).toEqual(['−2', '−1', '0', '1', '2']);
    expect(niceTicks(0, 0.031, 3).labels).toEqual(['0', '0.01', '0.02', '0.03']);
  });
});
