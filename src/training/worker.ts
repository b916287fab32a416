/// <reference lib="webworker" />
/**
 * The training worker: owns tfjs. Chooses the backend (WebGL through OffscreenCanvas, then WASM
 * for the MLP, then CPU), loads the data, and runs the {@link Trainer}. Speaks only the protocol of
 * ./protocol.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
// Only what the worker runs: tfjs-core with its gradients and chained ops (what the
// '@tensorflow/tfjs' bundle registers) and two backends; WASM loads on demand below. The bundle
// would add Layers, the converter and tf.data: 320 KB (65 KB gzip) the worker never runs.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import type { BackendChoice, ModelKind } from './setup';
import { BUNDLED_FILES, DataFileError, parseBundled, parseIdxFiles, type LoadedData, type SplitData } from './data';
import { HEARTBEAT_MS, type BackendName, type DataRequest, type FromWorker, type ToWorker } from './protocol';
import { measureThroughput } from './throughput';
import { Trainer, type ProgressBatch } from './trainer';
import { yieldToEvents } from '../util/yieldToEvents';

declare const self: DedicatedWorkerGlobalScope;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

/** The buffers of a batch's records, moved rather than copied (the worker never reads them again). */
function buffersOf(batch: ProgressBatch): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const c of batch.chunks) {
    for (const a of [c.loss, c.lr, c.checkpoint?.weights.values, c.checkpoint?.optimizer.tensors.values, c.checkpoint?.stepper.metrics]) {
      if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
    }
  }
  return [...out];
}

const trainer = new Trainer((batch) => post({ type: 'progress', batch }, buffersOf(batch)), { yieldToEvents });
let backend: BackendName | null = null;
let backendKey = '';
let dead = false;

