/**
 * The training store: the runs of the current comparison and their metrics, the workers that train
 * them, the data in use, and the lab's view settings. The setup itself (model, optimizer, seeds...)
 * lives in the studio store (`training`), which the link and local storage carry.
 *
 * Metrics arrive in batches from the worker; each batch is one `set`. Per-step arrays grow in
 * place (amortised doubling) and a run object is replaced when it changes, so selectors see new
 * references and charts redraw at most once per batch.
 */
import { create } from 'zustand';
import { cyclesMomentum, evaluate, getDefinition, ScheduleError, ScheduleStepError, type ScheduleSpec, type Stepping } from '../schedules';
import { LIVENESS_CHECK_MS, WorkerClient } from '../training/client';
import { CYCLE_MOMENTUM_ERROR, isFinished, takesCycledMomentum, type EvalPoint, type RunCheckpoint, type RunPlan, type RunStatus } from '../training/spec';
import { assignIdxFiles, BUNDLED_SPLIT, BUNDLED_TRAIN_SIZE, DataFileError, type IdxFiles, type NamedBytes } from '../training/data';
import { BACKEND_LABELS, SILENCE_LIMIT_MS, type BackendName, type BenchRequest, type BenchResult, type DataRequest, type DataSummary, type FromWorker } from '../training/protocol';
import type { ProgressBatch, RunState } from '../training/trainer';
import { expandEpochs } from '../curves';
import type { ScheduleEntry } from './studio';
import type { BackendChoice, RunOptimizer, TrainingSetup } from '../training/setup';

/** Most runs one comparison may hold (schedules x seeds). */
export const MAX_RUNS = 24;
/** Most optimizer updates one run may make (memory of the per-step metrics). */
export const MAX_RUN_STEPS = 1_000_000;

export const BUNDLED_SUMMARY: DataSummary = {
  source: 'bundled MNIST (10,000 real digits)',
  train: BUNDLED_TRAIN_SIZE,
  val: BUNDLED_SPLIT.val,
  test: BUNDLED_SPLIT.test,
};

export interface RunRecord {
  /** `<entry id>#<seed index>` */
  id: string;
  entryId: string;
  seedIndex: number;
  seed: number;
  name: string;
  color: string;
  spec: ScheduleSpec;
  /** When its scheduler steps: its schedule's stepping when the run started. */
  stepping: Stepping;
  /** The optimizer it trains with: its schedule's own, else the setup's, when the run started. */
  optimizer: RunOptimizer;
  /** What the source document reports for this run (its schedule's `reported`), or null. */
  reported: string | null;
  metricDriven: boolean;
  status: RunStatus;
  message: string | null;
  /** What made a failed run fail (a schedule fault fails again anywhere: no continuation is offered). */
  fault: 'schedule' | 'backend' | null;
  /** Bumped by reset and retry; chunks of older attempts are ignored. */
  attempt: number;
  step: number;
  total: number;
  /** Updates recorded (valid length of `loss` and `lr`; their capacity may be larger). */
  count: number;
  loss: Float32Array;
  lr: Float64Array;
  evals: EvalPoint[];
  test: { loss: number; accuracy: number } | null;
  /** Milliseconds the worker spent on this run. */
  computeMs: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Updates per wall-clock second (smoothed), for throughput and ETA. */
  rate: number | null;
  tick: { t: number; step: number } | null;
  /** Key of the worker that trains it. */
  worker: string;
  /** The LR the schedule plans for each update (null for metric-driven schedules). */
  planned: Float64Array | null;
  plannedError: string | null;
  /** The latest state the worker sent (weights, optimizer, stepper): where a failed run goes on from. */
  checkpoint: RunCheckpoint | null;
  /** The update a failed run went on from, on another worker (null: trained in one go). */
  continuedFrom: number | null;
  /** Automatic continuations after faults so far (at most {@link MAX_AUTO_CONTINUATIONS}). */
  continuations: number;
  /** Why the run goes on on another worker (the fault it recovered from), shown with it. */
  notice: string | null;
  /** The backend a saved run trained on, in words (a reopened comparison has no workers). */
  backend?: string;
}

export interface Comparison {
  id: number;
  setup: TrainingSetup;
  stepsPerEpoch: number;
  totalSteps: number;
  trainCount: number;
  data: DataSummary;
  startedAt: number;
  /** The history id of a reopened saved comparison (it is not saved again). */
  savedId?: string;
}

