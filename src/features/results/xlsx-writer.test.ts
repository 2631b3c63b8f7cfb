import { describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
// SheetJS, a devDependency only: an independent reader, so the test doesn't trust our own writer's idea of the format.
import * as XLSX from "xlsx";
import { columnName, escapeCellText, workbookParts, writeXlsx, type Sheet } from "./xlsx-writer";

/** Values a spreadsheet would otherwise run, convert, trim or choke on. */
const HOSTILE = [
  "=1+2",
  "+Ab3xYz9",
  "-7kP",
  "@SUM(A1:A2)",
  "=cmd|' /C calc'!A0",
  "  spaces around  ",
  " ",
  "Adèle Vance ΩΣ 😀 中文",
  `<b attr="x">&amp; 'quoted'</b>`,
  "line1\r\nline2\rline3\nline4",
  "\ttab first",
  "\u0001\u0008\u000B\u000C\u001F control",
  "_x0041_ looks like an escape",
  "_x005F_",
  "__x0041__",
  "\uFFFE\uFFFF not characters",
  "0001234",
  "1e5",
  "TRUE",
  "2026-11-28",
  "3/4",
  "]]>",
];

function readBack(bytes: Uint8Array) {
  return XLSX.read(bytes, { type: "array", cellFormula: true, cellNF: true, cellDates: false });
}

describe("escapeCellText", () => {
  it("escapes the XML-special characters and keeps CR from being folded into LF", () => {
    expect(escapeCellText(`a<b>&"c"'\r\n`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;&#xD;\n");
  });

  it("writes characters XML 1.0 cannot hold as _xHHHH_ and keeps literal escapes literal", () => {
    expect(escapeCellText("\u0001\uFFFF")).toBe("_x0001__xFFFF_");
    expect(escapeCellText("_x0041_")).toBe("_x005F_x0041_");
    expect(escapeCellText("a_b_x00_")).toBe("a_b_x00_");
    expect(escapeCellText("😀")).toBe("😀");
  });
});

describe("columnName", () => {
  it("counts A to Z, then AA", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });
});

describe("writeXlsx", () => {
  const sheets: Sheet[] = [
    { name: "Passes", rows: [["Header", "Value"], ...HOSTILE.map((value, index) => [String(index), value])] },
    { name: "Skipped and failed", rows: [["Reason"], ['=HYPERLINK("http://x")']] },
  ];

  it("holds only inline-string cells: no formula, number, boolean or shared formula anywhere", () => {
    const parts = workbookParts(sheets);
    const sheetXml = Object.entries(parts).filter(([path]) => path.startsWith("xl/worksheets/"));
    expect(sheetXml).toHaveLength(2);
    for (const [, xml] of sheetXml) {
      expect(xml).not.toMatch(/<f[\s>]/);
      expect(xml).not.toMatch(/<v[\s>]/);
      const cells = xml.match(/<c [^>]*>/g) ?? [];
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) expect(cell).toMatch(/ t="inlineStr"/);
    }
  });

  it("is a zip package an independent reader opens, with every value byte-identical and typed as text", () => {
    const book = readBack(writeXlsx(sheets));
    expect(book.SheetNames).toEqual(["Passes", "Skipped and failed"]);
    const passes = book.Sheets["Passes"]!;
    HOSTILE.forEach((value, index) => {
      const cell = passes[`B${index + 2}`];
      expect(cell, JSON.stringify(value)).toBeDefined();
      expect(cell?.t, JSON.stringify(value)).toBe("s");
      expect(cell?.f, JSON.stringify(value)).toBeUndefined();
      expect(cell?.v, JSON.stringify(value)).toBe(value);
    });
    const other = book.Sheets["Skipped and failed"]!;
    expect(other["A2"]?.v).toBe('=HYPERLINK("http://x")');
    expect(other["A2"]?.f).toBeUndefined();
  });

  it("formats every cell as Text (@), so what an admin types over a cell is not evaluated either", () => {
    const book = XLSX.read(writeXlsx(sheets), { type: "array", cellStyles: true, cellNF: true });
    expect(book.Sheets["Passes"]?.["B2"]?.z).toBe("@");
    const parts = workbookParts(sheets);
    expect(parts["xl/styles.xml"]).toMatch(/<cellXfs count="2"><xf numFmtId="49"[^>]*\/><xf numFmtId="49"/);
  });

  it("leaves empty cells out rather than writing empty strings", () => {
    const book = readBack(writeXlsx([{ name: "S", rows: [["a", "", "c"]] }]));
    expect(book.Sheets["S"]?.["B1"]).toBeUndefined();
    expect(book.Sheets["S"]?.["C1"]?.v).toBe("c");
  });

  it("writes the seven package parts and no character XML 1.0 forbids in any of them", () => {
    const files = unzipSync(writeXlsx(sheets));
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
    ]);
    for (const [path, data] of Object.entries(files)) {
      const xml = strFromU8(data);
      // XML 1.0 forbids these characters literally; one would make Excel refuse the whole file.
      // eslint-disable-next-line no-control-regex -- looking for exactly those characters
      expect(xml, path).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    }
  });

  it("gives the same bytes for the same contents (no timestamps)", () => {
    expect(writeXlsx(sheets)).toEqual(writeXlsx(sheets));
  });
});
