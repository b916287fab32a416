/**
 * The trainer: owns the runs of a comparison on one backend and interleaves them round-robin, a
 * time slice each, so all curves grow side by side. Metrics leave in batches (`flushMs`), not one
 * message per step. Free of worker specifics: the worker wires `emit` to postMessage, Node tests
 * and benchmarks call it directly.
 *
 * Why one worker, round-robin: tfjs on CPU and WASM is single-threaded and WebGL serialises on
 * one GPU, so runs in parallel workers would not add throughput on 2 cores; they would take the
 * core the page needs to stay responsive, and hold one copy of the data each. Interleaving in one
 * worker costs nothing measurable (a slice is tens of updates) and keeps the comparison visible.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SplitData } from './data';
import { TrainingRun, uploadData, type DeviceData } from './core';
import {
  initialWeights,
  isFinished,
  type ComparisonPlan,
  type InitTensor,
  type RunChunk,
  type RunOutcome,
  type RunPlan,
  type RunStatus,
} from './spec';
import type { TrainingSetup } from './setup';

/** A run's state as the main thread sees it. */
export interface RunState extends RunOutcome {
  runId: string;
  /** Bumped by every reset: chunks of older attempts are stale. */
  attempt: number;
  step: number;
  total: number;
}

export interface ProgressBatch {
  chunks: (RunChunk & { attempt: number })[];
  states: RunState[];
}

export interface TrainerOptions {
  /** Target milliseconds of one run's slice. */
  sliceMs?: number;
  /** Minimum milliseconds between two progress batches (status changes go out at once). */
  flushMs?: number;
  /** Lets queued messages (pause, stop) in between slices. */
  yieldToEvents?: () => Promise<void>;
  /** Upper bound of updates in one slice. */
  maxSliceSteps?: number;
  /**
   * Least milliseconds between two checkpoints of a run (sent with its metrics, so a failed run can
   * go on elsewhere). A checkpoint reads the weights and optimizer state once: ~1 ms for the
   * default MLP, so 1 s keeps it under 0.1% of the time.
   */
  checkpointMs?: number;
}

/** Updates per slice where one update outlasts a slice, so that it reads its losses back once per few updates (below). */
const MIN_SLICE_STEPS = 4;
/** ...unless that makes a slice longer than this (pause and stop wait for the slice). */
const MAX_SLOW_SLICE_MS = 400;

/**
 * Updates in one slice: about `sliceMs` of work. A slice ends with a read-back of its losses, which
 * drains the device's queue; where one update takes longer than a slice (software WebGL: ~100 ms),
 * reading after every update left the device idle while the next one was queued (9% of the
 * throughput), so such slices take a few updates, within {@link MAX_SLOW_SLICE_MS}.
 */
export function sliceSteps(msPerStep: number, sliceMs: number, maxSteps: number): number {
  if (!Number.isFinite(msPerStep) || msPerStep <= 0) return 1;
  const byTime = Math.floor(sliceMs / msPerStep);
  const steps = byTime >= 1 ? byTime : Math.min(MIN_SLICE_STEPS, Math.floor(MAX_SLOW_SLICE_MS / msPerStep));
  return Math.max(1, Math.min(maxSteps, steps));
}

interface Slot {
  plan: RunPlan;
  run: TrainingRun;
  attempt: number;
  paused: boolean;
  /** EMA of ms per update, to size slices. */
  msPerStep: number;
  /** When its last checkpoint was taken (or the slot made). */
  checkpointAt: number;
}

