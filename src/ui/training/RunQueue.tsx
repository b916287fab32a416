/**
 * The run queue: every run of the comparison with its status, progress, throughput and ETA, and
 * start/pause/resume/stop/reset for one run or all. A run stopped by a fault goes on by itself from
 * its last checkpoint on a new worker (the notice says why); one left failed after that can be
 * continued on a backend of the user's choice.
 */
import { useDeferredValue, useState } from 'react';
import { ConfirmBar } from './ConfirmBar';
import { useStudio } from '../../state/studio';
import { useTraining, type RunRecord, type WorkerInfo } from '../../state/training';
import { isFinished } from '../../training/spec';
import { BACKEND_LABELS, type BackendName } from '../../training/protocol';
import { formatDuration } from './metrics';

const STATUS_LABELS: Record<RunRecord['status'], string> = {
  queued: 'queued',
  running: 'running',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  diverged: 'diverged',
  failed: 'failed',
};

function retryBackends(run: RunRecord, workers: Record<string, WorkerInfo>, model: 'mlp' | 'cnn'): BackendName[] {
  const current = workers[run.worker]?.backend;
  return (['webgl', 'wasm', 'cpu'] as const).filter((b) => b !== current && !(b === 'wasm' && model === 'cnn'));
}

export function RunQueue({ colorOf }: { colorOf: (r: RunRecord) => string }) {
  // Metrics batches update the store outside React events, which React renders at once; the queue
  // follows in a deferred, interruptible render instead (no long task as a comparison starts).
  const runs = useDeferredValue(useTraining((s) => s.runs));
  const comparison = useTraining((s) => s.comparison);
  const workers = useDeferredValue(useTraining((s) => s.workers));
  const { pause, resume, stop, reset, retry } = useTraining.getState();
  /** A reset waiting for the user's yes: one run's id, or 'all'. */
  const [askReset, setAskReset] = useState<string | null>(null);
  if (!comparison) return null;
  // Resetting a run in progress throws its updates away: ask first. A finished run resets at once.
  const askOrReset = (runId?: string) => {
    const inProgress = runs.some((r) => (runId === undefined || r.id === runId) && !isFinished(r.status) && r.step > 0);
    if (inProgress) setAskReset(runId ?? 'all');
    else reset(runId);
  };
  const batch = comparison.setup.batchSize;
  const active = runs.some((r) => !isFinished(r.status));
  const anyRunning = runs.some((r) => r.status === 'running' || r.status === 'queued');
  const anyPaused = runs.some((r) => r.status === 'paused');
  const totalRate = runs.reduce((n, r) => n + (r.status === 'running' && r.rate ? r.rate : 0), 0);
  return (
    <div className="tl-queue" data-testid="run-queue">
      <div className="tl-queue-bar">
        <h3>Runs</h3>
        <button type="button" onClick={() => pause()} disabled={!anyRunning}>
          Pause all
        </button>
        <button type="button" onClick={() => resume()} disabled={!anyPaused}>
          Resume all
        </button>
        <button type="button" onClick={() => stop()} disabled={!active}>
          Stop all
        </button>
        <button type="button" onClick={() => askOrReset()} disabled={runs.length === 0}>
          Reset all
        </button>
        {totalRate > 0 && <span className="muted">{Math.round(totalRate * batch).toLocaleString('en-US')} samples/s in all</span>}
        <span className="tl-backends" data-testid="backend-info">
          {Object.entries(workers).map(([key, w]) => (
            <span key={key} className={`tl-backend ${w.status}`} data-backend={w.backend ?? ''}>
              {key === 'main' ? 'Backend' : 'Continued on'}:{' '}
              <strong>{w.backend ? `${BACKEND_LABELS[w.backend]}${w.status === 'dead' ? ', stopped' : ''}` : w.status === 'dead' ? 'stopped' : 'starting…'}</strong>
              {w.reason && <span className="muted"> ({w.reason})</span>}
            </span>
          ))}
        </span>
      </div>
      {askReset !== null && (
        <ConfirmBar
          testId="confirm-reset"
          text={
            askReset === 'all'
              ? 'Reset every run? Runs in progress start again from update 0 and lose what they trained.'
              : `Reset ${runs.find((r) => r.id === askReset)?.name ?? 'this run'}? It starts again from update 0 and loses what it trained.`
          }
          confirm={askReset === 'all' ? 'Reset all' : 'Reset run'}
          onConfirm={() => {
            reset(askReset === 'all' ? undefined : askReset);
            setAskReset(null);
          }}
          onCancel={() => setAskReset(null)}
        />
      )}
      <div className="tl-table-wrap">
        <table className="tl-runs">
          {/* Fixed column widths: the buttons must not move while numbers change. */}
          <colgroup>
            <col style={{ width: '22%' }} />
            <col style={{ width: '24%' }} />
            <col style={{ width: '22%' }} />
            <col style={{ width: '7%' }} />
            <col style={{ width: '7%' }} />
            <col style={{ width: '18%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Samples/s</th>
              <th scope="col">ETA</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const pct = r.total ? (100 * r.step) / r.total : 0;
              const eta = r.rate && r.status === 'running' ? (r.total - r.step) / r.rate : null;
              const finished = isFinished(r.status);
              return (
                <tr
                  key={r.id}
                  data-testid={`run-${r.id}`}
                  data-status={r.status}
                  data-step={r.step}
                  data-checkpoint={r.checkpoint?.step ?? ''}
                  className={r.status}
                >
                  <th scope="row">
                    <span className="readout-swatch" style={{ background: colorOf(r) }} />
                    {r.name}
                    {comparison.setup.seedsPerSchedule > 1 && <span className="muted"> · seed {r.seed}</span>}
                  </th>
                  <td data-label="Status">
                    <span className={`tl-status ${r.status}`}>{STATUS_LABELS[r.status]}</span>
                    {r.continuedFrom !== null && <span className="muted"> · continued from update {r.continuedFrom.toLocaleString('en-US')}</span>}
                    {r.notice && !r.message && (
                      <span className="tl-run-message tl-run-notice" title={r.notice} data-testid={`run-notice-${r.id}`}>
                        {r.notice}
                      </span>
                    )}
                    {r.message && (
                      <span className="tl-run-message" title={r.message}>
                        {r.message}
                      </span>
                    )}
                  </td>
                  <td className="tl-progress-cell" data-label="Progress">
                    <progress max={r.total} value={r.step} aria-label={`${r.name} progress`} />
                    <span className="num">
                      {r.step.toLocaleString('en-US')} / {r.total.toLocaleString('en-US')} ({pct.toFixed(0)}%)
                    </span>
                  </td>
                  <td className="num" data-label="Samples/s">{r.rate && r.status === 'running' ? Math.round(r.rate * batch).toLocaleString('en-US') : '—'}</td>
                  <td className="num" data-label="ETA">{eta === null ? (r.endedAt && r.startedAt ? `took ${formatDuration((r.endedAt - r.startedAt) / 1000)}` : '—') : formatDuration(eta)}</td>
                  <td className="tl-actions" data-label="Actions">
                    {r.status === 'paused' ? (
                      <button type="button" onClick={() => resume(r.id)}>
                        Resume
                      </button>
                    ) : (
                      <button type="button" onClick={() => pause(r.id)} disabled={finished}>
                        Pause
                      </button>
                    )}
                    <button type="button" onClick={() => stop(r.id)} disabled={finished}>
                      Stop
                    </button>
                    <button type="button" onClick={() => askOrReset(r.id)} disabled={workers[r.worker]?.status !== 'ready'} title="Start this run again from update 0 (same weights and batches)">
                      Reset
                    </button>
                    {r.status === 'failed' &&
                      r.fault !== 'schedule' &&
                      retryBackends(r, workers, comparison.setup.model).map((b) => (
                        <button
                          key={b}
                          type="button"
                          className="tl-retry"
                          onClick={() => retry(r.id, b, useStudio.getState().training.allowSoftwareWebgl)}
                          title={
                            r.checkpoint
                              ? `Go on from update ${r.checkpoint.step.toLocaleString('en-US')} (its last checkpoint: weights, optimizer, schedule and batch order) on this backend`
                              : 'No checkpoint yet: train it from update 0 (same weights and batches) on this backend'
                          }
                        >
                          Continue on {BACKEND_LABELS[b]}
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
