/**
 * The "Experiments" gallery: each experiment of the documents the project grew from (see
 * ../shared/reference/seeds.md), as one studio document: its schedules with their own stepping,
 * parameters and metric, the horizon it ran on, and a training setup whose updates per epoch and
 * epochs are that horizon, so the lab trains exactly the curves the studio shows.
 */
import { presets } from '../schedules/presets';
import type { MetricSource } from '../curves';
import type { ScheduleSpec, Stepping } from '../schedules';
import { stepsPerEpochOf, type OptimizerKind, type TrainingSetup } from '../training/setup';
import { PALETTE } from './palette';
import { DEFAULT_SETTINGS, type ScheduleEntry, type StudioDocument, type StudioSettings } from './studio';
import { DEFAULT_TRAINING_SETUP } from './trainingSetup';

export interface ExperimentSchedule {
  name: string;
  spec: ScheduleSpec;
  stepping: Stepping;
  metric?: MetricSource;
  /** The run's own optimizer, where the experiment compares optimizers (else the setup's). */
  optimizer?: OptimizerKind;
  /** What the source document reports for this run (shown next to the lab's own result). */
  reported?: string;
}

export interface Experiment {
  id: string;
  title: string;
  /** One line: where it comes from and what it shows. */
  summary: string;
  source: string;
  schedules: ExperimentSchedule[];
  /** Epochs of the run; the horizon is `epochs` × the setup's updates per epoch. */
  epochs: number;
  /** What the lab changes from its defaults (model, optimizer, batch size, examples). */
  training: Partial<TrainingSetup>;
  xAxis?: StudioSettings['xAxis'];
  yScale?: StudioSettings['yScale'];
}

function fromPreset(id: string, extra: Partial<ExperimentSchedule> = {}): ExperimentSchedule {
  const p = presets.find((x) => x.id === id);
  if (!p) throw new Error(`experiments: no preset ${id}`);
  return { name: p.name, spec: structuredClone(p.spec), stepping: p.stepping ?? 'iteration', ...extra };
}

const constantLr = (lr: number): ScheduleSpec => ({ scheduler: 'hf.constant', params: { lr } });

/** The Paddle tutorial's test accuracies, by preset id (seeds.md, document 1). */
const TUTORIAL_RESULTS: [string, string][] = [
  ['paddle-tutorial-clr', '0.9575 (1st)'],
  ['paddle-tutorial-linearwarmup', '0.9563 (2nd)'],
  ['paddle-tutorial-noamdecay', '0.9490 (3rd)'],
  ['paddle-tutorial-cosineannealingdecay', '0.9472 (4th)'],
  ['paddle-tutorial-piecewisedecay', '0.9416 (5th)'],
  ['paddle-tutorial-reduceonplateau', '0.9365 (6th)'],
  ['paddle-tutorial-polynomialdecay', '0.9325 (7th)'],
  ['paddle-tutorial-adjust-lr', '0.9308 (8th)'],
  ['paddle-tutorial-inversetimedecay', '0.9183 (9th)'],
  ['paddle-tutorial-lambdadecay', '0.8667 (10th)'],
  ['paddle-tutorial-exponentialdecay', '0.7686 (11th)'],
  ['paddle-tutorial-naturalexpdecay', '0.7379 (12th)'],
  ['paddle-tutorial-multistepdecay', '0.6982 (13th)'],
  ['paddle-tutorial-stepdecay', '0.5315 (14th)'],
];

