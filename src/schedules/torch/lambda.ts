/** The schedulers over a user lambda: LambdaLR (closed form by construction) and MultiplicativeLR (recursive). */
import type { ClosedForm } from '../types';
import { LambdaLRForm } from './closedForms';
import { LRScheduler, mulLr, type ParamGroup } from './core';

type Fn = (x: number) => number;

/** LambdaLR: `base_lr * lmbda(last_epoch)`. */
export class LambdaLR extends LRScheduler {
  constructor(
    group: ParamGroup,
    private readonly fn: Fn,
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
    return this.baseLr * this.fn(this.lastEpoch);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  closedForm(): ClosedForm {
    return new LambdaLRForm(this.baseLr, this.fn);
  }
}

/** MultiplicativeLR: `lr * lmbda(last_epoch)` once `last_epoch > 0`. lr·λ(1)·…·λ(t) has no closed form. */
export class MultiplicativeLR extends LRScheduler {
  private readonly memo = new Float64Array(3);
  constructor(
    group: ParamGroup,
    private readonly fn: Fn,
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
    return le > 0 ? mulLr(this.group.lr, this.fn(le), this.memo) : this.group.lr;
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  closedForm(): null {
    return null;
  }
}
