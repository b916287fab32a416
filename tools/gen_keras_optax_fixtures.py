#!/usr/bin/env python3
"""Golden fixtures for every keras.* and optax.* scheduler of the registry, computed by real Keras 3 and Optax on JAX.

Run in a virtual environment with keras, optax, jax and jaxlib (the machine's offline wheels):

    KERAS_BACKEND=jax <venv>/bin/python tools/gen_keras_optax_fixtures.py    # or: npm run fixtures:keras-optax

Writes test/fixtures/keras/<Name>.json and test/fixtures/optax/<name>.json. Every case holds the spec exactly as
the TypeScript engine takes it ({scheduler: 'keras.<Name>', params: {...}}) and lrs[j], the float32 value of the
eager call `schedule(step)` (a Python int step, as the exported snippet calls it; jax without x64, on CPU) at the
j-th recorded step: every step below `steps`, or every `stride`-th one (long horizons), or the steps listed in
`at`. A Python float that a schedule returns unconverted (a constant) is recorded as the float32 the optimizer
applies. Where the framework raised in the constructor, `error` is {step: 0, type, message}; where the first value
that is not finite comes at step k, `error` is {step: k, type: 'NonFinite'} and lrs stops before it.

Values are written with the shortest digits that give back the float32 when read as a double and rounded to
float32 (checked here), so the files stay small. The output is deterministic: seeded random numbers, no timestamps.
Each eager call of a schedule that uses `ops.cond` (Keras CosineDecay with warmup, CosineDecayRestarts) compiles
its branches (tens of milliseconds): those cases record fewer steps.
"""
import json
import math
import os
import platform
import random
import sys
import warnings
from pathlib import Path

os.environ.setdefault('KERAS_BACKEND', 'jax')
os.environ.setdefault('JAX_PLATFORMS', 'cpu')
warnings.filterwarnings('ignore')

import jax  # noqa: E402
import jaxlib  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures'
SEED = 'lr-schedule-studio/keras-optax-fixtures/1'
S = keras.optimizers.schedules


# --------------------------------------------------------------------------------------------------
# Running a spec


def py_steps(v):
    """A step count as the user typed it: an int where integral (JSON cannot tell 100 from 100.0)."""
    return int(v) if isinstance(v, (int, float)) and float(v).is_integer() else v


# Arguments the engine models as a Python int when integral (optax integer_pow; step counts).
INT_WHEN_INTEGRAL = {'power', 'exponent', 'transition_steps', 'transition_begin', 'decay_steps', 'warmup_steps',
                     'first_decay_steps'}


def py_kwargs(params):
    out = {}
    for k, v in params.items():
        if k in INT_WHEN_INTEGRAL and isinstance(v, (int, float)) and not isinstance(v, bool):
            v = py_steps(v)
        out[k] = v
    return out


def build_keras(spec):
    name = spec['scheduler'][len('keras.'):]
    return getattr(S, name)(**py_kwargs(spec['params']))


def build_optax(spec):
    name = spec['scheduler'][len('optax.'):]
    p = py_kwargs(spec['params'])
    if name == 'join_schedules':
        return optax.join_schedules([build_optax(c) for c in p['schedules']], p['boundaries'])
    if name == 'sgdr_schedule':
        return optax.sgdr_schedule([py_kwargs(r) for r in p['cosine_kwargs']])
    if 'boundaries_and_scales' in p and p['boundaries_and_scales'] is not None:
        p['boundaries_and_scales'] = {int(k): v for k, v in p['boundaries_and_scales'].items()}
    return getattr(optax, name)(**p)


def value_f32(v):
    a = np.asarray(v)
    assert a.shape == (), a.shape
    if a.dtype != np.float32:
        # A constant the schedule returns unconverted: the optimizer applies it as float32.
        assert a.dtype in (np.float64, np.int64, np.int32), a.dtype
    return np.float32(a)


def compact(x):
    """Shortest digits that read back (double, then float32) as x."""
    x = np.float32(x)
    back = float(str(x))
    if np.float32(back) != x or math.copysign(1, back) != math.copysign(1, float(x)):
        back = float(x)  # the exact double of the float32
    return back


