/**
 * Compiles a parsed lambda into closures. Subtrees that do not involve the argument are folded to
 * constants (unless evaluating them raises: that is kept for run time, as in Python), and the hot
 * shapes (`c ** x`, `x * c`, `f(x) / c`, `min(c, f(x))`, ...) get their own closures without
 * per-call checks that cannot fire.
 *
 * Numbers are doubles throughout (exact for ints below 2^53). Python's int/float distinction is
 * tracked statically (PyType) where it changes anything: an int ** int too large for a float raises
 * OverflowError as soon as Python would use it as a float; error messages name int or float division
 * like Python; round's ndigits must be an int. `c ** n` for a constant base and an integer exponent
 * is correctly rounded (intpow.ts), which is Python's value for ints and glibc's for floats.
 *
 * Recursion follows the tree's depth, which the parser bounds (MAX_DEPTH); a chain of one precedence
 * level longer than {@link LONG_CHAIN} operands (a 100,000-term sum) is one loop, so that neither
 * compiling nor calling it grows the stack with its length.
 */
import { PythonRuntimeError, zeroDivision } from '../../errors';
import { pyFloorDiv, pyMax, pyMin, pyMod } from '../pymath';
import { BUILTINS, isIntLike, joinTypes, unionTypes, type PyType } from './builtins';
import { syntaxError } from './lexer';
import type { BinaryOp, ChainOp, CompareOp, Expr } from './parser';
import { ConstPow } from './intpow';
import { floatPow, intPow, overflowError } from './pyfloat';

export type Fn = (x: number) => number;

interface Code {
  fn: Fn;
  type: PyType;
  /** The value, when the subtree does not depend on the argument. */
  k?: number;
  /** The subtree is the argument itself. */
  isArg?: boolean;
}

const constant = (k: number, type: PyType): Code => ({ fn: () => k, type, k });
const ARG: Code = { fn: (x) => x, type: 'int', isArg: true };

/** Python truthiness of a number: 0 and -0 are false, NaN is true. */
const truthy = (v: number) => v !== 0;

/**
 * Chains of up to this many operands compile pairwise, to the nested closures of their operators
 * (specialised on constants and the argument: the common short lambdas stay as fast as they were);
 * longer ones, past a constant prefix that folds, to one loop.
 */
const LONG_CHAIN = 4;

export function compileExpr(e: Expr): Fn {
  return compile(e).fn;
}

function compile(e: Expr): Code {
  switch (e.kind) {
    case 'number':
      return constant(e.value, e.type);
    case 'arg':
      return ARG;
    case 'unary':
      return unary(e.op, compile(e.operand));
    case 'binary':
      return binary(e.op, compile(e.left), compile(e.right));
    case 'chain':
      return chain(e.ops, e.operands);
    case 'compare':
      return compare(e.ops, e.operands.map(compile));
    case 'logic':
      return logicChain(e.op, e.operands);
    case 'if':
      return conditional(compile(e.test), compile(e.body), compile(e.orelse));
    case 'call':
      return call(e, e.args.map(compile));
  }
}

/** Folds `code` to a constant when all its inputs are constants and evaluating it does not raise. */
function folded(code: Code, inputs: readonly Code[]): Code {
  if (!inputs.every((c) => c.k !== undefined)) return code;
  try {
    return constant(code.fn(0), code.type);
  } catch (err) {
    if (err instanceof PythonRuntimeError) return code;
    throw err;
  }
}

function unary(op: '-' | '+' | 'not', a: Code): Code {
  const f = a.fn;
  if (op === 'not') return folded({ fn: (x) => (f(x) !== 0 ? 0 : 1), type: 'bool' }, [a]);
  const type = joinTypes(a.type, 'int');
  if (op === '+') return { ...a, type };
  return folded({ fn: (x) => -f(x), type }, [a]);
}

function zeroMessage(op: '/' | '//' | '%', ints: boolean): string {
  if (op === '/') return ints ? 'division by zero' : 'float division by zero';
  if (op === '//') return ints ? 'integer division or modulo by zero' : 'float floor division by zero';
  return ints ? 'integer modulo by zero' : 'float modulo';
}

/** Python's result type of `a op b`. */
function binaryType(op: BinaryOp, a: PyType, b: PyType): PyType {
  return op === '/' || (op === '**' && !(isIntLike(a) && isIntLike(b))) ? 'float' : joinTypes(a, b);
}

