#!/usr/bin/env python3
"""Golden fixtures for every Hugging Face `get_scheduler` name of the registry (transformers' own optimization.py on
PyTorch), and for torch.optim.swa_utils.SWALR, which the PyTorch 1.13 fixtures do not cover.

Run in a virtual environment with transformers and torch (the machine's offline wheels):

    <venv>/bin/python tools/gen_hf_fixtures.py        # or: npm run fixtures:hf

Writes test/fixtures/hf/<name>.json and test/fixtures/torch2/SWALR.json. Every case holds the spec exactly as the
TypeScript engine takes it ({scheduler: 'hf.<name>', params: {...}}), the metrics fed to the metric-driven
schedulers, and lrs[i] = optimizer.param_groups[0]['lr'] read before the i-th scheduler.step() (i = 0 is the value
after construction), as repr floats; long horizons keep every `stride`-th value. The schedulers are built through
`transformers.get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)`,
as the Trainer builds them. Where the library raised, `error` holds {step, type, message}: step 0 is the
constructor, step k the k-th scheduler.step(). The output is deterministic: seeded random numbers, no timestamps.
"""
import json
import math
import platform
import random
import sys
import warnings
from pathlib import Path

import torch
import transformers
from torch.optim.swa_utils import SWALR
from transformers import get_scheduler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_torch_fixtures import encode_metric, error, metrics_walk  # noqa: E402 - shared with the PyTorch fixtures

warnings.filterwarnings('ignore')

ROOT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures'
SEED = 'lr-schedule-studio/hf-fixtures/1'
DIRECT = ('num_warmup_steps', 'num_training_steps')


def build(spec, opt):
    framework, name = spec['scheduler'].split('.', 1)
    p = {k: v for k, v in spec['params'].items() if k != 'lr'}
    if framework == 'torch':
        assert name == 'SWALR'
        return SWALR(opt, **p)
    direct = {k: p.pop(k) for k in DIRECT if k in p}
    return get_scheduler(name, opt, **direct, scheduler_specific_kwargs=p)


def run(spec, steps, metrics=None):
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=spec['params']['lr'], momentum=0.9)
    try:
        sched = build(spec, opt)
    except Exception as e:  # noqa: BLE001 - recorded as the expected error
        return [], error(0, e)
    lrs = []
    for i in range(steps):
        lrs.append(float(opt.param_groups[0]['lr']))
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


class Cases:
    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.cases = []
        self.names = set()

    def add(self, name, params, steps, metrics=None, stride=1):
        assert name not in self.names, name
        self.names.add(name)
        spec = {'scheduler': self.scheduler, 'params': params}
        lrs, err = run(spec, steps, metrics)
        for v in lrs:
            assert math.isfinite(v), (name, v)
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


# --------------------------------------------------------------------------------------------------
# Random values


def lr_value(rng):
    return rng.choice([5e-5, 1e-3, 3e-4, 0.1, 1.0, 2e-5, 0.123456789, rng.uniform(1e-6, 1e-2)])


