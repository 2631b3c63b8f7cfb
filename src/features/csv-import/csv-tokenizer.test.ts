import { describe, expect, it } from "vitest";
import { MAX_RECORD_CHARS, tokenizeCsv } from "./csv-tokenizer";

const fieldsOf = (text: string, delimiter = ",") => tokenizeCsv(text, { delimiter }).map((r) => r.fields);

describe("tokenizeCsv", () => {
  it("splits on the delimiter and any line ending (LF, CRLF, CR)", () => {
    expect(fieldsOf("a,b\r\nc,d\ne,f\rg,h")).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
  });

  it("unquotes quoted fields, unescapes doubled quotes and keeps delimiters inside quotes", () => {
    expect(fieldsOf('"Vance, Adele","say ""hi""",x')).toEqual([["Vance, Adele", 'say "hi"', "x"]]);
  });

  it("keeps line breaks inside quoted fields and numbers the next record by its real line", () => {
    const records = tokenizeCsv('h1,h2\n"line one\nline two",a@b.example\nc,d\n', { delimiter: "," });
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1]?.fields).toEqual(["line one\nline two", "a@b.example"]);
  });

  it("starts numbering from the given line after a preamble", () => {
    const text = "version:v1.0\nh\na\n";
    const records = tokenizeCsv(text, { delimiter: ",", start: text.indexOf("h"), startLine: 2 });
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([[2, "h"], [3, "a"]]);
  });

  it("gives up only the line with an unterminated quote and reads the rest", () => {
    const records = tokenizeCsv('UserName\na@x.example\n"b@x.example\nc@x.example\nd@x.example\n', { delimiter: "," });
    expect(records.map((r) => [r.line, r.problem ?? r.fields[0]])).toEqual([
      [1, "UserName"],
      [2, "a@x.example"],
      [3, "quotes"],
      [4, "c@x.example"],
      [5, "d@x.example"],
    ]);
  });

  it("marks a quote closed in the middle of a field as broken, without swallowing the next lines", () => {
    const records = tokenizeCsv('h\n"e"f@x.example,1\ng@x.example\n', { delimiter: "," });
    expect(records.map((r) => [r.line, r.problem ?? r.fields[0]])).toEqual([
      [1, "h"],
      [2, "quotes"],
      [3, "g@x.example"],
    ]);
  });

  it("treats quotes inside an unquoted field as ordinary characters", () => {
    expect(fieldsOf('ab"c,d')).toEqual([['ab"c', "d"]]);
  });

  it("reports a line longer than the limit instead of splitting it", () => {
    const long = "x".repeat(MAX_RECORD_CHARS + 10);
    const records = tokenizeCsv(`h\n${long}\n"${long}"\nok\n`, { delimiter: "," });
    expect(records.map((r) => r.problem ?? r.fields[0])).toEqual(["h", "line-too-long", "line-too-long", "ok"]);
    expect(records[3]?.line).toBe(4);
  });

  it("keeps blank lines as one empty field and a trailing delimiter as an empty last field", () => {
    expect(fieldsOf("a\n\nb,\n")).toEqual([["a"], [""], ["b", ""]]);
  });

  it("sees a quoted field after a BOM or leading spaces", () => {
    expect(fieldsOf('\uFEFF"UserName", "x"')).toEqual([["UserName", "x"]]);
  });

  it("stays linear when every line opens a quote that never closes", () => {
    const text = '"x\n'.repeat(50_000);
    const records = tokenizeCsv(text, { delimiter: "," });
    expect(records).toHaveLength(50_000);
    expect(records.every((r) => r.problem === "quotes")).toBe(true);
    expect(records[49_999]?.line).toBe(50_000);
  });

  it("reports progress as a growing fraction ending at 1", () => {
    const seen: number[] = [];
    tokenizeCsv("a\n".repeat(12_000), { delimiter: ",", onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen.at(-1)).toBe(1);
  });
});
