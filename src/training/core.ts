/**
 * The training core: one run of a comparison (model, optimizer, schedule, seeded batch order) and
 * its custom training loop. Free of worker and DOM specifics: the worker runs exactly this loop,
 * and the Node tests run it on the tfjs CPU backend.
 *
 * Conventions (shown in the UI help):
 * - Update `i` (0-based) uses `stepper.lr()` read just before it; that value is recorded as the
 *   applied LR of update i.
 * - Iteration stepping: the scheduler steps after every update. Epoch stepping: once at the end of
 *   every epoch, so its value holds for the whole epoch.
 * - Metric-driven schedulers (ReduceLROnPlateau and kin) step only at evaluations, with the
 *   validation loss just measured: every `evalInterval` updates and at every epoch end with
 *   iteration stepping; at every epoch end with epoch stepping.
 * - The training loss of update i is measured on its batch before the update. An evaluation after
 *   update i is recorded at step i + 1 (the number of updates done).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createStepper, getDefinition, momentumOf, PythonRuntimeError, ScheduleError, ScheduleStepError, type MomentumAt, type ScheduleSpec, type Stepper, type Stepping } from '../schedules';
import { IMAGE_SIZE, NUM_CLASSES, type Digits, type SplitData } from './data';
import { createModel, type Model } from './models';
import { createOptimizer, type ScheduledOptimizer } from './optimizers';
import type { RunOptimizer } from './setup';
import { deriveSeed, mulberry32, permutation } from './rng';
import {
  CYCLE_MOMENTUM_ERROR,
  isFinished,
  takesCycledMomentum,
  stepsPerEpoch,
  totalSteps,
  type ComparisonPlan,
  type EvalPoint,
  type InitTensor,
  type PackedTensors,
  type RunCheckpoint,
  type RunChunk,
  type RunOutcome,
  type RunPlan,
} from './spec';

/** The data of a comparison on the current backend, shared by its runs. */
export interface DeviceData {
  trainX: tf.Tensor2D;
  trainY: tf.Tensor1D;
  valX: tf.Tensor2D;
  valY: tf.Tensor1D;
  testX: tf.Tensor2D;
  testY: tf.Tensor1D;
  trainCount: number;
  dispose(): void;
}

function toDevice(d: Digits, count = d.count): [tf.Tensor2D, tf.Tensor1D] {
  const n = Math.min(count, d.count);
  const x = tf.tidy(() => tf.div(tf.tensor2d(d.images.subarray(0, n * IMAGE_SIZE), [n, IMAGE_SIZE], 'int32'), 255) as tf.Tensor2D);
  const y = tf.tensor1d(d.labels.subarray(0, n), 'int32');
  return [x, y];
}

/** Uploads a split; training uses the first `trainExamples` of the (already shuffled) training set. */
export function uploadData(split: SplitData, trainExamples: number): DeviceData {
  const [trainX, trainY] = toDevice(split.train, trainExamples);
  const [valX, valY] = toDevice(split.val);
  const [testX, testY] = toDevice(split.test);
  return {
    trainX,
    trainY,
    valX,
    valY,
    testX,
    testY,
    trainCount: trainX.shape[0],
    dispose() {
      tf.dispose([trainX, trainY, valX, valY, testX, testY]);
    },
  };
}

/** Order of the training examples in `epoch` for `seed`: the same for every run with that seed. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  return permutation(n, mulberry32(deriveSeed(seed, 2, epoch)));
}

/** Reads tensors into one new array (a copy: it may be transferred to another thread). */
async function pack(tensors: readonly tf.Tensor[]): Promise<PackedTensors> {
  const shapes = tensors.map((t) => t.shape.slice());
  if (tensors.length === 0) return { shapes, values: new Float32Array(0) };
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));
  try {
    return { shapes, values: ((await flat.data()) as Float32Array).slice() };
  } finally {
    flat.dispose();
  }
}

