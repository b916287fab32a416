#!/usr/bin/env python3
"""Golden momentum curves of torch.optim.lr_scheduler.CyclicLR and OneCycleLR (cycle_momentum), by real PyTorch.

Run with PyTorch 2 (the venv) and, for the 1.13 file, Debian's PyTorch:

    /work/venv-fid/bin/python tools/gen_torch_momentum_fixtures.py
    /usr/bin/python3 tools/gen_torch_momentum_fixtures.py

Writes test/fixtures/torch-momentum/torch<major>.json. Every case holds the spec as the TypeScript engine takes it,
`steps`, and per optimizer: `sgd` = optimizer.param_groups[0]['momentum'] of SGD(momentum=0.9) and `adam` =
param_groups[0]['betas'][0] of Adam, each read before the i-th scheduler.step() (i = 0: after construction), as
repr floats, and `raised` {step, type, message} where a step raised (OneCycleLR past total_steps) or `error` where
the constructor did (torch 1.13's CyclicLR refuses Adam). Deterministic: seeded random numbers, no timestamps.
Lambdas are Python text that this script (and only this script) evaluates to hand them to PyTorch.
"""
import json
import math
import platform
import random
import warnings
from pathlib import Path

import torch
from torch.optim import lr_scheduler as L

warnings.filterwarnings('ignore')

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'torch-momentum'
SEED = 'lr-schedule-studio/torch-momentum/1'


def make_optimizer(kind):
    param = torch.nn.Parameter(torch.zeros(1))
    if kind == 'sgd':
        return torch.optim.SGD([param], lr=0.123, momentum=0.9)
    return torch.optim.Adam([param], lr=0.123)


def read(opt, kind):
    g = opt.param_groups[0]
    return g['momentum'] if kind == 'sgd' else g['betas'][0]


def run(spec, steps, kind):
    """The momentum per step, and what raised: ('ctor', err) or ('step', k, err)."""
    name = spec['scheduler'][len('torch.'):]
    p = dict(spec['params'])
    if p.get('scale_fn') is not None:
        p['scale_fn'] = eval(p['scale_fn'], {'math': math})  # noqa: S307 - the script's own lambda texts
    opt = make_optimizer(kind)
    try:
        sched = getattr(L, name)(opt, **p)
    except Exception as e:  # noqa: BLE001 - recorded
        return [], {'step': 0, 'type': type(e).__name__, 'message': str(e), 'in_constructor': True}
    out = []
    for k in range(steps):
        out.append(repr(float(read(opt, kind))))
        if k == steps - 1:
            break
        opt.step()
        try:
            sched.step()
        except Exception as e:  # noqa: BLE001 - recorded
            return out, {'step': k + 1, 'type': type(e).__name__, 'message': str(e)}
    return out, None


def r(rng, lo, hi, digits=4):
    return round(rng.uniform(lo, hi), digits)


def cyclic_cases(rng):
    cases = [
        ('defaults', {'base_lr': 0.001, 'max_lr': 0.01, 'step_size_up': 5}, 30),
        ('triangular2', {'base_lr': 0.001, 'max_lr': 0.01, 'step_size_up': 4, 'step_size_down': 7, 'mode': 'triangular2'}, 60),
        ('exp_range', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 6, 'mode': 'exp_range', 'gamma': 0.97}, 80),
        ('scale_fn cycle', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 5, 'scale_fn': 'lambda x: 0.5 ** x'}, 50),
        ('scale_fn iterations', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 5, 'scale_fn': 'lambda x: 1 / (1 + 0.01 * x)', 'scale_mode': 'iterations'}, 50),
        ('step_size_down 0', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 3, 'step_size_down': 0}, 20),
        ('base above max', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 4, 'base_momentum': 0.95, 'max_momentum': 0.7}, 30),
        ('fractional sizes', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 2.5, 'step_size_down': 3.7}, 40),
        ('cycle_momentum off', {'base_lr': 0.01, 'max_lr': 0.1, 'step_size_up': 4, 'cycle_momentum': False}, 10),
    ]
    lambdas = ['lambda x: 0.5 ** x', 'lambda x: 1.0 / (x + 1)', 'lambda x: math.exp(-0.01 * x)', 'lambda x: 0.9 ** x']
    for i in range(24):
        up = rng.randint(1, 40)
        p = {'base_lr': r(rng, 1e-4, 0.01, 6), 'max_lr': r(rng, 0.01, 1.0), 'step_size_up': up,
             'base_momentum': r(rng, 0.5, 0.9), 'max_momentum': r(rng, 0.85, 0.99)}
        if rng.random() < 0.6:
            p['step_size_down'] = rng.randint(1, 40)
        which = rng.choice(['triangular', 'triangular2', 'exp_range', 'scale_fn'])
        if which == 'scale_fn':
            p['scale_fn'] = rng.choice(lambdas)
            p['scale_mode'] = rng.choice(['cycle', 'iterations'])
        else:
            p['mode'] = which
            if which == 'exp_range':
                p['gamma'] = r(rng, 0.9, 1.0)
        steps = min(400, 3 * (up + p.get('step_size_down', up)) + rng.randint(0, 20))
        cases.append((f'random {i} {which}', p, steps))
    return 'torch.CyclicLR', cases


