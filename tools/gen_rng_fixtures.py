#!/usr/bin/env python3
"""Reference values for the timm noise path and the correctly rounded log.

Run with the system Python that has PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 tools/gen_rng_fixtures.py

Writes, under test/fixtures/rng/:

* torch_rng.json  -- torch.Generator().manual_seed(s) followed by torch.randn(1) / torch.rand(1)
                     draws (real torch), for many seeds and draw counts.
* timm_noise.json -- timm's Scheduler._calculate_noise(t) for many t and noise_pct (real torch RNG),
                     and whole noisy timm schedules from a transcription of timm.scheduler
                     (timm is not installed; the classes below follow timm's source line by line;
                     PlateauLRScheduler wraps the real torch.optim.lr_scheduler.ReduceLROnPlateau).
* crlog.json      -- math.log(x) (CPython + glibc) for thousands of inputs (with the few inputs where
                     glibc's log is not correctly rounded, found with exact decimal arithmetic,
                     and the correctly rounded value there), and timm's cycle index
                     math.floor(math.log(1 - t / T0 * (1 - m), m)) at every exact restart boundary
                     t = T0 (m^c - 1) / (m - 1) <= 20000 for m in {1.1, 1.2, 1.5, 2, 3, ..., 10},
                     T0 in 1..100.
"""
import bisect
import json
import math
import os
import random
import struct
from decimal import Decimal, getcontext
from fractions import Fraction

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'rng')


