#!/usr/bin/env python3
"""Golden fixtures for the 15 torch.optim.lr_scheduler schedulers, computed by real PyTorch.

Run with the system Python that has PyTorch (Debian's 1.13):

    /usr/bin/python3 tools/gen_torch_fixtures.py        # or: npm run fixtures:torch

Writes test/fixtures/torch/<Scheduler>.json. Every case holds the spec exactly as the TypeScript engine
takes it ({scheduler: 'torch.<Name>', params: {...}}), the metrics fed to ReduceLROnPlateau, and
lrs[i] = optimizer.param_groups[0]['lr'] read before the i-th scheduler.step() (i = 0 is the value
after construction), as repr floats. Where PyTorch raised, `error` holds {step, type, message}: step k
means the k-th scheduler.step() call raised (0: the constructor), so lrs[k] was never produced; the
loop steps the scheduler only between two recorded values.
Long horizons keep every `stride`-th value (lrs[j] is the lr at step j * stride).

The output is deterministic: seeded random numbers, no timestamps. Lambdas are Python text; this script
(and only this script) evaluates them with eval to hand them to PyTorch.
"""
import json
import math
import platform
import random
import sys
import warnings
from pathlib import Path

import torch
from torch.optim import lr_scheduler as L

warnings.filterwarnings('ignore')

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'torch'
SEED = 'lr-schedule-studio/torch-fixtures/1'
# The optimizer lr given to schedulers that ignore it (CyclicLR, OneCycleLR overwrite it).
IGNORED_LR = 0.123


# --------------------------------------------------------------------------------------------------
# Running a spec in PyTorch


def build(spec, opt):
    """Constructs the PyTorch scheduler a spec describes, children first, on one optimizer."""
    name = spec['scheduler'][len('torch.'):]
    p = {k: v for k, v in spec['params'].items() if k != 'lr'}
    if name == 'SequentialLR':
        children = [build(c, opt) for c in p.pop('schedulers')]
        return L.SequentialLR(opt, children, **p)
    if name == 'ChainedScheduler':
        return L.ChainedScheduler([build(c, opt) for c in p['schedulers']])
    for k in ('lr_lambda', 'scale_fn'):
        if p.get(k) is not None:
            p[k] = eval(p[k], {'math': math})  # noqa: S307 - the script's own lambda texts
    return getattr(L, name)(opt, **p)


def run(spec, steps, metrics=None):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=spec['params'].get('lr', IGNORED_LR), momentum=0.9)
    try:
        sched = build(spec, opt)
    except Exception as e:  # noqa: BLE001 - recorded as the expected error
        return [], error(0, e)
    lrs = []
    for i in range(steps):
        lrs.append(opt.param_groups[0]['lr'])
        if i == steps - 1:
            break
        opt.step()
        try:
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[i])
        except Exception as e:  # noqa: BLE001
            return lrs, error(i + 1, e)
    return lrs, None


def error(step, e):
    return {'step': step, 'type': type(e).__name__, 'message': str(e)}


def encode_metric(m):
    if math.isnan(m):
        return 'NaN'
    if math.isinf(m):
        return 'Infinity' if m > 0 else '-Infinity'
    return m


class Cases:
    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.cases = []
        self.names = set()

    def add(self, name, spec, steps, metrics=None, stride=1):
        assert name not in self.names, name
        self.names.add(name)
        lrs, err = run(spec, steps, metrics)
        for v in lrs:
            assert isinstance(v, (int, float)) and math.isfinite(v), (name, v)
        case = {'name': name, 'spec': spec, 'steps': len(lrs) if err else steps}
        if metrics is not None:
            case['metrics'] = [encode_metric(m) for m in metrics[: case['steps']]]
        if stride != 1:
            assert err is None and (steps - 1) % stride == 0, name
            case['stride'] = stride
            lrs = lrs[::stride]
        case['lrs'] = lrs
        if err:
            case['error'] = err
        self.cases.append(case)


def spec(name, **params):
    return {'scheduler': 'torch.' + name, 'params': params}


# --------------------------------------------------------------------------------------------------
# Random values


def lr_value(rng):
    return rng.choice([0.1, 1.0, 0.05, 3e-4, 0.01, 0.123456789, 2.0, rng.uniform(1e-4, 1.0)])


def gamma_value(rng):
    return rng.choice([0.1, 0.5, 0.9, round(rng.uniform(0.05, 0.99), 6), rng.uniform(0.5, 1.0)])


