import { describe, expect, it } from 'vitest';
import { computeCurve, entrySettings, isMetricDriven } from '../../src/curves';
import { EXPERIMENTS, experimentDocument, getExperiment } from '../../src/state/experiments';
import { parseTrainingSetup } from '../../src/state/trainingSetup';
import { decodeLink, encodeLink } from '../../src/state/persist';
import { readDocument, toStored } from '../../src/state/schema';
import { stepsPerEpochOf } from '../../src/training/setup';

let n = 0;
const newId = () => `x${++n}`;

/** Each epoch's lr (the value of its first update) of entry `name` of experiment `id`. */
function perEpoch(id: string, name: string): number[] {
  const doc = experimentDocument(getExperiment(id)!, newId);
  const e = doc.schedules.find((s) => s.name === name)!;
  const curve = computeCurve(e.spec, entrySettings(e, doc.settings), isMetricDriven(e.spec));
  expect(curve.error).toBeNull();
  const out: number[] = [];
  for (let i = 0; i < curve.values.length; i += doc.settings.stepsPerEpoch) out.push(curve.values[i]);
  return out;
}

describe('experiments gallery', () => {
  it.each(EXPERIMENTS.map((x) => [x.id, x] as const))('%s: every curve draws, and the lab trains the studio horizon', (_id, x) => {
    const doc = experimentDocument(x, newId);
    expect(doc.schedules.length).toBe(x.schedules.length);
    // The setup survives the page's own validation unchanged.
    expect(parseTrainingSetup(structuredClone(doc.training))).toEqual(doc.training);
    const spe = stepsPerEpochOf(doc.training, doc.training.trainExamples);
    expect(doc.settings.stepsPerEpoch).toBe(spe);
    expect(doc.settings.totalSteps).toBe(doc.training.epochs * spe);
    for (const e of doc.schedules) {
      const curve = computeCurve(e.spec, entrySettings(e, doc.settings), isMetricDriven(e.spec));
      expect(curve.error, e.name).toBeNull();
      expect(curve.values.length).toBe(doc.settings.totalSteps);
      expect(curve.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    }
    // Distinct names and colours: CSV headers and legends tell them apart.
    expect(new Set(doc.schedules.map((e) => e.name)).size).toBe(doc.schedules.length);
    expect(new Set(doc.schedules.map((e) => e.color)).size).toBe(doc.schedules.length);
  });

  it('PyTorch docs tables come out as printed (epochs 1 to 10; the plateau table over 14)', () => {
    // The notes print six decimals; the other tables are exact powers of ten (float64 products: 1e-12).
    const close = (got: number[], want: number[], tol = (w: number) => 1e-12 * w) => {
      expect(got.length).toBeGreaterThanOrEqual(want.length);
      want.forEach((w, i) => expect(Math.abs(got[i] - w), `epoch ${i + 1}`).toBeLessThanOrEqual(tol(w)));
    };
    const sixDecimals = () => 5e-7;
    close(perEpoch('pytorch-docs-tables', 'LambdaLR 1/(epoch+1)'), [0.1, 0.05, 0.033333, 0.025, 0.02, 0.016667, 0.014286, 0.0125, 0.011111, 0.01], sixDecimals);
    close(perEpoch('pytorch-docs-tables', 'StepLR(3, 0.1)'), [0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 0.0001]);
    close(perEpoch('pytorch-docs-tables', 'MultiStepLR([3, 7], 0.1)'), [0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001]);
    close(perEpoch('pytorch-docs-tables', 'ExponentialLR(0.1)'), [0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]);
    const plateau = perEpoch('pytorch-docs-tables', 'ReduceLROnPlateau, constant metric');
    expect(plateau.length).toBe(14);
    close(plateau, [0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001, 1e-4, 1e-4, 1e-4, 1e-5]);
  });

  it('Paddle tutorial: its 14 runs with their reported accuracies, Momentum, 50 epochs of 125 updates', () => {
    const x = getExperiment('paddle-tutorial')!;
    expect(x.schedules).toHaveLength(14);
    expect(x.schedules.every((s) => s.reported?.startsWith('tutorial: 0.'))).toBe(true);
    const doc = experimentDocument(x, newId);
    expect(doc.training.optimizer).toBe('momentum');
    expect(doc.settings).toMatchObject({ totalSteps: 6250, stepsPerEpoch: 125 });
  });

  it('PaddleOCR: warmup_epoch 0 and 2 over 20 epochs of 100 iterations', () => {
    const doc = experimentDocument(getExperiment('paddleocr-cosine-warmup')!, newId);
    expect(doc.settings).toMatchObject({ totalSteps: 2000, stepsPerEpoch: 100 });
    expect(doc.schedules.map((e) => e.spec.params.warmup_epoch)).toEqual([0, 2]);
  });

  it('Optimizers: one run per optimizer on the same schedule', () => {
    const x = getExperiment('optimizers')!;
    expect(x.schedules.map((s) => s.optimizer)).toEqual(['sgd', 'momentum', 'adagrad', 'adam']);
    expect(new Set(x.schedules.map((s) => JSON.stringify(s.spec))).size).toBe(1);
  });
});

describe('experiments that differ in more than the schedule', () => {
  it('Optimizers: each of its four runs carries its own optimizer (SGD, Momentum, Adagrad, Adam), and the link keeps them', () => {
    const doc = experimentDocument(getExperiment('optimizers')!, newId);
    expect(doc.schedules.map((e) => e.run?.optimizer)).toEqual(['sgd', 'momentum', 'adagrad', 'adam']);
    for (const e of doc.schedules) expect(e.run!.optimizerParams).toEqual(doc.training.optimizerParams);
    const back = decodeLink(encodeLink(doc));
    expect(back.warnings).toEqual([]);
    expect(back.doc.schedules.map((e) => e.run)).toEqual(doc.schedules.map((e) => e.run));
  });

  it('Paddle tutorial: every run carries the accuracy the tutorial reported, through the link', () => {
    const doc = experimentDocument(getExperiment('paddle-tutorial')!, newId);
    expect(doc.schedules.every((e) => e.run === undefined)).toBe(true);
    expect(doc.schedules[0].reported).toBe('tutorial: 0.9575 (1st)');
    expect(doc.schedules.filter((e) => e.reported).length).toBe(14);
    const back = decodeLink(encodeLink(doc));
    expect(back.doc.schedules.map((e) => e.reported)).toEqual(doc.schedules.map((e) => e.reported));
  });

  it('an unreadable optimizer or reported text costs that field only, with a warning', () => {
    const doc = experimentDocument(getExperiment('optimizers')!, newId);
    const stored = toStored(doc) as unknown as { schedules: Record<string, unknown>[] };
    stored.schedules[1].run = { optimizer: 'lion', optimizerParams: {} };
    stored.schedules[2].reported = 'x'.repeat(500);
    stored.schedules[3].run = { optimizer: 'adam', optimizerParams: { ...doc.training.optimizerParams, adam: { beta1: 2, beta2: 0.999, epsilon: 1e-7 } } };
    const back = readDocument(stored);
    expect(back.doc.schedules).toHaveLength(4);
    expect(back.doc.schedules.map((e) => e.run?.optimizer)).toEqual(['sgd', undefined, 'adagrad', undefined]);
    expect(back.doc.schedules[2].reported).toBeUndefined();
    expect(back.warnings.filter((w) => /optimizer was unreadable/.test(w))).toHaveLength(2);
    expect(back.warnings.some((w) => /reported result was unreadable/.test(w))).toBe(true);
  });
});
