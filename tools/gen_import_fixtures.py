#!/usr/bin/env python3
"""Recorded curves for the import fixtures (test/import/fixtures/) whose framework is installed here: each fixture's
own code or config run in the real framework, the lr recorded at every scheduler step.

Run in a virtual environment with torch, transformers, timm, keras, optax and lightning (the machine's offline wheels;
then `pip uninstall torchvision`, which pip brings in with timm and which does not match this torch):

    pip install --no-index --find-links <wheel folders> torch transformers timm keras optax jax jaxlib pyyaml accelerate lightning
    pip uninstall -y torchvision
    TIMM_TRAIN_PY=<pytorch-image-models checkout>/train.py KERAS_BACKEND=jax <venv>/bin/python tools/gen_import_fixtures.py    # or: FIXTURES_PYTHON=<venv>/bin/python npm run fixtures:import

Writes test/import/fixtures/<name>.curve.json: {fixture, context, stepping, framework, precision, lrs}. `context` is
the run context the test passes to importSchedules (what the snippet takes from the run: len(loader), the dataset
size); lrs[j] is the lr in force for step j * stride (update or epoch, as the fixture steps it) of `steps`: repr
floats, float32 values (Keras, Optax) with the shortest digits that read back as the same float32.

- Python fixtures are executed: every module-level statement except the training loops (a `for` / `while` at the
  top level: they only call step()), with stand-ins for what a snippet takes from its surroundings (a model, a
  DataLoader of the context's length). The scheduler object the code made is then stepped as its loop does:
  PyTorch/transformers `scheduler.step()` after reading `optimizer.param_groups[0]['lr']`; timm's train.py
  `scheduler.step(epoch + 1)` after each epoch; Optax and Keras schedules called with the step.
  `tensorflow` is not installed: `tf.keras` is Keras 3 (what TF 2.16+ ships as tf.keras).
- Configs go through the framework's own code: Hugging Face `TrainingArguments` (`HfArgumentParser` for the flags,
  the dataclass for YAML / JSON) and `transformers.get_scheduler(args.lr_scheduler_type, ...,
  args.get_warmup_steps(total), args.lr_scheduler_kwargs)` as Trainer.create_scheduler calls it, with the total
  computed as Trainer does; Keras JSON through `keras.optimizers.schedules.deserialize`.

- timm's train.py flags and args YAML: train.py is not in the timm wheel; with TIMM_TRAIN_PY=<path of train.py from a
  checkout of huggingface/pytorch-image-models> (and TIMM_TRAIN_PY_REV=<its commit>, for the record) its own
  argparse parser reads the fixture (an args YAML as the parser's defaults, as its _parse_args does), then timm's
  scheduler_kwargs and create_scheduler_v2 build the scheduler, stepped as train.py steps it. Only the --lr-base
  scaling (four lines inside train.py's main) is transcribed. Without TIMM_TRAIN_PY these two are left as they are.

- Lightning: the fixture's LightningModule trained by Lightning's Trainer (its wheel imports where torchvision is not
  installed in the venv: `pip uninstall torchvision`, which nothing here needs).

Not recorded, and why (their tests stay hand-checked): Paddle, PaddleOCR and mmengine are not installable here.
"""
import ast
import importlib.util
import json
import math
import os
import platform
import sys
import types
import warnings
from pathlib import Path

os.environ.setdefault('KERAS_BACKEND', 'jax')
os.environ.setdefault('JAX_PLATFORMS', 'cpu')
warnings.filterwarnings('ignore')

import torch  # noqa: E402

# timm/__init__ imports its models, which need a torchvision matching this torch; the scheduler and optimizer
# packages need torch alone: load timm as a bare package.
_timm = importlib.util.find_spec('timm')
_pkg = types.ModuleType('timm')
_pkg.__path__ = list(_timm.submodule_search_locations)
_pkg.__spec__ = _timm
sys.modules['timm'] = _pkg
# timm.optim imports timm.utils, which needs torchvision too: the optimizer is stood in by torch's AdamW with the
# arguments' lr (the kind of optimizer does not change the schedule)
_optim = types.ModuleType('timm.optim')
_optim.create_optimizer_v2 = lambda model, opt='sgd', lr=None, weight_decay=0.0, **kw: torch.optim.AdamW(
    model.parameters(), lr=lr, weight_decay=weight_decay)
