import { describe, expect, it } from "vitest";
import { handleImportRequest, type CsvImportResponse } from "./import-worker-protocol";

async function run(file: Blob | ArrayBuffer, columnIndex?: number): Promise<CsvImportResponse[]> {
  const posted: CsvImportResponse[] = [];
  await handleImportRequest({ type: "import", requestId: 7, file, columnIndex }, (m) => posted.push(m));
  return posted;
}

describe("handleImportRequest", () => {
  it("reads a Blob, reports progress and ends with one done message carrying the result", async () => {
    const posted = await run(new Blob(["UserName\nadele@contoso.example\n"]));
    expect(posted[0]).toEqual({ type: "progress", requestId: 7, progress: { phase: "reading", fraction: 0 } });
    const done = posted.filter((m) => m.type === "done");
    expect(done).toHaveLength(1);
    expect(posted.at(-1)).toMatchObject({ type: "done", requestId: 7, outcome: { ok: true, result: { counts: { valid: 1 } } } });
  });

  it("accepts an ArrayBuffer and passes the chosen column on", async () => {
    const buffer = new TextEncoder().encode("A,B\nx,adele@contoso.example\n").buffer as ArrayBuffer;
    const posted = await run(buffer, 0);
    expect(posted.at(-1)).toMatchObject({ outcome: { ok: true, result: { detection: { userColumn: 0 } } } });
  });

  it("answers with an unreadable-file error when the Blob can't be read", async () => {
    const broken = new Blob(["x"]);
    broken.arrayBuffer = () => Promise.reject(new Error("NotReadableError"));
    const posted = await run(broken);
    expect(posted.at(-1)).toMatchObject({ type: "done", outcome: { ok: false, error: { code: "unreadable" } } });
  });

  it("answers file-level problems as outcomes, not exceptions", async () => {
    const posted = await run(new Blob([]));
    expect(posted.at(-1)).toMatchObject({ outcome: { ok: false, error: { code: "empty" } } });
  });

  it("throttles progress so a large file doesn't flood the page with messages", async () => {
    const posted = await run(new Blob(["UserName\n" + "a@contoso.example\n".repeat(50_000)]));
    expect(posted.filter((m) => m.type === "progress").length).toBeLessThan(30);
  });
});
