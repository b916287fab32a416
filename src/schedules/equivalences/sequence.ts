/**
 * Sequences: schedules run one after the other, each from its own step 0 at its boundary (torch
 * SequentialLR, Optax join_schedules, Paddle LinearWarmup, HF warmup_stable_decay). The canonical
 * form lists the pieces as standalone specs of any framework; a member translates each piece into
 * its own framework through the other classes, so the class needs the translation itself.
 */
import type { ScheduleSpec } from '../types';
import { resolveSpec } from '../validate';
import { constantClass, polynomialClass } from './decay';
import { cosineClass } from './cosine';
import { defineClass, near, num, type EquivalenceClass, type EquivalenceMember, type Params, type Span, type TranslateOptions } from './types';

interface Sequence {
  /** Standalone specs; piece k runs on [boundaries[k − 1], boundaries[k]) at its own step t − boundaries[k − 1]. */
  pieces: ScheduleSpec[];
  /** Strictly increasing, > 0, one fewer than pieces. */
  boundaries: number[];
}

/** What the class needs from the module: translation to a scheduler, and the schedulers of a framework a spec translates to. */
export interface SequenceTools {
  translate(spec: ScheduleSpec, targetId: string, options: TranslateOptions): { spec: ScheduleSpec; coincide: { to: number } } | null;
  candidates(id: string, framework: string): string[];
}

const frameworkOf = (id: string) => id.slice(0, id.indexOf('.'));

/**
 * The canonical form of pieces with boundaries (non-decreasing and >= 0, else null: a negative one
 * would shift its piece); pieces that never run are dropped.
 */
function sequence(pieces: readonly ScheduleSpec[], boundaries: readonly number[]): Sequence | null {
  if (pieces.length !== boundaries.length + 1 || boundaries.some((b, i) => b < 0 || (i > 0 && b < boundaries[i - 1]))) return null;
  const out: Sequence = { pieces: [], boundaries: [] };
  pieces.forEach((piece, k) => {
    const start = boundaries[k - 1] ?? 0;
    if ((boundaries[k] ?? Infinity) <= start) return;
    if (out.pieces.length) out.boundaries.push(start);
    out.pieces.push(piece);
  });
  return out;
}

/** Steps piece k runs (Infinity for the last). */
const lengthOf = (c: Sequence, k: number) => (k < c.boundaries.length ? c.boundaries[k] - (c.boundaries[k - 1] ?? 0) : Infinity);

/** The canonical params of `spec` in `cls`, or null. */
function canonicalIn<C>(cls: EquivalenceClass, spec: ScheduleSpec): C | null {
  const m = cls.members.find((x) => x.id === spec.scheduler);
  return m ? (m.toCanonical(resolveSpec(spec).params) as C | null) : null;
}

interface Poly {
  init: number;
  end: number;
  T: number;
  power: number;
  cycle: boolean;
}
interface Cos {
  init: number;
  peak: number;
  W: number;
  D: number;
  floor: number;
}

type Member = EquivalenceMember<Sequence> & {
  /** The member's pieces from its params (the inverse of fromCanonical's). */
  own(p: Params): Sequence | null;
};

