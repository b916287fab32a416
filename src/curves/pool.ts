/**
 * Main-thread side of curve evaluation off the main thread: a small pool of curve workers
 * (curve.worker.ts, running jobs.ts; messages in protocol.ts), and latest-wins scheduling per
 * entry.
 *
 * While a slider is dragged, requests for one entry arrive faster than a 1M-step curve is
 * evaluated. A request for an entry that a worker is computing goes to that worker, which drops
 * the older job at its next slice and starts the newer one; otherwise it goes to an idle worker,
 * and when all are busy only the newest request per entry waits. The pool leaves a core to the
 * page ({@link defaultPoolSize}).
 *
 * A worker that dies (an error event, or silence: one that closed or was killed sends nothing, so
 * a busy worker is pinged and must answer within {@link CURVE_SILENCE_LIMIT_MS}) is replaced and
 * its jobs are sent again; after {@link MAX_CURVE_RESTARTS} deaths without a curve in between the
 * pool computes on the main thread instead.
 */
import type { ScheduleSpec } from '../schedules';
import type { CurveResult, CurveSettings, PreviewView } from './compute';
import type { AsyncCurveEvaluator } from './manager';
import type { CurveWorkerCancel, CurveWorkerPing, CurveWorkerPong, CurveWorkerRequest, CurveWorkerResponse } from './protocol';

interface Job {
  key: string;
  spec: ScheduleSpec;
  settings: CurveSettings;
  preview: PreviewView | null;
  onResult: (r: CurveResult) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet, with their keys. */
  sent: Map<number, string>;
  /** When it last sent anything (or was given work while idle). */
  lastHeard: number;
}

/** How often a busy curve worker is asked whether it is alive. */
export const CURVE_PING_MS = 1000;
/**
 * Silence of a busy curve worker after which it is taken for dead. It answers between slices of a
 * few milliseconds; the longest stretch without an answer is the stats and decimation of a curve
 * at its end (about a second for 10M steps on a slow machine).
 */
export const CURVE_SILENCE_LIMIT_MS = 10_000;
/** Deaths of curve workers in a row (no curve in between) after which curves are computed on the main thread. */
export const MAX_CURVE_RESTARTS = 3;

const clock = () => performance.now();

export interface PoolOptions {
  size?: number;
  /** Creates one worker (tests pass a fake). */
  create?: () => Worker;
  /** Used when a worker fails to start or crashes: computes on the main thread. */
  fallback: (spec: ScheduleSpec, settings: CurveSettings) => CurveResult;
}

/**
 * One core is left to the page and the browser's compositor: on a 2-core machine a second curve
 * worker made a slider drag on a long horizon slower, not faster (two workers evaluating the same
 * entry's successive inputs starved the main thread and the GPU process; next-frame p95 ~27 ms
 * with two workers, ~17 ms with one).
 */
export function defaultPoolSize(cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2): number {
  return Math.max(1, Math.min(4, cores - 1));
}

function createCurveWorker(): Worker {
  return new Worker(new URL('./curve.worker.ts', import.meta.url), { type: 'module', name: 'curves' });
}

