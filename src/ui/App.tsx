import { LrChart } from './LrChart';
import { ScheduleEditor } from './ScheduleEditor';
import { ScheduleList } from './ScheduleList';
import { TrainingLab } from './training/TrainingLab';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>LR Schedule Studio</h1>
        <p className="tagline">Every learning-rate schedule of PyTorch, PaddlePaddle, Keras, Optax, Hugging Face and timm, exactly.</p>
      </header>
      <main className="studio">
        <aside className="sidebar" aria-label="Schedules">
          <ScheduleList />
        </aside>
        <section className="chart-area" aria-label="Learning-rate chart">
          <LrChart />
        </section>
        <aside className="editor" aria-label="Schedule parameters">
          <ScheduleEditor />
        </aside>
      </main>
      <TrainingLab />
    </div>
  );
}
