/**
 * Classes whose members take the same arguments under other names: plateau, user lambdas, and
 * the inverse square root (Noam).
 */
import { defineClass, num, type EquivalenceMember, type Params } from './types';

/**
 * A member whose params are canonical fields renamed (canonical name → member name). `fixed`: member
 * params it must have (and gets); `implied`: canonical fields the member fixes (and requires).
 */
function renamed<C extends Record<string, unknown>>(
  id: string,
  names: Partial<Record<keyof C & string, string>>,
  fixed: Params = {},
  implied: Partial<C> = {},
): EquivalenceMember<C> {
  const pairs = Object.entries(names) as [string, string][];
  const all = (want: Params, have: Params) => Object.entries(want).every(([k, v]) => have[k] === v);
  return {
    id,
    toCanonical: (p) => (all(fixed, p) ? ({ ...implied, ...Object.fromEntries(pairs.map(([c, m]) => [c, p[m]])) } as C) : null),
    fromCanonical: (c) => {
      const out = { ...fixed, ...Object.fromEntries(pairs.map(([k, m]) => [m, c[k]])) };
      return all(implied, c) && all(fixed, out) ? out : null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reduce on plateau

/** PyTorch's argument names, which are the canonical ones (the values are passed through as they are). */
const TORCH_PLATEAU = {
  lr: 'lr',
  mode: 'mode',
  factor: 'factor',
  patience: 'patience',
  threshold: 'threshold',
  threshold_mode: 'threshold_mode',
  cooldown: 'cooldown',
  min_lr: 'min_lr',
  eps: 'eps',
};

type Plateau = Record<keyof typeof TORCH_PLATEAU, unknown>;

export const plateauClass = defineClass<Plateau>({
  name: 'reduce on plateau',
  note:
    'The same reductions for the same metrics: PyTorch ReduceLROnPlateau, which HF and timm (no warmup or noise; ' +
    "threshold_mode 'rel', eps 1e-8) wrap. Paddle only without cooldown (it ignores metrics during a cooldown); its " +
    "'rel' threshold best − best·threshold can differ from best·(1 − threshold) in the last bit, so a metric within " +
    'an ulp of it may count differently.',
  members: [
    renamed<Plateau>('torch.ReduceLROnPlateau', TORCH_PLATEAU),
    renamed<Plateau>('hf.reduce_lr_on_plateau', TORCH_PLATEAU),
    // timm fixes threshold_mode and eps of the PyTorch scheduler it wraps.
    renamed<Plateau>(
      'timm.PlateauLRScheduler',
      { lr: 'lr', mode: 'mode', factor: 'decay_rate', patience: 'patience_t', threshold: 'threshold', cooldown: 'cooldown_t', min_lr: 'lr_min' },
      { warmup_t: 0, noise_range_t: null },
      { threshold_mode: 'rel', eps: 1e-8 },
    ),
    renamed<Plateau>('paddle.ReduceOnPlateau', { ...TORCH_PLATEAU, lr: 'learning_rate', eps: 'epsilon' }, { cooldown: 0 }),
  ],
});

// ---------------------------------------------------------------------------------------------
// User lambdas

interface Lambda extends Params {
  lr: number;
  lambda: string;
}

/** PyTorch's and Paddle's scheduler over the same lambda. */
const lambdaPair = (name: string, note: string, torch: string, paddle: string) =>
  defineClass<Lambda>({
    name,
    note,
    members: [
      renamed<Lambda>(torch, { lr: 'lr', lambda: 'lr_lambda' }),
      renamed<Lambda>(paddle, { lr: 'learning_rate', lambda: 'lr_lambda' }),
    ],
  });

export const lambdaClass = lambdaPair('lambda', 'lr·λ(t) with the same Python lambda.', 'torch.LambdaLR', 'paddle.LambdaDecay');

export const multiplicativeClass = lambdaPair(
  'multiplicative lambda',
  'lr·λ(1)·…·λ(t) with the same Python lambda (λ(0) unused), multiplied in the same order.',
  'torch.MultiplicativeLR',
  'paddle.MultiplicativeDecay',
);

// ---------------------------------------------------------------------------------------------
// Inverse square root (Noam)

interface InverseSqrt {
  /** The rate at the end of the warmup. */
  peak: number;
  W: number;
}

export const inverseSqrtClass = defineClass<InverseSqrt>({
  name: 'inverse square root (Noam)',
  note:
    'peak·t/W up to t = W, then peak·sqrt(W/t), 0 at t = 0: Paddle’s peak is learning_rate·(d_model·W)^−0.5 ' +
    '(translated with learning_rate 1); HF only with timescale None or W, and W >= 1.',
  members: [
    {
      id: 'paddle.NoamDecay',
      toCanonical: (p) => {
        const W = num(p, 'warmup_steps');
        return { peak: num(p, 'learning_rate') * (num(p, 'd_model') * W) ** -0.5, W };
      },
      fromCanonical: (c) => ({ d_model: 1 / (c.peak * c.peak * c.W), warmup_steps: c.W, learning_rate: 1 }),
    },
    {
      id: 'hf.inverse_sqrt',
      toCanonical: (p) => {
        const W = num(p, 'num_warmup_steps');
        return W >= 1 && (p.timescale === null || p.timescale === W) ? { peak: num(p, 'lr'), W } : null;
      },
      fromCanonical: (c) => ({ lr: c.peak, num_warmup_steps: c.W, timescale: null }),
    },
  ],
});
