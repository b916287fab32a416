import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  assignIdxFiles,
  DataFileError,
  encodeIdx,
  loadIdxFiles,
  parseIdx,
  readIdx,
  splitDigits,
  validationSizeFor,
  type NamedBytes,
} from '../../src/training/data';
import { bundledMnistIdx } from '../../tools/vite-plugin-mnist';
import { bundledSplit } from './fixtures';

function images(n: number, fill = 7): Uint8Array {
  return encodeIdx([n, 28, 28], new Uint8Array(n * 784).fill(fill));
}
function labels(values: number[]): Uint8Array {
  return encodeIdx([values.length], Uint8Array.from(values));
}
const files = (ti: Uint8Array, tl: Uint8Array, si: Uint8Array, sl: Uint8Array): NamedBytes[] => [
  { name: 'train-images-idx3-ubyte', bytes: ti },
  { name: 'train-labels-idx1-ubyte', bytes: tl },
  { name: 't10k-images-idx3-ubyte.gz', bytes: gzipSync(si) },
  { name: 't10k-labels-idx1-ubyte.gz', bytes: gzipSync(sl) },
];

describe('bundled MNIST', () => {
  test('10,000 real 28x28 digits, about 1,000 per class, compact once gzip-compressed', () => {
    const { images: img, labels: lab } = bundledMnistIdx();
    const im = parseIdx(img, 'images');
    const lb = parseIdx(lab, 'labels');
    expect(im.dims).toEqual([10000, 28, 28]);
    expect(lb.dims).toEqual([10000]);
    const perClass = new Array(10).fill(0);
    for (const l of lb.data) perClass[l]++;
    for (const c of perClass) expect(c).toBeGreaterThan(800);
    // Real digits: mostly background with a stroke, intensities spanning 0..255.
    const first = im.data.subarray(0, 784);
    const ink = first.filter((v) => v > 128).length;
    expect(ink).toBeGreaterThan(40);
    expect(ink).toBeLessThan(400);
    expect(Math.max(...first)).toBeGreaterThan(250);
    expect(gzipSync(img).length).toBeLessThan(2 * 1024 * 1024);
  });

  test('the split is 8,000 / 1,000 / 1,000, deterministic by seed and disjoint', async () => {
    const s = await bundledSplit();
    expect([s.train.count, s.val.count, s.test.count]).toEqual([8000, 1000, 1000]);
    const { images: img, labels: lab } = bundledMnistIdx();
    const all = { images: parseIdx(img, 'i').data, labels: parseIdx(lab, 'l').data, count: 10000 };
    const again = splitDigits(all, 42);
    expect(again.test.labels).toEqual(s.test.labels);
    expect(again.train.images.subarray(0, 784 * 5)).toEqual(s.train.images.subarray(0, 784 * 5));
    const other = splitDigits(all, 43);
    expect(other.test.labels).not.toEqual(s.test.labels);
    // Disjoint: no test image appears among the first 500 training images.
    const key = (d: Uint8Array, i: number) => Buffer.from(d.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const train = new Set(Array.from({ length: 500 }, (_, i) => key(s.train.images, i)));
    let shared = 0;
    for (let i = 0; i < s.test.count; i++) if (train.has(key(s.test.images, i))) shared++;
    expect(shared).toBe(0);
  });
});

describe('IDX files', () => {
  test('the four standard files (raw or .gz) load and split: 10% of train for validation', async () => {
    const n = 50;
    const lab = Array.from({ length: n }, (_, i) => i % 10);
    const split = await loadIdxFiles(assignIdxFiles(files(images(n), labels(lab), images(20, 3), labels(lab.slice(0, 20)))), 1);
    expect(validationSizeFor(n)).toBe(5);
    expect([split.train.count, split.val.count, split.test.count]).toEqual([45, 5, 20]);
    expect(split.test.images[0]).toBe(3);
    expect(validationSizeFor(60000)).toBe(2000);
  });

  test.each([
    ['wrong magic', () => Uint8Array.from([1, 2, 8, 3, 0, 0, 0, 1]), /not an IDX file/],
    ['not unsigned bytes', () => Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 1, 2, 3, 4]), /type 0x0d/],
    ['truncated', () => images(3).subarray(0, 16 + 784 * 2 + 10), /truncated.*3 x 28 x 28/],
    ['too short', () => Uint8Array.from([0, 0]), /too short/],
    ['trailing bytes', () => Uint8Array.from([...labels([1, 2]), 9]), /1 bytes after/],
  ])('%s: a clear message naming the file', async (_, make, message) => {
    const err = await readIdx(make(), 'train-images-idx3-ubyte').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).file).toBe('train-images-idx3-ubyte');
    expect((err as Error).message).toMatch(message);
  });

  test('a corrupt .gz, mismatched counts, wrong shapes and bad labels are refused with the file named', async () => {
    const lab = [1, 2, 3];
    const bad = async (f: NamedBytes[]): Promise<Error> => {
      const r = await loadIdxFiles(assignIdxFiles(f), 1).catch((e: unknown) => e as DataFileError);
      if (!(r instanceof DataFileError)) throw new Error('expected a DataFileError');
      return r;
    };
    const corrupt = files(images(3), labels(lab), images(3), labels(lab));
    corrupt[2].bytes = Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    expect((await bad(corrupt)).message).toMatch(/t10k-images-idx3-ubyte.gz: is not a valid gzip file/);
    expect((await bad(files(images(3), labels([1, 2]), images(3), labels(lab)))).message).toMatch(/train-labels-idx1-ubyte: has 2 labels but train-images-idx3-ubyte has 3 images/);
    expect((await bad(files(images(3), labels([1, 12, 3]), images(3), labels(lab)))).message).toMatch(/label 1 is 12/);
    const small = encodeIdx([3, 14, 14], new Uint8Array(3 * 196));
    expect((await bad(files(small, labels(lab), images(3), labels(lab)))).message).toMatch(/14 x 14 images; the models need 28 x 28/);
    expect((await bad(files(labels(lab), labels(lab), images(3), labels(lab)))).message).toMatch(/not an image file/);
  });

  test('files are told apart by their standard names; missing or doubled ones are named', () => {
    const f = files(images(1), labels([1]), images(1), labels([1]));
    expect(() => assignIdxFiles(f.slice(0, 3))).toThrow(/missing the test labels file/);
    expect(() => assignIdxFiles([...f, { name: 'train-images-idx3-ubyte.gz', bytes: new Uint8Array() }])).toThrow(/both look like the train images/);
    expect(() => assignIdxFiles([{ name: 'digits.bin', bytes: new Uint8Array() }])).toThrow(/cannot tell which file/);
    const fashion = assignIdxFiles([
      { name: 'train-images-idx3-ubyte.gz', bytes: new Uint8Array() },
      { name: 'train-labels-idx1-ubyte.gz', bytes: new Uint8Array() },
      { name: 't10k-images-idx3-ubyte.gz', bytes: new Uint8Array() },
      { name: 't10k-labels-idx1-ubyte.gz', bytes: new Uint8Array() },
    ]);
    expect(fashion.testLabels.name).toBe('t10k-labels-idx1-ubyte.gz');
  });
});
