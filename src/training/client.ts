/**
 * The page's handle on a training worker: typed messages both ways, a crash (an uncaught error, a
 * failed load, an unreadable message) reported as a message instead of silence, and its liveness:
 * the worker sends a heartbeat every {@link HEARTBEAT_MS}, so a worker that closed or was killed
 * without an event is found by its silence ({@link WorkerClient.silentFor}).
 */
import { HEARTBEAT_MS, SILENCE_LIMIT_MS, type FromWorker, type ToWorker } from './protocol';

/** Silences longer than this (in a worker's history) make the page wait longer for it. */
const GAP_FACTOR = 4;

export class WorkerClient {
  private worker: Worker | null;
  private lastHeard: number;
  private longestGap = 0;

  constructor(
    readonly key: string,
    onMessage: (key: string, msg: FromWorker) => void,
    onCrash: (key: string, message: string) => void,
    /** Silence after which this worker counts as dead (a replacement for a silent one waits longer). */
    readonly silenceLimitMs = SILENCE_LIMIT_MS,
  ) {
    this.lastHeard = performance.now();
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `training-${key}` });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      this.heard();
      onMessage(key, e.data);
    };
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      onCrash(key, `the training worker crashed: ${e.message || 'unknown error (out of memory?)'}`);
    };
    this.worker.onmessageerror = () => onCrash(key, 'a message from the training worker could not be read');
  }

  private heard(): void {
    const now = performance.now();
    this.longestGap = Math.max(this.longestGap, now - this.lastHeard);
    this.lastHeard = now;
  }

  /**
   * How long past its limit this worker has been silent at `now` (> 0: dead), the limit being the
   * larger of {@link silenceLimitMs} and {@link GAP_FACTOR} times the longest silence it has come
   * back from.
   */
  silentFor(now: number): number {
    return this.silence(now) - Math.max(this.silenceLimitMs, GAP_FACTOR * this.longestGap);
  }

  /** Milliseconds since the last message. */
  silence(now: number): number {
    return now - this.lastHeard;
  }

  /** The page itself was asleep (a frozen tab, a suspended machine): the worker's silence proves nothing. */
  forgive(now: number): void {
    this.lastHeard = now;
  }

  post(msg: ToWorker): void {
    this.worker?.postMessage(msg);
  }

  get alive(): boolean {
    return this.worker !== null;
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** How often the page looks for silent workers. */
export const LIVENESS_CHECK_MS = HEARTBEAT_MS;