sys.modules['timm.optim'] = _optim

import keras  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
import transformers  # noqa: E402
import transformers.utils.import_utils as _hf_imports  # noqa: E402

# the same torchvision mismatch: transformers must not try its image integrations
_hf_imports.is_torchvision_available = transformers.utils.is_torchvision_available = lambda: False
from transformers import HfArgumentParser, TrainingArguments, get_scheduler  # noqa: E402
import yaml  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / 'test' / 'import' / 'fixtures'


class Loader:
    """A DataLoader stand-in: only its length is read."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __iter__(self):
        return iter(range(self.n))


def execute(name, stand_ins):
    """The module-level statements of a fixture, without its training loops."""
    src = (FIXTURES / name).read_text()
    tree = ast.parse(src)
    tree.body = [s for s in tree.body if not isinstance(s, (ast.For, ast.While))]
    env = {'model': torch.nn.Linear(4, 2), '__name__': 'fixture'}
    env.update(stand_ins)
    if 'import tensorflow as tf' in src:
        tf = types.ModuleType('tf')
        tf.keras = keras
        sys.modules['tensorflow'] = tf
    exec(compile(tree, name, 'exec'), env)
    return env


def torch_steps(scheduler, optimizer, n):
    lrs = []
    for _ in range(n):
        lrs.append(optimizer.param_groups[0]['lr'])
        optimizer.step()
        scheduler.step()
    return lrs


def hf_total(args, dataset, devices=1):
    """Trainer's optimizer updates: max_steps, else ceil(len(dataloader) / accumulation) per epoch."""
    if args.max_steps > 0:
        return args.max_steps
    batches = math.ceil(dataset / (args.per_device_train_batch_size * devices))
    per_epoch = max(batches // args.gradient_accumulation_steps + int(batches % args.gradient_accumulation_steps > 0), 1)
    return math.ceil(args.num_train_epochs * per_epoch)


def hf_curve(args, total):
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    kwargs = args.lr_scheduler_kwargs
    if isinstance(kwargs, str):
        kwargs = json.loads(kwargs)
    sched = get_scheduler(args.lr_scheduler_type, opt, num_warmup_steps=args.get_warmup_steps(total), num_training_steps=total,
                          scheduler_specific_kwargs=kwargs or {})
    return torch_steps(sched, opt, total)


def hf_yaml(name, dataset):
    cfg = yaml.safe_load((FIXTURES / name).read_text())
    # transformers 5 spells 4.x's warmup_ratio as a warmup_steps below 1: ceil(ratio * total) in both
    if 'warmup_ratio' in cfg:
        cfg['warmup_steps'] = cfg.pop('warmup_ratio')
    # the other keys are LLaMA-Factory's own (model, stage, finetuning_type); mixed precision does not touch
    # the lr, and this CPU cannot run bf16
    fields = {f for f in TrainingArguments.__dataclass_fields__} - {'bf16', 'fp16'}
    args = TrainingArguments(**{'output_dir': '/tmp/out', **{k: v for k, v in cfg.items() if k in fields}})
    return hf_curve(args, hf_total(args, dataset))


def hf_json(name):
    cfg = json.loads((FIXTURES / name).read_text())
    args = TrainingArguments(**cfg)
    return hf_curve(args, hf_total(args, 0))


def hf_flags(name, dataset, devices):
    words = (FIXTURES / name).read_text().replace('\\\n', ' ').split()
    flags = words[words.index('run_glue.py') + 1:]
    (args,) = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses(args=flags, return_remaining_strings=True)[:1]
    return hf_curve(args, hf_total(args, dataset, devices))


def run_torch(name, n, stand_ins=None, opt='optimizer', sched='scheduler'):
    env = execute(name, stand_ins or {})
    return torch_steps(env[sched], env[opt], n)


def run_timm(name):
    env = execute(name, {})
    scheduler, epochs = env['scheduler'], env['num_epochs']
    opt = env['optimizer']
    lrs = []
    for epoch in range(epochs):
        lrs.append(opt.param_groups[0]['lr'])
        scheduler.step(epoch + 1)
    return lrs


def train_py_parser(path):
    """timm train.py's own argument parser: its module-level `parser` / `group` / `config_parser` statements, run
    with argparse alone (the rest of train.py imports its models and data, which need torchvision)."""
    tree = ast.parse(Path(path).read_text())
    names = {'parser', 'group', 'config_parser'}

    def keep(stmt):
        if isinstance(stmt, ast.Assign):
            return all(isinstance(t, ast.Name) and t.id in names for t in stmt.targets)
        if not isinstance(stmt, ast.Expr):
            return False
        # `group.add_argument(...),` (a stray comma, as train.py has for --warmup-prefix) is a tuple of the call.
        calls = stmt.value.elts if isinstance(stmt.value, ast.Tuple) else [stmt.value]
        return all(isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
                   and c.func.value.id in names for c in calls)

    tree.body = [st for st in tree.body if keep(st)]
    import argparse
    # utils.ParseKwargs (timm.utils needs torchvision) only parses --model-kwargs / --opt-kwargs, which no fixture has.
    env = {'argparse': argparse, 'utils': types.SimpleNamespace(ParseKwargs=argparse._StoreAction)}
    exec(compile(tree, 'train.py', 'exec'), env)
    return env['parser']


def run_train_py(parser, flags, config_yaml, world_size, loader_len):
    """What timm's train.py does with its arguments: _parse_args (an args YAML becomes the parser's defaults), the
    lr from --lr-base (train.py main(), transcribed: it is inside main with the model and data set-up), the real
    scheduler_kwargs and create_scheduler_v2, and its loop: step_update(num_updates) after each update, step(epoch + 1)
    after each epoch. The lr in force is recorded per epoch or per update as the scheduler counts."""
    from timm.scheduler import create_scheduler_v2, scheduler_kwargs
    if config_yaml is not None:
        parser.set_defaults(**yaml.safe_load(config_yaml))
    args = parser.parse_args(flags)
    if not args.lr:
        ratio = args.batch_size * world_size * args.grad_accum_steps / args.lr_base_size
        scale = args.lr_base_scale or ('sqrt' if any(o in args.opt.lower() for o in ('ada', 'lamb')) else 'linear')
        args.lr = args.lr_base * (ratio ** 0.5 if scale == 'sqrt' else ratio)
    optimizer = torch.optim.SGD(torch.nn.Linear(4, 2).parameters(), lr=args.lr)
    updates_per_epoch = (loader_len + args.grad_accum_steps - 1) // args.grad_accum_steps
    scheduler, num_epochs = create_scheduler_v2(optimizer, **scheduler_kwargs(args), updates_per_epoch=updates_per_epoch)
    lrs = []
    num_updates = 0
    for epoch in range(num_epochs):
        if scheduler.t_in_epochs:
            lrs.append(optimizer.param_groups[0]['lr'])
        else:
            for _ in range(updates_per_epoch):
                lrs.append(optimizer.param_groups[0]['lr'])
                num_updates += 1
                scheduler.step_update(num_updates=num_updates)
        scheduler.step(epoch + 1)
    return lrs


def run_lightning(name, total):
    """A Lightning fixture trained by Lightning's own Trainer for `total` optimizer steps (one epoch of `total`
    batches), its LightningModule given one layer (the fixture's has no parameters of its own); the lr recorded
    at the start of every training batch, after Lightning stepped the scheduler by its configure_optimizers dict."""
    import lightning as L
    env = execute(name, {})
    base = next(v for v in env.values() if isinstance(v, type) and issubclass(v, L.LightningModule) and v is not L.LightningModule)

    class Module(base):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(1, 1)

        def training_step(self, batch, _):
            return self.layer(batch).sum()

    lrs = []

    class Record(L.Callback):
        def on_train_batch_start(self, trainer, *_):
            lrs.append(trainer.optimizers[0].param_groups[0]['lr'])

    data = torch.utils.data.DataLoader(torch.zeros(total, 1), batch_size=1)
    trainer = L.Trainer(max_epochs=1, accelerator='cpu', devices=1, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, callbacks=[Record()])
    trainer.fit(Module(), data)
    return lrs


def run_schedule(fn, n):
    return [float(fn(i)) for i in range(n)]


def record(name, context, stepping, framework, precision, lrs, stride=1):
    """`steps` values in all, every `stride`-th kept; float32 ones with the shortest digits that give the float32 back."""
    kept = lrs[::stride]
    if precision == 'float32':
        values = '[' + ','.join(json.dumps(float(str(np.float32(x)))) for x in kept) + ']'
    else:
        values = json.dumps([float(x) for x in kept])
    head = {'fixture': name, 'context': context, 'stepping': stepping, 'framework': framework, 'precision': precision,
            'steps': len(lrs), 'stride': stride}
    (FIXTURES / f'{name}.curve.json').write_text(json.dumps(head, separators=(',', ':'))[:-1] + ',"lrs":' + values + '}\n')
    print(f'{name}: {len(lrs)} steps')


def main():
    tv = f'torch {torch.__version__}'
    hv = f'transformers {transformers.__version__} on {tv}'
    record('torch-sequential.py', {}, 'epoch', tv, 'float64', run_torch('torch-sequential.py', 100))
    record('torch-onecycle.py', {'stepsPerEpoch': 391}, 'iteration', tv, 'float64',
           run_torch('torch-onecycle.py', 3910, {'train_loader': Loader(391)}))
    record('lambda-def.py', {}, 'iteration', tv, 'float64', run_torch('lambda-def.py', 10000), 5)
    record('hf-get-scheduler.py', {'stepsPerEpoch': 200}, 'iteration', hv, 'float64',
           run_torch('hf-get-scheduler.py', 600, {'train_dataloader': Loader(200), 'model': torch.nn.Linear(4, 2)}, 'optimizer', 'lr_scheduler'))
    record('hf-llama-factory.yaml', {'datasetSize': 10000}, 'iteration', hv, 'float64', hf_yaml('hf-llama-factory.yaml', 10000))
    record('hf-trainer-args.json', {}, 'iteration', hv, 'float64', hf_json('hf-trainer-args.json'))
    record('hf-run-glue.sh', {'datasetSize': 3668}, 'iteration', hv, 'float64', hf_flags('hf-run-glue.sh', 3668, 4))
    record('timm-factory.py', {}, 'epoch', f'timm {_timm_version()} on {tv}', 'float64', run_timm('timm-factory.py'))
    train_py = os.environ.get('TIMM_TRAIN_PY')
    if train_py:
        tt = f'timm {_timm_version()} with its train.py ({os.environ.get("TIMM_TRAIN_PY_REV", "git HEAD")}) on {tv}'
        # distributed_train.sh 8 runs train.py on 8 processes with the rest of its arguments; the loader drops its
        # last batch: 1281167 // 128 per process and 8 processes = 1251 batches each.
        words = (FIXTURES / 'timm-resnet50.sh').read_text().replace('\\\n', ' ').split()
        record('timm-resnet50.sh', {'datasetSize': 1281167}, 'epoch', tt, 'float64',
               run_train_py(train_py_parser(train_py), words[2:], None, 8, 1281167 // (128 * 8)))
        record('timm-args.yaml', {'stepsPerEpoch': 2502}, 'iteration', tt, 'float64',
               run_train_py(train_py_parser(train_py), ['/data'], (FIXTURES / 'timm-args.yaml').read_text(), 1, 2502), 101)
    else:
        print('TIMM_TRAIN_PY not set (the path of timm\'s train.py, which the wheel does not ship): timm-resnet50.sh and '
              'timm-args.yaml not recorded')
    try:
        import lightning
        record('lightning.py', {'totalSteps': 5000}, 'iteration', f'lightning {lightning.__version__}, {hv}', 'float64',
               run_lightning('lightning.py', 5000), 5)
    except ImportError as e:
        print(f'lightning.py not recorded: {e}')
    env = execute('optax-join.py', {})
    record('optax-join.py', {}, 'iteration', f'optax {optax.__version__} (jax, float32)', 'float32', run_schedule(env['schedule'], 10000), 5)
    env = execute('keras-code.py', {})
    record('keras-code.py', {}, 'iteration', f'keras {keras.__version__} (jax, float32)', 'float32', run_schedule(env['lr_schedule'], 30000), 10)
    sched = keras.optimizers.schedules.deserialize(json.loads((FIXTURES / 'keras-cosine.json').read_text()))
    record('keras-cosine.json', {}, 'iteration', f'keras {keras.__version__} (jax, float32)', 'float32', run_schedule(sched, 1100))
    print(f'python {platform.python_version()}')


def _timm_version():
    from importlib.metadata import version
    return version('timm')


if __name__ == '__main__':
    main()
