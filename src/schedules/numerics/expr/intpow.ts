/**
 * `c ** n` for a constant base c > 0 and an integer exponent 0 <= n < 2^24: the hot case of schedule
 * lambdas (`0.95 ** epoch`, `0.1 ** (e // 10)`).
 *
 * V8's Math.pow costs 40-130 ns per call and is off by one ulp from glibc's (nearly always correctly
 * rounded) pow on ~6 % of inputs. Here c^n = c^(n0) · c^(256·n1) · c^(65536·n2) from three
 * 256-entry tables of double-double powers (built once, relative error ~2^-90), multiplied in
 * double-double and rounded once: correctly rounded in all but astronomically rare cases, and
 * 5-10x faster than Math.pow.
 */

const SPLITTER = 134217729; // 2^27 + 1
const LEVEL = 256;

/**
 * out[0] + out[1] ≈ (ah + al) · (bh + bl) in double-double, ah·bh exact (Dekker's product).
 * Results go to a typed array: module-level `let`s would make each call as slow as Math.pow.
 */
function ddMul(out: Float64Array, ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  let t = SPLITTER * ah;
  const ahh = t - (t - ah);
  const ahl = ah - ahh;
  t = SPLITTER * bh;
  const bhh = t - (t - bh);
  const bhl = bh - bhh;
  const e = ahh * bhh - p + ahh * bhl + ahl * bhh + ahl * bhl + (ah * bl + al * bh);
  const hi = p + e;
  out[0] = hi;
  out[1] = e - (hi - p);
}

/** Powers of a fixed positive base for integer exponents below {@link ConstPow.limit}. */
export class ConstPow {
  /** Table path valid for integers 0 <= n < limit (c^n stays far from overflow and underflow). */
  readonly limit: number;
  private readonly hi = new Float64Array(3 * LEVEL);
  private readonly lo = new Float64Array(3 * LEVEL);
  private readonly dd = new Float64Array(2);

  constructor(c: number) {
    const log2c = Math.abs(Math.log2(c));
    this.limit = Math.min(2 ** 24, log2c === 0 ? 2 ** 24 : Math.floor(880 / log2c));
    const dd = this.dd;
    let bh = c; // base of the current level: c^(256^level), double-double
    let bl = 0;
    for (let level = 0; level < 3; level++) {
      const off = level * LEVEL;
      this.hi[off] = 1;
      for (let k = 1; k <= LEVEL; k++) {
        ddMul(dd, this.hi[off + k - 1], this.lo[off + k - 1], bh, bl);
        if (k < LEVEL) {
          this.hi[off + k] = dd[0];
          this.lo[off + k] = dd[1];
        }
      }
      // dd = base^256, the next level's base; beyond the usable range it no longer matters.
      bh = dd[0];
      bl = dd[1];
    }
  }

  /** c^n for an integer 0 <= n < limit. */
  pow(n: number): number {
    const hi = this.hi;
    const lo = this.lo;
    const dd = this.dd;
    const i0 = n & 255;
    const i1 = LEVEL + ((n >>> 8) & 255);
    const i2 = 2 * LEVEL + (n >>> 16);
    ddMul(dd, hi[i0], lo[i0], hi[i1], lo[i1]);
    ddMul(dd, dd[0], dd[1], hi[i2], lo[i2]);
    return dd[0]; // the double-double result rounded once
  }
}
