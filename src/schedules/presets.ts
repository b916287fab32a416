/**
 * Named presets: the configurations of the documents the project grew from (the Paddle 2.0
 * learning-rate tutorial, its custom CLR and Adjust_lr, PaddleOCR's Cosine, the torch notes'
 * CycleGAN schedule) and the schedules every practitioner knows (1cycle, SGDR, Noam, WSD, warmup +
 * cosine, the ImageNet StepLR).
 */
import type { ScheduleSpec, Stepping } from './types';

export interface Preset {
  /** Stable id (used in links). */
  id: string;
  name: string;
  /** One or two sentences: what it is, where the numbers come from. */
  description: string;
  /** Where it comes from: a document, a paper, a codebase. */
  source: string;
  spec: ScheduleSpec;
  /** Optimizer updates worth showing. */
  suggestedSteps?: number;
  stepsPerEpoch?: number;
  /** `epoch`: the scheduler is stepped once per epoch (its value held over the epoch's iterations). */
  stepping?: Stepping;
}

const TUTORIAL = 'PaddlePaddle 2.0 tutorial "Learning rates in Paddle 2.0" (paddle.optimizer.lr, insect classifier)';
/** 7,939 training images at batch size 64. */
const TUTORIAL_ITERS = 125;
const TUTORIAL_EPOCHS = 50;
const TUTORIAL_NOTE =
  'The tutorial shows the signature only; learning_rate 0.1 over 50 epochs of 125 iterations (7,939 images, batch 64) and the other values are our choices.';

/** One of the tutorial's scheduler runs, stepped once per epoch. */
function tutorial(name: string, params: Record<string, unknown>, result: string, extra = ''): Preset {
  return {
    id: `paddle-tutorial-${name.toLowerCase()}`,
    name: `${name} (Paddle tutorial)`,
    description: `paddle.optimizer.lr.${name} as compared in the Paddle 2.0 tutorial, which reports ${result}. ${extra}${TUTORIAL_NOTE}`,
    source: TUTORIAL,
    spec: { scheduler: `paddle.${name}`, params },
    suggestedSteps: TUTORIAL_EPOCHS * TUTORIAL_ITERS,
    stepsPerEpoch: TUTORIAL_ITERS,
    stepping: 'epoch',
  };
}