def dump(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', os.path.relpath(path), os.path.getsize(path), 'bytes')


# ---------------------------------------------------------------------------------------------
# torch RNG


def torch_rng():
    rnd = random.Random(1234)
    seeds = [0, 1, 2, 3, 41, 42, 43, 44, 100, 1000, 12345, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**32 + 5,
             2**40 + 7, 2**53 - 1, -1, -2, -12345, -(2**31)]
    seeds += [rnd.randrange(0, 2**32) for _ in range(40)]
    seeds += [rnd.randrange(0, 10**6) for _ in range(40)]
    randn, rand, mixed = [], [], []
    for s in seeds:
        g = torch.Generator()
        g.manual_seed(s)
        randn.append([torch.randn(1, generator=g).item() for _ in range(12)])
        g.manual_seed(s)
        rand.append([torch.rand(1, generator=g).item() for _ in range(12)])
        # Interleaved: rand() does not consume the cached normal sample.
        g.manual_seed(s)
        seq = []
        for op in 'nrnnrrnnnrn':
            seq.append(torch.randn(1, generator=g).item() if op == 'n' else torch.rand(1, generator=g).item())
        mixed.append(seq)
    # A long stream: 700 uniforms cross the 624-word regeneration boundary.
    g = torch.Generator()
    g.manual_seed(42)
    long_rand = [torch.rand(1, generator=g).item() for _ in range(1300)]
    g.manual_seed(7)
    long_randn = [torch.randn(1, generator=g).item() for _ in range(700)]
    dump('torch_rng.json', {
        'torch': torch.__version__,
        'seeds': seeds,
        'randn': randn,
        'rand': rand,
        'mixed_ops': 'nrnnrrnnnrn',
        'mixed': mixed,
        'long_rand_seed42': long_rand,
        'long_randn_seed7': long_randn,
    })


# ---------------------------------------------------------------------------------------------
# timm (transcribed from timm/scheduler/*.py)


class Scheduler:
    def __init__(self, optimizer, param_group_field, t_in_epochs=True, noise_range_t=None, noise_type='normal',
                 noise_pct=0.67, noise_std=1.0, noise_seed=None, initialize=True):
        self.optimizer = optimizer
        self.param_group_field = param_group_field
        self._initial_param_group_field = f"initial_{param_group_field}"
        if initialize:
            for group in self.optimizer.param_groups:
                group.setdefault(self._initial_param_group_field, group[param_group_field])
        self.base_values = [group[self._initial_param_group_field] for group in self.optimizer.param_groups]
        self.metric = None
        self.t_in_epochs = t_in_epochs
        self.noise_range_t = noise_range_t
        self.noise_pct = noise_pct
        self.noise_type = noise_type
        self.noise_std = noise_std
        self.noise_seed = noise_seed if noise_seed is not None else 42
        self.update_groups(self.base_values)

    def _get_lr(self, t):
        raise NotImplementedError

    def _get_values(self, t, on_epoch=True):
        proceed = (on_epoch and self.t_in_epochs) or (not on_epoch and not self.t_in_epochs)
        if not proceed:
            return None
        return self._get_lr(t)

    def step(self, epoch, metric=None):
        self.metric = metric
        values = self._get_values(epoch, on_epoch=True)
        if values is not None:
            values = self._add_noise(values, epoch)
            self.update_groups(values)

    def step_update(self, num_updates, metric=None):
        self.metric = metric
        values = self._get_values(num_updates, on_epoch=False)
        if values is not None:
            values = self._add_noise(values, num_updates)
            self.update_groups(values)

    def update_groups(self, values):
        if not isinstance(values, (list, tuple)):
            values = [values] * len(self.optimizer.param_groups)
        for param_group, value in zip(self.optimizer.param_groups, values):
            param_group[self.param_group_field] = value

    def _add_noise(self, lrs, t):
        if self._is_apply_noise(t):
            noise = self._calculate_noise(t)
            lrs = [v + v * noise for v in lrs]
        return lrs

    def _is_apply_noise(self, t):
        apply_noise = False
        if self.noise_range_t is not None:
            if isinstance(self.noise_range_t, (list, tuple)):
                apply_noise = self.noise_range_t[0] <= t < self.noise_range_t[1]
            else:
                apply_noise = t >= self.noise_range_t
        return apply_noise

    def _calculate_noise(self, t):
        g = torch.Generator()
        g.manual_seed(self.noise_seed + t)
        if self.noise_type == 'normal':
            while True:
                noise = torch.randn(1, generator=g).item()
                if abs(noise) < self.noise_pct:
                    return noise
        else:
            noise = 2 * (torch.rand(1, generator=g).item() - 0.5) * self.noise_pct
        return noise


def cycle(self, t):
    if self.cycle_mul != 1:
        i = math.floor(math.log(1 - t / self.t_initial * (1 - self.cycle_mul), self.cycle_mul))
        t_i = self.cycle_mul ** i * self.t_initial
        t_curr = t - (1 - self.cycle_mul ** i) / (1 - self.cycle_mul) * self.t_initial
    else:
        i = t // self.t_initial
        t_i = self.t_initial
        t_curr = t - (self.t_initial * i)
    return i, t_i, t_curr


class WarmupScheduler(Scheduler):
    """The constructor and `_get_lr` lines every timm class repeats: noise arguments, warmup, prefix.

    timm's classes each spell these out; here they are written once. `curve(t)` is the class's own
    branch of `_get_lr` after `if self.warmup_prefix: t = t - self.warmup_t`.
    """

    def __init__(self, optimizer, warmup_t, warmup_lr_init, warmup_prefix, t_in_epochs=True, noise_range_t=None,
                 noise_pct=0.67, noise_std=1.0, noise_seed=42, initialize=True, **own):
        super().__init__(optimizer, 'lr', t_in_epochs=t_in_epochs, noise_range_t=noise_range_t,
                         noise_pct=noise_pct, noise_std=noise_std, noise_seed=noise_seed, initialize=initialize)
        self.__dict__.update(own)
        self.warmup_t = warmup_t
        self.warmup_lr_init = warmup_lr_init
        self.warmup_prefix = warmup_prefix
        if self.warmup_t:
            self.warmup_steps = [(v - warmup_lr_init) / self.warmup_t for v in self.warmup_targets()]
            super().update_groups(self.warmup_lr_init)
        else:
            self.warmup_steps = [1 for _ in self.base_values]

    def warmup_targets(self):
        return self.base_values

    def _get_lr(self, t):
        if t < self.warmup_t:
            return [self.warmup_lr_init + t * s for s in self.warmup_steps]
        if self.warmup_prefix:
            t = t - self.warmup_t
        return self.curve(t)


class CosineLRScheduler(WarmupScheduler):
    def __init__(self, optimizer, t_initial, lr_min=0., cycle_mul=1., cycle_decay=1., cycle_limit=1, warmup_t=0,
                 warmup_lr_init=0, warmup_prefix=False, k_decay=1.0, **kw):
        assert t_initial > 0
        assert lr_min >= 0
        super().__init__(optimizer, warmup_t, warmup_lr_init, warmup_prefix, t_initial=t_initial, lr_min=lr_min,
                         cycle_mul=cycle_mul, cycle_decay=cycle_decay, cycle_limit=cycle_limit, k_decay=k_decay, **kw)

    def curve(self, t):
        i, t_i, t_curr = cycle(self, t)
        gamma = self.cycle_decay ** i
        lr_max_values = [v * gamma for v in self.base_values]
        k = self.k_decay
        if i < self.cycle_limit:
            return [self.lr_min + 0.5 * (lr_max - self.lr_min) * (1 + math.cos(math.pi * t_curr ** k / t_i ** k))
                    for lr_max in lr_max_values]
        return [self.lr_min for _ in self.base_values]


class TanhLRScheduler(WarmupScheduler):
    def __init__(self, optimizer, t_initial, lb=-7., ub=3., lr_min=0., cycle_mul=1., cycle_decay=1., cycle_limit=1,
                 warmup_t=0, warmup_lr_init=0, warmup_prefix=False, **kw):
        assert t_initial > 0
        assert lr_min >= 0
        assert lb < ub
        assert cycle_limit >= 0
        assert warmup_t >= 0
        assert warmup_lr_init >= 0
        super().__init__(optimizer, warmup_t, warmup_lr_init, warmup_prefix, lb=lb, ub=ub, t_initial=t_initial,
                         lr_min=lr_min, cycle_mul=cycle_mul, cycle_decay=cycle_decay, cycle_limit=cycle_limit, **kw)

    def warmup_targets(self):
        # timm: t_v = self.base_values if self.warmup_prefix else self._get_lr(self.warmup_t)
        return self.base_values if self.warmup_prefix else self.curve(self.warmup_t)

    def curve(self, t):
        i, t_i, t_curr = cycle(self, t)
        if i < self.cycle_limit:
            gamma = self.cycle_decay ** i
            lr_max_values = [v * gamma for v in self.base_values]
            tr = t_curr / t_i
            return [self.lr_min + 0.5 * (lr_max - self.lr_min) * (1 - math.tanh(self.lb * (1. - tr) + self.ub * tr))
                    for lr_max in lr_max_values]
        return [self.lr_min for _ in self.base_values]


class PolyLRScheduler(WarmupScheduler):
    def __init__(self, optimizer, t_initial, power=0.5, lr_min=0., cycle_mul=1., cycle_decay=1., cycle_limit=1,
                 warmup_t=0, warmup_lr_init=0, warmup_prefix=False, k_decay=1.0, **kw):
        assert t_initial > 0
        assert lr_min >= 0
        super().__init__(optimizer, warmup_t, warmup_lr_init, warmup_prefix, t_initial=t_initial, power=power,
                         lr_min=lr_min, cycle_mul=cycle_mul, cycle_decay=cycle_decay, cycle_limit=cycle_limit,
                         k_decay=k_decay, **kw)

    def curve(self, t):
        i, t_i, t_curr = cycle(self, t)
        gamma = self.cycle_decay ** i
        lr_max_values = [v * gamma for v in self.base_values]
        k = self.k_decay
        if i < self.cycle_limit:
            return [self.lr_min + (lr_max - self.lr_min) * (1 - t_curr ** k / t_i ** k) ** self.power
                    for lr_max in lr_max_values]
        return [self.lr_min for _ in self.base_values]


class StepLRScheduler(WarmupScheduler):
    def __init__(self, optimizer, decay_t, decay_rate=1., warmup_t=0, warmup_lr_init=0, warmup_prefix=True, **kw):
        super().__init__(optimizer, warmup_t, warmup_lr_init, warmup_prefix, decay_t=decay_t, decay_rate=decay_rate,
                         **kw)

    def curve(self, t):
        return [v * (self.decay_rate ** (t // self.decay_t)) for v in self.base_values]


class MultiStepLRScheduler(StepLRScheduler):
    def curve(self, t):
        # get_curr_decay_steps: bisect.bisect_right(self.decay_t, t + 1)
        return [v * (self.decay_rate ** bisect.bisect_right(self.decay_t, t + 1)) for v in self.base_values]


class PlateauLRScheduler(Scheduler):
    def __init__(self, optimizer, decay_rate=0.1, patience_t=10, threshold=1e-4, cooldown_t=0, warmup_t=0,
                 warmup_lr_init=0, lr_min=0, mode='max', noise_range_t=None, noise_type='normal', noise_pct=0.67,
                 noise_std=1.0, noise_seed=None, initialize=True):
        super().__init__(optimizer, 'lr', noise_range_t=noise_range_t, noise_type=noise_type, noise_pct=noise_pct,
                         noise_std=noise_std, noise_seed=noise_seed, initialize=initialize)
        self.lr_scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
            self.optimizer, patience=patience_t, factor=decay_rate, threshold=threshold, cooldown=cooldown_t,
            mode=mode, min_lr=lr_min)
        self.warmup_t = warmup_t
        self.warmup_lr_init = warmup_lr_init
        if self.warmup_t:
            self.warmup_steps = [(v - warmup_lr_init) / self.warmup_t for v in self.base_values]
            super().update_groups(self.warmup_lr_init)
        else:
            self.warmup_steps = [1 for _ in self.base_values]
        self.restore_lr = None

    def step(self, epoch, metric=None):
        if epoch <= self.warmup_t:
            lrs = [self.warmup_lr_init + epoch * s for s in self.warmup_steps]
            super().update_groups(lrs)
        else:
            if self.restore_lr is not None:
                for i, param_group in enumerate(self.optimizer.param_groups):
                    param_group['lr'] = self.restore_lr[i]
                self.restore_lr = None
            self.lr_scheduler.step(metric, epoch)
            if self._is_apply_noise(epoch):
                self._apply_noise(epoch)

    def step_update(self, num_updates, metric=None):
        return None

    def _apply_noise(self, epoch):
        noise = self._calculate_noise(epoch)
        restore_lr = []
        for param_group in self.optimizer.param_groups:
            old_lr = float(param_group['lr'])
            restore_lr.append(old_lr)
            param_group['lr'] = old_lr + old_lr * noise
        self.restore_lr = restore_lr


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


CLASSES = {
    'timm.CosineLRScheduler': CosineLRScheduler,
    'timm.TanhLRScheduler': TanhLRScheduler,
    'timm.PolyLRScheduler': PolyLRScheduler,
    'timm.StepLRScheduler': StepLRScheduler,
    'timm.MultiStepLRScheduler': MultiStepLRScheduler,
    'timm.PlateauLRScheduler': PlateauLRScheduler,
}


def run_timm(spec, steps, metrics=None):
    """result[i] = lr set by step(i) (t_in_epochs) / step_update(i); Plateau: construction, then step(i + 1, m[i])."""
    params = dict(spec['params'])
    lr = params.pop('lr')
    params.pop('t_in_epochs', None)
    opt = optimizer(lr)
    cls = CLASSES[spec['scheduler']]
    if cls is PlateauLRScheduler:
        sched = cls(opt, **params)
        out = []
        for i in range(steps):
            out.append(opt.param_groups[0]['lr'])
            sched.step(i + 1, metrics[i])
        return out
    sched = cls(opt, t_in_epochs=False, **params)
    out = []
    for i in range(steps):
        sched.step_update(i)
        out.append(opt.param_groups[0]['lr'])
    return out


def timm_noise():
    noise = []
    for pct, seed0, count in [(0.67, 42, 600), (0.1, 0, 300), (1.0, 1000, 200), (0.01, 7, 40), (2.5, 3, 100)]:
        s = Scheduler(optimizer(1.0), 'lr', noise_range_t=0, noise_pct=pct, noise_seed=seed0)
        noise.append({'pct': pct, 'seed': seed0, 'type': 'normal',
                      'values': [s._calculate_noise(t) for t in range(count)]})
    s = Scheduler(optimizer(1.0), 'lr', noise_range_t=0, noise_type='uniform', noise_pct=0.3, noise_seed=5)
    noise.append({'pct': 0.3, 'seed': 5, 'type': 'uniform', 'values': [s._calculate_noise(t) for t in range(200)]})

    rnd = random.Random(99)
    plateau_metrics = [1.0 - 0.1 * math.floor(i / 7) + 0.01 * rnd.random() for i in range(120)]
    specs = [
        ({'scheduler': 'timm.CosineLRScheduler',
          'params': {'lr': 0.1, 't_initial': 50, 'lr_min': 1e-4, 'warmup_t': 5, 'warmup_lr_init': 1e-3,
                     'noise_range_t': [10, 40], 'noise_pct': 0.67, 'noise_std': 1.0, 'noise_seed': 42}}, 80),
        ({'scheduler': 'timm.CosineLRScheduler',
          'params': {'lr': 0.05, 't_initial': 7, 'cycle_mul': 1.5, 'cycle_decay': 0.8, 'cycle_limit': 6,
                     'lr_min': 1e-5, 'noise_range_t': 20, 'noise_pct': 0.3, 'noise_seed': 3, 'k_decay': 1.5}}, 150),
        ({'scheduler': 'timm.TanhLRScheduler',
          'params': {'lr': 0.2, 't_initial': 40, 'warmup_t': 3, 'warmup_lr_init': 0.01,
                     'noise_range_t': [0, 60], 'noise_pct': 0.2, 'noise_seed': 1}}, 70),
        ({'scheduler': 'timm.StepLRScheduler',
          'params': {'lr': 0.1, 'decay_t': 10, 'decay_rate': 0.5, 'warmup_t': 2, 'warmup_lr_init': 0.0,
                     'noise_range_t': 5, 'noise_pct': 0.5, 'noise_seed': 123}}, 60),
        ({'scheduler': 'timm.MultiStepLRScheduler',
          'params': {'lr': 0.1, 'decay_t': [10, 20, 30], 'decay_rate': 0.3,
                     'noise_range_t': [15, 25], 'noise_pct': 0.67, 'noise_seed': 9}}, 40),
        ({'scheduler': 'timm.PolyLRScheduler',
          'params': {'lr': 0.3, 't_initial': 30, 'power': 2.0, 'lr_min': 0.001, 'cycle_limit': 2,
                     'noise_range_t': 10, 'noise_pct': 0.67, 'noise_seed': 2024}}, 70),
        ({'scheduler': 'timm.PlateauLRScheduler',
          'params': {'lr': 0.1, 'decay_rate': 0.5, 'patience_t': 2, 'mode': 'min', 'warmup_t': 3,
                     'warmup_lr_init': 0.001, 'noise_range_t': [5, 80], 'noise_pct': 0.67}}, 120),
        ({'scheduler': 'timm.PlateauLRScheduler',
          'params': {'lr': 0.1, 'decay_rate': 0.5, 'patience_t': 1, 'cooldown_t': 2, 'mode': 'min',
                     'noise_range_t': 30, 'noise_type': 'uniform', 'noise_pct': 0.4, 'noise_seed': 11}}, 120),
    ]
    schedules = []
    for spec, steps in specs:
        metrics = plateau_metrics if spec['scheduler'] == 'timm.PlateauLRScheduler' else None
        schedules.append({'spec': spec, 'steps': steps, 'metrics': metrics, 'lrs': run_timm(spec, steps, metrics)})
    dump('timm_noise.json', {'torch': torch.__version__, 'noise': noise, 'schedules': schedules})


# ---------------------------------------------------------------------------------------------
# log


def bits_to_float(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def crlog():
    rnd = random.Random(4242)
    xs = set()
    while len(xs) < 1200:  # any positive finite double, subnormals included
        x = bits_to_float(rnd.randrange(1, 0x7FF0000000000000))
        xs.add(x)
    for _ in range(1000):
        xs.add(rnd.uniform(0.5, 2.0))
    for _ in range(500):
        xs.add(1.0 + rnd.randrange(1, 2**20) * 2.0**-52)
        xs.add(1.0 - rnd.randrange(1, 2**20) * 2.0**-53)
    for _ in range(500):
        xs.add(float(rnd.randrange(1, 10**7)))
    for _ in range(1000):  # the argument timm's cycle index takes the log of
        m = rnd.choice([rnd.uniform(0.05, 0.999), rnd.uniform(1.001, 10.0)])
        t0 = rnd.randrange(1, 1000)
        t = rnd.randrange(0, 10**6)
        x = 1 - t / t0 * (1 - m)
        if x > 0:
            xs.add(x)
            xs.add(m)
    for k in range(-1074, 1024, 5):
        xs.add(2.0**k)
    xs = sorted(xs)
    values = [[x, math.log(x)] for x in xs]
    # glibc's log is not correctly rounded everywhere (error bound 0.52 ulp): find the inputs where
    # it is not, with exact decimal arithmetic, so the test can tell them apart.
    getcontext().prec = 80
    misrounded = []
    for x, y in values:
        exact = Decimal(x).ln()
        nearest = min((y, math.nextafter(y, -math.inf), math.nextafter(y, math.inf)),
                      key=lambda c: abs(Decimal(c) - exact))
        if nearest != y:
            misrounded.append([x, y, nearest])
    print(f'{len(values)} log inputs, glibc misrounds {len(misrounded)}')

    mults = ['1.1', '1.2', '1.5', '2', '3', '4', '5', '6', '7', '8', '9', '10']
    boundaries = []
    wrong = 0
    for ms in mults:
        mq = Fraction(ms)
        m = float(ms)
        for t0 in range(1, 101):
            c = 1
            while True:
                tq = t0 * (mq**c - 1) / (mq - 1)
                if tq > 2 * 10**4:
                    break
                if tq.denominator == 1:
                    t = int(tq)
                    x = 1 - t / t0 * (1 - m)
                    i = math.floor(math.log(x, m))
                    if i != c:
                        wrong += 1
                    boundaries.append([ms, t0, t, math.log(x), i])
                c += 1
    print(f'{len(boundaries)} exact boundaries, CPython puts {wrong} in the previous cycle')
    dump('crlog.json', {'python': 'CPython 3.11 + glibc 2.36 (x86-64, FMA variant of log)', 'log': values,
                        'glibc_misrounded': misrounded, 'multipliers': mults, 'boundaries': boundaries})


if __name__ == '__main__':
    torch_rng()
    timm_noise()
    crlog()
