/**
 * Code export: a spec becomes a ready-to-paste Python snippet in its framework that produces the
 * same curve. Everything is derived from the definitions: the import comes from `module`, the
 * arguments from `params` (by the framework's own names, typed by their ParamType), children of
 * SequentialLR / ChainedScheduler / LinearWarmup / join_schedules are built inline, lambdas are
 * pasted as written. Pure: no DOM.
 *
 * Arguments equal to the framework default are left out (as people write them); required ones and
 * every changed value are written. The loop records `lrs`, the learning rate of every optimizer
 * update, which is the studio's curve.
 */
import { pyBool, pyDict, pyFloat, pyInt, pyList, pyNumber, pyStr } from './pyliteral';
import { cyclesMomentum } from './momentum';
import { getDefinition } from './registry';
import { FRAMEWORK_LABELS, type Framework, type ParamDef, type ParamType, type ScheduleSpec, type SchedulerDefinition, type Stepping } from './types';

export interface CodegenOptions {
  /** Optimizer updates to run (the studio's total steps). */
  totalSteps: number;
  stepsPerEpoch: number;
  /** `epoch`: the scheduler steps once per epoch (the studio's epoch stepping). */
  stepping: Stepping;
  /**
   * The metric reported after each scheduler step (metric-driven schedulers): the snippet's placeholder list, so
   * that it runs as pasted and draws the studio's curve. Without it, a constant placeholder.
   */
  metrics?: ArrayLike<number>;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

// ---------------------------------------------------------------------------------------------
// Constructor calls

/** Imports a snippet needs: `from <module> import <names>`, plus plain `import x` lines. */
class Imports {
  private plain = new Set<string>();
  private from = new Map<string, Set<string>>();
  add(line: string): void {
    this.plain.add(line);
  }
  /** Imports the last segment of a dotted path; returns the name to call. */
  symbol(dotted: string): string {
    const i = dotted.lastIndexOf('.');
    if (i < 0) return dotted;
    const mod = dotted.slice(0, i);
    const name = dotted.slice(i + 1);
    if (!this.from.has(mod)) this.from.set(mod, new Set());
    this.from.get(mod)!.add(name);
    return name;
  }
  lines(): string[] {
    const plain = [...this.plain].sort();
    const from = [...this.from.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([mod, names]) => `from ${mod} import ${[...names].sort().join(', ')}`);
    return [...plain, ...from];
  }
}

/** Frameworks whose scheduler objects take the optimizer as their first argument. */
const TAKES_OPTIMIZER: readonly Framework[] = ['torch', 'hf', 'timm'];

interface Ctx {
  imports: Imports;
  opts: CodegenOptions;
}

const INDENT = '    ';

/** `name(args)` on one line when short, else one argument per line. */
function call(callee: string, args: string[], indent: string): string {
  const oneLine = `${callee}(${args.join(', ')})`;
  if (oneLine.length + indent.length <= 100 && !args.some((a) => a.includes('\n'))) return oneLine;
  const inner = indent + INDENT;
  return `${callee}(\n${args.map((a) => `${inner}${a},`).join('\n')}\n${indent})`;
}

function list(items: string[], indent: string): string {
  const oneLine = pyList(items);
  if (oneLine.length + indent.length <= 100 && !items.some((a) => a.includes('\n'))) return oneLine;
  const inner = indent + INDENT;
  return `[\n${items.map((a) => `${inner}${a},`).join('\n')}\n${indent}]`;
}

/** The Python literal of `v` for a parameter of type `t`. */
function pyValue(t: ParamType, v: unknown, ctx: Ctx, indent: string): string {
  if (v === null || v === undefined) return 'None';
  switch (t.kind) {
    case 'number':
      return t.integralAsInt && Number.isInteger(v) ? pyInt(v as number) : pyFloat(v as number);
    case 'integer':
      return pyInt(v as number);
    case 'boolean':
      return pyBool(Boolean(v));
    case 'enum':
    case 'string':
      return pyStr(String(v));
    case 'numberList':
      if (typeof v === 'number') return pyNumber(v, t.integer === true);
      return list((v as number[]).map((x) => pyNumber(x, t.integer === true)), indent);
    case 'numberMap': {
      const entries = Object.entries(v as Record<string, number>)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, x]) => [pyInt(Number(k)), pyFloat(x)] as const);
      return pyDict(entries);
    }
    case 'expression': {
      const text = String(v).trim();
      if (/(^|[^\w.])math\./.test(text)) ctx.imports.add('import math');
      return text;
    }
    case 'schedule':
      return construct(v as ScheduleSpec, ctx, indent);
    case 'scheduleList':
      return list((v as ScheduleSpec[]).map((c) => construct(c, ctx, indent + INDENT)), indent);
    case 'numberOrSchedule':
      return typeof v === 'number' ? pyFloat(v) : construct(v as ScheduleSpec, ctx, indent);
    case 'recordList':
      return list(
        (v as Record<string, unknown>[]).map((rec) =>
          call('dict', keywordArgs(t.fields, rec, ctx, indent + INDENT + INDENT), indent + INDENT),
        ),
        indent,
      );
  }
}

