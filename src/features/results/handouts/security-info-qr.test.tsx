// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import jsQR from "jsqr";
import { encode } from "uqr";
import { SECURITY_INFO_URL } from "../next-step";
import { SECURITY_INFO_QR_ROWS } from "./security-info-qr-rows";
import { SecurityInfoQr } from "./security-info-qr";

/** Paints an SVG path of `M x y h w v1 h-w z` runs into a grey image, `scale` pixels per module, as a camera would see it. */
function rasterise(path: string, modules: number, scale: number): { data: Uint8ClampedArray; width: number } {
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++)
      for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px++)
        data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
  }
  return { data, width };
}

describe("the registration QR code", () => {
  afterEach(cleanup);

  it("is what uqr encodes for the registration address today", () => {
    const fresh = encode(SECURITY_INFO_URL, { ecc: "Q", border: 0 }).data.map((row) => row.map((dark) => (dark ? "1" : "0")).join(""));
    expect(SECURITY_INFO_QR_ROWS).toEqual(fresh);
  });

  it("as drawn on the slip, decodes to exactly https://aka.ms/mysecurityinfo", () => {
    render(<SecurityInfoQr size="30mm" />);
    const svg = screen.getByRole("img", { name: "QR code of https://aka.ms/mysecurityinfo" });
    const viewBox = svg.getAttribute("viewBox")?.split(" ").map(Number) ?? [];
    const path = svg.querySelector("path")?.getAttribute("d") ?? "";
    const modules = viewBox[2] ?? 0;
    expect(modules).toBe(SECURITY_INFO_QR_ROWS.length + 8);
    const { data, width } = rasterise(path, modules, 4);
    const decoded = jsQR(data, width, width, { inversionAttempts: "dontInvert" });
    expect(decoded?.data).toBe("https://aka.ms/mysecurityinfo");
  });
});
