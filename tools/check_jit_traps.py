#!/usr/bin/env python3
"""Where Optax and Keras schedules differ under jax.jit from their eager values, measured with real JAX.

    KERAS_BACKEND=jax /work/venv-fid/bin/python tools/check_jit_traps.py

Under jit XLA rewrites a float32 division by a constant, x / C, as x * f32(1 / C): a staircase's floor can turn one
count late (or early), and a polynomial decay's count / transition_steps at its end is not exactly 1 (its 1 - p is
slightly negative, and a fractional power of it is NaN). For each configuration of a grid this script evaluates the
schedule eagerly (one Python call per count, as the Keras/Optax fixtures do) and under jax.jit (one jitted call per
count: the training step's scalar count), over the horizon, and records where they differ: every shifted staircase
count, and a polynomial's values where it ends. Writes test/fixtures/jit/traps.json (deterministic, no timestamps); test/schedules/jit-traps.test.ts checks the
engine's prediction of every case against it.
"""
import json
import math
import os
import platform
from pathlib import Path

os.environ.setdefault('KERAS_BACKEND', 'jax')
os.environ.setdefault('JAX_PLATFORMS', 'cpu')

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'jit' / 'traps.json'


def build(spec):
    name = spec['scheduler']
    p = spec['params']
    if name.startswith('optax.'):
        return getattr(optax, name[len('optax.'):])(**p)
    return getattr(keras.optimizers.schedules, name[len('keras.'):])(**p)


def values(fn, counts):
    """float32 values at the counts: eager (one call per count) and under jit (a jitted scalar call per count)."""
    jitted = jax.jit(fn)
    # vmap of the jitted function keeps the jitted HLO per element (same constants, same rewrite) in one call.
    jit_all = np.asarray(jax.jit(jax.vmap(fn))(jnp.asarray(counts, dtype=jnp.int32)), dtype=np.float32)
    eager = np.asarray([np.float32(fn(int(c))) for c in counts], dtype=np.float32)
    # A few scalar jitted calls confirm the vmapped values (the training step calls it on a scalar count).
    for c in counts[:: max(1, len(counts) // 7)]:
        a = np.float32(jitted(jnp.int32(c)))
        b = jit_all[list(counts).index(c)]
        assert (a == b) or (math.isnan(a) and math.isnan(b)), (c, a, b)
    return eager, jit_all


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def measure(spec, horizon, end=None, after=0):
    """
    Counts [0, horizon). Staircase cases (`end` None): every count >= `after` where eager and jit differ (the warmup
    before `after` differs by an ulp here and there, another matter), with both values. Polynomial cases: the values
    at the count `end` where the decay ends and at the horizon's last count, and how many counts differ at all.
    """
    counts = list(range(horizon))
    eager, jit = values(build(spec), counts)
    diff = [i for i in counts if not same(float(eager[i]), float(jit[i]))]
    case = {'spec': spec, 'horizon': horizon}
    at = lambda i: {'count': i, 'eager': repr(float(eager[i])), 'jit': repr(float(jit[i]))}  # noqa: E731
    if end is None:
        case['after'] = after
        case['differ'] = [at(i) for i in diff if i >= after]
    else:
        case['end'] = at(end)
        case['last'] = at(horizon - 1)
        case['differ_count'] = len(diff)
    return case


def staircase_cases():
    cases = []
    # The example, then a grid of transition_steps.
    cases.append(measure({'scheduler': 'optax.warmup_exponential_decay_schedule',
                          'params': {'init_value': 0.0, 'peak_value': 1.0, 'warmup_steps': 300, 'transition_steps': 122,
                                     'decay_rate': 0.5, 'staircase': True}}, 1200, after=300))
    cases.append(measure({'scheduler': 'optax.warmup_exponential_decay_schedule',
                          'params': {'init_value': 0.0, 'peak_value': 1.0, 'warmup_steps': 56, 'transition_steps': 97,
                                     'decay_rate': 0.5, 'staircase': True, 'transition_begin': 9}}, 2000, after=56))
    for c in list(range(1, 161)) + [200, 250, 300, 365, 500, 1000, 1234]:
        cases.append(measure({'scheduler': 'optax.exponential_decay',
                              'params': {'init_value': 1.0, 'transition_steps': c, 'decay_rate': 0.5, 'staircase': True}},
                             min(40 * c, 20000)))
    for c in [3, 7, 11, 13, 25, 49, 61, 97, 122, 7.5, 12.25]:
        cases.append(measure({'scheduler': 'optax.exponential_decay',
                              'params': {'init_value': 1.0, 'transition_steps': c, 'decay_rate': 0.9, 'staircase': True,
                                         'transition_begin': 17}}, 3000))
    for c in [3, 7, 11, 25, 49, 97, 122, 300]:
        cases.append(measure({'scheduler': 'keras.ExponentialDecay',
                              'params': {'initial_learning_rate': 1.0, 'decay_steps': c, 'decay_rate': 0.5, 'staircase': True}},
                             min(40 * c, 8000)))
        cases.append(measure({'scheduler': 'keras.InverseTimeDecay',
                              'params': {'initial_learning_rate': 1.0, 'decay_steps': c, 'decay_rate': 0.5, 'staircase': True}},
                             min(40 * c, 8000)))
    return cases


def polynomial_cases():
    cases = []
    for c in [3, 7, 10, 11, 25, 49, 97, 100, 122, 300, 500, 1000, 1234]:  # 500: the keras.PolynomialDecay(0.001, 500, end 0.01, power 0.5)
        for power in [0.5, 1.5, 2, 1]:
            for init, end in [(1.0, 0.01), (0.001, 0.01)]:
                for begin in [0, 5, -5]:
                    spec = {'scheduler': 'optax.polynomial_schedule',
                            'params': {'init_value': init, 'end_value': end, 'power': power, 'transition_steps': c,
                                       'transition_begin': begin}}
                    cases.append(measure(spec, c + max(begin, 0) + 20, end=max(begin, 0) + c))
        for power in [0.5, 1.0, 2.0]:
            for init, end in [(0.1, 0.001), (0.001, 0.01)]:
                spec = {'scheduler': 'keras.PolynomialDecay',
                        'params': {'initial_learning_rate': init, 'decay_steps': c, 'end_learning_rate': end, 'power': power}}
                cases.append(measure(spec, c + 20, end=c))
    for c in [7.5, 12.25, 99.9]:
        spec = {'scheduler': 'optax.polynomial_schedule',
                'params': {'init_value': 0.001, 'end_value': 0.01, 'power': 0.5, 'transition_steps': c}}
        cases.append(measure(spec, math.ceil(c) + 20, end=math.ceil(c)))
    for c in [3, 11, 100, 122, 500]:
        cases.append(measure({'scheduler': 'optax.linear_schedule',
                              'params': {'init_value': 1.0, 'end_value': 0.0, 'transition_steps': c}}, c + 20, end=c))
    return cases


def main():
    doc = {'jax': jax.__version__, 'optax': optax.__version__, 'keras': keras.__version__,
           'python': platform.python_version(), 'staircase': staircase_cases(), 'polynomial': polynomial_cases()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + '\n')
    late = sum(1 for c in doc['staircase'] if c['differ'])
    ends = sum(1 for c in doc['polynomial'] if not same(float(c['end']['eager']), float(c['end']['jit'])))
    print(f'{len(doc["staircase"])} staircases ({late} shifted under jit), {len(doc["polynomial"])} polynomials ({ends} with another end) -> {OUT}')


if __name__ == '__main__':
    main()
