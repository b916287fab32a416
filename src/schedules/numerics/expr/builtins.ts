/**
 * The functions and constants a schedule lambda may use: Python builtins and `math.*`, with their
 * arity, keyword names, result type and implementation (CPython semantics, see pyfloat.ts).
 */
import {
  mathCos,
  mathExp,
  mathFabs,
  mathLog,
  mathLog10,
  mathLog2,
  mathLogBase,
  mathPow,
  mathSin,
  mathSqrt,
  mathTan,
  mathTanh,
  pyCeil,
  pyFloor,
  pyInt,
  pyRound1,
  pyRoundN,
} from './pyfloat';

/**
 * Static Python type of a subexpression, used for Python's int/float distinctions (error messages,
 * exact int powers, `round`'s ndigits). `mixed`: int or float depending on a runtime branch.
 */
export type PyType = 'bool' | 'int' | 'float' | 'mixed';

export const isIntLike = (t: PyType) => t === 'int' || t === 'bool';

/** Arithmetic result type (Python's numeric tower): int op int is int, with a float it is float. */
export function joinTypes(a: PyType, b: PyType): PyType {
  if (a === 'float' || b === 'float') return 'float';
  return isIntLike(a) && isIntLike(b) ? 'int' : 'mixed';
}

/** Type of a value that is one of several operands (`a if c else b`, `a or b`, `min(a, b)`). */
export function unionTypes(ts: readonly PyType[]): PyType {
  if (ts.every((t) => t === ts[0])) return ts[0];
  return ts.every(isIntLike) ? 'int' : 'mixed';
}

export interface BuiltinFunction {
  minArgs: number;
  /** `Infinity` for min/max. */
  maxArgs: number;
  /** Parameter names that may be passed by keyword (`round(x, ndigits=2)`). */
  keywords?: readonly string[];
  /** Result type given the argument types. */
  type: (args: readonly PyType[]) => PyType;
  impl1?: (x: number) => number;
  impl2?: (x: number, y: number) => number;
}

const FLOAT = (): PyType => 'float';
const INT = (): PyType => 'int';

const unaryMath = (impl1: (x: number) => number): BuiltinFunction => ({ minArgs: 1, maxArgs: 1, type: FLOAT, impl1 });

export const BUILTINS: Readonly<Record<string, BuiltinFunction>> = {
  // min/max are compiled inline (compile.ts) with Python's tie and NaN behaviour.
  min: { minArgs: 2, maxArgs: Infinity, type: unionTypes },
  max: { minArgs: 2, maxArgs: Infinity, type: unionTypes },
  abs: { minArgs: 1, maxArgs: 1, type: (t) => joinTypes(t[0], 'int'), impl1: Math.abs },
  round: {
    minArgs: 1,
    maxArgs: 2,
    keywords: ['number', 'ndigits'],
    type: (t) => (t.length === 1 ? 'int' : joinTypes(t[0], 'int')),
    impl1: pyRound1,
    impl2: pyRoundN,
  },
  int: { minArgs: 1, maxArgs: 1, type: INT, impl1: pyInt },
  float: { minArgs: 1, maxArgs: 1, type: FLOAT, impl1: (x) => x },
  // The parser turns pow(a, b) into a ** b (same semantics, int ** int included).
  pow: { minArgs: 2, maxArgs: 2, keywords: ['base', 'exp'], type: (t) => joinTypes(t[0], t[1]) },
  'math.cos': unaryMath(mathCos),
  'math.sin': unaryMath(mathSin),
  'math.tan': unaryMath(mathTan),
  'math.tanh': unaryMath(mathTanh),
  'math.exp': unaryMath(mathExp),
  'math.sqrt': unaryMath(mathSqrt),
  'math.log': { minArgs: 1, maxArgs: 2, type: FLOAT, impl1: mathLog, impl2: mathLogBase },
  'math.log2': unaryMath(mathLog2),
  'math.log10': unaryMath(mathLog10),
  'math.fabs': unaryMath(mathFabs),
  'math.floor': { minArgs: 1, maxArgs: 1, type: INT, impl1: pyFloor },
  'math.ceil': { minArgs: 1, maxArgs: 1, type: INT, impl1: pyCeil },
  'math.trunc': { minArgs: 1, maxArgs: 1, type: INT, impl1: pyInt },
  'math.pow': { minArgs: 2, maxArgs: 2, type: FLOAT, impl2: mathPow },
};

export const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  pi: Math.PI,
  e: Math.E,
  tau: 2 * Math.PI,
  inf: Infinity,
  nan: NaN,
};