LAMBDAS = [
    'lambda epoch: 0.95 ** epoch',
    'lambda epoch: 1 / (epoch + 1)',
    'lambda epoch: epoch // 30',
    'lambda step: min(1.0, (step + 1) / 500)',
    'lambda e: 1.0 if e < 10 else 0.1 ** (e // 10)',
    'lambda epoch: 1 - epoch / 100',
    'lambda x: math.cos(math.pi * x / 50) * 0.5 + 0.5',
    'lambda t: max(0.0, 1 - t / 40)',
    'lambda epoch: 0.5 ** (epoch // 7)',
    'lambda e: math.exp(-0.05 * e)',
    'lambda s: (s + 1) ** -0.5',
    'lambda epoch: 1.0',
    'lambda epoch: 1.0 - max(0, epoch + 1 - 50) / float(51)',
    'lambda step: min((step + 1) ** -0.5, (step + 1) * 10 ** -1.5)',
    'lambda e: round(0.9 ** e, 3)',
    'lambda e: abs(math.sin(e / 5))',
    'lambda e: int(e / 3) * 0.1 + 0.2',
    'lambda e: 2 ** -(e % 4)',
    'lambda epoch: math.sqrt(1 / (1 + epoch))',
    'lambda e: math.log(e + 2) / math.log(2)',
    'lambda e: 0.1 if e % 10 == 0 and e > 0 else 1',
    'lambda epoch: (1 - epoch / 200) ** 0.9 if epoch < 200 else 0.0',
]

MULT_LAMBDAS = [
    'lambda epoch: 0.95',
    'lambda e: 0.9 if e % 10 == 0 else 1.0',
    'lambda e: 1 - 1 / (e + 10)',
    'lambda e: math.exp(-0.01)',
    'lambda e: 1.01 if e < 20 else 0.97',
    'lambda epoch: 0.5 if epoch == 3 or epoch == 6 else 1',
    'lambda e: (e + 1) / (e + 2)',
    'lambda e: max(0.8, 1 - e / 100)',
]


# --------------------------------------------------------------------------------------------------
# Chainable children for the composites (no lr: they share the parent's optimizer)


def child(rng, kind):
    if kind == 'LambdaLR':
        return spec(kind, lr_lambda=rng.choice(LAMBDAS))
    if kind == 'MultiplicativeLR':
        return spec(kind, lr_lambda=rng.choice(MULT_LAMBDAS))
    if kind == 'StepLR':
        return spec(kind, step_size=rng.randint(1, 6), gamma=gamma_value(rng))
    if kind == 'MultiStepLR':
        return spec(kind, milestones=sorted(rng.sample(range(0, 20), rng.randint(1, 4))), gamma=gamma_value(rng))
    if kind == 'ConstantLR':
        return spec(kind, factor=rng.choice([0.1, 0.5, 1 / 3, rng.uniform(0.05, 1.0)]), total_iters=rng.randint(0, 8))
    if kind == 'LinearLR':
        return spec(kind, start_factor=rng.choice([0.1, 1 / 3, rng.uniform(0.01, 1.0)]),
                    end_factor=rng.choice([1.0, rng.uniform(0.0, 1.0)]), total_iters=rng.randint(1, 10))
    if kind == 'ExponentialLR':
        return spec(kind, gamma=rng.choice([0.9, 0.5, rng.uniform(0.8, 0.999)]))
    if kind == 'PolynomialLR':
        return spec(kind, total_iters=rng.randint(1, 15), power=rng.choice([1.0, 2.0, 0.5, rng.uniform(0.2, 3.0)]))
    if kind == 'CosineAnnealingLR':
        return spec(kind, T_max=rng.randint(1, 15), eta_min=rng.choice([0.0, 0.001, rng.uniform(0.0, 0.01)]))
    if kind == 'CyclicLR':
        return spec(kind, base_lr=rng.choice([0.001, 0.01]), max_lr=rng.choice([0.05, 0.1]),
                    step_size_up=float(rng.randint(1, 6)), mode=rng.choice(['triangular', 'triangular2', 'exp_range']),
                    gamma=0.99)
    if kind == 'OneCycleLR':
        return spec(kind, max_lr=rng.choice([0.1, 1.0]), total_steps=rng.randint(20, 40),
                    pct_start=rng.choice([0.3, 0.25]), anneal_strategy=rng.choice(['cos', 'linear']))
    if kind == 'CosineAnnealingWarmRestarts':
        return spec(kind, T_0=rng.randint(1, 6), T_mult=rng.choice([1, 2, 3]), eta_min=rng.choice([0.0, 0.001]))
    raise ValueError(kind)


CHAINABLE = ['MultiplicativeLR', 'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'ExponentialLR', 'PolynomialLR',
             'CosineAnnealingLR']
