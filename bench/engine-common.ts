/** Shared pieces of the engine benchmark. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The baseline the engine issue sets: a bare closed-form cosine loop over the same steps. */
export function bareCosine(n: number): Float64Array {
  const out = new Float64Array(n);
  const base = 0.1;
  for (let t = 0; t < n; t++) out[t] = 0.5 * base * (1 + Math.cos((Math.PI * t) / n));
  return out;
}

/** Median wall time of `reps` calls after one warm-up call. */
export function timeMedian(fn: () => unknown, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** A validation-loss-like metric for plateau schedulers: falls, then noisy plateaus. */
export function benchMetrics(n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = 1 + Math.sin(i / 1000) * 0.1 + 1000 / (i + 10);
  return m;
}
