/**
 * The training lab: what does a schedule do to training? Pick schedules from the studio, press
 * Train, and watch MNIST runs (same initial weights, same batches, only the schedule differs) train
 * side by side in a tfjs worker.
 */
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { getDefinition } from '../../schedules';
import { useShallow } from 'zustand/react/shallow';
import { useStudio, type ScheduleEntry } from '../../state/studio';
import { MAX_RUNS, momentumProblem, plannedLr, useTraining, type RunRecord } from '../../state/training';
import { ConfirmBar } from './ConfirmBar';
import { DataSource } from './DataSource';
import { HistoryPanel } from './HistoryPanel';
import { OptimizerFields } from './OptimizerFields';
import { OPTIMIZER_LABELS } from '../../training/spec';
import { ResultsTable } from './ResultsTable';
import { RunQueue } from './RunQueue';
import { SetupForm } from './SetupForm';
import { TrainingCharts } from './TrainingCharts';
import { usePlannedSteps } from './usePlannedSteps';
import './training.css';

// Tests reach the store (fault injection) with ?debug-training.
if (typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('debug-training')) {
  (window as unknown as { __training: typeof useTraining }).__training = useTraining;
}

/** A schedule's own optimizer for its runs, or the setup's ("setup default"). */
function RunOptimizerControl({ entry }: { entry: ScheduleEntry }) {
  const setupOptimizer = useStudio((s) => s.training.optimizer);
  const setupParams = useStudio((s) => s.training.optimizerParams);
  const setRunOptimizer = useStudio((s) => s.setRunOptimizer);
  const value = entry.run ?? { optimizer: setupOptimizer, optimizerParams: setupParams };
  return (
    <div className="tl-run-opt" role="group" aria-label={`${entry.name}: optimizer`} data-testid={`run-opt-${entry.id}`}>
      <OptimizerFields
        value={value}
        onChange={(o) => setRunOptimizer(entry.id, o)}
        setup={() => ({ ...useStudio.getState().training, ...value })}
        testPrefix={`run-opt-${entry.id}`}
        defaultOption={{
          label: `setup default (${OPTIMIZER_LABELS[setupOptimizer]})`,
          chosen: !entry.run,
          choose: () => setRunOptimizer(entry.id, undefined),
        }}
      />
    </div>
  );
}

function ScheduleChooser({ entries }: { entries: readonly ScheduleEntry[] }) {
  const selection = useTraining((s) => s.selection);
  const invalid = useStudio((s) => s.invalid);
  const setSelection = useTraining((s) => s.setSelection);
  const chosen = (e: ScheduleEntry) => (selection === null ? e.visible : selection.includes(e.id));
  const toggle = (e: ScheduleEntry) => {
    const current = entries.filter(chosen).map((x) => x.id);
    setSelection(chosen(e) ? current.filter((id) => id !== e.id) : [...current, e.id]);
  };
  return (
    <fieldset className="tl-chooser" data-testid="schedule-chooser">
      <legend>Schedules to train</legend>
      {entries.length === 0 && <p className="tl-hint">Add schedules in the studio above.</p>}
      <ul>
        {entries.map((e) => (
          <li key={e.id}>
            <label className="tl-check">
              <input type="checkbox" checked={chosen(e)} onChange={() => toggle(e)} data-testid={`train-choose-${e.id}`} />
              <span className="readout-swatch" style={{ background: e.color }} />
              {e.name}
              {getDefinition(e.spec.scheduler)?.metricDriven && <span className="badge">metric-driven</span>}
              {invalid[e.id] && (
                <span className="badge stale" title={invalid[e.id]}>
                  trains its last valid parameters
                </span>
              )}
              {e.reported && (
                <span className="badge" title="What the source document reports for this run">
                  {e.reported}
                </span>
              )}
            </label>
            <RunOptimizerControl entry={e} />
          </li>
        ))}
      </ul>
      <div className="tl-row">
        <button type="button" className="tl-small" onClick={() => setSelection(entries.map((e) => e.id))}>
          All
        </button>
        <button type="button" className="tl-small" onClick={() => setSelection([])}>
          None
        </button>
        <button type="button" className="tl-small" onClick={() => setSelection(null)}>
          Visible ones
        </button>
      </div>
    </fieldset>
  );
}