CLOSED = ['LambdaLR', 'CyclicLR', 'OneCycleLR', 'CosineAnnealingWarmRestarts']
ALL_CHILDREN = CHAINABLE + CLOSED


def increasing(rng, n, lo, hi):
    return sorted(rng.sample(range(lo, hi), n))


# --------------------------------------------------------------------------------------------------
# Cases per scheduler


def lambda_lr(rng, c):
    for i, text in enumerate(LAMBDAS):
        c.add(f'lambda {i}', spec('LambdaLR', lr=lr_value(rng), lr_lambda=text), rng.randint(60, 260))
    c.add('seed table 1/(epoch+1)', spec('LambdaLR', lr=0.1, lr_lambda='lambda epoch: 1 / (epoch + 1)'), 10)
    c.add('error 1/epoch at construction', spec('LambdaLR', lr=0.1, lr_lambda='lambda epoch: 1 / epoch'), 5)
    c.add('error 1/(e-7) at step 7', spec('LambdaLR', lr=0.1, lr_lambda='lambda e: 1.0 / (e - 7)'), 12)
    c.add('long 0.99999**epoch', spec('LambdaLR', lr=0.1, lr_lambda='lambda epoch: 0.99999 ** epoch'), 100_001, stride=50)


def multiplicative_lr(rng, c):
    for i, text in enumerate(MULT_LAMBDAS):
        for j in range(3):
            c.add(f'lambda {i}.{j}', spec('MultiplicativeLR', lr=lr_value(rng), lr_lambda=text), rng.randint(40, 300))
    c.add('error 1/(e-3) at step 3', spec('MultiplicativeLR', lr=0.1, lr_lambda='lambda e: 1.0 / (e - 3)'), 10)
    c.add('long 0.99999', spec('MultiplicativeLR', lr=1.0, lr_lambda='lambda epoch: 0.99999'), 150_001, stride=50)


def step_lr(rng, c):
    c.add('seed table', spec('StepLR', lr=0.1, step_size=3, gamma=0.1), 10)
    for s in (1, 2, 3):
        for g in (0.1, 0.5, 0.9):
            c.add(f'step_size {s} gamma {g}', spec('StepLR', lr=0.1, step_size=s, gamma=g), 60)
    for i in range(30):
        c.add(f'random {i}', spec('StepLR', lr=lr_value(rng), step_size=rng.randint(1, 40), gamma=gamma_value(rng)),
              rng.randint(20, 400))
    c.add('default gamma', spec('StepLR', lr=0.1, step_size=7), 30)
    c.add('gamma 1.5 grows', spec('StepLR', lr=1e-3, step_size=4, gamma=1.5), 80)
    c.add('error step_size 0', spec('StepLR', lr=0.1, step_size=0), 5)
    c.add('long step_size 1 gamma 0.99999', spec('StepLR', lr=0.1, step_size=1, gamma=0.99999), 120_001, stride=40)


def multi_step_lr(rng, c):
    c.add('seed table', spec('MultiStepLR', lr=0.1, milestones=[3, 7], gamma=0.1), 10)
    for i in range(30):
        ms = rng.sample(range(0, 60), rng.randint(1, 6))
        if i % 3 == 0:
            ms = sorted(ms)
        if i % 5 == 0:
            ms.append(ms[0])  # a repeated milestone compounds
        c.add(f'random {i}', spec('MultiStepLR', lr=lr_value(rng), milestones=ms, gamma=gamma_value(rng)),
              rng.randint(30, 120))
    c.add('milestone 0 acts at construction', spec('MultiStepLR', lr=0.1, milestones=[0, 2], gamma=0.5), 6)
    c.add('empty milestones', spec('MultiStepLR', lr=0.1, milestones=[]), 5)
    c.add('default gamma', spec('MultiStepLR', lr=0.1, milestones=[2, 4]), 8)


def constant_lr(rng, c):
    c.add('defaults', spec('ConstantLR', lr=0.1), 12)
    c.add('restore 0.1 x 0.1', spec('ConstantLR', lr=0.1, factor=0.1, total_iters=4), 10)
    for i in range(30):
        c.add(f'random {i}', spec('ConstantLR', lr=lr_value(rng), factor=rng.choice([0.1, 0.5, 1.0, rng.random()]),
                                  total_iters=rng.randint(0, 30)), rng.randint(5, 80))
    c.add('total_iters 0 never restores', spec('ConstantLR', lr=0.1, factor=0.5, total_iters=0), 8)
    c.add('error factor 0 at total_iters', spec('ConstantLR', lr=0.1, factor=0.0, total_iters=3), 8)
    c.add('invalid factor 1.5', spec('ConstantLR', lr=0.1, factor=1.5), 3)
    c.add('invalid factor -0.1', spec('ConstantLR', lr=0.1, factor=-0.1), 3)