function binary(op: BinaryOp, a: Code, b: Code): Code {
  const ints = isIntLike(a.type) && isIntLike(b.type);
  const type = binaryType(op, a.type, b.type);
  const fn =
    op === '+' || op === '-' || op === '*'
      ? arithmetic(op, a, b)
      : op === '**'
        ? power(a, b, ints)
        : division(op, a, b, zeroMessage(op, ints));
  return folded({ fn, type }, [a, b]);
}

/** `a op b op c ...`, left to right: pairwise while short or constant, then {@link chainLoop}. */
function chain(ops: readonly ChainOp[], operands: readonly Expr[]): Code {
  const long = operands.length > LONG_CHAIN;
  let code = compile(operands[0]);
  let i = 0;
  for (; i < ops.length && (!long || code.k !== undefined); i++) code = binary(ops[i], code, compile(operands[i + 1]));
  return i === ops.length ? code : chainLoop(code, ops.slice(i), operands.slice(i + 1).map(compile));
}

const CHAIN_CODES: Record<ChainOp, number> = { '+': 0, '-': 1, '*': 2, '/': 3, '//': 4, '%': 5 };

/**
 * `first op0 rest[0] op1 rest[1] ...` in one loop: the values of the nested closures `binary` builds
 * (the same operations, operands evaluated in the same order, the same ZeroDivisionError messages).
 */
function chainLoop(first: Code, ops: readonly ChainOp[], rest: readonly Code[]): Code {
  const codes = Int8Array.from(ops, (o) => CHAIN_CODES[o]);
  const fns = rest.map((c) => c.fn);
  const messages: string[] = [];
  let type = first.type;
  ops.forEach((op, j) => {
    const b = rest[j].type;
    messages.push(op === '/' || op === '//' || op === '%' ? zeroMessage(op, isIntLike(type) && isIntLike(b)) : '');
    type = binaryType(op, type, b);
  });
  const f = first.fn;
  const fn: Fn = (x) => {
    let u = f(x);
    for (let j = 0; j < fns.length; j++) {
      const v = fns[j](x);
      const op = codes[j];
      if (op === 0) u += v;
      else if (op === 1) u -= v;
      else if (op === 2) u *= v;
      else {
        if (v === 0) zeroDivision(messages[j]);
        u = op === 3 ? u / v : op === 4 ? pyFloorDiv(u, v) : pyMod(u, v);
      }
    }
    return u;
  };
  return { fn, type };
}

/** `+ - *` never raise on floats; specialised on the constant / argument operands. */
function arithmetic(op: '+' | '-' | '*', a: Code, b: Code): Fn {
  const f = a.fn;
  const g = b.fn;
  const ka = a.k ?? 0;
  const kb = b.k ?? 0;
  const shape = a.isArg && b.k !== undefined ? 'xc' : b.k !== undefined ? 'fc' : a.k !== undefined ? 'cg' : 'fg';
  switch (op) {
    case '+':
      if (shape === 'xc') return (x) => x + kb;
      if (shape === 'fc') return (x) => f(x) + kb;
      return shape === 'cg' ? (x) => ka + g(x) : (x) => f(x) + g(x);
    case '-':
      if (shape === 'xc') return (x) => x - kb;
      if (shape === 'fc') return (x) => f(x) - kb;
      return shape === 'cg' ? (x) => ka - g(x) : (x) => f(x) - g(x);
    case '*':
      if (shape === 'xc') return (x) => x * kb;
      if (shape === 'fc') return (x) => f(x) * kb;
      return shape === 'cg' ? (x) => ka * g(x) : (x) => f(x) * g(x);
  }
}

/** `/ // %`: ZeroDivisionError on a zero divisor (after both operands are evaluated, as in Python). */
function division(op: '/' | '//' | '%', a: Code, b: Code, message: string): Fn {
  const f = a.fn;
  const g = b.fn;
  const kb = b.k;
  if (kb !== undefined && kb !== 0) {
    // A non-zero constant divisor: no check needed.
    if (op === '/') return a.isArg ? (x) => x / kb : (x) => f(x) / kb;
    if (op === '//') return a.isArg ? (x) => pyFloorDiv(x, kb) : (x) => pyFloorDiv(f(x), kb);
    return a.isArg ? (x) => pyMod(x, kb) : (x) => pyMod(f(x), kb);
  }
  const impl = op === '/' ? (u: number, v: number) => u / v : op === '//' ? pyFloorDiv : pyMod;
  return (x) => {
    const u = f(x);
    const v = g(x);
    if (v === 0) zeroDivision(message);
    return impl(u, v);
  };
}