export function sequenceClass(tools: SequenceTools): EquivalenceClass {
  /** `piece` in `framework`, among the schedulers `allowed` takes, coinciding longest (the piece itself where it already is). */
  function pieceIn(piece: ScheduleSpec, framework: string, allowed: (id: string, p: Params) => boolean, o: TranslateOptions) {
    if (frameworkOf(piece.scheduler) === framework && allowed(piece.scheduler, resolveSpec(piece).params)) {
      return { spec: piece, to: Infinity };
    }
    let best: { spec: ScheduleSpec; to: number } | null = null;
    for (const id of tools.candidates(piece.scheduler, framework)) {
      const t = tools.translate(piece, id, o);
      if (t && allowed(id, resolveSpec(t.spec).params) && (!best || t.coincide.to > best.to)) best = { spec: t.spec, to: t.coincide.to };
    }
    return best;
  }

  /**
   * Where the member's own pieces follow the canonical ones: up to the first piece that stops
   * coinciding before its next boundary.
   */
  function spanOf(c: Sequence, own: Sequence | null, o: TranslateOptions): Span {
    if (!own || own.pieces.length !== c.pieces.length) return { to: -1 };
    for (let k = 0; k < c.pieces.length; k++) {
      const [want, have] = [c.pieces[k], own.pieces[k]];
      const to = JSON.stringify(want) === JSON.stringify(have) ? Infinity : (tools.translate(want, have.scheduler, o)?.coincide.to ?? -1);
      if (to < lengthOf(c, k) - 1) return { to: (c.boundaries[k - 1] ?? 0) + to };
    }
    return { to: Infinity };
  }

  const member = (m: Omit<Member, 'toCanonical' | 'span'>): Member => ({ ...m, toCanonical: m.own, span: (c, p, o) => spanOf(c, m.own(p), o) });

  // ----- torch SequentialLR: children share the parent's lr

  /** Children that are not a standalone schedule of the parent's lr after a switch or at all. */
  const torchChild = (k: number) => (id: string) =>
    !['torch.SequentialLR', 'torch.ChainedScheduler', 'torch.ReduceLROnPlateau', 'torch.OneCycleLR', 'torch.CyclicLR'].includes(id) &&
    !(k > 0 && id === 'torch.MultiplicativeLR');

  const torch = member({
    id: 'torch.SequentialLR',
    own: (p) => {
      const children = p.schedulers as ScheduleSpec[];
      // A milestone at 0 is never switched at (SequentialLR's first step() is at 1).
      if (!children.every((s, k) => torchChild(k)(s.scheduler)) || (p.milestones as number[]).some((m) => m < 1)) return null;
      return sequence(
        children.map((s) => ({ scheduler: s.scheduler, params: { ...s.params, lr: p.lr } })),
        p.milestones as number[],
      );
    },
    fromCanonical: (c, o) => {
      const pieces = c.pieces.map((s, k) => pieceIn(s, 'torch', torchChild(k), o));
      if (pieces.some((s) => !s)) return null;
      const lrs = pieces.map((s) => s!.spec.params.lr);
      if (lrs.some((x) => x !== lrs[0])) return null; // one optimizer: one base lr
      const schedulers = pieces.map((s) => {
        const params = { ...s!.spec.params };
        delete params.lr;
        return { scheduler: s!.spec.scheduler, params };
      });
      return { lr: lrs[0], schedulers, milestones: c.boundaries };
    },
  });

  // ----- Optax join_schedules

  const optax = member({
    id: 'optax.join_schedules',
    own: (p) => sequence(p.schedules as ScheduleSpec[], p.boundaries as number[]),
    fromCanonical: (c, o) => {
      const pieces = c.pieces.map((s) => pieceIn(s, 'optax', () => true, o));
      return pieces.every((s) => s) ? { schedules: pieces.map((s) => s!.spec), boundaries: c.boundaries } : null;
    },
  });

  // ----- Paddle LinearWarmup: a ramp, then a constant or a wrapped scheduler (driven with explicit epochs)

  const RAMP = 'paddle.LinearWarmup';
  const CONSTANT = 'paddle.LambdaDecay';
  /** Wrapped schedulers that behave as standalone (CosineAnnealingWarmRestarts' explicit-epoch path misplaces restarts with T_mult > 1). */
  const paddleInner = (id: string, p: Params) =>
    id !== 'paddle.ReduceOnPlateau' && id !== RAMP && !(id === 'paddle.CosineAnnealingWarmRestarts' && num(p, 'T_mult') !== 1);

  const paddle = member({
    id: RAMP,
    own: (p) => {
      const [W, start, end] = [num(p, 'warmup_steps'), num(p, 'start_lr'), num(p, 'end_lr')];
      const ramp = { scheduler: RAMP, params: { learning_rate: end, warmup_steps: W, start_lr: start, end_lr: end } };
      const inner = p.learning_rate as ScheduleSpec | number;
      if (typeof inner !== 'number' && !paddleInner(inner.scheduler, inner.params)) return null;
      const rest = typeof inner === 'number' ? { scheduler: CONSTANT, params: { learning_rate: inner, lr_lambda: 'lambda epoch: 1' } } : inner;
      return sequence([ramp, rest], [W]);
    },
    fromCanonical: (c, o) => {
      if (c.pieces.length !== 2) return null;
      const W = c.boundaries[0];
      const ramp = pieceIn(c.pieces[0], 'paddle', (id) => id === RAMP, o);
      const rest = pieceIn(c.pieces[1], 'paddle', paddleInner, o);
      const r = ramp?.spec.params;
      if (!r || !rest || r.warmup_steps !== W) return null;
      const value = canonicalIn<{ value: number }>(constantClass, rest.spec);
      return { learning_rate: value ? value.value : rest.spec, warmup_steps: W, start_lr: r.start_lr, end_lr: r.end_lr };
    },
  });

  // ----- HF warmup_stable_decay: linear warmup from r·lr, lr, then a linear or half-cosine decay to r·lr

  const piece = (scheduler: string, params: Params): ScheduleSpec => ({ scheduler, params });

  const hf = member({
    id: 'hf.warmup_stable_decay',
    own: (p) => {
      const [b, W, D, r] = [num(p, 'lr'), num(p, 'num_warmup_steps'), num(p, 'num_decay_steps'), num(p, 'min_lr_ratio')];
      const S = p.num_stable_steps !== null ? num(p, 'num_stable_steps') : num(p, 'num_training_steps') - W - D;
      const cosine = p.decay_type === 'cosine' && num(p, 'num_cycles') === 0.5;
      if (p.warmup_type !== 'linear' || !(cosine || p.decay_type === 'linear') || D < 1 || S < 0) return null;
      const decay = cosine
        ? piece('optax.cosine_decay_schedule', { init_value: b, decay_steps: D, alpha: r })
        : piece('optax.linear_schedule', { init_value: b, end_value: r * b, transition_steps: D });
      return sequence(
        [piece('optax.linear_schedule', { init_value: r * b, end_value: b, transition_steps: W }), piece('optax.constant_schedule', { value: b }), decay],
        [W, W + S],
      );
    },
    fromCanonical: (c) => {
      const pieces = [...c.pieces];
      const lengths = c.pieces.map((_, k) => lengthOf(c, k));
      // The decay, last: a cosine from b to its floor or a straight line, then held.
      const last = pieces.pop()!;
      lengths.pop();
      const cos = canonicalIn<Cos>(cosineClass, last);
      const line = canonicalIn<Poly>(polynomialClass, last);
      let b: number, floor: number, D: number, type: string;
      if (cos && cos.W === 0) [b, floor, D, type] = [cos.peak, cos.floor, cos.D, 'cosine'];
      else if (line && line.power === 1 && !line.cycle) [b, floor, D, type] = [line.init, line.end, line.T, 'linear'];
      else return null;
      if (!(b > 0) || !Number.isInteger(D)) return null;
      const r = floor / b;
      // Before it, optionally: the stable phase at b, and before that the warmup from r·b.
      let [W, S] = [0, 0];
      const held = pieces.length ? canonicalIn<{ value: number }>(constantClass, pieces[pieces.length - 1]) : null;
      if (held && near(held.value, b)) {
        pieces.pop();
        S = lengths.pop()!;
      }
      if (pieces.length) {
        const ramp = canonicalIn<Poly>(polynomialClass, pieces.pop()!);
        W = lengths.pop()!;
        if (!ramp || ramp.power !== 1 || ramp.cycle || ramp.T !== W || !near(ramp.init, r * b) || !near(ramp.end, b)) return null;
      }
      if (pieces.length) return null;
      return {
        lr: b,
        num_warmup_steps: W,
        num_decay_steps: D,
        num_training_steps: null,
        num_stable_steps: S,
        warmup_type: 'linear',
        decay_type: type,
        min_lr_ratio: r,
        num_cycles: 0.5,
      };
    },
  });

  return defineClass<Sequence>({
    name: 'sequence',
    note:
      'Schedules run one after the other, each restarted at its boundary, translated piece by piece: PyTorch ' +
      'SequentialLR (one base lr for all children; not MultiplicativeLR after a milestone, OneCycleLR or CyclicLR), ' +
      'Optax join_schedules, Paddle LinearWarmup (a linear ramp, then a constant or a wrapped scheduler) and HF ' +
      "warmup_stable_decay (linear warmup, 'linear' or half-'cosine' decay). They coincide as long as every piece does.",
    members: [torch, optax, paddle, hf],
  });
}
