/**
 * The page's curve manager: follows the studio store (every schedule or settings change) and
 * recomputes only the entries whose spec or curve settings changed; long horizons go to the curve
 * workers. Components read its snapshot.
 */
import { useSyncExternalStore } from 'react';
import { CurveManager, computeResult, type CurveSnapshot } from '../../state/curves';
import { CurveWorkerPool } from '../../state/curveWorker';
import { useStudio } from '../../state/studio';

let manager: CurveManager | null = null;

function createManager(): CurveManager {
  const m = new CurveManager({
    evaluator: () => (typeof Worker === 'undefined' ? null : new CurveWorkerPool({ fallback: computeResult })),
  });
  const s = useStudio.getState();
  m.update(s.schedules, s.settings);
  // Runs synchronously inside every store update, before React renders it.
  useStudio.subscribe((st, prev) => {
    if (st.schedules !== prev.schedules || st.settings !== prev.settings) m.update(st.schedules, st.settings);
  });
  return m;
}

export function curveManager(): CurveManager {
  manager ??= createManager();
  return manager;
}

export function useCurves(): CurveSnapshot {
  const m = curveManager();
  return useSyncExternalStore(m.subscribe, m.getSnapshot);
}