class Cases:
    def __init__(self, framework, scheduler):
        self.framework = framework
        self.scheduler = scheduler
        self.cases = []
        self.names = set()

    def add(self, name, params, steps, stride=1, at=None):
        assert name not in self.names, name
        self.names.add(name)
        spec = {'scheduler': f'{self.framework}.{self.scheduler}', 'params': params}
        build = build_keras if self.framework == 'keras' else build_optax
        try:
            schedule = build(spec)
        except Exception as e:  # noqa: BLE001 - recorded as the expected error
            self.cases.append({'name': name, 'spec': spec, 'steps': steps, 'lrs': [],
                               'error': {'step': 0, 'type': type(e).__name__, 'message': str(e)}})
            return
        if at is not None:
            points = sorted(set(s for s in at if 0 <= s < steps))
        else:
            assert (steps - 1) % stride == 0, name
            points = list(range(0, steps, stride))
        lrs, error, last = [], None, -1
        for s in points:
            v = value_f32(schedule(s))
            if not np.isfinite(v):
                # The engine raises at the first step that is not finite: find it.
                first = s
                for k in range(last + 1, s):
                    if not np.isfinite(value_f32(schedule(k))):
                        first = k
                        break
                error = {'step': first, 'type': 'NonFinite', 'message': f'{float(value_f32(schedule(first)))}'}
                break
            lrs.append(compact(v))
            last = s
        case = {'name': name, 'spec': spec, 'steps': error['step'] if error else steps}
        if at is not None:
            case['at'] = points[: len(lrs)]
        elif stride != 1:
            case['stride'] = stride
        case['lrs'] = lrs
        if error:
            case['error'] = error
        self.cases.append(case)


def sample_steps(rng, steps, n, must=()):
    """n steps below `steps`: the first ones, random ones and the given ones (boundaries, restarts)."""
    pts = set(range(min(steps, 20)))
    pts.update(s for s in must if 0 <= s < steps)
    pts.update(s + d for s in must for d in (-1, 1) if 0 <= s + d < steps)
    while len(pts) < min(n, steps):
        pts.add(rng.randrange(steps))
    pts.add(steps - 1)
    return sorted(pts)


# --------------------------------------------------------------------------------------------------
# Random values


def lr_value(rng):
    return rng.choice([0.1, 1.0, 0.05, 3e-4, 0.01, 0.123456789, 2.0, 1e-5, rng.uniform(1e-4, 1.0)])


def rate_value(rng):
    return rng.choice([0.96, 0.5, 0.9, 0.1, 0.99, round(rng.uniform(0.05, 0.99), 6), rng.uniform(0.5, 1.0)])


def steps_value(rng, lo=1, hi=500):
    return rng.choice([rng.randint(lo, hi), rng.randint(lo, 20), rng.randint(lo, hi)])


def frac_steps(rng, lo=1, hi=300):
    return rng.choice([round(rng.uniform(lo, hi), 1), rng.uniform(lo, hi), rng.randint(lo, hi) + 0.5])


# --------------------------------------------------------------------------------------------------
# Keras cases


def k_exponential(rng, c):
    c.add('docs example', dict(initial_learning_rate=0.1, decay_steps=100000, decay_rate=0.96, staircase=True),
          1_000_001, stride=5000)
    for i in range(30):
        c.add(f'random {i}', dict(initial_learning_rate=lr_value(rng), decay_steps=steps_value(rng),
                                  decay_rate=rate_value(rng), staircase=rng.random() < 0.4), rng.randint(30, 600))
    for i in range(6):
        c.add(f'non-integer decay_steps {i}', dict(initial_learning_rate=lr_value(rng), decay_steps=frac_steps(rng, 1, 60),
                                                   decay_rate=rate_value(rng), staircase=i % 2 == 0), 300)
    c.add('rate above 1 grows', dict(initial_learning_rate=1e-3, decay_steps=10, decay_rate=1.05), 400)
    c.add('negative rate staircase alternates', dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=-0.5,
                                                     staircase=True), 40)
    c.add('negative rate continuous is NaN', dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=-0.5), 10)
    c.add('with name', dict(initial_learning_rate=0.1, decay_steps=7, decay_rate=0.5, name='my_decay'), 30)
    c.add('invalid decay_steps 0', dict(initial_learning_rate=0.1, decay_steps=0, decay_rate=0.5), 5)
    c.add('long continuous', dict(initial_learning_rate=0.5, decay_steps=3000, decay_rate=0.8), 200_001, stride=100)


