/**
 * timm's PlateauLRScheduler: torch's ReduceLROnPlateau (a torch child) with timm's warmup and noise.
 * `result[i]` is the lr after construction and then after `step(i + 1, metrics[i])`.
 */
import type { CreateContext, Stepper, StepperState } from '../types';
import { Noise } from './noise';
import { num } from './params';

/**
 * PlateauLRScheduler as train.py drives it: the lr after construction, then `step(i + 1, metric)`.
 * Epochs 1..warmup_t (inclusive) set the warmup lr without stepping the plateau logic; later epochs
 * step torch's ReduceLROnPlateau on the un-noised lr (timm restores it), then add noise.
 */
export class PlateauStepper implements Stepper {
  private epoch = 0;
  private current: number;
  private readonly warmupT: number;
  private readonly warmupInit: number;
  private readonly warmupStep: number;
  private readonly noise: Noise;
  private readonly rlrop: Stepper;

  constructor(p: Record<string, unknown>, ctx: CreateContext) {
    const b = num(p.lr);
    this.warmupT = num(p.warmup_t);
    this.warmupInit = num(p.warmup_lr_init);
    this.warmupStep = this.warmupT ? (b - this.warmupInit) / this.warmupT : 1;
    this.noise = new Noise(p);
    this.current = this.warmupT ? this.warmupInit : b;
    // The lr the plateau logic first sees: the last warmup value (or the base lr without warmup).
    const start = this.warmupT ? this.warmupInit + this.warmupT * this.warmupStep : b;
    this.rlrop = ctx.createChild(
      {
        scheduler: 'torch.ReduceLROnPlateau',
        params: {
          lr: start,
          mode: p.mode,
          factor: p.decay_rate,
          patience: p.patience_t,
          threshold: p.threshold,
          threshold_mode: 'rel',
          cooldown: p.cooldown_t,
          min_lr: p.lr_min,
          eps: 1e-8,
        },
      },
      ctx.path,
    );
  }

  lr(): number {
    return this.current;
  }

  step(metric?: number): void {
    const epoch = ++this.epoch;
    if (epoch <= this.warmupT) {
      this.current = this.warmupInit + epoch * this.warmupStep;
      return;
    }
    this.rlrop.step(metric);
    this.current = this.noise.apply(this.rlrop.lr(), epoch);
  }

  fill(out: Float64Array, from: number, to: number, metrics?: ArrayLike<number>): number {
    let i = from;
    for (; metrics && i < to && typeof metrics[i] === 'number'; i++) {
      out[i] = this.current;
      this.step(metrics[i]);
    }
    return i; // a missing metric: the canonical loop raises there as torch does
  }

  /** The epoch, the lr in force, then ReduceLROnPlateau's state; warmup and noise are functions of the epoch. */
  save(): StepperState {
    return [this.epoch, this.current, ...this.plateauLogic().save()];
  }

  restore(state: StepperState): void {
    this.epoch = state[0];
    this.current = state[1];
    this.plateauLogic().restore(state.slice(2));
  }

  private plateauLogic(): Required<Pick<Stepper, 'save' | 'restore'>> {
    const { save, restore } = this.rlrop;
    if (!save || !restore) throw new Error('torch.ReduceLROnPlateau has no saveable state');
    return { save: () => save.call(this.rlrop), restore: (s) => restore.call(this.rlrop, s) };
  }
}
