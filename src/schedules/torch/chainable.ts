/**
 * The chainable decays of PyTorch 1.13 (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR,
 * PolynomialLR), each transcribed operation by operation from its recursive `get_lr()` and its
 * `_get_closed_form_lr()` (SequentialLR's switch). Comments quote the Python where the order of
 * operations matters. Their closed forms are in ratioForms.ts.
 */
import { pyDiv } from '../numerics/pymath';
import { LRScheduler, mulLr, pow, powStep, type ParamGroup, type RatioForm } from './core';
import {
  ConstantLRForm,
  constantLRAt,
  ExponentialLRForm,
  exponentialLRAt,
  LinearLRForm,
  linearLRAt,
  MultiStepLRForm,
  multiStepLRAt,
  PolynomialLRForm,
  polynomialLRAt,
  StepLRForm,
  stepLRAt,
} from './ratioForms';

/**
 * A decay whose recursive step multiplies the lr by the ratio of consecutive values of its closed
 * form: the closed form from any lr, from SequentialLR's switch (`step(0)` evaluates the closed
 * formula at 0, over the base lr), and its factor inside ChainedScheduler.
 */
abstract class ChainableLR extends LRScheduler {
  protected abstract form(base: number, fromSwitch: boolean): RatioForm;
  closedForm(lrBefore: number): RatioForm {
    return this.form(lrBefore, false);
  }
  switchForm(): RatioForm {
    return this.form(this.baseLr, true);
  }
  ratioForm(): RatioForm {
    return this.form(1, false);
  }
}

export class StepLR extends ChainableLR {
  constructor(
    group: ParamGroup,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0 || le % this.stepSize !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }
  closedFormLr(): number {
    return stepLRAt(this.baseLr, this.gamma, this.stepSize, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  /** Its closed formula restarts from the base lr at SequentialLR's switch as at construction. */
  protected form(base: number): RatioForm {
    return new StepLRForm(base, this.gamma, this.stepSize);
  }
}

/** MultiStepLR: milestones are a Counter (duplicates compound, order irrelevant). */
export class MultiStepLR extends ChainableLR {
  private readonly keys: Float64Array;
  /** Multiplicity of each distinct milestone. */
  private readonly counts: Float64Array;
  private readonly sorted: Float64Array;
  /** Index of the first key >= the last epoch looked up (amortised O(1) membership test). */
  private k = 0;

  constructor(
    group: ParamGroup,
    milestones: readonly number[],
    private readonly gamma: number,
  ) {
    super(group);
    this.sorted = Float64Array.from(milestones).sort();
    const keys: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < this.sorted.length; ) {
      let j = i;
      while (j < this.sorted.length && this.sorted[j] === this.sorted[i]) j++;
      keys.push(this.sorted[i]);
      counts.push(j - i);
      i = j;
    }
    this.keys = Float64Array.from(keys);
    this.counts = Float64Array.from(counts);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const keys = this.keys;
    let k = this.k;
    while (k > 0 && keys[k - 1] >= le) k--;
    while (k < keys.length && keys[k] < le) k++;
    this.k = k;
    if (k < keys.length && keys[k] === le) return this.group.lr * pow(this.gamma, this.counts[k]);
    return this.group.lr;
  }
  closedFormLr(): number {
    return multiStepLRAt(this.baseLr, this.gamma, this.sorted, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  protected form(base: number, fromSwitch: boolean): RatioForm {
    return new MultiStepLRForm(base, this.gamma, this.sorted, fromSwitch);
  }
}

export class ConstantLR extends ChainableLR {
  constructor(
    group: ParamGroup,
    private readonly factor: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0) return this.group.lr * this.factor;
    if (le !== this.totalIters) return this.group.lr;
    return this.group.lr * pyDiv(1.0, this.factor);
  }
  closedFormLr(): number {
    return constantLRAt(this.baseLr, this.factor, this.totalIters, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  protected form(base: number, fromSwitch: boolean): RatioForm {
    return new ConstantLRForm(base, this.factor, this.totalIters, fromSwitch);
  }
}

export class LinearLR extends ChainableLR {
  constructor(
    group: ParamGroup,
    private readonly start: number,
    private readonly end: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    if (le === 0) return this.group.lr * this.start;
    if (le > this.totalIters) return this.group.lr;
    const s = this.start;
    const d = this.end - s;
    // lr * (1. + (e - s) / (T * s + (last_epoch - 1) * (e - s)))
    return this.group.lr * (1 + pyDiv(d, this.totalIters * s + (le - 1) * d));
  }
  closedFormLr(): number {
    return linearLRAt(this.baseLr, this.start, this.end, this.totalIters, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  protected form(base: number, fromSwitch: boolean): RatioForm {
    return new LinearLRForm(base, this.start, this.end, this.totalIters, fromSwitch);
  }
}

export class ExponentialLR extends ChainableLR {
  private readonly memo = new Float64Array(3);
  constructor(
    group: ParamGroup,
    private readonly gamma: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.lastEpoch === 0 ? this.group.lr : mulLr(this.group.lr, this.gamma, this.memo);
  }
  closedFormLr(): number {
    return exponentialLRAt(this.baseLr, this.gamma, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  /** Its closed formula restarts from the base lr at SequentialLR's switch as at construction. */
  protected form(base: number): RatioForm {
    return new ExponentialLRForm(base, this.gamma);
  }
}

export class PolynomialLR extends ChainableLR {
  constructor(
    group: ParamGroup,
    private readonly totalIters: number,
    private readonly power: number,
  ) {
    super(group);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    const le = this.lastEpoch;
    const t = this.totalIters;
    if (le === 0 || le > t) return this.group.lr;
    // ((1.0 - last_epoch / T) / (1.0 - (last_epoch - 1) / T)) ** power
    const factor = powStep((1.0 - le / t) / (1.0 - (le - 1) / t), this.power);
    return this.group.lr * factor;
  }
  closedFormLr(): number {
    return polynomialLRAt(this.baseLr, this.totalIters, this.power, this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  protected form(base: number, fromSwitch: boolean): RatioForm {
    return new PolynomialLRForm(base, this.totalIters, this.power, fromSwitch);
  }
}
