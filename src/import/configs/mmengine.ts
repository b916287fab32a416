/**
 * OpenMMLab (mmengine) `param_scheduler` lists, as the runner builds and steps them
 * (mmengine/runner/runner.py `_build_param_scheduler`, mmengine/optim/scheduler/param_scheduler.py,
 * mmengine/hooks/param_scheduler_hook.py):
 *
 * - every scheduler is constructed in list order (its constructor steps once: step 0) and then
 *   stepped after every iteration (`by_epoch=False`) or every epoch (`by_epoch=True`, the default),
 *   iteration schedulers before epoch ones at an epoch's last iteration;
 * - each changes the lr only while its own counter is in [begin, end) (`end` defaults to the train
 *   loop's max_epochs / max_iters), counting its steps from `begin`, and holds it after;
 * - the schedulers are chainable: each multiplies (or, for a cosine with eta_min, transforms) the lr
 *   the others left, which is what torch.ChainedScheduler does; OneCycleLR overwrites it;
 * - `convert_to_iter_based=True` multiplies begin, end and the step counts by len(train_dataloader).
 *
 * A list becomes a registry composition that computes the same rates: the one scheduler, a
 * torch.ChainedScheduler where all begin at 0, a torch.SequentialLR where they follow one another
 * (a MultiplicativeLR(lambda epoch: 1.0) holds the rate in the gaps and after the last end). What
 * no composition computes exactly is refused with the reason, never drawn approximately.
 */
import type { ScheduleSpec, Stepping } from '../../schedules';
import { pyFloat } from '../../schedules/pyliteral';
import { importErrorAt } from '../errors';
import type { Value } from '../python/interpret';
import type { RunContext } from '../types';
import { NEEDS_STEPS, boolOf, fillContext, numberOf, stepsPerEpochOf, type ConfigSource, type Reading } from './common';

/** mmengine's `INF = int(1e9)`: the default `end`. */
const INF = 1e9;

export const MMENGINE_LR_SCHEDULERS = [
  'LinearLR', 'ConstantLR', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'PolyLR', 'OneCycleLR',
  'CosineRestartLR', 'QuadraticWarmupLR',
];
/** Epoch schedulers whose rate is a staircase in iterations anyway: exact in an iteration run. */
const STAIRS = new Set(['StepLR', 'MultiStepLR', 'ExponentialLR', 'ConstantLR']);
/** Epoch schedulers drawn in an iteration run from their closed form at epoch t // steps_per_epoch. */
const CLOSED_STAIRS = new Set(['CosineAnnealingLR', 'LinearLR', 'PolyLR']);

/** The keys of a config that the reader uses. */
export const MMENGINE_KEYS = ['param_scheduler', 'train_cfg', 'optim_wrapper', 'optimizer', 'train_dataloader', 'auto_scale_lr'];

const HOLD: ScheduleSpec = { scheduler: 'torch.MultiplicativeLR', params: { lr_lambda: 'lambda epoch: 1.0' } };

type Raw = Record<string, unknown>;

/** One scheduler of the list in the run's unit. */
interface Entry {
  type: string;
  raw: Raw;
  pos: number;
  /** Stepped every epoch (after conversion). */
  byEpoch: boolean;
  begin: number;
  end: number;
  /** Multiplied by len(train_dataloader) (convert_to_iter_based). */
  converted: boolean;
  /** An epoch staircase drawn in iterations. */
  stairs: boolean;
}

/** A scheduler as a registry child, with what the composition needs to know about it. */
interface Child {
  name: string;
  spec: ScheduleSpec;
  begin: number;
  end: number;
  pos: number;
  /** Its own formula stops changing the rate by `end` (LinearLR past total_iters). */
  holds: boolean;
  /** It leaves the base lr at its end (a warmup to end_factor 1), up to float rounding. */
  endsAtBase: boolean;
  /** It transforms the lr it finds (chainable) rather than setting it. */
  fromCurrent: boolean;
  /** Drawn by a closed form that sets the rate: exact only while no other scheduler is active. */
  alone: boolean;
  /** Only as the whole schedule (a Paddle PolynomialDecay for PolyLR with eta_min). */
  standalone: boolean;
  /** An epoch staircase drawn in iterations (stepped after the iteration schedulers). */
  stairs: boolean;
}