/** `name=value` for every argument that is set and differs from its default. */
function keywordArgs(fields: readonly ParamDef[], values: Record<string, unknown>, ctx: Ctx, indent: string, skipBaseLr = false): string[] {
  const out: string[] = [];
  for (const p of fields) {
    if (skipBaseLr && p.role === 'baseLr') continue;
    if (!(p.name in values) || values[p.name] === undefined) continue;
    const v = values[p.name];
    if (p.default !== undefined && deepEqual(v, p.default)) continue;
    out.push(`${p.name}=${pyValue(p.type, v, ctx, indent)}`);
  }
  return out;
}

function definitionOf(spec: ScheduleSpec): SchedulerDefinition {
  const def = getDefinition(spec.scheduler);
  if (!def) throw new Error(`unknown scheduler "${spec.scheduler}"`);
  return def;
}

/** HF schedulers are built by their named function (`get_..._schedule...`) or via get_scheduler. */
function isNamedFunction(def: SchedulerDefinition): boolean {
  return /(^|\.)get_[a-z0-9_]+$/.test(def.module) && !def.module.endsWith('.get_scheduler');
}

/** The expression that builds `spec`'s scheduler object (children included). */
function construct(spec: ScheduleSpec, ctx: Ctx, indent: string): string {
  const def = definitionOf(spec);
  const params = spec.params ?? {};
  const lead: string[] = TAKES_OPTIMIZER.includes(def.framework) ? ['optimizer'] : [];
  let kwargs = keywordArgs(def.params, params, ctx, indent + INDENT, TAKES_OPTIMIZER.includes(def.framework));
  if (def.framework === 'timm' && def.params.some((p) => p.name === 't_in_epochs')) {
    // The counter timm's curve runs on is the studio's stepping: updates (step_update) or epochs (step).
    // PlateauLRScheduler takes no t_in_epochs (it always steps per epoch).
    kwargs = kwargs.filter((a) => !a.startsWith('t_in_epochs='));
    kwargs.push(`t_in_epochs=${pyBool(ctx.opts.stepping === 'epoch')}`);
  }
  if (def.framework === 'hf' && !isNamedFunction(def)) {
    // get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)
    const getScheduler = ctx.imports.symbol('transformers.get_scheduler');
    const direct = kwargs.filter((a) => /^num_(warmup|training)_steps=/.test(a));
    const specific = kwargs.filter((a) => !/^num_(warmup|training)_steps=/.test(a));
    const args = [pyStr(def.name), 'optimizer', ...direct];
    if (specific.length) args.push(`scheduler_specific_kwargs=${call('dict', specific, indent + INDENT)}`);
    return call(getScheduler, args, indent);
  }
  const callee = ctx.imports.symbol(def.module);
  // ChainedScheduler takes the list positionally (PyTorch 1.13 has no optimizer argument).
  if (def.id === 'torch.ChainedScheduler') {
    const children = pyValue(def.params.find((p) => p.name === 'schedulers')!.type, params.schedulers, ctx, indent + INDENT);
    return call(callee, [children], indent);
  }
  return call(callee, [...lead, ...kwargs], indent);
}

// ---------------------------------------------------------------------------------------------
// Whole snippets

