/**
 * Code export: one golden snippet per framework (PyTorch, Paddle, PaddleOCR, Keras, Optax,
 * Transformers, timm), children and lambdas, epoch stepping (the literals: pyliteral.test.ts). The
 * PyTorch snippets are also run for real against PyTorch 1.13 by tools/check-codegen-torch.ts (not
 * in CI).
 */
import { describe, expect, test } from 'vitest';
import { generateCode, generateCodeForAll, type CodegenOptions } from '../../src/schedules/codegen';
import { schedulers, type ScheduleSpec } from '../../src/schedules';

const iter: CodegenOptions = { totalSteps: 1000, stepsPerEpoch: 100, stepping: 'iteration' };
const epoch: CodegenOptions = { totalSteps: 1000, stepsPerEpoch: 100, stepping: 'epoch' };

describe('golden snippets, one per framework', () => {
  test('PyTorch: optimizer, scheduler (defaults left out), the loop', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300, gamma: 0.5 } };
    expect(generateCode(spec, iter)).toBe(`import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(10, 2)  # your model
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = StepLR(optimizer, step_size=300, gamma=0.5)

lrs = []  # the learning rate of every optimizer update: the curve in the studio
for step in range(1000):
    lrs.append(optimizer.param_groups[0]["lr"])
    # forward pass and loss.backward() go here
    optimizer.step()
    scheduler.step()
`);
  });

  test('PyTorch SequentialLR: children built inline on the same optimizer, epoch stepping', () => {
    const spec: ScheduleSpec = {
      scheduler: 'torch.SequentialLR',
      params: {
        lr: 0.1,
        schedulers: [
          { scheduler: 'torch.LinearLR', params: { start_factor: 0.01, total_iters: 2 } },
          { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 8 } },
        ],
        milestones: [2],
      },
    };
    expect(generateCode(spec, epoch)).toBe(`import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

model = torch.nn.Linear(10, 2)  # your model
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = SequentialLR(
    optimizer,
    schedulers=[LinearLR(optimizer, start_factor=0.01, total_iters=2), CosineAnnealingLR(optimizer, T_max=8)],
    milestones=[2],
)

lrs = []  # the learning rate of every optimizer update: the curve in the studio
for epoch in range(10):
    for batch in range(100):  # the scheduler steps once per epoch
        lrs.append(optimizer.param_groups[0]["lr"])
        # forward pass and loss.backward() go here
        optimizer.step()
    scheduler.step()
`);
  });

  test('PyTorch ChainedScheduler takes its list positionally (1.13 signature)', () => {
    const code = generateCode(
      {
        scheduler: 'torch.ChainedScheduler',
        params: {
          lr: 0.1,
          schedulers: [
            { scheduler: 'torch.ConstantLR', params: { factor: 0.5, total_iters: 20 } },
            { scheduler: 'torch.ExponentialLR', params: { gamma: 0.99 } },
          ],
        },
      },
      iter,
    );
    expect(code).toContain(`scheduler = ChainedScheduler(
    [ConstantLR(optimizer, factor=0.5, total_iters=20), ExponentialLR(optimizer, gamma=0.99)],
)`);
  });

  test('PyTorch ReduceLROnPlateau steps on the validation metric', () => {
    const code = generateCode({ scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1, patience: 5 } }, iter);
    expect(code).toContain('scheduler = ReduceLROnPlateau(optimizer, patience=5)');
    // A marked placeholder list stands for the validation loss, so that the snippet runs as pasted.
    expect(code).toContain('# PLACEHOLDER: the metric after each scheduler step (1000 values).');
    expect(code).toContain('val_losses = [1.0] * 1000');
    expect(code).toContain('    optimizer.step()\n    scheduler.step(val_losses[step])\n');
    expect(code).not.toContain('validation_loss()');
    const studio = generateCode({ scheduler: 'torch.ReduceLROnPlateau', params: { lr: 0.1 } }, { ...iter, totalSteps: 3, metrics: [1, 0.5, 0.25] });
    expect(studio).toContain('val_losses = [\n    1.0, 0.5, 0.25,\n]  # the metrics the studio used');
  });

  test('a lambda using math gets import math; an integral T_max is written as an int', () => {
    const lambda = generateCode({ scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.5 * (1 + math.cos(math.pi * e / 50))' } }, iter);
    expect(lambda.split('\n').slice(0, 2)).toEqual(['import math', 'import torch']);
    const plain = generateCode({ scheduler: 'torch.LambdaLR', params: { lr: 0.1, lr_lambda: 'lambda e: 0.95 ** e' } }, iter);
    expect(plain).not.toContain('import math');
    const seq = generateCode(
      {
        scheduler: 'torch.SequentialLR',
        params: {
          lr: 0.1,
          schedulers: [
            { scheduler: 'torch.LinearLR', params: { start_factor: 0.1, total_iters: 5 } },
            { scheduler: 'torch.CosineAnnealingLR', params: { T_max: 95 } },
          ],
          milestones: [5],
        },
      },
      iter,
    );
    expect(seq).toContain('CosineAnnealingLR(optimizer, T_max=95)');
    expect(generateCode({ scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 7.5 } }, iter)).toContain('T_max=7.5');
  });

  test('Optax: an integral power or exponent is a Python int (integer_pow, as the engine computes it)', () => {
    const poly = generateCode({ scheduler: 'optax.polynomial_schedule', params: { init_value: 0.1, end_value: 0.001, power: 4, transition_steps: 100 } }, iter);
    expect(poly).toContain('power=4,');
    const cos = generateCode({ scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 100, exponent: 2 } }, iter);
    expect(cos).toContain('exponent=2)');
    expect(generateCode({ scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 100, exponent: 2.5 } }, iter)).toContain('exponent=2.5');
  });

  test('Paddle: LinearWarmup wrapping a child scheduler; the lambda pasted as written', () => {
    const spec: ScheduleSpec = {
      scheduler: 'paddle.LinearWarmup',
      params: {
        learning_rate: { scheduler: 'paddle.LambdaDecay', params: { learning_rate: 0.1, lr_lambda: 'lambda epoch: 0.95 ** epoch' } },
        warmup_steps: 100,
        start_lr: 0,
        end_lr: 0.1,
      },
    };
    expect(generateCode(spec, iter)).toBe(`import paddle
from paddle.optimizer.lr import LambdaDecay, LinearWarmup

model = paddle.nn.Linear(10, 2)  # your model
scheduler = LinearWarmup(
    learning_rate=LambdaDecay(learning_rate=0.1, lr_lambda=lambda epoch: 0.95 ** epoch),
    warmup_steps=100,
    start_lr=0.0,
    end_lr=0.1,
)
optimizer = paddle.optimizer.SGD(learning_rate=scheduler, parameters=model.parameters())

lrs = []  # the learning rate of every optimizer update: the curve in the studio
for step in range(1000):
    lrs.append(optimizer.get_lr())
    # forward pass and loss.backward() go here
    optimizer.step()
    optimizer.clear_grad()
    scheduler.step()
`);
  });

  test('PaddleOCR: the builder is called to get the paddle scheduler', () => {
    const spec: ScheduleSpec = {
      scheduler: 'paddleocr.Cosine',
      params: { learning_rate: 0.1, step_each_epoch: 100, epochs: 20, warmup_epoch: 2 },
    };
    expect(generateCode(spec, iter)).toBe(`import paddle
from ppocr.optimizer.learning_rate import Cosine

model = paddle.nn.Linear(10, 2)  # your model
scheduler = Cosine(learning_rate=0.1, step_each_epoch=100, epochs=20, warmup_epoch=2.0)()
optimizer = paddle.optimizer.SGD(learning_rate=scheduler, parameters=model.parameters())

lrs = []  # the learning rate of every optimizer update: the curve in the studio
for step in range(1000):
    lrs.append(optimizer.get_lr())
    # forward pass and loss.backward() go here
    optimizer.step()
    optimizer.clear_grad()
    scheduler.step()
`);
  });

  test('Keras: the schedule object given to the optimizer; per epoch through a callback', () => {
    const spec: ScheduleSpec = {
      scheduler: 'keras.CosineDecay',
      params: { initial_learning_rate: 0, decay_steps: 900, warmup_target: 0.1, warmup_steps: 100 },
    };
    expect(generateCode(spec, iter)).toBe(`import keras
from keras.optimizers.schedules import CosineDecay

schedule = CosineDecay(initial_learning_rate=0.0, decay_steps=900, warmup_target=0.1, warmup_steps=100)
optimizer = keras.optimizers.SGD(learning_rate=schedule)
# model.compile(optimizer=optimizer, ...); model.fit(...) evaluates it at every optimizer update.

lrs = [float(schedule(step)) for step in range(1000)]  # the curve in the studio
`);
    const perEpoch = generateCode(spec, epoch);
    expect(perEpoch).toContain('callback = keras.callbacks.LearningRateScheduler(lambda epoch: float(schedule(epoch)))');
    expect(perEpoch).toContain('lrs = [float(schedule(step // 100)) for step in range(1000)]');
  });

  test('Optax: join_schedules with its children; the schedule function given to the optimizer', () => {
    const spec: ScheduleSpec = {
      scheduler: 'optax.join_schedules',
      params: {
        schedules: [
          { scheduler: 'optax.linear_schedule', params: { init_value: 0, end_value: 0.1, transition_steps: 100 } },
          { scheduler: 'optax.cosine_decay_schedule', params: { init_value: 0.1, decay_steps: 900 } },
        ],
        boundaries: [100],
      },
    };
    expect(generateCode(spec, iter)).toBe(`import optax
from optax.schedules import cosine_decay_schedule, join_schedules, linear_schedule

schedule = join_schedules(
    schedules=[
        linear_schedule(init_value=0.0, end_value=0.1, transition_steps=100),
        cosine_decay_schedule(init_value=0.1, decay_steps=900),
    ],
    boundaries=[100],
)
optimizer = optax.sgd(learning_rate=schedule)  # evaluated at every update (count = updates so far)

lrs = [float(schedule(step)) for step in range(1000)]  # the curve in the studio
`);
  });

  test('Optax: records (sgdr_schedule cosine_kwargs) become dicts; maps keep integer keys', () => {
    const sgdr = generateCode(
      {
        scheduler: 'optax.sgdr_schedule',
        params: {
          cosine_kwargs: [
            { init_value: 0.1, peak_value: 0.1, warmup_steps: 0, decay_steps: 100 },
            { init_value: 0.05, peak_value: 0.05, warmup_steps: 0, decay_steps: 200 },
          ],
        },
      },
      iter,
    );
    expect(sgdr).toContain(`schedule = sgdr_schedule(
    cosine_kwargs=[
        dict(init_value=0.1, peak_value=0.1, warmup_steps=0, decay_steps=100),
        dict(init_value=0.05, peak_value=0.05, warmup_steps=0, decay_steps=200),
    ],
)`);
    const pc = generateCode(
      { scheduler: 'optax.piecewise_constant_schedule', params: { init_value: 0.1, boundaries_and_scales: { 600: 0.1, 300: 0.5 } } },
      iter,
    );
    expect(pc).toContain('schedule = piecewise_constant_schedule(init_value=0.1, boundaries_and_scales={300: 0.5, 600: 0.1})');
  });

  test('Transformers: the named schedule function on an AdamW optimizer', () => {
    const spec: ScheduleSpec = { scheduler: 'hf.cosine', params: { lr: 0.1, num_warmup_steps: 100, num_training_steps: 1000 } };
    expect(generateCode(spec, iter)).toBe(`import torch
from transformers.optimization import get_cosine_schedule_with_warmup

model = torch.nn.Linear(10, 2)  # your model
optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=1000)

lrs = []  # the learning rate of every optimizer update: the curve in the studio
for step in range(1000):
    lrs.append(optimizer.param_groups[0]["lr"])
    # forward pass and loss.backward() go here
    optimizer.step()
    scheduler.step()
# With the Trainer: Trainer(..., optimizers=(optimizer, scheduler)) steps it once per update.
`);
  });

  test('timm: its class, t_in_epochs from the stepping, step_update / step in the loop', () => {
    const spec: ScheduleSpec = {
      scheduler: 'timm.CosineLRScheduler',
      params: { lr: 0.1, t_initial: 900, warmup_t: 100, warmup_lr_init: 0.0001, warmup_prefix: true, t_in_epochs: true },
    };
    expect(generateCode(spec, iter)).toBe(`import torch
from timm.scheduler import CosineLRScheduler

model = torch.nn.Linear(10, 2)  # your model
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scheduler = CosineLRScheduler(
    optimizer,
    t_initial=900,
    warmup_t=100,
    warmup_lr_init=0.0001,
    warmup_prefix=True,
    t_in_epochs=False,
)

lrs = []  # the learning rate of every optimizer update: the curve in the studio
num_updates = 0
for epoch in range(10):
    for batch in range(100):
        lrs.append(optimizer.param_groups[0]["lr"])
        # forward pass and loss.backward() go here
        optimizer.step()
        num_updates += 1
        scheduler.step_update(num_updates=num_updates)  # acts when t_in_epochs=False
    scheduler.step(epoch + 1)  # acts when t_in_epochs=True
`);
    expect(generateCode(spec, epoch)).toContain('t_in_epochs=True');
  });

  test('timm PlateauLRScheduler gets no t_in_epochs (its constructor does not take one)', () => {
    const spec: ScheduleSpec = { scheduler: 'timm.PlateauLRScheduler', params: { lr: 0.1, patience_t: 2 } };
    for (const opts of [iter, epoch]) {
      const code = generateCode(spec, opts);
      expect(code).toContain('PlateauLRScheduler(');
      expect(code).not.toMatch(/PlateauLRScheduler\([^)]*t_in_epochs/);
    }
  });
});

