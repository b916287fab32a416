import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonRuntimeError } from '../../src/schedules/errors';
import { compileLambda, ExpressionSyntaxError } from '../../src/schedules/numerics/expr';
import { ConstPow } from '../../src/schedules/numerics/expr/intpow';
import { pyRoundN } from '../../src/schedules/numerics/expr/pyfloat';

type Expected = number | { error: string; message?: string };

/**
 * Values computed with CPython 3.11 (`/usr/bin/python3`, glibc libm): each lambda called with an int
 * argument, the result converted with float(); `{ error }` is the exception Python raises (a complex
 * result, which Python returns, is a TypeError here).
 */
const PYTHON_TABLE: [string, [number, Expected][]][] = [
  ["lambda epoch: 0.95 ** epoch", [[0, 1.0], [1, 0.95], [7, 0.6983372960937497], [100, 0.0059205292203339975], [1000, 5.2918227477448005e-23], [20000, 0.0]]],
  ["lambda step: min(1.0, (step + 1) / 500)", [[0, 0.002], [1, 0.004], [498, 0.998], [499, 1.0], [500, 1.0], [10000, 1.0]]],
  ["lambda e: 1.0 if e < 10 else 0.1 ** (e // 10)", [[0, 1.0], [9, 1.0], [10, 0.1], [25, 0.010000000000000002], [99, 1.0000000000000005e-09], [1000, 1.0000000000000056e-100]]],
  ["lambda epoch: 1 - epoch / 100", [[0, 1.0], [3, 0.97], [100, 0.0], [150, -0.5]]],
  ["lambda x: math.cos(math.pi * x / 50) * 0.5 + 0.5", [[0, 1.0], [1, 0.9990133642141358], [13, 0.8422735529643444], [50, 0.0], [77, 0.5626666167821521]]],
  ["lambda x: -x ** 2", [[3, -9.0], [-3, -9.0], [0, 0.0]]],
  ["lambda x: -2 ** 2 + x", [[0, -4.0], [1, -3.0]]],
  ["lambda x: 2 ** -x", [[1, 0.5], [3, 0.125], [0, 1.0]]],
  ["lambda x: 2 ** 3 ** x", [[0, 2.0], [1, 8.0], [2, 512.0]]],
  ["lambda x: (-2) ** x", [[0, 1.0], [3, -8.0], [4, 16.0], [-3, -0.125]]],
  ["lambda x: x ** -1", [[4, 0.25], [-2, -0.5]]],
  ["lambda x: x ** 0.5", [[0, 0.0], [2, 1.4142135623730951], [16, 4.0]]],
  ["lambda x: 10 ** x", [[0, 1.0], [15, 1000000000000000.0], [22, 1e+22], [23, 1e+23], [210, 1e+210], [300, 1e+300]]],
  ["lambda x: 1.5 ** x", [[0, 1.0], [3, 3.375], [1700, 2.2653765189682277e+299], [-1800, 1.0857597e-317], [-1836, 5e-324], [-1837, 5e-324], [-1900, 0.0]]],
  ["lambda x: 0.5 ** x", [[1073, 1e-323], [1074, 5e-324], [1075, 0.0], [1081, 0.0], [100000, 0.0]]],
  ["lambda x: 2.0 ** -x", [[1074, 5e-324], [1075, 0.0], [5000, 0.0]]],
  ["lambda x: 0.99999 ** x", [[0, 1.0], [1, 0.99999], [244, 0.9975629622100073], [999999, 4.5398113790817014e-05], [16777215, 1.3712502610574043e-73], [16777216, 1.3712365485547939e-73], [100000000, 0.0]]],
  ["lambda x: 0.95 ** (x / 2)", [[3, 0.9259454627568515], [7, 0.8356657801380584]]],
  ["lambda x: 0.95 ** (x * 1.0)", [[123, 0.0018197153164363335], [11891, 1.2923807771016133e-265], [11892, 1.2277617382465325e-265]]],
  ["lambda x: 10.0 ** x", [[210, 1.0000000000000001e+210], [22, 1e+22], [23, 1.0000000000000001e+23]]],
  ["lambda x: 3 ** x", [[0, 1.0], [33, 5559060566555523.0], [34, 1.6677181699666568e+16], [40, 1.2157665459056929e+19], [645, 5.536168426744475e+307], [646, 1.6608505280233425e+308], [647, { error: 'OverflowError', message: "int too large to convert to float" }]]],
  ["lambda x: -x // 3", [[7, -3.0], [6, -2.0], [0, 0.0]]],
  ["lambda x: x // -3", [[7, -3.0], [6, -2.0], [-7, 2.0]]],
  ["lambda x: -x % 3", [[7, 2.0], [6, 0.0], [1, 2.0]]],
  ["lambda x: x % -3", [[7, -2.0], [6, 0.0], [-7, -1.0]]],
  ["lambda x: (x + 0.5) // 0.1", [[0, 4.0], [1, 14.0], [7, 74.0]]],
  ["lambda x: (x + 0.5) % 0.1", [[0, 0.09999999999999998], [1, 0.09999999999999992], [7, 0.09999999999999959]]],
  ["lambda x: -x % 0.7", [[1, 0.3999999999999999], [2, 0.09999999999999987], [10, 0.49999999999999933]]],
  ["lambda x: -7.5 // 2 + x", [[0, -4.0]]],
  ["lambda x: 7.5 % -2 + x", [[0, -0.5]]],
  ["lambda x: 1 / 3 * x", [[1, 0.3333333333333333], [3, 1.0]]],
  ["lambda x: x / 7 + x / 3 - x * 0.1", [[1, 0.3761904761904762], [10, 3.761904761904762], [123, 46.27142857142857]]],
  ["lambda x: 0 < x < 5", [[-1, 0.0], [0, 0.0], [1, 1.0], [4, 1.0], [5, 0.0]]],
  ["lambda x: 1 < x == 3 > 2", [[2, 0.0], [3, 1.0], [4, 0.0]]],
  ["lambda x: x >= 2 != x", [[1, 0.0], [2, 0.0], [3, 1.0]]],
  ["lambda x: x <= 1 < x", [[1, 0.0], [2, 0.0]]],
  ["lambda x: x and 2 or 3", [[0, 3.0], [5, 2.0]]],
  ["lambda x: x or 0.5", [[0, 0.5], [7, 7.0]]],
  ["lambda x: not x", [[0, 1.0], [2, 0.0]]],
  ["lambda x: not x == 1", [[1, 0.0], [2, 1.0]]],
  ["lambda x: not x + 1", [[-1, 1.0], [0, 0.0]]],
  ["lambda x: (x > 3) + (x > 5) * 2", [[0, 0.0], [4, 1.0], [9, 3.0]]],
  ["lambda x: True + True * x", [[0, 1.0], [3, 4.0]]],
  ["lambda x: 1 if x < 2 else 2 if x < 4 else 3", [[0, 1.0], [2, 2.0], [5, 3.0]]],
  ["lambda x: (0.1 if x % 2 else 0.2) * x", [[1, 0.1], [2, 0.4]]],
  ["lambda x: round(x + 0.5)", [[0, 0.0], [1, 2.0], [2, 2.0], [-1, 0.0], [-2, -2.0], [-3, -2.0]]],
  ["lambda x: round(x / 2)", [[1, 0.0], [3, 2.0], [5, 2.0], [7, 4.0], [-5, -2.0]]],
  ["lambda x: round(x * 0.125, 2)", [[1, 0.12], [3, 0.38], [5, 0.62]]],
  ["lambda x: round(2.675, 2) + x", [[0, 2.67]]],
  ["lambda x: round(x * 1234.5678, -2)", [[1, 1200.0], [2, 2500.0], [-3, -3700.0]]],
  ["lambda x: round(x * 1.0005, 3)", [[1, 1.0], [3, 3.002]]],
  ["lambda x: round(x, -1)", [[15, 20.0], [25, 20.0], [35, 40.0], [-25, -20.0]]],
  ["lambda x: round(0.1 * x, 1)", [[3, 0.3], [7, 0.7], [25, 2.5]]],
  ["lambda x: round(x / 3, 16)", [[1, 0.3333333333333333], [2, 0.6666666666666666]]],
  ["lambda x: round(x * 1e-5, 7)", [[3, 3e-05], [12345, 0.12345]]],
  ["lambda x: round(x * 2.5e-9, 9)", [[1, 3e-09], [3, 8e-09], [5, 1.2e-08]]],
  ["lambda x: round(number=x / 4, ndigits=1)", [[1, 0.2], [3, 0.8]]],
  ["lambda x: int(x / 3)", [[7, 2.0], [-7, -2.0], [0, 0.0]]],
  ["lambda x: int(x * -0.5)", [[3, -1.0], [-3, 1.0]]],
  ["lambda x: int(x * 2.9999)", [[1, 2.0], [2, 5.0]]],
  ["lambda x: float(x) / 2", [[3, 1.5]]],
  ["lambda x: abs(x - 5) / 5", [[0, 1.0], [5, 0.0], [8, 0.6]]],
  ["lambda x: max(0.0, 1 - x / 10)", [[0, 1.0], [10, 0.0], [20, 0.0]]],
  ["lambda x: max(x, 2, 3 * x - 4, 1)", [[0, 2.0], [2, 2.0], [5, 11.0]]],
  ["lambda x: min(x, 2, 3 * x - 4, 1)", [[0, -4.0], [2, 1.0], [5, 1.0]]],
  ["lambda x: pow(0.5, x) + pow(x, 2)", [[0, 1.0], [3, 9.125]]],
  ["lambda x: pow(base=2, exp=x)", [[10, 1024.0]]],
  ["lambda x: math.exp(-x / 10)", [[0, 1.0], [1, 0.9048374180359595], [25, 0.0820849986238988], [7000, 9.85967654375977e-305]]],
  ["lambda x: math.log(x + 1)", [[0, 0.0], [1, 0.6931471805599453], [99, 4.605170185988092]]],
  ["lambda x: math.log(x + 1, 2)", [[0, 0.0], [7, 3.0], [1023, 10.0]]],
  ["lambda x: math.log(x, 3)", [[243, 4.999999999999999], [9, 2.0], [3, 1.0]]],
  ["lambda x: math.floor(math.log(x, 3))", [[243, 4.0], [242, 4.0], [729, 6.0]]],
  ["lambda x: math.log2(x) + math.log10(x)", [[1, 0.0], [8, 3.9030899869919438], [1000, 12.965784284662087]]],
  ["lambda x: math.sqrt(x) / math.sqrt(100)", [[0, 0.0], [4, 0.2], [50, 0.7071067811865476]]],
  ["lambda x: math.sin(x) + math.tan(x / 10) + math.tanh(x - 3)", [[0, -0.9950547536867305], [1, -0.02222192318246985], [7, 2.4986042789209355]]],
  ["lambda x: math.floor(x / 4) * 0.5 + math.ceil(x / 4)", [[0, 0.0], [5, 2.5], [8, 3.0]]],
  ["lambda x: math.trunc(-x / 4) + math.fabs(-x)", [[5, 4.0]]],
  ["lambda x: math.pow(2, x) - math.pow(x, 0.5)", [[0, 1.0], [9, 509.0]]],
  ["lambda x: math.e ** x * math.tau", [[0, 6.283185307179586], [2, 46.42680871472677]]],
  ["lambda x: x * 1_000 + 0x10 + 0o7 + 0b11 + 1e-3 + .5 + 2. + 1_0.0_1e+0_1", [[1, 1128.6009999999999]]],
  ["lambda x: x / 0", [[1, { error: 'ZeroDivisionError', message: "division by zero" }], [0, { error: 'ZeroDivisionError', message: "division by zero" }]]],
  ["lambda x: x / 0.0", [[1, { error: 'ZeroDivisionError', message: "float division by zero" }]]],
  ["lambda x: 1 / (x - 3)", [[2, -1.0], [3, { error: 'ZeroDivisionError', message: "division by zero" }]]],
  ["lambda x: x // 0", [[1, { error: 'ZeroDivisionError', message: "integer division or modulo by zero" }]]],
  ["lambda x: x * 1.0 // 0", [[1, { error: 'ZeroDivisionError', message: "float floor division by zero" }]]],
  ["lambda x: x % 0", [[1, { error: 'ZeroDivisionError', message: "integer modulo by zero" }]]],
  ["lambda x: x * 1.0 % (x - x)", [[1, { error: 'ZeroDivisionError', message: "float modulo" }]]],
  ["lambda x: (x - 3) ** -1", [[3, { error: 'ZeroDivisionError', message: "0.0 cannot be raised to a negative power" }], [5, 0.5]]],
  ["lambda x: (x - 3.0) ** -2", [[3, { error: 'ZeroDivisionError', message: "0.0 cannot be raised to a negative power" }]]],
  ["lambda x: (x - 9) ** 0.5", [[13, 2.0], [5, { error: 'TypeError' }]]],
  ["lambda x: 10.0 ** x", [[308, 1e+308], [309, { error: 'OverflowError', message: "(34, 'Numerical result out of range')" }]]],
  ["lambda x: 2 ** x * 1.0", [[1023, 8.98846567431158e+307], [1024, { error: 'OverflowError', message: "int too large to convert to float" }]]],
  ["lambda x: math.exp(x)", [[709, 8.218407461554972e+307], [710, { error: 'OverflowError', message: "math range error" }]]],
  ["lambda x: math.log(x)", [[1, 0.0], [0, { error: 'ValueError', message: "math domain error" }], [-1, { error: 'ValueError', message: "math domain error" }]]],
  ["lambda x: math.log(x, 1)", [[2, { error: 'ZeroDivisionError', message: "float division by zero" }]]],
  ["lambda x: math.sqrt(x - 1)", [[1, 0.0], [0, { error: 'ValueError', message: "math domain error" }]]],
  ["lambda x: math.pow(x, -1)", [[2, 0.5], [0, { error: 'ValueError', message: "math domain error" }]]],
  ["lambda x: math.pow(-x, 0.5)", [[0, 0.0], [1, { error: 'ValueError', message: "math domain error" }]]],
  ["lambda x: math.pow(10, x)", [[308, 1e+308], [309, { error: 'OverflowError', message: "math range error" }]]],
  ["lambda x: int(math.inf * x)", [[1, { error: 'OverflowError', message: "cannot convert float infinity to integer" }], [0, { error: 'ValueError', message: "cannot convert float NaN to integer" }]]],
  ["lambda x: round(math.inf * x)", [[1, { error: 'OverflowError', message: "cannot convert float infinity to integer" }]]],
  ["lambda x: math.floor(x * math.nan)", [[1, { error: 'ValueError', message: "cannot convert float NaN to integer" }]]],
  ["lambda x: math.cos(x * math.inf)", [[1, { error: 'ValueError', message: "math domain error" }]]],
  ["lambda x: round(x * 1.7976931348623157e308, -308)", [[1, { error: 'OverflowError', message: "rounded value too large to represent" }]]],
  ["lambda x: x * 1e308 * 10", [[1, Infinity]]],
  ["lambda x: 1 if x else 1 / 0", [[1, 1.0], [0, { error: 'ZeroDivisionError', message: "division by zero" }]]],
  ["lambda x: x and 1 / x", [[0, 0.0], [4, 0.25]]],
  ["lambda x: 0 < x or 1 / x", [[1, 1.0], [0, { error: 'ZeroDivisionError', message: "division by zero" }]]],
  ["lambda x: x > 1 > 1 / x", [[0, 0.0], [1, 0.0], [2, 1.0]]],
  ["lambda x: (-math.inf) ** 0.5 + x", [[0, Infinity]]],
  ["lambda x: (-1.0) ** (x * math.inf)", [[1, 1.0]]],
  ["lambda x: max(x * math.nan, 1)", [[1, NaN]]],
  ["lambda x: min(1, x * math.nan)", [[1, 1.0]]],
];