export class CurveWorkerPool implements AsyncCurveEvaluator {
  private slots: Slot[] = [];
  private jobs = new Map<number, Job>();
  /** Newest waiting job per key, in arrival order. */
  private queue = new Map<string, number>();
  private nextJob = 1;
  private broken = false;
  /** Worker deaths since the last curve a worker delivered. */
  private deaths = 0;
  private watch: ReturnType<typeof setInterval> | null = null;
  private lastWatch = 0;
  private readonly size: number;
  private readonly create: () => Worker;
  private readonly fallback: PoolOptions['fallback'];

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, opts.size ?? defaultPoolSize());
    this.create = opts.create ?? createCurveWorker;
    this.fallback = opts.fallback;
  }

  request(
    key: string,
    spec: ScheduleSpec,
    settings: CurveSettings,
    onResult: (r: CurveResult) => void,
    preview: PreviewView | null = null,
  ): void {
    if (this.broken) {
      onResult(this.fallback(spec, settings));
      return;
    }
    const job = this.nextJob++;
    this.jobs.set(job, { key, spec, settings, preview, onResult });
    const older = this.queue.get(key);
    if (older !== undefined) this.jobs.delete(older);
    this.queue.delete(key);
    // The worker computing this entry takes the newer request: it drops the older job between two
    // slices rather than finishing a curve no one will see.
    const computing = this.slots.find((s) => [...s.sent.values()].includes(key));
    if (computing) {
      this.send(computing, job);
      return;
    }
    this.queue.set(key, job);
    this.pump();
  }

  cancel(key: string): void {
    const job = this.queue.get(key);
    if (job !== undefined) this.jobs.delete(job);
    this.queue.delete(key);
    for (const s of this.slots) {
      if ([...s.sent.values()].includes(key)) s.worker.postMessage({ type: 'cancel', key } satisfies CurveWorkerCancel);
    }
  }

  dispose(): void {
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
    this.jobs.clear();
    this.queue.clear();
    this.unwatch();
  }

  private send(slot: Slot, job: number): void {
    const j = this.jobs.get(job);
    if (!j) return;
    // An idle worker's silence meant nothing: the clock starts with its work.
    if (slot.sent.size === 0) slot.lastHeard = clock();
    slot.sent.set(job, j.key);
    this.startWatch();
    const msg: CurveWorkerRequest = { type: 'curve', job, key: j.key, spec: j.spec, settings: j.settings, preview: j.preview };
    slot.worker.postMessage(msg);
  }

  private pump(): void {
    while (this.queue.size > 0) {
      const slot = this.idleSlot();
      if (!slot) return;
      const [key, job] = this.queue.entries().next().value as [string, number];
      this.queue.delete(key);
      this.send(slot, job);
    }
  }

  private idleSlot(): Slot | null {
    const idle = this.slots.find((s) => s.sent.size === 0);
    if (idle) return idle;
    if (this.slots.length >= this.size) return null;
    let worker: Worker;
    try {
      worker = this.create();
    } catch (e) {
      this.fail(e);
      return null;
    }
    const slot: Slot = { worker, sent: new Map(), lastHeard: clock() };
    worker.onmessage = (ev: MessageEvent<CurveWorkerResponse | CurveWorkerPong>) => this.onMessage(slot, ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.restart(slot, ev.message || 'curve worker failed');
    };
    worker.onmessageerror = () => this.restart(slot, 'a message from the curve worker could not be read');
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, msg: CurveWorkerResponse | CurveWorkerPong): void {
    slot.lastHeard = clock();
    if (msg.type === 'pong') return;
    slot.sent.delete(msg.job);
    const job = this.jobs.get(msg.job);
    this.jobs.delete(msg.job);
    if (msg.type === 'curve') this.deaths = 0;
    if (job && msg.type === 'curve') {
      job.onResult({ spec: job.spec, settingsKey: msg.settingsKey, curve: msg.curve, stats: msg.stats, ms: msg.ms, preview: msg.preview });
    } else if (job && msg.type === 'failed') {
      job.onResult(this.fallback(job.spec, job.settings));
    }
    this.pump();
  }

  private startWatch(): void {
    if (this.watch !== null) return;
    this.lastWatch = clock();
    this.watch = setInterval(() => this.checkLiveness(), CURVE_PING_MS);
  }

  private unwatch(): void {
    if (this.watch !== null) clearInterval(this.watch);
    this.watch = null;
  }

  /** Pings the busy workers; one silent past the limit is dead. */
  private checkLiveness(): void {
    const now = clock();
    // After the page itself was frozen (a background tab, a suspended machine), silence proves nothing.
    const asleep = now - this.lastWatch > CURVE_SILENCE_LIMIT_MS / 2;
    this.lastWatch = now;
    const busy = this.slots.filter((s) => s.sent.size > 0);
    for (const slot of busy) {
      if (asleep) slot.lastHeard = now;
      else if (now - slot.lastHeard > CURVE_SILENCE_LIMIT_MS) this.restart(slot, `no answer for ${Math.round((now - slot.lastHeard) / 1000)} s`);
      else slot.worker.postMessage({ type: 'ping' } satisfies CurveWorkerPing);
    }
    if (!this.slots.some((s) => s.sent.size > 0)) this.unwatch();
  }

  /**
   * A worker died: it is let go and its jobs (the newest per entry, unless a newer one waits) go
   * to the front of the queue, for a new worker; past {@link MAX_CURVE_RESTARTS} the main thread
   * takes over.
   */
  private restart(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return;
    slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    this.deaths += 1;
    if (this.deaths > MAX_CURVE_RESTARTS) {
      this.fail(`${reason} (${this.deaths} curve workers died in a row)`);
      return;
    }
    console.warn(`a curve worker died (${reason}); its curves are computed again in a new one`);
    const newest = new Map<string, number>();
    for (const [job, key] of slot.sent) {
      if (!this.jobs.has(job)) continue;
      const other = newest.get(key);
      if (other !== undefined) this.jobs.delete(Math.min(job, other));
      newest.set(key, Math.max(job, other ?? job));
    }
    const front = [...newest].filter(([key, job]) => {
      if (!this.queue.has(key)) return true;
      this.jobs.delete(job);
      return false;
    });
    this.queue = new Map([...front, ...this.queue]);
    this.pump();
  }

  /** Workers unavailable (blocked, crashing): finish everything on the main thread from now on. */
  private fail(reason: unknown): void {
    console.warn('curve worker unavailable, evaluating on the main thread:', reason);
    this.broken = true;
    const pending = [...this.jobs.values()];
    this.dispose();
    for (const j of pending) j.onResult(this.fallback(j.spec, j.settings));
  }
}