function power(a: Code, b: Code, ints: boolean): Fn {
  const f = a.fn;
  const g = b.fn;
  const c = a.k;
  if (c !== undefined && c > 0 && c !== 1 && c !== Infinity) {
    // c ** y for a positive finite base. Integer y in range: exact tables (intpow.ts). Otherwise
    // Math.pow, which agrees with float_pow for every y (nan, ±inf included); only an overflow from
    // a finite exponent raises. Where c^y < 2^-1080 the double is 0 (Python's underflow gives 0.0
    // too): Math.pow, slow there, is skipped.
    const message = ints ? 'int too large to convert to float' : "(34, 'Numerical result out of range')";
    const table = new ConstPow(c);
    const limit = table.limit;
    const log2c = Math.log2(c);
    const constPow = (y: number) => {
      if (y * log2c < -1080) return 0;
      const r = Math.pow(c, y);
      if (r === Infinity && y - y === 0) overflowError(message);
      return r;
    };
    // (y | 0) === y: an integer (limit < 2^31) — cheaper than Number.isInteger.
    if (b.isArg) return (x) => (x >= 0 && x < limit && (x | 0) === x ? table.pow(x) : constPow(x));
    return (x) => {
      const y = g(x);
      return y >= 0 && y < limit && (y | 0) === y ? table.pow(y) : constPow(y);
    };
  }
  const impl = ints ? intPow : floatPow;
  const kb = b.k;
  if (kb !== undefined) return a.isArg ? (x) => impl(x, kb) : (x) => impl(f(x), kb);
  return (x) => impl(f(x), g(x));
}

/** Comparison operators as small integers, so that `cmp` is a cheap switch. */
const CMP_CODES: Record<CompareOp, number> = { '<': 0, '<=': 1, '>': 2, '>=': 3, '==': 4, '!=': 5 };

function cmp(op: number, u: number, v: number): boolean {
  switch (op) {
    case 0:
      return u < v;
    case 1:
      return u <= v;
    case 2:
      return u > v;
    case 3:
      return u >= v;
    case 4:
      return u === v;
    default:
      return u !== v;
  }
}

/** `a < b`, and chains `a < b <= c` (each middle operand evaluated once; stops at the first false). */
function compare(ops: readonly CompareOp[], operands: readonly Code[]): Code {
  const codes = ops.map((o) => CMP_CODES[o]);
  if (codes.length === 1) {
    const op = codes[0];
    const [a, b] = operands;
    const f = a.fn;
    const g = b.fn;
    const kb = b.k;
    const fn: Fn =
      kb !== undefined
        ? a.isArg
          ? (x) => (cmp(op, x, kb) ? 1 : 0)
          : (x) => (cmp(op, f(x), kb) ? 1 : 0)
        : (x) => (cmp(op, f(x), g(x)) ? 1 : 0);
    return folded({ fn, type: 'bool' }, operands);
  }
  const fns = operands.map((c) => c.fn);
  const fn: Fn = (x) => {
    let u = fns[0](x);
    for (let i = 0; i < codes.length; i++) {
      const v = fns[i + 1](x);
      if (!cmp(codes[i], u, v)) return 0;
      u = v;
    }
    return 1;
  };
  return folded({ fn, type: 'bool' }, operands);
}

/** `a or b or c ...` (`and`): pairwise while short or constant, then one loop. */
function logicChain(op: 'and' | 'or', operands: readonly Expr[]): Code {
  const long = operands.length > LONG_CHAIN;
  let code = compile(operands[0]);
  let i = 1;
  for (; i < operands.length && (!long || code.k !== undefined); i++) code = logic(op, code, compile(operands[i]));
  if (i === operands.length) return code;
  const codes = [code, ...operands.slice(i).map(compile)];
  const fns = codes.map((c) => c.fn);
  const last = fns.length - 1;
  // The first operand that decides (false for `and`, true for `or`), else the last one.
  const fn: Fn =
    op === 'and'
      ? (x) => {
          for (let j = 0; j < last; j++) {
            const u = fns[j](x);
            if (u === 0) return u;
          }
          return fns[last](x);
        }
      : (x) => {
          for (let j = 0; j < last; j++) {
            const u = fns[j](x);
            if (u !== 0) return u;
          }
          return fns[last](x);
        };
  return { fn, type: unionTypes(codes.map((c) => c.type)) };
}

