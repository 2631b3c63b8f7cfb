import { describe, expect, it } from "vitest";
import { roleTemplateIdsFromClaims } from "./claims";

const paa = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";

describe("roleTemplateIdsFromClaims", () => {
  it("reads the wids claim of the ID token", () => {
    expect(roleTemplateIdsFromClaims({ oid: "x", wids: [paa.toUpperCase(), "b79fbf4d-3ef9-4689-8143-76b194e85509"] })).toEqual([
      paa,
      "b79fbf4d-3ef9-4689-8143-76b194e85509",
    ]);
  });

  it("tells a missing claim (manifest not set: unknown) from an empty one", () => {
    expect(roleTemplateIdsFromClaims({ oid: "x" })).toBeNull();
    expect(roleTemplateIdsFromClaims(undefined)).toBeNull();
    expect(roleTemplateIdsFromClaims({ wids: [] })).toEqual([]);
  });

  it("checks what it reads: drops anything that is not a template id", () => {
    expect(roleTemplateIdsFromClaims({ wids: [paa, 42, "not-a-guid", null] })).toEqual([paa]);
    expect(roleTemplateIdsFromClaims({ wids: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13" })).toBeNull();
  });
});