function baseLrOf(def: SchedulerDefinition, spec: ScheduleSpec): number | null {
  const p = def.params.find((x) => x.role === 'baseLr');
  if (!p) return null;
  const v = spec.params?.[p.name] ?? p.default ?? p.example;
  return typeof v === 'number' ? v : null;
}

function epochsOf(opts: CodegenOptions): number {
  return Math.ceil(opts.totalSteps / opts.stepsPerEpoch);
}

/** Values per line of the placeholder metric list. */
const METRICS_PER_LINE = 8;

/**
 * `name = [...]`: a clearly marked placeholder list of the metric after each of the `count` scheduler steps (the
 * studio's metrics where given, else a constant loss), so that a metric-driven snippet runs as pasted.
 */
function metricPlaceholder(name: string, count: number, opts: CodegenOptions): string[] {
  const head = `# PLACEHOLDER: the metric after each scheduler step (${count} values). Replace ${name}[i] by your validation metric.`;
  const m = opts.metrics;
  if (!m || m.length < count) return [head, `${name} = [1.0] * ${count}  # a constant loss: the plateau reductions`];
  const items = Array.from({ length: count }, (_, i) => pyFloat(m[i]));
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += METRICS_PER_LINE) rows.push(`${INDENT}${items.slice(i, i + METRICS_PER_LINE).join(', ')},`);
  return [head, `${name} = [`, ...rows, ']  # the metrics the studio used'];
}

/** The training loop of the torch-like frameworks (optimizer object + scheduler object). */
function torchLikeLoop(def: SchedulerDefinition, opts: CodegenOptions, readLr: string, optimizerStep: string[], readMomentum?: string): string[] {
  const metric = def.metricDriven;
  const i1 = INDENT;
  const i2 = INDENT + INDENT;
  const perStep = opts.stepping === 'iteration';
  const stepCall = metric ? `scheduler.step(val_losses[${perStep ? 'step' : 'epoch'}])` : 'scheduler.step()';
  const lines = metric ? metricPlaceholder('val_losses', perStep ? opts.totalSteps : epochsOf(opts), opts) : [];
  lines.push('lrs = []  # the learning rate of every optimizer update: the curve in the studio');
  // cycle_momentum: the scheduler also sets the optimizer's momentum at every step, the studio's momentum series.
  if (readMomentum) lines.push('momentums = []  # the momentum of every update (Adam: betas[0]): the momentum series');
  const record = (indent: string) => [
    `${indent}lrs.append(${readLr})`,
    ...(readMomentum ? [`${indent}momentums.append(${readMomentum})`] : []),
    `${indent}# forward pass and loss.backward() go here`,
  ];
  if (perStep) {
    lines.push(`for step in range(${opts.totalSteps}):`);
    lines.push(...record(i1));
    lines.push(...optimizerStep.map((l) => i1 + l));
    lines.push(i1 + stepCall);
  } else {
    lines.push(`for epoch in range(${epochsOf(opts)}):`);
    lines.push(`${i1}for batch in range(${opts.stepsPerEpoch}):  # the scheduler steps once per epoch`);
    lines.push(...record(i2));
    lines.push(...optimizerStep.map((l) => i2 + l));
    lines.push(i1 + stepCall);
  }
  return lines;
}

function timmLoop(def: SchedulerDefinition, opts: CodegenOptions): string[] {
  const i1 = INDENT;
  const i2 = INDENT + INDENT;
  const metric = def.metricDriven;
  const perUpdate = opts.stepping === 'iteration';
  const lines = metric ? metricPlaceholder('val_metrics', perUpdate ? epochsOf(opts) * opts.stepsPerEpoch : epochsOf(opts), opts) : [];
  lines.push(
    'lrs = []  # the learning rate of every optimizer update: the curve in the studio',
    'num_updates = 0',
    `for epoch in range(${epochsOf(opts)}):`,
    `${i1}for batch in range(${opts.stepsPerEpoch}):`,
    `${i2}lrs.append(optimizer.param_groups[0]["lr"])`,
    `${i2}# forward pass and loss.backward() go here`,
    `${i2}optimizer.step()`,
    `${i2}num_updates += 1`,
  );
  if (metric && perUpdate) {
    lines.push(`${i2}scheduler.step(num_updates, val_metrics[num_updates - 1])`);
  } else {
    lines.push(`${i2}scheduler.step_update(num_updates=num_updates)  # acts when t_in_epochs=False`);
  }
  if (metric) {
    if (!perUpdate) lines.push(`${i1}scheduler.step(epoch + 1, val_metrics[epoch])`);
  } else {
    lines.push(`${i1}scheduler.step(epoch + 1)  # acts when t_in_epochs=True`);
  }
  return lines;
}