def k_piecewise(rng, c):
    c.add('docs example', dict(boundaries=[100000, 110000], values=[1.0, 0.5, 0.1]), 120_001,
          at=sample_steps(rng, 120_001, 400, [100000, 110000]))
    for i in range(20):
        n = rng.randint(1, 6)
        b = sorted(rng.sample(range(0, 300), n))
        v = [lr_value(rng) for _ in range(n + 1)]
        c.add(f'random {i}', dict(boundaries=b, values=v), rng.randint(20, 350))
    c.add('unsorted boundaries add up', dict(boundaries=[20, 10, 30], values=[0.1, 0.2, 0.3, 0.4]), 40)
    c.add('repeated boundary', dict(boundaries=[5, 5, 9], values=[1.0, 0.5, 0.25, 0.125]), 15)
    c.add('with name', dict(boundaries=[3], values=[0.1, 0.01], name='pc'), 8)
    c.add('invalid lengths', dict(boundaries=[3, 5], values=[0.1, 0.01]), 5)


def k_polynomial(rng, c):
    c.add('docs example sqrt', dict(initial_learning_rate=0.1, decay_steps=10000, end_learning_rate=0.01, power=0.5),
          12_001, stride=10)
    for i in range(30):
        d = steps_value(rng, 1, 300)
        c.add(f'random {i}', dict(initial_learning_rate=lr_value(rng), decay_steps=d,
                                  end_learning_rate=rng.choice([0.0001, 0.0, 1e-3, rng.uniform(0, 0.01)]),
                                  power=rng.choice([1.0, 2.0, 0.5, 3.7, 4.0, 0.9, rng.uniform(0.1, 5)]),
                                  cycle=rng.random() < 0.4), rng.randint(d + 5, 4 * d + 20))
    for i in range(5):
        c.add(f'non-integer decay_steps {i}', dict(initial_learning_rate=0.1, decay_steps=frac_steps(rng, 2, 80),
                                                   power=rng.choice([1.0, 2.0, 0.5]), cycle=i % 2 == 1), 250)
    c.add('end above start', dict(initial_learning_rate=0.001, decay_steps=500, end_learning_rate=0.01, power=0.5), 600)
    c.add('defaults', dict(initial_learning_rate=0.1, decay_steps=50), 80)
    c.add('with name', dict(initial_learning_rate=0.1, decay_steps=50, name='poly'), 60)
    c.add('invalid decay_steps -1', dict(initial_learning_rate=0.1, decay_steps=-1), 5)
    c.add('long cycle', dict(initial_learning_rate=0.1, decay_steps=777, power=2.0, cycle=True), 100_001, stride=50)


def k_inverse_time(rng, c):
    c.add('docs example', dict(initial_learning_rate=0.1, decay_steps=1.0, decay_rate=0.5), 200)
    for i in range(30):
        c.add(f'random {i}', dict(initial_learning_rate=lr_value(rng),
                                  decay_steps=rng.choice([steps_value(rng), frac_steps(rng)]),
                                  decay_rate=rng.choice([0.5, 0.1, 2.0, rng.uniform(0.01, 3)]),
                                  staircase=rng.random() < 0.4), rng.randint(30, 600))
    c.add('negative rate crosses zero', dict(initial_learning_rate=0.1, decay_steps=4, decay_rate=-0.1), 60)
    c.add('negative rate staircase', dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=-0.25, staircase=True), 30)
    c.add('with name', dict(initial_learning_rate=0.1, decay_steps=3, decay_rate=0.5, name='inv'), 10)
    c.add('invalid decay_steps 0', dict(initial_learning_rate=0.1, decay_steps=0, decay_rate=0.5), 5)
    c.add('long', dict(initial_learning_rate=1.0, decay_steps=100, decay_rate=0.3), 500_001, stride=250)


