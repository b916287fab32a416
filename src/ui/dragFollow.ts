/**
 * Following a drag: whether a mouse button or finger is down anywhere on the page (a slider or a
 * zoom box being dragged; one set of window listeners for every component that asks), and values
 * that follow the store a few times a second while it is (the chart's legend, axes and CSV
 * estimate, the schedule list), so that a slider input's frame does little more than draw.
 */
import { startTransition, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

let down = false;
const listeners = new Set<() => void>();
let installed = false;

function set(v: boolean): void {
  if (down === v) return;
  down = v;
  for (const l of listeners) l();
}

function install(): void {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  window.addEventListener('pointerdown', () => set(true), true);
  window.addEventListener('pointerup', () => set(false), true);
  window.addEventListener('pointercancel', () => set(false), true);
  window.addEventListener('blur', () => set(false));
}

function subscribe(l: () => void): () => void {
  install();
  listeners.add(l);
  return () => listeners.delete(l);
}

const get = () => down;

/** True while a mouse button or finger is down anywhere on the page. */
export function usePointerDown(): boolean {
  return useSyncExternalStore(subscribe, get, () => false);
}

/** How often what is not the curves follows a drag. */
export const DRAG_FOLLOW_MS = 250;

/**
 * `value`, except while `hold` is true (something is being dragged): then it follows `value` at
 * most once every `ms` (in a transition: an input arriving meanwhile is not kept waiting by the
 * render), always ending on the latest value. `showNow(v)` shows `v` at once (from a layout
 * effect: in the same frame).
 */
export function useDragFollow<T>(value: T, hold: boolean, ms: number): [shown: T, showNow: (v: T) => void] {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  if (!hold && shown !== value) setShown(value);
  useEffect(() => {
    if (!hold || shown === value) return;
    const t = setTimeout(
      () => {
        last.current = performance.now();
        startTransition(() => setShown(value));
      },
      Math.max(0, last.current + ms - performance.now()),
    );
    return () => clearTimeout(t);
  }, [value, hold, ms, shown]);
  const showNow = useCallback((v: T) => {
    last.current = performance.now();
    setShown(v);
  }, []);
  return [hold ? shown : value, showNow];
}
