/** How printed slips sit on paper: one per page, or four or eight per page with cut lines. Pure. */

export type SlipsPerPage = 1 | 4 | 8;
export type Paper = "A4" | "Letter";

export interface HandoutLayout {
  perPage: SlipsPerPage;
  paper: Paper;
  /** Print the read-aloud spelling under each pass. */
  spellOut: boolean;
}

export const SLIPS_PER_PAGE: readonly SlipsPerPage[] = [1, 4, 8];

const PAPER_MM: Record<Paper, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
};

export const PAGE_MARGIN_MM = 10;
/** The page's header line (title, page n of m) and the gap under it. */
export const PAGE_HEADER_MM = 10;

// Regions that print on US Letter (the rest of the world uses A4).
const LETTER_REGIONS = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "BO"]);

/** The paper the admin's locale most likely has in the printer. */
export function defaultPaper(locale: string): Paper {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region && LETTER_REGIONS.has(region) ? "Letter" : "A4";
  } catch {
    return "A4";
  }
}

export function defaultLayout(locale: string): HandoutLayout {
  return { perPage: 1, paper: defaultPaper(locale), spellOut: false };
}

/** Columns × rows of slips on one page. */
export function slipGrid(perPage: SlipsPerPage): { columns: number; rows: number } {
  if (perPage === 1) return { columns: 1, rows: 1 };
  return { columns: 2, rows: perPage / 2 };
}

/** The items split into pages of `perPage`; the last page may be short. */
export function pagesOf<T>(items: readonly T[], perPage: SlipsPerPage): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += perPage) pages.push(items.slice(start, start + perPage));
  return pages;
}

/**
 * The printable area of one page in millimetres, below the header. A whisker less than the paper
 * allows, so rounding never spills a page onto a blank next one.
 */
export function slipArea(layout: HandoutLayout): { width: number; height: number } {
  const paper = PAPER_MM[layout.paper];
  return {
    width: paper.width - 2 * PAGE_MARGIN_MM - 1,
    height: paper.height - 2 * PAGE_MARGIN_MM - PAGE_HEADER_MM - 2,
  };
}

/** The @page rule for the sheet: the chosen paper, portrait, fixed margins. */
export function pageRule(paper: Paper): string {
  return `@page { size: ${paper === "A4" ? "A4" : "letter"} portrait; margin: ${PAGE_MARGIN_MM}mm; }`;
}

export function perPageLabel(perPage: SlipsPerPage): string {
  return perPage === 1 ? "One slip per page" : `${perPage} slips per page, with cut lines`;
}