def k_cosine(rng, c):
    c.add('docs example', dict(initial_learning_rate=0.1, decay_steps=1000), 1201)
    for i in range(20):
        d = steps_value(rng, 1, 400)
        c.add(f'random {i}', dict(initial_learning_rate=lr_value(rng), decay_steps=d,
                                  alpha=rng.choice([0.0, 0.1, 0.01, rng.random()])), rng.randint(d + 2, 2 * d + 10))
    # ops.cond: each call compiles its branches; these record samples.
    c.add('docs example warmup', dict(initial_learning_rate=0.0, decay_steps=1000, warmup_target=0.1, warmup_steps=1000),
          2101, at=sample_steps(rng, 2101, 120, [1000, 2000]))
    for i in range(10):
        w = rng.choice([1, 5, 10, 100, rng.randint(1, 300)])
        d = steps_value(rng, 1, 400)
        n = w + d + rng.randint(2, 50)
        c.add(f'warmup {i}', dict(initial_learning_rate=rng.choice([0.0, 1e-4, lr_value(rng)]), decay_steps=d,
                                  alpha=rng.choice([0.0, 0.1]), warmup_target=lr_value(rng), warmup_steps=w),
              n, at=sample_steps(rng, n, 70, [w, w + d]))
    c.add('warmup_steps ignored without target', dict(initial_learning_rate=0.1, decay_steps=30, warmup_steps=10), 50)
    c.add('warmup_steps 0 with target', dict(initial_learning_rate=0.01, decay_steps=30, warmup_target=0.1), 40,
          at=sample_steps(rng, 40, 25, [0, 30]))
    for i in range(3):
        d = frac_steps(rng, 5, 100)
        c.add(f'non-integer decay_steps {i}', dict(initial_learning_rate=0.1, decay_steps=d, alpha=0.05), 220)
    c.add('non-integer warmup_steps', dict(initial_learning_rate=0.0, decay_steps=40, warmup_target=0.1,
                                           warmup_steps=7.5), 60, at=sample_steps(rng, 60, 40, [7, 8, 47, 48]))
    c.add('with name', dict(initial_learning_rate=0.1, decay_steps=30, name='cos'), 40)
    c.add('invalid decay_steps 0', dict(initial_learning_rate=0.1, decay_steps=0), 5)
    c.add('long', dict(initial_learning_rate=0.1, decay_steps=150_000, alpha=0.001), 200_001, stride=100)


def k_restarts(rng, c):
    # ops.cond in every call (t_mul == 1 too): samples only.
    c.add('defaults t_mul 2', dict(initial_learning_rate=0.1, first_decay_steps=10), 640,
          at=sample_steps(rng, 640, 120, [10, 30, 70, 150, 310, 630]))
    c.add('trap t_mul 1.2 step 11', dict(initial_learning_rate=0.1, first_decay_steps=5, t_mul=1.2), 40,
          at=list(range(40)))
    for i in range(14):
        t_mul = rng.choice([1.0, 2.0, 1.5, 1.2, 3.0, round(rng.uniform(1.0, 3.0), 3)])
        first = rng.choice([1, 3, 10, 50, rng.randint(1, 100)])
        n = rng.randint(100, 3000)
        starts, s, length = [], 0.0, float(first)
        while s < n:
            starts.append(int(round(s)))
            s += length
            length *= t_mul
        c.add(f'random {i}', dict(initial_learning_rate=lr_value(rng), first_decay_steps=first, t_mul=t_mul,
                                  m_mul=rng.choice([1.0, 0.9, 0.5, rng.uniform(0.3, 1.0)]),
                                  alpha=rng.choice([0.0, 0.01, 0.1])), n, at=sample_steps(rng, n, 60, starts))
    c.add('non-integer first_decay_steps', dict(initial_learning_rate=0.1, first_decay_steps=7.5, t_mul=1.0), 60,
          at=sample_steps(rng, 60, 30, [7, 8, 15, 16]))
    c.add('t_mul below 1 ends in NaN', dict(initial_learning_rate=0.1, first_decay_steps=10, t_mul=0.5), 30,
          at=list(range(30)))
    c.add('with name', dict(initial_learning_rate=0.1, first_decay_steps=10, name='sgdr'), 30,
          at=sample_steps(rng, 30, 20, [10]))
    c.add('invalid first_decay_steps 0', dict(initial_learning_rate=0.1, first_decay_steps=0), 5)
    c.add('long t_mul 2', dict(initial_learning_rate=0.1, first_decay_steps=1000, alpha=1e-3), 2_000_001,
          at=sample_steps(rng, 2_000_001, 120, [1000 * (2 ** k - 1) for k in range(1, 12)]))