function TrainBar({ entries }: { entries: readonly ScheduleEntry[] }) {
  const setup = useStudio((s) => s.training);
  const settings = useStudio((s) => s.settings);
  const setTraining = useStudio((s) => s.setTraining);
  const selection = useTraining((s) => s.selection);
  // Booleans, not the runs: every metrics batch replaces the runs, and this bar needs none of it.
  const active = useTraining((s) => s.runs.some((r) => r.status === 'running' || r.status === 'queued' || r.status === 'paused'));
  const anyRuns = useTraining((s) => s.runs.length > 0);
  const train = useTraining((s) => s.train);
  const [message, setMessage] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const start = () => {
    setAsking(false);
    setMessage(train(useStudio.getState().schedules, useStudio.getState().training));
  };
  const chosen = useMemo(() => entries.filter((e) => (selection === null ? e.visible : selection.includes(e.id))), [entries, selection]);
  const { stepsPerEpoch, totalSteps, trainCount } = usePlannedSteps();
  const nRuns = chosen.length * setup.seedsPerSchedule;
  const epochsForStudio = Math.max(1, Math.round(settings.totalSteps / stepsPerEpoch));
  const batchForStudio = Math.max(1, Math.ceil(trainCount / settings.stepsPerEpoch));
  // Schedules that cannot run this long (the framework raises) or are invalid: say so before training.
  const problems = useMemo(
    () =>
      chosen.flatMap((e) => {
        const { error } = plannedLr(e.spec, e.stepping, stepsPerEpoch, totalSteps);
        const momentum = momentumProblem(e.spec, (e.run ?? setup).optimizer);
        return [
          ...(error ? [{ id: e.id, text: `${e.name}: ${error}${/at step/.test(error) ? ` (${e.stepping === 'epoch' ? 'epoch' : 'update'} counted from 0; the run stops there)` : ''}` }] : []),
          ...(momentum ? [{ id: `${e.id}-momentum`, text: `${e.name}: ${momentum}` }] : []),
        ];
      }),
    [chosen, stepsPerEpoch, totalSteps, setup],
  );
  const perEpoch = chosen.filter((e) => e.stepping === 'epoch').length;
  const perUpdate = chosen.length - perEpoch;
  return (
    <div className="tl-trainbar">
      <p className="tl-summary" data-testid="train-summary">
        {nRuns} run{nRuns === 1 ? '' : 's'} ({chosen.length} schedule{chosen.length === 1 ? '' : 's'} × {setup.seedsPerSchedule} seed{setup.seedsPerSchedule === 1 ? '' : 's'}) ·{' '}
        {totalSteps.toLocaleString('en-US')} updates each ({stepsPerEpoch.toLocaleString('en-US')} per epoch × {setup.epochs} epochs, batch {setup.batchSize} of{' '}
        {trainCount.toLocaleString('en-US')} examples) · each scheduler steps as its schedule says ({perUpdate} after every update, {perEpoch} once per epoch)
      </p>
      {perUpdate > 0 && totalSteps !== settings.totalSteps && (
        <p className="tl-hint warn" data-testid="length-mismatch">
          The studio previews {settings.totalSteps.toLocaleString('en-US')} updates; this training makes {totalSteps.toLocaleString('en-US')}, so schedules sized in steps may
          not finish their shape.{' '}
          {epochsForStudio !== setup.epochs && epochsForStudio <= 200 && (
            <button type="button" className="tl-small" onClick={() => setTraining({ ...setup, epochs: epochsForStudio })}>
              Use {epochsForStudio} epochs ({(epochsForStudio * stepsPerEpoch).toLocaleString('en-US')} updates)
            </button>
          )}
        </p>
      )}
      {perEpoch > 0 && stepsPerEpoch !== settings.stepsPerEpoch && (
        <p className="tl-hint warn" data-testid="epoch-mismatch">
          The studio previews {settings.stepsPerEpoch} updates per epoch; this training has {stepsPerEpoch}.{' '}
          {batchForStudio <= 1024 && batchForStudio !== setup.batchSize && (
            <button type="button" className="tl-small" onClick={() => setTraining({ ...setup, batchSize: batchForStudio })}>
              Use batch size {batchForStudio}
            </button>
          )}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="tl-problems" data-testid="train-problems">
          {problems.map((p) => (
            <li key={p.id} className="tl-hint warn">
              {p.text}
            </li>
          ))}
        </ul>
      )}
      <div className="tl-row">
        <button
          type="button"
          className="tl-train"
          data-testid="train"
          disabled={nRuns === 0 || nRuns > MAX_RUNS}
          // Runs in progress are not thrown away on one click: the bar below asks first.
          onClick={() => (active ? setAsking(true) : start())}
          aria-expanded={active ? asking : undefined}
        >
          {active ? 'Restart training' : anyRuns ? 'Train again' : 'Train'}
        </button>
        {asking && (
          <ConfirmBar
            testId="confirm-restart"
            text="Runs are in progress: restarting stops them (what they trained so far is kept in the history)."
            confirm="Restart training"
            onConfirm={start}
            onCancel={() => setAsking(false)}
          />
        )}
        {nRuns > MAX_RUNS && <span className="error">At most {MAX_RUNS} runs: choose fewer schedules or seeds.</span>}
        {message && (
          <span className="error" role="alert">
            {message}
          </span>
        )}
      </div>
    </div>
  );
}

