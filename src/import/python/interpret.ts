/**
 * Reads a parsed training script the way Python would run it, without running it: statements in
 * order, names bound to what they hold (numbers, strings, lists, dicts, modules, optimizers,
 * schedulers, functions), unknowable values (`args.lr`, `len(loader)` with no run context) kept as
 * "unknown" with the reason. Loop bodies are read once, which is enough to see where
 * `scheduler.step()` sits: inside the batch loop means every update, inside the epoch loop every
 * epoch. Functions are read when called (a `def` passed as `lr_lambda` becomes a lambda text for
 * the engine's own lambda parser); Lightning's `configure_optimizers` is read as Lightning calls it.
 */
import { compileLambda, ExpressionSyntaxError, getDefinition, type ParamDef, type ParamType, type ScheduleSpec, type SchedulerDefinition, type Stepping } from '../../schedules';
import { pyDiv, pyFloorDiv, pyMod, pyPow } from '../../schedules/numerics/pymath';
import { pyFloat, pyInt } from '../../schedules/pyliteral';
import { readTrainingArguments } from '../configs/hf';
import { createSchedulerV2, FACTORY_DEFAULTS, type FactoryArgs } from '../configs/timm';
import { ImportError } from '../errors';
import { definitionForCallee, hfDefinition, HF_TYPES, positionalNames, TAKES_OPTIMIZER } from '../frameworks';
import type { ImportedSchedule, RunContext } from '../types';
import { dottedName, type PyExpr, type PyStmt } from './ast';

// ---- values ----

export interface ScheduleValue {
  t: 'schedule';
  def: SchedulerDefinition;
  /** Arguments by name, as Python values (children are schedule values). */
  args: Map<string, Value>;
  optimizer: OptimizerValue | null;
  node: PyExpr;
  varName: string | null;
  /** Where `.step()` was seen, and other hints on when it steps. */
  stepping: Stepping | null;
  steppingWhy: string | null;
  steppingImplied?: boolean;
  /** Consumed as a child of another schedule, or of nothing (a top-level schedule). */
  child: boolean;
  /** Extra notes about this schedule. */
  notes: string[];
}

interface OptimizerValue {
  t: 'optimizer';
  lr: Value | null;
  className: string;
  node: PyExpr;
}

interface FuncValue {
  t: 'func';
  name: string;
  params: string[];
  /** `def` body, or a lambda's body as a one-statement return. */
  body: PyStmt[];
  lambda: (PyExpr & { k: 'lambda' }) | null;
  node: PyExpr | PyStmt;
  closure: Scope;
  isMethod: boolean;
}

export type Value =
  | { t: 'num'; v: number; int: boolean }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'list'; items: Value[] }
  | { t: 'dict'; entries: [Value, Value][] }
  /** A module or an imported name, by its dotted path. */
  | { t: 'ref'; path: string }
  | OptimizerValue
  | ScheduleValue
  | FuncValue
  /** An object whose attributes are assigned (`self`, a namespace). */
  | { t: 'object'; attrs: Map<string, Value>; name: string }
  | { t: 'unknown'; why: string; pos: number };

const NONE: Value = { t: 'none' };
const num = (v: number, int = false): Value => ({ t: 'num', v, int });
const unknown = (why: string, pos: number): Value => ({ t: 'unknown', why, pos });

class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | null) {}
  get(name: string): Value | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }
}

interface Loop {
  node: PyStmt & { k: 'for' | 'while' };
  /** The loop's target and iterable as written. */
  text: string;
}

/** Names that stand for a run-context quantity when the script never binds them. */
const CONTEXT_NAMES: { re: RegExp; field: keyof RunContext }[] = [
  { re: /(^|[._])(num_|n_|max_|total_)?epochs?$/i, field: 'epochs' },
  { re: /(^|[._])(steps_per_epoch|iters_per_epoch|updates_per_epoch|num_batches|batches_per_epoch|num_update_steps_per_epoch)$/i, field: 'stepsPerEpoch' },
  { re: /(^|[._])(total_steps|num_training_steps|max_steps|num_steps|total_iters|max_iters|training_steps|estimated_stepping_batches|num_train_steps|total_updates)$/i, field: 'totalSteps' },
];

const OPTIMIZER_NAME = /(^|\.)(SGD|Adam|AdamW|Adamax|NAdam|RAdam|RMSprop|Adagrad|Adadelta|ASGD|Rprop|LBFGS|SparseAdam|Lion|LAMB|Lamb|LARS|Adafactor|AdamW8bit|Adam8bit|PagedAdamW|Momentum|Muon|create_optimizer_v2|create_optimizer)$/;

export interface Interpretation {
  schedules: ImportedSchedule[];
  notes: string[];
  context: RunContext;
  /** The first thing not understood, for the error when nothing was imported. */
  firstProblem: { pos: number; detail: string } | null;
  /** The module-level names as the script left them (config files are read from these). */
  globals: ReadonlyMap<string, Value>;
}

export function interpret(src: string, stmts: PyStmt[], context: RunContext): Interpretation {
  return new Interpreter(src, context).run(stmts);
}

const MAX_CALL_DEPTH = 20;

class Interpreter {
  private readonly made: ScheduleValue[] = [];
  private readonly notes: string[] = [];
  private readonly loops: Loop[] = [];
  private readonly found: RunContext = {};
  private firstProblem: { pos: number; detail: string } | null = null;
  private callDepth = 0;
  /** Schedules passed to an optimizer as its learning rate (Keras, Optax, Paddle): stepped with it. */
  private readonly global = new Scope(null);
  private lightning = false;

  constructor(
    private readonly src: string,
    private readonly context: RunContext,
  ) {}

  run(stmts: PyStmt[]): Interpretation {
    this.block(stmts, this.global);
    const schedules: ImportedSchedule[] = [];
    const seen = new Set<ScheduleValue>();
    for (const s of this.made) {
      if (s.child || seen.has(s)) continue;
      seen.add(s);
      try {
        const spec = this.specOf(s, false);
        const stepping = this.steppingOf(s);
        const name = s.varName && !/^(lr_)?(scheduler|sched|schedule|lr_schedule)$/.test(s.varName) ? `${s.varName} (${s.def.name})` : s.def.name;
        schedules.push({ name, spec, stepping });
        this.notes.push(...s.notes);
      } catch (e) {
        if (!(e instanceof Skip)) throw e;
        this.problem(e.pos, `${s.def.name}: ${e.message}`);
      }
    }
    const ctx: RunContext = { ...this.found, ...stripUndefined(this.context) };
    return { schedules, notes: this.notes, context: ctx, firstProblem: this.firstProblem, globals: this.global.vars };
  }

  private problem(pos: number, detail: string): void {
    this.notes.push(`${this.where(pos)}: ${detail}`);
    this.firstProblem ??= { pos, detail };
  }

