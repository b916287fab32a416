/**
 * CyclicLR and OneCycleLR: closed form by construction (the lr is recomputed from the counter at
 * every step), meant to be stepped every batch. Each computes its lr through its closed form
 * (closedForms.ts), so the closed form is its values bit for bit.
 */
import { pyDiv } from '../numerics/pymath';
import type { ClosedForm } from '../types';
import { CyclicLRForm, OneCycleLRForm } from './closedForms';
import { LRScheduler, type ParamGroup } from './core';

type Fn = (x: number) => number;

/**
 * CyclicLR: the group lr is set to `base_lr` before the base constructor, whose step still uses
 * `base_lrs = [initial_lr]` (the optimizer's earlier `initial_lr` if another scheduler set it);
 * `self.base_lrs = base_lr` only afterwards.
 */
export class CyclicLR extends LRScheduler {
  private readonly shape: CyclicLRForm;

  constructor(
    group: ParamGroup,
    baseLr: number,
    maxLr: number,
    up: number,
    down: number | null,
    mode: string,
    gamma: number,
    scaleFn: Fn | null,
    scaleMode: string,
  ) {
    super(group);
    group.lr = baseLr;
    this.shape = new CyclicLRForm(baseLr, maxLr, up, down, mode, gamma, scaleFn, scaleMode);
    this.init();
    this.baseLr = baseLr;
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.shape.lrAt(this.lastEpoch, this.baseLr);
  }
  run(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++, this.step()) out[i] = this.group.lr;
  }
  /** From base_lr: the construction step's lr is replaced by SequentialLR's reset or is base_lr itself. */
  closedForm(): ClosedForm {
    return this.shape;
  }
}

/** OneCycleLR's `total_steps`, or `epochs * steps_per_epoch` when it is None. */
export function oneCycleTotalSteps(totalSteps: number | null, epochs: number | null, stepsPerEpoch: number | null): number {
  return totalSteps !== null ? totalSteps : (epochs as number) * (stepsPerEpoch as number);
}

/**
 * OneCycleLR: writes `initial_lr`, `max_lr` and `min_lr` into the group at construction and reads
 * them back from the group at every step (a later OneCycleLR on the same optimizer overwrites them).
 */
export class OneCycleLR extends LRScheduler {
  private readonly shape: OneCycleLRForm;

  constructor(
    group: ParamGroup,
    maxLr: number,
    totalSteps: number | null,
    epochs: number | null,
    stepsPerEpoch: number | null,
    pctStart: number,
    anneal: string,
    divFactor: number,
    finalDivFactor: number,
    threePhase: boolean,
  ) {
    super(group);
    this.shape = new OneCycleLRForm(group, oneCycleTotalSteps(totalSteps, epochs, stepsPerEpoch), pctStart, anneal, threePhase);
    group.initialLr = pyDiv(maxLr, divFactor);
    group.hasInitialLr = true;
    group.maxLr = maxLr;
    group.minLr = pyDiv(group.initialLr, finalDivFactor);
    this.init();
  }
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.group.lr = this.getLr();
  }
  getLr(): number {
    return this.shape.at(this.lastEpoch);
  }
  /**
   * Phase by phase: the phase's bounds and group values are read once (only this scheduler steps
   * meanwhile), the cosines' arguments computed in a first pass. The step at index i sets the lr of
   * index i + 1: out[i] is the lr before it. Past total_steps and in an empty phase the canonical
   * step raises.
   */
  run(out: Float64Array, from: number, to: number): void {
    const g = this.group;
    const shape = this.shape;
    const ends = shape.ends;
    const last = ends.length - 1;
    for (let i = from; i < to; ) {
      const s0 = this.lastEpoch + 1;
      let k = 0;
      while (k < last && !(s0 <= ends[k])) k++;
      const startStep = k === 0 ? 0 : ends[k - 1];
      const span = ends[k] - startStep;
      // A phase may end past total_steps (three_phase with pct_start >= 0.5): the steps after it raise.
      const phaseEnd = k === last ? shape.totalSteps : Math.min(Math.floor(ends[k]), shape.totalSteps);
      const n = Math.min(to - i, phaseEnd - s0 + 1);
      if (!(n > 0) || span === 0) {
        out[i++] = g.lr;
        this.step();
        continue;
      }
      const start = shape.startOf(k);
      const end = shape.endOf(k);
      out[i] = g.lr;
      // out[j] = the value stepNum s1 + j sets, for j = i + 1 .. i + n - 1; stepNum s1 + i + n sets g.lr.
      const s1 = s0 - 1 - i;
      if (shape.cos) {
        const half = (start - end) / 2.0;
        for (let j = i + 1; j < i + n; j++) out[j] = Math.PI * ((s1 + j - startStep) / span);
        for (let j = i + 1; j < i + n; j++) out[j] = end + half * (Math.cos(out[j]) + 1);
        g.lr = end + half * (Math.cos(Math.PI * ((s1 + i + n - startStep) / span)) + 1);
      } else {
        for (let j = i + 1; j < i + n; j++) out[j] = (end - start) * ((s1 + j - startStep) / span) + start;
        g.lr = (end - start) * ((s1 + i + n - startStep) / span) + start;
      }
      this.lastEpoch += n;
      this.stepCount += n;
      i += n;
    }
  }
  /** Reads the group's keys, which only the constructors of the tree write. */
  closedForm(): ClosedForm {
    return this.shape;
  }
}
