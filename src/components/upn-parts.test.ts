import { describe, expect, it } from "vitest";
import { upnParts } from "./upn-parts";

describe("upnParts", () => {
  it("cuts after each @ and dot, keeping the marks with the part before them", () => {
    expect(upnParts("anna.lindqvist@contoso.example")).toEqual(["anna.", "lindqvist@", "contoso.", "example"]);
  });

  it("leaves a name without @ or dot whole, and loses no character", () => {
    expect(upnParts("00000000-0000-0000-0000-000000000001")).toEqual(["00000000-0000-0000-0000-000000000001"]);
    for (const upn of ["a.b@c.d", "x_ext_#EXT#@contoso.onmicrosoft.com", "..@..", ""]) expect(upnParts(upn).join("")).toBe(upn);
  });
});