  private where(pos: number): string {
    let line = 1;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) line++;
    return `line ${line}`;
  }

  // ---- statements ----

  private block(stmts: readonly PyStmt[], scope: Scope): Value | null {
    for (const s of stmts) {
      const r = this.stmt(s, scope);
      if (r !== null) return r;
    }
    return null;
  }

  /** Runs one statement; returns the value of a `return`, else null. */
  private stmt(s: PyStmt, scope: Scope): Value | null {
    switch (s.k) {
      case 'import':
        for (const n of s.names) {
          if (n.alias) scope.vars.set(n.alias, { t: 'ref', path: n.module });
          else scope.vars.set(n.module.split('.')[0], { t: 'ref', path: n.module.split('.')[0] });
        }
        return null;
      case 'from':
        for (const n of s.names) if (n.name !== '*') scope.vars.set(n.alias ?? n.name, { t: 'ref', path: `${s.module}.${n.name}` });
        return null;
      case 'assign': {
        const v = this.expr(s.value, scope);
        for (const t of s.targets) this.assign(t, v, scope);
        return null;
      }
      case 'augassign': {
        const cur = this.expr(s.target, scope);
        this.assign(s.target, this.binary(s.op, cur, this.expr(s.value, scope), s.pos), scope);
        return null;
      }
      case 'expr':
        this.expr(s.value, scope);
        return null;
      case 'def': {
        const f: FuncValue = { t: 'func', name: s.name, params: s.params.map((p) => p.name), body: s.body, lambda: null, node: s, closure: scope, isMethod: false };
        scope.vars.set(s.name, f);
        return null;
      }
      case 'class': {
        // A LightningModule's configure_optimizers is called by Lightning; nothing else in a class runs by itself.
        const isLightning = s.bases.some((b) => /Lightning|LightningModule/.test(dottedName(b) ?? ''));
        const self: Value = { t: 'object', attrs: new Map(), name: 'self' };
        const classScope = new Scope(scope);
        for (const m of s.body) {
          if (m.k === 'def' && m.name === 'configure_optimizers') {
            if (isLightning) this.lightning = true;
            const f: FuncValue = { t: 'func', name: m.name, params: m.params.map((p) => p.name), body: m.body, lambda: null, node: m, closure: classScope, isMethod: true };
            const ret = this.callFunc(f, [self], new Map(), m.pos);
            this.lightningReturn(ret, m.pos);
          } else if (m.k === 'assign') this.stmt(m, classScope);
        }
        return null;
      }
      case 'for': {
        this.assign(s.target, unknown('a loop variable', s.target.pos), scope);
        const iter = this.expr(s.iter, scope);
        this.noteLoopRange(s, iter);
        this.loops.push({ node: s, text: this.src.slice(s.pos, s.iter.end) });
        const r = this.block(s.body, scope);
        this.loops.pop();
        return r ?? this.block(s.orelse, scope);
      }
      case 'while': {
        this.expr(s.test, scope);
        this.loops.push({ node: s, text: this.src.slice(s.pos, s.test.end) });
        const r = this.block(s.body, scope);
        this.loops.pop();
        return r;
      }
      case 'if': {
        const test = this.expr(s.test, scope);
        const truth = truthOf(test);
        // `if __name__ == "__main__":` and unknowable tests: read the body (and the else branch).
        if (truth === false) return this.block(s.orelse, scope);
        const r = this.block(s.body, scope);
        if (r !== null || truth === true) return r;
        return this.block(s.orelse, scope);
      }
      case 'with':
        for (const it of s.items) {
          const v = this.expr(it.value, scope);
          if (it.target) this.assign(it.target, v, scope);
        }
        return this.block(s.body, scope);
      case 'try':
        return this.block(s.body, scope) ?? this.block(s.orelse, scope) ?? this.block(s.final, scope);
      case 'return':
        return s.value ? this.expr(s.value, scope) : NONE;
      case 'other':
        return null;
    }
  }

  /** `for epoch in range(90)` sets the epochs, a batch loop inside it the steps per epoch, a lone `for step in range(N)` the total. */
  private noteLoopRange(s: PyStmt & { k: 'for' }, iter: Value): void {
    if (iter.t !== 'list' || !(iter as { range?: number }).range) return;
    const n = (iter as { range?: number }).range!;
    const target = this.src.slice(s.target.pos, s.target.end);
    if (/epoch/i.test(target)) this.found.epochs ??= n;
    else if (this.loops.some((l) => /epoch/i.test(l.text))) this.found.stepsPerEpoch ??= n;
    else if (/step|iter|update|batch|^i$/i.test(target) && this.loops.length === 0) this.found.totalSteps ??= n;
  }

  private assign(target: PyExpr, v: Value, scope: Scope): void {
    if (target.k === 'name') {
      scope.vars.set(target.id, v);
      if (v.t === 'schedule' && v.varName === null) v.varName = target.id;
    } else if (target.k === 'list') {
      const items = v.t === 'list' ? v.items : null;
      target.items.forEach((t, i) => this.assign(t.k === 'starred' ? t.value : t, items?.[i] ?? unknown('an unpacked value', t.pos), scope));
    } else if (target.k === 'attr') {
      const obj = this.expr(target.obj, scope);
      if (obj.t === 'object') {
        obj.attrs.set(target.name, v);
        if (v.t === 'schedule' && v.varName === null) v.varName = target.name;
      }
    }
  }

  // ---- expressions ----

  private expr(e: PyExpr, scope: Scope): Value {
    switch (e.k) {
      case 'num':
        return num(e.value, e.isInt);
      case 'str':
        return e.formatted ? unknown('an f-string', e.pos) : { t: 'str', v: e.value };
      case 'const':
        return e.value === null ? NONE : { t: 'bool', v: e.value };
      case 'name': {
        const v = scope.get(e.id);
        if (v !== undefined) return v;
        if (e.id === 'math') return { t: 'ref', path: 'math' };
        return this.contextValue(e.id, e.pos) ?? unknown(`"${e.id}" is not assigned in the code`, e.pos);
      }
      case 'attr': {
        const obj = this.expr(e.obj, scope);
        if (obj.t === 'ref') return { t: 'ref', path: `${obj.path}.${e.name}` };
        if (obj.t === 'object') {
          const v = obj.attrs.get(e.name);
          if (v) return v;
          if (e.name === 'trainer' || e.name === 'hparams') return { t: 'object', attrs: new Map(), name: `${obj.name}.${e.name}` };
          return this.contextValue(`${obj.name}.${e.name}`, e.pos) ?? unknown(`${obj.name}.${e.name} is not known`, e.pos);
        }
        if (obj.t === 'schedule' || obj.t === 'optimizer' || obj.t === 'func') return { t: 'ref', path: `<${obj.t}>.${e.name}` };
        const text = this.src.slice(e.pos, e.end);
        return this.contextValue(text, e.pos) ?? unknown(`${text} is not known`, e.pos);
      }
      case 'call':
        return this.call(e, scope);
      case 'list':
        return { t: 'list', items: e.items.map((x) => this.expr(x.k === 'starred' ? x.value : x, scope)) };
      case 'dict':
        return {
          t: 'dict',
          entries: e.entries.flatMap(({ key, value }): [Value, Value][] => {
            if (key === null) {
              const spread = this.expr(value, scope);
              return spread.t === 'dict' ? spread.entries : [];
            }
            return [[this.expr(key, scope), this.expr(value, scope)]];
          }),
        };
      case 'binary':
        return this.binary(e.op, this.expr(e.left, scope), this.expr(e.right, scope), e.pos);
      case 'unary': {
        const v = this.expr(e.operand, scope);
        if (e.op === 'not') {
          const t = truthOf(v);
          return t === null ? unknown('a condition', e.pos) : { t: 'bool', v: !t };
        }
        const n = numeric(v);
        if (n === null) return v.t === 'unknown' ? v : unknown(`${e.op} of a non-number`, e.pos);
        return e.op === '-' ? num(-n.v, n.int) : e.op === '+' ? num(n.v, n.int) : unknown('a bitwise operation', e.pos);
      }
      case 'ifexp': {
        const t = truthOf(this.expr(e.test, scope));
        if (t === null) return unknown('a conditional value', e.pos);
        return this.expr(t ? e.body : e.orelse, scope);
      }
      case 'logic': {
        let last: Value = NONE;
        for (const o of e.operands) {
          last = this.expr(o, scope);
          const t = truthOf(last);
          if (t === null) return unknown('a condition', e.pos);
          if (e.op === 'or' ? t : !t) return last;
        }
        return last;
      }
      case 'compare': {
        const vals = e.operands.map((o) => this.expr(o, scope));
        let result = true;
        for (let i = 0; i < e.ops.length; i++) {
          const a = vals[i];
          const b = vals[i + 1];
          const op = e.ops[i];
          if (a.t === 'str' && b.t === 'str' && (op === '==' || op === '!=')) result &&= (a.v === b.v) === (op === '==');
          else {
            const x = numeric(a);
            const y = numeric(b);
            if (!x || !y) return unknown('a comparison', e.pos);
            const r = op === '<' ? x.v < y.v : op === '<=' ? x.v <= y.v : op === '>' ? x.v > y.v : op === '>=' ? x.v >= y.v : op === '==' ? x.v === y.v : op === '!=' ? x.v !== y.v : null;
            if (r === null) return unknown('a comparison', e.pos);
            result &&= r;
          }
        }
        return { t: 'bool', v: result };
      }
      case 'lambda':
        return { t: 'func', name: '<lambda>', params: e.params, body: [{ k: 'return', value: e.body, pos: e.body.pos, end: e.body.end }], lambda: e, node: e, closure: scope, isMethod: false };
      case 'subscript': {
        const obj = this.expr(e.obj, scope);
        const idx = this.expr(e.index, scope);
        if (obj.t === 'list' && idx.t === 'num') return obj.items[idx.v < 0 ? obj.items.length + idx.v : idx.v] ?? unknown('an index out of range', e.pos);
        if (obj.t === 'dict') return lookup(obj, idx) ?? unknown('a missing key', e.pos);
        return unknown(`${this.src.slice(e.pos, e.end)} is not known`, e.pos);
      }
      case 'starred':
        return this.expr(e.value, scope);
      case 'other':
        return unknown(`a ${e.what}`, e.pos);
    }
  }

  /** A run-context quantity that an unbound name (`epochs`, `args.total_steps`, `len(loader)`) stands for. */
  private contextValue(name: string, pos: number): Value | null {
    for (const { re, field } of CONTEXT_NAMES) {
      if (!re.test(name)) continue;
      const v = this.context[field] ?? this.found[field] ?? this.derived(field);
      if (v === undefined) return unknown(`"${name}" is not assigned in the code: set ${FIELD_LABELS[field]} in the run context`, pos);
      this.notes.push(`${this.where(pos)}: ${name} read as the run context's ${FIELD_LABELS[field]}, ${v}.`);
      return num(v, true);
    }
    return null;
  }

  private derived(field: keyof RunContext): number | undefined {
    const c = { ...this.found, ...stripUndefined(this.context) };
    const spe = c.stepsPerEpoch ?? (c.datasetSize && c.batchSize ? Math.ceil(Math.ceil(c.datasetSize / (c.batchSize * (c.devices ?? 1))) / (c.gradientAccumulation ?? 1)) : undefined);
    if (field === 'stepsPerEpoch') return spe;
    if (field === 'totalSteps' && spe !== undefined && c.epochs !== undefined) return spe * c.epochs;
    if (field === 'epochs' && spe !== undefined && c.totalSteps !== undefined) return Math.ceil(c.totalSteps / spe);
    return undefined;
  }

  private binary(op: string, a: Value, b: Value, pos: number): Value {
    if (a.t === 'unknown') return a;
    if (b.t === 'unknown') return b;
    if (op === '+' && a.t === 'list' && b.t === 'list') return { t: 'list', items: [...a.items, ...b.items] };
    if (op === '*' && a.t === 'list' && numeric(b)?.int) return { t: 'list', items: Array.from({ length: Math.max(0, numeric(b)!.v) }, () => a.items).flat() };
    const x = numeric(a);
    const y = numeric(b);
    if (!x || !y) return unknown(`"${op}" of values that are not numbers`, pos);
    const int = x.int && y.int;
    try {
      switch (op) {
        case '+':
          return num(x.v + y.v, int);
        case '-':
          return num(x.v - y.v, int);
        case '*':
          return num(x.v * y.v, int);
        case '/':
          return num(pyDiv(x.v, y.v));
        case '//':
          return num(pyFloorDiv(x.v, y.v), int);
        case '%':
          return num(pyMod(x.v, y.v), int);
        case '**':
          return num(pyPow(x.v, y.v), int && y.v >= 0);
      }
    } catch (e) {
      return unknown(e instanceof Error ? e.message : String(e), pos);
    }
    return unknown(`the operator "${op}"`, pos);
  }

  // ---- calls ----

  private call(e: PyExpr & { k: 'call' }, scope: Scope): Value {
    // Method calls on a schedule or an optimizer: `.step()` tells when the schedule steps.
    if (e.fn.k === 'attr') {
      const obj = this.expr(e.fn.obj, scope);
      if (obj.t === 'schedule') return this.methodOfSchedule(obj, e.fn.name, e);
      if (obj.t === 'optimizer' || obj.t === 'unknown' || obj.t === 'list' || obj.t === 'dict' || obj.t === 'object') {
        if (e.fn.name === 'get' && obj.t === 'dict') {
          const k = e.args[0] ? this.expr(e.args[0], scope) : NONE;
          return lookup(obj, k) ?? (e.args[1] ? this.expr(e.args[1], scope) : NONE);
        }
        if (obj.t === 'object' && obj.name === 'self' && e.fn.name === 'parameters') return unknown('the model parameters', e.pos);
        if (obj.t !== 'unknown') return unknown(`${this.src.slice(e.fn.pos, e.fn.end)}()`, e.pos);
      }
    }
    const fn = this.expr(e.fn, scope);
    const args = e.args.map((a) => this.expr(a, scope));
    const kwargs = new Map<string, Value>();
    for (const k of e.keywords) {
      const v = this.expr(k.value, scope);
      if (k.name === null) {
        if (v.t === 'dict') for (const [key, val] of v.entries) if (key.t === 'str') kwargs.set(key.v, val);
      } else {
        kwargs.set(k.name, v);
      }
    }
    if (fn.t === 'func') return this.callFunc(fn, args, kwargs, e.pos);
    // PaddleOCR's classes are builders: calling one gives its paddle scheduler.
    if (fn.t === 'schedule' && fn.def.framework === 'paddleocr' && args.length === 0) return fn;
    const path = fn.t === 'ref' ? fn.path : dottedName(e.fn);
    if (path === null) return unknown(`a call to ${this.src.slice(e.fn.pos, e.fn.end)}`, e.pos);
    const builtin = this.builtin(path, args, kwargs, e);
    if (builtin) return builtin;
    return this.frameworkCall(path, e, args, kwargs);
  }

  private callFunc(f: FuncValue, args: Value[], kwargs: Map<string, Value>, pos: number): Value {
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown('a function calling itself too deeply', pos);
    const scope = new Scope(f.closure);
    f.params.forEach((p, i) => scope.vars.set(p, args[i] ?? kwargs.get(p) ?? unknown(`the argument "${p}"`, pos)));
    this.callDepth++;
    try {
      return this.block(f.body, scope) ?? NONE;
    } finally {
      this.callDepth--;
    }
  }

  private builtin(path: string, args: Value[], kwargs: Map<string, Value>, e: PyExpr & { k: 'call' }): Value | null {
    const n = args.map(numeric);
    // An unknown argument keeps its reason (`int(args.warmup)` is unknown for the reason args.warmup is).
    const firstUnknown = args.find((a) => a.t === 'unknown');
    if (firstUnknown && ['int', 'float', 'min', 'max', 'abs', 'round', 'math.ceil', 'math.floor', 'math.sqrt'].includes(path)) return firstUnknown;
    const allNum = n.every((x) => x !== null) && n.length > 0;
    switch (path) {
      case 'len': {
        const a = args[0];
        if (a?.t === 'list') return num(a.items.length, true);
        const text = this.src.slice(e.pos, e.end);
        const spe = this.context.stepsPerEpoch ?? this.derived('stepsPerEpoch');
        if (spe === undefined) return unknown(`${text} (the batches per epoch): set the steps per epoch in the run context`, e.pos);
        this.notes.push(`${this.where(e.pos)}: ${text} read as the run context's steps per epoch, ${spe}.`);
        return num(spe, true);
      }
      case 'range': {
        if (!allNum) return unknown('a range', e.pos);
        const [a, b, c] = n.length === 1 ? [0, n[0]!.v, 1] : [n[0]!.v, n[1]!.v, n[2]?.v ?? 1];
        const count = Math.max(0, Math.ceil((b - a) / c));
        // A range is kept lazy: only its length matters (loops are read once).
        return Object.assign({ t: 'list' as const, items: count <= 10_000 ? Array.from({ length: count }, (_, i) => num(a + i * c, true)) : [] }, { range: count });
      }
      case 'int':
        return allNum ? num(Math.trunc(n[0]!.v), true) : args[0]?.t === 'str' && Number.isFinite(Number(args[0].v)) ? num(Math.trunc(Number(args[0].v)), true) : unknown('int() of an unknown value', e.pos);
      case 'float':
        return allNum ? num(n[0]!.v) : args[0]?.t === 'str' && Number.isFinite(Number(args[0].v)) ? num(Number(args[0].v)) : unknown('float() of an unknown value', e.pos);
      case 'min':
      case 'max': {
        const items = args.length === 1 && args[0].t === 'list' ? args[0].items.map(numeric) : n;
        if (!items.length || items.some((x) => x === null)) return unknown(`${path}() of unknown values`, e.pos);
        const pick = items.reduce((m, x) => ((path === 'min' ? x!.v < m!.v : x!.v > m!.v) ? x : m))!;
        return num(pick.v, pick.int);
      }
      case 'abs':
        return allNum ? num(Math.abs(n[0]!.v), n[0]!.int) : unknown('abs() of an unknown value', e.pos);
      case 'round':
        return allNum && n.length === 1 ? num(roundHalfEven(n[0]!.v), true) : unknown('round()', e.pos);
      case 'math.ceil':
      case 'math.floor':
        return allNum ? num(path === 'math.ceil' ? Math.ceil(n[0]!.v) : Math.floor(n[0]!.v), true) : unknown(`${path}() of an unknown value`, e.pos);
      case 'math.sqrt':
        return allNum ? num(Math.sqrt(n[0]!.v)) : unknown('math.sqrt() of an unknown value', e.pos);
      case 'list':
      case 'tuple':
        return args[0]?.t === 'list' ? args[0] : { t: 'list', items: [] };
      case 'dict':
        return { t: 'dict', entries: [...(args[0]?.t === 'dict' ? args[0].entries : []), ...[...kwargs].map(([k, v]): [Value, Value] => [{ t: 'str', v: k }, v])] };
      case 'enumerate':
      case 'zip':
      case 'iter':
      case 'tqdm':
      case 'tqdm.tqdm':
        return unknown('an iterator', e.pos);
      case 'print':
        return NONE;
    }
    return null;
  }

  private frameworkCall(path: string, e: PyExpr & { k: 'call' }, args: Value[], kwargs: Map<string, Value>): Value {
    const last = path.slice(path.lastIndexOf('.') + 1);
    if (last === 'TrainingArguments' || last === 'Seq2SeqTrainingArguments') return this.trainingArguments(e, kwargs);
    if (last === 'get_scheduler' && (path.startsWith('transformers') || path === 'get_scheduler')) return this.hfGetScheduler(e, args, kwargs);
    if (last === 'create_scheduler_v2' || (last === 'create_scheduler' && path.startsWith('timm'))) return this.timmFactory(e, args, kwargs);
    if (last === 'LearningRateScheduler' && /keras/.test(path)) {
      // keras.callbacks.LearningRateScheduler(lambda epoch: schedule(epoch)): set once per epoch.
      const fn = args[0] ?? kwargs.get('schedule');
      if (fn?.t === 'func') for (const s of this.schedulesCalledIn(fn)) this.setStepping(s, 'epoch', 'keras LearningRateScheduler sets it once per epoch');
      return unknown('a Keras callback', e.pos);
    }
    const match = definitionForCallee(path);
    if (match && 'def' in match) return this.construct(match.def, e, args, kwargs);
    if (match && 'ambiguous' in match) {
      this.problem(e.pos, `${path} exists in ${match.ambiguous.map((d) => d.framework).join(' and ')}: import it (e.g. from torch.optim.lr_scheduler import ${path}) to say which`);
      return unknown(`an ambiguous ${path}`, e.pos);
    }
    if (OPTIMIZER_NAME.test(path) || /(^|\.)optim(izers?)?\.[A-Z]\w*$/.test(path) || /^optax\.\w+$/.test(path)) return this.optimizer(path, e, args, kwargs);
    // Optax's inject_hyperparams(optax.adam)(learning_rate=schedule) and other wrappers.
    const lrArg = kwargs.get('learning_rate');
    if (lrArg?.t === 'schedule' && (lrArg.def.framework === 'keras' || lrArg.def.framework === 'optax')) this.setStepping(lrArg, 'iteration', 'the optimizer reads it at every update', true);
    if (lrArg?.t === 'func') for (const s of this.schedulesCalledIn(lrArg)) this.optaxCountFunction(s, lrArg);
    return unknown(`${path}()`, e.pos);
  }

  private optimizer(path: string, e: PyExpr & { k: 'call' }, args: Value[], kwargs: Map<string, Value>): Value {
    const lr = kwargs.get('lr') ?? kwargs.get('learning_rate') ?? (path.startsWith('torch') ? args[1] : undefined) ?? null;
    // Keras and Optax optimizers evaluate the schedule at every update; Paddle's are stepped by the script.
    if (lr?.t === 'schedule' && (lr.def.framework === 'keras' || lr.def.framework === 'optax')) this.setStepping(lr, 'iteration', 'the optimizer reads it at every update', true);
    if (lr?.t === 'func') for (const s of this.schedulesCalledIn(lr)) this.optaxCountFunction(s, lr);
    return { t: 'optimizer', lr: lr?.t === 'schedule' ? null : lr, className: path, node: e };
  }

  /** `lambda count: schedule(count // N)`: the schedule moves once every N updates (per epoch). */
  private optaxCountFunction(s: ScheduleValue, f: FuncValue): void {
    const body = f.lambda?.body;
    const call = body?.k === 'call' ? body : null;
    const arg = call?.args[0];
    if (arg?.k === 'binary' && arg.op === '//') {
      const n = numeric(this.expr(arg.right, f.closure));
      if (n) this.found.stepsPerEpoch ??= n.v;
      this.setStepping(s, 'epoch', 'its count is the updates divided by the updates per epoch');
    } else this.setStepping(s, 'iteration', 'the optimizer reads it at every update', true);
  }

  /** Schedules a function body calls by name (`schedule(epoch)`). */
  private schedulesCalledIn(f: FuncValue): ScheduleValue[] {
    const out: ScheduleValue[] = [];
    const visit = (e: PyExpr) => {
      if (e.k === 'call') {
        if (e.fn.k === 'name') {
          const v = f.closure.get(e.fn.id);
          if (v?.t === 'schedule') out.push(v);
        }
        e.args.forEach(visit);
      } else if (e.k === 'binary') {
        visit(e.left);
        visit(e.right);
      }
    };
    for (const s of f.body) if (s.k === 'return' && s.value) visit(s.value);
    return out;
  }

  private methodOfSchedule(s: ScheduleValue, method: string, e: PyExpr & { k: 'call' }): Value {
    if (method === 'step' || method === 'step_update') {
      // timm's counter is t_in_epochs, not where the call sits (PlateauLRScheduler has none).
      if (s.def.params.some((p) => p.name === 't_in_epochs')) return NONE;
      // PlateauLRScheduler acts in step(epoch, metric) only; step_update leaves its lr alone.
      if (method === 'step_update' && s.def.framework === 'timm') return NONE;
      const stepping = this.steppingAtCall();
      if (stepping) this.setStepping(s, stepping.stepping, stepping.why);
      return NONE;
    }
    if (method === 'get_last_lr' || method === 'get_lr') return unknown('the current lr', e.pos);
    return unknown(`${s.def.name}.${method}()`, e.pos);
  }

  /** Where the `.step()` being read sits: in a batch loop (every update) or an epoch loop. */
  private steppingAtCall(): { stepping: Stepping; why: string } | null {
    if (this.loops.length === 0) return null;
    const inner = this.loops[this.loops.length - 1];
    const epochish = /epoch/i.test(inner.text);
    const batchish = /batch|loader|step|iter|data|update|enumerate|range\(\s*(len\()?[a-z_]*(steps|iters|batches)/i.test(inner.text.replace(/epoch/gi, ''));
    const holdsLoop = inner.node.body.some(function has(s: PyStmt): boolean {
      if (s.k === 'for' || s.k === 'while') return true;
      if (s.k === 'if' || s.k === 'with' || s.k === 'try') return [...('body' in s ? s.body : []), ...('orelse' in s ? s.orelse : [])].some(has);
      return false;
    });
    if (holdsLoop || (epochish && !batchish)) return { stepping: 'epoch', why: `scheduler.step() is in the epoch loop (${inner.text.trim()})` };
    if (this.loops.length >= 2 || batchish) return { stepping: 'iteration', why: `scheduler.step() is in the batch loop (${inner.text.trim()})` };
    return { stepping: 'iteration', why: `scheduler.step() is in the loop "${inner.text.trim()}" (read as once per update)` };
  }

  /** `implied`: a hint (an optimizer that reads the schedule) that an explicit `.step()` overrides. */
  private setStepping(s: ScheduleValue, stepping: Stepping, why: string, implied = false): void {
    if (implied && s.stepping !== null) return;
    if (s.stepping === null || s.stepping === stepping || s.steppingImplied) {
      s.stepping = stepping;
      s.steppingWhy = why;
      s.steppingImplied = implied;
    } else s.notes.push(`${s.def.name} is stepped both per update and per epoch; read as ${s.stepping} (${s.steppingWhy}).`);
  }

  private steppingOf(s: ScheduleValue): Stepping {
    if (s.def.params.some((p) => p.name === 't_in_epochs')) {
      const t = s.args.get('t_in_epochs');
      return t?.t === 'bool' && !t.v ? 'iteration' : 'epoch';
    }
    if (s.stepping) return s.stepping;
    if (s.def.framework === 'keras' || s.def.framework === 'optax') return 'iteration';
    if (s.def.framework === 'timm') return 'epoch';
    s.notes.push(`${s.def.name}: no ${s.varName ?? 'scheduler'}.step() call found: assumed once per optimizer update.`);
    return 'iteration';
  }

  // ---- scheduler constructors ----

  private construct(def: SchedulerDefinition, e: PyExpr & { k: 'call' }, args: Value[], kwargs: Map<string, Value>): Value {
    const named = new Map<string, Value>();
    let optimizer: OptimizerValue | null = null;
    let rest = args;
    const takesOptimizer = TAKES_OPTIMIZER.has(def.framework) && def.id !== 'torch.ChainedScheduler';
    if (takesOptimizer) {
      const o = kwargs.get('optimizer') ?? args[0];
      if (!kwargs.has('optimizer')) rest = args.slice(1);
      if (o?.t === 'optimizer') optimizer = o;
    }
    const order = positionalNames(def);
    const sv: ScheduleValue = { t: 'schedule', def, args: named, optimizer, node: e, varName: null, stepping: null, steppingWhy: null, child: false, notes: [] };
    rest.forEach((v, i) => {
      if (i < order.length) named.set(order[i], v);
      else sv.notes.push(`${def.name}: positional argument ${i + 1} is beyond its signature: left out.`);
    });
    for (const [k, v] of kwargs) if (k !== 'optimizer') named.set(k, v);
    if (def.id === 'torch.ChainedScheduler') {
      const o = named.get('optimizer');
      if (o?.t === 'optimizer') sv.optimizer = o;
    }
    for (const v of named.values()) markChildren(v);
    this.made.push(sv);
    return sv;
  }

  private hfGetScheduler(e: PyExpr & { k: 'call' }, args: Value[], kwargs: Map<string, Value>): Value {
    const name = kwargs.get('name') ?? args[0];
    if (name?.t !== 'str') {
      this.problem(e.pos, `get_scheduler's name is not a string here (one of ${HF_TYPES.join(', ')})`);
      return unknown('a scheduler', e.pos);
    }
    const def = hfDefinition(name.v);
    if (!def) {
      this.problem(e.pos, `get_scheduler("${name.v}") is not one the studio computes (supported: ${HF_TYPES.join(', ')})`);
      return unknown('a scheduler', e.pos);
    }
    const optimizer = kwargs.get('optimizer') ?? args[1];
    const warmup = kwargs.get('num_warmup_steps') ?? args[2];
    const training = kwargs.get('num_training_steps') ?? args[3];
    const specific = kwargs.get('scheduler_specific_kwargs') ?? args[4];
    const named = new Map<string, Value>();
    const has = (n: string) => def.params.some((p) => p.name === n);
    const t = name.v;
    if (t !== 'constant' && t !== 'reduce_lr_on_plateau' && warmup && warmup.t !== 'none') named.set('num_warmup_steps', warmup);
    if (t !== 'constant' && t !== 'constant_with_warmup' && has('num_training_steps') && training && training.t !== 'none') named.set('num_training_steps', training);
    const sv: ScheduleValue = { t: 'schedule', def, args: named, optimizer: optimizer?.t === 'optimizer' ? optimizer : null, node: e, varName: null, stepping: null, steppingWhy: null, child: false, notes: [] };
    if (specific?.t === 'dict') {
      if (t === 'constant' || t === 'constant_with_warmup') sv.notes.push(`get_scheduler("${t}") ignores scheduler_specific_kwargs.`);
      else for (const [k, v] of specific.entries) if (k.t === 'str') named.set(k.v, v);
    }
    this.made.push(sv);
    return sv;
  }

  private trainingArguments(e: PyExpr & { k: 'call' }, kwargs: Map<string, Value>): Value {
    const plain: Record<string, unknown> = {};
    for (const [k, v] of kwargs) {
      const js = toPlain(v);
      if (js !== undefined) plain[k] = js;
    }
    try {
      const r = readTrainingArguments(plain, { text: this.src, offsetOf: () => e.pos }, this.context);
      for (const s of r.schedules) {
        const def = getDefinition(s.spec.scheduler)!;
        const args = new Map<string, Value>(Object.entries(s.spec.params).map(([k, v]) => [k, fromPlain(v)]));
        const sv: ScheduleValue = { t: 'schedule', def, args, optimizer: null, node: e, varName: null, stepping: 'iteration', steppingWhy: 'the Trainer steps it once per update', child: false, notes: r.notes };
        this.made.push(sv);
      }
      if (!r.schedules.length) this.notes.push(...r.notes);
      Object.assign(this.found, { ...r.context, ...this.found });
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      this.problem(e.pos, err.detail);
    }
    return unknown('TrainingArguments', e.pos);
  }

  private timmFactory(e: PyExpr & { k: 'call' }, args: Value[], kwargs: Map<string, Value>): Value {
    const optimizer = kwargs.get('optimizer') ?? args[0];
    const a: FactoryArgs = { ...FACTORY_DEFAULTS, decay_milestones: [...FACTORY_DEFAULTS.decay_milestones] };
    const order = Object.keys(FACTORY_DEFAULTS) as (keyof FactoryArgs)[];
    const given = new Map<string, Value>(kwargs);
    args.slice(1).forEach((v, i) => given.set(order[i], v));
    for (const [k, v] of given) {
      if (k === 'optimizer' || !(k in a)) continue;
      const js = toPlain(v);
      if (js === undefined) {
        this.problem(e.pos, `create_scheduler_v2's ${k} is not known (${v.t === 'unknown' ? v.why : v.t}): left at its default`);
        continue;
      }
      (a as Record<string, unknown>)[k] = js;
    }
    if (!a.step_on_epochs && !a.updates_per_epoch) {
      this.problem(e.pos, 'create_scheduler_v2 with step_on_epochs=False needs updates_per_epoch');
      return unknown('a timm scheduler', e.pos);
    }
    const lrVal = optimizer?.t === 'optimizer' ? optimizer.lr : null;
    const lr = lrVal ? numeric(lrVal)?.v : optimizer?.t === 'optimizer' ? 0.001 : undefined;
    const made = createSchedulerV2(a, lr ?? 0.1);
    if (!made) {
      this.problem(e.pos, `create_scheduler_v2(sched="${a.sched}") returns None in timm`);
      return unknown('a timm scheduler', e.pos);
    }
    const def = getDefinition(made.spec.scheduler)!;
    const named = new Map<string, Value>(Object.entries(made.spec.params).map(([k, v]) => [k, fromPlain(v)]));
    const sv: ScheduleValue = { t: 'schedule', def, args: named, optimizer: null, node: e, varName: null, stepping: made.stepping, steppingWhy: 'timm', child: false, notes: [] };
    if (lr === undefined) sv.notes.push(`${def.name}: the optimizer's lr is not known: 0.1 assumed.`);
    this.found.epochs ??= made.numEpochs;
    this.made.push(sv);
    // create_scheduler_v2 returns (scheduler, num_epochs).
    return { t: 'list', items: [sv, num(made.numEpochs, true)] };
  }

  /** Lightning: `return {"optimizer": o, "lr_scheduler": {"scheduler": s, "interval": "step"}}`, or `[o], [s]`. */
  private lightningReturn(ret: Value, pos: number): void {
    const cfgs: Value[] = [];
    if (ret.t === 'dict') {
      const ls = lookup(ret, { t: 'str', v: 'lr_scheduler' });
      if (ls) cfgs.push(ls);
    } else if (ret.t === 'list' && ret.items.length === 2) {
      const second = ret.items[1];
      if (second.t === 'list') cfgs.push(...second.items);
      else if (second.t === 'schedule' || second.t === 'dict') cfgs.push(second);
    } else if (ret.t === 'schedule') cfgs.push(ret);
    if (!cfgs.length && this.lightning) this.problem(pos, 'configure_optimizers returns no lr scheduler that could be read');
    for (const c of cfgs) {
      if (c.t === 'schedule') {
        this.setStepping(c, 'epoch', 'Lightning steps a scheduler once per epoch unless "interval" is "step"');
        continue;
      }
      if (c.t !== 'dict') continue;
      const s = lookup(c, { t: 'str', v: 'scheduler' });
      if (s?.t !== 'schedule') continue;
      const interval = lookup(c, { t: 'str', v: 'interval' });
      const frequency = lookup(c, { t: 'str', v: 'frequency' });
      const step = interval?.t === 'str' && interval.v === 'step';
      this.setStepping(s, step ? 'iteration' : 'epoch', step ? 'Lightning "interval": "step"' : 'Lightning "interval": "epoch" (its default)');
      if (frequency?.t === 'num' && frequency.v !== 1) s.notes.push(`${s.def.name}: Lightning steps it every ${frequency.v} ${step ? 'updates' : 'epochs'} ("frequency"); the curve is drawn for a frequency of 1.`);
    }
  }

  // ---- values to spec params ----

  private specOf(s: ScheduleValue, asChild: boolean): ScheduleSpec {
    const params: Record<string, unknown> = {};
    const def = s.def;
    for (const p of def.params) {
      if (p.role === 'baseLr') {
        if (asChild) continue;
        const given = s.args.get(p.name);
        const lr = given && numeric(given) ? numeric(given)!.v : this.baseLrOf(s);
        if (lr !== undefined) params[p.name] = lr;
        continue;
      }
      const v = s.args.get(p.name);
      if (v === undefined) continue;
      const converted = this.paramValue(p, p.type, v, s);
      if (converted !== undefined) params[p.name] = converted;
    }
    for (const k of s.args.keys()) {
      if (!def.params.some((p) => p.name === k) && !IGNORED_ARGS.has(k)) {
        s.notes.push(`${def.name}: the argument ${k} is not modelled by the studio: left out.`);
      }
    }
    return { scheduler: def.id, params };
  }

  private baseLrOf(s: ScheduleValue): number | undefined {
    const o = s.optimizer ?? this.childOptimizer(s);
    const p = s.def.params.find((x) => x.role === 'baseLr')!;
    if (!o) {
      if (p.default === undefined) s.notes.push(`${s.def.name}: the optimizer is not known: lr ${String(p.example ?? 0.1)} assumed.`);
      return p.default === undefined ? ((p.example as number | undefined) ?? 0.1) : undefined;
    }
    if (o.lr === null) {
      // torch's optimizers default to lr=1e-3 (SGD since 2.0, Adam and AdamW always).
      s.notes.push(`${s.def.name}: ${o.className} has no lr argument: its default 0.001 assumed.`);
      return 0.001;
    }
    const n = numeric(o.lr);
    if (n) return n.v;
    const why = o.lr.t === 'unknown' ? o.lr.why : 'not a number';
    s.notes.push(`${s.def.name}: the optimizer's lr is not known (${why}): ${String(p.default ?? p.example ?? 0.1)} assumed.`);
    return p.default === undefined ? ((p.example as number | undefined) ?? 0.1) : undefined;
  }

  private childOptimizer(s: ScheduleValue): OptimizerValue | null {
    const list = s.args.get('schedulers');
    if (list?.t === 'list') for (const c of list.items) if (c.t === 'schedule' && c.optimizer) return c.optimizer;
    return null;
  }

  /** A Python value as the spec value of a parameter; undefined (with a note) where it cannot be. */
  private paramValue(p: ParamDef, t: ParamType, v: Value, s: ScheduleValue): unknown {
    const fail = (why: string): never => {
      throw new Skip(`${p.name} ${why}`, v.t === 'unknown' ? v.pos : s.node.pos);
    };
    const optional = (why: string) => {
      if (p.default === undefined) fail(why);
      s.notes.push(`${s.def.name}: ${p.name} ${why}: left at its default.`);
      return undefined;
    };
    if (v.t === 'unknown') return optional(`is not known (${v.why})`);
    if (v.t === 'none') return p.nullable ? null : optional('is None');
    switch (t.kind) {
      case 'number':
      case 'integer': {
        const n = numeric(v);
        return n ? n.v : optional(`is not a number`);
      }
      case 'boolean':
        return v.t === 'bool' ? v.v : v.t === 'num' ? v.v !== 0 : optional('is not True or False');
      case 'enum':
        return v.t === 'str' ? v.v : optional('is not a string');
      case 'numberList': {
        if (t.orNumber && numeric(v)) return numeric(v)!.v;
        if (v.t !== 'list') return optional('is not a list of numbers');
        const items = v.items.map(numeric);
        if (items.some((x) => x === null)) return optional('holds values that are not known numbers');
        return items.map((x) => x!.v);
      }
      case 'numberMap': {
        if (v.t !== 'dict') return optional('is not a dict');
        const out: Record<string, number> = {};
        for (const [k, x] of v.entries) {
          const kn = numeric(k);
          const xn = numeric(x);
          if (!kn || !xn) return optional('holds keys or values that are not known numbers');
          out[String(kn.v)] = xn.v;
        }
        return out;
      }
      case 'expression':
        if (v.t === 'list' && v.items.length) {
          s.notes.push(`${s.def.name}: ${p.name} is a list (one function per parameter group): the first one is used.`);
          return this.paramValue(p, t, v.items[0], s);
        }
        if (v.t !== 'func') return optional('is not a lambda or a function');
        return this.lambdaText(v, s, p.name);
      case 'schedule':
        if (v.t !== 'schedule') return optional('is not a scheduler');
        return this.specOf(v, t.omitBaseLr === true);
      case 'scheduleList':
        if (v.t !== 'list' || v.items.some((c) => c.t !== 'schedule')) return optional('is not a list of schedulers');
        return v.items.map((c) => this.specOf(c as ScheduleValue, t.omitBaseLr === true));
      case 'numberOrSchedule':
        if (v.t === 'schedule') return this.specOf(v, false);
        return numeric(v)?.v ?? optional('is not a number or a scheduler');
      case 'recordList': {
        if (v.t !== 'list') return optional('is not a list of dicts');
        return v.items.map((rec) => {
          if (rec.t !== 'dict') fail('holds an item that is not a dict');
          const out: Record<string, unknown> = {};
          for (const [k, x] of (rec as { entries: [Value, Value][] }).entries) {
            const f = t.fields.find((fd) => k.t === 'str' && fd.name === k.v);
            if (!f) continue;
            const val = this.paramValue(f, f.type, x, s);
            if (val !== undefined) out[f.name] = val;
          }
          return out;
        });
      }
    }
  }

  /**
   * A lambda or a one-expression `def` as the lambda text the engine parses: the source as written
   * where it uses only its argument, else with the outer numbers it reads written in.
   */
  private lambdaText(f: FuncValue, s: ScheduleValue, param: string): string {
    if (f.params.length !== 1) throw new Skip(`${param}: ${f.name} takes ${f.params.length} arguments; a schedule function takes one`, f.node.pos);
    const arg = f.params[0];
    const body = this.returnExpr(f);
    if (!body) throw new Skip(`${param}: ${f.name} is not one return expression (if/return chains of expressions are read too)`, f.node.pos);
    const { text, substituted } = this.render(body.expr, new Set([arg]), body.locals, f.closure);
    const source = !substituted && f.lambda ? this.src.slice(f.lambda.pos, f.lambda.end) : `lambda ${arg}: ${text}`;
    try {
      compileLambda(source);
    } catch (e) {
      if (e instanceof ExpressionSyntaxError) throw new Skip(`${param}: ${e.message.replace(/^column \d+: /, '')} (in "${source.length > 80 ? source.slice(0, 80) + '...' : source}")`, f.node.pos);
      throw e;
    }
    if (substituted) s.notes.push(`${s.def.name}: ${param} uses values from the code, written in: ${source}`);
    return source;
  }

  /** The return expression of a function made of local assignments, `if c: return a` and a final return. */
  private returnExpr(f: FuncValue): { expr: PyExpr; locals: Map<string, PyExpr> } | null {
    const locals = new Map<string, PyExpr>();
    const fold = (stmts: readonly PyStmt[]): PyExpr | null => {
      for (let i = 0; i < stmts.length; i++) {
        const st = stmts[i];
        if (st.k === 'expr' && st.value.k === 'str') continue; // docstring
        if (st.k === 'assign' && st.targets.length === 1 && st.targets[0].k === 'name') {
          locals.set(st.targets[0].id, inline(st.value, locals));
          continue;
        }
        if (st.k === 'return') return st.value ? inline(st.value, locals) : null;
        if (st.k === 'if') {
          const body = fold(st.body);
          const orelse = st.orelse.length ? fold(st.orelse) : fold(stmts.slice(i + 1));
          if (!body || !orelse) return null;
          return { k: 'ifexp', test: inline(st.test, locals), body, orelse, pos: st.pos, end: st.end };
        }
        return null;
      }
      return null;
    };
    const expr = fold(f.body);
    return expr ? { expr, locals } : null;
  }

  /** Python text of `e`, fully parenthesized, with the outer numbers it reads written in. */
  private render(e: PyExpr, bound: Set<string>, locals: Map<string, PyExpr>, scope: Scope): { text: string; substituted: boolean } {
    let substituted = locals.size > 0;
    const r = (x: PyExpr): string => {
      switch (x.k) {
        case 'num':
          return this.src.slice(x.pos, x.end);
        case 'const':
          return x.value === null ? 'None' : x.value ? 'True' : 'False';
        case 'name': {
          if (bound.has(x.id) || x.id in BUILTIN_NAMES) return x.id;
          const v = scope.get(x.id) ?? this.contextValue(x.id, x.pos);
          const n = v ? numeric(v) : null;
          if (n) {
            substituted = true;
            return n.int ? pyInt(n.v) : pyFloat(n.v);
          }
          return x.id;
        }
        case 'attr':
          return `${r(x.obj)}.${x.name}`;
        case 'call':
          return `${r(x.fn)}(${[...x.args.map(r), ...x.keywords.map((k) => `${k.name}=${r(k.value)}`)].join(', ')})`;
        case 'binary':
          return `(${r(x.left)} ${x.op} ${r(x.right)})`;
        case 'unary':
          return x.op === 'not' ? `(not ${r(x.operand)})` : `(${x.op}${r(x.operand)})`;
        case 'compare':
          return `(${x.operands.map(r).reduce((acc, o, i) => `${acc} ${x.ops[i - 1]} ${o}`)})`;
        case 'logic':
          return `(${x.operands.map(r).join(` ${x.op} `)})`;
        case 'ifexp':
          return `(${r(x.body)} if ${r(x.test)} else ${r(x.orelse)})`;
        default:
          return this.src.slice(x.pos, x.end);
      }
    };
    return { text: r(e), substituted };
  }
}

/** A schedule that cannot be built, with where and why; it becomes a note. */
class Skip extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const FIELD_LABELS: Record<keyof RunContext, string> = {
  totalSteps: 'total steps',
  epochs: 'epochs',
  stepsPerEpoch: 'steps per epoch',
  datasetSize: 'dataset size',
  batchSize: 'batch size',
  gradientAccumulation: 'gradient accumulation',
  devices: 'devices',
};

/** Arguments every scheduler takes that do not change the curve. */
const IGNORED_ARGS = new Set(['last_epoch', 'verbose', 'name', 'optimizer', 'initialize', 'cycle_momentum', 'base_momentum', 'max_momentum']);

const BUILTIN_NAMES: Record<string, true> = { math: true, min: true, max: true, abs: true, round: true, int: true, float: true, pow: true };

function markChildren(v: Value): void {
  if (v.t === 'schedule') v.child = true;
  else if (v.t === 'list') v.items.forEach(markChildren);
}

function numeric(v: Value): { v: number; int: boolean } | null {
  if (v.t === 'num') return { v: v.v, int: v.int };
  if (v.t === 'bool') return { v: v.v ? 1 : 0, int: true };
  return null;
}

function truthOf(v: Value): boolean | null {
  switch (v.t) {
    case 'num':
      return v.v !== 0;
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'str':
      return v.v !== '';
    case 'list':
      return v.items.length > 0;
    case 'unknown':
      return null;
    default:
      return true;
  }
}

function lookup(d: Value & { t: 'dict' }, k: Value): Value | undefined {
  for (const [key, val] of d.entries) {
    if (key.t === 'str' && k.t === 'str' && key.v === k.v) return val;
    if (key.t === 'num' && k.t === 'num' && key.v === k.v) return val;
  }
  return undefined;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `e` with the function's earlier local assignments written in. */
function inline(e: PyExpr, locals: Map<string, PyExpr>): PyExpr {
  if (!locals.size) return e;
  const go = (x: PyExpr): PyExpr => {
    switch (x.k) {
      case 'name':
        return locals.get(x.id) ?? x;
      case 'binary':
        return { ...x, left: go(x.left), right: go(x.right) };
      case 'unary':
        return { ...x, operand: go(x.operand) };
      case 'call':
        return { ...x, args: x.args.map(go), keywords: x.keywords.map((k) => ({ ...k, value: go(k.value) })) };
      case 'compare':
      case 'logic':
        return { ...x, operands: x.operands.map(go) } as PyExpr;
      case 'ifexp':
        return { ...x, test: go(x.test), body: go(x.body), orelse: go(x.orelse) };
      default:
        return x;
    }
  };
  return go(e);
}

/** A Python value as JSON-like data (configs read plain values); undefined where it is not plain. */
export function toPlain(v: Value): unknown {
  switch (v.t) {
    case 'num':
      return v.v;
    case 'str':
      return v.v;
    case 'bool':
      return v.v;
    case 'none':
      return null;
    case 'list': {
      const items = v.items.map(toPlain);
      return items.some((x) => x === undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries) {
        const val = toPlain(x);
        if ((k.t !== 'str' && k.t !== 'num') || val === undefined) return undefined;
        out[String(k.v)] = val;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function fromPlain(v: unknown): Value {
  if (typeof v === 'number') return num(v, Number.isInteger(v));
  if (typeof v === 'string') return { t: 'str', v };
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (v === null) return NONE;
  if (Array.isArray(v)) return { t: 'list', items: v.map(fromPlain) };
  if (typeof v === 'object') return { t: 'dict', entries: Object.entries(v as Record<string, unknown>).map(([k, x]): [Value, Value] => [{ t: 'str', v: k }, fromPlain(x)]) };
  return unknown('a value', 0);
}

function stripUndefined(c: RunContext): RunContext {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as RunContext;
}