describe('every registered scheduler', () => {
  test('gets a snippet from its defaults and examples, naming its module', () => {
    for (const def of schedulers) {
      const params: Record<string, unknown> = {};
      for (const p of def.params) if (p.default === undefined && p.example !== undefined) params[p.name] = p.example;
      const code = generateCode({ scheduler: def.id, params }, iter);
      const name = def.module.slice(def.module.lastIndexOf('.') + 1);
      expect(code, def.id).toContain(`from ${def.module.slice(0, def.module.lastIndexOf('.'))} import`);
      expect(code, def.id).toContain(`${name}(`);
      expect(code, def.id).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
  });

  test('several schedules share one import block, then each has a section under a header naming it and its stepping, looping as it steps', () => {
    const horizon = { totalSteps: 20, stepsPerEpoch: 5 };
    const a = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 3 } };
    const b = { scheduler: 'optax.constant_schedule', params: { value: 0.1 } };
    const all = generateCodeForAll(
      [
        { name: 'A', spec: a, stepping: 'epoch' },
        { name: 'B', spec: b, stepping: 'iteration' },
      ],
      horizon,
    );
    // The imports of both once, at the top; then a section per schedule.
    expect(all).toMatch(/^import torch\nfrom torch\.optim\.lr_scheduler import StepLR\nimport optax\n/);
    expect(all).toMatch(/\n# =+\n# A \(PyTorch torch\.StepLR\), stepped every epoch\n# =+\nmodel = /);
    expect(all).toContain('# B (Optax optax.constant_schedule), stepped every iteration');
    // Each section is the schedule's own snippet (less its imports), looping as it steps.
    const body = (code: string) => code.slice(code.indexOf('\n\n') + 2);
    expect(all).toContain(body(generateCode(a, { ...horizon, stepping: 'epoch' })));
    expect(all).toContain(body(generateCode(b, { ...horizon, stepping: 'iteration' })));
    expect(generateCode(a, { ...horizon, stepping: 'epoch' })).not.toBe(generateCode(a, { ...horizon, stepping: 'iteration' }));
    expect(all.match(/^import torch$/gm)).toHaveLength(1);
    const two = generateCodeForAll(
      [
        { name: 'A', spec: a, stepping: 'iteration' },
        { name: 'C', spec: { scheduler: 'torch.CosineAnnealingLR', params: { lr: 0.1, T_max: 10 } }, stepping: 'iteration' },
      ],
      horizon,
    );
    expect(two).toMatch(/^import torch\nfrom torch\.optim\.lr_scheduler import StepLR, CosineAnnealingLR\n\n/);
  });
});

describe('cycle_momentum: the optimizer has a momentum to cycle, and the loop records it', () => {
  test('OneCycleLR (cycle_momentum on by default): SGD(momentum=0.9) and a momentums list', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 100 } };
    const code = generateCode(spec, { totalSteps: 100, stepsPerEpoch: 10, stepping: 'iteration' });
    expect(code).toContain('optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)');
    expect(code).toContain('momentums = []');
    expect(code).toContain('    momentums.append(optimizer.param_groups[0]["momentum"])');
  });
  test('CyclicLR stepped per epoch records the momentum in the inner loop', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.CyclicLR', params: { base_lr: 0.001, max_lr: 0.01, step_size_up: 3 } };
    expect(generateCode(spec, epoch)).toContain('        momentums.append(optimizer.param_groups[0]["momentum"])');
  });
  test('cycle_momentum=False: a plain SGD, no momentum list', () => {
    const spec: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 100, cycle_momentum: false } };
    const code = generateCode(spec, iter);
    expect(code).toContain('cycle_momentum=False');
    expect(code).not.toContain('momentum=0.9');
    expect(code).not.toContain('momentums');
  });
});