/** The tensors of {@link pack}, as views of its array. */
function unpack(p: PackedTensors): InitTensor[] {
  let at = 0;
  return p.shapes.map((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = p.values.subarray(at, at + n);
    at += n;
    return { shape, values };
  });
}

/** Losses above this multiple of the first loss (or of chance, ln 10) count as diverged. */
export const EXPLODING_FACTOR = 10;

/** A loss that means the run has diverged, or null. */
function divergenceOf(loss: number, firstLoss: number): string | null {
  if (!Number.isFinite(loss)) return `the loss is ${loss}`;
  const limit = EXPLODING_FACTOR * Math.max(Math.log(NUM_CLASSES), firstLoss);
  if (loss > limit) return `the loss exploded to ${loss.toPrecision(3)} (more than ${EXPLODING_FACTOR}x its start)`;
  return null;
}

/** The schedule gave a learning rate the optimizer cannot use (a schedule fault, not the backend's). */
class ScheduleLrError extends Error {}

/**
 * One run: a model from the comparison's initial weights, an optimizer, and a stepper of the
 * schedule. {@link advance} trains a slice of updates. Dispose when done.
 */
export class TrainingRun {
  readonly id: string;
  readonly seed: number;
  readonly spec: ScheduleSpec;
  /** When the scheduler steps (the run's own: its schedule's stepping). */
  readonly stepping: Stepping;
  /** The run's optimizer: its own, else the setup's. */
  readonly optimizerSetup: RunOptimizer;
  readonly total: number;
  readonly perEpoch: number;
  readonly metricDriven: boolean;
  /** Updates done. */
  step = 0;
  outcome: RunOutcome = { status: 'queued' };
  private model: Model | null = null;
  private opt: ScheduledOptimizer | null = null;
  private stepper: Stepper | null = null;
  /** The momentum the schedule sets at each of its steps (cycle_momentum), or null. */
  private momentumAt: MomentumAt | null = null;
  private firstLoss = NaN;
  private advancing = false;
  private stopRequested = false;
  private failure: string | null = null;
  private faultNext = false;
  private orderEpoch = -1;
  private order: Int32Array = new Int32Array(0);
  /** The checkpoint this run goes on from, until its model is built. */
  private resumeFrom: RunCheckpoint | null;
  /** Optimizer state still to restore (restoring is asynchronous). */
  private pendingOptimizer: RunCheckpoint['optimizer'] | null = null;
  /** Calls of the stepper's `step()` so far, and their metrics (metric-driven schedulers). */
  private stepperCalls = 0;
  private stepperMetrics: number[] = [];

  constructor(
    plan: RunPlan,
    private readonly comparison: ComparisonPlan,
    private readonly data: DeviceData,
    private readonly init: readonly InitTensor[],
  ) {
    this.id = plan.id;
    this.seed = plan.seed;
    this.spec = plan.spec;
    this.stepping = plan.stepping;
    this.optimizerSetup = plan.optimizer ?? comparison.setup;
    this.perEpoch = stepsPerEpoch(comparison);
    this.total = totalSteps(comparison);
    this.metricDriven = getDefinition(plan.spec.scheduler)?.metricDriven === true;
    this.resumeFrom = plan.resume ?? null;
    if (plan.resume) {
      this.step = plan.resume.step;
      this.firstLoss = plan.resume.firstLoss;
    }
  }

