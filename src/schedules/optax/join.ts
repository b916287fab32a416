/**
 * Optax join_schedules, and the schedules Optax builds with it: warmup_cosine_decay_schedule,
 * warmup_exponential_decay_schedule, sgdr_schedule.
 */
import { mergePoints } from '../closedForm';
import type { ClosedForm } from '../types';
import { CosineSchedule } from './cosine';
import { exponentialDecay } from './exponential';
import { linearSchedule } from './polynomial';

type Params = Record<string, unknown>;

/** A child's breakpoints, from its own count to the join's. */
function shifted(points: number[] | null, by: number): number[] | null {
  return points && points.map((p) => p + by);
}

/**
 * join_schedules: `where(count < b, prev, next(count - b))` for each (b, next) in
 * zip(boundaries, schedules[1:]), so the last boundary reached wins. As the count grows the
 * selected child never goes back, and a child is first selected at its own boundary (or at count 0
 * for a negative boundary), so each child is evaluated at counts count - b >= 0 only. jnp.where
 * also evaluates the unselected children (at negative counts), which never reaches the output.
 *
 * Nested joins (warmup_cosine_decay_schedule inside sgdr_schedule, joins of joins) are flattened
 * into one list of pieces "from count `from[i]` on, `leaves[i].at(count - shifts[i])`", so a step
 * costs one dispatch whatever the nesting.
 */
export class JoinSchedule implements ClosedForm {
  readonly exact: boolean;
  /** Start of each piece, ascending; `from[0]` is -Infinity. */
  readonly from: Float64Array;
  private readonly leaves: ClosedForm[];
  private readonly shifts: Float64Array;
  private e = 0;
  constructor(children: readonly ClosedForm[], boundaries: readonly number[]) {
    const n = Math.min(boundaries.length, children.length - 1);
    const b = boundaries.slice(0, n);
    const shiftOf = (k: number): number => (k === 0 ? 0 : b[k - 1]);
    const pieceAt = (count: number): [ClosedForm, number] => {
      let k = 0;
      for (let j = 0; j < n; j++) if (count >= b[j]) k = j + 1;
      const child = children[k];
      if (!(child instanceof JoinSchedule)) return [child, shiftOf(k)];
      const [leaf, shift] = child.pieceAt(count - shiftOf(k));
      return [leaf, shift + shiftOf(k)];
    };
    const points = new Set<number>(b);
    for (let k = 0; k <= n; k++) {
      const child = children[k];
      if (child instanceof JoinSchedule) for (const p of child.from) if (p > -Infinity) points.add(p + shiftOf(k));
    }
    const from = [-Infinity];
    const [leaf0, shift0] = pieceAt(-Infinity);
    const leaves = [leaf0];
    const shifts = [shift0];
    for (const p of [...points].sort((x, y) => x - y)) {
      const [leaf, shift] = pieceAt(p);
      if (leaf !== leaves[leaves.length - 1] || shift !== shifts[shifts.length - 1]) {
        from.push(p);
        leaves.push(leaf);
        shifts.push(shift);
      }
    }
    this.from = Float64Array.from(from);
    this.leaves = leaves;
    this.shifts = Float64Array.from(shifts);
    this.exact = leaves.every((l) => l.exact);
  }
  /** The piece in force at `count` (construction time only). */
  pieceAt(count: number): [ClosedForm, number] {
    let i = 0;
    while (i + 1 < this.from.length && count >= this.from[i + 1]) i++;
    return [this.leaves[i], this.shifts[i]];
  }
  at(count: number): number {
    return this.leaves[this.piece(count)].at(count - this.shifts[this.e]);
  }
  /** Moves the cursor to the piece in force at `count`. */
  private piece(count: number): number {
    const from = this.from;
    while (this.e + 1 < from.length && count >= from[this.e + 1]) this.e++;
    while (count < from[this.e]) this.e--;
    return this.e;
  }
  /** Each piece fills its own range with its own loop. */
  fill(out: Float64Array, from: number, to: number, count: number): void {
    for (let i = from; i < to; ) {
      const c = count + (i - from);
      const e = this.piece(c);
      const end = e + 1 < this.from.length ? Math.min(to, i + Math.ceil(this.from[e + 1] - c)) : to;
      this.leaves[e].fill(out, i, end, c - this.shifts[e]);
      i = end;
    }
  }
  /** The starts of the pieces (the boundaries that take effect), and each piece's own breakpoints shifted to the join's count. */
  breakpoints(from: number, to: number, limit: number): number[] | null {
    const lists: (number[] | null)[] = [];
    const starts = this.from;
    for (let e = 0; e < starts.length; e++) {
      const lo = Math.max(from, starts[e]);
      const hi = e + 1 < starts.length ? Math.min(to, starts[e + 1]) : to;
      if (lo >= hi) continue;
      if (lo > from) lists.push([lo]);
      const shift = this.shifts[e];
      lists.push(shifted(this.leaves[e].breakpoints(lo - shift, hi - shift, limit), shift));
    }
    return mergePoints(lists, limit);
  }
}

/** `optax.warmup_cosine_decay_schedule`: a linear warmup to peak_value joined to a cosine decay to end_value. */
export function warmupCosineDecay(p: Params): ClosedForm {
  const peak = p.peak_value as number;
  const end = p.end_value as number;
  const w = p.warmup_steps as number;
  const alpha = peak === 0 ? 0 : end / peak;
  return new JoinSchedule(
    [linearSchedule(p.init_value as number, peak, w), new CosineSchedule(peak, (p.decay_steps as number) - w, alpha, p.exponent as number)],
    [w],
  );
}

/** `optax.warmup_exponential_decay_schedule`: a linear warmup to peak_value joined to an exponential_decay of it. */
export function warmupExponentialDecay(p: Params): ClosedForm {
  const w = p.warmup_steps as number;
  return new JoinSchedule([linearSchedule(p.init_value as number, p.peak_value as number, w), exponentialDecay(p.peak_value as number, p)], [w]);
}

/** `optax.sgdr_schedule`: one warmup_cosine_decay_schedule per cycle, each starting where the previous one's decay_steps end. */
export function sgdrSchedule(cycles: readonly Params[]): ClosedForm {
  const boundaries: number[] = [];
  let at = 0;
  for (const r of cycles) {
    at += r.decay_steps as number;
    boundaries.push(at);
  }
  return new JoinSchedule(cycles.map(warmupCosineDecay), boundaries.slice(0, -1));
}
