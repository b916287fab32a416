/**
 * The page's curve manager: follows the studio store (every schedule or settings change) and
 * recomputes only the entries whose spec or curve settings changed; long horizons go to the curve
 * workers. Components read its snapshot (src/ui/chart/useCurves.ts).
 */
import { CurveManager, CurveWorkerPool, computeResult } from '../curves';
import { useStudio } from './studio';

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
