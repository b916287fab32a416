/**
 * `get_reduce_on_plateau_schedule`: torch's ReduceLROnPlateau with the scheduler_specific_kwargs, built
 * as a torch child, so that its steps, and its saved state (save/restore), are torch's own.
 */
import type { CreateContext, Stepper } from '../types';

export function reduceLrOnPlateau(p: Record<string, unknown>, ctx: CreateContext): Stepper {
  return ctx.createChild(
    {
      scheduler: 'torch.ReduceLROnPlateau',
      params: {
        lr: p.lr,
        mode: p.mode,
        factor: p.factor,
        patience: p.patience,
        threshold: p.threshold,
        threshold_mode: p.threshold_mode,
        cooldown: p.cooldown,
        min_lr: p.min_lr,
        eps: p.eps,
      },
    },
    ctx.path,
  );
}