# --------------------------------------------------------------------------------------------------
# Optax cases


def o_constant(rng, c):
    for i, v in enumerate([0.1, 1e-3, 0.123456789, 3.0, 0.0, rng.uniform(0, 1)]):
        c.add(f'value {i}', dict(value=v), 20)


def power_value(rng):
    return rng.choice([1, 2, 3, 4, 0.5, 2.5, 1.5, 7, round(rng.uniform(0.2, 4), 3)])


def o_polynomial(rng, c, linear=False):
    def params(init, end, t, begin, power=None):
        p = dict(init_value=init, end_value=end)
        if not linear:
            p['power'] = power
        p['transition_steps'] = t
        p['transition_begin'] = begin
        return p

    c.add('issue example 1e-5 to 1e-3', params(1e-5, 1e-3, 1000, 0, 1), 1001)
    for i in range(30):
        t = steps_value(rng, 1, 300)
        b = rng.choice([0, 0, 10, rng.randint(0, 100), -5])
        c.add(f'random {i}', params(lr_value(rng), rng.choice([0.0, 1e-3, lr_value(rng)]), t, b, power_value(rng)),
              t + max(b, 0) + rng.randint(2, 60))
    c.add('transition_steps 0 is constant', params(0.1, 0.01, 0, 0, 2), 10)
    c.add('transition_steps negative is constant', params(0.1, 0.01, -5, 3, 2), 10)
    c.add('end above init', params(0.001, 0.1, 100, 0, 2), 120)
    for i in range(4):
        c.add(f'non-integer transition_steps {i}', params(0.1, 0.001, frac_steps(rng, 2, 100), rng.choice([0, 5]),
                                                         rng.choice([1, 2, 0.5])), 150)
    c.add('long', params(1.0, 1e-4, 200_000, 1000, 2), 250_001, stride=125)


def o_linear(rng, c):
    o_polynomial(rng, c, linear=True)


def scales_map(rng, n, lo=0, hi=300):
    keys = rng.sample(range(lo, hi), n)
    return {str(k): rng.choice([0.1, 0.5, 2.0, 1.0, 0.0, round(rng.uniform(0, 1.5), 4)]) for k in keys}


def o_piecewise_constant(rng, c):
    c.add('None', dict(init_value=0.1, boundaries_and_scales=None), 10)
    c.add('empty', dict(init_value=0.1, boundaries_and_scales={}), 10)
    for i in range(25):
        c.add(f'random {i}', dict(init_value=lr_value(rng), boundaries_and_scales=scales_map(rng, rng.randint(1, 6))),
              rng.randint(30, 350))
    c.add('boundary 0', dict(init_value=0.1, boundaries_and_scales={'0': 0.5, '3': 0.1}), 8)
    c.add('invalid negative scale', dict(init_value=0.1, boundaries_and_scales={'5': -0.5}), 5)
    c.add('long', dict(init_value=1.0, boundaries_and_scales={'30000': 0.1, '60000': 0.1, '90000': 0.5}), 100_001,
          at=sample_steps(rng, 100_001, 500, [30000, 60000, 90000]))