  /** Creates the model, optimizer and stepper (throws the engine's error for a bad spec). */
  private ensureStarted(): void {
    if (this.model) return;
    if (isFinished(this.outcome.status)) throw new Error(`run ${this.id} has finished (${this.outcome.status})`);
    const stepper = createStepper(this.spec);
    const from = this.resumeFrom;
    if (from) {
      const { calls, metrics, state } = from.stepper;
      if (state && stepper.restore) {
        // The saved state puts the stepper where it was at once (plateau counters and reductions included).
        stepper.restore(state);
      } else {
        // Replaying the calls does the same for steppers without a saved state (recursive user lambdas).
        for (let i = 0; i < calls; i++) stepper.step(this.metricDriven ? metrics[i] : undefined);
      }
      this.stepperCalls = calls;
      this.stepperMetrics = Array.from(metrics);
      this.pendingOptimizer = from.optimizer;
      this.resumeFrom = null;
    }
    const momentumAt = momentumOf(this.spec);
    // torch raises in the scheduler's constructor, before any update.
    if (momentumAt && !takesCycledMomentum(this.optimizerSetup.optimizer)) throw new PythonRuntimeError('ValueError', CYCLE_MOMENTUM_ERROR);
    this.stepper = stepper;
    this.momentumAt = momentumAt;
    this.model = createModel(this.comparison.setup, from ? unpack(from.weights) : this.init);
    this.opt = createOptimizer(this.optimizerSetup, stepper.lr(), momentumAt ? momentumAt(this.stepperCalls) : null);
  }

  /** {@link ensureStarted}, then the optimizer state of a checkpoint, if any. */
  private async ready(): Promise<void> {
    this.ensureStarted();
    const pending = this.pendingOptimizer;
    if (!pending) return;
    this.pendingOptimizer = null;
    const tensors = unpack(pending.tensors).map((t) => tf.tensor(t.values, t.shape, 'float32'));
    try {
      await this.opt!.restore(pending.iterations, tensors);
    } finally {
      tf.dispose(tensors);
    }
  }

  private stepStepper(metric?: number): void {
    this.stepper!.step(metric);
    this.stepperCalls += 1;
    // The metrics are kept only where a resumed run has to replay them.
    if (this.metricDriven && !this.stepper!.save) this.stepperMetrics.push(metric ?? NaN);
  }

  /**
   * The run's state now, between two updates, copied into plain arrays (one device read for the
   * weights, one for the optimizer). A run built from it goes on exactly as this one would.
   */
  async checkpoint(): Promise<RunCheckpoint> {
    await this.ready();
    const opt = await this.opt!.state();
    const [weights, tensors] = await Promise.all([pack(this.model!.variables), pack(opt.tensors)]);
    return {
      step: this.step,
      weights,
      optimizer: { iterations: opt.iterations, tensors },
      stepper: {
        calls: this.stepperCalls,
        metrics: Float64Array.from(this.stepperMetrics),
        state: this.stepper!.save?.() ?? null,
      },
      firstLoss: this.firstLoss,
    };
  }

  /** Indices of the examples of update `step`. */
  batchIndices(step: number): Int32Array {
    const epoch = Math.floor(step / this.perEpoch);
    if (epoch !== this.orderEpoch) {
      this.order = epochOrder(this.seed, epoch, this.data.trainCount);
      this.orderEpoch = epoch;
    }
    const b = this.comparison.setup.batchSize;
    const pos = step % this.perEpoch;
    return this.order.subarray(pos * b, Math.min((pos + 1) * b, this.data.trainCount));
  }

  /** Current weights (tests: runs of a comparison start from the same ones). */
  async weights(): Promise<Float32Array[]> {
    this.ensureStarted();
    return Promise.all(this.model!.variables.map(async (v) => (await v.data()) as Float32Array));
  }

  /** The learning rate the optimizer will apply on its next update, as tfjs holds it. */
  optimizerLearningRate(): number {
    this.ensureStarted();
    return this.opt!.learningRate();
  }

  /** The momentum (Adam: beta1) the optimizer will apply on its next update, read back from tfjs. */
  optimizerMomentum(): number | undefined {
    this.ensureStarted();
    return this.opt!.momentum();
  }