def warmup_training(rng):
    t = rng.choice([10, 100, 300, rng.randint(1, 400)])
    w = rng.choice([0, 0, 1, t // 10, rng.randint(0, t)])
    return w, t


# --------------------------------------------------------------------------------------------------
# Cases per name


def constant(rng, c):
    for i in range(8):
        c.add(f'random {i}', dict(lr=lr_value(rng)), rng.randint(5, 50))


def constant_with_warmup(rng, c):
    for i in range(20):
        w, _ = warmup_training(rng)
        c.add(f'random {i}', dict(lr=lr_value(rng), num_warmup_steps=w), w + rng.randint(2, 50))


def linear(rng, c):
    c.add('trainer default', dict(lr=5e-5, num_warmup_steps=0, num_training_steps=1000), 1101)
    for i in range(25):
        w, t = warmup_training(rng)
        c.add(f'random {i}', dict(lr=lr_value(rng), num_warmup_steps=w, num_training_steps=t), t + rng.randint(2, 40))
    c.add('warmup longer than training', dict(lr=0.1, num_warmup_steps=20, num_training_steps=10), 30)
    c.add('long', dict(lr=1e-4, num_warmup_steps=2000, num_training_steps=200_000), 200_001, stride=250)


def cosine(rng, c):
    for i in range(25):
        w, t = warmup_training(rng)
        c.add(f'random {i}', dict(lr=lr_value(rng), num_warmup_steps=w, num_training_steps=t,
                                  num_cycles=rng.choice([0.5, 0.5, 1.0, 2.0, 0.25, rng.uniform(0, 3)])),
              2 * t + rng.randint(2, 40))
    c.add('long', dict(lr=3e-4, num_warmup_steps=1000, num_training_steps=100_000), 150_001, stride=150)


def cosine_with_restarts(rng, c):
    for i in range(25):
        w, t = warmup_training(rng)
        c.add(f'random {i}', dict(lr=lr_value(rng), num_warmup_steps=w, num_training_steps=t,
                                  num_cycles=rng.choice([1, 2, 3, 5, rng.randint(0, 10)])), t + rng.randint(2, 40))
    c.add('long', dict(lr=3e-4, num_warmup_steps=1000, num_training_steps=100_000, num_cycles=7), 120_001, stride=120)


def polynomial(rng, c):
    for i in range(25):
        w, t = warmup_training(rng)
        if t == w:
            t += 1
        c.add(f'random {i}', dict(lr=lr_value(rng), num_warmup_steps=w, num_training_steps=t,
                                  lr_end=rng.choice([1e-7, 0.0, 1e-8]), power=rng.choice([1.0, 2.0, 0.5, 3.0, rng.uniform(0.2, 4)])),
              t + rng.randint(2, 40))
    c.add('invalid lr_end above lr', dict(lr=1e-4, num_warmup_steps=1, num_training_steps=10, lr_end=1e-3), 5)


def inverse_sqrt(rng, c):
    for i in range(20):
        w = rng.choice([0, 1, 10, 100, rng.randint(0, 1000)])
        p = dict(lr=lr_value(rng), num_warmup_steps=w)
        if i % 3 == 0:
            p['timescale'] = rng.randint(1, 2000)
        c.add(f'random {i}', p, w + rng.randint(10, 400))
    c.add('long', dict(lr=1e-3, num_warmup_steps=4000), 100_001, stride=100)


def reduce_lr_on_plateau(rng, c):
    kinds = ['constant', 'decreasing', 'walk', 'plateau', 'special', 'negative']
    for i in range(24):
        n = rng.randint(20, 120)
        params = dict(lr=lr_value(rng), mode=rng.choice(['min', 'max']), factor=rng.choice([0.1, 0.5, rng.uniform(0.01, 0.99)]),
                      patience=rng.randint(0, 6), threshold=rng.choice([1e-4, 0.0, 0.01]),
                      threshold_mode=rng.choice(['rel', 'abs']), cooldown=rng.randint(0, 4),
                      min_lr=rng.choice([0, 1e-6]), eps=rng.choice([1e-8, 0.0]))
        c.add(f'random {i}', params, n, metrics=metrics_walk(rng, n, kinds[i % len(kinds)]))


def min_lr_params(rng, lr):
    if rng.random() < 0.5:
        return dict(min_lr_rate=rng.choice([0.1, 0.0, 0.01, rng.random()]))
    return dict(min_lr=rng.choice([1e-6, 1e-7, lr / 10]))


def cosine_with_min_lr(rng, c):
    for i in range(25):
        w, t = warmup_training(rng)
        lr = lr_value(rng)
        c.add(f'random {i}', dict(lr=lr, num_warmup_steps=w, num_training_steps=t,
                                  num_cycles=rng.choice([0.5, 0.5, 1.0, 1.5]), **min_lr_params(rng, lr)),
              2 * t + rng.randint(2, 40))
    c.add('min_lr', dict(lr=1e-3, num_warmup_steps=10, num_training_steps=100, min_lr=1e-5), 120)
    c.add('invalid both', dict(lr=1e-3, num_warmup_steps=10, num_training_steps=100, min_lr=1e-5, min_lr_rate=0.1), 5)
    c.add('invalid neither', dict(lr=1e-3, num_warmup_steps=10, num_training_steps=100), 5)


def cosine_warmup_with_min_lr(rng, c):
    for i in range(25):
        w, t = warmup_training(rng)
        lr = lr_value(rng)
        p = dict(lr=lr, num_warmup_steps=w, num_training_steps=t, num_cycles=rng.choice([0.5, 0.5, 1.0, 1.5]),
                 **min_lr_params(rng, lr))
        if i % 2 == 0:
            p['warmup_lr_rate'] = rng.choice([0.0, 0.1, 0.01, rng.random()])
        c.add(f'random {i}', p, 2 * t + rng.randint(2, 40))
    c.add('warmup 1 with warmup_lr_rate', dict(lr=1e-3, num_warmup_steps=1, num_training_steps=50, min_lr_rate=0.1,
                                               warmup_lr_rate=0.5), 60)
    c.add('invalid both', dict(lr=1e-3, num_warmup_steps=10, num_training_steps=100, min_lr=1e-5, min_lr_rate=0.1), 5)
    c.add('invalid neither', dict(lr=1e-3, num_warmup_steps=10, num_training_steps=100), 5)
    c.add('long', dict(lr=3e-4, num_warmup_steps=2000, num_training_steps=100_000, min_lr_rate=0.1), 110_001, stride=110)


def warmup_stable_decay(rng, c):
    shapes = ['linear', 'cosine', '1-sqrt']
    for i in range(30):
        w = rng.choice([0, 1, 10, rng.randint(0, 200)])
        d = rng.choice([0, 1, 50, rng.randint(0, 300)])
        p = dict(lr=lr_value(rng), num_warmup_steps=w, num_decay_steps=d)
        mode = i % 3
        if mode in (0, 2):
            p['num_training_steps'] = w + d + rng.randint(0, 300)
        if mode in (1, 2):
            p['num_stable_steps'] = rng.randint(0, 300)
        p['warmup_type'] = rng.choice(shapes)
        p['decay_type'] = rng.choice(shapes)
        p['min_lr_ratio'] = rng.choice([0, 0.0, 0.1, rng.random()])
        p['num_cycles'] = rng.choice([0.5, 0.5, 1.0])
        c.add(f'random {i}', p, w + d + 400)
    c.add('num_stable_steps only', dict(lr=1e-3, num_warmup_steps=10, num_decay_steps=20, num_stable_steps=30), 80)
    c.add('training shorter than warmup and decay', dict(lr=1e-3, num_warmup_steps=10, num_decay_steps=20,
                                                          num_training_steps=15), 50)
    c.add('invalid neither', dict(lr=1e-3, num_warmup_steps=10, num_decay_steps=20), 5)
    c.add('invalid warmup_type', dict(lr=1e-3, num_warmup_steps=10, num_decay_steps=20, num_training_steps=50,
                                      warmup_type='exp'), 5)


def greedy(rng, c):
    kinds = ['constant', 'decreasing', 'walk', 'plateau', 'special', 'negative']
    c.add('defaults decreasing', dict(lr=0.1), 200, metrics=metrics_walk(rng, 200, 'decreasing'))
    c.add('defaults constant', dict(lr=0.1), 200, metrics=metrics_walk(rng, 200, 'constant'))
    for i in range(30):
        n = rng.randint(40, 300)
        params = dict(lr=lr_value(rng), mode=rng.choice(['min', 'max']), factor=rng.choice([0.95, 0.5, 0.9, rng.uniform(0.1, 0.99)]),
                      patience=rng.randint(0, 6), threshold=rng.choice([1e-6, 0.0, 0.01, 1e-4]),
                      threshold_mode=rng.choice(['rel', 'abs']), cooldown=rng.randint(0, 4), warmup=rng.randint(0, 4),
                      min_lr=rng.choice([1e-3, 0.0, 1e-5]), max_lr=rng.choice([1.0, 0.5, 10.0]),
                      eps=rng.choice([1e-8, 0.0]), smooth=rng.random() < 0.4, window_size=rng.choice([50, 5, 1, 10]),
                      reset_start=rng.choice([500, 3, 10, 1]))
        c.add(f'random {i}', params, n, metrics=metrics_walk(rng, n, kinds[i % len(kinds)]))
    c.add('resets at min_lr', dict(lr=0.1, factor=0.5, patience=0, min_lr=0.01, reset_start=3), 60,
          metrics=[1.0] * 60)
    c.add('invalid factor 1', dict(lr=0.1, factor=1.0), 3, metrics=[1.0] * 3)
    c.add('invalid mode', dict(lr=0.1, mode='avg'), 3, metrics=[1.0] * 3)
    c.add('invalid threshold_mode', dict(lr=0.1, threshold_mode='pct'), 3, metrics=[1.0] * 3)


def swalr(rng, c):
    for strategy in ('cos', 'linear'):
        for i in range(12):
            a = rng.choice([0, 1, 2, 5, 10, rng.randint(0, 50)])
            c.add(f'{strategy} {i}', dict(lr=lr_value(rng), swa_lr=rng.choice([0.05, 1e-3, 0.5, rng.uniform(1e-4, 1)]),
                                          anneal_epochs=a, anneal_strategy=strategy), a + rng.randint(2, 30))
    c.add('defaults', dict(lr=0.1, swa_lr=0.05), 20)
    c.add('swa_lr above lr', dict(lr=0.01, swa_lr=0.1, anneal_epochs=5), 12)
    c.add('invalid anneal_epochs -1', dict(lr=0.1, swa_lr=0.05, anneal_epochs=-1), 3)
    c.add('invalid anneal_strategy', dict(lr=0.1, swa_lr=0.05, anneal_strategy='exp'), 3)
    c.add('long', dict(lr=0.1, swa_lr=0.01, anneal_epochs=1000), 3001, stride=10)


HF = {
    'constant': constant,
    'constant_with_warmup': constant_with_warmup,
    'linear': linear,
    'cosine': cosine,
    'cosine_with_restarts': cosine_with_restarts,
    'polynomial': polynomial,
    'inverse_sqrt': inverse_sqrt,
    'reduce_lr_on_plateau': reduce_lr_on_plateau,
    'cosine_with_min_lr': cosine_with_min_lr,
    'cosine_warmup_with_min_lr': cosine_warmup_with_min_lr,
    'warmup_stable_decay': warmup_stable_decay,
    'greedy': greedy,
}


def main():
    meta = {
        'transformers': transformers.__version__,
        'torch': torch.__version__,
        'python': platform.python_version(),
        'machine': platform.machine(),
        'generator': 'tools/gen_hf_fixtures.py',
        'seed': SEED,
    }
    jobs = [('hf', name, gen) for name, gen in HF.items()] + [('torch2', 'SWALR', swalr)]
    total = 0
    for folder, name, gen in jobs:
        scheduler = ('torch.' if folder == 'torch2' else 'hf.') + name
        cases = Cases(scheduler)
        gen(random.Random(f'{SEED}:{scheduler}'), cases)
        doc = dict(meta, scheduler=scheduler, cases=cases.cases)
        text = json.dumps(doc, separators=(',', ':'), allow_nan=False) + '\n'
        out = ROOT / folder
        out.mkdir(parents=True, exist_ok=True)
        (out / f'{name}.json').write_text(text)
        total += len(text)
        errors = sum(1 for c in cases.cases if 'error' in c)
        print(f'{scheduler:32s} {len(cases.cases):4d} cases ({errors} raising) {len(text) / 1e3:9.1f} kB', file=sys.stderr)
    print(f'total {total / 1e6:.2f} MB, transformers {transformers.__version__}, torch {torch.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