export const presets: Preset[] = [
  // ---- The Paddle 2.0 tutorial: one run per paddle.optimizer.lr scheduler -------------------
  tutorial('CosineAnnealingDecay', { learning_rate: 0.1, T_max: TUTORIAL_EPOCHS, eta_min: 0 }, 'test accuracy 0.9472 (4th of 14)'),
  tutorial('ExponentialDecay', { learning_rate: 0.1, gamma: 0.9 }, 'test accuracy 0.7686 (11th of 14)'),
  tutorial('InverseTimeDecay', { learning_rate: 0.1, gamma: 0.1 }, 'test accuracy 0.9183 (9th of 14)'),
  tutorial(
    'LambdaDecay',
    { learning_rate: 0.1, lr_lambda: 'lambda epoch: 0.95 ** epoch' },
    'test accuracy 0.8667 (10th of 14)',
    'The lambda is the tutorial\'s own (lambda epoch: 0.95 ** epoch). ',
  ),
  tutorial(
    'LinearWarmup',
    { learning_rate: 0.1, warmup_steps: 5, start_lr: 0.0, end_lr: 0.1 },
    'test accuracy 0.9563 (2nd of 14)',
    'Warmup over 5 epochs, then the constant 0.1. ',
  ),
  tutorial(
    'MultiStepDecay',
    { learning_rate: 0.1, milestones: [15, 30, 40], gamma: 0.1 },
    'test accuracy 0.6982 (13th of 14)',
  ),
  tutorial('NaturalExpDecay', { learning_rate: 0.1, gamma: 0.1 }, 'test accuracy 0.7379 (12th of 14)'),
  {
    id: 'paddle-tutorial-noamdecay',
    name: 'NoamDecay (Paddle tutorial)',
    description:
      'paddle.optimizer.lr.NoamDecay as compared in the Paddle 2.0 tutorial, which reports test accuracy 0.9490 (3rd of 14). Stepped per iteration, with the d_model = 0.01, warmup_steps = 100 of Paddle\'s documentation and learning_rate 0.1, so the peak at step 100 is 0.1. The tutorial shows the signature only; these values are our choices.',
    source: TUTORIAL,
    spec: { scheduler: 'paddle.NoamDecay', params: { d_model: 0.01, warmup_steps: 100, learning_rate: 0.1 } },
    suggestedSteps: TUTORIAL_EPOCHS * TUTORIAL_ITERS,
    stepsPerEpoch: TUTORIAL_ITERS,
    stepping: 'iteration',
  },
  tutorial(
    'PiecewiseDecay',
    { boundaries: [15, 30], values: [0.1, 0.01, 0.001] },
    'test accuracy 0.9416 (5th of 14)',
  ),
  tutorial(
    'PolynomialDecay',
    { learning_rate: 0.1, decay_steps: TUTORIAL_EPOCHS, end_lr: 0.0001, power: 1.0, cycle: false },
    'test accuracy 0.9325 (7th of 14)',
  ),
  tutorial(
    'ReduceOnPlateau',
    { learning_rate: 0.1 },
    'test accuracy 0.9365 (6th of 14)',
    "Paddle's defaults (factor 0.1, patience 10, rel threshold 1e-4), as in the tutorial's signature; it needs the validation loss after every epoch. ",
  ),
  tutorial('StepDecay', { learning_rate: 0.1, step_size: 10, gamma: 0.1 }, 'test accuracy 0.5315 (last of 14)'),
  {
    id: 'paddle-tutorial-clr',
    name: 'CLR, triangular (Paddle tutorial)',
    description:
      "The tutorial's own cyclical learning rate, Smith's triangular policy, the best of its 14 runs (test accuracy 0.9575). As paddle.CyclicLR with the reference implementation's defaults (base 0.001, max 0.006, step size 2000 iterations, up = down), stepped per iteration; the tutorial's own values are not given.",
    source: `${TUTORIAL}; L. N. Smith, Cyclical Learning Rates for Training Neural Networks (2017)`,
    spec: {
      scheduler: 'paddle.CyclicLR',
      params: { base_learning_rate: 0.001, max_learning_rate: 0.006, step_size_up: 2000, mode: 'triangular' },
    },
    suggestedSteps: 12000,
    stepsPerEpoch: TUTORIAL_ITERS,
    stepping: 'iteration',
  },
  {
    id: 'paddle-tutorial-adjust-lr',
    name: 'Adjust_lr: ×0.95 every 2 epochs (Paddle tutorial)',
    description:
      "The tutorial's custom LRScheduler: over 10 epochs the rate is multiplied by 0.95 every 2 epochs (test accuracy 0.9308), which is paddle.StepDecay(step_size=2, gamma=0.95), stepped per epoch. The starting rate 0.1 is our choice.",
    source: TUTORIAL,
    spec: { scheduler: 'paddle.StepDecay', params: { learning_rate: 0.1, step_size: 2, gamma: 0.95 } },
    suggestedSteps: 10 * TUTORIAL_ITERS,
    stepsPerEpoch: TUTORIAL_ITERS,
    stepping: 'epoch',
  },

  // ---- PaddleOCR -------------------------------------------------------------------------------
  {
    id: 'paddleocr-cosine-warmup',
    name: 'PaddleOCR Cosine, 2 warmup epochs',
    description:
      "PaddleOCR's Cosine with learning_rate 0.1, 20 epochs of 100 iterations and warmup_epoch 2, stepped per iteration: 200 warmup iterations from 0, then a cosine that keeps the full 2,000-iteration period (it ends above 0).",
    source: 'PaddleOCR ppocr/optimizer/learning_rate.py, build_lr_scheduler',
    spec: { scheduler: 'paddleocr.Cosine', params: { learning_rate: 0.1, step_each_epoch: 100, epochs: 20, warmup_epoch: 2 } },
    suggestedSteps: 2000,
    stepsPerEpoch: 100,
    stepping: 'iteration',
  },
  {
    id: 'paddleocr-cosine',
    name: 'PaddleOCR Cosine, no warmup',
    description:
      "PaddleOCR's Cosine with learning_rate 0.1, 20 epochs of 100 iterations and no warmup: Paddle's recursive CosineAnnealingDecay with T_max = 2,000 iterations.",
    source: 'PaddleOCR ppocr/optimizer/learning_rate.py, build_lr_scheduler',
    spec: { scheduler: 'paddleocr.Cosine', params: { learning_rate: 0.1, step_each_epoch: 100, epochs: 20, warmup_epoch: 0 } },
    suggestedSteps: 2000,
    stepsPerEpoch: 100,
    stepping: 'iteration',
  },

  // ---- Schedules every practitioner knows -------------------------------------------------------
  {
    id: 'onecycle',
    name: '1cycle (PyTorch OneCycleLR)',
    description:
      'Super-convergence: warm up from max_lr/25 to max_lr = 0.1 over 30% of the steps, then cosine down to max_lr/25/10^4. 10 epochs of 100 iterations, stepped per iteration.',
    source: 'L. N. Smith and N. Topin, Super-Convergence (2017); torch.optim.lr_scheduler.OneCycleLR',
    spec: { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, epochs: 10, steps_per_epoch: 100 } },
    suggestedSteps: 1000,
    stepsPerEpoch: 100,
    stepping: 'iteration',
  },
  {
    id: 'sgdr',
    name: 'SGDR: warm restarts, T_0 = 10, T_mult = 2',
    description:
      'Cosine annealing with warm restarts after 10, 30, 70 and 150 epochs (each cycle twice as long), the setting of the SGDR paper, stepped per epoch.',
    source: 'I. Loshchilov and F. Hutter, SGDR (2017); torch.optim.lr_scheduler.CosineAnnealingWarmRestarts',
    spec: { scheduler: 'torch.CosineAnnealingWarmRestarts', params: { lr: 0.1, T_0: 10, T_mult: 2, eta_min: 0 } },
    suggestedSteps: 150 * 100,
    stepsPerEpoch: 100,
    stepping: 'epoch',
  },
  {
    id: 'noam',
    name: 'Noam (Transformer, d_model 512, 4000 warmup)',
    description:
      'The "Attention Is All You Need" schedule: linear warmup over 4,000 steps to 512^-0.5 · 4000^-0.5 ≈ 7e-4, then decay as 1/sqrt(step); 100,000 steps as for the base Transformer.',
    source: 'A. Vaswani et al., Attention Is All You Need (2017); paddle.optimizer.lr.NoamDecay',
    spec: { scheduler: 'paddle.NoamDecay', params: { d_model: 512, warmup_steps: 4000, learning_rate: 1.0 } },
    suggestedSteps: 100_000,
    stepping: 'iteration',
  },
  {
    id: 'wsd',
    name: 'Warmup–stable–decay (WSD)',
    description:
      'Linear warmup over 10% of the run, a long stable phase at the peak, and a cosine decay to 0 over the last 20%: the trapezoidal schedule of recent LLM pre-training.',
    source: 'transformers.get_wsd_schedule',
    spec: {
      scheduler: 'hf.warmup_stable_decay',
      params: { lr: 3e-4, num_warmup_steps: 1000, num_decay_steps: 2000, num_training_steps: 10_000 },
    },
    suggestedSteps: 10_000,
    stepping: 'iteration',
  },
  {
    id: 'cyclegan-linear-decay',
    name: 'CycleGAN: constant, then linear to 0',
    description:
      "CycleGAN's LambdaLR: lr 0.0002 for 100 epochs, then linear decay to 0 over 100 more (n_epochs = n_epochs_decay = 100, epoch_count = 1), stepped per epoch.",
    source: 'pytorch-CycleGAN-and-pix2pix, models/networks.py get_scheduler (lr_policy linear)',
    spec: {
      scheduler: 'torch.LambdaLR',
      params: { lr: 0.0002, lr_lambda: 'lambda epoch: 1.0 - max(0, epoch + 1 - 100) / float(100 + 1)' },
    },
    suggestedSteps: 200 * 100,
    stepsPerEpoch: 100,
    stepping: 'epoch',
  },
  {
    id: 'warmup-cosine',
    name: 'Linear warmup + cosine (Hugging Face)',
    description:
      'The fine-tuning default of transformers: linear warmup from 0 over 500 updates to 5e-5, then a half cosine to 0 at update 10,000.',
    source: 'transformers.get_cosine_schedule_with_warmup',
    spec: { scheduler: 'hf.cosine', params: { lr: 5e-5, num_warmup_steps: 500, num_training_steps: 10_000 } },
    suggestedSteps: 10_000,
    stepping: 'iteration',
  },
  {
    id: 'bert-linear',
    name: 'BERT pre-training: warmup + linear decay',
    description: 'BERT\'s schedule: lr 1e-4, linear warmup over the first 10,000 of 1,000,000 steps, then linear decay to 0.',
    source: 'J. Devlin et al., BERT (2019); transformers.get_linear_schedule_with_warmup',
    spec: { scheduler: 'hf.linear', params: { lr: 1e-4, num_warmup_steps: 10_000, num_training_steps: 1_000_000 } },
    suggestedSteps: 1_000_000,
    stepping: 'iteration',
  },
  {
    id: 'imagenet-steplr',
    name: 'ImageNet ResNet: StepLR(30, 0.1)',
    description:
      'The classic ImageNet recipe of the PyTorch examples: lr 0.1 divided by 10 every 30 epochs, 90 epochs of 5,005 iterations (batch 256), stepped per epoch.',
    source: 'pytorch/examples imagenet/main.py; K. He et al., Deep Residual Learning (2016)',
    spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 30, gamma: 0.1 } },
    suggestedSteps: 90 * 5005,
    stepsPerEpoch: 5005,
    stepping: 'epoch',
  },
  {
    id: 'timm-cosine-warmup',
    name: 'timm ImageNet: cosine with 5 warmup epochs',
    description:
      "timm's ImageNet training default shape: 5 warmup epochs from 1e-6, then cosine over 300 epochs down to lr_min 1e-5 (the DeiT recipe, lr 5e-4 at batch 512), stepped per epoch.",
    source: 'timm train.py / scheduler.CosineLRScheduler; H. Touvron et al., DeiT (2021)',
    spec: {
      scheduler: 'timm.CosineLRScheduler',
      params: { lr: 5e-4, t_initial: 300, lr_min: 1e-5, warmup_t: 5, warmup_lr_init: 1e-6 },
    },
    suggestedSteps: 300 * 2502,
    stepsPerEpoch: 2502,
    stepping: 'epoch',
  },
];
