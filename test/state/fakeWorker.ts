/** A scripted stand-in for the training worker: records what the page posts, sends what a test says. */
import type { FromWorker, ToWorker } from '../../src/training/protocol';

export class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly opts: { name?: string },
  ) {
    FakeWorker.all.push(this);
  }
  postMessage(msg: ToWorker): void {
    this.received.push(structuredClone(msg));
  }
  terminate(): void {
    this.terminated = true;
  }
  send(msg: FromWorker): void {
    if (!this.terminated) this.onmessage?.({ data: msg });
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} });
  }
  starts() {
    return this.received.filter((m): m is Extract<ToWorker, { type: 'start' }> => m.type === 'start');
  }
}
