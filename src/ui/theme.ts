/**
 * The colour theme: the system's (prefers-color-scheme) unless the person picks light or dark, which is
 * remembered in localStorage. The CSS does the colouring (light-dark() follows color-scheme, set from
 * data-theme on <html>); this module keeps the choice and tells canvas code which theme is in force.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'lr-studio-theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const listeners = new Set<() => void>();
let choice: ThemeChoice = 'system';

function readStored(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

function apply(): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  for (const l of listeners) l();
}

/** Reads the remembered choice and applies it; called once before the first render. */
export function initTheme(): void {
  choice = readStored();
  apply();
  darkQuery()?.addEventListener('change', () => {
    if (choice === 'system') apply();
  });
  // Another tab changed the theme: follow it.
  window.addEventListener('storage', (e) => {
    if (e.key === THEME_KEY) {
      choice = readStored();
      apply();
    }
  });
}

export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, next);
  } catch {
    /* storage unavailable: the choice holds for this page */
  }
  apply();
}

export function themeChoice(): ThemeChoice {
  return choice;
}

/** The theme in force now. */
export function currentTheme(): Theme {
  if (choice !== 'system') return choice;
  return darkQuery()?.matches ? 'dark' : 'light';
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useTheme(): { choice: ThemeChoice; theme: Theme } {
  const c = useSyncExternalStore(subscribe, themeChoice, () => 'system' as ThemeChoice);
  const theme = useSyncExternalStore(subscribe, currentTheme, () => 'light' as Theme);
  return { choice: c, theme };
}

/** Colours canvas code needs (canvas cannot read CSS variables); keep in step with styles.css. */
export const CANVAS_COLORS: Record<Theme, { background: string; diff: string; error: string; dotFill: string }> = {
  light: { background: '#ffffff', diff: '#334155', error: '#b91c1c', dotFill: '#ffffff' },
  dark: { background: '#131c2e', diff: '#cbd5e1', error: '#f87171', dotFill: '#131c2e' },
};
