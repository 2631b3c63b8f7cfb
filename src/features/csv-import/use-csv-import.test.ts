// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useCsvImport, type ImportWorker } from "./use-csv-import";
import { handleImportRequest, type CsvImportRequest, type CsvImportResponse } from "./import-worker-protocol";

/** jsdom's Blob has no arrayBuffer(); FileReader it does have. */
function readBlob(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsArrayBuffer(blob);
  });
}

/** Runs the real request handler in-process, delivering answers only when the test says so. */
class FakeWorker implements ImportWorker {
  requests: CsvImportRequest[] = [];
  terminated = false;
  private onMessage: ((event: MessageEvent<CsvImportResponse>) => void) | null = null;
  private onError: (() => void) | null = null;

  postMessage(message: CsvImportRequest): void {
    this.requests.push(message);
  }
  addEventListener(type: "message" | "error", listener: ((event: MessageEvent<CsvImportResponse>) => void) | (() => void)): void {
    if (type === "message") this.onMessage = listener as (event: MessageEvent<CsvImportResponse>) => void;
    else this.onError = listener as () => void;
  }
  terminate(): void {
    this.terminated = true;
  }
  async answer(index: number): Promise<void> {
    const request = this.requests[index];
    if (request === undefined) throw new Error(`no request ${index}`);
    const file = request.file instanceof Blob ? await readBlob(request.file) : request.file;
    await handleImportRequest({ ...request, file }, (data) => this.onMessage?.(new MessageEvent("message", { data })));
  }
  crash(): void {
    this.onError?.();
  }
}

function setup() {
  const fake = new FakeWorker();
  const hook = renderHook(() => useCsvImport(() => fake));
  return { fake, hook };
}

const file = (name: string, text: string) => new File([text], name, { type: "text/csv" });

describe("useCsvImport", () => {
  it("goes from reading to done with the parsed result", async () => {
    const { fake, hook } = setup();
    act(() => hook.result.current.importFile(file("users.csv", "UserName\nadele@contoso.example\n")));
    expect(hook.result.current.state).toMatchObject({ status: "reading", fileName: "users.csv" });
    await act(() => fake.answer(0));
    expect(hook.result.current.state).toMatchObject({ status: "done", result: { counts: { valid: 1 } } });
  });

  it("shows a file-level error as state, not an exception", async () => {
    const { fake, hook } = setup();
    act(() => hook.result.current.importFile(file("empty.csv", "")));
    await act(() => fake.answer(0));
    expect(hook.result.current.state).toMatchObject({ status: "error", error: { code: "empty" } });
  });

  it("ignores answers for a file that was replaced by a newer one", async () => {
    const { fake, hook } = setup();
    act(() => hook.result.current.importFile(file("old.csv", "UserName\nold@contoso.example\n")));
    act(() => hook.result.current.importFile(file("new.csv", "UserName\nnew@contoso.example\n")));
    await act(() => fake.answer(0));
    expect(hook.result.current.state).toMatchObject({ status: "reading", fileName: "new.csv" });
    await act(() => fake.answer(1));
    expect(hook.result.current.state).toMatchObject({
      status: "done",
      fileName: "new.csv",
      result: { rows: [{ identifier: "new@contoso.example" }] },
    });
  });

  it("re-reads the same file with the column the admin picked", async () => {
    const { fake, hook } = setup();
    act(() => hook.result.current.importFile(file("a.csv", "Owner,Manager\nadele@contoso.example,megan@contoso.example\n")));
    await act(() => fake.answer(0));
    act(() => hook.result.current.chooseColumn(1));
    expect(fake.requests[1]).toMatchObject({ columnIndex: 1 });
    await act(() => fake.answer(1));
    expect(hook.result.current.state).toMatchObject({ status: "done", result: { detection: { userColumnHeader: "Manager" } } });
  });

  it("reports a crashed worker as an error and terminates the worker on unmount", () => {
    const { fake, hook } = setup();
    act(() => hook.result.current.importFile(file("x.csv", "UserName\n")));
    act(() => fake.crash());
    expect(hook.result.current.state).toMatchObject({ status: "error", error: { code: "internal" } });
    hook.unmount();
    expect(fake.terminated).toBe(true);
  });
});
