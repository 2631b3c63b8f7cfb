import { importCsv } from "./import-csv";
import { importFileError, type ImportOutcome, type ImportProgress } from "./import-types";
import type { DateOrder } from "./start-dates";

/** Main thread → worker. `columnIndex` is the admin's pick from the column picker. */
export interface CsvImportRequest {
  type: "import";
  requestId: number;
  file: Blob | ArrayBuffer;
  columnIndex?: number;
  /** The admin's answer for files whose dates read both ways (03/04/2026). */
  dateOrder?: DateOrder;
}

/** Worker → main thread. Every request ends with exactly one `done`. */
export type CsvImportResponse =
  { type: "progress"; requestId: number; progress: ImportProgress } | { type: "done"; requestId: number; outcome: ImportOutcome };

const PROGRESS_INTERVAL_MS = 100;

/**
 * What the worker does with one request; kept out of the worker file so it runs in tests without a Worker.
 * Progress is throttled so 100,000 rows don't flood the main thread with messages.
 */
export async function handleImportRequest(request: CsvImportRequest, post: (response: CsvImportResponse) => void): Promise<void> {
  const { requestId } = request;
  let lastPost = -Infinity;
  const progress = (p: ImportProgress) => {
    const now = Date.now();
    if (now - lastPost < PROGRESS_INTERVAL_MS && p.fraction !== 0) return;
    lastPost = now;
    post({ type: "progress", requestId, progress: p });
  };

  progress({ phase: "reading", fraction: 0 });
  let buffer: ArrayBuffer;
  try {
    buffer = request.file instanceof ArrayBuffer ? request.file : await request.file.arrayBuffer();
  } catch {
    post({
      type: "done",
      requestId,
      outcome: {
        ok: false,
        error: importFileError(
          "unreadable",
          "The file couldn't be read. It may have been moved or changed since you chose it — choose it again.",
        ),
      },
    });
    return;
  }
  const outcome = importCsv(new Uint8Array(buffer), {
    columnIndex: request.columnIndex,
    dateOrder: request.dateOrder,
    onProgress: progress,
  });
  post({ type: "done", requestId, outcome });
}
