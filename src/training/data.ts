/**
 * MNIST data: the IDX file format (raw or gzip), the bundled 10,000 digits, and the deterministic
 * train / validation / test split. Pure: runs in the worker, on the main thread and in Node.
 */
import { mulberry32, permutation } from './rng';

export const IMAGE_SIDE = 28;
export const IMAGE_SIZE = IMAGE_SIDE * IMAGE_SIDE;
export const NUM_CLASSES = 10;

/** Images (uint8, 784 per image, row-major) and their labels (0..9). */
export interface Digits {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface SplitData {
  train: Digits;
  val: Digits;
  test: Digits;
  /** Where the digits came from, for the UI ("bundled MNIST (10,000 digits)", file names...). */
  source: string;
}

/** A problem with a user's file: `file` names it, the message says what is wrong. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DataFileError';
  }
}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const IDX_UBYTE = 0x08;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzips with the platform's DecompressionStream (browsers, workers, Node 18+). */
export async function gunzip(bytes: Uint8Array, file = 'file'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataFileError(file, `is not a valid gzip file (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Unzips `bytes` if they are gzip, then parses them as an IDX unsigned-byte array. */
export async function readIdx(bytes: Uint8Array, file: string, maxBytes = 512 * 1024 * 1024): Promise<IdxArray> {
  const raw = isGzip(bytes) ? await gunzip(bytes, file) : bytes;
  if (raw.length > maxBytes) throw new DataFileError(file, `is too large (${raw.length} bytes)`);
  return parseIdx(raw, file);
}

/**
 * Parses an IDX array: magic `00 00 <type> <ndims>`, then `ndims` big-endian uint32 sizes, then the
 * data. Only unsigned bytes (type 0x08), as in MNIST and Fashion-MNIST.
 */
export function parseIdx(raw: Uint8Array, file: string): IdxArray {
  if (raw.length < 4) throw new DataFileError(file, `is too short to be an IDX file (${raw.length} bytes)`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new DataFileError(file, 'is not an IDX file (its first two bytes must be zero; expected MNIST format such as train-images-idx3-ubyte)');
  }
  if (raw[2] !== IDX_UBYTE) {
    throw new DataFileError(file, `holds IDX type 0x${raw[2].toString(16).padStart(2, '0')}; only unsigned bytes (0x08) are supported`);
  }
  const ndims = raw[3];
  if (ndims < 1 || ndims > 4) throw new DataFileError(file, `has ${ndims} dimensions; MNIST files have 1 (labels) or 3 (images)`);
  const header = 4 + 4 * ndims;
  if (raw.length < header) throw new DataFileError(file, 'is truncated inside its header');
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  const expected = header + size;
  if (raw.length < expected) {
    throw new DataFileError(file, `is truncated: its header announces ${dims.join(' x ')} values (${expected} bytes) but it has ${raw.length} bytes`);
  }
  if (raw.length > expected) {
    throw new DataFileError(file, `has ${raw.length - expected} bytes after the ${dims.join(' x ')} values its header announces`);
  }
  return { dims, data: raw.subarray(header, expected) };
}

/** Checks that `images` (n x 28 x 28) and `labels` (n, values 0..9) belong together. */
export function digitsFromIdx(images: IdxArray, labels: IdxArray, names: { images: string; labels: string }): Digits {
  if (images.dims.length !== 3) {
    throw new DataFileError(names.images, `is not an image file: it has ${images.dims.length} dimension(s), images have 3 (count x 28 x 28)`);
  }
  if (images.dims[1] !== IMAGE_SIDE || images.dims[2] !== IMAGE_SIDE) {
    throw new DataFileError(names.images, `holds ${images.dims[1]} x ${images.dims[2]} images; the models need 28 x 28`);
  }
  if (labels.dims.length !== 1) {
    throw new DataFileError(names.labels, `is not a label file: it has ${labels.dims.length} dimensions, labels have 1`);
  }
  const count = images.dims[0];
  if (labels.dims[0] !== count) {
    throw new DataFileError(names.labels, `has ${labels.dims[0]} labels but ${names.images} has ${count} images`);
  }
  if (count === 0) throw new DataFileError(names.images, 'holds no images');
  for (let i = 0; i < count; i++) {
    if (labels.data[i] >= NUM_CLASSES) {
      throw new DataFileError(names.labels, `label ${i} is ${labels.data[i]}; labels must be 0 to 9`);
    }
  }
  return { images: images.data, labels: labels.data, count };
}

/** Picks the examples `idx[from..to)` of `d` into a new compact set. */
export function subset(d: Digits, idx: ArrayLike<number>, from = 0, to = idx.length): Digits {
  const n = Math.max(0, to - from);
  const images = new Uint8Array(n * IMAGE_SIZE);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx[from + k];
    images.set(d.images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), k * IMAGE_SIZE);
    labels[k] = d.labels[i];
  }
  return { images, labels, count: n };
}

/** Sizes of the bundled split. */
export const BUNDLED_SPLIT = { val: 1000, test: 1000 } as const;
/** Size of the bundled data set's training split (10,000 digits: 8,000 / 1,000 / 1,000). */
export const BUNDLED_TRAIN_SIZE = 8000;

/**
 * Deterministic split of one set of digits (the bundled 10,000): shuffled with `splitSeed`, the
 * first `test` examples are the test set, the next `val` the validation set, the rest training.
 */
export function splitDigits(all: Digits, splitSeed: number, sizes: { val: number; test: number } = BUNDLED_SPLIT): Omit<SplitData, 'source'> {
  if (sizes.val + sizes.test >= all.count) throw new Error(`cannot split ${all.count} examples into ${sizes.val} validation and ${sizes.test} test`);
  const p = permutation(all.count, mulberry32(splitSeed));
  return {
    test: subset(all, p, 0, sizes.test),
    val: subset(all, p, sizes.test, sizes.test + sizes.val),
    train: subset(all, p, sizes.test + sizes.val, all.count),
  };
}

/** Validation examples taken from a user's training file: 10%, at most 2,000, at least 1. */
export function validationSizeFor(trainCount: number): number {
  return Math.max(1, Math.min(2000, Math.round(trainCount / 10)));
}

/**
 * Split of the standard four files: the training file is shuffled with `splitSeed` and its first
 * {@link validationSizeFor} examples become the validation set; the test file is the test set.
 */
export function splitTrainTest(train: Digits, test: Digits, splitSeed: number): Omit<SplitData, 'source'> {
  if (train.count < 2) throw new Error('the training file needs at least 2 examples');
  const nVal = validationSizeFor(train.count);
  const p = permutation(train.count, mulberry32(splitSeed));
  return { val: subset(train, p, 0, nVal), train: subset(train, p, nVal, train.count), test };
}

/** The four files of an IDX data set, by role. */
export interface IdxFiles {
  trainImages: NamedBytes;
  trainLabels: NamedBytes;
  testImages: NamedBytes;
  testLabels: NamedBytes;
}
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/**
 * Assigns user files to roles by their names, as the standard distributions name them
 * (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte.gz`, ...). Throws a message naming what is
 * missing or ambiguous.
 */
export function assignIdxFiles(files: readonly NamedBytes[]): IdxFiles {
  const roles: Partial<Record<keyof IdxFiles, NamedBytes>> = {};
  for (const f of files) {
    const n = f.name.toLowerCase();
    const split = /t10k|test/.test(n) ? 'test' : /train/.test(n) ? 'train' : null;
    const kind = /images|idx3/.test(n) ? 'Images' : /labels|idx1/.test(n) ? 'Labels' : null;
    if (!split || !kind) {
      throw new DataFileError(f.name, 'cannot tell which file this is: name the files like train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte');
    }
    const role = `${split}${kind}` as keyof IdxFiles;
    if (roles[role]) throw new DataFileError(f.name, `and ${roles[role].name} both look like the ${split} ${kind.toLowerCase()}`);
    roles[role] = f;
  }
  const missing = (['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const).filter((r) => !roles[r]);
  if (missing.length) {
    const label = { trainImages: 'training images', trainLabels: 'training labels', testImages: 'test images', testLabels: 'test labels' };
    throw new DataFileError('selection', `is missing the ${missing.map((m) => label[m]).join(', ')} file${missing.length > 1 ? 's' : ''} (choose all four files)`);
  }
  return roles as IdxFiles;
}

/** Parsed and validated digits that can be split with any seed. */
export interface LoadedData {
  source: string;
  split(splitSeed: number): SplitData;
}

/** Parses and validates the four files. Throws {@link DataFileError}. */
export async function parseIdxFiles(files: IdxFiles): Promise<LoadedData> {
  const [ti, tl, si, sl] = await Promise.all([
    readIdx(files.trainImages.bytes, files.trainImages.name),
    readIdx(files.trainLabels.bytes, files.trainLabels.name),
    readIdx(files.testImages.bytes, files.testImages.name),
    readIdx(files.testLabels.bytes, files.testLabels.name),
  ]);
  const train = digitsFromIdx(ti, tl, { images: files.trainImages.name, labels: files.trainLabels.name });
  const test = digitsFromIdx(si, sl, { images: files.testImages.name, labels: files.testLabels.name });
  const source = `${files.trainImages.name} and 3 more (${train.count.toLocaleString('en-US')} train + ${test.count.toLocaleString('en-US')} test)`;
  return { source, split: (seed) => ({ ...splitTrainTest(train, test, seed), source }) };
}

/** Parses, validates and splits the four files. Throws {@link DataFileError}. */
export async function loadIdxFiles(files: IdxFiles, splitSeed: number): Promise<SplitData> {
  return (await parseIdxFiles(files)).split(splitSeed);
}

/** File names of the bundled data, as served by tools/vite-plugin-mnist.ts. */
export const BUNDLED_FILES = {
  images: 'mnist/mnist-10k-images-idx3-ubyte.gz',
  labels: 'mnist/mnist-10k-labels-idx1-ubyte.gz',
} as const;

/** Parses the bundled digits (two IDX files, gzip or raw). */
export async function parseBundled(images: Uint8Array, labels: Uint8Array): Promise<LoadedData> {
  const all = digitsFromIdx(await readIdx(images, BUNDLED_FILES.images), await readIdx(labels, BUNDLED_FILES.labels), {
    images: BUNDLED_FILES.images,
    labels: BUNDLED_FILES.labels,
  });
  const source = `bundled MNIST (${all.count.toLocaleString('en-US')} real digits)`;
  return { source, split: (seed) => ({ ...splitDigits(all, seed), source }) };
}

/** Parses the bundled digits and splits them with `splitSeed`. */
export async function loadBundled(images: Uint8Array, labels: Uint8Array, splitSeed: number): Promise<SplitData> {
  return (await parseBundled(images, labels)).split(splitSeed);
}

/** Encodes an IDX unsigned-byte array (used to build the bundled asset and test files). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