def o_exponential(rng, c):
    c.add('staircase', dict(init_value=0.1, transition_steps=10, decay_rate=0.5, staircase=True), 100)
    for i in range(30):
        rate = rng.choice([0.9, 0.5, 0.99, 1.1, rate_value(rng)])
        end = rng.choice([None, None, 0.01, 0.5, 1e-4])
        c.add(f'random {i}', dict(init_value=lr_value(rng), transition_steps=steps_value(rng, 1, 200),
                                  decay_rate=rate, transition_begin=rng.choice([0, 0, 5, rng.randint(0, 100), -3]),
                                  staircase=rng.random() < 0.4, end_value=end), rng.randint(30, 500))
    c.add('decay_rate 0 is constant', dict(init_value=0.1, transition_steps=10, decay_rate=0.0), 10)
    c.add('transition_steps 0 is constant', dict(init_value=0.1, transition_steps=0, decay_rate=0.5), 10)
    c.add('rate above 1 with ceiling', dict(init_value=0.01, transition_steps=5, decay_rate=1.5, end_value=0.2), 60)
    c.add('negative rate staircase', dict(init_value=0.1, transition_steps=3, decay_rate=-0.5, staircase=True), 30)
    c.add('negative rate continuous is NaN', dict(init_value=0.1, transition_steps=3, decay_rate=-0.5), 10)
    for i in range(4):
        c.add(f'non-integer transition_steps {i}', dict(init_value=0.1, transition_steps=frac_steps(rng, 1, 50),
                                                       decay_rate=0.8, staircase=i % 2 == 0), 200)
    c.add('long', dict(init_value=1.0, transition_steps=1000, decay_rate=0.9, transition_begin=500), 300_001, stride=150)


def o_cosine(rng, c):
    for i in range(25):
        d = steps_value(rng, 1, 400)
        c.add(f'random {i}', dict(init_value=lr_value(rng), decay_steps=d, alpha=rng.choice([0.0, 0.1, rng.random()]),
                                  exponent=rng.choice([1, 1, 2, 3, 0.5, 1.5, round(rng.uniform(0.2, 4), 3)])),
              rng.randint(d + 2, 2 * d + 10))
    for i in range(3):
        c.add(f'non-integer decay_steps {i}', dict(init_value=0.1, decay_steps=frac_steps(rng, 2, 100), alpha=0.01), 200)
    c.add('invalid decay_steps 0', dict(init_value=0.1, decay_steps=0), 5)
    c.add('long', dict(init_value=0.1, decay_steps=150_000, alpha=0.001), 200_001, stride=100)


def optax_child(rng):
    kind = rng.choice(['constant', 'linear', 'cosine', 'exponential', 'polynomial', 'piecewise'])
    if kind == 'constant':
        return {'scheduler': 'optax.constant_schedule', 'params': dict(value=lr_value(rng))}
    if kind == 'linear':
        return {'scheduler': 'optax.linear_schedule', 'params': dict(init_value=rng.choice([0.0, 1e-4]),
                                                                    end_value=lr_value(rng),
                                                                    transition_steps=rng.randint(1, 60))}
    if kind == 'cosine':
        return {'scheduler': 'optax.cosine_decay_schedule', 'params': dict(init_value=lr_value(rng),
                                                                          decay_steps=rng.randint(1, 100))}
    if kind == 'exponential':
        return {'scheduler': 'optax.exponential_decay', 'params': dict(init_value=lr_value(rng),
                                                                      transition_steps=rng.randint(1, 30),
                                                                      decay_rate=0.9, staircase=rng.random() < 0.5)}
    if kind == 'polynomial':
        return {'scheduler': 'optax.polynomial_schedule', 'params': dict(init_value=lr_value(rng), end_value=1e-4,
                                                                        power=power_value(rng),
                                                                        transition_steps=rng.randint(1, 80))}
    return {'scheduler': 'optax.piecewise_constant_schedule',
            'params': dict(init_value=lr_value(rng), boundaries_and_scales=scales_map(rng, 2, 0, 60))}


def o_join(rng, c):
    c.add('warmup then cosine', dict(schedules=[
        {'scheduler': 'optax.linear_schedule', 'params': dict(init_value=0.0, end_value=0.1, transition_steps=100)},
        {'scheduler': 'optax.cosine_decay_schedule', 'params': dict(init_value=0.1, decay_steps=900)}],
        boundaries=[100]), 1101)
    for i in range(20):
        n = rng.randint(2, 4)
        b = sorted(rng.sample(range(1, 150), n - 1))
        c.add(f'random {i}', dict(schedules=[optax_child(rng) for _ in range(n)], boundaries=b), rng.randint(30, 250))
    c.add('unsorted boundaries', dict(schedules=[optax_child(rng) for _ in range(3)], boundaries=[40, 20]), 60)
    c.add('extra boundary ignored', dict(schedules=[optax_child(rng) for _ in range(2)], boundaries=[10, 20]), 30)
    c.add('nested join', dict(schedules=[
        {'scheduler': 'optax.join_schedules', 'params': dict(schedules=[optax_child(rng), optax_child(rng)],
                                                             boundaries=[7])},
        optax_child(rng)], boundaries=[15]), 40)