export interface WorkerInfo {
  backend: BackendName | null;
  reason: string;
  status: 'starting' | 'ready' | 'dead';
}

export interface CustomData {
  id: string;
  names: string[];
  files: IdxFiles;
}

export interface TrainingState {
  comparison: Comparison | null;
  runs: RunRecord[];
  workers: Record<string, WorkerInfo>;
  /** User IDX files the worker validated, and what they hold. */
  custom: (CustomData & { summary: DataSummary }) | null;
  /** Files being checked. */
  pendingData: CustomData | null;
  useCustom: boolean;
  dataMessage: { kind: 'error' | 'info'; text: string } | null;
  /** Entry ids to train; null: every visible schedule. */
  selection: string[] | null;
  smoothing: number;
  lossScale: 'linear' | 'log';
  /** A message about the lab as a whole (a worker error). */
  error: string | null;
  /** The latest recovery: which worker stopped, why, and where its runs went on. */
  notice: string | null;
  /** Trains the chosen entries, each run stepping its scheduler as its schedule says, with its schedule's optimizer (else the setup's). */
  train(entries: readonly ScheduleEntry[], setup: TrainingSetup): string | null;
  /**
   * Shows a saved comparison (the history's) as the current one, read-only: its runs have no worker.
   * Refused (false) while runs of the current comparison are in progress.
   */
  showSaved(comparison: Comparison, runs: RunRecord[]): boolean;
  pause(runId?: string): void;
  resume(runId?: string): void;
  stop(runId?: string): void;
  reset(runId?: string): void;
  /**
   * Continues a failed run on `backend` from its latest checkpoint (from update 0 when it has none
   * yet), in a fresh worker; `allowSoftwareWebgl` defaults to the comparison's setting. Runs go on
   * by themselves after a fault ({@link MAX_AUTO_CONTINUATIONS} times); this is the choice left
   * once they have stopped doing so.
   */
  retry(runId: string, backend: BackendName, allowSoftwareWebgl?: boolean): void;
  setSelection(ids: string[] | null): void;
  loadFiles(files: readonly NamedBytes[], splitSeed: number): void;
  useBundled(): void;
  /** Back to the user files loaded before. */
  useCustomData(): void;
  setSmoothing(v: number): void;
  setLossScale(s: 'linear' | 'log'): void;
  /** Fault injection (tests): `throw` fails a run, `loseContext` kills a WebGL worker's context. */
  inject(fault: 'throw' | 'loseContext', runId?: string): void;
  /** Measures throughput in a fresh worker on `backend` (benchmark; see src/training/throughput.ts). */
  benchmark(request: BenchRequest, backend: BackendChoice): Promise<BenchResult>;
  /** Stops every worker (page teardown, tests). */
  shutdown(): void;
}

/**
 * Automatic continuations of one run after faults before it is left failed: a worker that dies
 * again and again (a backend that cannot hold the model, a broken install) ends in a clear state,
 * not a loop.
 */
export const MAX_AUTO_CONTINUATIONS = 3;

/**
 * What stopped a run: its backend died in a worker that lives on (a lost WebGL context), the worker
 * crashed (an error event, an unreadable message), the worker fell silent (closed, terminated or
 * killed without an event), or the run alone failed with an exception.
 */
export type FaultCause = 'backend' | 'crash' | 'silent' | 'run';

const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * The backend runs go on with after a fault of `cause` on `failed` (null: the worker never said).
 * A dead worker is replaced by one on the same backend (nothing says the backend was at fault);
 * a backend that failed is left for the next one down (WebGL, WASM, CPU; WASM cannot train the
 * CNN), the CPU being the last resort.
 */
export function recoveryBackend(failed: BackendName | null, cause: FaultCause, setup: Pick<TrainingSetup, 'backend' | 'model'>): BackendChoice {
  if (failed === null) return setup.backend;
  if (cause === 'crash' || cause === 'silent') return failed;
  const after = BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(failed) + 1).filter((b) => !(b === 'wasm' && setup.model === 'cnn'));
  return after[0] ?? 'cpu';
}

const FAULT_TEXT: Record<FaultCause, string> = {
  backend: 'the backend failed',
  crash: 'the training worker crashed',
  silent: 'the training worker stopped responding',
  run: 'the run failed',
};

