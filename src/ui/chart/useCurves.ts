/** The chart's view of the page's curve manager (src/state/curves.ts): its latest snapshot. */
import { useSyncExternalStore } from 'react';
import type { CurveSnapshot } from '../../curves';
import { curveManager } from '../../state/curves';

export function useCurves(): CurveSnapshot {
  const m = curveManager();
  return useSyncExternalStore(m.subscribe, m.getSnapshot);
}
