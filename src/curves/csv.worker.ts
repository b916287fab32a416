/// <reference lib="webworker" />
/**
 * Export worker: writes the chart's CSV (csv.ts) off the main thread and posts it in pieces of
 * UTF-8 bytes (transferred, not copied) with its progress. One export per worker: the page
 * cancels by terminating it, which frees whatever it held.
 */
import { runCsvExport, type CsvExportRequest, type CsvExportResponse } from './csvJob';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<CsvExportRequest>) => {
  void runCsvExport(ev.data, (msg: CsvExportResponse, transfer: Transferable[]) => scope.postMessage(msg, transfer));
};