def onecycle_cases(rng):
    cases = [
        ('defaults cos', {'max_lr': 0.1, 'total_steps': 100}, 101),
        ('linear', {'max_lr': 0.1, 'total_steps': 100, 'anneal_strategy': 'linear'}, 101),
        ('three_phase cos', {'max_lr': 0.1, 'total_steps': 120, 'three_phase': True}, 121),
        ('three_phase linear', {'max_lr': 0.1, 'total_steps': 120, 'three_phase': True, 'anneal_strategy': 'linear'}, 121),
        ('three_phase pct 0.6', {'max_lr': 0.1, 'total_steps': 50, 'three_phase': True, 'pct_start': 0.6}, 51),
        ('epochs x steps_per_epoch', {'max_lr': 0.05, 'epochs': 4, 'steps_per_epoch': 25}, 101),
        ('past total_steps raises', {'max_lr': 0.1, 'total_steps': 20}, 30),
        ('pct_start 0', {'max_lr': 0.1, 'total_steps': 30, 'pct_start': 0.0}, 31),
        ('pct_start 1', {'max_lr': 0.1, 'total_steps': 30, 'pct_start': 1.0}, 31),
        ('base above max', {'max_lr': 0.1, 'total_steps': 40, 'base_momentum': 0.99, 'max_momentum': 0.8}, 41),
        ('cycle_momentum off', {'max_lr': 0.1, 'total_steps': 40, 'cycle_momentum': False}, 10),
    ]
    for i in range(24):
        total = rng.randint(5, 600)
        pct = r(rng, 0.05, 0.95, 3)
        if pct * total - 1 == 0:
            pct += 0.01
        p = {'max_lr': r(rng, 1e-3, 1.0), 'total_steps': total, 'pct_start': pct,
             'anneal_strategy': rng.choice(['cos', 'linear']), 'three_phase': rng.random() < 0.4,
             'base_momentum': r(rng, 0.5, 0.9), 'max_momentum': r(rng, 0.85, 0.99),
             'div_factor': r(rng, 2, 100, 2), 'final_div_factor': r(rng, 10, 1e5, 1)}
        cases.append((f'random {i}', p, total + 1))
    return 'torch.OneCycleLR', cases


def main():
    rng = random.Random(SEED)
    files = []
    for scheduler, cases in (cyclic_cases(rng), onecycle_cases(rng)):
        for name, params, steps in cases:
            spec = {'scheduler': scheduler, 'params': params}
            case = {'name': f'{scheduler[len("torch."):]}/{name}', 'spec': spec, 'steps': steps}
            for kind in ('sgd', 'adam'):
                values, raised = run(spec, steps, kind)
                case[kind] = values
                if raised:
                    case[f'{kind}_raised'] = raised
            files.append(case)
    major = torch.__version__.split('.')[0]
    OUT.mkdir(parents=True, exist_ok=True)
    doc = {'torch': torch.__version__, 'python': platform.python_version(), 'cases': files}
    (OUT / f'torch{major}.json').write_text(json.dumps(doc, indent=1) + '\n')
    print(f'{len(files)} cases -> {OUT / f"torch{major}.json"}')


if __name__ == '__main__':
    main()