def linear_lr(rng, c):
    c.add('defaults', spec('LinearLR', lr=0.05), 10)
    for i in range(30):
        c.add(f'random {i}', spec('LinearLR', lr=lr_value(rng), start_factor=rng.choice([1 / 3, 0.1, 1.0, rng.uniform(0.001, 1)]),
                                  end_factor=rng.choice([1.0, 0.0, rng.random()]), total_iters=rng.randint(0, 60)),
              rng.randint(5, 150))
    c.add('error start_factor 0', spec('LinearLR', lr=0.1, start_factor=0.0, total_iters=4), 6)
    c.add('start_factor 0 with total_iters 0', spec('LinearLR', lr=0.1, start_factor=0.0, total_iters=0), 6)
    c.add('invalid start_factor 1.5', spec('LinearLR', lr=0.1, start_factor=1.5), 3)
    c.add('invalid end_factor -0.5', spec('LinearLR', lr=0.1, end_factor=-0.5), 3)
    c.add('long warmup 100000', spec('LinearLR', lr=0.1, start_factor=1e-3, total_iters=100_000), 100_001, stride=50)


def exponential_lr(rng, c):
    c.add('seed table', spec('ExponentialLR', lr=0.1, gamma=0.1), 10)
    for g in (0.1, 0.5, 0.9):
        c.add(f'gamma {g}', spec('ExponentialLR', lr=0.1, gamma=g), 200)
    for i in range(25):
        c.add(f'random {i}', spec('ExponentialLR', lr=lr_value(rng), gamma=gamma_value(rng)), rng.randint(20, 500))
    c.add('gamma 1.01 grows', spec('ExponentialLR', lr=1e-3, gamma=1.01), 300)
    c.add('long gamma 0.99999', spec('ExponentialLR', lr=1.0, gamma=0.99999), 200_001, stride=100)


def polynomial_lr(rng, c):
    c.add('defaults', spec('PolynomialLR', lr=0.001), 10)
    for i in range(30):
        c.add(f'random {i}', spec('PolynomialLR', lr=lr_value(rng), total_iters=rng.randint(1, 80),
                                  power=rng.choice([1.0, 2.0, 0.5, 0.9, 3.7, 0.0, rng.uniform(0.1, 4)])),
              rng.randint(10, 200))
    c.add('total_iters 0', spec('PolynomialLR', lr=0.1, total_iters=0), 5)
    c.add('error negative power at total_iters', spec('PolynomialLR', lr=0.1, total_iters=4, power=-1.0), 8)
    c.add('long 100000', spec('PolynomialLR', lr=0.1, total_iters=100_000, power=2.0), 110_001, stride=50)


def cosine_annealing_lr(rng, c):
    for t in (1, 2, 3, 10):
        c.add(f'T_max {t}', spec('CosineAnnealingLR', lr=0.1, T_max=t), 6 * t + 3)
    for i in range(30):
        t = rng.randint(1, 60)
        c.add(f'random {i}', spec('CosineAnnealingLR', lr=lr_value(rng), T_max=t,
                                  eta_min=rng.choice([0.0, 1e-4, rng.uniform(0, 0.05)])), rng.randint(2 * t, 7 * t + 3))
    c.add('eta_min > 0 several periods', spec('CosineAnnealingLR', lr=0.1, T_max=7, eta_min=0.01), 80)
    c.add('non-integer T_max 7.5', spec('CosineAnnealingLR', lr=0.1, T_max=7.5, eta_min=0.001), 60)
    c.add('error T_max 1/3', spec('CosineAnnealingLR', lr=0.1, T_max=1 / 3), 5)
    c.add('long T_max 1000 eta_min 1e-3', spec('CosineAnnealingLR', lr=0.1, T_max=1000, eta_min=1e-3), 120_001,
          stride=40)
    c.add('long T_max 777 eta_min 0', spec('CosineAnnealingLR', lr=1.0, T_max=777), 100_001, stride=50)


