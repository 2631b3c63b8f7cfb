// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PassVault } from "../../lib/tap/pass-vault";
import type { ResultRow } from "../../lib/tap/run-types";
import { samplePass } from "../../test/sample-pass";
import { exportPasses } from "./download-export";

const rows: ResultRow[] = [
  {
    rowId: "a",
    line: 2,
    identifier: "a@contoso.example",
    displayName: "A",
    userPrincipalName: "a@contoso.example",
    outcome: { kind: "issued" },
  },
];

function vaultWithPass(): PassVault {
  const vault = new PassVault();
  vault.put(samplePass({ displayName: "A" }));
  return vault;
}

describe("exportPasses", () => {
  let created: Blob[];
  const revoke = vi.fn();

  beforeEach(() => {
    vi.useFakeTimers();
    created = [];
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      created.push(blob as Blob);
      return "blob:http://localhost/1234";
    };
    URL.revokeObjectURL = revoke;
  });
  afterEach(() => {
    vi.useRealTimers();
    revoke.mockReset();
  });

  it("downloads through a Blob URL that is revoked right after, then counts the values as saved", async () => {
    const vault = vaultWithPass();
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });

    exportPasses("scripts", rows, vault, new Date("2026-11-28T10:15:00Z"));

    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.href).toBe("blob:http://localhost/1234");
    expect(clicks[0]!.download).toBe("tap-desk-passes-for-scripts-2026-11-28T1015Z.csv");
    expect(document.querySelector("a")).toBeNull();
    expect(await created[0]!.text()).toContain('"a@contoso.example","+secret"');
    expect(vault.hasUnsavedValues).toBe(false);

    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith("blob:http://localhost/1234");
  });
});
