/**
 * The light/dark switch (lab and talk mode) and the hook that applies the store's theme to the
 * page. The theme lives in the store's presentation (and the URL's `theme=`); CSS reads it from
 * `<html data-theme>`, drawing code gets it as a FigureTheme (theme.ts) through `useFigureTheme`.
 */
import { useLayoutEffect } from 'react';
import { useApp, useAppStore } from './storeContext';
import { figureTheme, type FigureTheme, type Theme } from './theme';

/** The current theme (light or dark). */
export function useTheme(): Theme {
  return useApp((s) => s.presentation.theme);
}

/** The current theme's drawing colours, for canvas, WebGL and export code. */
export function useFigureTheme(): FigureTheme {
  return figureTheme(useTheme());
}

/**
 * Mirrors the store's theme onto `<html>`: `data-theme` (styles.css's variables) and
 * `color-scheme` (native controls, scroll bars). Call once, at the top of the app; a layout
 * effect, so the first paint is already in the theme.
 */
export function useDocumentTheme(): void {
  const theme = useTheme();
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
  }, [theme]);
}

export interface ThemeToggleProps {
  /** Extra classes, e.g. talk mode's larger buttons. */
  readonly className?: string;
}

/**
 * A toggle button: pressed = dark theme. Its name stays "Dark theme" (WAI-ARIA toggle buttons keep
 * their name and change aria-pressed); Enter and Space toggle it, like any button.
 */
export function ThemeToggle({ className }: ThemeToggleProps) {
  const store = useAppStore();
  const dark = useTheme() === 'dark';
  return (
    <button
      type="button"
      className={className ? `theme-toggle ${className}` : 'theme-toggle'}
      aria-pressed={dark}
      aria-label="Dark theme"
      title={dark ? 'Dark theme (for dim rooms): on' : 'Dark theme (for dim rooms): off'}
      data-testid="theme-toggle"
      onClick={() => store.getState().setTheme(dark ? 'light' : 'dark')}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {dark ? (
          // A crescent moon.
          <path d="M10.5 2.2A6 6 0 1 0 13.8 10 4.8 4.8 0 0 1 10.5 2.2Z" fill="currentColor" />
        ) : (
          // A sun: a disc and eight rays.
          <g fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
            <circle cx="8" cy="8" r="3" fill="currentColor" />
            <path d="M8 1v1.6M8 13.4V15M1 8h1.6M13.4 8H15M3 3l1.1 1.1M11.9 11.9 13 13M3 13l1.1-1.1M11.9 4.1 13 3" />
          </g>
        )}
      </svg>
      <span>Dark</span>
    </button>
  );
}