def sequential_lr(rng, c):
    c.add('warmup then cosine', spec('SequentialLR', lr=0.1, schedulers=[
        spec('LinearLR', start_factor=0.1, total_iters=5), spec('CosineAnnealingLR', T_max=95)], milestones=[5]), 120)
    c.add('docs example', spec('SequentialLR', lr=1.0, schedulers=[
        spec('ConstantLR', factor=0.1, total_iters=2), spec('ExponentialLR', gamma=0.9)], milestones=[2]), 10)
    for kind in ALL_CHILDREN:
        for j in range(3):
            first = child(rng, rng.choice(['ConstantLR', 'LinearLR', 'StepLR', 'ExponentialLR']))
            m = rng.randint(1, 12)
            c.add(f'switch to {kind} {j}', spec('SequentialLR', lr=lr_value(rng), schedulers=[first, child(rng, kind)],
                                               milestones=[m]), m + rng.randint(10, 50))
        c.add(f'{kind} first', spec('SequentialLR', lr=lr_value(rng), schedulers=[child(rng, kind),
                                    child(rng, 'ExponentialLR')], milestones=[rng.randint(1, 15)]), 40)
    for i in range(20):
        n = rng.randint(2, 4)
        kids = [child(rng, rng.choice(ALL_CHILDREN)) for _ in range(n)]
        c.add(f'random {i}', spec('SequentialLR', lr=lr_value(rng), schedulers=kids,
                                  milestones=increasing(rng, n - 1, 1, 40)), rng.randint(30, 80))
    inner = spec('SequentialLR', schedulers=[spec('StepLR', step_size=2, gamma=0.5), spec('ExponentialLR', gamma=0.9)],
                 milestones=[3])
    c.add('nested first', spec('SequentialLR', lr=0.1, schedulers=[inner, spec('ConstantLR', factor=0.5, total_iters=2)],
                               milestones=[6]), 12)
    inner2 = spec('SequentialLR', schedulers=[spec('LinearLR', start_factor=0.2, total_iters=4),
                                              spec('CosineAnnealingLR', T_max=10, eta_min=0.001)], milestones=[4])
    c.add('nested first deep', spec('SequentialLR', lr=0.3, schedulers=[
        spec('SequentialLR', schedulers=[inner2, spec('StepLR', step_size=3)], milestones=[12]),
        spec('MultiplicativeLR', lr_lambda='lambda e: 0.95')], milestones=[20]), 40)
    c.add('error nested after milestone', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ConstantLR', factor=0.5, total_iters=2), inner], milestones=[3]), 10)
    c.add('invalid chained child', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ChainedScheduler', schedulers=[spec('StepLR', step_size=2)]), spec('ConstantLR')], milestones=[3]), 5)
    c.add('invalid milestones count', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ConstantLR'), spec('ExponentialLR', gamma=0.9)], milestones=[3, 5]), 5)
    c.add('unsorted milestones', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ConstantLR', factor=0.5), spec('ExponentialLR', gamma=0.9), spec('StepLR', step_size=2)],
        milestones=[8, 4]), 20)
    c.add('milestone 0', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ConstantLR', factor=0.5), spec('CosineAnnealingLR', T_max=5)], milestones=[0]), 15)
    c.add('closed-form MultiStepLR with milestone 0', spec('SequentialLR', lr=0.1, schedulers=[
        spec('ConstantLR', factor=0.5), spec('MultiStepLR', milestones=[0, 3, 3], gamma=0.5)], milestones=[4]), 15)
    c.add('two OneCycleLR share group keys', spec('SequentialLR', lr=0.1, schedulers=[
        spec('OneCycleLR', max_lr=1.0, total_steps=20), spec('OneCycleLR', max_lr=0.5, total_steps=30)],
        milestones=[10]), 35)
    c.add('CyclicLR first sets initial_lr', spec('SequentialLR', lr=0.1, schedulers=[
        spec('CyclicLR', base_lr=0.02, max_lr=0.2, step_size_up=3.0), spec('StepLR', step_size=2, gamma=0.5)],
        milestones=[10]), 25)
    c.add('single scheduler', spec('SequentialLR', lr=0.1, schedulers=[spec('StepLR', step_size=2)], milestones=[]), 8)
    c.add('long warmup cosine', spec('SequentialLR', lr=0.5, schedulers=[
        spec('LinearLR', start_factor=0.01, total_iters=1000), spec('CosineAnnealingLR', T_max=1500, eta_min=1e-4)],
        milestones=[1000]), 100_001, stride=50)


def chained_scheduler(rng, c):
    c.add('ConstantLR x ExponentialLR', spec('ChainedScheduler', lr=1.0, schedulers=[
        spec('ConstantLR', factor=0.1, total_iters=2), spec('ExponentialLR', gamma=0.9)]), 10)
    for i in range(20):
        c.add(f'constant x exponential {i}', spec('ChainedScheduler', lr=lr_value(rng), schedulers=[
            child(rng, 'ConstantLR'), child(rng, 'ExponentialLR')]), rng.randint(10, 60))
    for i in range(25):
        n = rng.randint(1, 4)
        kids = [child(rng, rng.choice(ALL_CHILDREN if i % 2 else CHAINABLE)) for _ in range(n)]
        c.add(f'random {i}', spec('ChainedScheduler', lr=lr_value(rng), schedulers=kids), rng.randint(20, 100))
    c.add('nested', spec('ChainedScheduler', lr=0.1, schedulers=[
        spec('ChainedScheduler', schedulers=[spec('StepLR', step_size=3, gamma=0.5), spec('LinearLR')]),
        spec('SequentialLR', schedulers=[spec('ConstantLR', factor=0.5, total_iters=3),
                                         spec('CosineAnnealingLR', T_max=8, eta_min=0.001)], milestones=[3])]), 40)
    c.add('CyclicLR after StepLR starts at initial_lr', spec('ChainedScheduler', lr=0.1, schedulers=[
        spec('StepLR', step_size=2, gamma=0.5), spec('CyclicLR', base_lr=0.01, max_lr=0.05, step_size_up=3.0)]), 20)
    c.add('OneCycleLR then ExponentialLR', spec('ChainedScheduler', lr=0.1, schedulers=[
        spec('OneCycleLR', max_lr=1.0, total_steps=30), spec('ExponentialLR', gamma=0.9)]), 31)
    c.add('cosine eta_min after step', spec('ChainedScheduler', lr=0.1, schedulers=[
        spec('StepLR', step_size=5, gamma=0.5), spec('CosineAnnealingLR', T_max=10, eta_min=0.01)]), 60)
    c.add('long step x cosine', spec('ChainedScheduler', lr=0.1, schedulers=[
        spec('MultiStepLR', milestones=[30_000, 60_000, 90_000], gamma=0.5),
        spec('CosineAnnealingLR', T_max=500, eta_min=1e-4)]), 100_001, stride=50)


def metrics_walk(rng, n, kind):
    if kind == 'constant':
        return [1.0] * n
    if kind == 'decreasing':
        return [1.0 / (i + 1) for i in range(n)]
    out, v = [], rng.uniform(0.5, 2.0)
    for _ in range(n):
        if kind == 'plateau' and rng.random() < 0.7:
            out.append(v)
            continue
        v = v * rng.uniform(0.9, 1.08) + rng.choice([0, 0, 1e-5, -1e-5])
        out.append(v)
    if kind == 'special':
        for _ in range(max(1, n // 10)):
            out[rng.randrange(n)] = rng.choice([math.nan, math.inf, -math.inf, -v, 0.0])
    if kind == 'negative':
        out = [-x for x in out]
    return out


def reduce_lr_on_plateau(rng, c):
    c.add('seed table patience 2', spec('ReduceLROnPlateau', lr=0.1, mode='min', factor=0.1, patience=2), 14,
          metrics=[1.0] * 14)
    kinds = ['constant', 'decreasing', 'walk', 'plateau', 'special', 'negative']
    for i in range(40):
        n = rng.randint(20, 120)
        params = dict(lr=lr_value(rng), mode=rng.choice(['min', 'max']), factor=rng.choice([0.1, 0.5, 0.2, rng.uniform(0.01, 0.99)]),
                      patience=rng.randint(0, 6), threshold=rng.choice([1e-4, 0.0, 0.01, 0.1]),
                      threshold_mode=rng.choice(['rel', 'abs']), cooldown=rng.randint(0, 4),
                      min_lr=rng.choice([0, 0.0, 1e-4, 1e-3]), eps=rng.choice([1e-8, 1e-3, 0.0]))
        c.add(f'random {i}', spec('ReduceLROnPlateau', **params), n, metrics=metrics_walk(rng, n, kinds[i % len(kinds)]))
    c.add('defaults', spec('ReduceLROnPlateau', lr=0.1), 60, metrics=[1.0] * 60)
    c.add('NaN never improves', spec('ReduceLROnPlateau', lr=0.1, patience=1), 10, metrics=[math.nan] * 10)
    c.add('inf metric', spec('ReduceLROnPlateau', lr=0.1, patience=1, mode='max'), 10,
          metrics=[math.inf, 1.0, 2.0, math.inf, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0])
    c.add('threshold 1 rel never improves', spec('ReduceLROnPlateau', lr=0.1, patience=0, threshold=1.0), 6,
          metrics=[1.0, 0.5, 0.2, 0.1, 0.0, -1.0])
    c.add('cooldown boundary', spec('ReduceLROnPlateau', lr=1.0, patience=1, cooldown=2), 20, metrics=[1.0] * 20)
    c.add('min_lr with eps', spec('ReduceLROnPlateau', lr=1.0, patience=0, min_lr=0.05, eps=0.01), 12,
          metrics=[1.0] * 12)
    c.add('invalid factor 1', spec('ReduceLROnPlateau', lr=0.1, factor=1.0), 3, metrics=[1.0] * 3)
    c.add('invalid mode', spec('ReduceLROnPlateau', lr=0.1, mode='avg'), 3, metrics=[1.0] * 3)
    c.add('invalid threshold_mode', spec('ReduceLROnPlateau', lr=0.1, threshold_mode='pct'), 3, metrics=[1.0] * 3)


def cyclic_lr(rng, c):
    for mode in ('triangular', 'triangular2', 'exp_range'):
        for j in range(8):
            up = float(rng.choice([1, 2, 3, 5, 10, 25, rng.randint(1, 50)]))
            down = rng.choice([None, up, float(rng.randint(0, 40)), 2.5])
            params = dict(base_lr=rng.choice([1e-3, 1e-4, 0.01]), max_lr=rng.choice([0.1, 6e-3, 1.0]), step_size_up=up,
                          step_size_down=down, mode=mode)
            if mode == 'exp_range':
                params['gamma'] = rng.choice([0.99, 0.999, 0.9999, 0.95])
            c.add(f'{mode} {j}', spec('CyclicLR', **params), rng.randint(30, 300))
    c.add('defaults', spec('CyclicLR', base_lr=0.001, max_lr=0.006), 5000)
    c.add('asymmetric 3 up 7 down', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=3.0, step_size_down=7.0), 60)
    c.add('fractional step sizes', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=2.5, step_size_down=1.5), 60)
    c.add('step_size_down 0', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=4.0, step_size_down=0.0), 30)
    c.add('scale_fn cycle', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=4.0,
                                 scale_fn='lambda x: 0.5 ** (x - 1)', scale_mode='cycle'), 60)
    c.add('scale_fn iterations', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=4.0,
                                      scale_fn='lambda it: 1 / (1 + it / 20)', scale_mode='iterations'), 60)
    c.add('scale_fn ignores mode', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=3.0, mode='exp_range',
                                        gamma=0.5, scale_fn='lambda x: 1.0'), 30)
    c.add('max below base', spec('CyclicLR', base_lr=0.1, max_lr=0.01, step_size_up=5.0), 30)
    c.add('error triangular2 overflow', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=1.0,
                                             mode='triangular2'), 2100)
    c.add('invalid step sizes 0', spec('CyclicLR', base_lr=0.01, max_lr=0.1, step_size_up=0.0, step_size_down=5.0), 3)
    c.add('long exp_range', spec('CyclicLR', base_lr=1e-3, max_lr=0.1, step_size_up=2000.0, mode='exp_range',
                                 gamma=0.99999), 100_001, stride=50)


