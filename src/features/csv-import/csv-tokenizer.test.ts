import { describe, expect, it } from "vitest";
import { MAX_QUOTE_RECOVERIES, MAX_QUOTED_LINE_BREAKS, MAX_RECORD_CHARS, tokenizeCsv } from "./csv-tokenizer";

const fieldsOf = (text: string, delimiter = ",") => tokenizeCsv(text, { delimiter }).map((r) => r.fields);

describe("tokenizeCsv", () => {
  it("splits on the delimiter and any line ending (LF, CRLF, CR)", () => {
    expect(fieldsOf("a,b\r\nc,d\ne,f\rg,h")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
      ["g", "h"],
    ]);
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
    expect(records.map((r) => [r.line, r.fields[0]])).toEqual([
      [2, "h"],
      [3, "a"],
    ]);
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

  it("gives up a quoted value that runs over too many lines, even when papaparse finds a closing quote", () => {
    const inside = Array.from({ length: MAX_QUOTED_LINE_BREAKS + 2 }, (_, i) => `u${i}@x.example`).join("\n");
    const records = tokenizeCsv(`h\n"${inside}"\nlast@x.example\n`, { delimiter: "," });
    expect(records.map((r) => [r.line, r.problem ?? r.fields[0]])[1]).toEqual([2, "quotes"]);
    // Every line after the broken one is read as its own record; the stray closing quote breaks only its line.
    expect(records.slice(2, 4).map((r) => [r.line, r.problem ?? r.fields[0]])).toEqual([
      [3, "u1@x.example"],
      [4, "u2@x.example"],
    ]);
    expect(records.at(-1)).toMatchObject({ line: MAX_QUOTED_LINE_BREAKS + 4, fields: ["last@x.example"] });
  });

  it("keeps the guarantee after many broken quotes: each refused alone, quoted cells on good lines still read", () => {
    const lines = ["Name,UserName"];
    for (let i = 0; i < MAX_QUOTE_RECOVERIES * 3; i++) lines.push(`"Broken ${i},b${i}@x.example`, `"Vance, Adele ${i}",a${i}@x.example`);
    lines.push("Plain,p@x.example");
    const records = tokenizeCsv(`${lines.join("\r\n")}\r\n`, { delimiter: "," });
    expect(records).toHaveLength(lines.length);
    expect(records.at(-1)).toMatchObject({ line: lines.length, fields: ["Plain", "p@x.example"] });
    records.slice(1, -1).forEach((r, i) => {
      const n = Math.floor(i / 2);
      expect(r.line).toBe(i + 2);
      if (i % 2 === 0) expect(r.problem).toBe("quotes");
      else expect(r.fields).toEqual([`Vance, Adele ${n}`, `a${n}@x.example`]);
    });
  });

  it("once reading line by line, refuses a value that spans lines on its first line and reads each next line alone", () => {
    const broken = Array.from({ length: MAX_QUOTE_RECOVERIES }, () => '"x').join("\n");
    const records = tokenizeCsv(`${broken}\n"two\nlines",a@x.example\nb@x.example\n`, { delimiter: "," });
    expect(records.slice(MAX_QUOTE_RECOVERIES).map((r) => [r.line, r.problem ?? r.fields.join("|")])).toEqual([
      [MAX_QUOTE_RECOVERIES + 1, "quotes"],
      // Read alone, the quote after "lines" is inside an unquoted cell: an ordinary character, as in RFC 4180 readers.
      [MAX_QUOTE_RECOVERIES + 2, 'lines"|a@x.example'],
      [MAX_QUOTE_RECOVERIES + 3, "b@x.example"],
    ]);
  });

  it("joins a space-led quoted cell that holds the delimiter, and refuses one that never closes", () => {
    expect(fieldsOf('a, "Vance, Adele" ,b')).toEqual([["a", "Vance, Adele", "b"]]);
    expect(tokenizeCsv('a, "Vance, Adele\nc\n', { delimiter: "," }).map((r) => r.problem ?? r.fields[0])).toEqual(["quotes", "c"]);
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