/** Same value as CPython; transcendental functions may differ from glibc by one ulp (Math.* vs libm). */
function expectPythonValue(got: number, want: number, what: string) {
  if (Number.isNaN(want)) {
    expect(got, what).toBeNaN();
    return;
  }
  if (got === want) return;
  const tol = 2.5e-16 * Math.abs(want);
  expect(Math.abs(got - want), `${what}: got ${got}, Python ${want}`).toBeLessThanOrEqual(tol);
}

function pyError(f: () => unknown): PythonRuntimeError {
  try {
    f();
  } catch (e) {
    if (e instanceof PythonRuntimeError) return e;
    throw e;
  }
  throw new Error('expected a PythonRuntimeError');
}

function syntaxErr(source: string): ExpressionSyntaxError {
  try {
    compileLambda(source);
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected an ExpressionSyntaxError for ${source}`);
}

describe('values match CPython', () => {
  for (const [source, rows] of PYTHON_TABLE) {
    it(source, () => {
      const { fn } = compileLambda(source);
      for (const [x, want] of rows) {
        if (typeof want === 'number') {
          expectPythonValue(fn(x), want, `${source} at ${x}`);
        } else {
          const err = pyError(() => fn(x));
          expect(err.pyType, `${source} at ${x}`).toBe(want.error);
          if (want.message !== undefined) expect(err.message).toBe(`${want.error}: ${want.message}`);
        }
      }
    });
  }

  it('the argument name and the source are returned', () => {
    const c = compileLambda('lambda epoch: 0.95 ** epoch');
    expect(c.argName).toBe('epoch');
    expect(c.source).toBe('lambda epoch: 0.95 ** epoch');
  });

  it('a complex result (negative base, fractional exponent) raises TypeError', () => {
    const err = pyError(() => compileLambda('lambda x: (-8) ** (x / 3)').fn(1));
    expect(err.message).toMatch(/complex number/);
  });
});

const ROUND_CASES: [number, number, number][] = [
  [470.5, 1, 470.5], [0.0365108, 1, 0.0], [4.2835834211542715e-10, 12, 4.28e-10], [-875448261.5, -2, -875448300.0],
  [-35.9375, 0, -36.0], [-80.97615, 0, -81.0], [3.384076269915865e-09, 1, 0.0], [1037873.0, 25, 1037873.0],
  [-224.625, 1, -224.6], [16741.0, 1, 16741.0], [-2687.4812040062434, 12, -2687.481204006243],
  [-337540323.5, 25, -337540323.5], [38.53125, 1, 38.5], [-0.795674, 4, -0.7957],
  [-1.3293444808087072e-06, 15, -1.329344481e-06], [0.0004275923056694029, 25, 0.0004275923056694029],
  [-64.875, 2, -64.88], [66.5934, 1, 66.6], [-0.0008508058137289458, 9, -0.000850806],
  [0.0003434756899583733, 25, 0.0003434756899583733], [-1516.5, 1, -1516.5], [587.8395, 1, 587.8],
  [3.879175799924063, 15, 3.879175799924063], [0.0007645708662128132, 5, 0.00076], [-17.6875, 4, -17.6875],
  [0.0021612849999999998, 1, 0.0], [1.4890202666622342e+16, 9, 1.4890202666622342e+16], [1017865.0, 1, 1017865.0],
  [11.46875, 5, 11.46875], [-0.004031595, 5, -0.00403], [-67.73368795410211, -1, -70.0],
  [311939740.5, 1, 311939740.5], [512.0, 0, 512.0], [-0.01801195, 1, -0.0], [-0.7475282680931917, 2, -0.75],
  [7222955.0, 1, 7222955.0], [-9.34375, 2, -9.34], [-0.051608, 1, -0.1], [-5.888288302730726e-06, 1, -0.0],
  [-974094768.5, 1, -974094768.5], [-495.875, 1, -495.9], [0.01211185, 5, 0.01211],
  [469928498.74006015, 10, 469928498.74006015], [0.0006549664637163288, 30, 0.0006549664637163288],
  [-24.5625, 3, -24.562], [-0.0173471, 7, -0.0173471], [1.979278528850566e-11, -4, 0.0],
  [0.00044062686832475054, 25, 0.00044062686832475054], [-1581.0, 0, -1581.0], [125.37, 2, 125.37],
  [2.926847221268435e-11, 0, 0.0], [0.000376229361806441, 25, 0.000376229361806441], [-14.5, 0, -14.0],
  [7803.495, 1, 7803.5], [-8.891273127374633e-05, -2, -0.0], [0.0007496739204424309, -1, 0.0],
  [-119.09375, 1, -119.1], [-0.692553, 6, -0.692553], [1.2732670058341536e+16, -4, 1.273267005834e+16],
  [0.0008454475943827271, -1, 0.0], [290.375, 1, 290.4], [0.334715, 4, 0.3347],
  [2.1993039002099965e+17, 0, 2.1993039002099965e+17], [6722369.0, 0, 6722369.0], [60.0, 1, 60.0],
  [0.533026, 0, 1.0], [85.27088338231061, 0, 85.0], [0.0006051390316822758, 5, 0.00061], [-417.625, 1, -417.6],
  [-5242.695, 0, -5243.0], [-97.91455997740009, 13, -97.9145599774001], [5771479.0, -2, 5771500.0],
  [-47.15625, 3, -47.156], [0.2507, 3, 0.251], [0.005465719066236338, 19, 0.005465719066236338],
  [6734154.0, -2, 6734200.0], [-42.171875, 1, -42.2], [-942.226, 3, -942.226],
  [1.4883070715218146e-08, 20, 1.488307071522e-08], [279621629.5, 22, 279621629.5], [-91.46875, 0, -91.0],
  [67637.3, 0, 67637.0], [-18798098115274.945, 20, -18798098115274.945], [876700678.5, 1, 876700678.5],
  [-63.4375, 4, -63.4375], [-0.4560725, 6, -0.456072], [-1473945172687099.25, 5, -1473945172687099.25],
  [9786969.0, 15, 9786969.0], [-91.53125, 4, -91.5312], [97.872, 3, 97.872],
  [998559.5524746464, 18, 998559.5524746464], [0.0001498024849023425, 25, 0.0001498024849023425],
  [-47.109375, 4, -47.1094], [-31636.55, 0, -31637.0], [3.88297074877543e-11, 0, 0.0], [1639894.0, 17, 1639894.0],
  [-117.875, 0, -118.0], [-0.00317139, 4, -0.0032], [-949.9360659288116, 9, -949.936065929],
  [0.0009415011275385007, 22, 0.0009415011275385007], [720.25, 1, 720.2], [-126.249, 3, -126.249],
  [-1.7376241821251095e-11, 1, -0.0], [-80149692.5, -1, -80149690.0], [19.859375, 5, 19.85938],
  [-0.7001515, 1, -0.7], [3.618163055367974e-06, -3, 0.0], [2731250.0, 0, 2731250.0], [446.5, 1, 446.5],
  [-0.02888215, 3, -0.029], [-1.672457638815626e-10, 5, -0.0], [0.000337979685917871, -3, 0.0],
  [-80.3125, 4, -80.3125], [0.74291, 0, 1.0], [434248125045.6676, -3, 434248125000.0],
  [-819479806.5, 1, -819479806.5], [678.75, 1, 678.8], [-1.48666, 4, -1.4867],
  [109968.80684973886, 16, 109968.80684973886], [965135.0, -1, 965140.0], [208.375, 0, 208.0], [9.67861, 5, 9.67861],
  [-5.393700383626317e-05, 13, -5.39370038e-05], [838737001.5, 17, 838737001.5], [-611.0, 1, -611.0],
  [3.03806, 0, 3.0], [7.657903541396806e-07, -3, 0.0], [-653290705.5, 1, -653290705.5], [-23.46875, 4, -23.4688],
  [-39.19085, 4, -39.1908], [4.4939285905634655e-05, 19, 4.49392859056347e-05], [-960995031.5, -3, -960995000.0],
  [2.21875, 4, 2.2188], [7.84285, 1, 7.8], [1.3415376822696797e-09, 20, 1.34153768227e-09],
  [8304749.0, 15, 8304749.0], [-46.21875, 5, -46.21875], [-51.856449999999995, 1, -51.9],
  [1057559470.9108504, 14, 1057559470.9108504], [-699956136.5, -1, -699956140.0], [-1710.5, 1, -1710.5],
  [-0.0657648, 1, -0.1], [0.08821985965870807, 10, 0.0882198597], [4063659.0, 1, 4063659.0], [-118.5, 0, -118.0],
  [-435.78950000000003, 0, -436.0], [-3.380093407077472e+16, 11, -3.380093407077472e+16],
  [-305216242.5, 5, -305216242.5], [-998.0, 1, -998.0], [-0.08240685, 4, -0.0824],
  [5.915216740143082e-09, 10, 5.9e-09], [666958583.5, -1, 666958580.0], [50.4375, 0, 50.0],
  [-0.09528265, 4, -0.0953], [8.878721563488219e-11, 10, 1e-10], [0.0007505406301859925, 17, 0.00075054063018599],
  [-418.25, 2, -418.25], [-908.1695, 1, -908.2], [31601637575.134037, 12, 31601637575.134037],
  [269774.0, 25, 269774.0],
];

/**
 * Independent reference for round(x, n): the exact decimal expansion of x (toFixed(100) is exact for
 * the magnitudes drawn below), rounded half to even as a digit string, parsed back to a double.
 */
function roundReference(x: number, n: number): number {
  const s = Math.abs(x).toFixed(100);
  const point = s.indexOf('.');
  const intDigits = s.slice(0, point);
  let keep = point + n; // digits kept before the rounding position
  let digits = intDigits + s.slice(point + 1);
  if (keep < 1) {
    digits = '0'.repeat(1 - keep) + digits;
    keep = 1;
  }
  const head = digits.slice(0, keep);
  const rest = digits.slice(keep);
  let q = BigInt(head);
  const half = '5'.padEnd(rest.length, '0');
  const cmpHalf = rest > half ? 1 : rest === half ? 0 : -1;
  if (cmpHalf > 0 || (cmpHalf === 0 && q % 2n === 1n)) q += 1n;
  const r = Number(`${q}e${-n}`);
  return x < 0 ? -r : r;
}

describe('round(x, ndigits)', () => {
  it('matches CPython on sampled values (ties, decimal-looking values, wide magnitudes, large ndigits)', () => {
    for (const [x, n, want] of ROUND_CASES) expect(pyRoundN(x, n), `round(${x}, ${n})`).toBe(want);
  });

  it('matches an exact decimal reference on 20 000 random values', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      const mag = 10 ** (Math.floor(rand() * 24) - 8);
      // Half of the draws sit exactly on or next to a decimal tie.
      let x = (rand() - 0.5) * mag;
      const n = Math.floor(rand() * 16) - 3;
      if (i % 2) x = (Math.round(x * 10 ** n * 2) + 1) / 2 / 10 ** n;
      if (i % 4 === 1) x = i % 8 === 1 ? x * (1 + 2 ** -52) : x * (1 - 2 ** -53);
      if (!(Math.abs(x) > 1e-20) || Math.abs(x) > 1e20) continue;
      expect(pyRoundN(x, n), `round(${x}, ${n})`).toBe(roundReference(x, n));
    }
  });

  it('returns x itself for non-finite values, zero and huge ndigits; 0 for very negative ndigits', () => {
    expect(pyRoundN(Infinity, 2)).toBe(Infinity);
    expect(pyRoundN(NaN, 2)).toBeNaN();
    expect(pyRoundN(-0, 3)).toBe(-0);
    expect(pyRoundN(0.1, 400)).toBe(0.1);
    expect(pyRoundN(5e-324, 323)).toBe(0);
    expect(pyRoundN(5e-324, 324)).toBe(5e-324);
    expect(pyRoundN(-1.5e300, -400)).toBe(-0);
  });

  it('rejects a non-integer ndigits', () => {
    expect(syntaxErr('lambda e: round(e, 1.5)').message).toBe(
      "column 20: round() ndigits must be an int: 'float' object cannot be interpreted as an integer",
    );
    // Python raises at run time when ndigits is a float; with a branch-dependent type, so does fn.
    const err = pyError(() => compileLambda('lambda e: round(1.25, e // 2 if e else 0.5)').fn(0));
    expect(err.pyType).toBe('TypeError');
    expect(compileLambda('lambda e: round(1.25, e // 2 if e else 0.0)').fn(2)).toBe(1.2);
  });
});

/** c^n correctly rounded, from exact BigInt arithmetic (c = m·2^e exactly). */
function exactPow(c: number, n: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, c);
  const bits = view.getBigUint64(0);
  const m = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const e = Number(bits >> 52n) - 1075;
  const big = m ** BigInt(n);
  const shift = Math.max(0, big.toString(2).length - 60);
  let top = big >> BigInt(shift);
  if ((big & ((1n << BigInt(shift)) - 1n)) !== 0n) top |= 1n; // sticky bit: rounding stays exact
  let r = Number(top);
  for (let k = shift + e * n; k !== 0; ) {
    const step = Math.max(-500, Math.min(500, k));
    r *= 2 ** step;
    k -= step;
  }
  return r;
}

describe('c ** n tables', () => {
  it('are correctly rounded (exact BigInt reference) for random bases and exponents', () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const bases = [0.95, 0.99999, 0.1, 0.9, 0.5, 1.5, 10, 2, 1.0001, 0.3, 7.3, 0.9999999];
    for (let i = 0; i < 40; i++) bases.push(0.05 + rand() * 3);
    for (const c of bases) {
      const table = new ConstPow(c);
      const top = Math.min(table.limit, 6000);
      for (let j = 0; j < 25; j++) {
        const n = j < 5 ? top - 1 - j : Math.floor(rand() * top);
        expect(table.pow(n), `${c} ** ${n}`).toBe(exactPow(c, n));
      }
    }
  });

  it('cover exponents up to 2^24 while c^n stays within 2^±880', () => {
    expect(new ConstPow(0.99999).limit).toBe(2 ** 24);
    expect(new ConstPow(0.5).limit).toBe(880);
    expect(new ConstPow(2).limit).toBe(880);
    const t = new ConstPow(0.9999999);
    expect(Math.abs(t.pow(2 ** 24 - 1) / Math.pow(0.9999999, 2 ** 24 - 1) - 1)).toBeLessThan(1e-14);
    // Beyond the table (and for non-integers, negatives) the compiled lambda falls back to Math.pow.
    const f = compileLambda('lambda x: 0.5 ** x').fn;
    expect([f(879), f(880), f(-3), f(2.5)]).toEqual([2 ** -879, 2 ** -880, 8, Math.pow(0.5, 2.5)]);
  });
});

describe('grammar', () => {
  it('a bare expression takes its one free variable as the argument', () => {
    expect(compileLambda('0.95 ** epoch').argName).toBe('epoch');
    expect(compileLambda('0.95 ** epoch').fn(2)).toBe(0.95 ** 2);
    const warm = compileLambda('min(1.0, (step + 1) / 500)');
    expect(warm.argName).toBe('step');
    expect(warm.fn(249)).toBe(0.5);
    expect(compileLambda('math.cos(t) * t').argName).toBe('t');
    expect(compileLambda('round(x / 3, ndigits=2)').fn(1)).toBe(0.33);
    const constant = compileLambda('0.5');
    expect(constant.argName).toBe('x');
    expect(constant.fn(123)).toBe(0.5);
  });

  it('accepts whitespace, newlines, comments and line continuations anywhere', () => {
    const c = compileLambda('  lambda\tepoch :\n  ( 0.95\n ** epoch )  # per-epoch decay\n');
    expect(c.argName).toBe('epoch');
    expect(c.fn(3)).toBe(0.95 ** 3);
    expect(compileLambda('lambda e: 1 + \\\n e').fn(2)).toBe(3);
    expect(compileLambda('lambda e:2**-e').fn(2)).toBe(0.25);
    expect(compileLambda('lambda \u00e9poque: \u00e9poque / 2').fn(3)).toBe(1.5);
  });

  it('applies Python precedence and associativity', () => {
    const cases: [string, number, number][] = [
      // [source, x, Python value]
      ['lambda x: -x ** 2', 3, -9],
      ['lambda x: 2 ** -x', 2, 0.25],
      ['lambda x: 2 ** 3 ** x', 2, 512],
      ['lambda x: (2 ** 3) ** x', 2, 64],
      ['lambda x: -2 ** -1 + x', 0, -0.5],
      ['lambda x: x - 2 - 3', 10, 5],
      ['lambda x: x / 2 / 5', 20, 2],
      ['lambda x: x - -x', 3, 6],
      ['lambda x: --x', 3, 3],
      ['lambda x: 2 * x % 7', 5, 3],
      ['lambda x: 2 + x * 3 ** 2 // 4', 3, 8],
      ['lambda x: not x < 3 and x', 5, 5],
      ['lambda x: 1 or x and 0', 0, 1],
      ['lambda x: x if x > 2 else -x if x < -2 else 0', -5, 5],
      ['lambda x: +True', 0, 1],
      ['lambda x: 1if x else 2', 0, 2],
    ];
    for (const [source, x, want] of cases) expect(compileLambda(source).fn(x), source).toBe(want);
  });

  it('lets the argument shadow a builtin name, as Python does', () => {
    expect(compileLambda('lambda abs: abs * 2').fn(3)).toBe(6);
    expect(compileLambda('lambda math: math + 1').fn(3)).toBe(4);
    expect(syntaxErr('lambda min: min(1, 2)').message).toBe('column 13: "min" is the argument, not a function');
    expect(syntaxErr('lambda math: math.cos(0)').message).toBe('column 18: "math" is the argument: it has no attributes');
  });

  it('evaluates only the operands Python evaluates (and/or, conditionals, chained comparisons)', () => {
    expect(compileLambda('lambda e: 1 / 0 if e > 5 else 1').fn(5)).toBe(1);
    expect(pyError(() => compileLambda('lambda e: 1 / 0 if e > 5 else 1').fn(6)).pyType).toBe('ZeroDivisionError');
    expect(compileLambda('lambda e: False and 1 / 0').fn(0)).toBe(0);
    expect(compileLambda('lambda e: 2 or 1 / 0').fn(0)).toBe(2);
    expect(compileLambda('lambda e: e < 0 < 1 / e').fn(0)).toBe(0);
    // A constant subexpression that raises is kept for run time, not raised while compiling.
    expect(compileLambda('lambda e: e * 0 if e < 100 else (1 / 0)').fn(3)).toBe(0);
  });

  it('treats NaN as true and 0.0 / -0.0 as false', () => {
    expect(compileLambda('lambda e: 1 if e * math.nan else 2').fn(1)).toBe(1);
    expect(compileLambda('lambda e: 1 if -0.0 * e else 2').fn(1)).toBe(2);
    expect(compileLambda('lambda e: not e * math.nan').fn(1)).toBe(0);
  });
});

describe('syntax errors name the column and what was expected', () => {
  const cases: [string, number, string][] = [
    // [source, 0-based position, message]
    ['lambda epoch: min(1.0, epoch', 28, 'column 29: expected ")" but found end of input'],
    ['lambda epoch: epohc * 2', 14, 'column 15: unknown name "epohc" (the argument is "epoch")'],
    ['lambda epoch: foo(epoch)', 14, 'column 15: unknown function "foo"'],
    ['lambda e: cos(e)', 10, 'column 11: unknown function "cos" (did you mean math.cos?)'],
    ['', 0, 'column 1: expected "lambda <name>: <expression>"'],
    ['   ', 0, 'column 1: expected "lambda <name>: <expression>"'],
    ['def f(x): return x', 0, 'column 1: expected "lambda <name>: <expression>" but found "def"'],
    ['lambda: 1', 6, 'column 7: expected an argument name but found ":" (a schedule lambda takes one argument, e.g. lambda epoch: ...)'],
    ['lambda if: 1', 7, 'column 8: expected an argument name but found "if"'],
    ['lambda a, b: a + b', 8, 'column 9: a schedule lambda takes exactly one argument (the scheduler passes one number)'],
    ['lambda e=1: e', 8, 'column 9: default argument values are not supported'],
    ['lambda e 0.5', 9, 'column 10: expected ":" but found "0.5"'],
    ['lambda e:', 9, 'column 10: expected an expression but found end of input'],
    ['lambda e: e +', 13, 'column 14: expected an expression but found end of input'],
    ['lambda e: (e + 1', 16, 'column 17: expected ")" but found end of input'],
    ['lambda e: e)', 11, 'column 12: unmatched ")"'],
    ['lambda e: e e', 12, 'column 13: expected an operator or end of input but found "e"'],
    ['lambda e: e = 1', 12, 'column 13: expected an operator or end of input but found "="'],
    ['lambda e: (e, 1)', 12, 'column 13: tuples are not supported: the lambda must return one number'],
    ['a + b', 4, 'column 5: more than one variable ("a" and "b"): write lambda a: ... to name the argument'],
    ['lambda e: e ^ 2', 12, 'column 13: bitwise operators are not supported (write ** for a power) (found "^")'],
    ['lambda e: e << 2', 12, 'column 13: bit shifts are not supported (found "<<")'],
    ['lambda e: [e]', 10, 'column 11: lists and indexing are not supported (found "[")'],
    ['lambda e: "0.1"', 10, 'column 11: strings are not supported (found """)'],
    ['lambda e: e; 1', 11, 'column 12: only one expression is allowed (found ";")'],
    ['lambda e: e $ 1', 12, 'column 13: unexpected character "$" (U+0024)'],
    ['lambda e: 0.95 ** \u2212e', 18, 'column 19: unexpected character "\u2212" (U+2212)'],
    ['lambda e: 01 * e', 10, 'column 11: leading zeros are not allowed in "01" (Python 3)'],
    ['lambda e: 1__000 * e', 11, 'column 12: invalid number: "_" must separate two digits'],
    ['lambda e: 1_ * e', 11, 'column 12: invalid number: "_" must separate two digits'],
    ['lambda e: 2j * e', 10, 'column 11: complex numbers are not supported'],
    ['lambda e: 2e * e', 10, 'column 11: invalid number "2e"'],
    ['lambda e: 0x * e', 10, 'column 11: invalid number "0x"'],
    ['lambda e: 1' + '0'.repeat(400), 10, 'column 11: integer literal too large to use as a float'],
    ['lambda e: abs(e, 1)', 10, 'column 11: abs() takes exactly 1 argument (2 given)'],
    ['lambda e: round()', 10, 'column 11: round() takes 1 or 2 arguments (0 given)'],
    ['lambda e: min(e)', 10, 'column 11: min() takes at least 2 arguments (1 given)'],
    ['lambda e: math.log(e, 2, 3)', 10, 'column 11: math.log() takes 1 or 2 arguments (3 given)'],
    ['lambda e: math.pow(e)', 10, 'column 11: math.pow() takes exactly 2 arguments (1 given)'],
    ['lambda e: round(e, digits=1)', 19, 'column 20: round() has no keyword argument "digits"'],
    ['lambda e: round(e, number=1)', 19, 'column 20: round() got argument "number" twice'],
    ['lambda e: round(number=e, 2)', 26, 'column 27: a positional argument cannot follow a keyword argument'],
    ['lambda e: round(ndigits=2)', 10, 'column 11: round() is missing argument "number"'],
    ['lambda e: math.foo(e)', 10, 'column 11: unknown function "math.foo"'],
    ['lambda e: math.bar * e', 10, 'column 11: unknown name "math.bar"'],
    ['lambda e: math.pi(e)', 10, 'column 11: "math.pi" is a number, not a function'],
    ['lambda e: math.cos', 10, 'column 11: "math.cos" is a function: call it, e.g. math.cos(x)'],
    ['lambda e: math * e', 10, 'column 11: "math" is a module: use math.<name>, e.g. math.cos(x)'],
    ['lambda e: math.(e)', 15, 'column 16: expected a name after "math." but found "("'],
    ['lambda e: np.cos(e)', 10, 'column 11: unknown module "np" (only math.* is supported)'],
    ['lambda e: e(1)', 10, 'column 11: "e" is the argument, not a function'],
    ['lambda e: min', 10, 'column 11: "min" is a function: call it, e.g. min(...)'],
    ['lambda e: e if e > 1', 20, 'column 21: expected "else" but found end of input'],
    ['lambda e: e in 3', 12, 'column 13: "in" is not supported: compare numbers with < <= > >= == !='],
    ['lambda e: e is 3', 12, 'column 13: "is" is not supported: compare numbers with < <= > >= == !='],
    ['lambda e: e not in 3', 12, 'column 13: "not" is not supported: compare numbers with < <= > >= == !='],
    ['lambda e: lambda f: f', 10, 'column 11: nested lambdas are not supported'],
    ['lambda e: None', 10, 'column 11: None is not a number'],
    ['lambda e: e if else 1', 15, 'column 16: expected an expression but found "else"'],
    ['lambda e: 1 < e <', 17, 'column 18: expected an expression but found end of input'],
    ['lambda e: e \\ 2', 12, 'column 13: unexpected "\\"'],
  ];
  for (const [source, position, message] of cases) {
    it(JSON.stringify(source).slice(0, 60), () => {
      const err = syntaxErr(source);
      expect(err.message).toBe(message);
      expect(err.position).toBe(position);
      expect(err.expected.length).toBeGreaterThan(0);
    });
  }

  it('reports what was expected', () => {
    expect(syntaxErr('lambda epoch: min(1.0, epoch').expected).toBe('")"');
    expect(syntaxErr('lambda epoch: epohc').expected).toBe('the argument "epoch"');
    expect(syntaxErr('').expected).toBe('"lambda <name>: <expression>"');
    expect(syntaxErr('lambda e: min(e)').expected).toBe('at least 2 arguments');
  });
});

describe('compiled lambdas', () => {
  it('are cached by source text, with a bounded cache', () => {
    const a = compileLambda('lambda e: 0.5 ** e');
    expect(compileLambda('lambda e: 0.5 ** e')).toBe(a);
    for (let i = 0; i < 200; i++) compileLambda(`lambda e: ${i} + e`);
    const b = compileLambda('lambda e: 0.5 ** e');
    expect(b).not.toBe(a);
    expect(b.fn(3)).toBe(0.125);
  });

  it('do not use eval or Function anywhere in the expression module', () => {
    const dir = join(__dirname, '../../src/schedules/numerics/expr');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/\beval\s*\(/);
      expect(text, f).not.toMatch(/\bFunction\s*\(/);
      expect(text, f).not.toMatch(/new\s+Function\b/);
    }
  });

  it('run 1,000,000 calls quickly with the exact values', () => {
    const N = 1_000_000;
    const decay = compileLambda('lambda epoch: 0.95 ** epoch').fn;
    const slow = compileLambda('lambda epoch: 0.99999 ** epoch').fn; // never underflows in 1M steps
    const warmup = compileLambda('lambda step: min(1.0, (step + 1) / 500)').fn;
    const out = new Float64Array(N);
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      for (let i = 0; i < N; i++) out[i] = decay(i) + slow(i) + warmup(i);
      best = Math.min(best, performance.now() - t0);
    }
    for (const i of [0, 1, 77, 498, 499, 5000, 999_999]) {
      const want = Math.pow(0.95, i) + Math.pow(0.99999, i) + Math.min(1.0, (i + 1) / 500);
      expect(Math.abs(out[i] - want)).toBeLessThanOrEqual(4e-16 * want);
    }
    console.log(`expr: 1M calls each of 0.95 ** epoch, 0.99999 ** epoch, min(1.0, (step + 1) / 500): ${best.toFixed(1)} ms`);
    expect(best).toBeLessThan(800);
  });
});

describe('size limits (CPython: 200 nested brackets; ~3000 nested AST levels at the default recursion limit)', () => {
  const arg = (body: string) => `lambda epoch: ${body}`;

  it('accepts 200 nested brackets and refuses the 201st with CPython\'s message', () => {
    expect(compileLambda(arg('('.repeat(200) + 'epoch' + ')'.repeat(200))).fn(3)).toBe(3);
    expect(compileLambda(arg('min(1, '.repeat(199) + '(epoch)' + ')'.repeat(199))).fn(0)).toBe(0);
    const err = syntaxErr(arg('('.repeat(1000) + 'epoch' + ')'.repeat(1000)));
    expect(err.message).toBe('column 215: too many nested parentheses');
    expect(err.position).toBe(14 + 200);
    expect(syntaxErr(arg('abs('.repeat(201) + 'epoch' + ')'.repeat(201))).message).toMatch(/too many nested parentheses/);
  });

  it('evaluates flat chains of any length in a loop, left to right', () => {
    expect(compileLambda(arg(Array(100_000).fill('epoch').join(' + '))).fn(2)).toBe(200_000);
    expect(compileLambda(arg('epoch*'.repeat(16_000) + '1')).fn(1)).toBe(1);
    expect(compileLambda(arg(Array(10_000).fill('epoch').join(' - '))).fn(1)).toBe(-9998);
    expect(compileLambda(arg(Array(20_000).fill('epoch - 1').join(' or '))).fn(1)).toBe(0);
    expect(compileLambda(arg(Array(20_000).fill('epoch').join(' and '))).fn(3)).toBe(3);
    expect(compileLambda(arg(Array(20_000).fill('epoch').join(' <= '))).fn(3)).toBe(1);
    // Rounded left to right: ((0.1 + 0.2) + epoch) + 0.3 ...
    const terms = Array.from({ length: 1000 }, (_, i) => ['0.1', '0.2', 'epoch', '0.3'][i % 4]);
    let want = 0.1;
    for (let i = 1; i < 1000; i++) want += [0.1, 0.2, 7, 0.3][i % 4];
    expect(compileLambda(arg(terms.join(' + '))).fn(7)).toBe(want);
  });

  it('raises in a long chain where the nested form does, with the same message', () => {
    const src = arg(['epoch', ...Array(20).fill('1'), '(epoch - 5)'].join(' // '));
    expect(compileLambda(src).fn(4)).toBe(-4);
    expect(pyError(() => compileLambda(src).fn(5)).message).toBe('ZeroDivisionError: integer division or modulo by zero');
    const g = arg(['epoch', ...Array(20).fill('1'), '(epoch - 5)'].join(' / '));
    expect(pyError(() => compileLambda(g).fn(5)).message).toBe('ZeroDivisionError: float division by zero');
    const f = arg(['epoch * 1.0', ...Array(10).fill('2'), '(epoch - 5)'].join(' % '));
    expect(pyError(() => compileLambda(f).fn(5)).message).toBe('ZeroDivisionError: float modulo');
  });

  it('refuses a tree nested more than 3000 levels (unary chains, not, **, if-else) like CPython 3.11', () => {
    const deep = /too deeply nested: more than 3000 nested operations \(Python: RecursionError: maximum recursion depth exceeded during compilation\)/;
    expect(compileLambda(arg('-'.repeat(2999) + 'epoch')).fn(2)).toBe(-2);
    expect(syntaxErr(arg('-'.repeat(5000) + 'epoch')).message).toMatch(deep);
    expect(compileLambda(arg('not '.repeat(2999) + 'epoch')).fn(2)).toBe(0);
    expect(syntaxErr(arg('not '.repeat(3000) + 'epoch')).message).toMatch(deep);
    expect(compileLambda(arg('1 ** '.repeat(2999) + 'epoch')).fn(5)).toBe(1);
    expect(syntaxErr(arg('1 ** '.repeat(3000) + 'epoch')).message).toMatch(deep);
    expect(compileLambda(arg('1 if epoch < 0 else '.repeat(1499) + 'epoch')).fn(4)).toBe(4);
    expect(syntaxErr(arg('1 if epoch < 0 else '.repeat(10_000) + 'epoch')).message).toMatch(deep);
  });
});