/** A Python config value as plain data: imported names (`type=CosineAnnealingLR`) by their name. */
export function plainOfPython(v: Value): unknown {
  switch (v.t) {
    case 'num':
    case 'str':
    case 'bool':
      return v.v;
    case 'none':
      return null;
    case 'ref':
      return v.path.split('.').pop();
    case 'list':
      return v.items.map(plainOfPython);
    case 'dict': {
      const out: Raw = {};
      for (const [k, x] of v.entries) if (k.t === 'str' || k.t === 'num') out[String(k.v)] = plainOfPython(x);
      return out;
    }
    default:
      return undefined;
  }
}

/** The offset of the n-th `type=X` / `type: X` / `"type": "X"` in the text (0 where not found). */
function offsetOfType(text: string, type: string, nth: number): number {
  const re = new RegExp(`["']?type["']?\\s*[=:]\\s*["']?(?:[\\w.]*\\.)?${type}\\b`, 'g');
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text))) if (i++ === nth) return m.index;
  return Math.max(0, text.indexOf('param_scheduler'));
}

const asRecord = (v: unknown): Raw | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined);

export function readMmengine(cfg: Raw, src: ConfigSource, context: RunContext): Reading {
  const notes: string[] = [];
  const text = src.text;
  const listPos = Math.max(0, text.indexOf('param_scheduler'));
  const fail: Fail = (pos, expected, detail) => importErrorAt(text, pos, expected, detail);

  const ps = cfg.param_scheduler;
  const list: unknown[] | undefined = Array.isArray(ps) ? ps : asRecord(ps) ? [ps] : undefined;
  if (list === undefined) fail(listPos, 'a list of dict(type=..., ...)', 'param_scheduler must be a dict or a list of dicts (one read from _base_ is not in this file)');

  // The train loop: EpochBasedTrainLoop (train_cfg by_epoch=True) or IterBasedTrainLoop.
  const train = asRecord(cfg.train_cfg);
  const loopType = train ? String(train.type ?? (train.by_epoch === false ? 'IterBasedTrainLoop' : train.by_epoch === true ? 'EpochBasedTrainLoop' : '')) : '';
  const iterLoop = /IterBased/.test(loopType);
  const num = (v: unknown, key: string): number => numberOf(v, key, src);
  const maxEpochs = train?.max_epochs !== undefined ? num(train.max_epochs, 'train_cfg.max_epochs') : undefined;
  const maxIters = train?.max_iters !== undefined ? num(train.max_iters, 'train_cfg.max_iters') : undefined;
  const epochs = context.epochs ?? maxEpochs;
  const iters = context.totalSteps ?? (iterLoop ? maxIters : undefined);
  if (!train) notes.push('No train_cfg in this config (inherited from a _base_ file?): the default end of a scheduler is the run context\'s epochs (or total steps).');

  const loader = asRecord(cfg.train_dataloader);
  const batch = loader?.batch_size !== undefined ? num(loader.batch_size, 'train_dataloader.batch_size') : undefined;
  const ctx = fillContext(context, { epochs: iterLoop ? undefined : epochs, batchSize: batch });
  // len(train_dataloader): DefaultSampler without drop_last, so the last partial batch counts.
  const spe = stepsPerEpochOf({ ...ctx, gradientAccumulation: undefined }, 'ceil', 'ceil');

  const optimizer = asRecord(asRecord(cfg.optim_wrapper)?.optimizer) ?? asRecord(cfg.optimizer);
  let base: number;
  if (optimizer?.lr !== undefined) base = num(optimizer.lr, 'optim_wrapper.optimizer.lr');
  else {
    base = 0.1;
    notes.push('No optim_wrapper.optimizer.lr in this config: drawn with lr = 0.1 (the schedulers scale whatever lr the optimizer has).');
  }
  if (asRecord(cfg.auto_scale_lr)?.enable === true) {
    notes.push('auto_scale_lr is enabled: with --auto-scale-lr the runner scales the lr by the real batch size / base_batch_size; drawn with the config\'s lr.');
  }

  // ---- each scheduler in its own unit, then converted as the registry builds it ----
  const entries: Entry[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const raw = asRecord(list[i]);
    if (!raw || raw.type === undefined) fail(listPos, 'dict(type=..., ...)', `param_scheduler[${i}] must be a dict with a type`);
    const type = String(raw.type).split('.').pop()!;
    const nth = seen.get(type) ?? 0;
    seen.set(type, nth + 1);
    const pos = offsetOfType(text, type, nth);
    if (!MMENGINE_LR_SCHEDULERS.includes(type)) {
      if (/Momentum|WeightDecay|ParamScheduler$/.test(type)) {
        notes.push(`${type} (param_scheduler[${i}]) schedules ${/Momentum/.test(type) ? 'the momentum' : 'another parameter'}, not the lr: left out.`);
        continue;
      }
      fail(pos, `one of ${MMENGINE_LR_SCHEDULERS.join(', ')}`, `mmengine scheduler "${type}" is not one the studio computes (supported: ${MMENGINE_LR_SCHEDULERS.join(', ')})`);
    }
    const byEpoch = raw.by_epoch === undefined ? true : boolOf(raw.by_epoch, `param_scheduler[${i}].by_epoch`, src);
    // the runner's max_iters: the loop's, or max_epochs * len(train_dataloader) for an epoch loop
    const defaultEnd = byEpoch ? epochs : iterLoop ? iters : epochs !== undefined && spe !== undefined ? epochs * spe : context.totalSteps;
    let begin = raw.begin === undefined ? 0 : num(raw.begin, `param_scheduler[${i}].begin`);
    let end = raw.end === undefined ? (defaultEnd ?? INF) : num(raw.end, `param_scheduler[${i}].end`);
    const args: Raw = { ...raw };
    let converted = false;
    if (raw.convert_to_iter_based !== undefined && boolOf(raw.convert_to_iter_based, `param_scheduler[${i}].convert_to_iter_based`, src)) {
      if (!byEpoch) fail(pos, 'by_epoch=True', `${type}: only an epoch-based scheduler (by_epoch=True) can be converted to iter-based (mmengine asserts it)`);
      if (spe === undefined) {
        notes.push(`${type} has convert_to_iter_based=True: its epochs become iterations (len(train_dataloader)), so ${NEEDS_STEPS}.`);
        return { schedules: [], context: ctx, notes };
      }
      begin = Math.trunc(begin * spe);
      if (end !== INF) end = Math.trunc(end * spe);
      const times = (k: string) => {
        if (args[k] !== undefined && args[k] !== null) args[k] = num(args[k], `${type}.${k}`) * spe;
      };
      if (type === 'QuadraticWarmupLR') {
        // mmdet's build_iter_from_epoch does not truncate
        begin = (raw.begin === undefined ? 0 : num(raw.begin, 'begin')) * spe;
        end = (raw.end === undefined ? (defaultEnd ?? INF) : num(raw.end, 'end')) * spe;
      }
      times('step_size');
      times('T_max');
      times('total_steps');
      for (const k of ['milestones', 'periods']) if (Array.isArray(args[k])) args[k] = (args[k] as unknown[]).map((m, j) => num(m, `${type}.${k}[${j}]`) * spe);
      converted = true;
      notes.push(`${type}: convert_to_iter_based multiplies begin, end and its step counts by ${spe} iterations per epoch.`);
    }
    if (!(end > begin)) fail(pos, 'end > begin', `${type}: end should be larger than begin, but got begin=${begin}, end=${end} (mmengine raises ValueError)`);
    entries.push({ type, raw: args, pos, byEpoch: byEpoch && !converted, begin, end, converted, stairs: false });
  }
  if (entries.length === 0) fail(listPos, 'an lr scheduler', 'param_scheduler has no lr scheduler');

  // ---- one unit for the run ----
  const allEpoch = entries.every((e) => e.byEpoch);
  const stepping: Stepping = allEpoch ? 'epoch' : 'iteration';
  if (!allEpoch) {
    for (const e of entries.filter((x) => x.byEpoch)) {
      if (!STAIRS.has(e.type) && !CLOSED_STAIRS.has(e.type)) {
        fail(e.pos, 'convert_to_iter_based=True', `${e.type} is stepped every epoch (by_epoch=True) while other schedulers step every iteration: its curve is an epoch staircase no registry scheduler draws; add convert_to_iter_based=True to step it every iteration`);
      }
      if (spe === undefined) {
        notes.push(`${e.type} steps every epoch and the others every iteration: ${NEEDS_STEPS}.`);
        return { schedules: [], context: ctx, notes };
      }
    }
    for (const e of entries.filter((x) => x.byEpoch)) {
      e.begin *= spe!;
      if (e.end !== INF) e.end *= spe!;
      e.stairs = true;
    }
  }
  const total = allEpoch ? epochs : (iters ?? (epochs !== undefined && spe !== undefined ? epochs * spe : undefined));
  if (spe !== undefined && !allEpoch && entries.some((e) => e.stairs)) notes.push(`Epoch schedulers are drawn in iterations: ${spe} per epoch (len(train_dataloader)).`);

  // ---- children ----
  const children = entries.map((e) => childOf(e, base, spe, notes, fail));
  const spec = compose(children, base, total, notes, fail);
  const names = entries.map((e) => e.type).join(' + ');
  const runCtx: RunContext = { ...ctx };
  if (spe !== undefined) runCtx.stepsPerEpoch = spe;
  if (epochs !== undefined && !iterLoop) runCtx.epochs = epochs;
  if (total !== undefined) runCtx.totalSteps = allEpoch && spe !== undefined ? total * spe : allEpoch ? runCtx.totalSteps : total;
  return { schedules: [{ name: `mmengine ${names}`, spec, stepping }], context: runCtx, notes };
}