  private crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, reduction: tf.Reduction): tf.Scalar {
    return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, NUM_CLASSES), logits, undefined, 0, reduction) as tf.Scalar;
  }

  /** Mean loss and accuracy on `x`, `y` (chunked to bound memory). */
  async evaluateOn(x: tf.Tensor2D, y: tf.Tensor1D): Promise<{ loss: number; accuracy: number }> {
    this.ensureStarted();
    const n = x.shape[0];
    const chunk = 1000;
    const parts: tf.Tensor[] = [];
    try {
      for (let s = 0; s < n; s += chunk) {
        const size = Math.min(chunk, n - s);
        parts.push(
          tf.tidy(() => {
            const xs = tf.slice(x, [s, 0], [size, IMAGE_SIZE]);
            const ys = tf.slice(y, [s], [size]);
            const logits = this.model!.apply(xs);
            const lossSum = this.crossEntropy(logits, ys, tf.Reduction.SUM);
            const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), ys), 'float32'));
            return tf.stack([lossSum, correct]);
          }),
        );
      }
      const all = tf.stack(parts);
      parts.push(all);
      const v = await all.data();
      let loss = 0;
      let correct = 0;
      for (let i = 0; i < v.length; i += 2) {
        loss += v[i];
        correct += v[i + 1];
      }
      return { loss: loss / n, accuracy: correct / n };
    } finally {
      tf.dispose(parts);
    }
  }

  /**
   * Trains up to `maxSteps` updates (fewer at an evaluation that ends the run, at the end, or on a
   * fault) and returns what they produced. Never throws: a fault ends the run as `failed`.
   */
  async advance(maxSteps: number): Promise<RunChunk> {
    this.advancing = true;
    const t0 = performance.now();
    const fromStep = this.step;
    const pending: tf.Scalar[] = [];
    const losses: number[] = [];
    const lrs: number[] = [];
    const evals: EvalPoint[] = [];
    const { setup } = this.comparison;
    const stepping = this.stepping;
    /** Reads the pending losses; false when the run diverged (records are cut before it). */
    const flush = async (): Promise<boolean> => {
      if (pending.length === 0) return true;
      const stacked = tf.stack(pending);
      const values = await stacked.data();
      stacked.dispose();
      tf.dispose(pending.splice(0));
      const base = losses.length;
      for (let i = 0; i < values.length; i++) {
        const loss = values[i];
        if (Number.isNaN(this.firstLoss)) this.firstLoss = loss;
        const why = divergenceOf(loss, this.firstLoss);
        if (why) {
          const at = fromStep + base + i;
          lrs.length = base + i;
          this.step = at;
          this.outcome = { status: 'diverged', message: `diverged at update ${at}: ${why}` };
          return false;
        }
        losses.push(loss);
      }
      return true;
    };
    try {
      await this.ready();
      this.outcome = { status: 'running' };
      const model = this.model!;
      const opt = this.opt!;
      const stepper = this.stepper!;
      for (let k = 0; k < maxSteps && this.step < this.total && !this.stopRequested; k++) {
        if (this.faultNext) {
          this.faultNext = false;
          throw new Error('injected fault (test)');
        }
        const lr = stepper.lr();
        if (!Number.isFinite(lr)) throw new ScheduleLrError(`the schedule gave learning rate ${lr} at update ${this.step}`);
        opt.setLearningRate(lr);
        // The momentum the scheduler set with this lr: its closed form at the scheduler's step count.
        if (this.momentumAt) opt.setMomentum(this.momentumAt(this.stepperCalls));
        const idx = this.batchIndices(this.step);
        const loss = tf.tidy(() => {
          const ids = tf.tensor1d(idx, 'int32');
          const xs = tf.gather(this.data.trainX, ids);
          const ys = tf.gather(this.data.trainY, ids);
          return opt.optimizer.minimize(() => this.crossEntropy(model.apply(xs), ys, tf.Reduction.MEAN), true, model.variables)!;
        });
        pending.push(loss);
        lrs.push(lr);
        this.step += 1;
        const epochEnd = this.step % this.perEpoch === 0 || this.step === this.total;
        const evalNow = epochEnd || this.step % setup.evalInterval === 0;
        if (stepping === 'iteration' && !this.metricDriven) this.stepStepper();
        if (evalNow) {
          if (!(await flush())) break;
          const ev = await this.evaluateOn(this.data.valX, this.data.valY);
          if (!Number.isFinite(ev.loss)) {
            this.outcome = { status: 'diverged', message: `diverged at update ${this.step}: the validation loss is ${ev.loss}` };
            break;
          }
          evals.push({ step: this.step, ...ev });
          if (this.metricDriven && (stepping === 'iteration' || epochEnd)) this.stepStepper(ev.loss);
          else if (stepping === 'epoch' && epochEnd) this.stepStepper();
          // Stop after an evaluation so the main thread sees it promptly.
          k = maxSteps;
        } else if (stepping === 'epoch' && epochEnd) {
          this.stepStepper();
        }
      }
      if (this.outcome.status === 'running' && (await flush()) && this.step >= this.total) {
        const test = await this.evaluateOn(this.data.testX, this.data.testY);
        this.outcome = { status: 'done', test };
      }
    } catch (e) {
      // Keep the updates that were done if their losses can still be read.
      try {
        await flush();
      } catch {
        tf.dispose(pending.splice(0));
      }
      lrs.length = losses.length;
      this.step = fromStep + losses.length;
      const where =
        e instanceof ScheduleStepError || e instanceof PythonRuntimeError
          ? `the schedule raised at update ${this.step}: `
          : e instanceof ScheduleError
            ? 'invalid schedule: '
            : '';
      const fault = where || e instanceof ScheduleLrError ? 'schedule' : 'backend';
      this.outcome = { status: 'failed', message: where + describeError(e), fault };
    }
    if (this.failure !== null) this.outcome = { status: 'failed', message: this.failure, fault: 'backend' };
    else if (this.stopRequested && this.outcome.status === 'running') this.outcome = { status: 'stopped', message: `stopped at update ${this.step}` };
    if (this.outcome.status !== 'running') this.disposeModel();
    this.advancing = false;
    return {
      runId: this.id,
      fromStep,
      loss: Float32Array.from(losses),
      lr: Float64Array.from(lrs),
      evals,
      computeMs: performance.now() - t0,
    };
  }

  /** Stops the run: at once when idle, else after the update in flight. */
  requestStop(): void {
    if (isFinished(this.outcome.status)) return;
    this.stopRequested = true;
    if (!this.advancing) {
      this.outcome = { status: 'stopped', message: `stopped at update ${this.step}` };
      this.disposeModel();
    }
  }

  /** Ends the run as failed (its backend died): at once when idle, else after the update in flight. */
  fail(message: string): void {
    if (isFinished(this.outcome.status)) return;
    this.failure = message;
    this.stopRequested = true;
    if (!this.advancing) {
      this.outcome = { status: 'failed', message, fault: 'backend' };
      this.disposeModel();
    }
  }

  /** Makes the next update throw (fault-injection tests). */
  injectFault(): void {
    this.faultNext = true;
  }

  private disposeModel(): void {
    try {
      this.model?.dispose();
      this.opt?.dispose();
    } catch {
      // A lost backend cannot free its memory; the worker is replaced anyway.
    }
    this.model = null;
    this.opt = null;
  }

  /** Frees the run's tensors (the shared data stays); stops first if an update is in flight. */
  dispose(): void {
    if (this.advancing) this.requestStop();
    else this.disposeModel();
  }
}

/** A readable message for an error raised while training. */
export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/out of memory|OOM|Failed to allocate|allocation/i.test(msg)) return `out of memory: ${msg}`;
  if (/context.*lost|CONTEXT_LOST/i.test(msg)) return `WebGL context lost: ${msg}`;
  return msg;
}
