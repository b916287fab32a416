/**
 * SequentialLR and ChainedScheduler (PyTorch 1.13): schedulers over child schedulers that share the
 * parent's optimizer, so that composition is literal: the children step the one param group.
 */
import { PythonRuntimeError } from '../errors';
import { bisectRight } from '../numerics/pymath';
import type { ClosedForm, StepperState } from '../types';
import { RaisingForm, SequentialForm } from './closedForms';
import type { ParamGroup, RatioForm, TorchScheduler } from './core';
import { ProductForm } from './ratioForms';

/** `step()` of SequentialLR/ChainedScheduler takes no epoch: SequentialLR's switch raises on them. */
function noEpochArgument(cls: string): PythonRuntimeError {
  return new PythonRuntimeError(
    'TypeError',
    `${cls}.step() takes 1 positional argument but 2 were given ` +
      `(in PyTorch 1.13 a SequentialLR calls step(0) on the scheduler it switches to, which ${cls} does not accept)`,
  );
}

/**
 * What SequentialLR and ChainedScheduler share: children built on one group, a step counter, and a
 * `step()` that takes no epoch.
 */
abstract class CompositeScheduler implements TorchScheduler {
  abstract lastEpoch: number;
  constructor(
    protected readonly group: ParamGroup,
    protected readonly children: readonly TorchScheduler[],
    /** The Python class name, for the TypeError of `step(0)`. */
    private readonly pythonName: string,
  ) {}
  abstract step(): void;
  abstract run(out: Float64Array, from: number, to: number): void;
  abstract closedForm(lrBefore: number): ClosedForm | null;
  abstract ratioForm(): RatioForm | null;
  stepEpoch(): void {
    throw noEpochArgument(this.pythonName);
  }
  initialStep(): void {
    this.step();
  }
  switchForm(): ClosedForm {
    return new RaisingForm(noEpochArgument(this.pythonName));
  }
  save(out: number[]): void {
    out.push(this.lastEpoch);
    for (const c of this.children) c.save(out);
  }
  restore(state: StepperState, at: number): number {
    this.lastEpoch = state[at];
    let i = at + 1;
    for (const c of this.children) i = c.restore(state, i);
    return i;
  }
}

/** SequentialLR (1.13): never calls `LRScheduler.__init__`; resets the lr and re-runs child 0's initial step. */
export class SequentialLR extends CompositeScheduler {
  lastEpoch: number;
  /** Milestones in nondecreasing order: each child's turn is one range of epochs. */
  private readonly sorted: boolean;

  constructor(
    group: ParamGroup,
    children: readonly TorchScheduler[],
    private readonly milestones: Float64Array,
  ) {
    super(group, children, 'SequentialLR');
    this.sorted = milestones.every((m, k) => k === 0 || milestones[k - 1] <= m);
    this.lastEpoch = -1 + 1;
    group.lr = group.initialLr;
    for (const c of children) {
      if (c instanceof ChainedScheduler) {
        throw new PythonRuntimeError('AttributeError', "'ChainedScheduler' object has no attribute 'last_epoch'");
      }
      c.lastEpoch -= 1;
    }
    children[0].initialStep();
  }
  step(): void {
    this.lastEpoch += 1;
    const le = this.lastEpoch;
    const idx = bisectRight(this.milestones, le);
    const scheduler = this.children[idx];
    if (idx > 0 && this.milestones[idx - 1] === le) scheduler.stepEpoch(0);
    else scheduler.step();
  }
  /** Between two milestones every step goes to one child: its own loop runs that range. */
  run(out: Float64Array, from: number, to: number): void {
    const m = this.milestones;
    for (let i = from; i < to; ) {
      const le = this.lastEpoch + 1;
      const idx = bisectRight(m, le);
      if (!this.sorted || (idx > 0 && m[idx - 1] === le)) {
        out[i++] = this.group.lr;
        this.step();
        continue;
      }
      const n = Math.min(to - i, idx < m.length ? m[idx] - le : Infinity);
      const child = this.children[idx];
      const childEpoch = child.lastEpoch;
      try {
        child.run(out, i, i + n);
      } finally {
        // One epoch per step the child took (the failing one included).
        this.lastEpoch += child.lastEpoch - childEpoch;
      }
      i += n;
    }
  }
  /**
   * Child 0 from the reset lr, then each child's switch form from its milestone. Unsorted
   * milestones or milestones below 1 make bisect send steps to the children in another pattern, and
   * a SequentialLR as child 0 skips a step of its own first child: no closed form there.
   */
  closedForm(): ClosedForm | null {
    const m = this.milestones;
    if (!this.sorted || (m.length > 0 && m[0] < 1) || this.children[0] instanceof SequentialLR) return null;
    const forms: (ClosedForm | null)[] = [];
    for (let k = 0; k < this.children.length; k++) {
      const child = this.children[k];
      if (k > 0 && k < m.length && m[k] === m[k - 1]) {
        forms.push(null); // never stepped
        continue;
      }
      const form = k === 0 ? child.closedForm(this.group.initialLr) : child.switchForm();
      if (form === null) return null;
      forms.push(form);
    }
    return new SequentialForm(m, forms);
  }
  ratioForm(): null {
    return null;
  }
}

/** ChainedScheduler (1.13): no constructor step, no `last_epoch`; `step()` steps every child in order. */
export class ChainedScheduler extends CompositeScheduler {
  /**
   * PyTorch's ChainedScheduler has no `last_epoch` (SequentialLR refuses it before reading one):
   * here it counts `step()` calls, as {@link TorchScheduler.run} requires.
   */
  lastEpoch = 0;
  constructor(group: ParamGroup, children: readonly TorchScheduler[]) {
    super(group, children, 'ChainedScheduler');
  }
  step(): void {
    this.lastEpoch++;
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) cs[i].step();
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  /**
   * One child: its own closed form. More: the product of the children's factors where every child is
   * a chainable decay; `null` where one is not (its step overwrites the lr or adds to it).
   */
  closedForm(lrBefore: number): ClosedForm | null {
    return this.children.length === 1 ? this.children[0].closedForm(lrBefore) : this.productFrom(lrBefore);
  }
  private productFrom(lrBefore: number): RatioForm | null {
    const factors: RatioForm[] = [];
    for (const c of this.children) {
      const f = c.ratioForm();
      if (f === null) return null;
      factors.push(f);
    }
    return new ProductForm(lrBefore, factors);
  }
  ratioForm(): RatioForm | null {
    return this.productFrom(1);
  }
}