type Fail = (pos: number, expected: string, detail: string) => never;

function childOf(e: Entry, base: number, spe: number | undefined, notes: string[], fail: Fail): Child {
  const r = e.raw;
  const n = (k: string, dflt: number): number => {
    const v = r[k];
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return fail(e.pos, 'a number', `${e.type}.${k} must be a number (found ${JSON.stringify(v)})`);
  };
  const span = e.end - e.begin;
  if (e.stairs && CLOSED_STAIRS.has(e.type)) return closedStairs(e, base, spe!, n, notes, fail);
  const child = (spec: ScheduleSpec, o: Partial<Child>): Child => ({
    name: e.type, spec, begin: e.begin, end: e.end, pos: e.pos, holds: false, endsAtBase: false, fromCurrent: true, alone: false, standalone: false, stairs: e.stairs, ...o,
  });
  const etaMin = (): number => {
    const hasMin = r.eta_min !== undefined && r.eta_min !== null;
    const hasRatio = r.eta_min_ratio !== undefined && r.eta_min_ratio !== null;
    if (hasMin && hasRatio) fail(e.pos, 'eta_min or eta_min_ratio', `${e.type}: give either eta_min or eta_min_ratio, not both (mmengine asserts it)`);
    return hasRatio ? base * n('eta_min_ratio', 0) : n('eta_min', 0);
  };
  switch (e.type) {
    case 'LinearLR': {
      const endFactor = n('end_factor', 1.0);
      return child({ scheduler: 'torch.LinearLR', params: { start_factor: n('start_factor', 1.0 / 3), end_factor: endFactor, total_iters: span - 1 } }, { holds: true, endsAtBase: endFactor === 1 });
    }
    case 'ConstantLR': {
      const factor = n('factor', 1.0 / 3);
      // factor 1 multiplies by 1 and back: it only holds the lr (YOLOX's last epochs)
      if (factor === 1) return child(HOLD, { holds: true, endsAtBase: false, fromCurrent: false });
      // By epoch in an iteration run, the restoring step is the epoch step end - begin - 1.
      const t = e.stairs ? (span / spe! - 1) * spe! : span - 1;
      return child({ scheduler: 'torch.ConstantLR', params: { factor, total_iters: t } }, { holds: true, endsAtBase: (t > 0 && e.end !== INF) || factor === 1 });
    }
    case 'StepLR': {
      const gamma = n('gamma', 0.1);
      const size = n('step_size', NaN) * (e.stairs ? spe! : 1);
      if (!Number.isFinite(size)) fail(e.pos, 'step_size', 'StepLR needs step_size');
      return child({ scheduler: 'torch.StepLR', params: { step_size: size, gamma } }, { endsAtBase: gamma === 1 });
    }
    case 'ExponentialLR': {
      const gamma = n('gamma', NaN);
      if (!Number.isFinite(gamma)) fail(e.pos, 'gamma', 'ExponentialLR needs gamma');
      // by epoch in an iteration run: times gamma once every epoch's worth of iterations
      const spec: ScheduleSpec = e.stairs ? { scheduler: 'torch.StepLR', params: { step_size: spe!, gamma } } : { scheduler: 'torch.ExponentialLR', params: { gamma } };
      return child(spec, { endsAtBase: gamma === 1 });
    }
    case 'MultiStepLR': {
      if (!Array.isArray(r.milestones)) fail(e.pos, 'milestones=[...]', 'MultiStepLR needs a list of milestones');
      const all = (r.milestones as unknown[]).map((m) => (typeof m === 'number' ? m * (e.stairs ? spe! : 1) : fail(e.pos, 'a number', 'milestones must be numbers')));
      // counted from begin; one at or past end - begin is never reached
      const milestones = all.filter((m) => m < span);
      if (milestones.length < all.length) notes.push(`MultiStepLR: milestones ${all.filter((m) => m >= span).join(', ')} are at or past its end (${span} steps after begin) and never apply.`);
      const gamma = n('gamma', 0.1);
      return child({ scheduler: 'torch.MultiStepLR', params: { milestones, gamma } }, { holds: true, endsAtBase: milestones.length === 0 || gamma === 1 });
    }
    case 'CosineAnnealingLR': {
      const tMax = n('T_max', 0) || span; // `T_max or (end - begin)`
      return child({ scheduler: 'torch.CosineAnnealingLR', params: { T_max: tMax, eta_min: etaMin() } }, {});
    }
    case 'PolyLR': {
      const eta = n('eta_min', 0);
      const power = n('power', 1.0);
      if (eta === 0) return child({ scheduler: 'torch.PolynomialLR', params: { total_iters: span - 1, power } }, { holds: true });
      // (lr - eta_min) * (1 - t / T) ** power + eta_min, held from T = end - begin - 1 on: Paddle's PolynomialDecay
      notes.push(`PolyLR with eta_min ${eta}: drawn as Paddle's PolynomialDecay, the same closed form (lr - eta_min) * (1 - t / ${span - 1}) ** ${power} + eta_min that mmengine's chained steps multiply out to.`);
      return child({ scheduler: 'paddle.PolynomialDecay', params: { learning_rate: base, decay_steps: span - 1, end_lr: eta, power, cycle: false } }, { holds: true, standalone: true });
    }
    case 'OneCycleLR': {
      const total = r.total_steps === undefined || r.total_steps === null ? span : n('total_steps', span);
      const strategy = String(r.anneal_strategy ?? 'cos');
      return child(
        {
          scheduler: 'torch.OneCycleLR',
          params: {
            max_lr: n('eta_max', 0),
            total_steps: total,
            pct_start: n('pct_start', 0.3),
            anneal_strategy: strategy,
            div_factor: n('div_factor', 25.0),
            final_div_factor: n('final_div_factor', 1e4),
            three_phase: r.three_phase === true,
          },
        },
        { fromCurrent: false },
      );
    }
    case 'CosineRestartLR': {
      const periods = Array.isArray(r.periods) ? (r.periods as number[]) : fail(e.pos, 'periods=[...]', 'CosineRestartLR needs periods');
      const weights = Array.isArray(r.restart_weights) ? (r.restart_weights as number[]) : [1];
      if (periods.length !== weights.length) fail(e.pos, 'restart_weights of the same length', 'CosineRestartLR: periods and restart_weights should have the same length (mmengine asserts it)');
      if (r.eta_min === undefined && r.eta_min_ratio === undefined) fail(e.pos, 'eta_min or eta_min_ratio', 'CosineRestartLR needs eta_min or eta_min_ratio (mmengine asserts exactly one)');
      if (!periods.every((p) => p === periods[0]) || !weights.every((w) => w === 1)) {
        fail(e.pos, 'equal periods and restart_weights of 1', 'CosineRestartLR with periods of different lengths or restart_weights other than 1 has no exact registry equivalent (torch.CosineAnnealingWarmRestarts restarts at the base lr with one period)');
      }
      const sum = periods.reduce((a, b) => a + b, 0);
      const c = child({ scheduler: 'torch.CosineAnnealingWarmRestarts', params: { T_0: periods[0], T_mult: 1, eta_min: etaMin() } }, { fromCurrent: false, alone: true });
      // past the last period it leaves the lr as it is
      return { ...c, end: Math.min(e.end, e.begin + sum) };
    }
    default: {
      // QuadraticWarmupLR (mmdet): base * (2t + 1) / T**2 added each step, base * (t + 1)**2 / T**2 summed up
      if (e.end >= INF) fail(e.pos, 'end', 'QuadraticWarmupLR needs a finite end (mmdet raises ValueError)');
      return child({ scheduler: 'torch.LambdaLR', params: { lr_lambda: `lambda epoch: (epoch + 1) ** 2 / ${span} ** 2` } }, { endsAtBase: true, fromCurrent: false, alone: true });
    }
  }
}