/** Updates the run may make, derived from the setup and the data. */
export function plannedSteps(setup: TrainingSetup, trainAvailable: number): { trainCount: number; stepsPerEpoch: number; totalSteps: number } {
  const trainCount = Math.min(setup.trainExamples, trainAvailable);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainCount / setup.batchSize));
  return { trainCount, stepsPerEpoch, totalSteps: stepsPerEpoch * setup.epochs };
}

/** The LR the schedule plans for every update (epoch stepping: per epoch, held). */
export function plannedLr(spec: ScheduleSpec, stepping: Stepping, stepsPerEpoch: number, totalSteps: number): { values: Float64Array | null; error: string | null } {
  if (getDefinition(spec.scheduler)?.metricDriven) return { values: null, error: null };
  const n = stepping === 'epoch' ? Math.ceil(totalSteps / stepsPerEpoch) : totalSteps;
  const expand = (v: Float64Array) => (stepping === 'epoch' ? expandEpochs(v, stepsPerEpoch, totalSteps) : v);
  try {
    return { values: expand(evaluate(spec, n)), error: null };
  } catch (e) {
    if (e instanceof ScheduleStepError) return { values: expand(e.partial), error: e.message };
    if (e instanceof ScheduleError) return { values: null, error: e.message };
    throw e;
  }
}

/**
 * torch's refusal where the schedule cycles the momentum (cycle_momentum) and the lab's optimizer has neither a
 * momentum nor Adam's beta1 (Adagrad): the run fails with it before its first update. Null where it trains.
 */
export function momentumProblem(spec: ScheduleSpec, optimizer: TrainingSetup['optimizer']): string | null {
  return cyclesMomentum(spec) && !takesCycledMomentum(optimizer) ? `ValueError: ${CYCLE_MOMENTUM_ERROR} (set cycle_momentum=False, or train with SGD, Momentum, RMSprop or Adam)` : null;
}

function grow<T extends Float32Array | Float64Array>(a: T, need: number, make: (n: number) => T): T {
  if (a.length >= need) return a;
  const b = make(Math.max(need, a.length * 2, 256));
  b.set(a);
  return b;
}

/** Applies a worker batch to the runs (pure apart from the typed arrays it grows in place). */
export function applyBatch(runs: RunRecord[], batch: ProgressBatch, now: number): RunRecord[] {
  const byId = new Map(runs.map((r, i) => [r.id, i]));
  const out = runs.slice();
  const touched = new Set<number>();
  const edit = (i: number): RunRecord => {
    if (!touched.has(i)) {
      out[i] = { ...out[i] };
      touched.add(i);
    }
    return out[i];
  };
  for (const c of batch.chunks) {
    const i = byId.get(c.runId);
    if (i === undefined || out[i].attempt !== c.attempt) continue;
    const r = edit(i);
    const end = c.fromStep + c.loss.length;
    r.loss = grow(r.loss, end, (n) => new Float32Array(n));
    r.lr = grow(r.lr, end, (n) => new Float64Array(n));
    r.loss.set(c.loss, c.fromStep);
    r.lr.set(c.lr, c.fromStep);
    r.count = Math.max(r.count, end);
    if (c.evals.length) r.evals = [...r.evals, ...c.evals];
    if (c.checkpoint) r.checkpoint = c.checkpoint;
    r.computeMs += c.computeMs;
    r.startedAt ??= now - c.computeMs;
  }
  for (const s of batch.states) {
    const i = byId.get(s.runId);
    if (i === undefined || out[i].attempt !== s.attempt) continue;
    applyState(edit(i), s, now);
  }
  return out;
}

function applyState(r: RunRecord, s: RunState, now: number): void {
  if (s.step > r.step && r.tick) {
    const dt = now - r.tick.t;
    if (dt > 0) {
      const inst = ((s.step - r.tick.step) / dt) * 1000;
      r.rate = r.rate === null ? inst : 0.7 * r.rate + 0.3 * inst;
    }
  }
  if (s.step !== r.step || !r.tick) r.tick = { t: now, step: s.step };
  // A paused or queued run measures afresh when it goes on: the pause is not throughput (the ETA
  // after a resume comes from the rate measured before it, then from updates made since).
  if (s.status !== 'running') r.tick = null;
  r.status = s.status;
  r.message = s.message ?? null;
  r.fault = s.fault ?? null;
  r.step = s.step;
  r.total = s.total;
  if (s.test) r.test = s.test;
  if (isFinished(s.status)) {
    r.endedAt ??= now;
    r.rate = null;
  }
}

