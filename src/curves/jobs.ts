/**
 * The curve worker's side of the protocol (pool.ts has the page's side): runs one job at a time,
 * in slices, and keeps only the newest request per schedule.
 *
 * While a slider is dragged on a long horizon, a new request arrives before the last one's 1M steps
 * are done. Between slices the worker gives its thread back, so that the new request is received;
 * the older job stops there (answered `superseded`) instead of running to its end, and the curve of
 * the input the person is looking at starts at once. But only within one computation's time of the
 * entry's last result: where inputs come faster than a curve is computed (a slower machine, a
 * costlier scheduler), always dropping would show nothing until the drag pauses, so after that
 * window the running job is let finish, and a curve is shown at least every two computations.
 */
import { previewInSlices, resultInSlices } from './compute';
import type { CurveWorkerMessage, CurveWorkerRequest, CurveWorkerResponse } from './protocol';
import { yieldToEvents } from '../util/yieldToEvents';

/** Steps evaluated between two looks at the message queue: a few milliseconds of work. */
export const SLICE_STEPS = 1 << 16;

export interface JobRunnerOptions {
  /** Sends a response to the page, transferring `transfer`. */
  post(msg: CurveWorkerResponse, transfer: Transferable[]): void;
  /** Resolves after the messages that arrived meanwhile have been received. */
  giveBack?: () => Promise<void>;
  slice?: number;
  /** Clock, ms (tests pass their own). */
  now?: () => number;
}

export class CurveJobRunner {
  /** Newest waiting request per key, in arrival order. */
  private waiting = new Map<string, CurveWorkerRequest>();
  private running: { req: CurveWorkerRequest; dropped: boolean } | null = null;
  private readonly post: JobRunnerOptions['post'];
  private readonly giveBack: () => Promise<void>;
  private readonly slice: number;
  private readonly now: () => number;
  /** When each key's last result was sent, and what computing it took. */
  private lastDone = new Map<string, { at: number; ms: number }>();

  constructor(opts: JobRunnerOptions) {
    this.post = opts.post;
    this.giveBack = opts.giveBack ?? yieldToEvents;
    this.slice = opts.slice ?? SLICE_STEPS;
    this.now = opts.now ?? (() => performance.now());
  }

  receive(msg: CurveWorkerMessage): void {
    if (this.running?.req.key === msg.key && (msg.type === 'cancel' || this.mayDrop(msg.key))) this.running.dropped = true;
    const older = this.waiting.get(msg.key);
    if (older) {
      this.waiting.delete(msg.key);
      this.post({ type: 'superseded', job: older.job }, []);
    }
    if (msg.type === 'cancel') return;
    this.waiting.set(msg.key, msg);
    if (!this.running) void this.drain();
  }

  /** Whether a newer request may stop the running job of `key` (see the module comment). */
  private mayDrop(key: string): boolean {
    const last = this.lastDone.get(key);
    return last !== undefined && this.now() - last.at < last.ms;
  }

  private async drain(): Promise<void> {
    while (this.waiting.size > 0) {
      const [key, req] = this.waiting.entries().next().value as [string, CurveWorkerRequest];
      this.waiting.delete(key);
      const run = { req, dropped: false };
      this.running = run;
      try {
        await this.run(run);
      } finally {
        this.running = null;
      }
    }
  }

  private async run(run: { req: CurveWorkerRequest; dropped: boolean }): Promise<void> {
    const { job, spec, settings, preview } = run.req;
    try {
      // While a slider is dragged, only what the chart draws is computed and travels: the
      // per-column envelopes of the view, without the full values (no 8 MB per input to collect).
      const slices = preview ? previewInSlices(spec, settings, preview, this.slice) : resultInSlices(spec, settings, true, this.slice);
      let step = slices.next();
      while (!step.done) {
        await this.giveBack();
        if (run.dropped) {
          slices.return(undefined as never);
          this.post({ type: 'superseded', job }, []);
          return;
        }
        step = slices.next();
      }
      const r = step.value;
      const transfer: Transferable[] = [r.curve.values.buffer];
      if (r.preview) transfer.push(r.preview.dec.x.buffer, r.preview.dec.y.buffer);
      this.lastDone.set(run.req.key, { at: this.now(), ms: r.ms });
      this.post({ type: 'curve', job, settingsKey: r.settingsKey, curve: r.curve, stats: r.stats, ms: r.ms, preview: r.preview }, transfer);
    } catch (e) {
      this.post({ type: 'failed', job, message: e instanceof Error ? e.message : String(e) }, []);
    }
  }
}
