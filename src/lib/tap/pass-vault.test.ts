import { describe, expect, it, vi } from "vitest";
import { PassVault } from "./pass-vault";
import { samplePass } from "../../test/sample-pass";

const pass = (rowId: string) => samplePass({ rowId, value: `+secret-${rowId}`, isUsableOnce: false });

describe("PassVault", () => {
  it("drops one removed pass, and counts as saved once nothing unsaved is left", () => {
    const vault = new PassVault();
    vault.put(pass("r1"));
    vault.put(pass("r2"));
    vault.remove("r1");
    expect(vault.get("r1")).toBeUndefined();
    expect(vault.get("r2")).toBeDefined();
    expect(vault.hasUnsavedValues).toBe(true);
    vault.remove("r2");
    expect(vault.hasUnsavedValues).toBe(false);
  });

  it("forgets every value on clear", () => {
    const vault = new PassVault();
    vault.put(pass("a"));
    vault.put(pass("b"));
    vault.clear();
    expect(vault.size).toBe(0);
    expect(vault.get("a")).toBeUndefined();
    expect(JSON.stringify(vault.all())).not.toContain("secret");
  });

  it("reports unsaved values until they are exported", () => {
    const vault = new PassVault();
    expect(vault.hasUnsavedValues).toBe(false);
    vault.put(pass("a"));
    expect(vault.hasUnsavedValues).toBe(true);
    vault.markSaved();
    expect(vault.hasUnsavedValues).toBe(false);
    vault.put(pass("b"));
    expect(vault.hasUnsavedValues).toBe(true);
  });

  it("counts passes saved one by one (a manager e-mailed) as saved only for those rows", () => {
    const vault = new PassVault();
    vault.put(pass("a"));
    vault.put(pass("b"));
    vault.markSaved(["a"]);
    expect(vault.hasUnsavedValues).toBe(true);
    vault.markSaved(["b"]);
    expect(vault.hasUnsavedValues).toBe(false);
    // A newly issued value for a saved row (a retry) is unsaved again.
    vault.put(pass("a"));
    expect(vault.hasUnsavedValues).toBe(true);
  });

  it("notifies subscribers and bumps its version on each change", () => {
    const vault = new PassVault();
    const listener = vi.fn();
    const unsubscribe = vault.subscribe(listener);
    const before = vault.getVersion();
    vault.put(pass("a"));
    vault.clear();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(vault.getVersion()).toBe(before + 2);
    unsubscribe();
    vault.put(pass("b"));
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