def one_cycle_lr(rng, c):
    for three in (False, True):
        for anneal in ('cos', 'linear'):
            for j in range(8):
                total = rng.randint(2, 400)
                pct = rng.choice([0.3, 0.25, 0.1, 0.45, 0.5, 0.0, round(rng.uniform(0.05, 0.95), 3)])
                if float(pct * total) - 1 == 0:
                    pct = 0.3
                params = dict(max_lr=rng.choice([0.1, 1.0, 3e-3]), total_steps=total, pct_start=pct,
                              anneal_strategy=anneal, three_phase=three,
                              div_factor=rng.choice([25.0, 10.0, 1e3]), final_div_factor=rng.choice([1e4, 100.0, 1.0]))
                c.add(f'{"three" if three else "two"}-phase {anneal} {j}', spec('OneCycleLR', **params), total + 1)
    c.add('defaults t = total_steps extrapolates', spec('OneCycleLR', max_lr=0.1, total_steps=100), 101)
    c.add('linear negative extrapolation', spec('OneCycleLR', max_lr=0.1, total_steps=100, anneal_strategy='linear'), 101)
    c.add('epochs x steps_per_epoch', spec('OneCycleLR', max_lr=0.01, epochs=5, steps_per_epoch=17), 86)
    c.add('total_steps wins over epochs', spec('OneCycleLR', max_lr=0.01, total_steps=30, epochs=5, steps_per_epoch=17), 31)
    c.add('error past total_steps', spec('OneCycleLR', max_lr=0.1, total_steps=20), 30)
    c.add('error three-phase past total_steps', spec('OneCycleLR', max_lr=0.1, total_steps=12, three_phase=True), 20)
    c.add('pct_start x total < 1 skips phase 1', spec('OneCycleLR', max_lr=0.1, total_steps=10, pct_start=0.05), 11)
    c.add('pct_start 1 divides by zero at total_steps', spec('OneCycleLR', max_lr=0.1, total_steps=10, pct_start=1.0), 12)
    c.add('total_steps 1', spec('OneCycleLR', max_lr=0.1, total_steps=1), 2)
    c.add('invalid pct_start x total = 1', spec('OneCycleLR', max_lr=0.1, total_steps=10, pct_start=0.1), 3)
    c.add('invalid no total', spec('OneCycleLR', max_lr=0.1), 3)
    c.add('invalid epochs only', spec('OneCycleLR', max_lr=0.1, epochs=3), 3)
    c.add('invalid pct_start 1.5', spec('OneCycleLR', max_lr=0.1, total_steps=10, pct_start=1.5), 3)
    c.add('invalid anneal_strategy', spec('OneCycleLR', max_lr=0.1, total_steps=10, anneal_strategy='exp'), 3)
    c.add('invalid total_steps 0', spec('OneCycleLR', max_lr=0.1, total_steps=0), 3)
    c.add('invalid div_factor 0', spec('OneCycleLR', max_lr=0.1, total_steps=10, div_factor=0.0), 3)
    c.add('long 150000', spec('OneCycleLR', max_lr=0.1, total_steps=150_000, three_phase=True), 150_001, stride=50)


