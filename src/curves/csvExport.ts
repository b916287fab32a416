/**
 * The chart's CSV export at any horizon: written in the export worker (csv.worker.ts) in pieces,
 * assembled on the page as a Blob of parts (never one string), with progress and cancel. Where
 * workers are unavailable the same pieces are written on the page, giving the thread back between
 * them.
 */
import { runCsvExport, type CsvExportRequest, type CsvExportResponse } from './csvJob';

export interface CsvExportJob {
  /** The CSV, or null when cancelled. */
  result: Promise<Blob | null>;
  /** Stops the export at once (the worker is terminated) and drops what it wrote. */
  cancel(): void;
}

function createExportWorker(): Worker {
  return new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module', name: 'csv-export' });
}

/**
 * Starts an export; `onProgress(done, total)` after each piece. The page's work per piece is a
 * small Blob around bytes it was handed: no task of the page grows with the horizon.
 */
export function startCsvExport(req: CsvExportRequest, onProgress: (done: number, total: number) => void): CsvExportJob {
  let parts: Blob[] = [];
  let finish: (b: Blob | null) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const result = new Promise<Blob | null>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  let over = false;
  let worker: Worker | null = null;
  const end = () => {
    over = true;
    worker?.terminate();
    worker = null;
  };
  const receive = (msg: CsvExportResponse) => {
    if (over) return;
    if (msg.type === 'piece') {
      if (msg.bytes.length > 0) parts.push(new Blob([msg.bytes as Uint8Array<ArrayBuffer>]));
      onProgress(msg.done, msg.total);
    } else if (msg.type === 'done') {
      const blob = new Blob(parts, { type: 'text/csv' });
      parts = [];
      end();
      finish(blob);
    } else {
      parts = [];
      end();
      fail(new Error(msg.message));
    }
  };
  if (typeof Worker === 'undefined') {
    void runCsvExport(req, receive, () => over);
  } else {
    worker = createExportWorker();
    worker.onmessage = (ev: MessageEvent<CsvExportResponse>) => receive(ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault();
      receive({ type: 'failed', message: ev.message || 'the export worker stopped' });
    };
    worker.postMessage(req);
  }
  return {
    result,
    cancel() {
      if (over) return;
      parts = [];
      end();
      finish(null);
    },
  };
}