function blankRun(r: RunRecord, patch: Partial<RunRecord>): RunRecord {
  return {
    ...r,
    status: 'queued',
    message: null,
    fault: null,
    step: 0,
    count: 0,
    loss: new Float32Array(0),
    lr: new Float64Array(0),
    evals: [],
    test: null,
    computeMs: 0,
    startedAt: null,
    endedAt: null,
    rate: null,
    tick: null,
    checkpoint: null,
    continuedFrom: null,
    continuations: 0,
    notice: null,
    ...patch,
  };
}

/**
 * The run going on from `checkpoint` (or from update 0 without one) as attempt `attempt` on worker
 * `worker`: the records of the updates before it stay, those after it (computed after the
 * checkpoint, then lost with the failure) are dropped, to be computed again.
 */
export function continuedRun(r: RunRecord, worker: string): RunRecord {
  const cp = r.checkpoint;
  if (!cp) return blankRun(r, { attempt: r.attempt + 1, worker });
  return {
    ...r,
    attempt: r.attempt + 1,
    worker,
    continuedFrom: cp.step,
    status: 'queued',
    message: null,
    fault: null,
    step: cp.step,
    count: Math.min(r.count, cp.step),
    evals: r.evals.filter((e) => e.step <= cp.step),
    test: null,
    endedAt: null,
    rate: null,
    tick: null,
  };
}

const MAIN = 'main';
const clients = new Map<string, WorkerClient>();
/** The backend each worker was asked for (what a recovery looks for in a worker to reuse). */
const asked = new Map<string, BackendChoice>();
let recoveryCounter = 0;
/**
 * The user's last pause or stop of each run: a worker that died before it could act on one still
 * has it kept when the run goes on elsewhere (a stopped run is not continued, a paused one stays so).
 */
const held = new Map<string, 'pause' | 'stop'>();
/** Runs moved off each worker so far: one fault may move them in two goes (those idle at once, one in flight after its update). */
const movedOff = new Map<string, number>();
let livenessTimer: ReturnType<typeof setInterval> | null = null;
let lastCheck = 0;
/** Data ids each worker already holds, so big user files are sent once. */
const workerData = new Map<string, Set<string>>();
const benchWaiters = new Map<string, { resolve(r: BenchResult): void; reject(e: Error): void }>();
let comparisonCounter = 0;
let customCounter = 0;

/** Which data stays in use after a failed load. */
function keepText(s: Pick<TrainingState, 'custom' | 'useCustom'>): string {
  return s.useCustom && s.custom ? `${s.custom.names[0]} and the other files loaded before stay in use.` : 'The bundled MNIST digits stay in use.';
}

function baseUrl(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location?.href ?? 'http://localhost/').href;
}

