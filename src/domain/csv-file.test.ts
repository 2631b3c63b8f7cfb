import { describe, expect, it } from "vitest";
import { neutraliseFormula, quoteField, toCsv } from "./csv-file";

describe("cell safety", () => {
  it("neutralises every character a spreadsheet treats as the start of a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseFormula(`${start}x`)).toBe(`'${start}x`);
    expect(neutraliseFormula("x=1")).toBe("x=1");
    expect(neutraliseFormula("")).toBe("");
  });

  it("quotes every field and doubles quotes inside it, keeping commas and line breaks", () => {
    expect(quoteField('a "b", c\r\nd')).toBe('"a ""b"", c\r\nd"');
  });
});

describe("a file", () => {
  it("starts with a BOM, ends every line with CRLF and keeps verbatim cells as they are", () => {
    expect(toCsv([["=a", { text: "=b", verbatim: true }], ["c"]])).toBe('\uFEFF"\'=a","=b"\r\n"c"\r\n');
  });
});