def o_warmup_constant(rng, c):
    for i in range(15):
        w = rng.choice([1, 10, 100, rng.randint(1, 300)])
        c.add(f'random {i}', dict(init_value=rng.choice([0.0, 1e-5, lr_value(rng)]), peak_value=lr_value(rng),
                                  warmup_steps=w), w + rng.randint(2, 50))
    c.add('warmup_steps 0 is init_value', dict(init_value=0.01, peak_value=0.1, warmup_steps=0), 5)
    c.add('non-integer warmup_steps', dict(init_value=0.0, peak_value=0.1, warmup_steps=12.5), 30)


def o_warmup_cosine(rng, c):
    c.add('issue example', dict(init_value=1e-5, peak_value=1e-3, warmup_steps=1000, decay_steps=20000,
                                end_value=1e-5), 25_001, at=sample_steps(rng, 25_001, 1500, [1000, 20000]))
    for i in range(25):
        w = rng.choice([0, 1, 10, 100, rng.randint(0, 300)])
        d = w + rng.randint(1, 400)
        c.add(f'random {i}', dict(init_value=rng.choice([0.0, 1e-5, 1e-4]), peak_value=lr_value(rng), warmup_steps=w,
                                  decay_steps=d, end_value=rng.choice([0.0, 1e-5, 1e-3]),
                                  exponent=rng.choice([1, 1, 2, 0.5])), d + rng.randint(2, 40))
    c.add('peak 0', dict(init_value=0.0, peak_value=0.0, warmup_steps=5, decay_steps=20), 25)
    c.add('long', dict(init_value=0.0, peak_value=0.1, warmup_steps=5000, decay_steps=200_000, end_value=1e-5),
          220_001, stride=100)


def o_warmup_exponential(rng, c):
    c.add('issue staircase 122', dict(init_value=0.0, peak_value=0.1, warmup_steps=300, transition_steps=122,
                                      decay_rate=0.5, staircase=True), 1001)
    for i in range(20):
        w = rng.choice([0, 1, 10, rng.randint(0, 200)])
        c.add(f'random {i}', dict(init_value=rng.choice([0.0, 1e-5]), peak_value=lr_value(rng), warmup_steps=w,
                                  transition_steps=rng.choice([0, rng.randint(1, 100)]),
                                  decay_rate=rng.choice([0.5, 0.9, 0.99, 1.1]),
                                  transition_begin=rng.choice([0, 10, -2]), staircase=rng.random() < 0.5,
                                  end_value=rng.choice([None, 1e-4, 0.5])), w + rng.randint(20, 300))


def sgdr_cycle(rng):
    w = rng.choice([0, 0, 5, rng.randint(0, 30)])
    return dict(init_value=rng.choice([0.0, 1e-4, 0.1]), peak_value=lr_value(rng), warmup_steps=w,
                decay_steps=w + rng.randint(1, 120), end_value=rng.choice([0.0, 1e-5, 1e-3]),
                exponent=rng.choice([1, 1, 2]))


def o_sgdr(rng, c):
    c.add('three cycles', dict(cosine_kwargs=[dict(init_value=0.1, peak_value=0.1, warmup_steps=0, decay_steps=100),
                                              dict(init_value=0.1, peak_value=0.1, warmup_steps=0, decay_steps=200),
                                              dict(init_value=0.1, peak_value=0.1, warmup_steps=0, decay_steps=400)]),
          800)
    for i in range(15):
        cycles = [sgdr_cycle(rng) for _ in range(rng.randint(1, 5))]
        c.add(f'random {i}', dict(cosine_kwargs=cycles), sum(r['decay_steps'] for r in cycles) + 20)


