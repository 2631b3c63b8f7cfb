import { describe, expect, it } from "vitest";
import { decodeImportBytes, MAX_IMPORT_BYTES } from "./decode-bytes";
import { isImportFileError } from "./import-types";

function utf16(text: string, order: "le" | "be", bom = true): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? "\uFEFF" : "") + text;
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[i * 2] = order === "le" ? u & 0xff : u >> 8;
    out[i * 2 + 1] = order === "le" ? u >> 8 : u & 0xff;
  }
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("decodeImportBytes", () => {
  it("reads UTF-8 without a BOM", () => {
    expect(decodeImportBytes(utf8("UserName\nadèle@contoso.example\n"))).toEqual({
      text: "UserName\nadèle@contoso.example\n",
      encoding: "utf-8",
    });
  });

  it("reads UTF-8 with a BOM and drops the BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("UserName\n")]);
    expect(decodeImportBytes(bytes)).toEqual({ text: "UserName\n", encoding: "utf-8-bom" });
  });

  it("reads UTF-16 LE and BE with a BOM (Excel “Unicode text”)", () => {
    expect(decodeImportBytes(utf16("UserName\tMail\r\nä@x.example\t\r\n", "le"))).toEqual({
      text: "UserName\tMail\r\nä@x.example\t\r\n",
      encoding: "utf-16le",
    });
    expect(decodeImportBytes(utf16("UserName\n", "be"))).toEqual({ text: "UserName\n", encoding: "utf-16be" });
  });

  it("recognises UTF-16 LE without a BOM from its zero bytes instead of calling it binary", () => {
    expect(decodeImportBytes(utf16("UserName\nadele@contoso.example\n", "le", false))).toEqual({
      text: "UserName\nadele@contoso.example\n",
      encoding: "utf-16le",
    });
  });

  it("falls back to windows-1252 when the bytes are not valid UTF-8", () => {
    const bytes = new Uint8Array([...utf8("Name;UPN\nRen"), 0xe9, ...utf8(";rene@contoso.example\n")]);
    expect(decodeImportBytes(bytes)).toEqual({ text: "Name;UPN\nRené;rene@contoso.example\n", encoding: "windows-1252" });
  });

  it("reports an empty file", () => {
    expect(decodeImportBytes(new Uint8Array())).toMatchObject({ kind: "import-file-error", code: "empty" });
    expect(decodeImportBytes(utf8("\r\n \n\t"))).toMatchObject({ code: "empty" });
    expect(decodeImportBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).toMatchObject({ code: "empty" });
  });

  it("reports binary content with NUL bytes as not text", () => {
    const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x13, 0x99, 0x00, 0xff]);
    const result = decodeImportBytes(bytes);
    expect(result).toMatchObject({ code: "not-text" });
    expect(isImportFileError(result) ? result.message : "").toMatch(/isn't a text file/);
  });

  it("reports text full of control characters as not text", () => {
    const bytes = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(decodeImportBytes(bytes)).toMatchObject({ code: "not-text" });
  });

  it("keeps a few stray control characters for the rows to reject", () => {
    const text = "UserName\n" + "adele@contoso.example\n".repeat(20) + "bad\u0007@contoso.example\n";
    expect(decodeImportBytes(utf8(text))).toMatchObject({ encoding: "utf-8" });
  });

  it("names Excel workbooks so the admin knows to save as CSV", () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]);
    expect(decodeImportBytes(xlsx)).toMatchObject({ code: "workbook", message: expect.stringMatching(/CSV UTF-8/) });
    expect(decodeImportBytes(xls)).toMatchObject({ code: "workbook" });
  });

  it("refuses files above the size limit without decoding them", () => {
    expect(decodeImportBytes(new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({ code: "too-large" });
  });
});