/** The value at count `step` of a stateless schedule function (Keras / Optax), per the stepping. */
function countExpr(opts: CodegenOptions): string {
  return opts.stepping === 'epoch' ? `step // ${opts.stepsPerEpoch}` : 'step';
}

function snippet(spec: ScheduleSpec, opts: CodegenOptions): string {
  const def = definitionOf(spec);
  const imports = new Imports();
  const ctx: Ctx = { imports, opts };
  const fw = def.framework;
  const body: string[] = [];
  const model = (lib: string) => `model = ${lib}.nn.Linear(10, 2)  # your model`;
  switch (fw) {
    case 'torch':
    case 'hf':
    case 'timm': {
      imports.add('import torch');
      const lr = baseLrOf(def, spec);
      const optimizerName = fw === 'hf' ? 'AdamW' : 'SGD';
      const lrArg = lr === null ? 'lr=0.1' : `lr=${pyFloat(lr)}`;
      // With cycle_momentum the optimizer needs a momentum (or Adam's betas) for the scheduler to cycle.
      const momentum = fw === 'torch' && cyclesMomentum(spec);
      const comments = [
        ...(lr === null ? ['the scheduler sets the learning rate itself'] : []),
        ...(momentum ? ['and the momentum (cycle_momentum)'] : []),
      ];
      body.push(model('torch'));
      body.push(
        `optimizer = torch.optim.${optimizerName}(model.parameters(), ${lrArg}${momentum ? ', momentum=0.9' : ''})` +
          (comments.length > 0 ? `  # ${comments.join(', ')}` : ''),
      );
      body.push(`scheduler = ${construct(spec, ctx, '')}`, '');
      if (fw === 'timm') body.push(...timmLoop(def, opts));
      else body.push(...torchLikeLoop(def, opts, 'optimizer.param_groups[0]["lr"]', ['optimizer.step()'], momentum ? 'optimizer.param_groups[0]["momentum"]' : undefined));
      if (fw === 'hf') body.push('# With the Trainer: Trainer(..., optimizers=(optimizer, scheduler)) steps it once per update.');
      break;
    }
    case 'paddle':
    case 'paddleocr': {
      imports.add('import paddle');
      body.push(model('paddle'));
      const built = construct(spec, ctx, '');
      // PaddleOCR's classes are builders: calling the instance returns the paddle scheduler.
      body.push(`scheduler = ${built}${fw === 'paddleocr' ? '()' : ''}`);
      body.push('optimizer = paddle.optimizer.SGD(learning_rate=scheduler, parameters=model.parameters())', '');
      body.push(...torchLikeLoop(def, opts, 'optimizer.get_lr()', ['optimizer.step()', 'optimizer.clear_grad()']));
      break;
    }
    case 'keras': {
      imports.add('import keras');
      if (def.metricDriven) {
        const lr = baseLrOf(def, spec) ?? 0.1;
        body.push(`optimizer = keras.optimizers.SGD(learning_rate=${pyFloat(lr)})`);
        body.push(`callback = ${construct(spec, ctx, '')}`);
        body.push('# model.compile(optimizer=optimizer, ...)');
        body.push('# model.fit(..., validation_data=..., callbacks=[callback]) reduces the rate at the end of an epoch.');
        break;
      }
      body.push(`schedule = ${construct(spec, ctx, '')}`);
      if (opts.stepping === 'epoch') {
        body.push('optimizer = keras.optimizers.SGD()');
        body.push(`callback = keras.callbacks.LearningRateScheduler(lambda epoch: float(schedule(epoch)))`);
        body.push(`# model.compile(optimizer=optimizer, ...); model.fit(..., epochs=${epochsOf(opts)}, callbacks=[callback])`);
        body.push('# sets the rate once per epoch.');
      } else {
        body.push('optimizer = keras.optimizers.SGD(learning_rate=schedule)');
        body.push('# model.compile(optimizer=optimizer, ...); model.fit(...) evaluates it at every optimizer update.');
      }
      body.push('', `lrs = [float(schedule(${countExpr(opts)})) for step in range(${opts.totalSteps})]  # the curve in the studio`);
      break;
    }
    case 'optax': {
      imports.add('import optax');
      if (def.metricDriven) {
        body.push(`optimizer = optax.chain(optax.sgd(learning_rate=0.1), ${construct(spec, ctx, '')})`);
        body.push('# opt_state = optimizer.init(params)');
        body.push('# updates, opt_state = optimizer.update(grads, opt_state, params, value=loss)');
        break;
      }
      body.push(`schedule = ${construct(spec, ctx, '')}`);
      if (opts.stepping === 'epoch') {
        body.push(`optimizer = optax.sgd(learning_rate=lambda count: schedule(count // ${opts.stepsPerEpoch}))  # once per epoch`);
      } else {
        body.push('optimizer = optax.sgd(learning_rate=schedule)  # evaluated at every update (count = updates so far)');
      }
      body.push('', `lrs = [float(schedule(${countExpr(opts)})) for step in range(${opts.totalSteps})]  # the curve in the studio`);
      break;
    }
  }
  return [...imports.lines(), '', ...body].join('\n') + '\n';
}