/** `and`/`or` return one of their operands (Python truthiness), evaluating the right one only if needed. */
function logic(op: 'and' | 'or', a: Code, b: Code): Code {
  const type = unionTypes([a.type, b.type]);
  if (a.k !== undefined) {
    // The left operand decides statically which operand is the result.
    const pickRight = truthy(a.k) === (op === 'and');
    return pickRight ? { ...b, type } : { ...a, type };
  }
  const f = a.fn;
  const g = b.fn;
  const fn: Fn =
    op === 'and'
      ? (x) => {
          const u = f(x);
          return u !== 0 ? g(x) : u;
        }
      : (x) => {
          const u = f(x);
          return u !== 0 ? u : g(x);
        };
  return { fn, type };
}

function conditional(test: Code, body: Code, orelse: Code): Code {
  const type = unionTypes([body.type, orelse.type]);
  if (test.k !== undefined) return truthy(test.k) ? { ...body, type } : { ...orelse, type };
  const t = test.fn;
  const f = body.fn;
  const g = orelse.fn;
  const kf = body.k;
  const kg = orelse.k;
  let fn: Fn;
  if (kf !== undefined && kg !== undefined) fn = (x) => (t(x) !== 0 ? kf : kg);
  else if (kf !== undefined) fn = (x) => (t(x) !== 0 ? kf : g(x));
  else fn = (x) => (t(x) !== 0 ? f(x) : g(x));
  return { fn, type };
}

function call(e: Extract<Expr, { kind: 'call' }>, args: readonly Code[]): Code {
  const spec = BUILTINS[e.name];
  const type = spec.type(args.map((a) => a.type));
  if (e.name === 'round' && args.length === 2) {
    if (args[1].type === 'float') {
      syntaxError(e.args[1].pos, 'an int', "round() ndigits must be an int: 'float' object cannot be interpreted as an integer");
    }
    return folded({ fn: roundN(args[0], args[1], spec.impl2!), type }, args);
  }
  if (e.name === 'min' || e.name === 'max') return folded({ fn: minMax(e.name, args), type }, args);
  if (args.length === 1) {
    const h = spec.impl1!;
    const [a] = args;
    const f = a.fn;
    return folded({ fn: a.isArg ? h : (x) => h(f(x)), type }, args);
  }
  const h = spec.impl2!;
  const [a, b] = args;
  const f = a.fn;
  const g = b.fn;
  return folded({ fn: (x) => h(f(x), g(x)), type }, args);
}

function roundN(a: Code, n: Code, impl: (x: number, n: number) => number): Fn {
  const f = a.fn;
  const g = n.fn;
  return (x) => {
    const u = f(x);
    const digits = g(x);
    if (!Number.isInteger(digits)) {
      throw new PythonRuntimeError('TypeError', "'float' object cannot be interpreted as an integer");
    }
    return impl(u, digits);
  };
}

/**
 * Python's min/max: the first of equal values wins; a NaN first argument sticks. pyMin/pyMax are
 * called directly (not through a variable) so that V8 inlines them.
 */
function minMax(name: 'min' | 'max', args: readonly Code[]): Fn {
  const isMin = name === 'min';
  if (args.length === 2) {
    const [a, b] = args;
    const f = a.fn;
    const g = b.fn;
    const ka = a.k;
    const kb = b.k;
    if (ka !== undefined) return isMin ? (x) => pyMin(ka, g(x)) : (x) => pyMax(ka, g(x));
    if (kb !== undefined) return isMin ? (x) => pyMin(f(x), kb) : (x) => pyMax(f(x), kb);
    return isMin ? (x) => pyMin(f(x), g(x)) : (x) => pyMax(f(x), g(x));
  }
  const fns = args.map((c) => c.fn);
  return (x) => {
    let acc = fns[0](x);
    for (let i = 1; i < fns.length; i++) {
      const v = fns[i](x);
      if (isMin ? v < acc : v > acc) acc = v;
    }
    return acc;
  };
}