/**
 * An epoch scheduler in an iteration run whose rate changes every epoch: torch.LambdaLR of its
 * closed form at epoch `t // steps_per_epoch` (counted from its begin). mmengine's chained steps
 * multiply out to that closed form from the base lr, so it is exact where the scheduler starts at
 * the base lr (from 0, or after a warmup to end_factor 1), and alone in its window.
 */
function closedStairs(e: Entry, base: number, spe: number, n: (k: string, dflt: number) => number, notes: string[], fail: Fail): Child {
  if (!(base > 0)) fail(e.pos, 'an optimizer lr > 0', `${e.type} by epoch in an iteration run is drawn relative to the lr, which must be > 0`);
  const f = pyFloat;
  const epochsSpan = (e.end - e.begin) / spe;
  const k = `(epoch // ${spe})`;
  let lambda: string;
  let holds = true;
  let endsAtBase = false;
  if (e.type === 'CosineAnnealingLR') {
    const tMax = n('T_max', 0) || epochsSpan;
    const hasRatio = e.raw.eta_min_ratio !== undefined && e.raw.eta_min_ratio !== null;
    const eta = hasRatio ? base * n('eta_min_ratio', 0) : n('eta_min', 0);
    lambda = `lambda epoch: (${f(eta)} + (${f(base)} - ${f(eta)}) * (1 + math.cos(math.pi * ${k} / ${tMax})) / 2) / ${f(base)}`;
    holds = false;
  } else if (e.type === 'LinearLR') {
    const t = epochsSpan - 1;
    const s0 = n('start_factor', 1.0 / 3);
    const s1 = n('end_factor', 1.0);
    lambda = t > 0 ? `lambda epoch: ${f(s0)} + (${f(s1)} - ${f(s0)}) * min(${k}, ${t}) / ${t}` : `lambda epoch: ${f(s0)}`;
    endsAtBase = s1 === 1 && t > 0;
  } else {
    const t = epochsSpan - 1;
    const eta = n('eta_min', 0);
    lambda = `lambda epoch: ((${f(base)} - ${f(eta)}) * (1 - min(${k}, ${t}) / ${t}) ** ${f(n('power', 1.0))} + ${f(eta)}) / ${f(base)}`;
  }
  notes.push(`${e.type} steps every epoch while the others step every iteration: drawn as LambdaLR of its closed form at epoch (t // ${spe}), a staircase of ${spe} iterations a step.`);
  return { name: e.type, spec: { scheduler: 'torch.LambdaLR', params: { lr_lambda: lambda } }, begin: e.begin, end: e.end, pos: e.pos, holds, endsAtBase, fromCurrent: true, alone: true, standalone: false, stairs: true };
}