def cosine_annealing_warm_restarts(rng, c):
    for t_mult in (1, 2, 3):
        for t0 in (1, 2, 5):
            c.add(f'T_0 {t0} T_mult {t_mult}', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=t0, T_mult=t_mult), 130)
    for i in range(25):
        c.add(f'random {i}', spec('CosineAnnealingWarmRestarts', lr=lr_value(rng), T_0=rng.randint(1, 30),
                                  T_mult=rng.choice([1, 1, 2, 3, 4]), eta_min=rng.choice([0.0, 1e-4, rng.uniform(0, 0.01)])),
              rng.randint(30, 400))
    c.add('T_mult 3 boundary 121', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=1, T_mult=3), 130)
    c.add('invalid T_0 0', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=0), 3)
    c.add('invalid T_0 2.5', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=2.5), 3)
    c.add('invalid T_mult 0', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=5, T_mult=0), 3)
    c.add('invalid T_mult 1.5', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=5, T_mult=1.5), 3)
    c.add('long T_0 1000', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=1000, eta_min=1e-5), 100_001, stride=50)
    c.add('long T_mult 2 eta_min', spec('CosineAnnealingWarmRestarts', lr=0.1, T_0=10, T_mult=2, eta_min=1e-4), 150_001,
          stride=50)


GENERATORS = {
    'LambdaLR': lambda_lr,
    'MultiplicativeLR': multiplicative_lr,
    'StepLR': step_lr,
    'MultiStepLR': multi_step_lr,
    'ConstantLR': constant_lr,
    'LinearLR': linear_lr,
    'ExponentialLR': exponential_lr,
    'PolynomialLR': polynomial_lr,
    'CosineAnnealingLR': cosine_annealing_lr,
    'SequentialLR': sequential_lr,
    'ChainedScheduler': chained_scheduler,
    'ReduceLROnPlateau': reduce_lr_on_plateau,
    'CyclicLR': cyclic_lr,
    'OneCycleLR': one_cycle_lr,
    'CosineAnnealingWarmRestarts': cosine_annealing_warm_restarts,
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {
        'torch': torch.__version__,
        'python': platform.python_version(),
        'libc': '-'.join(platform.libc_ver()),
        'machine': platform.machine(),
        'generator': 'tools/gen_torch_fixtures.py',
        'seed': SEED,
    }
    total = 0
    for name, gen in GENERATORS.items():
        cases = Cases(name)
        gen(random.Random(f'{SEED}:{name}'), cases)
        doc = dict(meta, scheduler='torch.' + name, cases=cases.cases)
        text = json.dumps(doc, separators=(',', ':'), allow_nan=False) + '\n'
        (OUT / f'{name}.json').write_text(text)
        total += len(text)
        errors = sum(1 for c in cases.cases if 'error' in c)
        print(f'{name:30s} {len(cases.cases):4d} cases ({errors} raising) {len(text) / 1e3:9.1f} kB', file=sys.stderr)
    print(f'total {total / 1e6:.2f} MB, torch {torch.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