export class Trainer {
  private slots: Slot[] = [];
  private data: DeviceData | null = null;
  private plan: ComparisonPlan | null = null;
  private inits = new Map<number, InitTensor[]>();
  private looping = false;
  private outbox: ProgressBatch = { chunks: [], states: [] };
  private lastFlush = 0;
  private readonly sliceMs: number;
  private readonly flushMs: number;
  private readonly maxSliceSteps: number;
  private readonly checkpointMs: number;
  private readonly yieldToEvents: () => Promise<void>;
  /** Resolves when the current loop ends (tests, benchmarks). */
  idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly emit: (batch: ProgressBatch) => void,
    opts: TrainerOptions = {},
  ) {
    this.sliceMs = opts.sliceMs ?? 40;
    this.flushMs = opts.flushMs ?? 250;
    this.maxSliceSteps = opts.maxSliceSteps ?? 512;
    this.checkpointMs = opts.checkpointMs ?? 1000;
    this.yieldToEvents = opts.yieldToEvents ?? (() => new Promise((r) => setTimeout(r, 0)));
  }

  /**
   * Starts a comparison, replacing the previous one. Runs with the same seed share weights and
   * batches. `append`: adds the runs to the current comparison instead (a retry on this worker).
   */
  async start(split: SplitData, setup: TrainingSetup, runs: readonly RunPlan[], append = false): Promise<void> {
    if (append && this.plan && this.data) {
      const added = runs.map((plan) => this.newSlot(plan, plan.attempt ?? 0));
      this.slots = [...this.slots.filter((s) => !runs.some((r) => r.id === s.plan.id)), ...added];
      this.outbox.states.push(...added.map((s) => this.stateOf(s)));
      this.kick();
      return;
    }
    for (const s of this.slots) s.run.requestStop();
    this.slots = [];
    await this.idle;
    this.clear();
    this.data = uploadData(split, setup.trainExamples);
    this.plan = { setup, trainCount: this.data.trainCount };
    for (const plan of runs) this.slots.push(this.newSlot(plan, plan.attempt ?? 0));
    this.outbox.states.push(...this.slots.map((s) => this.stateOf(s)));
    this.kick();
  }

  private initFor(seed: number): InitTensor[] {
    let init = this.inits.get(seed);
    if (!init) {
      init = initialWeights(this.plan!.setup, seed);
      this.inits.set(seed, init);
    }
    return init;
  }

  private newSlot(plan: RunPlan, attempt: number): Slot {
    const run = new TrainingRun(plan, this.plan!, this.data!, plan.resume ? [] : this.initFor(plan.seed));
    return { plan, run, attempt, paused: plan.paused === true, msPerStep: Number.POSITIVE_INFINITY, checkpointAt: performance.now() };
  }

  private stateOf(s: Slot): RunState {
    const status: RunStatus = s.paused && !isFinished(s.run.outcome.status) ? 'paused' : s.run.outcome.status;
    return { ...s.run.outcome, status, runId: s.plan.id, attempt: s.attempt, step: s.run.step, total: s.run.total };
  }

  private select(runId?: string): Slot[] {
    return runId === undefined ? this.slots : this.slots.filter((s) => s.plan.id === runId);
  }

  pause(runId?: string): void {
    for (const s of this.select(runId)) if (!isFinished(s.run.outcome.status)) s.paused = true;
    this.report(runId);
  }

  resume(runId?: string): void {
    for (const s of this.select(runId)) s.paused = false;
    this.report(runId);
    this.kick();
  }

  stop(runId?: string): void {
    for (const s of this.select(runId)) {
      s.run.requestStop();
      s.paused = false;
    }
    this.report(runId);
  }

  /** Back to update 0 (same initial weights and batches); the run starts again at once. */
  reset(runId?: string): void {
    if (!this.plan) return;
    this.slots = this.slots.map((s) => {
      if (runId !== undefined && s.plan.id !== runId) return s;
      s.run.dispose();
      return this.newSlot({ ...s.plan, resume: undefined, paused: undefined }, s.attempt + 1);
    });
    this.report(runId);
    this.kick();
  }

  /** Ends every unfinished run as failed (the backend died). */
  failAll(message: string): void {
    for (const s of this.slots) s.run.fail(message);
    this.report();
  }

  /** Makes the next update of `runId` (or of every run) throw. */
  injectFault(runId?: string): void {
    for (const s of this.select(runId)) s.run.injectFault();
  }

  /** Runs of the comparison and their states. */
  states(): RunState[] {
    return this.slots.map((s) => this.stateOf(s));
  }

  private report(runId?: string): void {
    this.outbox.states.push(...this.select(runId).map((s) => this.stateOf(s)));
    this.flush();
  }

  private flush(): void {
    if (this.outbox.chunks.length === 0 && this.outbox.states.length === 0) return;
    const batch = this.outbox;
    this.outbox = { chunks: [], states: [] };
    this.lastFlush = performance.now();
    this.emit(batch);
  }

  private runnable(): Slot[] {
    return this.slots.filter((s) => !s.paused && !isFinished(s.run.outcome.status));
  }

  private kick(): void {
    if (this.looping || this.runnable().length === 0) return;
    this.looping = true;
    this.idle = this.loop().finally(() => {
      this.looping = false;
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      const ready = this.runnable();
      if (ready.length === 0) break;
      for (const slot of ready) {
        // The slot may have been paused, stopped or reset while we awaited.
        if (!this.slots.includes(slot) || slot.paused || isFinished(slot.run.outcome.status)) continue;
        const steps = sliceSteps(slot.msPerStep, this.sliceMs, this.maxSliceSteps);
        const before = slot.run.outcome.status;
        const chunk = await slot.run.advance(steps);
        if (chunk.loss.length > 0 && chunk.evals.length === 0) {
          const ms = chunk.computeMs / chunk.loss.length;
          slot.msPerStep = Number.isFinite(slot.msPerStep) ? 0.7 * slot.msPerStep + 0.3 * ms : ms;
        }
        if (this.slots.includes(slot) && slot.run.outcome.status === 'running' && performance.now() - slot.checkpointAt >= this.checkpointMs) {
          slot.checkpointAt = performance.now();
          try {
            chunk.checkpoint = await slot.run.checkpoint();
          } catch {
            // The backend is failing: the run fails on its next update and keeps its last checkpoint.
          }
        }
        if (this.slots.includes(slot)) {
          this.outbox.chunks.push({ ...chunk, attempt: slot.attempt });
          const after = slot.run.outcome.status;
          if (after !== before || chunk.evals.length > 0) this.outbox.states.push(this.stateOf(slot));
          if (isFinished(after) || performance.now() - this.lastFlush >= this.flushMs) {
            this.outbox.states.push(this.stateOf(slot));
            this.flush();
          }
        }
        await this.yieldToEvents();
      }
    }
    this.outbox.states.push(...this.slots.map((s) => this.stateOf(s)));
    this.flush();
  }

  private clear(): void {
    for (const s of this.slots) s.run.dispose();
    this.slots = [];
    this.data?.dispose();
    this.data = null;
    this.inits.clear();
  }

  /** Stops everything and frees every tensor of the comparison. */
  async dispose(): Promise<void> {
    for (const s of this.slots) s.run.requestStop();
    await this.idle;
    this.clear();
    this.plan = null;
  }

  /** Tensors alive on the backend (leak checks). */
  static numTensors(): number {
    return tf.memory().numTensors;
  }
}
