import { useCallback, useEffect, useRef, useState } from "react";
import type { CsvImportRequest, CsvImportResponse } from "./import-worker-protocol";
import { importFileError, type ImportFileError, type ImportProgress, type ImportResult } from "./import-types";
import type { DateOrder } from "./start-dates";

/** The admin's answers about a file, kept across re-reads (picking a column keeps the date order, and back). */
interface ImportChoices {
  columnIndex?: number;
  dateOrder?: DateOrder;
}

export type CsvImportState =
  | { status: "idle" }
  | { status: "reading"; fileName: string; progress: ImportProgress | null }
  | { status: "done"; fileName: string; result: ImportResult }
  | { status: "error"; fileName: string; error: ImportFileError };

/** The parts of a Worker the hook uses; tests pass a fake. */
export interface ImportWorker {
  postMessage(message: CsvImportRequest): void;
  addEventListener(type: "message", listener: (event: MessageEvent<CsvImportResponse>) => void): void;
  addEventListener(type: "error", listener: () => void): void;
  terminate(): void;
}

function createParseWorker(): ImportWorker {
  return new Worker(new URL("./parse-csv.worker.ts", import.meta.url), { type: "module" });
}

/**
 * Parses a dropped file in a Web Worker. Only the latest file counts: answers for an earlier file are
 * dropped. `chooseColumn` re-reads the same file with the admin's column (cheap, and keeps the worker stateless).
 */
export function useCsvImport(createWorker: () => ImportWorker = createParseWorker) {
  const [state, setState] = useState<CsvImportState>({ status: "idle" });
  const workerRef = useRef<ImportWorker | null>(null);
  const latest = useRef<{ requestId: number; file: File; choices: ImportChoices } | null>(null);
  const nextId = useRef(1);

  useEffect(
    () => () => {
      workerRef.current?.terminate();
      workerRef.current = null;
    },
    [],
  );

  const worker = useCallback((): ImportWorker => {
    if (workerRef.current !== null) return workerRef.current;
    const created = createWorker();
    created.addEventListener("message", (event: MessageEvent<CsvImportResponse>) => {
      const message = event.data;
      const current = latest.current;
      if (current === null || message.requestId !== current.requestId) return;
      const fileName = current.file.name;
      if (message.type === "progress") setState({ status: "reading", fileName, progress: message.progress });
      else if (message.outcome.ok) setState({ status: "done", fileName, result: message.outcome.result });
      else setState({ status: "error", fileName, error: message.outcome.error });
    });
    created.addEventListener("error", () => {
      const current = latest.current;
      if (current === null) return;
      setState({
        status: "error",
        fileName: current.file.name,
        error: importFileError(
          "internal",
          "Something went wrong while reading this file. Try again, or save it as “CSV UTF-8” and import that.",
        ),
      });
      // A crashed worker is not reused.
      workerRef.current?.terminate();
      workerRef.current = null;
    });
    workerRef.current = created;
    return created;
  }, [createWorker]);

  const send = useCallback(
    (file: File, choices: ImportChoices = {}) => {
      const requestId = nextId.current++;
      latest.current = { requestId, file, choices };
      setState({ status: "reading", fileName: file.name, progress: null });
      worker().postMessage({ type: "import", requestId, file, ...choices });
    },
    [worker],
  );

  const importFile = useCallback((file: File) => send(file), [send]);

  const chooseColumn = useCallback(
    (columnIndex: number) => {
      if (latest.current !== null) send(latest.current.file, { ...latest.current.choices, columnIndex });
    },
    [send],
  );

  const chooseDateOrder = useCallback(
    (dateOrder: DateOrder) => {
      if (latest.current !== null) send(latest.current.file, { ...latest.current.choices, dateOrder });
    },
    [send],
  );

  const reset = useCallback(() => {
    latest.current = null;
    setState({ status: "idle" });
  }, []);

  return { state, importFile, chooseColumn, chooseDateOrder, reset };
}
