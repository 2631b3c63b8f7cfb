import { importFileError, type ImportEncoding, type ImportFileError } from "./import-types";

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const SAMPLE_BYTES = 64 * 1024;

export interface DecodedText {
  text: string;
  encoding: ImportEncoding;
}

export const ENCODING_LABELS: Record<ImportEncoding, string> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 with BOM",
  "utf-16le": "UTF-16 LE (Excel “Unicode text”)",
  "utf-16be": "UTF-16 BE",
  "windows-1252": "Windows-1252 (ANSI)",
};

const NOT_TEXT_MESSAGE =
  "This file isn't a text file, so it can't be a CSV. Export or save the list as CSV (comma- or tab-separated) and try again.";

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

/** UTF-16 without a BOM: mostly-ASCII text puts a zero in every other byte. */
function sniffBomlessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros / pairs > 0.6 && evenZeros / pairs < 0.05) return "utf-16le";
  if (evenZeros / pairs > 0.6 && oddZeros / pairs < 0.05) return "utf-16be";
  return null;
}

function decodeStrict(bytes: Uint8Array, label: string): string | null {
  try {
    // ignoreBOM:false makes the decoder drop a leading BOM for us.
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Control characters other than tab, CR, LF (C0, DEL and C1). */
export function isControlCode(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

function looksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (isControlCode(c)) controls++;
  }
  return controls >= 4 && controls / n > 0.05;
}

/**
 * Bytes → text, detecting UTF-8 (with/without BOM), UTF-16 LE/BE (BOM, or sniffed) and falling back to
 * windows-1252 when the bytes are not valid UTF-8. Binary files and workbooks become file-level errors.
 */
export function decodeImportBytes(bytes: Uint8Array): DecodedText | ImportFileError {
  if (bytes.length === 0) return importFileError("empty", "The file is empty. Choose a CSV that lists the users, one per line.");
  if (bytes.length > MAX_IMPORT_BYTES) {
    return importFileError(
      "too-large",
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one at a time.`,
    );
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return importFileError(
      "workbook",
      "This is an Excel workbook (or another compressed file), not a CSV. In Excel choose File › Save As › “CSV UTF-8”, then import that file.",
    );
  }

  let decoded: DecodedText | null = null;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const text = decodeStrict(bytes, "utf-8");
    decoded = {
      text: text ?? new TextDecoder("windows-1252").decode(bytes.subarray(3)),
      encoding: text === null ? "windows-1252" : "utf-8-bom",
    };
  } else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    const text = decodeStrict(bytes, encoding);
    if (text === null) return importFileError("not-text", NOT_TEXT_MESSAGE);
    decoded = { text, encoding };
  } else {
    const sample = bytes.subarray(0, SAMPLE_BYTES);
    if (sample.includes(0)) {
      const utf16 = sniffBomlessUtf16(bytes);
      const text = utf16 === null ? null : decodeStrict(bytes, utf16);
      if (utf16 === null || text === null) return importFileError("not-text", NOT_TEXT_MESSAGE);
      decoded = { text, encoding: utf16 };
    } else {
      const text = decodeStrict(bytes, "utf-8");
      decoded =
        text === null ? { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" } : { text, encoding: "utf-8" };
    }
  }

  if (looksBinary(decoded.text)) return importFileError("not-text", NOT_TEXT_MESSAGE);
  if (/^[\s\uFEFF]*$/.test(decoded.text)) {
    return importFileError("empty", "The file has no content. Choose a CSV that lists the users, one per line.");
  }
  return decoded;
}
