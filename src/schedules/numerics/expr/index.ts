/**
 * Python lambda expressions (`lambda epoch: 0.95 ** epoch`), tokenized and parsed by a hand-written
 * recursive-descent parser (parser.ts) and compiled to closures (compile.ts). Never eval/Function.
 *
 * Supported: an optional `lambda <name>:` prefix (without it, the expression's one free variable is
 * the argument), int/float literals (`1_000`, `1e-3`, `0x10`), `+ - * / // % **`, unary `+ - not`,
 * chained comparisons, `and`/`or`, `a if c else b`, `True`/`False`, min, max, abs, round, int, float,
 * pow and math.cos/sin/tan/tanh/exp/log/log2/log10/sqrt/floor/ceil/trunc/fabs/pow, math.pi/e/tau/inf/nan,
 * `# comments`. Values follow CPython (pyfloat.ts); where Python raises, `fn` throws PythonRuntimeError.
 *
 * Limits (CPython's, see lexer.ts and parser.ts): at most 200 brackets open at once ("too many nested
 * parentheses"), and a tree at most 3000 levels deep, a flat chain (`a + b + ...`, `a or b or ...`,
 * `a < b < ...`, min/max arguments) counting as one level whatever its length.
 */
import { ScheduleError } from '../../errors';
import { compileExpr } from './compile';
import { ExpressionSyntaxError } from './errors';
import { syntaxError } from './lexer';
import { parseLambda } from './parser';

export { ExpressionSyntaxError };

export interface CompiledLambda {
  /** The lambda's parameter name (`epoch`, `step`, ...); for a constant bare expression, `x`. */
  argName: string;
  /** Calls the lambda with one argument; throws PythonRuntimeError where Python would raise. */
  fn: (x: number) => number;
  source: string;
}

const CACHE_SIZE = 64;
const cache = new Map<string, CompiledLambda>();

/**
 * Compiles a one-argument Python lambda. Throws {@link ExpressionSyntaxError} (with the 1-based
 * column in its message) for anything Python would reject or that is not supported. Results are
 * cached by source text (least recently used entries are dropped).
 */
export function compileLambda(source: string): CompiledLambda {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  let compiled: CompiledLambda;
  try {
    const { argName, body } = parseLambda(source);
    compiled = { argName, fn: compileExpr(body), source };
  } catch (e) {
    // The limits keep the recursion ~3x below V8's default stack; a smaller one (an embedder's
    // thread) may still run out: V8 and JSC throw RangeError, SpiderMonkey InternalError.
    if (e instanceof ScheduleError || !(e instanceof RangeError || (e instanceof Error && e.name === 'InternalError'))) throw e;
    syntaxError(0, 'a less deeply nested expression', 'too deeply nested to compile here (the JavaScript stack ran out)');
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}