/** Renderer names of software (CPU-emulated) WebGL implementations. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render/i;

/** Why this worker cannot use WebGL, or null when it can. */
function webglProblem(allowSoftware: boolean): string | null {
  if (typeof OffscreenCanvas === 'undefined') return 'OffscreenCanvas is not available in workers in this browser';
  const probe = (strict: boolean): { ok: boolean; renderer: string } => {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2', { failIfMajorPerformanceCaveat: strict }) as WebGL2RenderingContext | null;
    if (!gl) return { ok: false, renderer: '' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String((info && gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) ?? gl.getParameter(gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { ok: true, renderer };
  };
  const strict = probe(true);
  const found = strict.ok ? strict : probe(false);
  if (!found.ok) return 'no WebGL2 context could be created';
  const software = !strict.ok || SOFTWARE_RENDERER.test(found.renderer);
  if (software && !allowSoftware) {
    const name = found.renderer.match(SOFTWARE_RENDERER)?.[0];
    return `software renderer${name ? ` (${name})` : ''} rejected; tick "Allow software WebGL" to use it anyway`;
  }
  return null;
}

async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const [plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
  });
  // The threaded build breaks when bundled, and would need COOP/COEP headers.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

function watchContext(): void {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  const canvas = gl?.canvas as OffscreenCanvas | undefined;
  canvas?.addEventListener('webglcontextlost', () => {
    if (dead) return;
    dead = true;
    trainer.failAll('the WebGL context was lost (GPU reset, driver crash or too many contexts)');
    post({ type: 'fault', message: 'The WebGL context was lost.' });
  });
}

/** Picks the backend: the user's choice if it can work, else the first that can, with the reason. */
async function chooseBackend(choice: BackendChoice, model: ModelKind, allowSoftware: boolean): Promise<void> {
  const key = `${choice}/${model}/${allowSoftware}`;
  if (backend && key === backendKey) return;
  // Tensors do not move between backends: end the comparison held on the old one first.
  await trainer.dispose();
  const notes: string[] = [];
  const order: BackendName[] = choice === 'auto' ? ['webgl', 'wasm', 'cpu'] : [choice, ...(['webgl', 'wasm', 'cpu'] as const).filter((b) => b !== choice)];
  for (const name of order) {
    try {
      if (name === 'webgl') {
        const problem = webglProblem(allowSoftware);
        if (problem) {
          notes.push(`WebGL unavailable: ${problem}`);
          continue;
        }
        tf.env().set('SOFTWARE_WEBGL_ENABLED', allowSoftware);
      }
      if (name === 'wasm') {
        if (model === 'cnn') {
          notes.push('WASM cannot train the CNN (tfjs-backend-wasm has no Conv2DBackpropFilter)');
          continue;
        }
        await prepareWasm();
      }
      if (!(await tf.setBackend(name))) {
        notes.push(`${name.toUpperCase()} failed to initialise`);
        continue;
      }
      await tf.ready();
      backend = name;
      backendKey = key;
      if (name === 'webgl') watchContext();
      const chosen = choice === 'auto' ? (notes.length ? '' : 'the fastest available') : choice === name ? 'as chosen' : '';
      post({ type: 'backend', backend: name, reason: [...notes, chosen].filter(Boolean).join('; ') });
      return;
    } catch (e) {
      notes.push(`${name.toUpperCase()} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no backend could start: ${notes.join('; ')}`);
}

/** Parsed data by source (the bundled set, each user set), and the latest split of each. */
const parsed = new Map<string, LoadedData>();
const splits = new Map<string, { seed: number; split: SplitData }>();

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

async function loadData(req: DataRequest): Promise<SplitData> {
  const key = req.kind === 'bundled' ? 'bundled' : `idx/${req.id}`;
  let data = parsed.get(key);
  if (!data) {
    if (req.kind === 'bundled') {
      const [images, labels] = await Promise.all([
        fetchBytes(new URL(BUNDLED_FILES.images, req.baseUrl).href),
        fetchBytes(new URL(BUNDLED_FILES.labels, req.baseUrl).href),
      ]);
      data = await parseBundled(images, labels);
    } else {
      if (!req.files) throw new Error('the loaded files are no longer in this worker: load them again');
      data = await parseIdxFiles(req.files);
      // Keep one user data set: a new one replaces the last.
      for (const k of [...parsed.keys()]) {
        if (k.startsWith('idx/')) {
          parsed.delete(k);
          splits.delete(k);
        }
      }
    }
    parsed.set(key, data);
  }
  const hit = splits.get(key);
  if (hit && hit.seed === req.splitSeed) return hit.split;
  const split = data.split(req.splitSeed);
  splits.set(key, { seed: req.splitSeed, split });
  return split;
}

function summary(split: SplitData) {
  return { source: split.source, train: split.train.count, val: split.val.count, test: split.test.count };
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      await chooseBackend(msg.backend, msg.model, msg.allowSoftwareWebgl);
      return;
    case 'loadData': {
      const id = msg.data.kind === 'idx' ? msg.data.id : undefined;
      try {
        post({ type: 'data', id, summary: summary(await loadData(msg.data)) });
      } catch (e) {
        if (e instanceof DataFileError) post({ type: 'dataError', id, file: e.file, message: e.message });
        else post({ type: 'dataError', id, file: '', message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'start': {
      if (!backend) throw new Error('the worker has no backend yet');
      const split = await loadData(msg.data);
      await trainer.start(split, msg.setup, msg.runs, msg.append);
      return;
    }
    case 'pause':
    case 'resume':
    case 'stop':
    case 'reset':
      trainer[msg.type](msg.runId);
      return;
    case 'bench': {
      const split = await loadData(msg.data);
      const result = await measureThroughput(split, msg.request, { yieldToEvents });
      post({ type: 'bench', result: { backend: backend ?? 'cpu', ...result } });
      return;
    }
    case 'inject':
      if (msg.fault === 'throw') trainer.injectFault(msg.runId);
      else {
        const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
        const ext = gl?.getExtension('WEBGL_lose_context');
        if (ext) ext.loseContext();
        else post({ type: 'error', message: 'cannot lose the context: this worker does not run WebGL' });
      }
      return;
  }
}

// The page takes a silent worker for dead (closed, terminated, killed): say so while alive.
setInterval(() => post({ type: 'alive' }), HEARTBEAT_MS);

// Messages are handled in order; training itself runs in the trainer's loop between them.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  queue = queue.then(() =>
    handle(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) })),
  );
};
