/**
 * The export worker's side of a CSV export (csv.worker.ts; csvExport.ts has the page's side): the
 * messages, and the loop that writes the pieces and posts them as UTF-8 bytes.
 */
import { csvStream, type CsvChoice, type CsvColumn, type CsvHorizon } from './csv';
import { yieldToEvents } from '../util/yieldToEvents';

export interface CsvExportRequest {
  columns: CsvColumn[];
  horizon: CsvHorizon;
  choice: CsvChoice;
}

export type CsvExportResponse =
  | { type: 'piece'; bytes: Uint8Array; done: number; total: number }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** Pieces of text gathered before one message: fewer, larger messages (a few megabytes each). */
const BYTES_PER_MESSAGE = 2 << 20;

/** Runs an export, posting its pieces (the worker's side; also the fallback on the page). */
export async function runCsvExport(
  req: CsvExportRequest,
  post: (msg: CsvExportResponse, transfer: Transferable[]) => void,
  stopped: () => boolean = () => false,
): Promise<void> {
  const encoder = new TextEncoder();
  let text = '';
  let last = { done: 0, total: 1 };
  const flush = () => {
    const bytes = encoder.encode(text);
    text = '';
    post({ type: 'piece', bytes, ...last }, [bytes.buffer]);
  };
  try {
    let sent = performance.now();
    for (const p of csvStream(req.columns, req.horizon, req.choice)) {
      text += p.text;
      last = { done: p.done, total: p.total };
      // Progress a few times a second even while nothing is written (an envelope being computed).
      if (text.length >= BYTES_PER_MESSAGE || performance.now() - sent > 100) {
        flush();
        sent = performance.now();
        await yieldToEvents();
        if (stopped()) return;
      }
    }
    flush();
    post({ type: 'done' }, []);
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }, []);
  }
}
