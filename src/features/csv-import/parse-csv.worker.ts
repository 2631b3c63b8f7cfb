import { handleImportRequest, type CsvImportRequest, type CsvImportResponse } from "./import-worker-protocol";

// Thin wrapper: all logic lives in import-worker-protocol.ts / import-csv.ts and is tested without a worker.
declare const self: DedicatedWorkerGlobalScope;

self.addEventListener("message", (event: MessageEvent<CsvImportRequest>) => {
  void handleImportRequest(event.data, (response: CsvImportResponse) => self.postMessage(response));
});