export const useTraining = create<TrainingState>()((set, get) => {
  const onMessage = (key: string, msg: FromWorker): void => {
    const now = performance.now();
    switch (msg.type) {
      case 'alive':
        return;
      case 'backend':
        set((s) => ({ workers: { ...s.workers, [key]: { backend: msg.backend, reason: msg.reason, status: 'ready' } } }));
        return;
      case 'progress': {
        const before = get().runs;
        const runs = applyBatch(before, msg.batch, now);
        set({ runs });
        // A run that failed on a worker that lives on (an exception, a lost device) goes on elsewhere.
        const failed = new Set(msg.batch.states.filter((st) => st.status === 'failed' && st.fault === 'backend').map((st) => st.runId));
        const victims = runs.filter((r, i) => failed.has(r.id) && r.worker === key && r.status === 'failed' && before[i].status !== 'failed');
        if (victims.length) {
          const wasPaused = new Set(before.filter((r) => r.status === 'paused').map((r) => r.id));
          continueRuns(victims, key, 'run', (r) => r.message ?? 'unknown error', wasPaused);
        }
        return;
      }
      case 'data': {
        const pending = get().pendingData;
        if (msg.id && pending && msg.id === pending.id) {
          const sum = msg.summary;
          set({
            custom: { ...pending, summary: sum },
            pendingData: null,
            useCustom: true,
            dataMessage: {
              kind: 'info',
              text: `Loaded ${sum.source}: ${sum.train.toLocaleString('en-US')} train / ${sum.val.toLocaleString('en-US')} validation / ${sum.test.toLocaleString('en-US')} test.`,
            },
          });
        }
        return;
      }
      case 'dataError':
        if (msg.id && msg.id !== get().pendingData?.id) return;
        set((s) => ({ pendingData: null, dataMessage: { kind: 'error', text: `${msg.message}. ${keepText(s)}` } }));
        return;
      case 'fault':
        failWorker(key, msg.message, 'backend');
        return;
      case 'error':
        benchWaiters.get(key)?.reject(new Error(msg.message));
        benchWaiters.delete(key);
        // A start that could not happen (no backend, data not loadable): its queued runs fail.
        set((s) => ({
          error: msg.message,
          runs: s.runs.map((r) => (r.worker === key && r.status === 'queued' ? { ...r, status: 'failed', message: msg.message } : r)),
        }));
        return;
      case 'bench':
        benchWaiters.get(key)?.resolve(msg.result);
        benchWaiters.delete(key);
        return;
    }
  };

  /**
   * The worker died (`cause`): it is let go, and its unfinished runs go on from their checkpoints
   * on a new worker, paused ones paused.
   */
  const failWorker = (key: string, message: string, cause: Exclude<FaultCause, 'run'>): void => {
    const client = clients.get(key);
    if (!client) return;
    benchWaiters.get(key)?.reject(new Error(message));
    benchWaiters.delete(key);
    client.terminate();
    clients.delete(key);
    workerData.delete(key);
    const victims = get().runs.filter((r) => r.worker === key && !isFinished(r.status));
    const wasPaused = new Set(victims.filter((r) => r.status === 'paused').map((r) => r.id));
    set((s) => ({ workers: { ...s.workers, [key]: { ...(s.workers[key] ?? { backend: null, reason: '' }), status: 'dead' } } }));
    // A worker taken for dead by its silence may have been busy: its replacement is given longer.
    const silenceLimit = cause === 'silent' ? 2 * client.silenceLimitMs : undefined;
    if (victims.length) continueRuns(victims, key, cause, () => message, wasPaused, silenceLimit);
    else if (cause !== 'backend') set({ error: message });
  };

  /**
   * Runs stopped by a fault of `cause` on worker `from` go on from their checkpoints on a worker of
   * {@link recoveryBackend}, with a notice; those that have gone on {@link MAX_AUTO_CONTINUATIONS}
   * times already are left failed, with the manual choice.
   */
  const continueRuns = (
    victimsIn: readonly RunRecord[],
    from: string,
    cause: FaultCause,
    why: (r: RunRecord) => string,
    wasPausedIn: ReadonlySet<string>,
    silenceLimitMs?: number,
  ): void => {
    const { comparison, workers } = get();
    if (!comparison) return;
    const stopped = new Set(victimsIn.filter((r) => held.get(r.id) === 'stop').map((r) => r.id));
    const victims = victimsIn.filter((r) => !stopped.has(r.id));
    const wasPaused = new Set([...wasPausedIn, ...victims.filter((r) => held.get(r.id) === 'pause').map((r) => r.id)]);
    if (stopped.size) {
      const now = performance.now();
      set((s) => ({
        runs: s.runs.map((r) => (stopped.has(r.id) ? { ...r, status: 'stopped', message: `stopped at update ${r.step}`, endedAt: r.endedAt ?? now, rate: null } : r)),
      }));
    }
    const failedOn = workers[from]?.backend ?? null;
    const target = recoveryBackend(failedOn, cause, comparison.setup);
    const going = victims.filter((r) => r.continuations < MAX_AUTO_CONTINUATIONS);
    const left = new Set(victims.filter((r) => r.continuations >= MAX_AUTO_CONTINUATIONS).map((r) => r.id));
    const now = performance.now();
    // A live worker already on that backend takes them (another recovery's); else a new one.
    const reuse = [...clients.keys()].find(
      (k) => k !== from && !k.startsWith('bench-') && workers[k]?.status !== 'dead' && (workers[k]?.backend ?? asked.get(k)) === target,
    );
    const key = reuse ?? `continue-${recoveryCounter + 1}`;
    if (!reuse && going.length) recoveryCounter += 1;
    const where = `${reuse ? 'the' : 'a new'} ${target === 'auto' ? '' : `${BACKEND_LABELS[target]} `}worker`;
    const continued = new Map<string, RunRecord>();
    for (const r of going) {
      const next = continuedRun(r, key);
      continued.set(r.id, {
        ...next,
        status: wasPaused.has(r.id) ? 'paused' : 'queued',
        continuations: r.continuations + 1,
        notice: `${FAULT_TEXT[cause]} (${why(r)}): went on on ${where}`,
      });
    }
    const n = cause === 'run' ? going.length : going.length + (movedOff.get(from) ?? 0);
    movedOff.set(from, (movedOff.get(from) ?? 0) + going.length);
    const notice =
      n === 0
        ? null
        : cause === 'run'
          ? `${n === 1 ? going[0].name : `${n} runs`} failed (${why(going[0])}). ${n === 1 ? 'It goes on from its last checkpoint' : 'They go on from their last checkpoints'} on ${where}.`
          : `${FAULT_TEXT[cause].replace(/^./, (c) => c.toUpperCase())} (${why(going[0])}). ${n === 1 ? 'Its run goes on from its last checkpoint' : `${n} runs go on from their last checkpoints`} on ${where}.`;
    const firstLeft = victims.find((r) => left.has(r.id));
    set((s) => ({
      runs: s.runs.map((r) => {
        const next = continued.get(r.id);
        if (next) return next;
        if (!left.has(r.id)) return r;
        return {
          ...r,
          status: 'failed',
          message: `${why(r)}; not continued again after ${MAX_AUTO_CONTINUATIONS} automatic continuations: continue it on a backend of your choice`,
          endedAt: r.endedAt ?? now,
          rate: null,
        };
      }),
      notice: notice ?? s.notice,
      error: firstLeft
        ? `${left.size === 1 ? 'A run' : `${left.size} runs`} failed again after ${MAX_AUTO_CONTINUATIONS} automatic continuations and ${left.size === 1 ? 'was' : 'were'} left failed: ${why(firstLeft)}`
        : s.error,
    }));
    if (going.length === 0) return;
    const c = backendClient(key, target, comparison.setup, silenceLimitMs);
    resumeOn(
      c,
      comparison,
      going.map((r) => ({ run: r, attempt: continued.get(r.id)!.attempt, paused: wasPaused.has(r.id) })),
    );
  };

  /** Sends runs to worker `c`, each going on from its checkpoint (copied, not moved: the page keeps it in case this worker fails too). */
  const resumeOn = (c: WorkerClient, comparison: Comparison, runs: readonly { run: RunRecord; attempt: number; paused?: boolean }[]): void => {
    c.post({
      type: 'start',
      append: true,
      data: dataRequest(c.key, comparison.setup.splitSeed),
      setup: comparison.setup,
      runs: runs.map(({ run, attempt, paused }) => ({
        id: run.id,
        spec: run.spec,
        stepping: run.stepping,
        seed: run.seed,
        optimizer: run.optimizer,
        attempt,
        resume: run.checkpoint ?? undefined,
        paused: paused || undefined,
      })),
    });
  };

  /** Workers silent past their limit are dead (see {@link WorkerClient.silentFor}). */
  const checkLiveness = (): void => {
    const now = performance.now();
    const asleep = now - lastCheck > SILENCE_LIMIT_MS / 2;
    lastCheck = now;
    for (const c of [...clients.values()]) {
      // After the page itself was frozen, the worker's silence proves nothing.
      if (asleep) c.forgive(now);
      else if (c.silentFor(now) > 0) failWorker(c.key, `no message for ${Math.round(c.silence(now) / 1000)} s`, 'silent');
    }
    if (clients.size === 0 && livenessTimer !== null) {
      clearInterval(livenessTimer);
      livenessTimer = null;
    }
  };

  /** The worker `key`, created on first use. */
  const ensureClient = (key: string, silenceLimitMs?: number): WorkerClient => {
    let c = clients.get(key);
    if (!c) {
      c = new WorkerClient(key, onMessage, (k, m) => failWorker(k, m, 'crash'), silenceLimitMs);
      clients.set(key, c);
      workerData.set(key, new Set());
      set((s) => ({ workers: { ...s.workers, [key]: { backend: null, reason: '', status: 'starting' } } }));
      if (livenessTimer === null) {
        lastCheck = performance.now();
        livenessTimer = setInterval(checkLiveness, LIVENESS_CHECK_MS);
      }
    }
    return c;
  };

  /** The worker `key`, with the backend for this setup (the worker keeps it if it already fits). */
  const backendClient = (key: string, backend: BackendChoice, setup: TrainingSetup, silenceLimitMs?: number): WorkerClient => {
    const c = ensureClient(key, silenceLimitMs);
    asked.set(key, backend);
    c.post({ type: 'init', backend, model: setup.model, allowSoftwareWebgl: setup.allowSoftwareWebgl });
    return c;
  };

  const dataRequest = (key: string, splitSeed: number): DataRequest => {
    const { custom, useCustom } = get();
    if (!useCustom || !custom) return { kind: 'bundled', splitSeed, baseUrl: baseUrl() };
    const known = workerData.get(key);
    const send = !known?.has(custom.id);
    known?.add(custom.id);
    return { kind: 'idx', id: custom.id, files: send ? custom.files : undefined, splitSeed };
  };

  const post = (runId: string | undefined, type: 'pause' | 'resume' | 'stop' | 'reset') => {
    const chosen = get().runs.filter((r) => runId === undefined || r.id === runId);
    for (const r of chosen) {
      if (type === 'pause' || type === 'stop') held.set(r.id, type);
      else held.delete(r.id);
    }
    const keys = new Set(chosen.map((r) => r.worker));
    for (const k of keys) clients.get(k)?.post({ type, runId });
  };

  return {
    comparison: null,
    runs: [],
    workers: {},
    custom: null,
    pendingData: null,
    useCustom: false,
    dataMessage: null,
    selection: null,
    smoothing: 0.6,
    lossScale: 'linear',
    error: null,
    notice: null,

    train(entries, setup) {
      const chosen = entries.filter((e) => (get().selection === null ? e.visible : get().selection!.includes(e.id)));
      if (chosen.length === 0) return 'Choose at least one schedule to train.';
      if (chosen.length * setup.seedsPerSchedule > MAX_RUNS) {
        return `${chosen.length} schedules x ${setup.seedsPerSchedule} seeds is ${chosen.length * setup.seedsPerSchedule} runs; at most ${MAX_RUNS}.`;
      }
      const { custom, useCustom } = get();
      const data = useCustom && custom ? custom.summary : BUNDLED_SUMMARY;
      const { trainCount, stepsPerEpoch, totalSteps } = plannedSteps(setup, data.train);
      if (totalSteps > MAX_RUN_STEPS) return `${totalSteps.toLocaleString('en-US')} updates per run is too many (at most ${MAX_RUN_STEPS.toLocaleString('en-US')}).`;
      // Old workers: stop their runs; the main worker replaces its comparison.
      for (const [k, c] of clients) {
        if (k !== MAIN) {
          c.terminate();
          clients.delete(k);
          workerData.delete(k);
          asked.delete(k);
        }
      }
      movedOff.clear();
      held.clear();
      comparisonCounter += 1;
      // Attempts are unique across comparisons: late messages of a replaced comparison are ignored.
      const attempt = comparisonCounter * 1000;
      const runs: RunRecord[] = [];
      for (const e of chosen) {
        const planned = plannedLr(e.spec, e.stepping, stepsPerEpoch, totalSteps);
        for (let k = 0; k < setup.seedsPerSchedule; k++) {
          runs.push(
            blankRun(
              {
                id: `${e.id}#${k}`,
                entryId: e.id,
                seedIndex: k,
                seed: setup.seed + k,
                name: e.name,
                color: e.color,
                spec: structuredClone(e.spec),
                stepping: e.stepping,
                optimizer: structuredClone(e.run ?? { optimizer: setup.optimizer, optimizerParams: setup.optimizerParams }),
                reported: e.reported ?? null,
                metricDriven: getDefinition(e.spec.scheduler)?.metricDriven === true,
                attempt,
                total: totalSteps,
                worker: MAIN,
                planned: planned.values,
                plannedError: planned.error,
              } as RunRecord,
              {},
            ),
          );
        }
      }
      set((s) => ({
        comparison: { id: comparisonCounter, setup, stepsPerEpoch, totalSteps, trainCount, data, startedAt: performance.now() },
        runs,
        error: null,
        notice: null,
        workers: Object.fromEntries(Object.entries(s.workers).filter(([k]) => k === MAIN)),
      }));
      const c = backendClient(MAIN, setup.backend, setup);
      const plans: RunPlan[] = runs.map((r) => ({ id: r.id, spec: r.spec, stepping: r.stepping, seed: r.seed, optimizer: r.optimizer, attempt: r.attempt }));
      c.post({ type: 'start', data: dataRequest(MAIN, setup.splitSeed), setup, runs: plans });
      return null;
    },

    showSaved(comparison, runs) {
      if (get().runs.some((r) => !isFinished(r.status))) return false;
      comparisonCounter += 1;
      held.clear();
      set({ comparison: { ...comparison, id: comparisonCounter }, runs, error: null, notice: null });
      return true;
    },

    pause: (runId) => post(runId, 'pause'),
    resume: (runId) => post(runId, 'resume'),
    stop: (runId) => post(runId, 'stop'),
    reset(runId) {
      set((s) => ({
        runs: s.runs.map((r) => (runId === undefined || r.id === runId) && clients.has(r.worker) ? blankRun(r, { attempt: r.attempt + 1, total: r.total }) : r),
      }));
      post(runId, 'reset');
    },

    retry(runId, backend, allowSoftwareWebgl) {
      const { comparison, runs } = get();
      const run = runs.find((r) => r.id === runId);
      if (!comparison || !run) return;
      const key = `retry-${backend}`;
      const c = backendClient(key, backend, { ...comparison.setup, allowSoftwareWebgl: allowSoftwareWebgl ?? comparison.setup.allowSoftwareWebgl });
      const next = { ...continuedRun(run, key), notice: `continued by hand on ${BACKEND_LABELS[backend]}` };
      set((s) => ({ runs: s.runs.map((r) => (r.id === runId ? next : r)) }));
      resumeOn(c, comparison, [{ run, attempt: next.attempt }]);
    },

    setSelection: (ids) => set({ selection: ids }),

    loadFiles(files, splitSeed) {
      let assigned: IdxFiles;
      try {
        assigned = assignIdxFiles(files);
      } catch (e) {
        const text = e instanceof DataFileError ? e.message : String(e);
        set((s) => ({ dataMessage: { kind: 'error', text: `${text}. ${keepText(s)}` } }));
        return;
      }
      customCounter += 1;
      const id = `user${customCounter}`;
      set({ pendingData: { id, names: files.map((f) => f.name), files: assigned }, dataMessage: { kind: 'info', text: `Checking ${files.length} files…` } });
      const c = ensureClient(MAIN);
      workerData.get(MAIN)?.add(id);
      c.post({ type: 'loadData', data: { kind: 'idx', id, files: assigned, splitSeed } });
    },

    useBundled() {
      set({ useCustom: false, dataMessage: null });
    },

    useCustomData() {
      if (get().custom) set({ useCustom: true, dataMessage: null });
    },

    setSmoothing: (v) => set({ smoothing: Math.min(0.999, Math.max(0, v)) }),
    setLossScale: (lossScale) => set({ lossScale }),

    inject(fault, runId) {
      const keys = new Set(get().runs.filter((r) => runId === undefined || r.id === runId).map((r) => r.worker));
      for (const k of keys) clients.get(k)?.post({ type: 'inject', fault, runId });
    },

    benchmark(request, backend) {
      const key = `bench-${backend}`;
      const c = backendClient(key, backend, request.setup);
      return new Promise<BenchResult>((resolve, reject) => {
        benchWaiters.set(key, {
          resolve: (r) => {
            c.terminate();
            clients.delete(key);
            resolve(r);
          },
          reject,
        });
        c.post({ type: 'bench', request, data: { kind: 'bundled', splitSeed: 42, baseUrl: baseUrl() } });
      });
    },

    shutdown() {
      for (const c of clients.values()) c.terminate();
      clients.clear();
      workerData.clear();
      asked.clear();
      held.clear();
      if (livenessTimer !== null) clearInterval(livenessTimer);
      livenessTimer = null;
    },
  };
});
