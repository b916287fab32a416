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

/**
 * CPU time used by this process, in ms (user + system). On a shared machine wall time also counts
 * the time other processes hold the cores; CPU time counts only this one's work.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface Paired {
  /** Median CPU ms of the baseline and of `fn`. */
  base: number;
  ms: number;
  /** Median over the rounds of fn's time over the baseline's time in the same round. */
  ratio: number;
}

/**
 * `reps` rounds, each timing the baseline then `fn` back to back, after one warm-up call of each:
 * the load of the machine changes between rounds far more than within one, so the per-round
 * ratio is much steadier than a ratio of separate medians.
 */
export function pairedTimes(base: () => unknown, fn: () => unknown, reps: number): Paired {
  base();
  fn();
  const bs: number[] = [];
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    let t0 = cpuMs();
    base();
    bs.push(cpuMs() - t0);
    t0 = cpuMs();
    fn();
    ts.push(cpuMs() - t0);
  }
  return { base: median(bs), ms: median(ts), ratio: median(ts.map((t, r) => t / bs[r])) };
}

/** A validation-loss-like metric for plateau schedulers: falls, then noisy plateaus. */
export function benchMetrics(n: number): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) m[i] = 1 + Math.sin(i / 1000) * 0.1 + 1000 / (i + 10);
  return m;
}
