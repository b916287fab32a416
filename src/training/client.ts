/**
 * The page's handle on a training worker: typed messages both ways, and a crash (an uncaught
 * error, a failed load, an out-of-memory kill) reported as a message instead of silence.
 */
import type { FromWorker, ToWorker } from './protocol';

export class WorkerClient {
  private worker: Worker | null;

  constructor(
    readonly key: string,
    onMessage: (key: string, msg: FromWorker) => void,
    onCrash: (key: string, message: string) => void,
  ) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `training-${key}` });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(key, e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      onCrash(key, `the training worker crashed: ${e.message || 'unknown error (out of memory?)'}`);
    };
    this.worker.onmessageerror = () => onCrash(key, 'a message from the training worker could not be read');
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