export const EXPERIMENTS: readonly Experiment[] = [
  {
    id: 'paddle-tutorial',
    title: 'Paddle 2.0 tutorial: one model per scheduler',
    summary:
      'The tutorial "Learning rates in Paddle 2.0" trained one classifier per paddle.optimizer.lr scheduler (plus its own CLR and Adjust_lr) with Momentum and ranked them by test accuracy; here on MNIST, 50 epochs of 125 updates, with the tutorial\'s accuracies beside ours.',
    source: 'seeds.md, document 1',
    schedules: TUTORIAL_RESULTS.map(([id, reported]) => fromPreset(id, { reported: `tutorial: ${reported}` })),
    epochs: 50,
    training: { optimizer: 'momentum', batchSize: 64, trainExamples: 8000, evalInterval: 250 },
  },
  {
    id: 'mnist-learning-rates',
    title: 'MNIST: SGD at lr 0.1, 0.01 and 0.001',
    summary:
      'The Paddle course notes trained MNIST with SGD at 0.01 as the baseline and 0.1 and 0.001 to compare, 5 epochs: too small a rate converges slowly, too large a rate oscillates.',
    source: 'seeds.md, document 5',
    schedules: [0.1, 0.01, 0.001].map((lr) => ({ name: `SGD lr ${lr}`, spec: constantLr(lr), stepping: 'iteration' as const })),
    epochs: 5,
    training: { optimizer: 'sgd', batchSize: 64, trainExamples: 8000, evalInterval: 100 },
    yScale: 'log',
  },
  {
    id: 'optimizers',
    title: 'Optimizers: SGD, Momentum, Adagrad, Adam',
    summary:
      'The same notes compared the optimizers SGD, Momentum, Adagrad and Adam on MNIST; here each run has its own optimizer at lr 0.01, from the same initial weights and batch order, 5 epochs.',
    source: 'seeds.md, document 5',
    schedules: (['sgd', 'momentum', 'adagrad', 'adam'] as const).map((optimizer) => ({
      name: { sgd: 'SGD', momentum: 'Momentum', adagrad: 'Adagrad', adam: 'Adam' }[optimizer],
      spec: constantLr(0.01),
      stepping: 'iteration' as const,
      optimizer,
    })),
    epochs: 5,
    training: { optimizer: 'sgd', batchSize: 64, trainExamples: 8000, evalInterval: 100 },
  },
  {
    id: 'pytorch-docs-tables',
    title: 'PyTorch docs tables',
    summary:
      'The torch.optim.lr_scheduler notes printed each scheduler\'s lr per epoch from lr 0.1: LambdaLR 1/(epoch+1), StepLR(3, 0.1), MultiStepLR([3, 7], 0.1), ExponentialLR(0.1), and ReduceLROnPlateau(factor 0.1, patience 2) fed a constant metric (0.1 ×4, 0.01 ×3, ...); all stepped once per epoch, 14 epochs.',
    source: 'seeds.md, document 4',
    schedules: [
      { name: 'LambdaLR 1/(epoch+1)', spec: { scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda epoch: 1 / (epoch + 1)' } }, stepping: 'epoch' },
      { name: 'StepLR(3, 0.1)', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3, gamma: 0.1 } }, stepping: 'epoch' },
      { name: 'MultiStepLR([3, 7], 0.1)', spec: { scheduler: 'torch.MultiStepLR', params: { lr: 0.1, milestones: [3, 7], gamma: 0.1 } }, stepping: 'epoch' },
      { name: 'ExponentialLR(0.1)', spec: { scheduler: 'torch.ExponentialLR', params: { lr: 0.1, gamma: 0.1 } }, stepping: 'epoch' },
      {
        name: 'ReduceLROnPlateau, constant metric',
        spec: { scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, mode: 'min', factor: 0.1, patience: 2 } },
        stepping: 'epoch',
        metric: { kind: 'constant', value: 1 },
      },
    ],
    epochs: 14,
    // 1,024 examples at batch 64: 16 updates per epoch, so 14 epochs train in seconds.
    training: { optimizer: 'sgd', batchSize: 64, trainExamples: 1024, evalInterval: 16 },
    xAxis: 'epoch',
    yScale: 'log',
  },
  {
    id: 'paddleocr-cosine-warmup',
    title: 'PaddleOCR Cosine, warmup_epoch 0 and 2',
    summary:
      "PaddleOCR's note built Cosine with learning_rate 0.1 over 20 epochs of 100 iterations, stepped per iteration, with warmup_epoch 0 and 2: the warmup shifts the cosine, which then never reaches 0.",
    source: 'seeds.md, document 3',
    schedules: [fromPreset('paddleocr-cosine'), fromPreset('paddleocr-cosine-warmup')],
    epochs: 20,
    // 6,400 examples at batch 64: the note's 100 iterations per epoch.
    training: { optimizer: 'momentum', batchSize: 64, trainExamples: 6400, evalInterval: 100 },
  },
  {
    id: 'cyclegan-linear-decay',
    title: 'CycleGAN: constant, then linear decay',
    summary:
      "The torch notes' CycleGAN schedule, a LambdaLR: lr 0.0002 for 100 epochs, then linear to 0 over 100 more, with CycleGAN's Adam (beta1 0.5), next to the same rate held constant.",
    source: 'seeds.md, document 4',
    schedules: [
      fromPreset('cyclegan-linear-decay'),
      { name: 'Constant 0.0002 (no decay)', spec: constantLr(0.0002), stepping: 'epoch' },
    ],
    epochs: 200,
    // 640 examples at batch 64: 10 updates per epoch, 2,000 in all.
    training: {
      optimizer: 'adam',
      optimizerParams: { ...DEFAULT_TRAINING_SETUP.optimizerParams, adam: { beta1: 0.5, beta2: 0.999, epsilon: 1e-7 } },
      batchSize: 64,
      trainExamples: 640,
      evalInterval: 100,
    },
  },
];

export function getExperiment(id: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** The training setup of an experiment: the lab's defaults with the experiment's changes. */
export function experimentTraining(x: Experiment): TrainingSetup {
  return { ...structuredClone(DEFAULT_TRAINING_SETUP), ...structuredClone(x.training), epochs: x.epochs };
}

/** The experiment as a studio document: its schedules, a horizon equal to the lab's run, its training setup. */
export function experimentDocument(x: Experiment, newId: () => string): StudioDocument {
  const training = experimentTraining(x);
  const stepsPerEpoch = stepsPerEpochOf(training, training.trainExamples);
  const schedules: ScheduleEntry[] = x.schedules.map((s, i) => ({
    id: newId(),
    name: s.name,
    color: PALETTE[i % PALETTE.length],
    visible: true,
    spec: structuredClone(s.spec),
    stepping: s.stepping,
    ...(s.metric ? { metric: structuredClone(s.metric) } : {}),
    // Its own optimizer, with the setup's hyperparameters for that kind.
    ...(s.optimizer ? { run: { optimizer: s.optimizer, optimizerParams: structuredClone(training.optimizerParams) } } : {}),
    ...(s.reported ? { reported: s.reported } : {}),
  }));
  const settings: StudioSettings = {
    ...DEFAULT_SETTINGS,
    totalSteps: x.epochs * stepsPerEpoch,
    stepsPerEpoch,
    xAxis: x.xAxis ?? DEFAULT_SETTINGS.xAxis,
    yScale: x.yScale ?? DEFAULT_SETTINGS.yScale,
  };
  return { schedules, settings, selectedId: schedules[0]?.id ?? null, training };
}