function compose(children: Child[], base: number, total: number | undefined, notes: string[], fail: Fail): ScheduleSpec {
  const needsHold = (c: Child) => !c.holds && c.end < INF && (total === undefined || c.end < total);
  const top = (spec: ScheduleSpec): ScheduleSpec => (spec.scheduler.startsWith('torch.') ? { scheduler: spec.scheduler, params: { lr: base, ...spec.params } } : spec);
  const sequential = (schedulers: ScheduleSpec[], milestones: number[]): ScheduleSpec => ({ scheduler: 'torch.SequentialLR', params: { lr: base, schedulers, milestones } });
  for (const c of children) {
    if (c.standalone && (children.length > 1 || c.begin > 0)) fail(c.pos, 'PolyLR with eta_min=0, or alone from begin=0', `${c.name} with eta_min > 0 is affine in the lr, which no torch composition draws together with other schedulers`);
  }
  if (children.length === 1) {
    const c = children[0];
    if (c.begin === 0 && !needsHold(c)) return top(c.spec);
    const seq: ScheduleSpec[] = [];
    const ms: number[] = [];
    if (c.begin > 0) seq.push(HOLD);
    seq.push(c.spec);
    if (c.begin > 0) ms.push(c.begin);
    if (needsHold(c)) {
      seq.push(HOLD);
      ms.push(c.end);
    }
    notes.push(`mmengine changes the lr only in [${c.begin}, ${c.end === INF ? 'INF' : c.end}): drawn as SequentialLR with MultiplicativeLR(lambda epoch: 1.0) holding the lr outside it.`);
    return sequential(seq, ms);
  }
  if (children.every((c) => c.begin === 0)) {
    const alone = children.find((c) => c.alone);
    if (alone) fail(alone.pos, 'a chainable scheduler', `${alone.name} sets the lr from its own closed form: with other schedulers active at the same steps it has no exact registry composition`);
    // at an epoch's last iteration the runner steps the iteration schedulers first
    const order = [...children.filter((c) => !c.stairs), ...children.filter((c) => c.stairs)];
    const holding = order.filter(needsHold);
    if (holding.length > 1 || (holding.length === 1 && holding[0] !== order[0])) {
      const c = holding[holding.length - 1];
      fail(c.pos, 'end at the end of training', `${c.name} stops at end=${c.end} while other schedulers run on: holding it there inside a ChainedScheduler has no exact registry composition`);
    }
    const specs = order.map((c) => (needsHold(c) ? sequential([c.spec, HOLD], [c.end]) : c.spec));
    notes.push('mmengine chains the schedulers on one lr (each multiplies what the others left): drawn as ChainedScheduler.');
    return { scheduler: 'torch.ChainedScheduler', params: { lr: base, schedulers: specs.map((s) => (s.scheduler === 'torch.SequentialLR' ? { scheduler: s.scheduler, params: { schedulers: s.params.schedulers, milestones: s.params.milestones } } : s)) } };
  }
  // one after the other
  const sorted = [...children].sort((a, b) => a.begin - b.begin);
  const seq: ScheduleSpec[] = [];
  const ms: number[] = [];
  const push = (spec: ScheduleSpec, at: number) => {
    if (seq.length > 0) ms.push(at);
    seq.push(spec);
  };
  let cursor = 0;
  let atBase = true;
  let prev: Child | null = null;
  for (const c of sorted) {
    if (prev && c.begin < prev.end) {
      fail(c.pos, `begin >= ${prev.end}`, `${c.name} begins at ${c.begin}, inside ${prev.name}'s [${prev.begin}, ${prev.end}) while ${prev.name} does not begin at 0: overlapping windows that do not all start at 0 have no exact registry composition`);
    }
    if (seq.length === 0 && c.begin > 0) push(HOLD, 0);
    else if (prev && c.begin > cursor && !prev.holds) push(HOLD, cursor);
    if (c.fromCurrent && !atBase) {
      fail(c.pos, `a scheduler before it that ends at the base lr`, `${c.name} starts from the lr ${prev!.name} left (not the base lr): a SequentialLR switch restarts it from the base lr, so no registry composition draws it exactly`);
    }
    push(c.spec, c.begin);
    atBase = c.endsAtBase;
    cursor = c.end;
    prev = c;
  }
  if (prev && needsHold(prev)) push(HOLD, cursor);
  notes.push(
    `mmengine runs the schedulers in their own [begin, end) windows: drawn as SequentialLR switching at ${ms.join(', ')}. At a switch PyTorch restarts the next scheduler from the base lr where mmengine continues from the lr the previous one left, which is the base lr up to float rounding (a warmup to end_factor 1).`,
  );
  return sequential(seq, ms);
}
