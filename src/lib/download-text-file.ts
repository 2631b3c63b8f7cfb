/**
 * Saves text (or a workbook's bytes) as a file through a short-lived Blob URL. A data: URL would put
 * the content in the address and the download history; the Blob URL names nothing and is revoked straight after.
 */
export function downloadTextFile(content: BlobPart, fileName: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked on the next task: some browsers resolve the URL just after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