function Help() {
  return (
    <details className="tl-help">
      <summary>How the lab trains</summary>
      <ul>
        <li>
          Every run of a comparison starts from the same initial weights (drawn from the seed) and sees the same batches in the same order; only the schedule
          differs. With several seeds per schedule, seed k of every schedule shares its weights and batches, and the charts show the mean with a min/max band.
        </li>
        <li>
          Update i (counted from 0) uses the schedule's learning rate for update i: the engine's <code>evaluate</code> value, the same function as the studio's chart.
          Each run steps its scheduler as its schedule's “Stepping” says: every iteration, after every update; every epoch, once at the end of every epoch,
          so its rate holds for the whole epoch.
        </li>
        <li>
          Metric-driven schedulers (ReduceLROnPlateau and kin) step only at evaluations, with the validation loss just measured: every “Evaluate every” updates
          and at every epoch end with iteration stepping, at every epoch end with epoch stepping. They have no planned curve.
        </li>
        <li>
          The training loss of update i is measured on its batch before the update; an evaluation after update i is drawn at i + 1. The test set is used once,
          at the end.
        </li>
        <li>
          A run whose loss becomes NaN or explodes (above 10× its start and 10× chance) is stopped and marked diverged. A run that fails (a WebGL context
          loss, an exception, out of memory) goes on from its last checkpoint (taken about once a second: weights, optimizer state, schedule
          state and batch position) on another backend, as if it had never stopped; the other runs go on.
        </li>
        <li>
          Backends: WebGL through OffscreenCanvas, then WASM (MLP only: tfjs-backend-wasm cannot train convolutions), then CPU. All runs of a comparison share
          one worker and take turns of ~40 ms, so they progress side by side and the page stays responsive.
        </li>
      </ul>
    </details>
  );
}

// The lab's parts re-render only when their own inputs change: a studio slider being dragged
// changes schedules on every input, and the lab must not weigh on those frames.
const LabSetupForm = memo(SetupForm);
const LabScheduleChooser = memo(ScheduleChooser);
const LabTrainBar = memo(TrainBar);
const LabDataSource = memo(DataSource);
const LabRunQueue = memo(RunQueue);
const LabTrainingCharts = memo(TrainingCharts);
const LabResultsTable = memo(ResultsTable);
const LabHelp = memo(Help);
const LabHistoryPanel = memo(HistoryPanel);

export function TrainingLab() {
  // The chooser and the train bar follow the schedules in a deferred render, after the studio's frame.
  const entries = useDeferredValue(useStudio((s) => s.schedules));
  const setup = useStudio((s) => s.training);
  const error = useTraining((s) => s.error);
  const notice = useTraining((s) => s.notice);
  // Runs keep their schedule's current colour (and the colour they had if it was removed).
  // [id, colour, id, colour, ...]: compared item by item, unchanged while only parameters change.
  const idsAndColors = useStudio(useShallow((s) => s.schedules.flatMap((e) => [e.id, e.color])));
  const colors = useMemo(() => {
    const m = new Map<string, string>();
    for (let i = 0; i < idsAndColors.length; i += 2) m.set(idsAndColors[i], idsAndColors[i + 1]);
    return m;
  }, [idsAndColors]);
  const colorOf = useCallback((r: RunRecord) => colors.get(r.entryId) ?? r.color, [colors]);
  return (
    <section className="training" aria-label="Training lab" data-testid="training-lab">
      <header className="tl-header">
        <h2>Training lab</h2>
        <p className="tl-intro">What does a schedule do to training? MNIST digits, one run per schedule, all from the same initial weights and batches, in a background worker.</p>
      </header>
      <div className="tl-top">
        <LabSetupForm setup={setup} />
        <div className="tl-side">
          <LabScheduleChooser entries={entries} />
          <LabDataSource />
          <LabTrainBar entries={entries} />
        </div>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="training-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="tl-notice" role="status" data-testid="training-notice">
          {notice}
        </p>
      )}
      <LabRunQueue colorOf={colorOf} />
      <LabTrainingCharts colorOf={colorOf} />
      <LabResultsTable colorOf={colorOf} />
      <LabHistoryPanel />
      <LabHelp />
    </section>
  );
}
