/**
 * A minimal Office Open XML workbook writer in which every cell is an inline string: no formulas,
 * numbers or dates exist in the file, so nothing a spreadsheet opens can be evaluated or reformatted.
 * Loaded only when the admin exports a workbook (it pulls in the zip writer).
 */
import { strToU8, zipSync, type Zippable } from "fflate";

export interface Sheet {
  /** Excel allows 31 characters and none of : \ / ? * [ ]. */
  name: string;
  /** The header row first; every cell text. */
  rows: readonly (readonly string[])[];
  /** Column widths in characters, by column; missing columns keep the default. */
  widths?: readonly number[];
}

const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xD;" };

/**
 * What needs rewriting in cell text: an underscore that starts something shaped like an ST_Xstring escape,
 * the XML-special characters, and every character XML 1.0 cannot hold (control characters, lone surrogates).
 */
const NEEDS_ESCAPE = /_(?=x[0-9A-Fa-f]{4}_)|[&<>"'\r]|[^\t\n\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/gu;

/**
 * Cell text as OOXML string content that a reader turns back into exactly `text`:
 * - & < > " ' become entities; CR becomes &#xD; (every XML parser folds a literal CR into LF);
 * - characters XML 1.0 cannot hold become ST_Xstring escapes `_xHHHH_`, which Excel decodes;
 * - text already shaped like such an escape gets its underscore escaped (`_x005F_`), so it stays literal.
 */
export function escapeCellText(text: string): string {
  // The underscore itself comes out as its own escape, _x005F_.
  return text.replace(
    NEEDS_ESCAPE,
    (char) => ENTITY[char] ?? `_x${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}

/** "A", "B", … "Z", "AA": the column letters of a cell reference. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const TYPE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Style 0: text format ("@"), so a value typed over a cell stays text too; style 1: the same, bold, for headers. */
const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2">' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  "</cellXfs>" +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

function sheetXml(sheet: Sheet): string {
  const rows = sheet.rows
    .map((cells, rowIndex) => {
      const r = rowIndex + 1;
      const style = rowIndex === 0 ? ' s="1"' : ' s="0"';
      const xmlCells = cells
        .map((text, column) =>
          text === ""
            ? ""
            : `<c r="${columnName(column)}${r}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeCellText(text)}</t></is></c>`,
        )
        .join("");
      return `<row r="${r}">${xmlCells}</row>`;
    })
    .join("");
  const cols =
    sheet.widths && sheet.widths.length > 0
      ? `<cols>${sheet.widths.map((width, index) => `<col min="${index + 1}" max="${index + 1}" width="${width}" style="0" customWidth="1"/>`).join("")}</cols>`
      : "";
  // The header row stays in view while scrolling.
  const views =
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${views}${cols}<sheetData>${rows}</sheetData></worksheet>`;
}

/** Every part of the package as XML text, by path in the zip. Pure, so the tests can read it. */
export function workbookParts(sheets: readonly Sheet[]): Record<string, string> {
  const sheetOverrides = sheets
    .map(
      (_, index) =>
        `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  const parts: Record<string, string> = {
    "[Content_Types].xml":
      XML_HEAD +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheetOverrides +
      "</Types>",
    "_rels/.rels":
      XML_HEAD +
      `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${TYPE_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      XML_HEAD +
      `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
      sheets.map((sheet, index) => `<sheet name="${escapeCellText(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join("") +
      "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels":
      XML_HEAD +
      `<Relationships xmlns="${PKG_REL_NS}">` +
      sheets
        .map((_, index) => `<Relationship Id="rId${index + 1}" Type="${TYPE_REL}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`)
        .join("") +
      `<Relationship Id="rId${sheets.length + 1}" Type="${TYPE_REL}/styles" Target="styles.xml"/>` +
      "</Relationships>",
    "xl/styles.xml": STYLES,
  };
  sheets.forEach((sheet, index) => {
    parts[`xl/worksheets/sheet${index + 1}.xml`] = sheetXml(sheet);
  });
  return parts;
}

/** The .xlsx file's bytes. */
export function writeXlsx(sheets: readonly Sheet[]): Uint8Array {
  const files: Zippable = {};
  for (const [path, xml] of Object.entries(workbookParts(sheets))) files[path] = strToU8(xml);
  // A fixed timestamp: the file's bytes depend only on its contents.
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
}
