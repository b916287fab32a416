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
import { evaluate, getDefinition, ScheduleError, ScheduleStepError, type ScheduleSpec, type Stepping } from '../schedules';
import { WorkerClient } from '../training/client';
import { isFinished, type EvalPoint, type RunCheckpoint, type RunPlan, type RunStatus } from '../training/spec';
import { assignIdxFiles, BUNDLED_SPLIT, BUNDLED_TRAIN_SIZE, DataFileError, type IdxFiles, type NamedBytes } from '../training/data';
import type { BackendName, BenchRequest, BenchResult, DataRequest, DataSummary, FromWorker } from '../training/protocol';
import type { ProgressBatch, RunState } from '../training/trainer';
import { expandEpochs } from '../curves';
import type { ScheduleEntry } from './studio';
import type { BackendChoice, TrainingSetup } from '../training/setup';

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
  metricDriven: boolean;
  status: RunStatus;
  message: string | null;
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
}

export interface Comparison {
  id: number;
  setup: TrainingSetup;
  stepsPerEpoch: number;
  totalSteps: number;
  trainCount: number;
  data: DataSummary;
  startedAt: number;
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
  /** Trains the chosen entries, each run stepping its scheduler as its schedule says. */
  train(entries: readonly ScheduleEntry[], setup: TrainingSetup): string | null;
  pause(runId?: string): void;
  resume(runId?: string): void;
  stop(runId?: string): void;
  reset(runId?: string): void;
  /**
   * Continues a failed run on another backend from its latest checkpoint (from update 0 when it
   * has none yet), in a fresh worker; `allowSoftwareWebgl` defaults to the comparison's setting.
   */
  retry(runId: string, backend: BackendName, allowSoftwareWebgl?: boolean): void;
  setSelection(ids: string[] | null): void;
  loadFiles(files: readonly NamedBytes[], splitSeed: number): void;
  useBundled(): void;
  /** Back to the user files loaded before. */
  useCustomData(): void;
  setSmoothing(v: number): void;
  setLossScale(s: 'linear' | 'log'): void;
  /** Fault injection (tests): `throw` fails a run, `loseContext` kills a WebGL worker. */
  inject(fault: 'throw' | 'loseContext', runId?: string): void;
  /** Measures throughput in a fresh worker on `backend` (benchmark; see src/training/throughput.ts). */
  benchmark(request: BenchRequest, backend: BackendChoice): Promise<BenchResult>;
  /** Stops every worker (page teardown, tests). */
  shutdown(): void;
}

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
  r.status = s.status;
  r.message = s.message ?? null;
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
      case 'backend':
        set((s) => ({ workers: { ...s.workers, [key]: { backend: msg.backend, reason: msg.reason, status: 'ready' } } }));
        return;
      case 'progress':
        set((s) => ({ runs: applyBatch(s.runs, msg.batch, now) }));
        return;
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
        failWorker(key, msg.message, false);
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

  /** The worker died: its unfinished runs fail with `message`; the worker is replaced on next use. */
  const failWorker = (key: string, message: string, crashed: boolean): void => {
    benchWaiters.get(key)?.reject(new Error(message));
    benchWaiters.delete(key);
    clients.get(key)?.terminate();
    clients.delete(key);
    workerData.delete(key);
    set((s) => ({
      error: crashed ? message : s.error,
      workers: { ...s.workers, [key]: { ...(s.workers[key] ?? { backend: null, reason: '' }), status: 'dead' } },
      runs: s.runs.map((r) =>
        r.worker === key && !isFinished(r.status) ? { ...r, status: 'failed', message: r.message ?? message, endedAt: performance.now(), rate: null } : r,
      ),
    }));
  };

  /** The worker `key`, created on first use. */
  const ensureClient = (key: string): WorkerClient => {
    let c = clients.get(key);
    if (!c) {
      c = new WorkerClient(key, onMessage, (k, m) => failWorker(k, m, true));
      clients.set(key, c);
      workerData.set(key, new Set());
      set((s) => ({ workers: { ...s.workers, [key]: { backend: null, reason: '', status: 'starting' } } }));
    }
    return c;
  };

  /** The worker `key`, with the backend for this setup (the worker keeps it if it already fits). */
  const backendClient = (key: string, backend: BackendChoice, setup: TrainingSetup): WorkerClient => {
    const c = ensureClient(key);
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
    const keys = new Set(get().runs.filter((r) => runId === undefined || r.id === runId).map((r) => r.worker));
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
        }
      }
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
        workers: Object.fromEntries(Object.entries(s.workers).filter(([k]) => k === MAIN)),
      }));
      const c = backendClient(MAIN, setup.backend, setup);
      const plans: RunPlan[] = runs.map((r) => ({ id: r.id, spec: r.spec, stepping: r.stepping, seed: r.seed, attempt: r.attempt }));
      c.post({ type: 'start', data: dataRequest(MAIN, setup.splitSeed), setup, runs: plans });
      return null;
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
      const next = continuedRun(run, key);
      set((s) => ({ runs: s.runs.map((r) => (r.id === runId ? next : r)) }));
      // The checkpoint is copied, not moved: the page keeps it in case this worker fails too.
      c.post({
        type: 'start',
        append: true,
        data: dataRequest(key, comparison.setup.splitSeed),
        setup: comparison.setup,
        runs: [{ id: run.id, spec: run.spec, stepping: run.stepping, seed: run.seed, attempt: next.attempt, resume: run.checkpoint ?? undefined }],
      });
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
    },
  };
});
