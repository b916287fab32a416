/**
 * A correctly rounded natural logarithm for doubles.
 *
 * CPython's `math.log` calls glibc's `log`, which is correctly rounded almost everywhere (glibc
 * 2.36 misrounds 4 of the 5121 inputs in test/fixtures/rng/crlog.json, by one ulp, and none of
 * the 25 353 exact restart boundaries of timm's cycle index checked), while V8's `Math.log` is off
 * by one ulp on ~3 % of inputs. That matters where a scheduler takes the `floor` of a ratio of
 * logs (timm's cycle index: `math.log(243, 3)` is 4.999999999999999 in Python,
 * `Math.log(243) / Math.log(3)` is 5 in JS).
 *
 * Method: x = 2^k · m with m in [√½, √2); log m = 2·atanh(f), f = (m − 1)/(m + 1), summed in
 * double-double (≈ 2^-100 relative error); plus k·ln 2 in double-double; rounded once. When the
 * double-double result lies too close to a rounding midpoint to decide, the value is recomputed in
 * 256-bit fixed point with BigInt (never observed on ordinary inputs, but keeps the function exact).
 */

// Scratch views for reading and writing the bits of a double (no allocation per call).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;

const SPLITTER = 134217729; // 2^27 + 1
const TWO_POW_54 = 18014398509481984;
/** ln 2 as a double-double. */
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
/** Relative error bound of the double-double evaluation used to detect hard-to-round cases. */
const DD_REL_ERR = 2 ** -96;

// Double-double results of the helpers below land in these (no allocation per call).
let rh = 0;
let rl = 0;

/** rh + rl = a · b exactly (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rh = p;
  rl = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** rh + rl = (ah + al) · (bh + bl), double-double. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const lo = rl + (ah * bl + al * bh);
  const hi = rh + lo;
  rl = lo - (hi - rh);
  rh = hi;
}

/** rh + rl = (ah + al) + (bh + bl), double-double. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  const e = ah - (s - bb) + (bh - bb) + al + bl;
  rh = s + e;
  rl = e - (rh - s);
}

/** Number of atanh series terms: q² ≤ 0.0295 on [√½, √2), 0.0295^24 < 2^-120. */
const TERMS = 24;
/** 1/(2n + 1) for n = 0..TERMS as double-doubles. */
const INV_ODD_HI = new Float64Array(TERMS + 1);
const INV_ODD_LO = new Float64Array(TERMS + 1);
for (let n = 0; n <= TERMS; n++) {
  const d = 2 * n + 1;
  const h = 1 / d;
  twoProd(h, d);
  INV_ODD_HI[n] = h;
  INV_ODD_LO[n] = (1 - rh - rl) / d;
}

/**
 * Splits finite x > 0 into x = 2^k · m with m in [√½, √2). Returns m; k in `splitK`.
 */
let splitK = 0;
function split(x: number): number {
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO_POW_54;
    k = -54;
  }
  f64[0] = x;
  const hi = u32[HI];
  k += ((hi >>> 20) & 0x7ff) - 1023;
  u32[HI] = (hi & 0x800fffff) | 0x3ff00000; // exponent of 1: m in [1, 2)
  let m = f64[0];
  if (m > Math.SQRT2) {
    m *= 0.5;
    k += 1;
  }
  splitK = k;
  return m;
}

/** The correctly rounded `log(x)` (IEEE double, round to nearest), like glibc's `log`. */
export function crLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  const m = split(x);
  const k = splitK;

  // f = (m − 1) / (m + 1) as a double-double; m − 1 is exact (Sterbenz).
  const a = m - 1;
  const bh = m + 1;
  const bl = m - (bh - 1); // exact: m + 1 = bh + bl
  const q1 = a / bh;
  twoProd(q1, bh);
  const q2 = (a - rh - rl - q1 * bl) / bh;
  const fh = q1 + q2;
  const fl = q2 - (fh - q1);

  // P = Σ s^n / (2n + 1), s = f², by Horner in double-double; log m = 2 f P.
  ddMul(fh, fl, fh, fl);
  const sh = rh;
  const sl = rl;
  let ph = INV_ODD_HI[TERMS];
  let pl = INV_ODD_LO[TERMS];
  for (let n = TERMS - 1; n >= 0; n--) {
    ddMul(ph, pl, sh, sl);
    ddAdd(rh, rl, INV_ODD_HI[n], INV_ODD_LO[n]);
    ph = rh;
    pl = rl;
  }
  ddMul(ph, pl, fh, fl);
  let lh = 2 * rh;
  let ll = 2 * rl;

  if (k !== 0) {
    twoProd(k, LN2_HI);
    const kh = rh;
    const kl = rl + k * LN2_LO;
    ddAdd(kh, kl, lh, ll);
    lh = rh;
    ll = rl;
  }

  const r = lh + ll;
  const lo = ll - (r - lh);
  const e = DD_REL_ERR * Math.abs(r);
  if (r + (lo + e) !== r + (lo - e)) return crLogBig(x);
  return r;
}

// ---- 256-bit fixed-point fallback -----------------------------------------------------------

const PREC = 256n;
let ln2Fixed = 0n;

/** 2·atanh(num/den) · 2^PREC, truncated series (error a few units of 2^-PREC). */
function atanh2Fixed(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const f = ((neg ? -num : num) << PREC) / den;
  const f2 = (f * f) >> PREC;
  let term = f;
  let sum = f;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * f2) >> PREC;
    sum += term / (2n * n + 1n);
  }
  return neg ? -2n * sum : 2n * sum;
}

/**
 * `log(x)` correctly rounded, computed in 256-bit fixed point (slow; exported for tests).
 */
export function crLogBig(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  if (ln2Fixed === 0n) ln2Fixed = atanh2Fixed(1n, 3n);
  const m = split(x);
  const k = splitK;
  // m = M / 2^53 exactly, M an integer below 2^54.
  const M = BigInt(m * 9007199254740992);
  const D = 9007199254740992n;
  const fixed = BigInt(k) * ln2Fixed + atanh2Fixed(M - D, M + D);
  // Number(bigint) rounds to nearest (ties to even); the division by 2^256 is exact.
  return Number(fixed) / 2 ** 256;
}

/** `math.log(x, base)` as CPython computes it: `log(x) / log(base)`, each correctly rounded. */
export function pyLogBase(x: number, base: number): number {
  return crLog(x) / crLog(base);
}