/** A ready-to-paste Python snippet that builds `spec` in its framework and runs the canonical loop. */
export function generateCode(spec: ScheduleSpec, opts: CodegenOptions): string {
  return snippet(spec, opts);
}

/** Leading `import` / `from ... import` lines of a snippet, and the rest. */
function splitImports(code: string): { imports: string[]; body: string } {
  const lines = code.split('\n');
  let i = 0;
  while (i < lines.length && /^(import |from \S+ import )/.test(lines[i])) i++;
  return { imports: lines.slice(0, i), body: lines.slice(i).join('\n').replace(/^\n+/, '') };
}

/**
 * The code of several schedules over one horizon as one file: their imports once at the top, then each
 * schedule under a header naming it and its own stepping. Each section is whole (its own optimizer, and a
 * loop that steps as that schedule steps), so the file runs top to bottom.
 */
export function generateCodeForAll(
  items: readonly { name: string; spec: ScheduleSpec; stepping: Stepping; metrics?: ArrayLike<number> }[],
  horizon: Omit<CodegenOptions, 'stepping' | 'metrics'>,
): string {
  const parts = items.map(({ name, spec, stepping, metrics }) => {
    const opts: CodegenOptions = { totalSteps: horizon.totalSteps, stepsPerEpoch: horizon.stepsPerEpoch, stepping };
    if (metrics) opts.metrics = metrics;
    return { name, spec, stepping, ...splitImports(generateCode(spec, opts)) };
  });
  // `from m import a` and `from m import b` become `from m import a, b`, in first-seen order.
  const fromImports = new Map<string, Set<string>>();
  const imports: string[] = [];
  for (const line of parts.flatMap((p) => p.imports)) {
    const m = /^from (\S+) import (.+)$/.exec(line);
    if (!m) {
      if (!imports.includes(line)) imports.push(line);
      continue;
    }
    if (!fromImports.has(m[1])) {
      fromImports.set(m[1], new Set());
      imports.push(`from ${m[1]}`);
    }
    for (const name of m[2].split(',')) fromImports.get(m[1])!.add(name.trim());
  }
  for (let i = 0; i < imports.length; i++) {
    const names = imports[i].startsWith('from ') ? fromImports.get(imports[i].slice(5)) : undefined;
    if (names) imports[i] = `${imports[i]} import ${[...names].join(', ')}`;
  }
  const sections = parts.map(({ name, spec, stepping, body }) => {
    const def = getDefinition(spec.scheduler);
    const what = def ? `${FRAMEWORK_LABELS[def.framework]} ${def.id}` : spec.scheduler;
    return `# ${'='.repeat(76)}\n# ${name.replace(/\n/g, ' ')} (${what}), stepped every ${stepping}\n# ${'='.repeat(76)}\n${body}`;
  });
  return [imports.join('\n'), ...sections].filter(Boolean).join('\n\n');
}