def o_interpolate(rng, c):
    for kind in ('linear', 'cosine'):
        c.add(f'{kind} None', dict(interpolate_type=kind, init_value=0.1, boundaries_and_scales=None), 10)
        for i in range(12):
            c.add(f'{kind} random {i}', dict(interpolate_type=kind, init_value=lr_value(rng),
                                             boundaries_and_scales=scales_map(rng, rng.randint(1, 5))),
                  rng.randint(30, 350))
        c.add(f'{kind} key 0', dict(interpolate_type=kind, init_value=0.1, boundaries_and_scales={'0': 2.0, '10': 0.5}), 20)
    c.add('invalid type', dict(interpolate_type='cubic', init_value=0.1, boundaries_and_scales={'5': 0.5}), 5)


def o_onecycle(rng, c, cosine):
    for i in range(20):
        t = rng.choice([1, 2, 3, 10, 100, rng.randint(1, 1000)])
        p = dict(transition_steps=t, peak_value=lr_value(rng), pct_start=rng.choice([0.3, 0.25, 0.0, 1.0, rng.random()]))
        if not cosine:
            p['pct_final'] = rng.choice([0.85, 0.9, rng.random()])
        p['div_factor'] = rng.choice([25.0, 10.0, 1e3])
        p['final_div_factor'] = rng.choice([1e4, 100.0, 1.0])
        c.add(f'random {i}', p, t + rng.randint(2, 20))
    c.add('invalid transition_steps 0', dict(transition_steps=0, peak_value=0.1), 5)
    c.add('long', dict(transition_steps=100_000, peak_value=0.1), 120_001, stride=60)


KERAS = {
    'ExponentialDecay': k_exponential,
    'PiecewiseConstantDecay': k_piecewise,
    'PolynomialDecay': k_polynomial,
    'InverseTimeDecay': k_inverse_time,
    'CosineDecay': k_cosine,
    'CosineDecayRestarts': k_restarts,
}

OPTAX = {
    'constant_schedule': o_constant,
    'polynomial_schedule': o_polynomial,
    'linear_schedule': o_linear,
    'piecewise_constant_schedule': o_piecewise_constant,
    'exponential_decay': o_exponential,
    'cosine_decay_schedule': o_cosine,
    'join_schedules': o_join,
    'warmup_constant_schedule': o_warmup_constant,
    'warmup_cosine_decay_schedule': o_warmup_cosine,
    'warmup_exponential_decay_schedule': o_warmup_exponential,
    'sgdr_schedule': o_sgdr,
    'piecewise_interpolate_schedule': o_interpolate,
    'linear_onecycle_schedule': lambda rng, c: o_onecycle(rng, c, False),
    'cosine_onecycle_schedule': lambda rng, c: o_onecycle(rng, c, True),
}


def main():
    only = set(sys.argv[1:])
    meta = {
        'keras': keras.__version__,
        'optax': optax.__version__,
        'jax': jax.__version__,
        'jaxlib': jaxlib.__version__,
        'backend': f'{keras.backend.backend()} {jax.default_backend()}',
        'python': platform.python_version(),
        'machine': platform.machine(),
        'generator': 'tools/gen_keras_optax_fixtures.py',
        'seed': SEED,
    }
    total = 0
    for framework, gens in (('keras', KERAS), ('optax', OPTAX)):
        out = ROOT / framework
        out.mkdir(parents=True, exist_ok=True)
        for name, gen in gens.items():
            if only and name not in only:
                continue
            cases = Cases(framework, name)
            gen(random.Random(f'{SEED}:{framework}.{name}'), cases)
            doc = dict(meta, scheduler=f'{framework}.{name}', cases=cases.cases)
            text = json.dumps(doc, separators=(',', ':'), allow_nan=False) + '\n'
            (out / f'{name}.json').write_text(text)
            total += len(text)
            errors = sum(1 for c in cases.cases if 'error' in c)
            print(f'{framework}.{name:34s} {len(cases.cases):4d} cases ({errors} raising) {len(text) / 1e3:9.1f} kB',
                  file=sys.stderr)
    print(f'total {total / 1e6:.2f} MB', file=sys.stderr)


if __name__ == '__main__':
    main()
