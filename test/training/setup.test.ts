import LZString from 'lz-string';
import { expect, expectTypeOf, test } from 'vitest';
import { decodeLink, defaultDocument, encodeLink, loadInitialState, STORAGE_KEY } from '../../src/state/persist';
import { toStored } from '../../src/state/schema';
import type * as z from 'zod/mini';
import { DEFAULT_TRAINING_SETUP, parseTrainingSetup, trainingSetupSchema } from '../../src/state/trainingSetup';
import { stepsPerEpochOf, type TrainingSetup } from '../../src/training/setup';
import { describeModel, initialWeights, parameterCount } from '../../src/training/spec';

test('the default setup: MLP 784-128-10, SGD, batch 64, 3 epochs, seeds shown', () => {
  expect(DEFAULT_TRAINING_SETUP).toMatchObject({ model: 'mlp', hiddenSizes: [128], optimizer: 'sgd', batchSize: 64, epochs: 3, seed: 1, splitSeed: 42 });
  expect(describeModel(DEFAULT_TRAINING_SETUP)).toBe('MLP 784-128-10');
  expect(parameterCount(DEFAULT_TRAINING_SETUP)).toBe(784 * 128 + 128 + 128 * 10 + 10);
  expect(stepsPerEpochOf(DEFAULT_TRAINING_SETUP, 8000)).toBe(125);
  expect(trainingSetupSchema.parse({})).toEqual(DEFAULT_TRAINING_SETUP);
});

test('the schema parses to exactly the training code\'s setup type (checked by the type checker)', () => {
  expectTypeOf<z.infer<typeof trainingSetupSchema>>().toEqualTypeOf<TrainingSetup>();
});

test('bad values are refused with a message; a damaged stored setup keeps its valid fields', () => {
  const r = trainingSetupSchema.safeParse({ ...DEFAULT_TRAINING_SETUP, batchSize: 0, hiddenSizes: [] });
  expect(r.success).toBe(false);
  const paths = r.error!.issues.map((i) => i.path.join('.'));
  expect(paths).toEqual(expect.arrayContaining(['batchSize', 'hiddenSizes']));
  const fixed = parseTrainingSetup({ epochs: 7, batchSize: 'many', optimizer: 'adam', optimizerParams: { adam: { beta1: 5 }, momentum: { momentum: 0.5 } } });
  expect(fixed).toMatchObject({ epochs: 7, batchSize: 64, optimizer: 'adam' });
  expect(fixed.optimizerParams.adam.beta1).toBe(0.9);
  expect(fixed.optimizerParams.momentum.momentum).toBe(0.5);
  expect(parseTrainingSetup('garbage')).toEqual(DEFAULT_TRAINING_SETUP);
  expect(parseTrainingSetup(undefined)).toEqual(DEFAULT_TRAINING_SETUP);
});

test('initial weights depend only on the seed and the model', () => {
  const a = initialWeights({ model: 'cnn', hiddenSizes: [128], cnnFilters: [8, 16] }, 3);
  const b = initialWeights({ model: 'cnn', hiddenSizes: [128], cnnFilters: [8, 16] }, 3);
  const c = initialWeights({ model: 'cnn', hiddenSizes: [128], cnnFilters: [8, 16] }, 4);
  expect(a.map((w) => w.shape)).toEqual([[3, 3, 1, 8], [8], [3, 3, 8, 16], [16], [400, 10], [10]]);
  expect(b[0].values).toEqual(a[0].values);
  expect(c[0].values).not.toEqual(a[0].values);
  const limit = Math.sqrt(6 / (9 + 72));
  expect(Math.max(...a[0].values.map(Math.abs))).toBeLessThanOrEqual(limit);
});

test('"Allow software WebGL" travels with the setup through the link and the saved state; older links load it as off', () => {
  const doc = { ...defaultDocument(), training: { ...DEFAULT_TRAINING_SETUP, allowSoftwareWebgl: true, backend: 'webgl' as const } };
  const fromLink = loadInitialState(`#s=${encodeLink(doc)}`, null);
  expect(fromLink.source).toBe('link');
  expect(fromLink.decoded.doc.training.allowSoftwareWebgl).toBe(true);
  expect(fromLink.notice).toBeNull();
  const saved = new Map([[STORAGE_KEY, JSON.stringify(toStored(doc))]]);
  const fromStorage = loadInitialState('', { getItem: (k) => saved.get(k) ?? null, setItem: (k, v) => void saved.set(k, v) });
  expect(fromStorage.source).toBe('storage');
  expect(fromStorage.decoded.doc.training).toEqual(doc.training);

  // A link made before the field existed: the rest of its setup is kept, the flag is off, no warning.
  const { allowSoftwareWebgl: _gone, ...old } = { ...DEFAULT_TRAINING_SETUP, epochs: 9 };
  const oldLink = LZString.compressToEncodedURIComponent(JSON.stringify({ ...toStored(doc), training: old }));
  const fromOld = decodeLink(oldLink);
  expect(fromOld.warnings).toEqual([]);
  expect(fromOld.doc.training).toEqual({ ...DEFAULT_TRAINING_SETUP, epochs: 9, allowSoftwareWebgl: false });
  // A damaged value falls back to off; the other fields stay.
  expect(parseTrainingSetup({ ...old, allowSoftwareWebgl: 'yes' })).toEqual({ ...DEFAULT_TRAINING_SETUP, epochs: 9, allowSoftwareWebgl: false });
});
