import { lazy, Suspense } from 'react';
import { startPersistence } from '../state/persist';
import { useStudio } from '../state/studio';
import { LrChart } from './LrChart';
import { Presets } from './Presets';
import { ScheduleEditor } from './ScheduleEditor';
import { ScheduleList } from './ScheduleList';
import { SettingsBar } from './SettingsBar';
import { Toolbar } from './Toolbar';

// The training lab (and its tfjs client code) loads after the studio's first paint: it is not
// needed to draw the first curve, and keeps the first page load small.
const TrainingLab = lazy(() => import('./training/TrainingLab').then((m) => ({ default: m.TrainingLab })));

// Restore the link / saved state before the first render, then keep saving.
if (typeof window !== 'undefined') startPersistence();

function Notice() {
  const notice = useStudio((s) => s.notice);
  const setNotice = useStudio((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role="alert" data-testid="notice">
      <p>{notice.text}</p>
      <button type="button" onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  );
}

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>LR Schedule Studio</h1>
          <p className="tagline">
            Every learning-rate schedule of PyTorch, PaddlePaddle, Keras, Optax, Hugging Face and timm, exactly.
          </p>
        </div>
        <Toolbar />
      </header>
      <Notice />
      <SettingsBar />
      <main className="studio">
        <aside className="sidebar" aria-label="Schedules">
          <ScheduleList />
          <Presets />
        </aside>
        <section className="chart-area" aria-label="Learning-rate chart">
          <LrChart />
        </section>
        <aside className="editor" aria-label="Schedule parameters">
          <ScheduleEditor />
        </aside>
      </main>
      <Suspense fallback={<section className="training" aria-label="Training lab" aria-busy="true" />}>
        <TrainingLab />
      </Suspense>
    </div>
  );
}
